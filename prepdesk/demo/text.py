"""The Danish material the demo data is made of: names, places, people's situations,
journal templates, statements, rulings, notes and letters.

Everything here is what a Danish job centre would hold, so it is Danish. Generators take
a `random.Random` and plain values and return text or small dicts; demo.py decides who,
when and how many. Text is assembled from fragments with slots, so building two million
journal entries costs a few string operations each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from random import Random

from prepdesk.demo.settings import STAFF_DOMAIN as STAFF_DOMAIN  # kept there: read at start

# --- Names ---------------------------------------------------------------------------
# Weighted by repetition: common names come up often, and the ones with æ, ø and å come
# up often enough that searching for `moller`, `soeren` or `aa` finds many people.

FEMALE_NAMES = (
    "Anne Anne Kirsten Mette Mette Hanne Anna Helle Susanne Lene Maria Marianne Lone Camilla "
    "Pia Louise Charlotte Bente Tina Gitte Inge Karen Jette Ida Emma Sofie Julie Laura Freja "
    "Mathilde Caroline Sara Signe Cecilie Line Maja Nanna Rikke Trine Dorte Birgitte Hanna "
    "Lærke Lærke Søs Åse Åse Astrid Ellen Birthe Grethe Malene Pernille Stine Tanja Vibeke "
    "Ulla Winnie Yvonne Bodil Else Jytte Solveig Sørine Mille Clara Alberte Frida Ella Agnes "
    "Tove Janni Anja Britt Dorthe Henriette Josefine Karina Lotte Mia Sanne Tenna Ea Liv "
    "Asta Vera Ebba Selma Ingrid Gry Jonna Ruth Lis Bjørg Anne-Mette Ann-Britt"
).split()
MALE_NAMES = (
    "Peter Jens Lars Michael Henrik Thomas Søren Søren Søren Jan Niels Anders Morten Jesper "
    "Mads Rasmus Per Hans Martin Christian Jørgen Jørgen Kim Ole Erik Brian Frederik Mikkel "
    "Kasper Jonas Mathias Emil Oliver William Lucas Magnus Tobias Simon Nikolaj Bjørn Bjørn "
    "Åge Åge Børge Bent Finn Flemming Preben Poul Torben Steen Kåre Knud Svend Aksel Carl "
    "Villads Malthe Oskar Victor Esben Troels Ulrik Bo Claus Dennis Allan Kenneth René Tommy "
    "Ib Leif Arne Jørn Gorm Holger Mogens Palle Bjarne Lasse Rune Anton Alfred August Håkon "
    "Valdemar Jakob Johan Kristian Stefan Thor Tue Asger Frode Vagn Verner Aage Bjørnar "
    "Jørn-Ove Hans-Jørgen"
).split()
LAST_NAMES = (
    "Jensen Jensen Jensen Jensen Nielsen Nielsen Nielsen Nielsen Hansen Hansen Hansen "
    "Pedersen Pedersen Pedersen Andersen Andersen Andersen Christensen Christensen Larsen "
    "Larsen Sørensen Sørensen Sørensen Sørensen Rasmussen Rasmussen Jørgensen Jørgensen "
    "Jørgensen Petersen Petersen Madsen Madsen Kristensen Olsen Thomsen Christiansen "
    "Poulsen Johansen Møller Møller Møller Møller Mortensen Knudsen Jakobsen Søndergaard "
    "Nørgaard Nørgaard Østergaard Østergaard Kjær Kjær Lauridsen Frøkjær Ærtebjerg Løkke "
    "Løkke Bjørn Høj Bøgh Brønd Dalsgaard Holm Holm Skov Bach Lund Lund Vestergaard "
    "Damgaard Krogh Friis Dam Toft Kofoed Lindholm Mølgaard Sønderby Æbelø Ågaard Åkjær "
    "Ærø-Hansen Ærø-Nielsen Løvgren Grønbæk Bækgaard Fæster Kræmer Schmidt Henriksen "
    "Mikkelsen Frederiksen Iversen Bøgelund Højgaard Mølholm Blæsbjerg Kærgaard Sønderskov "
    "Nørgård Østergård Søndergård Vestergård Damgård Bækgård Kjærgård"  # -gård: typed "gaard"
).split()
MIDDLE_NAMES = (
    "Møller Søgaard Holm Bech Munk Krog Lykke Skov Dahl Bøgh Kjær Østergaard Brink Højer"
).split()
# Names of people who came to Denmark as adults or whose parents did: a job centre meets
# many of them.
OTHER_FEMALE_NAMES = "Fatima Mariam Aisha Zainab Amina Leila Nour Hiba Sahra Agnieszka Ayşe".split()
OTHER_MALE_NAMES = "Mohammad Ahmad Ali Omar Hassan Yusuf Ibrahim Mustafa Piotr Tomasz Mehmet".split()
OTHER_LAST_NAMES = "Ahmed Ali Hussein Yılmaz Nguyen Abdi Mohammed Nowak Öztürk Hassan Warsame".split()

# --- Places --------------------------------------------------------------------------

JOB_CENTRE = "Jobcenter Fjordby"
JOB_CENTRE_ADDRESS = "Rådhustorvet 4, 6990 Fjordby"
CITIZEN_MAIL_DOMAINS = ("mail.example", "post.example", "webmail.example", "net.example")
TOWNS = (
    ("6990", "Fjordby"), ("6990", "Fjordby"), ("6990", "Fjordby"), ("6991", "Nørre Fjordby"),
    ("6993", "Sønderlund"), ("6994", "Åbæk"), ("6996", "Østerhede"), ("6997", "Kærby"),
    ("6998", "Bøgely"), ("6999", "Løvstrup Strand"),
)
STREETS = (
    "Algade", "Østergade", "Vestergade", "Nørregade", "Søndergade", "Storegade", "Kirkevej",
    "Skolevej", "Fjordvej", "Havnegade", "Møllevej", "Engvej", "Birkevej", "Bøgevej",
    "Egevej", "Kastanievej", "Lærkevej", "Rosenvænget", "Åvej", "Åbrinken", "Præstevænget",
    "Stationsvej", "Industrivej", "Skovbrynet", "Kærvej", "Højvangen", "Grønnegade",
    "Smedegade", "Jernbanegade", "Bakkevej", "Strandvejen", "Fiskergade", "Lindevej",
    "Søvej", "Mosevej", "Hybenvej", "Tjørnevej", "Ringvejen", "Ærtebjergvej", "Løkkegårdsvej",
)
FLOORS = ("", "", "", ", st. tv.", ", 1. th.", ", 2. tv.", ", 3. mf.", ", 1. tv.")
EMPLOYERS = (
    "Fjordby Tømrer & Snedker ApS", "Købmandsgården i Åbæk", "Plejecentret Solhaven",
    "Børnehuset Mælkebøtten", "Kærby Autoværksted", "Havnens Fiskeindustri A/S",
    "Genbrugsbutikken Fjordby", "Nørre Fjordby Lager & Logistik", "Sønderlund Gartneri",
    "Hotel Fjordgården", "Fjordby Rengøring ApS", "Bøgely Landbrug I/S",
    "Løvstrup Strand Camping", "VVS-firmaet Holm & Søn", "Kantinen på Fjordby Rådhus",
    "Fjordby Kommune, Vej og Park", "Østerhede Friskole", "Bageriet på Torvet",
    "Cykelsmeden i Kærby", "Fjordby Boligselskab, ejendomsservice", "Fjordby Vognmandsforretning",
    "Åbæk Maskinfabrik A/S", "Webshoppen Nordlys ApS", "Fjordby Bibliotek", "Plejehjemmet Egebo",
    "Genbrugspladsen Fjordby", "Fjordby Byggemarked", "Frisørsalonen Saks & Co",
    "Dyrlægehuset Østerhede", "Fjordby Hallen",
)
PROVIDERS = {
    "mentor": ("Mentorkorpset Fjordby", "Fjordby Ungeindsats", "Mentorhuset Kærby"),
    "course": ("Fjordby Sprogcenter", "VUC Fjordby", "AMU Vestjylland, afd. Fjordby",
               "Kursuscentret Havnen"),
    "treatment": ("Misbrugscenter Fjordby", "Psykiatrisk Ambulatorium Fjordby",
                  "Smerteklinikken Fjordby Sygehus", "Fjordby Fysioterapi",
                  "Rehabiliteringscenter Åbæk"),
    "other": ("Virksomhedscenter Havnen", "Jobværkstedet Fjordby", "Afklaringsværkstedet Kærby"),
}
ORGANISATIONS = (
    "Fjordby Kommune, Socialafdelingen", "Psykiatrisk Ambulatorium Fjordby",
    "Fjordby Kommune, Sundhed og Forebyggelse", "Misbrugscenter Fjordby",
)
JOBS = (
    "lagermedarbejder", "pædagogmedhjælper", "social- og sundhedshjælper", "lastbilchauffør",
    "butiksmedhjælper", "rengøringsassistent", "køkkenmedhjælper", "tømrer", "gartner",
    "kontorassistent", "pakkeriarbejder", "buschauffør", "murerarbejdsmand", "frisør",
    "kassemedarbejder", "ejendomsservicetekniker", "smed", "mekaniker", "receptionist",
    "dagplejer", "slagteriarbejder", "sælger", "tjener", "maskinarbejder",
)
# The occupations the situations' texts fit (a Profile's `jobs`).
PHYSICAL_JOBS = ("lagermedarbejder", "lastbilchauffør", "tømrer", "murerarbejdsmand",
                 "pakkeriarbejder", "slagteriarbejder", "smed", "mekaniker",
                 "ejendomsservicetekniker", "gartner", "maskinarbejder")
STANDING_JOBS = ("butiksmedhjælper", "kassemedarbejder", "frisør", "social- og sundhedshjælper",
                 "tjener", "køkkenmedhjælper", "rengøringsassistent", "pædagogmedhjælper")
CARE_AND_OFFICE_JOBS = ("pædagogmedhjælper", "social- og sundhedshjælper", "kontorassistent",
                        "receptionist", "sælger", "dagplejer", "kassemedarbejder")
HANDS_ON_JOBS = ("mekaniker", "smed", "tømrer", "gartner", "lagermedarbejder", "maskinarbejder")
KITCHEN_JOBS = ("kok", "køkkenmedhjælper", "bager")
TRADES = ("tømrer", "mekaniker", "frisør", "smed", "gartner", "pædagogisk assistent")
TRADES_FROM_ABROAD = ("elektriker", "kok", "mekaniker", "smed", "tømrer")
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")


def danish_date(day: date, *, year: bool = False) -> str:
    """'14. marts' or '14. marts 2024'."""
    text = f"{day.day}. {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def clock(hour: int, minute: int) -> str:
    """Danish clock times are written with a dot: 'kl. 9.40'."""
    return f"{hour}.{minute:02d}"


def genitive(name: str) -> str:
    """Danish genitive: Peters, but Klaus'."""
    return f"{name}'" if name[-1] in "sxzSXZ" else f"{name}s"


# --- The organisation ----------------------------------------------------------------

# The small demo's staff; the first is the demo caseworker. (name, role, title, team).
SMALL_STAFF = (
    ("Mette Søgaard Jensen", "caseworker", "Jobkonsulent", 0),
    ("Jonas Bækgaard", "caseworker", "Jobkonsulent", 0),
    ("Åse Kjær Holm", "caseworker", "Sagsbehandler", 0),
    ("Bjørn Østergaard", "caseworker", "Jobkonsulent", 0),
    ("Fatima Hussein", "caseworker", "Sagsbehandler", 1),
    ("Søren Løkke Madsen", "caseworker", "Jobkonsulent", 1),
    ("Lærke Frøkjær", "caseworker", "Sagsbehandler", 1),
    ("Niels Ærtebjerg", "caseworker", "Jobkonsulent", 1),
    ("Hanne Mølgaard", "team_lead", "Teamleder", 0),
    ("Kåre Sønderby", "team_lead", "Teamleder", 1),
    ("Birgitte Ågaard", "admin", "Systemadministrator", None),
)
# Colleagues who have left: they appear in the citizens' caseworker history.
FORMER_STAFF = ("Gitte Damgaard", "Torben Krogh", "Pia Nørgaard Lund", "Kasper Friis")
EMPLOYER_CONSULTANTS = ("Henrik Toft", "Susanne Brønd", "Ole Kofoed", "Camilla Dalsgaard")
TEAM_AREAS = ("Vest", "Øst", "Nord", "Syd", "Centrum", "Havnen", "Åbæk", "Kærby",
              "Østerhede", "Bøgely")
ROOMS = (
    ("Samtalerum 1 – Fjorden", "Jobcentret, stueetagen", True),
    ("Samtalerum 2 – Åen", "Jobcentret, stueetagen", True),
    ("Samtalerum 3 – Skoven", "Jobcentret, 1. sal", True),
    ("Mødelokale Havnen", "Jobcentret, 1. sal", True),
    ("Mødelokale Kærby", "Jobcentret, 2. sal", True),
    ("Det stille rum", "Jobcentret, 1. sal", True),
    ("Åbent kontorlandskab", "Jobcentret, 2. sal", False),
)

# (code, name, benefit code, family). The family groups target groups whose journal
# notes read alike (a sanction only happens on kontanthjælp, a revurdering on sygedagpenge).
TARGET_GROUPS = (
    ("dagpenge", "Dagpengemodtager", "dagpenge", "dagpenge"),
    ("kontanthjaelp_jobparat", "Jobparat kontanthjælpsmodtager", "kontanthjaelp", "kontant"),
    ("kontanthjaelp_aktivitetsparat", "Aktivitetsparat kontanthjælpsmodtager", "kontanthjaelp",
     "kontant"),
    ("uddannelseshjaelp_uddannelsesparat", "Uddannelseshjælpsmodtager, uddannelsesparat",
     "uddannelseshjaelp", "udd"),
    ("uddannelseshjaelp_aktivitetsparat", "Uddannelseshjælpsmodtager, aktivitetsparat",
     "uddannelseshjaelp", "udd"),
    ("sygedagpenge", "Sygedagpengemodtager", "sygedagpenge", "syg"),
    ("ledighedsydelse", "Ledighedsydelsesmodtager", "ledighedsydelse", "fleks"),
    ("revalidering", "Revalidend", "revalideringsydelse", "afklaring"),
    ("ressourceforloeb", "Ressourceforløb", "ressourceforloebsydelse", "afklaring"),
    ("jobafklaring", "Jobafklaringsforløb", "ressourceforloebsydelse", "afklaring"),
    ("fleksjob", "Fleksjobansat", "fleksloentilskud", "fleks"),
)
BENEFITS = (
    ("dagpenge", "Arbejdsløshedsdagpenge"), ("kontanthjaelp", "Kontanthjælp"),
    ("uddannelseshjaelp", "Uddannelseshjælp"), ("sygedagpenge", "Sygedagpenge"),
    ("ledighedsydelse", "Ledighedsydelse"), ("revalideringsydelse", "Revalideringsydelse"),
    ("ressourceforloebsydelse", "Ressourceforløbsydelse"), ("fleksloentilskud", "Fleksløntilskud"),
    ("foertidspension", "Førtidspension"),
)

# Courses of benefit history, oldest first. "pension" ends the case with førtidspension,
# "job" with self-support.
HEALTHY_ARCS = (
    ("dagpenge",), ("dagpenge", "job"), ("dagpenge", "kontanthjaelp_jobparat"),
    ("kontanthjaelp_jobparat",), ("kontanthjaelp_jobparat", "job"),
    ("kontanthjaelp_jobparat", "kontanthjaelp_aktivitetsparat"),
    ("uddannelseshjaelp_uddannelsesparat",), ("uddannelseshjaelp_aktivitetsparat",
                                              "uddannelseshjaelp_uddannelsesparat"),
)
HEALTH_ARCS = (
    ("sygedagpenge",), ("sygedagpenge", "jobafklaring"),
    ("sygedagpenge", "jobafklaring", "ressourceforloeb"),
    ("kontanthjaelp_aktivitetsparat", "ressourceforloeb"),
    ("kontanthjaelp_aktivitetsparat",), ("sygedagpenge", "revalidering"),
    ("ressourceforloeb", "ledighedsydelse", "fleksjob"), ("sygedagpenge", "ledighedsydelse"),
    ("sygedagpenge", "jobafklaring", "ledighedsydelse", "fleksjob"),
    ("kontanthjaelp_aktivitetsparat", "ressourceforloeb", "pension"),
    ("sygedagpenge", "jobafklaring", "pension"), ("uddannelseshjaelp_aktivitetsparat",),
    ("sygedagpenge", "job"),
)
YOUNG_ARCS = (
    ("uddannelseshjaelp_uddannelsesparat",), ("uddannelseshjaelp_aktivitetsparat",),
    ("uddannelseshjaelp_aktivitetsparat", "uddannelseshjaelp_uddannelsesparat"),
)


# --- People's situations -------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A situation a citizen can be in: what is wrong (if anything), how they put it,
    what the statements say and what helps. Slots such as {hun} and {job} are filled
    per citizen."""

    key: str
    health: bool
    diagnosis: str  # as a doctor writes it
    complaints: str  # definite form, as a caseworker writes it: "rygsmerterne"
    specialist: str  # who writes the specialist statement
    medicine: tuple[str, ...]
    treatment: tuple[str, ...]
    goals: tuple[str, ...]  # first person, the citizen's own words
    wishes: tuple[str, ...]
    resources: tuple[str, ...]
    accommodations: tuple[str, ...]
    restrictions: tuple[str, ...]
    anamnesis: tuple[str, ...]
    symptoms: tuple[str, ...]
    findings: tuple[str, ...]
    evaluation: tuple[str, ...]
    capacity: tuple[tuple[str, float | None], ...]
    assessment: tuple[str, ...]  # the caseworker's, professional
    # Who fits the texts: the ages the texts allow ("15 års erfaring" needs an adult), the
    # one occupation a person has across their whole history ({job}, chosen from these),
    # and "female" for a situation only women are in.
    ages: tuple[int, int] = (22, 66)
    jobs: tuple[str, ...] = ()
    sex: str = ""


PROFILES = (
    Profile(
        key="ryg", health=True,
        ages=(30, 66), jobs=PHYSICAL_JOBS,
        diagnosis="kroniske lænderygsmerter efter diskusprolaps (L4/L5) med udstråling til venstre ben",
        complaints="rygsmerterne", specialist="speciallæge i ortopædkirurgi",
        medicine=("Panodil og Ibumetin", "Tramadol efter behov", "Gabapentin"),
        treatment=("fysioterapi", "holdtræning for rygpatienter", "et forløb på smerteklinikken"),
        goals=(
            "Jeg vil gerne tilbage som {job}, men min ryg kan ikke klare de tunge løft. Måske "
            "kan jeg få de lette opgaver, hvis en anden tager løftene.",
            "Jeg vil have et arbejde, hvor jeg kan skifte mellem at sidde og stå. Jeg har altid "
            "arbejdet med mine hænder, og det vil jeg gerne blive ved med.",
            "Mit mål er at kunne arbejde 20 timer om ugen igen inden for et år. Jeg ved godt, "
            "at det ikke bliver fuld tid foreløbig.",
        ),
        wishes=(
            "Jeg vil gerne prøve noget med kundekontakt, fx i et byggemarked, hvor jeg kan "
            "rådgive i stedet for at bære.",
            "Jeg vil ikke i praktik, hvor jeg skal løfte. Det har jeg prøvet, og så lå jeg ned "
            "i tre dage bagefter.",
        ),
        resources=(
            "Jeg kender faget ud og ind efter mange år som {job}.",
            "Jeg har kørekort og truckcertifikat.",
            "Jeg møder altid til tiden, og folk siger, jeg er god at arbejde sammen med.",
        ),
        accommodations=("Ingen tunge løft over 10 kg", "Skal kunne sidde og stå skiftevis",
                        "Pauser hver time", "Ingen arbejde i foroverbøjet stilling",
                        "Max 15 timer om ugen i starten"),
        restrictions=(
            "Ingen løft over 10 kg. Ingen gentagne vrid og foroverbøjninger. Skal kunne skifte "
            "stilling hver halve time.",
            "Let fysisk arbejde. Undgå længerevarende stående arbejde og kørsel over en time ad "
            "gangen.",
        ),
        anamnesis=(
            "{Hun} har haft rygsmerter i {år} år. Smerterne blev markant værre efter et løft på "
            "arbejdet, og en MR-scanning viste diskusprolaps i niveau L4/L5 med påvirkning af "
            "venstre nerverod. Operation er ikke fundet indiceret.",
            "Der er tale om langvarige lænderygsmerter med periodevis udstråling til venstre ben. "
            "{Hun} har gennemført genoptræning hos fysioterapeut uden varig effekt og har to "
            "gange forsøgt at genoptage arbejdet, senest med ny sygemelding efter få uger.",
        ),
        symptoms=(
            "{Hun} beskriver konstante smerter i lænden, som forværres ved længere tids stående "
            "og siddende stilling. {Hun} kan gå ca. 20 minutter, før smerterne tager til, og "
            "sover dårligt på grund af smerter.",
            "Smerterne er værst om morgenen og efter fysisk aktivitet. {Hun} angiver "
            "smerteniveauet til 5-7 på en skala fra 0 til 10 og har brug for at ligge ned en "
            "til to gange dagligt.",
        ),
        findings=(
            "Nedsat bevægelighed i lænderyggen, fingerspids-gulv-afstand 35 cm. Lasègues prøve "
            "positiv ved 50 grader på venstre side. Normal kraft og normale reflekser i benene.",
            "Ømhed ved tryk over lændemuskulaturen. Normal gang, men {hun} skifter stilling "
            "flere gange under konsultationen. Ingen neurologiske udfald.",
        ),
        evaluation=(
            "Der er tale om en kronisk smertetilstand, hvor yderligere behandling ikke ventes at "
            "ændre funktionsniveauet væsentligt. Arbejdsevnen er varigt nedsat i forhold til "
            "fysisk belastende arbejde.",
            "Tilstanden er stationær. Der er fortsat mulighed for bedring ved gradueret "
            "optræning, og det er realistisk at afprøve let fysisk arbejde med skånehensyn.",
        ),
        capacity=(
            ("Kan varetage let fysisk arbejde med skånehensyn. Bør ikke vende tilbage til "
             "arbejdet som {job}.", 15.0),
            ("Arbejdsevnen er nedsat til skånejob med mulighed for skiftende arbejdsstillinger.",
             20.0),
            ("Kan aktuelt ikke arbejde. Fornyet vurdering om tre måneder.", None),
        ),
        assessment=(
            "{fornavn} har mange års erfaring som {job}, men skånehensynene udelukker det "
            "tidligere arbejde. {Hun} har klare ønsker om et job med skift mellem at sidde og "
            "stå, og {hendes} faglige viden er en ressource, der kan bruges i en rådgivende "
            "funktion. En virksomhedspraktik med gradvis optrapning skal afklare, hvor mange "
            "timer {hun} kan arbejde.",
            "Rygsmerterne begrænser {fornavn} i fysisk arbejde. {Hun} har deltaget aktivt i "
            "behandlingen og møder stabilt op. Det næste skridt er at afprøve arbejde med "
            "skånehensyn, så der kan tages stilling til fleksjob.",
        ),
    ),
    Profile(
        key="depression", health=True,
        ages=(28, 66),
        diagnosis="moderat til svær depression, tilbagevendende (DF33.1)",
        complaints="depressionen", specialist="speciallæge i psykiatri",
        medicine=("Sertralin 100 mg", "Cipralex 10 mg", "Venlafaxin 150 mg"),
        treatment=("samtaler hos psykolog", "et gruppeforløb i psykiatrien", "samtaleterapi"),
        goals=(
            "Jeg vil gerne have et arbejde, hvor jeg kan være en del af et fællesskab igen. "
            "Lige nu er det svært bare at komme ud af døren om morgenen.",
            "Jeg vil gerne i gang med noget, der giver mening, måske noget med dyr eller "
            "planter. Bare ikke et sted med meget larm og mange mennesker.",
            "Mit mål er at få overskud til mine børn igen og på sigt at arbejde nogle timer "
            "om ugen.",
        ),
        wishes=(
            "Jeg vil gerne have møderne om eftermiddagen, for jeg sover dårligt på grund af "
            "medicinen.",
            "Jeg vil gerne have den samme sagsbehandler, så jeg ikke skal fortælle det hele "
            "forfra igen.",
        ),
        resources=(
            "Jeg er god til at strukturere ting, når jeg har det godt. Jeg har styret "
            "regnskabet i min forening i fem år.",
            "Jeg har en søster, der bakker mig op, og jeg går tur med hunden hver dag.",
            "Jeg har været {job} i mange år og var glad for det.",
        ),
        accommodations=("Møder tidligst kl. 10", "Pauser efter behov", "Skærmet arbejdsplads uden "
                        "kundekontakt", "Max 10 timer om ugen i starten",
                        "Skriftlig besked om aftaler efter hvert møde"),
        restrictions=(
            "Undgå tidspres og arbejde med mange skift. Arbejdstiden bør ligge efter kl. 10.",
            "Bør begynde med få timer i rolige omgivelser og optrappe langsomt.",
        ),
        anamnesis=(
            "{Hun} har haft depressive episoder siden {hendes} tyvere og har været i behandling "
            "med antidepressiv medicin i perioder. Den aktuelle episode begyndte for ca. {år} år "
            "siden i forbindelse med skilsmisse og arbejdsløshed.",
            "Der er tale om en tilbagevendende depression. {Hun} blev sygemeldt fra {hendes} "
            "arbejde som {job} og har siden været i behandling hos egen læge og i "
            "psykiatrien.",
        ),
        symptoms=(
            "{Hun} beskriver nedtrykthed, træthed, manglende lyst og initiativ samt "
            "koncentrationsbesvær. {Hun} sover uroligt og har svært ved at komme i gang om "
            "morgenen.",
            "{Hun} har gode og dårlige perioder. I de dårlige perioder isolerer {hun} sig og har "
            "svært ved at overskue post, indkøb og aftaler.",
        ),
        findings=(
            "Ved undersøgelsen ses en velsoigneret {kvinde_mand} med sænket stemningsleje og "
            "nedsat mimik. Tankegangen er sammenhængende. Ingen psykotiske symptomer og ingen "
            "aktuelle selvmordstanker. Major Depression Inventory (MDI): 31 point.",
            "Psykomotorisk lidt hæmmet, taler lavt og langsomt. Affekten er afstemt. Hamilton-"
            "score 18, svarende til moderat depression.",
        ),
        evaluation=(
            "Tilstanden er bedret under den nuværende behandling, men ikke stabil. Prognosen er "
            "forsigtigt god, hvis optrapningen i arbejde sker langsomt og med støtte.",
            "Der er tale om en langvarig depression med begrænset effekt af flere "
            "behandlingsforsøg. Funktionsevnen er nedsat i forhold til arbejde med krav om "
            "stabilitet og tempo.",
        ),
        capacity=(
            ("Kan arbejde få timer om ugen i rolige omgivelser uden tidspres.", 8.0),
            ("Kan påbegynde en langsom optrapning fra 6 til 12 timer om ugen.", 12.0),
            ("Kan aktuelt ikke arbejde. Behandlingen bør fortsætte i mindst seks måneder.", None),
        ),
        assessment=(
            "{fornavn} er motiveret, men depressionen begrænser {hendes} energi og overblik. "
            "{Hun} har tidligere haft en stabil tilknytning til arbejdsmarkedet. Det er vigtigt "
            "med faste aftaler, skriftlige referater og få skift af sagsbehandler. En praktik "
            "med få timer og en mentor vurderes som det rigtige næste skridt.",
            "{fornavn} har gennem flere år haft svingende funktionsevne. Behandlingen har haft "
            "delvis effekt. {Hun} ønsker selv at komme i gang og har gode ressourcer, når "
            "rammerne er rolige og forudsigelige.",
        ),
    ),
    Profile(
        key="angst", health=True,
        ages=(20, 50),
        diagnosis="generaliseret angst og socialfobi (DF41.1, DF40.1)",
        complaints="angsten", specialist="speciallæge i psykiatri",
        medicine=("Sertralin 50 mg", "Lyrica efter behov", "Escitalopram 15 mg"),
        treatment=("kognitiv terapi", "et angstforløb i psykiatrien", "samtaler hos psykolog"),
        goals=(
            "Jeg vil gerne kunne tage bussen alene og have et job, hvor jeg ikke skal tale i "
            "telefon hele dagen.",
            "Jeg drømmer om at arbejde med computere eller lager, hvor jeg kan arbejde i mit "
            "eget tempo.",
            "Jeg vil gerne tage en uddannelse, men jeg er bange for at sidde i et klasselokale "
            "med mange mennesker.",
        ),
        wishes=(
            "Jeg vil gerne mødes i et lille lokale og ikke i det åbne kontor.",
            "Det hjælper mig, hvis jeg får at vide på forhånd, hvem der er med til mødet.",
        ),
        resources=(
            "Jeg er meget grundig og god til detaljer.",
            "Jeg har lært mig selv at programmere lidt og har bygget min egen computer.",
            "Min mor kører mig gerne til møder, når jeg ikke kan tage bussen.",
        ),
        accommodations=("Møder i et lukket lokale", "Besked på forhånd om, hvem der deltager",
                        "Ingen telefonarbejde", "Mulighed for at gå ud og trække vejret",
                        "Fast kontaktperson på arbejdspladsen"),
        restrictions=(
            "Undgå arbejde med mange mennesker og uforudsigelige opgaver.",
            "Arbejde uden kundekontakt og med en fast kontaktperson.",
        ),
        anamnesis=(
            "{Hun} har haft angst siden folkeskolen. Angsten er tiltaget de seneste {år} år, og "
            "{hun} undgår nu offentlig transport og steder med mange mennesker.",
            "{Hun} har haft panikanfald siden et sygdomsforløb i familien og har siden haft "
            "svært ved at fastholde uddannelse og arbejde.",
        ),
        symptoms=(
            "{Hun} beskriver hjertebanken, svedeture og trykken for brystet i sociale "
            "situationer. {Hun} bruger meget energi på at undgå situationer, der kan udløse "
            "angst.",
            "{Hun} har daglig bekymring og spænding i kroppen og er udmattet efter få timers "
            "aktivitet uden for hjemmet.",
        ),
        findings=(
            "Anspændt under samtalen, men god kontakt. Ingen tegn på depression af betydning. "
            "Beck Anxiety Inventory: 28 point.",
            "Rastløs og på vagt. Tankegangen er sammenhængende, og {hun} har god indsigt i "
            "egne reaktioner.",
        ),
        evaluation=(
            "Angsten er behandlelig, og der ses bedring efter kognitiv terapi. Gradvis "
            "eksponering i en arbejdssammenhæng vil være en del af behandlingen.",
            "Der er tale om en langvarig angsttilstand med betydelig påvirkning af "
            "funktionsevnen. Prognosen afhænger af, om {hun} kan fastholde behandlingen.",
        ),
        capacity=(
            ("Kan arbejde i rolige rammer med fast kontaktperson, begyndende med få timer.", 10.0),
            ("Kan arbejde 15-20 timer om ugen uden kundekontakt.", 18.0),
            ("Kan aktuelt ikke arbejde uden for hjemmet.", None),
        ),
        assessment=(
            "{fornavn} har svær angst i sociale situationer, men er grundig og har tekniske "
            "evner. Det er afgørende, at møder holdes i et lukket lokale, og at {hun} kender "
            "deltagerne på forhånd. En praktik med få personer omkring sig kan afklare "
            "{hendes} muligheder.",
            "{fornavn} arbejder målrettet med angsten i behandlingen. {Hun} har brug for "
            "forudsigelighed og en fast kontaktperson. Der er ikke grundlag for at øge timetallet, "
            "før behandlingen er afsluttet.",
        ),
    ),
    Profile(
        key="stress", health=True,
        ages=(33, 66), jobs=CARE_AND_OFFICE_JOBS,
        diagnosis="belastningsreaktion med udtalte stresssymptomer (DF43.8)",
        complaints="stresssymptomerne", specialist="speciallæge i arbejdsmedicin",
        medicine=("ingen fast medicin", "Melatonin til søvnen", "Propranolol efter behov"),
        treatment=("et stressforløb hos psykolog", "mindfulness-kursus", "samtaler hos psykolog"),
        goals=(
            "Jeg vil gerne tilbage til mit job, men ikke til de samme arbejdsopgaver og det "
            "samme tempo.",
            "Jeg vil gerne finde ud af, hvor mange timer jeg kan holde til, uden at jeg "
            "brænder sammen igen.",
            "Jeg vil have et arbejde, hvor jeg kan gå hjem kl. 15 og have kræfter til min familie.",
        ),
        wishes=(
            "Jeg vil gerne have en rolig opstart med få timer og faste opgaver.",
            "Jeg vil gerne have, at min leder er med til et møde, så vi kan lave en plan sammen.",
        ),
        resources=(
            "Jeg har 15 års erfaring som {job} og er vant til at tage ansvar.",
            "Min arbejdsplads vil gerne have mig tilbage.",
            "Jeg har gode venner og løber en tur, når jeg kan.",
        ),
        accommodations=("Max 15 timer om ugen i starten", "Faste opgaver uden deadlines",
                        "Ingen telefonvagt", "Pauser efter behov", "Gradvis optrapning hver fjerde uge"),
        restrictions=(
            "Nedsat tid med gradvis optrapning. Ingen opgaver med tidspres eller ansvar for andre.",
            "Arbejde uden for spidsbelastning og uden krav om at være tilgængelig efter arbejdstid.",
        ),
        anamnesis=(
            "{Hun} blev sygemeldt for {år} år siden efter en længere periode med stort "
            "arbejdspres som {job}. {Hun} har ikke tidligere haft psykiske problemer.",
            "Sygemeldingen skete efter en omstrukturering på arbejdspladsen med nye opgaver "
            "og flere timer. {Hun} har forsøgt delvis raskmelding én gang uden held.",
        ),
        symptoms=(
            "{Hun} beskriver hukommelsesbesvær, koncentrationsbesvær, lydfølsomhed og "
            "søvnforstyrrelser. Efter to-tre timers aktivitet bliver {hun} udmattet.",
            "{Hun} bliver let overvældet, har hovedpine sidst på dagen og har svært ved at "
            "huske aftaler.",
        ),
        findings=(
            "God kontakt, let anspændt. Ingen tegn på depression. Perceived Stress Scale: 27.",
            "Normal objektiv undersøgelse. Blodprøver uden bemærkninger.",
        ),
        evaluation=(
            "Der er tale om en arbejdsrelateret belastningsreaktion med god prognose ved "
            "gradvis tilbagevenden og tilpassede opgaver.",
            "Bedringen går langsommere end forventet. Der er behov for en længere optrapning "
            "og afklaring af, om {hun} kan vende tilbage til samme stilling.",
        ),
        capacity=(
            ("Kan genoptage arbejdet delvist med 12 timer om ugen og optrappe over tre måneder.",
             12.0),
            ("Kan arbejde 20 timer om ugen uden ledelsesansvar.", 20.0),
            ("Kan vende tilbage på fuld tid med tilpassede opgaver.", 37.0),
        ),
        assessment=(
            "{fornavn} har en stærk tilknytning til arbejdsmarkedet og en arbejdsgiver, der "
            "ønsker {hende} tilbage. Den største risiko er en for hurtig optrapning. Der skal "
            "laves en skriftlig plan sammen med arbejdsgiveren.",
            "{fornavn} er på vej tilbage, men har fortsat nedsat tolerance for tempo og "
            "afbrydelser. {Hun} kender selv sine grænser og siger fra, når det er nødvendigt.",
        ),
    ),
    Profile(
        key="ptsd", health=True,
        ages=(28, 66), jobs=KITCHEN_JOBS,
        diagnosis="posttraumatisk belastningsreaktion (PTSD) (DF43.1)",
        complaints="mareridtene og koncentrationsbesværet",
        specialist="speciallæge i psykiatri",
        medicine=("Sertralin 150 mg", "Prazosin mod mareridt", "Mirtazapin til natten"),
        treatment=("behandling på traumeklinikken", "samtaler med tolk hos psykolog",
                   "fysioterapi for flygtninge"),
        goals=(
            "Jeg vil gerne lære bedre dansk og arbejde i et køkken. Jeg var {job} i mit hjemland.",
            "Jeg vil gerne have et arbejde, så mine børn kan se, at deres {mor_far} arbejder.",
            "Jeg vil gerne arbejde med at hjælpe andre, måske som tolk eller i en forening.",
        ),
        wishes=(
            "Jeg vil gerne have en tolk med til møderne, fordi det er svært at forklare, hvordan "
            "jeg har det, på dansk.",
            "Jeg vil gerne have praktik tæt på, hvor jeg bor, fordi jeg ikke kan tåle lange "
            "bustures.",
        ),
        resources=(
            "Jeg taler arabisk, kurdisk og lidt engelsk.",
            "Jeg har arbejdet som {job} i mange år og kan lave mad til mange mennesker.",
            "Jeg er med i en forening, hvor vi hjælper nye familier i byen.",
        ),
        accommodations=("Tolk ved møder", "Pauser hver time", "Ingen arbejde med høje, pludselige lyde",
                        "Max 12 timer om ugen i starten", "Praktik tæt på bopælen"),
        restrictions=(
            "Arbejde i rolige omgivelser med forudsigelige opgaver. Tolk ved vigtige samtaler.",
            "Begrænset tid og mulighed for pauser. Undgå arbejde om natten.",
        ),
        anamnesis=(
            "{Hun} kom til Danmark for {år} år siden som flygtning. {Hun} har oplevet krig og "
            "fængsling og har siden haft mareridt og flashbacks.",
            "{Hun} har været i behandling for PTSD på traumeklinikken i to forløb. Der er "
            "samtidig langvarige smerter i skuldre og nakke.",
        ),
        symptoms=(
            "{Hun} beskriver mareridt flere gange om ugen, forskrækkelsesreaktioner, hovedpine "
            "og svært ved at huske dansk. {Hun} sover 3-4 timer pr. nat.",
            "{Hun} har koncentrationsbesvær og bliver let urolig i nye omgivelser. Smerterne i "
            "nakken forværres ved stress.",
        ),
        findings=(
            "Samtalen foregik med tolk. Anspændt, flakkende blik, god kontakt. Harvard Trauma "
            "Questionnaire: 3,1.",
            "Spændt muskulatur i nakke og skuldre. Normal neurologisk undersøgelse.",
        ),
        evaluation=(
            "Der er tale om en kronisk PTSD med delvis effekt af behandlingen. Funktionsevnen "
            "er nedsat, men der er ressourcer, som kan bringes i spil i rolige rammer.",
            "Prognosen er usikker. Behandlingen bør fortsætte, og arbejdsprøvning bør ske i "
            "meget små skridt.",
        ),
        capacity=(
            ("Kan arbejde få timer om ugen i et roligt miljø med kendte opgaver.", 10.0),
            ("Kan ikke arbejde aktuelt. Behandlingen bør fortsætte.", None),
            ("Kan arbejde op til 15 timer om ugen med skånehensyn.", 15.0),
        ),
        assessment=(
            "{fornavn} har erfaring som {job} og et tydeligt ønske om at arbejde. Traumerne "
            "påvirker søvn, hukommelse og sproglæring. Der skal bruges tolk ved alle vigtige "
            "samtaler, og en praktik bør være tæt på bopælen.",
            "{fornavn} deltager stabilt i behandlingen. {Hun} har sprogbarrierer og svære "
            "traumesymptomer, men også faglige og sociale ressourcer, som kan bruges i en "
            "praktik med mentorstøtte.",
        ),
    ),
    Profile(
        key="artrose", health=True,
        ages=(40, 66), jobs=STANDING_JOBS,
        diagnosis="udtalt slidgigt i begge knæ, værst i højre (DM17.0)",
        complaints="knæsmerterne", specialist="speciallæge i ortopædkirurgi",
        medicine=("Panodil", "Ibuprofen i perioder", "binyrebarkhormon-injektioner i knæet"),
        treatment=("træning hos fysioterapeut", "GLA:D-træning", "vægttab med diætist"),
        goals=(
            "Jeg vil gerne have et job, hvor jeg ikke skal gå og stå hele dagen. Kontor eller "
            "reception kunne være godt.",
            "Jeg vil gerne blive på arbejdsmarkedet til min pension. Jeg har arbejdet, siden "
            "jeg var 16.",
        ),
        wishes=(
            "Jeg vil gerne på et kursus i IT, for det har jeg aldrig brugt på mit arbejde.",
            "Jeg vil gerne have en praktik, hvor der er elevator.",
        ),
        resources=(
            "Jeg er god til at snakke med folk og har styr på tingene.",
            "Jeg har erfaring med at oplære nye kolleger.",
        ),
        accommodations=("Siddende arbejde med mulighed for at gå lidt", "Ingen trapper",
                        "Ingen arbejde på knæ eller i hug", "Parkering tæt på arbejdspladsen"),
        restrictions=(
            "Overvejende siddende arbejde. Ingen gang på ujævnt underlag, trapper eller "
            "knæliggende arbejde.",
            "Højst en times stående eller gående arbejde ad gangen.",
        ),
        anamnesis=(
            "{Hun} har i {år} år haft tiltagende smerter i begge knæ. Røntgen viser udtalt "
            "slidgigt. {Hun} har arbejdet som {job} i mange år med meget gang og stående arbejde.",
            "Smerterne i knæene er gradvist blevet værre. Der er planlagt vurdering for "
            "knæalloplastik om et år.",
        ),
        symptoms=(
            "{Hun} har smerter ved gang over 15 minutter og ved trapper. Knæene hæver efter "
            "aktivitet.",
            "{Hun} har morgenstivhed og natlige smerter. {Hun} bruger stok på længere ture.",
        ),
        findings=(
            "Hævelse og knirken i begge knæ. Bøjning til 100 grader i højre knæ og 115 grader i "
            "venstre. Stabile ledbånd.",
            "Let haltende gang. Ømhed over ledlinjerne. Nedsat kraft i lårmusklerne.",
        ),
        evaluation=(
            "Slidgigten er fremskreden og vil ikke forsvinde. Med træning og vægttab kan "
            "smerterne mindskes, men stående og gående arbejde må ikke genoptages.",
            "Tilstanden forventes at blive bedre efter operation, men indtil da er "
            "funktionsevnen nedsat.",
        ),
        capacity=(
            ("Kan varetage siddende arbejde på fuld tid.", 37.0),
            ("Kan varetage overvejende siddende arbejde 25 timer om ugen.", 25.0),
            ("Kan arbejde i skånejob med skiftende stillinger 20 timer om ugen.", 20.0),
        ),
        assessment=(
            "{fornavn} har været på arbejdsmarkedet hele sit voksenliv og har god arbejdsmoral. "
            "Knæene udelukker stående og gående arbejde. Et kursus i IT og en praktik i et "
            "kontor vurderes realistisk.",
            "{fornavn} har gode sociale og faglige ressourcer. Begrænsningen er alene fysisk, "
            "og med siddende arbejde vurderes {hun} at kunne arbejde mange timer.",
        ),
    ),
    Profile(
        key="smerter", health=True,
        ages=(32, 66),
        diagnosis="fibromyalgi og kroniske generaliserede smerter (DM79.7)",
        complaints="smerterne", specialist="speciallæge i reumatologi",
        medicine=("Amitriptylin til natten", "Panodil", "Duloxetin 60 mg"),
        treatment=("varmtvandstræning", "et forløb på smerteklinikken", "psykomotorisk terapi"),
        goals=(
            "Jeg vil gerne kunne arbejde lidt igen, også selvom det kun er få timer. Jeg "
            "savner at have kolleger.",
            "Jeg vil have et fleksjob, hvor jeg selv kan lægge mine timer, når jeg har det bedst.",
        ),
        wishes=(
            "Jeg vil gerne have, at lægen og jobcentret taler sammen, så jeg ikke skal bære "
            "beskeder frem og tilbage.",
            "Jeg vil ikke starte på noget nyt, før jeg har fået svar fra smerteklinikken.",
        ),
        resources=(
            "Jeg er god til at lave mad og bage, og jeg hjælper i min datters børnehave.",
            "Jeg har arbejdet som {job} i 12 år og har gode anbefalinger.",
        ),
        accommodations=("Pauser hver time", "Mulighed for at ligge ned i pausen", "Fleksible "
                        "mødetider", "Max 10 timer om ugen i starten", "Ingen ensidigt gentaget arbejde"),
        restrictions=(
            "Kun let arbejde med mulighed for hvil. Fleksibel arbejdstid.",
            "Ingen ensidigt gentagne bevægelser og ingen løft over 5 kg.",
        ),
        anamnesis=(
            "{Hun} har i {år} år haft smerter i muskler og led over hele kroppen. Reumatologisk "
            "udredning har ikke vist gigtsygdom, og diagnosen fibromyalgi er stillet.",
            "{Hun} har haft smerter siden et trafikuheld. Smerterne har bredt sig fra nakken "
            "til ryg, arme og ben.",
        ),
        symptoms=(
            "{Hun} beskriver døgnkonstante smerter, udtalt træthed og dårlig søvn. Gode dage "
            "følges ofte af dårlige dage, hvis {hun} har lavet for meget.",
            "{Hun} har ondt de fleste steder i kroppen og er træt, selv efter en nats søvn. "
            "Koncentrationen svigter sidst på dagen.",
        ),
        findings=(
            "Ømhed i 14 af 18 tenderpoints. Normal bevægelighed i alle led. Normale blodprøver.",
            "Udbredt ømhed i muskulaturen. Ingen ledhævelser. Normal neurologisk undersøgelse.",
        ),
        evaluation=(
            "Der er tale om en kronisk tilstand, hvor behandlingen sigter mod at mestre "
            "smerterne. Arbejde i få timer med fleksibilitet kan være sundhedsfremmende.",
            "Tilstanden er kronisk og har ikke bedret sig trods flere års behandling. "
            "Arbejdsevnen er varigt og væsentligt nedsat.",
        ),
        capacity=(
            ("Kan arbejde 8-10 timer om ugen fordelt på flere dage med mulighed for hvil.", 9.0),
            ("Kan arbejde 12 timer om ugen i skånejob.", 12.0),
            ("Arbejdsevnen er varigt nedsat i et omfang, så arbejde ikke er realistisk.", None),
        ),
        assessment=(
            "{fornavn} har et stort ønske om at arbejde, men smerter og træthed giver en meget "
            "svingende funktionsevne. Det er vigtigt, at planen tager højde for dårlige dage. "
            "Praktikken bør have fleksible mødetider.",
            "{fornavn} har gennemført flere forløb uden varig bedring. Der er behov for at få "
            "afklaret, om arbejdsevnen er så nedsat, at sagen skal forelægges "
            "rehabiliteringsteamet med henblik på fleksjob eller førtidspension.",
        ),
    ),
    Profile(
        key="adhd", health=True,
        ages=(18, 40), jobs=HANDS_ON_JOBS,
        diagnosis="ADHD, kombineret type (DF90.0)",
        complaints="koncentrationsbesværet", specialist="speciallæge i psykiatri",
        medicine=("Concerta 54 mg", "Elvanse 50 mg", "ingen medicin aktuelt"),
        treatment=("ADHD-coaching", "psykoedukation i voksenpsykiatrien", "mentorstøtte"),
        goals=(
            "Jeg vil gerne arbejde som {job}. Når jeg bruger hænderne, kan jeg koncentrere mig "
            "i lang tid.",
            "Jeg vil gerne have en uddannelse, hvor jeg ikke skal sidde stille hele dagen.",
            "Jeg vil have styr på min økonomi og min hverdag, så jeg kan passe et job.",
        ),
        wishes=(
            "Jeg vil gerne have sms-påmindelser om møder, ellers glemmer jeg dem.",
            "Jeg vil gerne have en mentor, der kan hjælpe mig med at komme op om morgenen.",
        ),
        resources=(
            "Jeg er god med mine hænder og lærer hurtigt, når jeg prøver tingene selv.",
            "Jeg har masser af energi og er glad for at arbejde udendørs.",
        ),
        accommodations=("Sms-påmindelse dagen før møder", "Korte, konkrete opgaver",
                        "Fast mentor", "Skriftlig plan for dagen"),
        restrictions=(
            "Korte opgaver med tydelige rammer og fast kontaktperson.",
            "Praktisk arbejde. Undgå lange perioder med stillesiddende arbejde.",
        ),
        anamnesis=(
            "{Hun} fik stillet diagnosen ADHD for {år} år siden efter udredning i "
            "voksenpsykiatrien. {Hun} har afbrudt flere uddannelser.",
            "{Hun} har haft koncentrationsbesvær siden skolen og forlod folkeskolen uden "
            "afgangsprøve. Udredning har vist ADHD.",
        ),
        symptoms=(
            "{Hun} beskriver uro, glemsomhed og svært ved at holde fast i opgaver, der kræver "
            "planlægning. {Hun} har svært ved at komme op om morgenen.",
            "{Hun} har svært ved at strukturere dagen, glemmer aftaler og kommer let i konflikt, "
            "når {hun} bliver presset.",
        ),
        findings=(
            "Motorisk urolig under samtalen, men venlig og samarbejdende. ASRS-skala med "
            "markante udslag.",
            "Taler hurtigt og springer mellem emner. God humor og god indsigt.",
        ),
        evaluation=(
            "Medicinsk behandling har god effekt. Med struktur og praktisk arbejde vurderes "
            "{hun} at kunne gennemføre en erhvervsuddannelse.",
            "Effekten af medicin er begrænset. Der er behov for støtte i hverdagen, før "
            "uddannelse eller arbejde på fuld tid er realistisk.",
        ),
        capacity=(
            ("Kan arbejde og uddanne sig med struktur og støtte.", 30.0),
            ("Kan arbejde praktisk 20 timer om ugen med mentor.", 20.0),
        ),
        assessment=(
            "{fornavn} har praktiske evner og et klart mål om at arbejde som {job}. Det, der "
            "står i vejen, er struktur og fremmøde. Mentor og sms-påmindelser har virket før.",
            "{fornavn} har brug for hjælp til at holde fast i aftaler. {Hun} er motiveret, når "
            "opgaverne er praktiske og konkrete.",
        ),
    ),
    Profile(
        key="hjerne", health=True,
        ages=(28, 66),
        diagnosis="følger efter hjernerystelse (postcommotionelt syndrom) (DF07.2)",
        complaints="hovedpinen og trætheden", specialist="speciallæge i neurologi",
        medicine=("ingen fast medicin", "Panodil efter behov", "Amitriptylin"),
        treatment=("hjernerystelsesforløb hos ergoterapeut", "synstræning", "træning hos fysioterapeut"),
        goals=(
            "Jeg vil gerne tilbage som {job}, men jeg kan ikke holde til lyset og larmen "
            "endnu.",
            "Jeg vil gerne finde et arbejde, hvor jeg kan holde pauser og ikke skal bruge "
            "skærm hele dagen.",
        ),
        wishes=(
            "Jeg vil gerne have korte møder, højst en time, for ellers får jeg hovedpine.",
            "Jeg vil gerne have tingene på skrift, så jeg kan læse dem i ro.",
        ),
        resources=(
            "Jeg har været {job} i mange år og ved, hvad jeg laver.",
            "Jeg har en kæreste, der hjælper mig med at huske aftaler.",
        ),
        accommodations=("Korte møder på højst en time", "Dæmpet lys og ro", "Pauser hver halve time",
                        "Begrænset skærmarbejde", "Max 12 timer om ugen i starten"),
        restrictions=(
            "Arbejde i rolige omgivelser med begrænset skærmarbejde og hyppige pauser.",
            "Korte arbejdsdage, højst fire timer, med pause hver halve time.",
        ),
        anamnesis=(
            "{Hun} fik for {år} år siden en hjernerystelse ved et fald på arbejdet. Siden har "
            "{hun} haft hovedpine, træthed og lydoverfølsomhed.",
            "{Hun} var involveret i et trafikuheld og slog hovedet. Symptomerne er ikke "
            "forsvundet som forventet.",
        ),
        symptoms=(
            "{Hun} har daglig hovedpine, svimmelhed ved hurtige bevægelser og bliver udtrættet "
            "efter 30-45 minutters koncentration.",
            "{Hun} er lyd- og lysfølsom, har svært ved at følge samtaler med flere personer og "
            "glemmer aftaler.",
        ),
        findings=(
            "Normal neurologisk undersøgelse. MR-scanning af hjernen uden forandringer. "
            "Rivermead-score 32.",
            "Let nedsat balance. Øjenbevægelser udløser svimmelhed. Øvrig undersøgelse normal.",
        ),
        evaluation=(
            "De fleste bliver bedre inden for et til to år. Gradueret optræning i arbejde "
            "anbefales med respekt for symptomgrænsen.",
            "Bedringen er gået i stå. Der er risiko for varige følger, og funktionsevnen bør "
            "afprøves over en længere periode.",
        ),
        capacity=(
            ("Kan arbejde 12 timer om ugen fordelt på fire dage.", 12.0),
            ("Kan arbejde 20 timer om ugen i rolige omgivelser.", 20.0),
            ("Kan aktuelt ikke arbejde. Ny vurdering om tre måneder.", None),
        ),
        assessment=(
            "{fornavn} har en god faglig baggrund og vil gerne tilbage. Symptomerne er "
            "svingende, og optrapningen skal ske i små skridt. Møder skal være korte og "
            "aftaler sendes skriftligt.",
            "{fornavn} har fulgt genoptræningen og har haft en vis bedring. Det er nu relevant "
            "at afprøve arbejde i en praktik med få timer.",
        ),
    ),
    Profile(
        key="alkohol", health=True,
        ages=(30, 66), jobs=PHYSICAL_JOBS,
        diagnosis="alkoholafhængighed, aktuelt i behandling (DF10.2)",
        complaints="alkoholforbruget", specialist="speciallæge i psykiatri",
        medicine=("Antabus", "Campral", "ingen medicin"),
        treatment=("ambulant alkoholbehandling", "gruppesamtaler på misbrugscentret",
                   "samtaler hos misbrugskonsulent"),
        goals=(
            "Jeg vil gerne holde mig ædru og have et arbejde, så dagene får indhold.",
            "Jeg vil gerne tilbage og køre bil. Jeg har mistet kørekortet, men jeg vil have det "
            "igen.",
            "Jeg vil have et job, hvor jeg er udenfor og laver noget praktisk.",
        ),
        wishes=(
            "Jeg vil gerne have, at misbrugscentret og jobcentret snakker sammen.",
            "Jeg vil ikke i praktik et sted, hvor der bliver drukket øl efter fyraften.",
        ),
        resources=(
            "Jeg har arbejdet som {job} i mange år og kan mange praktiske ting.",
            "Jeg går til AA-møder to gange om ugen og har en sponsor.",
        ),
        accommodations=("Fast mødetid om formiddagen", "Koordinering med misbrugscentret",
                        "Praktisk arbejde udendørs", "Ingen alkohol på arbejdspladsen"),
        restrictions=(
            "Bør ikke arbejde med maskiner eller kørsel, før {hun} har været stabilt ædru i "
            "seks måneder.",
            "Arbejde med fast struktur og tilknytning til behandling.",
        ),
        anamnesis=(
            "{Hun} har haft et skadeligt alkoholforbrug i {år} år og har været i behandling "
            "flere gange. {Hun} har nu været ædru i fire måneder.",
            "Alkoholforbruget tog til efter tab af arbejde og skilsmisse. {Hun} er startet i "
            "ambulant behandling efter eget ønske.",
        ),
        symptoms=(
            "{Hun} har periodevis trang til alkohol, sover dårligt og har nedsat appetit. {Hun} "
            "beskriver, at struktur hjælper.",
            "{Hun} beskriver uro og søvnbesvær i perioder og fortæller, at ensomhed øger trangen.",
        ),
        findings=(
            "Let forhøjede levertal, ellers normal undersøgelse. Ingen abstinenssymptomer.",
            "Almentilstand god. Normalt blodtryk. Let rysten på hænderne.",
        ),
        evaluation=(
            "Prognosen er god, hvis behandlingen fortsætter. Arbejde med faste rammer "
            "anbefales som en del af behandlingen.",
            "Der er risiko for tilbagefald. Et stabilt dagligt indhold med arbejde vurderes "
            "at styrke behandlingen.",
        ),
        capacity=(
            ("Kan arbejde 20 timer om ugen med fast struktur.", 20.0),
            ("Kan arbejde på fuld tid, når behandlingen er stabil.", 37.0),
        ),
        assessment=(
            "{fornavn} er motiveret for behandling og har været stabil i en periode. Det er "
            "vigtigt at koordinere med misbrugscentret. Praktisk arbejde udendørs vil give "
            "{hende} struktur og mening.",
            "{fornavn} har praktiske kompetencer og møder stabilt, når {hun} er i behandling. "
            "Der aftales tæt opfølgning de første måneder.",
        ),
    ),
    Profile(
        key="kraeft", health=True,
        ages=(38, 66), sex="female",
        diagnosis="tilstand efter brystkræft, opereret og strålebehandlet; udtalt træthed (fatigue)",
        complaints="trætheden efter behandlingen", specialist="speciallæge i onkologi",
        medicine=("antihormonbehandling (Tamoxifen)", "Letrozol", "ingen medicin aktuelt"),
        treatment=("genoptræning i kommunens kræftrehabilitering", "træning hos fysioterapeut",
                   "samtaler hos Kræftens Bekæmpelse"),
        goals=(
            "Jeg vil gerne tilbage på arbejde, men jeg skal finde ud af, hvor mange timer jeg "
            "kan holde til, når trætheden er så stor.",
            "Jeg vil gerne bruge min erfaring som {job}, måske i en anden funktion.",
        ),
        wishes=(
            "Jeg vil gerne starte med få timer og have lov til at stige langsomt.",
            "Jeg vil gerne have møderne på jobcentret i stedet for telefonmøder.",
        ),
        resources=(
            "Jeg har haft det samme arbejde i 18 år og kender faget.",
            "Min familie og mine kolleger støtter mig meget.",
        ),
        accommodations=("Max 15 timer om ugen i starten", "Arbejde om formiddagen",
                        "Mulighed for hvil", "Ingen løft over 5 kg med venstre arm"),
        restrictions=(
            "Nedsat tid med gradvis optrapning. Ingen tunge løft med venstre arm.",
            "Arbejde om formiddagen med mulighed for pauser.",
        ),
        anamnesis=(
            "{Hun} blev for {år} år siden behandlet for brystkræft med operation, kemoterapi "
            "og strålebehandling. Der er ikke tegn på tilbagefald.",
            "Efter afsluttet kræftbehandling har {hun} haft udtalt træthed og nedsat kraft i "
            "venstre arm.",
        ),
        symptoms=(
            "{Hun} beskriver træthed, der ikke forsvinder med søvn, og koncentrationsbesvær. "
            "{Hun} orker ca. tre timers aktivitet om dagen.",
            "{Hun} har hævelse i venstre arm ved belastning og bliver hurtigt træt.",
        ),
        findings=(
            "Pæne arforhold. Let lymfødem i venstre arm. Ingen tegn på tilbagefald ved "
            "kontrollen.",
            "Nedsat kraft i venstre skulder. Normal almentilstand.",
        ),
        evaluation=(
            "Træthed efter kræftbehandling aftager ofte over et til tre år. Gradvis optrapning "
            "i arbejde anbefales.",
            "Trætheden er fortsat udtalt. Der må forventes en lang optrapning.",
        ),
        capacity=(
            ("Kan arbejde 15 timer om ugen med optrapning over seks måneder.", 15.0),
            ("Kan arbejde 25 timer om ugen uden tunge løft.", 25.0),
        ),
        assessment=(
            "{fornavn} har en stærk faglighed og et ønske om at vende tilbage. Trætheden "
            "sætter grænsen, og planen skal give plads til en langsom optrapning.",
            "{fornavn} har gennemgået et hårdt behandlingsforløb og er nu klar til at afprøve "
            "arbejde. Arbejdsgiveren er positiv over for en delvis raskmelding.",
        ),
    ),
    Profile(
        key="ledig", health=False, diagnosis="", complaints="", specialist="",
        ages=(28, 66),
        medicine=(), treatment=(),
        goals=(
            "Jeg vil bare gerne i gang igen. Om det er lager eller rengøring er lige meget, "
            "bare jeg kommer ud af døren om morgenen.",
            "Jeg vil gerne have fast arbejde som {job} igen, helst på fuld tid og tæt på, hvor "
            "jeg bor.",
            "Jeg vil gerne have et arbejde med kolleger og faste tider, så jeg kan planlægge "
            "min hverdag.",
            "Jeg vil gerne tage truckcertifikat, så jeg har flere muligheder.",
        ),
        wishes=(
            "Jeg vil gerne have hjælp til at skrive en ansøgning, der ikke ser ud som alle de "
            "andre.",
            "Jeg vil ikke på kursus igen. Jeg har været på tre af dem. Jeg vil have et rigtigt "
            "job.",
            "Jeg vil gerne prøve en praktik, hvis det kan føre til en ansættelse.",
        ),
        resources=(
            "Jeg har kørekort og egen bil.",
            "Jeg har arbejdet som {job} i mange år og har gode udtalelser.",
            "Jeg er stabil og er aldrig syg.",
        ),
        accommodations=(), restrictions=(), anamnesis=(), symptoms=(), findings=(),
        evaluation=(), capacity=(),
        assessment=(
            "{fornavn} er jobparat og har erfaring som {job}. {Hun} søger aktivt og har et "
            "realistisk jobmål. Der er behov for hjælp til ansøgninger og kontakt til "
            "virksomheder.",
            "{fornavn} har en lang arbejdshistorik og er motiveret. Ledigheden skyldes "
            "nedskæringer i branchen. Virksomhedskonsulenten inddrages for at finde "
            "relevante virksomheder.",
        ),
    ),
    Profile(
        key="ung", health=False, diagnosis="", complaints="", specialist="",
        ages=(18, 29), jobs=TRADES,
        medicine=(), treatment=(),
        goals=(
            "Jeg vil gerne uddanne mig til {job}, men jeg skal først have styr på matematik.",
            "Jeg vil gerne tage en uddannelse, hvor jeg lærer noget praktisk.",
            "Jeg vil gerne have et job, så jeg kan flytte hjemmefra.",
        ),
        wishes=(
            "Jeg vil gerne have hjælp til at finde en læreplads.",
            "Jeg har ordblindhed, så jeg vil gerne have breve, der er nemme at læse.",
        ),
        resources=(
            "Jeg har haft et fritidsjob i tre år ved siden af skolen.",
            "Jeg spiller fodbold og er træner for et drengehold.",
        ),
        accommodations=("Breve i enkelt sprog og oplæsning efter behov",),
        restrictions=(), anamnesis=(), symptoms=(), findings=(), evaluation=(), capacity=(),
        assessment=(
            "{fornavn} er ung og uden uddannelse ud over folkeskolen. {Hun} har et klart "
            "uddannelsesmål og har brug for at forbedre dansk og matematik inden optagelse.",
            "{fornavn} har haft et fritidsjob i flere år og møder stabilt. Ordblindheden "
            "skal tages i betragtning, og der søges om ordblindeundervisning.",
        ),
    ),
    Profile(
        key="sprog", health=False, diagnosis="", complaints="", specialist="",
        ages=(25, 66), jobs=TRADES_FROM_ABROAD,
        medicine=(), treatment=(),
        goals=(
            "Jeg vil gerne arbejde og tale bedre dansk. Jeg var {job} i mit hjemland.",
            "Jeg vil gerne have et arbejde, hvor jeg kan bruge mit fag, mens jeg lærer dansk.",
        ),
        wishes=(
            "Jeg vil gerne have danskundervisning om aftenen, så jeg kan arbejde om dagen.",
            "Jeg vil gerne have, at min uddannelse fra hjemlandet bliver vurderet.",
        ),
        resources=(
            "Jeg taler tre sprog og lærer hurtigt.",
            "Jeg har arbejdet i mange år og er vant til hårdt arbejde.",
        ),
        accommodations=("Tolk ved vigtige samtaler",),
        restrictions=(), anamnesis=(), symptoms=(), findings=(), evaluation=(), capacity=(),
        assessment=(
            "{fornavn} har en faglig uddannelse fra sit hjemland og erhvervserfaring. Det "
            "danske sprog er den største barriere. Sprogundervisning skal kombineres med en "
            "praktik, hvor {hun} kan bruge sine faglige kompetencer.",
        ),
    ),
)
PROFILE_WEIGHTS = {"ledig": 18, "ung": 8, "sprog": 5, "ryg": 10, "depression": 10, "angst": 7,
                   "stress": 8, "ptsd": 4, "artrose": 6, "smerter": 6, "adhd": 5, "hjerne": 4,
                   "alkohol": 4, "kraeft": 3}

# What a caseworker notes when the citizen needs no accommodations.
NO_ACCOMMODATIONS = "Ingen særlige hensyn – aftalt med borgeren"
GENERIC_ACCOMMODATIONS = ("Pauser hver time", "Max 15 timer om ugen i starten",
                          "Skal kunne sidde og stå skiftevis", "Ingen tunge løft over 10 kg")

GENERAL_PRACTITIONER = "praktiserende læge"
PSYCHOLOGIST = "autoriseret psykolog"
OTHER_AUTHORS = (("fysioterapeut", "Funktionsevnevurdering"),
                 ("ergoterapeut", "Funktionsevnevurdering"),
                 ("arbejdsmediciner", "Arbejdsmedicinsk vurdering"))


# --- Journal -------------------------------------------------------------------------
# (kind, direction, families, needs, title, body). `families` limits a template to the
# benefit it makes sense under ("" = any); `needs` names what the citizen must have:
# "health" (a health problem), "rep" (a companion or representative), "placement".
# Per-citizen slots: {fornavn} {fornavns} {hun} {Hun} {hende} {hendes} {Hendes} {job}
# {gener} {læge} {medicin} {behandling} {behandlingssted} {arbejdsgiver} {vk} {bisidder}
# {mentor} {kursus}; per-entry slots: {kl} {kl2} {dato} {frist} {dag} {uger} {timer}
# {antal} {uge}.

JOURNAL_TEMPLATES = (
    # Meetings
    ("meeting", "", "", "health placement", "Opfølgningssamtale",
     "Opfølgningssamtale med {fornavn} på jobcentret. {Hun} fortalte, at det går bedre med "
     "{gener}, men at {hun} stadig har dårlige dage. Vi gennemgik planen og aftalte, at {hun} "
     "fortsætter i praktikken hos {arbejdsgiver} med {timer} timer om ugen."),
    ("meeting", "", "", "", "Samtale om jobmål",
     "Samtale om jobmål. {fornavn} ønsker at arbejde som {job}, men er i tvivl om, hvad der "
     "er realistisk lige nu. Vi talte om at afprøve det i en virksomhedspraktik. Jeg kontakter "
     "virksomhedskonsulent {vk} inden {frist}."),
    ("meeting", "", "", "rep health", "Rundbordssamtale",
     "Rundbordssamtale med {fornavn}, {bisidder} som bisidder og en behandler fra "
     "{behandlingssted}. Behandleren oplyste, at {fornavn} møder stabilt op. Der var enighed "
     "om at fortsætte det nuværende forløb og følge op om {uger} uger."),
    ("meeting", "", "dagpenge kontant", "", "Første samtale",
     "Første samtale efter ledighed. {fornavn} har senest arbejdet som {job}. {Hun} vil gerne "
     "hurtigt i arbejde og søger bredt inden for lager, transport og produktion. CV og jobmål "
     "gennemgået. {Hun} opdaterer CV'et på Jobnet inden {frist}."),
    ("meeting", "", "", "health", "Samtale om helbred og behandling",
     "Samtale om helbred. {fornavn} har været til kontrol hos {læge}, som har justeret "
     "medicinen ({medicin}). {Hun} sover bedre, men har fortsat svært ved at koncentrere sig i "
     "mere end en time ad gangen. Aftalt at vente med nye aktiviteter, til medicinen har "
     "virket i fire uger."),
    ("meeting", "", "", "", "Udeblevet fra samtale",
     "{fornavn} mødte ikke op til samtalen kl. {kl}. Jeg ringede kl. {kl2} uden svar og lagde "
     "besked på telefonsvareren. Ny tid sendes med Digital Post."),
    ("meeting", "", "", "placement", "Samtale efter praktik",
     "Samtale efter afsluttet praktik hos {arbejdsgiver}. {fornavn} fortalte, at opgaverne var "
     "gode, men at {hun} blev meget træt efter tre timer. Praktikstedets tilbagemelding: møder "
     "til tiden, løser opgaverne grundigt, har brug for pauser. Aftalt at søge om forlængelse "
     "med samme timetal."),
    ("meeting", "", "", "rep", "Samtale med bisidder",
     "Samtale med {fornavn} og {bisidder}. Bisidderen spurgte til, hvornår sagen kan "
     "forelægges rehabiliteringsteamet. Jeg forklarede, at vi venter på en opdateret "
     "lægeattest fra {læge}. Forventet forelæggelse om ca. {uger} uger."),
    ("meeting", "", "syg", "", "Opfølgningssamtale – sygedagpenge",
     "Opfølgningssamtale om sygedagpenge. {fornavn} er sygemeldt fra arbejdet som {job}. "
     "{Hun} har talt med sin arbejdsgiver om en delvis raskmelding. Vi aftalte at undersøge, "
     "om {hun} kan begynde med {timer} timer om ugen fra {frist}."),
    ("meeting", "", "", "health", "Telefonsamtale i stedet for fremmøde",
     "Samtalen blev holdt i telefonen efter ønske fra {fornavn}, som havde haft en dårlig "
     "nat. Status: {hun} går til {behandling} hver uge og oplever det som en hjælp. Næste "
     "samtale holdes på jobcentret."),
    ("meeting", "", "udd kontant", "", "Samtale om uddannelse",
     "Samtale om uddannelse. {fornavn} er interesseret i en erhvervsuddannelse. Vi talte om "
     "optagelseskravene, og om at {hun} først skal have dansk og matematik på FVU-niveau. Jeg "
     "undersøger forløb på VUC Fjordby med opstart efter sommerferien."),
    ("meeting", "", "afklaring fleks", "placement", "Samtale om fleksjob",
     "Samtale om fleksjob. {fornavn} har været i praktik hos {arbejdsgiver} og arbejder nu "
     "stabilt {timer} timer om ugen. Arbejdsgiveren er interesseret i en ansættelse i "
     "fleksjob. Sagen forberedes til rehabiliteringsteamet."),
    ("meeting", "", "dagpenge", "", "Jobsamtale",
     "Jobsamtale. {fornavn} har søgt {antal} stillinger siden sidst og været til én "
     "jobsamtale hos {arbejdsgiver}. Vi gennemgik joblog og ansøgninger. {Hun} vil søge "
     "bredere geografisk, op til en times transport."),
    # Phone, from the citizen and others
    ("phone", "in", "", "health", "Telefon fra borger",
     "{fornavn} ringede kl. {kl} og oplyste, at {hun} er startet på ny medicin ({medicin}). "
     "{Hun} har svært ved at møde før kl. 10. Aftalt at næste samtale flyttes til eftermiddag."),
    ("phone", "in", "", "placement", "Telefon fra borger – sygemelding",
     "{fornavn} ringede kl. {kl} og meldte sig syg fra praktikken i dag. {Hun} har feber og "
     "har selv givet besked til {arbejdsgiver}. Forventer at være tilbage {dag}."),
    ("phone", "in", "kontant udd", "", "Telefon fra borger – udbetaling",
     "{fornavn} ringede kl. {kl} og spurgte, hvorfor udbetalingen er mindre denne måned. Jeg "
     "forklarede, at det skyldes indtægten fra et småjob i sidste måned. Ydelseskontoret "
     "sender en specifikation."),
    ("phone", "in", "", "rep", "Telefon fra bisidder",
     "{bisidder} ringede kl. {kl} på vegne af {fornavn} og med {hendes} samtykke. Spurgte til "
     "status på sagen og til lægeattesten. Jeg oplyste, at vi har rykket {læge}. Jeg ringer "
     "tilbage, når attesten er modtaget."),
    ("phone", "in", "", "placement", "Telefon fra praktiksted",
     "Kontaktpersonen hos {arbejdsgiver} ringede kl. {kl}. {fornavn} har mødt stabilt i tre "
     "uger og løser opgaverne godt. Virksomheden vil gerne forlænge praktikken med fire uger."),
    ("phone", "in", "", "", "Telefon fra borger – aflysning",
     "{fornavn} ringede kl. {kl} og aflyste samtalen {dag}, fordi {hun} skal til undersøgelse "
     "på sygehuset. Ny tid aftalt {frist} kl. {kl2}."),
    ("phone", "in", "", "health", "Telefon fra læge",
     "{læge} ringede kl. {kl} og oplyste, at {fornavn} er henvist til {behandling}. Ventetiden "
     "er ca. {uger} uger. Lægen anbefaler, at der ikke sættes nye aktiviteter i gang før da."),
    ("phone", "in", "", "", "Telefon fra borger – spørgsmål om brev",
     "{fornavn} ringede kl. {kl}, fordi {hun} ikke forstod brevet om {hendes} plan. Jeg "
     "gennemgik brevet med {hende}. {Hun} har nu ingen spørgsmål."),
    # Phone, from the job centre
    ("phone", "out", "", "placement", "Telefon til borger",
     "Ringede til {fornavn} kl. {kl} for at høre, hvordan opstarten hos {arbejdsgiver} er "
     "gået. {Hun} fortalte, at de første dage har været hårde, men at kollegerne er søde. Vi "
     "taler sammen igen om en uge."),
    ("phone", "out", "", "", "Telefon til borger – ikke truffet",
     "Ringede til {fornavn} kl. {kl}. Ingen svar. Sendt sms med besked om at ringe tilbage på "
     "mit direkte nummer."),
    ("phone", "out", "", "health", "Telefon til læge",
     "Ringede kl. {kl} til {læge} for at rykke for statusattesten. Lægesekretæren oplyste, "
     "at attesten bliver sendt i løbet af ugen."),
    ("phone", "out", "", "placement", "Telefon til praktiksted",
     "Ringede kl. {kl} til {arbejdsgiver} og talte med den daglige leder. {fornavn} møder til "
     "tiden og er god til kundekontakt, men har brug for at sidde ned en gang i timen. Det er "
     "aftalt, at der stilles en stol ved arbejdsstationen."),
    ("phone", "out", "", "", "Telefon til borger – påmindelse",
     "Ringede til {fornavn} kl. {kl} og mindede om samtalen {dag} kl. {kl2}. {Hun} "
     "bekræftede, at {hun} kommer."),
    ("phone", "out", "dagpenge", "", "Telefon til a-kasse",
     "Ringede kl. {kl} til {fornavns} a-kasse for at afklare rådighed under et kortvarigt "
     "sygdomsforløb. A-kassen sender en skriftlig vurdering."),
    # E-mail
    ("email", "in", "", "", "Mail fra borger – ferie",
     "Mail fra {fornavn}: {Hun} vil gerne vide, om {hun} må holde ferie i uge {uge}, og om det "
     "påvirker ydelsen. Besvaret samme dag med vejledning om ferie og afmelding."),
    ("email", "in", "", "placement", "Mail fra borger – praktik",
     "{fornavn} skriver, at {hun} er glad for praktikken hos {arbejdsgiver}, men er bekymret "
     "for, hvad der sker, når den slutter {frist}. Svaret, at vi tager det op på næste samtale."),
    ("email", "in", "", "health", "Mail fra borger – dokumentation",
     "{fornavn} har sendt kopi af indkaldelse til {behandling} {frist}. Dokumentet er lagt på "
     "sagen."),
    ("email", "in", "", "placement", "Mail fra praktiksted – evaluering",
     "Evaluering fra {arbejdsgiver}: {fornavn} har været stabil, har lært arbejdsgangene og "
     "arbejder selvstændigt. Fravær: to dage pga. sygdom. Praktikstedet anbefaler forlængelse."),
    ("email", "in", "", "rep", "Mail fra partsrepræsentant",
     "Mail fra {bisidder} på vegne af {fornavn} med anmodning om kopi af alle lægelige "
     "oplysninger i sagen. Behandles som anmodning om aktindsigt."),
    ("email", "out", "dagpenge kontant", "", "Mail til borger – stillinger",
     "Sendt mail til {fornavn} med links til ledige stillinger som {job} i området og en "
     "påmindelse om at opdatere CV'et inden {frist}."),
    ("email", "out", "", "placement", "Mail til praktiksted",
     "Sendt mail til {arbejdsgiver} med praktikaftalen og de aftalte skånehensyn. Første "
     "opfølgning på praktikstedet er {frist}."),
    ("email", "out", "", "health", "Mail til behandler",
     "Sendt mail til {behandlingssted} med samtykke fra {fornavn} og anmodning om status på "
     "behandlingsforløbet."),
    ("email", "out", "", "", "Mail til borger – mødetid",
     "Bekræftet ny mødetid {frist} kl. {kl2} pr. mail. Mødet holdes i et lukket samtalerum."),
    # SMS
    ("sms", "in", "", "", "Sms fra borger – syg",
     "Sms fra {fornavn} kl. {kl}: \"Jeg er syg i dag og kan ikke komme. Undskyld. Kan vi "
     "finde en ny tid?\" Besvaret med tilbud om ny tid {frist}."),
    ("sms", "in", "", "", "Sms fra borger – forsinket",
     "Sms fra {fornavn} kl. {kl}: {Hun} er forsinket ca. 15 minutter, fordi bussen ikke kom."),
    ("sms", "in", "", "", "Sms fra borger – lønsedler",
     "Sms fra {fornavn}: spørger, om {hun} skal have lønsedler med til samtalen. Svaret ja, "
     "de seneste tre måneder."),
    ("sms", "out", "", "", "Sms til borger – påmindelse",
     "Sms sendt til {fornavn}: påmindelse om samtale {dag} kl. {kl2}."),
    ("sms", "out", "", "", "Sms til borger – ring tilbage",
     "Sms sendt til {fornavn} med besked om at ringe til mig på mit direkte nummer, når {hun} "
     "har tid."),
    ("sms", "out", "", "", "Sms til borger – referat",
     "Sms sendt: tak for i dag, referatet kommer i Digital Post i morgen."),
    # Letters
    ("letter", "in", "", "", "Brev fra borger – bemærkninger",
     "Brev fra {fornavn} med bemærkninger til referatet fra {dato}. {Hun} mener ikke, at det "
     "fremgår tydeligt nok, hvor meget {hun} kan holde til. Bemærkningerne er lagt på sagen "
     "og tages op på næste samtale."),
    ("letter", "in", "", "health", "Statusattest modtaget",
     "Modtaget statusattest fra {læge}. Attesten er lagt på sagen og gennemgås på næste "
     "samtale."),
    ("letter", "in", "", "health", "Epikrise modtaget",
     "Modtaget epikrise fra {behandlingssted}. Lagt på sagen."),
    ("letter", "out", "", "", "Indkaldelse sendt",
     "Indkaldelse til samtale {frist} kl. {kl2} sendt med Digital Post med dagsorden. {fornavn} "
     "er oplyst om retten til at tage en bisidder med."),
    ("letter", "out", "", "health", "Partshøring sendt",
     "Partshøringsbrev sendt til {fornavn} om de lægelige oplysninger i sagen. Frist for "
     "bemærkninger: {frist}."),
    ("letter", "out", "", "health", "Anmodning om lægeattest",
     "Anmodning om lægeattest (LÆ 265) sendt til {læge}. Spørgsmål: funktionsevne, prognose "
     "og skånehensyn."),
    ("letter", "out", "", "", "Brev om aktivitet",
     "Brev sendt til {fornavn} med bekræftelse af {kursus} fra {frist}."),
    # Notes
    ("note", "", "", "health", "Notat – sagsgennemgang",
     "Sagen er gennemgået før næste samtale. Der er kommet nye oplysninger fra {læge}. Det "
     "skal drøftes, om {fornavn} kan øge timetallet."),
    ("note", "", "afklaring fleks", "", "Notat – rehabiliteringsteam",
     "Sagen er forberedt til rehabiliteringsteamet. {fornavn} har udfyldt det forberedende "
     "skema. Lægeattest og praktikevaluering er vedlagt."),
    ("note", "", "afklaring", "health", "Notat – indstilling fra rehabiliteringsteamet",
     "Rehabiliteringsteamet indstiller til et ressourceforløb med fokus på {behandling} og "
     "gradvis optrapning i virksomhedspraktik. Indstillingen er drøftet med {fornavn}, som er "
     "enig."),
    ("note", "", "", "health", "Notat – samtykke",
     "{fornavn} har givet skriftligt samtykke til, at jobcentret indhenter oplysninger fra "
     "{læge} og {behandlingssted}. Samtykket gælder i et år."),
    ("note", "", "dagpenge kontant udd", "", "Notat – CV",
     "{fornavns} CV er opdateret på Jobnet med erfaring som {job}."),
    ("note", "", "", "", "Notat – mentor",
     "Mentorstøtte bevilget med {mentortimer} timer om ugen. Mentor {mentor} hjælper med "
     "struktur i hverdagen og fremmøde."),
    ("note", "", "", "placement", "Notat – virksomhedsbesøg",
     "Besøg hos {arbejdsgiver} sammen med virksomhedskonsulent {vk} og {fornavn}. "
     "Arbejdspladsen er gennemgået. Der er mulighed for skiftevis at sidde og stå."),
    ("note", "", "dagpenge kontant", "", "Notat – joblog",
     "Joblog gennemgået. {fornavn} har søgt {antal} stillinger de seneste fire uger, bl.a. "
     "som {job}. Ingen bemærkninger."),
    ("note", "", "", "", "Notat – kursus",
     "{fornavn} har gennemført {kursus}. Kursusbeviset er lagt på sagen."),
    ("note", "", "", "health", "Notat – status fra behandler",
     "Status fra {behandlingssted}: {fornavn} har deltaget i {antal} af 12 planlagte "
     "sessioner. Næste status forventes {frist}."),
    ("note", "", "syg", "", "Notat – revurdering",
     "Revurdering af sygedagpengesagen. Der er aktuelle lægelige oplysninger. Forlængelse "
     "vurderes mulig efter sygedagpengelovens § 27, stk. 1, nr. 1, da der er en realistisk "
     "mulighed for tilbagevenden til arbejdet."),
    ("note", "", "", "", "Notat – opdateret kontaktoplysning",
     "{fornavn} har oplyst nyt telefonnummer. Kontaktoplysningerne er opdateret."),
)

# Sentences that may close an entry of the given kind, so that entries from the same
# template still differ.
JOURNAL_CODAS = {
    "meeting": (
        "Referatet sendes til {fornavn} til godkendelse.",
        "{Hun} havde selv skrevet spørgsmål ned til samtalen.",
        "Samtalen foregik i et lukket samtalerum.",
        "Næste samtale er aftalt til {frist} kl. {kl2}.",
        "{fornavn} var enig i aftalerne.",
    ),
    "phone": (
        "Samtalen varede ca. 10 minutter.",
        "{fornavn} er oplyst om mit direkte nummer.",
        "Notatet er læst op for {fornavn}, som var enig.",
    ),
    "email": ("Mailen er lagt på sagen.",
              "Svaret er sendt fra min egen postkasse, så der kan svares direkte til mig."),
    "sms": ("Beskeden er lagt på sagen.",),
    "letter": ("Kopi lagt på sagen.",),
    "note": ("Drøftes på næste samtale.", "Ingen yderligere handling."),
}

COURSES = ("et truckcertifikatkursus", "et kursus i hygiejne for fødevarebranchen",
           "et IT-kursus for begyndere", "et kursus i dansk på arbejdspladsen",
           "et førstehjælpskursus", "et kursus i jobsøgning", "et AMU-kursus i lagerstyring",
           "et FVU-forløb i matematik")

# --- Decisions and complaints --------------------------------------------------------
# Everyday decisions by family: (subject, outcome, law, section, reasoning).

DECISIONS = {
    "syg": (
        ("Forlængelse af sygedagpenge", "granted", "Lov om sygedagpenge", "§ 27, stk. 1, nr. 1",
         "Du kan få sygedagpenge i længere tid, fordi lægen vurderer, at du kan vende tilbage "
         "til arbejdet inden for 69 uger. Vi har lagt vægt på lægeattesten og på din plan med "
         "arbejdsgiveren."),
        ("Jobafklaringsforløb", "granted", "Lov om sygedagpenge", "§ 24, stk. 1, nr. 5",
         "Du kan ikke længere få sygedagpenge, men du har ret til et jobafklaringsforløb med "
         "ressourceforløbsydelse. Vi har lagt vægt på, at du fortsat er uarbejdsdygtig, og at "
         "ingen af forlængelsesreglerne kan bruges."),
        ("Delvis raskmelding", "granted", "Lov om sygedagpenge", "§ 7",
         "Du er delvist raskmeldt og får sygedagpenge for de timer, du ikke arbejder."),
    ),
    "kontant": (
        ("Sanktion for udeblivelse fra samtale", "stopped", "Lov om aktiv socialpolitik", "§ 36",
         "Din kontanthjælp bliver trukket for én dag, fordi du ikke mødte op til samtalen og "
         "ikke har givet en rimelig grund. Du var partshørt og sendte ingen bemærkninger."),
        ("Hjælp til tandbehandling", "partly_granted", "Lov om aktiv socialpolitik", "§ 82",
         "Du får hjælp til en del af tandbehandlingen. Vi har ikke bevilget kroner og broer, "
         "fordi de ikke er nødvendige for at fjerne smerter og infektion."),
        ("Mentorstøtte", "granted", "Lov om aktiv beskæftigelsesindsats", "§ 78",
         "Du får en mentor i tre måneder, fordi du har brug for støtte til at komme i gang "
         "med praktikken."),
        ("Befordringsgodtgørelse", "partly_granted", "Lov om aktiv beskæftigelsesindsats", "§ 82",
         "Du får dækket transport ud over 24 km pr. dag. Kortere afstande skal du selv betale."),
    ),
    "udd": (
        ("Uddannelsespålæg", "granted", "Lov om aktiv socialpolitik", "§ 21 b",
         "Du har fået et uddannelsespålæg. Det betyder, at du skal søge ind på en uddannelse, "
         "som vi har aftalt med dig."),
        ("Ordblindeundervisning", "granted", "Lov om aktiv beskæftigelsesindsats", "§ 32",
         "Du får ordblindeundervisning på VUC Fjordby to gange om ugen."),
    ),
    "dagpenge": (
        ("Virksomhedspraktik", "granted", "Lov om aktiv beskæftigelsesindsats", "§ 42",
         "Du kan være i virksomhedspraktik i fire uger, fordi praktikken kan afklare dit jobmål."),
        ("Opkvalificering (6 ugers jobrettet uddannelse)", "refused",
         "Lov om aktiv beskæftigelsesindsats", "§ 26 a",
         "Du kan ikke få kurset, fordi det ikke står på listen over jobrettet uddannelse for "
         "dit fagområde."),
    ),
    "afklaring": (
        ("Ressourceforløb", "granted", "Lov om aktiv beskæftigelsesindsats", "§ 68 b",
         "Du får et ressourceforløb i to år. Vi har fulgt rehabiliteringsteamets indstilling."),
        ("Revalidering", "granted", "Lov om aktiv socialpolitik", "§ 47",
         "Du får revalidering med en uddannelse som kontorassistent, fordi du ikke kan vende "
         "tilbage til dit tidligere fag."),
        ("Mentorstøtte", "granted", "Lov om aktiv beskæftigelsesindsats", "§ 78",
         "Du får en mentor i seks måneder til støtte i praktikken."),
    ),
    "fleks": (
        ("Fleksjob", "granted", "Lov om aktiv beskæftigelsesindsats", "§ 70 b",
         "Du kan ansættes i fleksjob, fordi din arbejdsevne er varigt og væsentligt nedsat, og "
         "alle muligheder for at arbejde på almindelige vilkår er afprøvet."),
        ("Ledighedsydelse", "granted", "Lov om aktiv socialpolitik", "§ 74",
         "Du kan få ledighedsydelse, mens du søger fleksjob."),
    ),
}

SERVICE_COMPLAINTS = (
    "Borger klager over, at {hun} ikke har fået svar på sin mail i over en uge.",
    "Borger klager over, at {hun} har haft tre forskellige sagsbehandlere på et år og hver "
    "gang har måttet fortælle sin historie forfra.",
    "Borger klager over, at referatet fra sidste samtale ikke er kommet.",
    "Borger klager over, at brevet om ophør af ydelsen kom en fredag eftermiddag, hvor "
    "ingen kunne kontaktes.",
    "Borger klager over, at samtalen blev holdt i et åbent kontor, hvor andre kunne høre med.",
)

# --- Statements ----------------------------------------------------------------------

MEDICAL_TITLES = ("Lægeattest LÆ 265 – helbredsoplysninger til rehabiliteringsteamet",
                  "Statusattest LÆ 125", "Lægeerklæring om forlængelse af sygedagpenge")
PSYCH_PROFILES = frozenset({"depression", "angst", "ptsd", "stress", "adhd"})
PSYCH_TESTS = ("WAIS-IV", "SCL-92", "Major Depression Inventory (MDI)", "Beck Anxiety Inventory",
               "ASRS (voksen-ADHD)", "Becks Depressionsskala")


def statement_text(rng: Random, profile: Profile, slots: dict[str, str], kind: str,
                   author: str, profession: str, title: str, written_on: date) -> dict:
    """A whole statement in the structure Danish statements use, with its conclusions."""
    capacity, hours = rng.choice(profile.capacity)
    restrictions = rng.choice(profile.restrictions)
    parts = [
        title,
        f"Vedrørende: {slots['navn']}, født {slots['født']}",
        f"Dato: {danish_date(written_on, year=True)}",
    ]
    if kind == "psychologist":
        parts += [
            "Baggrund for henvisningen\n" + rng.choice(profile.anamnesis),
            "Samtaler og testning\n{fornavn} er set til fire samtaler. Der er anvendt "
            + " og ".join(rng.sample(PSYCH_TESTS, 2)) + ". " + rng.choice(profile.symptoms),
            "Psykologisk vurdering\n" + rng.choice(profile.evaluation),
            "Anbefalinger\nDet anbefales, at der tages hensyn til følgende: " + restrictions,
        ]
    elif kind == "other":
        parts += [
            "Baggrund\n" + rng.choice(profile.anamnesis),
            "Observationer og test\n" + rng.choice(profile.findings) + " " + rng.choice(profile.symptoms),
            "Vurdering af funktionsevne\n" + rng.choice(profile.evaluation),
        ]
    else:
        parts += [
            "Anamnese\n{fornavn} er {alder} år og har arbejdet som {job}. " + rng.choice(profile.anamnesis),
            "Aktuelle gener\n" + rng.choice(profile.symptoms),
            "Objektive fund\n" + rng.choice(profile.findings),
            "Behandling\n" + ("{Hun} tager ingen fast medicin" if slots["medicin"].startswith("ingen")
                               else "{Hun} er i behandling med {medicin}") + " og går til {behandling}.",
            "Vurdering\n" + rng.choice(profile.evaluation),
        ]
    hours_text = f" Anbefalet timetal: {hours:g} timer om ugen." if hours else ""
    parts.append(f"Konklusion\n{capacity}{hours_text} Skånehensyn: {restrictions}")
    parts.append(f"{author}\n{profession}")
    return {
        "title": title,
        "body": "\n\n".join(parts).format_map(slots),
        "work_capacity": capacity.format_map(slots),
        "hours_per_week": hours,
        "restrictions": restrictions.format_map(slots),
    }


# --- Rulings (Ankestyrelsen) ---------------------------------------------------------


# The law a ruling names is the one in force on the day of the ruling. The active
# employment effort was governed by "lov om en aktiv beskæftigelsesindsats" (the laws of
# 2003 and 2019); the employment reform (lov nr. 1750 of 29.12.2025) brings a new main law
# from 1 January 2027, "lov om en aktiv beskæftigelsesindsats m.v." as the reform's second
# phase names it.
EMPLOYMENT_LAW = "Lov om en aktiv beskæftigelsesindsats"
LAW_CHANGES = {
    EMPLOYMENT_LAW: ((date(2027, 1, 1), "Lov om en aktiv beskæftigelsesindsats m.v."),),
}


def law_on(law: str, day: date) -> str:
    """The name of `law` as it was on `day`."""
    name = law
    for since, later in LAW_CHANGES.get(law, ()):
        if day >= since:
            name = later
    return name



@dataclass(frozen=True)
class RulingArea:
    """One area of law the rulings are about, and the sentences its rulings are made of."""

    key: str
    label: str  # first part of the title
    law: str
    sections: tuple[str, ...]
    target_group: str
    topics: tuple[tuple[str, tuple[str, ...], str], ...]  # (title part, keywords, principle)
    situation: tuple[str, ...]  # "borgeren, som ..."
    municipality: str  # what the municipality had done: "I sagen havde kommunen ..."
    argument: str  # what the citizen argued
    rule: str  # the legal rule, as the reasoning states it
    reasons: dict[str, str]  # outcome -> why
    consequence: str  # what a change means
    sent_back_task: str  # what the municipality must do when the case is sent back
    decision: tuple[str, str]  # the municipal decision a citizen appeals: (subject, outcome)


RULING_AREAS = (
    RulingArea(
        key="sygedagpenge", label="Sygedagpenge",
        law="Lov om sygedagpenge", sections=("§ 27", "§ 24", "§ 7", "§ 25"),
        target_group="Sygedagpengemodtagere",
        topics=(
            ("forlængelse", ("revurdering", "forlængelse", "lægelige oplysninger"),
             "Ankestyrelsen fastslår, at kommunen ved revurderingen skal tage stilling til alle "
             "forlængelsesmuligheder, og at vurderingen skal bygge på aktuelle lægelige oplysninger."),
            ("jobafklaringsforløb", ("jobafklaringsforløb", "overgang", "ressourceforløbsydelse"),
             "Ankestyrelsen fastslår, at en borger, der ikke kan få forlænget sygedagpengene, har "
             "ret til et jobafklaringsforløb, hvis borgeren fortsat er uarbejdsdygtig."),
            ("uarbejdsdygtighed", ("uarbejdsdygtighed", "delvis raskmelding", "ophør"),
             "Ankestyrelsen fastslår, at vurderingen af uarbejdsdygtighed skal ske i forhold til "
             "borgerens konkrete arbejde og ikke i forhold til arbejde generelt."),
        ),
        situation=("var sygemeldt fra arbejde som {job} på grund af {lidelse}",
                   "havde været sygemeldt i 22 uger efter en operation",
                   "var delvist sygemeldt og arbejdede 15 timer om ugen"),
        municipality="stoppet udbetalingen af sygedagpenge ved revurderingen, fordi ingen af "
                     "forlængelsesmulighederne efter kommunens vurdering var opfyldt",
        argument="kommunen ikke havde indhentet en opdateret lægeerklæring, og at behandlingen "
                 "endnu ikke var afsluttet",
        rule="Efter sygedagpengeloven skal kommunen senest ved udløbet af 22 uger vurdere, om "
             "sygedagpengeperioden kan forlænges. Perioden kan blandt andet forlænges, hvis det "
             "vurderes overvejende sandsynligt, at borgeren kan genoptage arbejdet inden for "
             "69 uger, eller hvis borgeren er under eller venter på lægelig behandling.",
        reasons={
            "confirmed": "de lægelige oplysninger samlet viste, at ingen af "
                         "forlængelsesmulighederne var opfyldt",
            "changed": "borgeren på revurderingstidspunktet ventede på lægelig behandling, som "
                       "efter speciallægens vurdering kunne føre til, at borgeren blev arbejdsdygtig",
            "sent_back": "kommunen ikke havde de nødvendige aktuelle lægelige oplysninger til at "
                         "vurdere, om sygedagpengene kunne forlænges",
        },
        consequence="borgeren har ret til forlængelse af sygedagpengene, og kommunen skal "
                    "efterbetale ydelsen",
        sent_back_task="indhente en opdateret speciallægeerklæring og derefter træffe en ny "
                       "afgørelse om forlængelse",
        decision=("Ophør af sygedagpenge ved revurdering", "stopped"),
    ),
    RulingArea(
        key="sanktion", label="Kontanthjælp",
        law="Lov om aktiv socialpolitik", sections=("§ 36", "§ 37", "§ 13", "§ 40 a"),
        target_group="Kontanthjælpsmodtagere",
        topics=(
            ("sanktion", ("sanktion", "udeblivelse", "rimelig grund"),
             "Ankestyrelsen fastslår, at kommunen skal undersøge, om borgeren havde en rimelig "
             "grund til at udeblive, før der gives en sanktion."),
            ("rådighed", ("rådighed", "aktivitetsparat", "helbred"),
             "Ankestyrelsen fastslår, at en aktivitetsparat borgers rådighed skal vurderes i "
             "forhold til de aktiviteter, borgeren konkret kan deltage i."),
            ("partshøring før sanktion", ("sanktion", "partshøring", "skærpet sanktion"),
             "Ankestyrelsen fastslår, at kommunen skal partshøre borgeren, før der træffes "
             "afgørelse om sanktion, og at borgerens bemærkninger skal indgå i vurderingen."),
        ),
        situation=("var aktivitetsparat og udeblev fra en samtale",
                   "var jobparat og ikke mødte op i en virksomhedspraktik",
                   "havde en dokumenteret psykisk lidelse og udeblev fra to aftaler"),
        municipality="nedsat borgerens kontanthjælp, fordi borgeren var udeblevet uden rimelig "
                     "grund",
        argument="udeblivelsen skyldtes sygdom, og at kommunen var orienteret om det",
        rule="Efter loven skal kommunen foretage en sanktion, hvis borgeren uden rimelig grund "
             "udebliver fra en samtale eller et tilbud. Ved vurderingen af, om der er en rimelig "
             "grund, skal kommunen inddrage borgerens helbredsmæssige og personlige forhold.",
        reasons={
            "confirmed": "borgeren ikke havde oplyst om forhold, der kunne udgøre en rimelig "
                         "grund til udeblivelsen",
            "changed": "borgerens dokumenterede psykiske lidelse udgjorde en rimelig grund til "
                       "udeblivelsen",
            "sent_back": "kommunen ikke havde undersøgt, om borgerens helbredsforhold var en "
                         "rimelig grund til udeblivelsen",
        },
        consequence="borgeren ikke skal have en sanktion, og at det fratrukne beløb skal "
                    "udbetales",
        sent_back_task="undersøge borgerens helbredsforhold og partshøre borgeren, før der "
                       "træffes en ny afgørelse",
        decision=("Sanktion for udeblivelse fra samtale", "stopped"),
    ),
    RulingArea(
        key="fleksjob", label="Fleksjob",
        law=EMPLOYMENT_LAW, sections=("§ 70 b", "§ 70 a", "§ 70 c"),
        target_group="Personer med varigt nedsat arbejdsevne",
        topics=(
            ("betingelser", ("fleksjob", "varig nedsættelse", "arbejdsevne"),
             "Ankestyrelsen fastslår, at retten til fleksjob forudsætter, at arbejdsevnen er "
             "varigt og væsentligt nedsat, og at alle relevante tilbud er afprøvet."),
            ("få timer", ("fleksjob", "få timer", "udviklingsperspektiv"),
             "Ankestyrelsen fastslår, at et fleksjob på få timer om ugen kan komme på tale, når "
             "der er et perspektiv for, at timetallet kan øges."),
            ("arbejdsprøvning", ("fleksjob", "arbejdsprøvning", "dokumentation"),
             "Ankestyrelsen fastslår, at en arbejdsprøvning skal give et retvisende billede af "
             "borgerens arbejdsevne, og at skånehensyn skal være beskrevet og overholdt."),
        ),
        situation=("havde været i virksomhedspraktik i seks måneder med 12 timer om ugen",
                   "havde kroniske smerter og var tidligere ansat som {job}",
                   "havde gennemført et ressourceforløb"),
        municipality="givet afslag på fleksjob, fordi arbejdsevnen efter kommunens vurdering "
                     "ikke var varigt nedsat",
        argument="praktikken viste, at borgeren ikke kunne øge timetallet, og at lægerne var "
                 "enige om, at tilstanden var varig",
        rule="Fleksjob kan tilbydes personer under folkepensionsalderen, som har en varig og "
             "væsentligt nedsat arbejdsevne, og som ikke kan opnå eller fastholde beskæftigelse "
             "på normale vilkår. Det er en betingelse, at mulighederne for at forbedre "
             "arbejdsevnen er afprøvet.",
        reasons={
            "confirmed": "der fortsat var behandlingsmuligheder, som kunne forbedre borgerens "
                         "arbejdsevne",
            "changed": "de samlede oplysninger, herunder praktikken og speciallægeerklæringen, "
                       "viste, at arbejdsevnen var varigt og væsentligt nedsat",
            "sent_back": "praktikken var gennemført uden de skånehensyn, lægen havde anbefalet, "
                         "og derfor ikke gav et retvisende billede af arbejdsevnen",
        },
        consequence="borgeren opfylder betingelserne for fleksjob",
        sent_back_task="gennemføre en ny arbejdsprøvning, hvor skånehensynene overholdes",
        decision=("Afslag på fleksjob", "refused"),
    ),
    RulingArea(
        key="ressourceforloeb", label="Ressourceforløb",
        law=EMPLOYMENT_LAW, sections=("§ 68 b", "§ 68 a"),
        target_group="Personer med komplekse problemer",
        topics=(
            ("målgruppe", ("ressourceforløb", "rehabiliteringsteam", "komplekse problemer"),
             "Ankestyrelsen fastslår, at en borger med komplekse problemer har ret til et "
             "ressourceforløb, hvis borgeren tidligere har modtaget beskæftigelsesrettede tilbud."),
            ("forlængelse", ("ressourceforløb", "forlængelse", "indstilling"),
             "Ankestyrelsen fastslår, at kommunen skal begrunde, hvorfor den afviger fra "
             "rehabiliteringsteamets indstilling."),
        ),
        situation=("havde været aktivitetsparat kontanthjælpsmodtager i fire år",
                   "havde både psykiske problemer og et misbrug",
                   "havde gennemført flere praktikker uden at kunne øge timetallet"),
        municipality="givet afslag på ressourceforløb, fordi borgeren efter kommunens vurdering "
                     "kunne afklares i det almindelige tilbud",
        argument="borgeren havde haft flere praktikker uden fremgang og havde brug for en "
                 "koordineret indsats",
        rule="Kommunen skal tilbyde et ressourceforløb til personer, der har komplekse problemer "
             "ud over ledighed, og hvor en koordineret og helhedsorienteret indsats er nødvendig "
             "for at udvikle arbejdsevnen. Sagen skal forelægges rehabiliteringsteamet.",
        reasons={
            "confirmed": "borgeren endnu ikke havde modtaget relevante beskæftigelsesrettede tilbud",
            "changed": "borgeren havde modtaget flere tilbud uden fremgang og havde komplekse "
                       "problemer, som krævede en koordineret indsats",
            "sent_back": "kommunen ikke havde forelagt sagen for rehabiliteringsteamet",
        },
        consequence="borgeren har ret til et ressourceforløb",
        sent_back_task="forelægge sagen for rehabiliteringsteamet og derefter træffe en ny afgørelse",
        decision=("Afslag på ressourceforløb", "refused"),
    ),
    RulingArea(
        key="foertidspension", label="Førtidspension",
        law="Lov om social pension", sections=("§ 16", "§ 17", "§ 18"),
        target_group="Personer med varigt nedsat arbejdsevne",
        topics=(
            ("åbenbart formålsløst", ("førtidspension", "afprøvning", "åbenbart formålsløst"),
             "Ankestyrelsen fastslår, at det kan være åbenbart formålsløst at afprøve "
             "arbejdsevnen yderligere, når den lægelige dokumentation viser, at arbejdsevnen ikke "
             "kan forbedres."),
            ("dokumentation", ("førtidspension", "dokumentation", "ressourceforløb"),
             "Ankestyrelsen fastslår, at førtidspension forudsætter, at det er dokumenteret, at "
             "arbejdsevnen ikke kan forbedres, heller ikke i et fleksjob."),
        ),
        situation=("havde en svær psykisk lidelse og havde været i to ressourceforløb",
                   "havde progressiv gigtsygdom og arbejdede to timer om ugen i praktik",
                   "havde været uden for arbejdsmarkedet i 12 år"),
        municipality="givet afslag på førtidspension, fordi arbejdsevnen efter kommunens "
                     "vurdering ikke var tilstrækkeligt afprøvet",
        argument="yderligere afprøvning var formålsløs, og at alle lægerne pegede på, at "
                 "arbejdsevnen ikke kunne forbedres",
        rule="Førtidspension kan tilkendes en person, hvis arbejdsevne er varigt nedsat i et "
             "omfang, så personen ikke kan forsørge sig selv, heller ikke i et fleksjob. Det "
             "skal være dokumenteret, fx gennem et ressourceforløb, at arbejdsevnen ikke kan "
             "forbedres, medmindre det er åbenbart formålsløst.",
        reasons={
            "confirmed": "der var konkrete muligheder for at forbedre arbejdsevnen, som ikke "
                         "var afprøvet",
            "changed": "det var åbenbart formålsløst at afprøve arbejdsevnen yderligere",
            "sent_back": "kommunen ikke havde forholdt sig til speciallægens vurdering af, at "
                         "tilstanden var varig",
        },
        consequence="borgeren har ret til førtidspension",
        sent_back_task="vurdere speciallægens oplysninger og forelægge sagen for "
                       "rehabiliteringsteamet igen",
        decision=("Afslag på førtidspension", "refused"),
    ),
    RulingArea(
        key="revalidering", label="Revalidering",
        law="Lov om aktiv socialpolitik", sections=("§ 46", "§ 47", "§ 48"),
        target_group="Personer med begrænsninger i arbejdsevnen",
        topics=(
            ("uddannelse", ("revalidering", "uddannelse", "erhvervsmål"),
             "Ankestyrelsen fastslår, at revalidering med uddannelse kan bevilges, når det er "
             "den eneste mulighed for, at borgeren kan blive selvforsørgende."),
            ("erhvervsmål", ("revalidering", "erhvervsmål", "skånehensyn"),
             "Ankestyrelsen fastslår, at et erhvervsmål skal være realistisk i forhold til "
             "borgerens skånehensyn og arbejdsmarkedets behov."),
        ),
        situation=("ikke kunne vende tilbage til arbejdet som {job} på grund af {lidelse}",
                   "havde søgt om revalidering til en uddannelse som laborant",
                   "havde en arbejdsskade og ingen erhvervsuddannelse"),
        municipality="givet afslag på revalidering, fordi borgeren efter kommunens vurdering "
                     "kunne få ufaglært arbejde inden for skånehensynene",
        argument="der ikke fandtes ufaglært arbejde, som tog hensyn til skånehensynene",
        rule="Revalidering kan gives til personer, som på grund af begrænsninger i "
             "arbejdsevnen har behov for hjælp for at kunne fastholde eller få tilknytning til "
             "arbejdsmarkedet. Revalidering skal være den eneste mulighed for, at borgeren kan "
             "blive selvforsørgende.",
        reasons={
            "confirmed": "borgeren med sine kompetencer kunne få ufaglært arbejde inden for "
                         "skånehensynene",
            "changed": "borgeren ikke kunne få arbejde uden en uddannelse, og erhvervsmålet var "
                       "realistisk",
            "sent_back": "kommunen ikke havde undersøgt, om det ufaglærte arbejde var foreneligt "
                         "med skånehensynene",
        },
        consequence="borgeren har ret til revalidering med det ansøgte erhvervsmål",
        sent_back_task="undersøge arbejdsmarkedet for relevante job inden for skånehensynene",
        decision=("Afslag på revalidering", "refused"),
    ),
    RulingArea(
        key="jobafklaring", label="Jobafklaringsforløb",
        law="Lov om sygedagpenge", sections=("§ 24", "§ 24 a"),
        target_group="Sygemeldte",
        topics=(
            ("ophør", ("jobafklaringsforløb", "ophør", "raskmelding"),
             "Ankestyrelsen fastslår, at et jobafklaringsforløb først kan ophøre, når borgeren "
             "er vurderet arbejdsdygtig i forhold til sit konkrete arbejde."),
            ("ydelse", ("jobafklaringsforløb", "ressourceforløbsydelse", "nedsættelse"),
             "Ankestyrelsen fastslår, at ressourceforløbsydelsen under jobafklaring beregnes "
             "på grundlag af borgerens forhold ved overgangen fra sygedagpenge."),
        ),
        situation=("havde været i jobafklaringsforløb i 14 måneder",
                   "var overgået til jobafklaring efter 22 ugers sygdom",
                   "var i jobafklaringsforløb og delvist raskmeldt"),
        municipality="afsluttet jobafklaringsforløbet, fordi borgeren efter kommunens "
                     "vurdering var arbejdsdygtig",
        argument="lægerne vurderede, at borgeren fortsat var uarbejdsdygtig",
        rule="Et jobafklaringsforløb gives til sygemeldte, der ikke kan få forlænget "
             "sygedagpengene. Forløbet fortsætter, så længe borgeren er uarbejdsdygtig på "
             "grund af egen sygdom.",
        reasons={
            "confirmed": "de lægelige oplysninger viste, at borgeren var arbejdsdygtig i "
                         "forhold til sit tidligere arbejde",
            "changed": "borgeren fortsat var uarbejdsdygtig i forhold til sit konkrete arbejde",
            "sent_back": "kommunen ikke havde vurderet arbejdsdygtigheden i forhold til "
                         "borgerens konkrete arbejde",
        },
        consequence="jobafklaringsforløbet fortsætter",
        sent_back_task="vurdere arbejdsdygtigheden i forhold til borgerens konkrete arbejde",
        decision=("Ophør af jobafklaringsforløb", "stopped"),
    ),
    RulingArea(
        key="partshoering", label="Forvaltningsret",
        law="Forvaltningsloven", sections=("§ 19", "§ 20"),
        target_group="Alle målgrupper",
        topics=(
            ("partshøring", ("partshøring", "lægelige oplysninger", "sagsbehandlingsfejl"),
             "Ankestyrelsen fastslår, at kommunen skal partshøre borgeren over oplysninger, der "
             "er til ugunst for borgeren og af væsentlig betydning for afgørelsen."),
            ("høringsfrist", ("partshøring", "frist", "væsentlig betydning"),
             "Ankestyrelsen fastslår, at en høringsfrist skal være så lang, at borgeren reelt kan "
             "nå at kommentere oplysningerne."),
        ),
        situation=("fik stoppet sine sygedagpenge på grundlag af en speciallægeerklæring",
                   "fik afslag på fleksjob på grundlag af en praktikevaluering",
                   "fik nedsat sin ydelse på grundlag af oplysninger fra en arbejdsgiver"),
        municipality="truffet afgørelse uden at partshøre borgeren over de oplysninger, "
                     "afgørelsen byggede på",
        argument="borgeren aldrig havde set oplysningerne og derfor ikke havde kunnet "
                 "kommentere dem",
        rule="Efter forvaltningsloven må en afgørelse ikke træffes, før borgeren er gjort bekendt "
             "med oplysninger, som er til ugunst for borgeren og af væsentlig betydning for "
             "afgørelsen, og har haft lejlighed til at udtale sig.",
        reasons={
            "confirmed": "borgeren var partshørt, og oplysningerne var kommenteret inden "
                         "afgørelsen",
            "changed": "manglende partshøring var en væsentlig sagsbehandlingsfejl, som gjorde "
                       "afgørelsen ugyldig",
            "sent_back": "borgeren ikke var partshørt over oplysninger af væsentlig betydning",
        },
        consequence="afgørelsen er ugyldig, og borgeren skal stilles, som om den ikke var truffet",
        sent_back_task="partshøre borgeren og derefter træffe en ny afgørelse",
        decision=("Ophør af sygedagpenge", "stopped"),
    ),
    RulingArea(
        key="begrundelse", label="Forvaltningsret",
        law="Forvaltningsloven", sections=("§ 22", "§ 24"),
        target_group="Alle målgrupper",
        topics=(
            ("begrundelse", ("begrundelse", "skøn", "hovedhensyn"),
             "Ankestyrelsen fastslår, at en begrundelse skal henvise til de regler, afgørelsen "
             "bygger på, og angive de hovedhensyn, der har været bestemmende for skønnet."),
            ("afvigelse fra lægelig vurdering", ("begrundelse", "lægelige oplysninger", "afvigelse"),
             "Ankestyrelsen fastslår, at kommunen i begrundelsen skal forholde sig til, hvorfor "
             "den afviger fra en lægelig vurdering i sagen."),
        ),
        situation=("fik afslag på mentorstøtte med en standardbegrundelse",
                   "fik afslag på fleksjob, selv om speciallægen anbefalede fleksjob",
                   "fik stoppet sin ydelse med en kort begrundelse"),
        municipality="truffet en afgørelse, hvis begrundelse ikke forholdt sig til de "
                     "lægelige oplysninger i sagen",
        argument="afgørelsen ikke forklarede, hvorfor kommunen så bort fra speciallægens "
                 "konklusion",
        rule="Efter forvaltningsloven skal en skriftlig afgørelse ledsages af en begrundelse, "
             "medmindre afgørelsen fuldt ud giver borgeren medhold. Begrundelsen skal henvise "
             "til de retsregler, afgørelsen bygger på, og angive hovedhensynene bag skønnet.",
        reasons={
            "confirmed": "begrundelsen opfyldte kravene, og afgørelsen var rigtig",
            "changed": "begrundelsesmanglen havde betydning for afgørelsens indhold, og de "
                       "lægelige oplysninger pegede på et andet resultat",
            "sent_back": "begrundelsen ikke forholdt sig til speciallægens konklusion",
        },
        consequence="afgørelsen ændres til borgerens fordel",
        sent_back_task="træffe en ny afgørelse med en begrundelse, der forholder sig til alle "
                       "lægelige oplysninger",
        decision=("Afslag på mentorstøtte", "refused"),
    ),
    RulingArea(
        key="aktindsigt", label="Aktindsigt",
        law="Forvaltningsloven", sections=("§ 9", "§ 16"),
        target_group="Alle målgrupper",
        topics=(
            ("egen sag", ("aktindsigt", "partsaktindsigt", "interne dokumenter"),
             "Ankestyrelsen fastslår, at en part har ret til aktindsigt i alle dokumenter i "
             "sin egen sag, og at undtagelser skal begrundes konkret."),
            ("frist", ("aktindsigt", "frist", "7 arbejdsdage"),
             "Ankestyrelsen fastslår, at en anmodning om aktindsigt som udgangspunkt skal "
             "besvares inden syv arbejdsdage."),
        ),
        situation=("bad om aktindsigt i alle lægelige oplysninger i sin sag",
                   "bad om at se sagsbehandlerens interne notater",
                   "ventede i seks uger på svar på en anmodning om aktindsigt"),
        municipality="givet delvist afslag på aktindsigt med henvisning til interne dokumenter",
        argument="borgeren havde ret til at se alle oplysninger, der indgik i sagen",
        rule="Efter forvaltningsloven kan den, der er part i en sag, forlange at blive gjort "
             "bekendt med sagens dokumenter. Interne arbejdsdokumenter kan undtages, men "
             "oplysninger om sagens faktiske grundlag skal udleveres.",
        reasons={
            "confirmed": "de undtagne dokumenter var interne arbejdsdokumenter uden faktiske "
                         "oplysninger",
            "changed": "de undtagne dokumenter indeholdt faktiske oplysninger af betydning for sagen",
            "sent_back": "kommunen ikke havde gennemgået dokumenterne konkret",
        },
        consequence="borgeren skal have aktindsigt i de undtagne dokumenter",
        sent_back_task="gennemgå dokumenterne konkret og træffe en ny afgørelse",
        decision=("Delvist afslag på aktindsigt", "partly_granted"),
    ),
    RulingArea(
        key="oplysning", label="Retssikkerhed",
        law="Retssikkerhedsloven", sections=("§ 10", "§ 11", "§ 5"),
        target_group="Alle målgrupper",
        topics=(
            ("sagens oplysning", ("officialprincippet", "oplysning af sagen", "helhedsvurdering"),
             "Ankestyrelsen fastslår, at kommunen skal sørge for, at sagen er tilstrækkeligt "
             "oplyst, før der træffes afgørelse."),
            ("helhedsvurdering", ("helhedsvurdering", "ansøgning", "alle muligheder"),
             "Ankestyrelsen fastslår, at kommunen skal behandle en ansøgning efter alle de "
             "regler, der kan give borgeren ret til hjælp."),
        ),
        situation=("søgte om hjælp til transport til behandling",
                   "fik afslag uden at kommunen havde indhentet oplysninger fra egen læge",
                   "havde oplyst om nye helbredsproblemer under sagens behandling"),
        municipality="truffet afgørelse uden at indhente de oplysninger, borgeren havde henvist til",
        argument="kommunen burde have kontaktet borgerens læge og behandler",
        rule="Efter retssikkerhedsloven skal kommunen sørge for, at en sag er oplyst i "
             "tilstrækkeligt omfang til, at der kan træffes en rigtig afgørelse. Kommunen skal "
             "også behandle en ansøgning efter alle de regler, der kan komme på tale.",
        reasons={
            "confirmed": "sagen var tilstrækkeligt oplyst",
            "changed": "oplysningerne i sagen var tilstrækkelige til at give borgeren ret til hjælpen",
            "sent_back": "sagen ikke var tilstrækkeligt oplyst",
        },
        consequence="borgeren har ret til den ansøgte hjælp",
        sent_back_task="indhente oplysninger fra borgerens læge og behandler",
        decision=("Afslag på befordringsgodtgørelse", "refused"),
    ),
    RulingArea(
        key="uddannelseshjaelp", label="Uddannelseshjælp",
        law="Lov om aktiv socialpolitik", sections=("§ 2 b", "§ 21 b", "§ 23"),
        target_group="Unge under 30 år uden uddannelse",
        topics=(
            ("uddannelsespålæg", ("uddannelsespålæg", "uddannelsesparat", "ung"),
             "Ankestyrelsen fastslår, at et uddannelsespålæg skal være realistisk i forhold til "
             "den unges forudsætninger."),
            ("åbenlyst uddannelsesparat", ("uddannelseshjælp", "visitation", "aktivitetsparat"),
             "Ankestyrelsen fastslår, at visitationen skal bygge på en konkret vurdering af den "
             "unges faglige, personlige og sociale forudsætninger."),
        ),
        situation=("var 22 år og havde afbrudt to ungdomsuddannelser",
                   "var ordblind og havde fået pålæg om at søge en gymnasial uddannelse",
                   "havde angst og var visiteret som uddannelsesparat"),
        municipality="visiteret den unge som uddannelsesparat og givet uddannelsespålæg",
        argument="den unge på grund af sine vanskeligheder ikke kunne begynde på en "
                 "uddannelse inden for et år",
        rule="Unge under 30 år uden en erhvervskompetencegivende uddannelse skal visiteres "
             "efter deres forudsætninger for at begynde på og gennemføre en uddannelse.",
        reasons={
            "confirmed": "den unge havde forudsætninger for at begynde på en uddannelse inden "
                         "for et år",
            "changed": "den unges vanskeligheder betød, at den unge var aktivitetsparat",
            "sent_back": "kommunen ikke havde inddraget oplysningerne om den unges ordblindhed",
        },
        consequence="den unge skal visiteres som aktivitetsparat",
        sent_back_task="foretage en ny visitation, der inddrager alle oplysninger",
        decision=("Visitation som uddannelsesparat", "refused"),
    ),
    RulingArea(
        key="ledighedsydelse", label="Ledighedsydelse",
        law="Lov om aktiv socialpolitik", sections=("§ 74", "§ 74 a", "§ 74 f"),
        target_group="Visiterede til fleksjob",
        topics=(
            ("betingelser", ("ledighedsydelse", "visitation", "fleksjob"),
             "Ankestyrelsen fastslår, at ret til ledighedsydelse forudsætter visitation til "
             "fleksjob og at borgeren står til rådighed for et fleksjob."),
            ("revurdering", ("ledighedsydelse", "revurdering", "18 måneder"),
             "Ankestyrelsen fastslår, at kommunen ved revurderingen skal vurdere, om borgeren "
             "fortsat opfylder betingelserne for fleksjob."),
        ),
        situation=("havde været visiteret til fleksjob i 18 måneder uden at finde et job",
                   "blev syg under perioden med ledighedsydelse",
                   "var flyttet til kommunen med ledighedsydelse"),
        municipality="stoppet ledighedsydelsen, fordi borgeren efter kommunens vurdering ikke "
                     "stod til rådighed",
        argument="borgeren havde søgt fleksjob aktivt og deltaget i alle tilbud",
        rule="Ledighedsydelse kan udbetales til personer, der er visiteret til fleksjob, og som "
             "er ledige. Borgeren skal stå til rådighed for et fleksjob.",
        reasons={
            "confirmed": "borgeren ikke havde stået til rådighed for fleksjob",
            "changed": "borgeren havde stået til rådighed og havde søgt aktivt",
            "sent_back": "kommunen ikke havde vurderet, om fraværet skyldtes sygdom",
        },
        consequence="borgeren har fortsat ret til ledighedsydelse",
        sent_back_task="undersøge årsagen til fraværet og træffe en ny afgørelse",
        decision=("Ophør af ledighedsydelse", "stopped"),
    ),
    RulingArea(
        key="hjemmel", label="Hjemmel",
        law=EMPLOYMENT_LAW, sections=("§ 42", "§ 78", "§ 82"),
        target_group="Alle målgrupper",
        topics=(
            ("virksomhedspraktik", ("virksomhedspraktik", "varighed", "hjemmel"),
             "Ankestyrelsen fastslår, at en virksomhedspraktik ud over lovens varighed kræver, "
             "at betingelserne for forlængelse konkret er opfyldt."),
            ("mentor", ("mentor", "skøn", "støttebehov"),
             "Ankestyrelsen fastslår, at kommunen skal foretage en konkret vurdering af "
             "behovet for mentorstøtte og ikke kan følge en fast praksis."),
        ),
        situation=("havde været i virksomhedspraktik i 13 uger",
                   "havde brug for en mentor for at kunne fastholde en praktik",
                   "søgte om dækning af transport til praktikken"),
        municipality="givet afslag med henvisning til en intern retningslinje",
        argument="kommunen ikke havde vurderet borgerens konkrete situation",
        rule="Kommunen skal foretage et konkret og individuelt skøn. En intern retningslinje kan "
             "bruges som vejledning, men må ikke erstatte det konkrete skøn.",
        reasons={
            "confirmed": "kommunen havde foretaget en konkret vurdering",
            "changed": "borgerens behov for støtte var dokumenteret",
            "sent_back": "afgørelsen alene byggede på en intern retningslinje",
        },
        consequence="borgeren har ret til den ansøgte støtte",
        sent_back_task="foretage et konkret skøn ud fra borgerens situation",
        decision=("Afslag på mentorstøtte", "refused"),
    ),
)
RULING_LETTERS = "ACDEFJKMPRU"  # the older series: C-32-05, D-15-07, U-8-02 ...
REJECTED_REASONS = (
    "klagen var indgivet efter klagefristens udløb, og der ikke var grund til at se bort "
    "fra overskridelsen",
    "kommunens brev ikke var en afgørelse, men en vejledning",
    "klagen var trukket tilbage under behandlingen",
)
OUTCOME_VERBS = {"confirmed": "stadfæstede", "changed": "ændrede", "sent_back": "hjemviste",
                 "rejected": "afviste"}
OUTCOME_PARTICIPLES = {"confirmed": "stadfæstet", "changed": "ændret", "sent_back": "hjemvist"}


_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")


def ruling_title(label: str, part: str, keywords: list[str]) -> str:
    """'Area – topic – keyword – keyword': only the keywords that add words the title does
    not have yet (nor inside another word: 'frist' after 'høringsfrist'), so no word is
    said twice."""
    parts = [label, part]
    said = [word.lower() for text in parts for word in _TITLE_WORD.findall(text)]
    for keyword in keywords:
        words = [word.lower() for word in _TITLE_WORD.findall(keyword)]
        if words and not any(new in old or old in new for new in words for old in said):
            parts.append(keyword)
            said += words
    return " – ".join(parts)


def ruling_text(rng: Random, area: RulingArea, topic: int, outcome: str,
                replaces: list[str], decided_on: date | None = None) -> dict:
    """Title, keywords, summary and the three parts of a ruling's full text; "law" is the
    law's name on `decided_on` (the area's law without a date)."""
    part, keywords, principle = area.topics[topic]
    section = rng.choice(area.sections)
    law = law_on(area.law, decided_on) if decided_on else area.law
    slots = {"job": rng.choice(JOBS), "lidelse": rng.choice(LIDELSER)}
    situation = rng.choice(area.situation).format_map(slots)
    extra = rng.choice([keyword for keyword in EXTRA_KEYWORDS if keyword not in keywords])
    all_keywords = [*keywords, extra]
    title = ruling_title(area.label, part, all_keywords)
    if outcome == "rejected":
        why = rng.choice(REJECTED_REASONS)
    else:
        why = area.reasons[outcome]
    summary = [principle, f"I sagen havde kommunen {area.municipality}.",
               f"Ankestyrelsen {OUTCOME_VERBS[outcome]} "
               + ("klagen" if outcome == "rejected" else "kommunens afgørelse")
               + f", fordi {why}."]
    if outcome in ("changed", "sent_back"):
        summary.append(rng.choice(LESSONS))
    if replaces:
        summary.append(f"Principmeddelelsen erstatter {' og '.join(replaces)}.")
    facts = "\n\n".join([
        f"Sagen drejede sig om en borger, som {situation}.",
        f"Kommunen havde {area.municipality}. Sagen er behandlet efter {law} {section}.",
        f"Borgeren klagede og anførte, at {area.argument}. Kommunen genvurderede sagen og "
        "fastholdt afgørelsen, hvorefter klagen blev sendt til Ankestyrelsen.",
    ])
    decision = {
        "confirmed": "Ankestyrelsen stadfæster kommunens afgørelse. Det betyder, at "
                     "afgørelsen er rigtig.",
        "changed": f"Ankestyrelsen ændrer kommunens afgørelse. Det betyder, at {area.consequence}.",
        "sent_back": "Ankestyrelsen ophæver kommunens afgørelse og hjemviser sagen. Det "
                     f"betyder, at kommunen skal {area.sent_back_task}.",
        "rejected": "Ankestyrelsen afviser at behandle klagen.",
    }[outcome]
    reasoning = "\n\n".join([
        area.rule,
        f"Ankestyrelsen har lagt vægt på, at {why}.",
        rng.choice(CLOSINGS[outcome]),
    ])
    return {"title": title, "keywords": all_keywords, "summary": " ".join(summary),
            "facts": facts, "decision_text": decision, "reasoning": reasoning,
            "section": section, "law": law}


LIDELSER = ("rygsmerter", "en depression", "angst", "følger efter en hjernerystelse",
            "slidgigt i knæene", "en stressbelastning", "kroniske smerter")
EXTRA_KEYWORDS = ("helhedsvurdering", "skånehensyn", "lægelige oplysninger", "varighed",
                  "arbejdsevne", "sagsbehandlingsfejl", "officialprincippet", "dokumentation")
LESSONS = (
    "Afgørelsen viser, at kommunen skal inddrage alle lægelige oplysninger, også udtalelser "
    "fra speciallæger og psykologer.",
    "Afgørelsen viser betydningen af, at kommunen begrunder, hvorfor den afviger fra en "
    "lægelig vurdering.",
    "Principmeddelelsen tydeliggør kravene til sagens oplysning.",
)
CLOSINGS = {
    "confirmed": ("Ankestyrelsen finder derfor, at kommunens afgørelse er rigtig.",
                  "Det, borgeren har anført i klagen, kan ikke føre til et andet resultat."),
    "changed": ("Ankestyrelsen finder derfor, at borgeren opfylder betingelserne.",
                "Ankestyrelsen er derfor ikke enig i kommunens vurdering."),
    "sent_back": ("Kommunen skal derfor behandle sagen igen.",
                  "Ankestyrelsen kan ikke tage stilling til sagen, før den er tilstrækkeligt oplyst."),
    "rejected": ("Ankestyrelsen har derfor ikke taget stilling til sagens indhold.",),
}


# --- Meetings, notes and agreements --------------------------------------------------

MEETING_MINUTES = {"first": 60, "follow_up": 45, "round_table": 90, "handover": 45, "phone": 20}
CLOSING_ITEM = "Aftaler og næste samtale"
MEETING_TITLES = {"first": "Første samtale", "follow_up": "Opfølgningssamtale",
                  "round_table": "Rundbordssamtale", "handover": "Overdragelsessamtale",
                  "phone": "Telefonsamtale"}
MEETING_PURPOSES = {
    "first": ("Første samtale: vi lærer hinanden at kende og taler om dit jobmål og dine ønsker.",
              "Første samtale efter din ansøgning om hjælp. Vi taler om din situation og dit jobmål."),
    "follow_up": ("Opfølgning på din plan og det, vi aftalte sidst.",
                  "Opfølgning på praktikken og dine aftaler.",
                  "Opfølgning på dit helbred og de næste skridt i din plan.",
                  "Opfølgning på din jobsøgning og dine aftaler."),
    "round_table": ("Rundbordssamtale med din behandler om planen for de næste måneder.",
                    "Rundbordssamtale med praktikstedet om, hvordan det går, og hvad der skal ske nu."),
    "handover": ("Overdragelse: du møder din nye kontaktperson, og vi gennemgår din sag sammen.",),
    "phone": ("Telefonsamtale om status og dine aftaler.",),
}
JOB_GOALS = ("Job som {job} på 20 timer om ugen", "Fast job som {job}",
             "Uddannelse som {job}", "Skånejob med kundekontakt", "Fleksjob inden for {job}-faget")

# The fixed items of an agenda by meeting kind: (title, owner, minutes).
AGENDA_OPENINGS = {
    "first": (("Velkommen og formålet med samtalen", "caseworker", 5),
              ("Din situation og dine ønsker", "citizen", 15),
              ("Jobmål og muligheder", "both", 15),
              ("Virksomhedskonsulentens muligheder", "other", 10)),
    "follow_up": (("Siden sidst", "citizen", 10),),
    "round_table": (("Præsentation af deltagerne", "caseworker", 5),
                    ("Dine egne ønsker til forløbet", "citizen", 15),
                    ("Status fra behandleren", "other", 20)),
    "handover": (("Din nye kontaktperson", "caseworker", 10),
                 ("Det, du allerede har fortalt os", "citizen", 10)),
    "phone": (("Status siden sidst", "citizen", 10),),
}
AGENDA_MAIN = ("Plan for de næste uger", "Praktik og timetal", "Jobsøgning og jobmål",
               "Helbred og behandling", "Uddannelse og kurser", "Aftaler, der fortsætter")
# Pools whose items start with what the citizen must have ("" = anyone; see `fitting`).
SECTION_TEXTS = {
    "manual": (
        ("", "{fornavn} fortalte, at de seneste uger har været svingende. {Hun} har holdt fast "
             "i de faste aftaler, men har aflyst én gang."),
        ("", "Vi gennemgik planen. {fornavn} vil gerne fortsætte som aftalt."),
        ("", "{fornavn} har søgt {antal} stillinger og har fået ét afslag med en god begrundelse."),
        ("health", "Vi talte om, hvad der skal til for at {fornavn} kan arbejde flere timer. {Hun} "
                   "pegede selv på pauser og faste opgaver."),
        ("health", "{fornavn} har været til kontrol hos lægen. Der er ingen ændringer i medicinen."),
        ("placement", "Praktikstedet har givet en god tilbagemelding. {fornavn} er glad for "
                      "kollegerne."),
    ),
    "agreement": (
        ("", "Aftalen er gennemført. {fornavn} har gjort det, vi aftalte."),
        ("", "Aftalen er ikke gennemført endnu, fordi {fornavn} har været syg. Den fortsætter."),
        ("", "Jobcentret har ikke nået sin del af aftalen. Det sker inden næste samtale."),
    ),
    "statement": (
        ("", "Vi gennemgik den nye erklæring. {fornavn} er enig i konklusionen og vil gerne "
             "følge anbefalingerne om timetal."),
        ("", "Vi gennemgik den nye erklæring. {fornavn} mener, at den beskriver {hendes} dårlige "
             "dage for lidt, og vil tale med lægen om det."),
    ),
    "ruling": (
        ("", "Vi talte om Ankestyrelsens afgørelse, som har betydning for, hvordan jobcentret "
             "skal vurdere oplysningerne i {fornavns} sag."),
    ),
    "wish": (
        ("", "{fornavns} ønske blev drøftet. Vi undersøger, om det kan indgå i planen."),
    ),
    "citizen_points": (
        ("", "{fornavn} spurgte, om {hun} kan få samme sagsbehandler fremover. Det er noteret."),
        ("placement", "{fornavn} spurgte til transport til praktikken. Vi undersøger "
                      "befordringsgodtgørelse."),
        ("", "{fornavn} havde ingen egne punkter."),
    ),
    "carried": (
        ("", "Punktet blev ikke nået sidst. Vi nåede det i dag."),
    ),
}
CITIZEN_VIEWS = (
    ("", "Jeg synes, det går den rigtige vej, men jeg er bange for at gå for hurtigt frem."),
    ("placement", "Jeg er glad for praktikken, men jeg er meget træt, når jeg kommer hjem."),
    ("health", "Jeg vil gerne arbejde flere timer, men min krop siger fra."),
    ("", "Jeg føler, at jeg bliver lyttet til nu. Det har ikke altid været sådan."),
    ("", "Jeg forstår ikke, hvorfor det skal tage så lang tid. Jeg vil gerne videre."),
    ("health", "Det er svært for mig at sige, hvad jeg kan, når det skifter fra dag til dag."),
    ("", "Jeg vil gerne have et rigtigt job og ikke bare endnu et kursus."),
    ("", "Jeg har det bedre, end jeg havde sidst, og det vil jeg gerne have skrevet ned."),
    ("health", "Jeg er uenig i, at jeg kan arbejde mere lige nu. Lægen siger noget andet."),
    ("", "Jeg søger alt, hvad jeg kan finde, men jeg hører ikke noget tilbage."),
)
FACTS = (
    ("placement", "{fornavn} er i praktik hos {arbejdsgiver} {timer} timer om ugen."),
    ("placement", "Fremmøde i praktikken de seneste fire uger: {antal} af 16 dage."),
    ("", "{fornavn} har søgt {antal} stillinger siden sidste samtale."),
    ("health", "{fornavn} går til {behandling} en gang om ugen."),
    ("health", "Ny lægeattest er modtaget og gennemgået."),
    ("", "{fornavn} deltager i {kursus} med fremmøde hver uge."),
    ("", "{fornavn} har opdateret sit CV på Jobnet."),
)
NEXT_STEPS = (
    ("placement", "Jobcentret kontakter praktikstedet om forlængelse."),
    ("health", "{fornavn} taler med sin læge om medicinen inden næste samtale."),
    ("", "{fornavn} søger fem stillinger inden næste samtale. Jobcentret sender forslag til "
         "virksomheder."),
    ("health", "Jobcentret indhenter statusattest. {fornavn} sender dokumentation for "
               "behandlingen."),
    ("", "Virksomhedskonsulenten finder et praktiksted, der passer til {fornavns} ønsker."),
    ("health", "Sagen forberedes til rehabiliteringsteamet."),
)
AGREEMENTS = (
    ("placement", "Kontakte praktikstedet om forlængelse af praktikken", "caseworker"),
    ("health", "Bestille tid hos egen læge om medicinen", "citizen"),
    ("", "Opdatere CV på Jobnet", "citizen"),
    ("", "Søge fem stillinger som {job}", "citizen"),
    ("health", "Indhente statusattest fra {læge}", "caseworker"),
    ("", "Finde en mentor", "caseworker"),
    ("", "Undersøge {kursus}", "caseworker"),
    ("", "Aftale virksomhedsbesøg med {vk}", "both"),
    ("health", "Udfylde det forberedende skema til rehabiliteringsteamet", "citizen"),
    ("health", "Sende dokumentation for behandlingen", "citizen"),
    ("placement", "Søge om befordringsgodtgørelse", "caseworker"),
    ("placement", "Prøve at tage bussen til praktikstedet to gange", "citizen"),
)
# A correction as the citizen makes it: (what the notes said, what the citizen says, why).
CORRECTIONS = (
    ("", "{fornavn} kan arbejde 15 timer om ugen.",
     "{fornavn} kan arbejde 10 timer om ugen nu. 15 timer er målet om tre måneder.",
     "Jeg sagde 10 timer nu og måske 15 senere."),
    ("health", "{fornavn} kan gå to timer ad gangen.", "{fornavn} kan gå ca. 20 minutter ad gangen.",
     "Det er 20 minutter, ikke to timer."),
    ("health", "{fornavn} har afsluttet behandlingen.",
     "{fornavn} er stadig i behandling og har fire samtaler tilbage.",
     "Jeg er ikke færdig med behandlingen."),
    ("", "{fornavn} ønsker ikke praktik.", "{fornavn} ønsker praktik, men ikke med tunge løft.",
     "Jeg vil gerne i praktik, bare ikke med tunge løft."),
    ("", "{fornavn} møder stabilt hver dag.",
     "{fornavn} møder de fleste dage, men har haft fravær på grund af sygdom.",
     "Det er ikke rigtigt, at jeg møder hver dag. Jeg vil ikke have, at det står forkert."),
)


def fitting(pool: tuple[tuple[str, ...], ...], needs: frozenset[str]) -> list[tuple[str, ...]]:
    """The items of a tagged pool that fit a citizen, without their tag."""
    return [item[1:] for item in pool if set(item[0].split()) <= needs]


CORRECTION_REJECTIONS = (
    "Referatet gengiver det, der blev sagt på mødet. Din bemærkning er lagt ved referatet, så "
    "alle kan se den.",
    "Oplysningen stammer fra praktikstedets evaluering og ikke fra samtalen. Din bemærkning "
    "er lagt ved referatet.",
)
REVIEW_FEEDBACK = (
    "God forberedelse: dagsordenen var sendt med indkaldelsen, og den nye lægeerklæring var læst.",
    "Husk at notere bisidderens navn i deltagerlisten.",
    "Dagsordenen var på 60 minutter, men mødet var sat til 45. Overvej færre punkter.",
    "Fint, at borgerens egne ønsker var med som første punkt.",
    "Lægeerklæringen fra sidste måned var ikke læst før mødet. Den bør læses før mødet, så "
    "borgeren ikke skal forklare den.",
    "Referatet blev sendt samme dag. Godt.",
    "Der var to åbne aftaler fra sidst, som ikke var på dagsordenen.",
)

# --- Representatives, activities, inquiries ------------------------------------------

COMPANION_RELATIONS = ("mor", "far", "søster", "bror", "ægtefælle", "kæreste", "ven",
                       "veninde", "datter", "søn")
REPRESENTATIVE_RELATIONS = ("faglig konsulent, 3F Fjordby", "faglig konsulent, FOA Fjordby",
                            "advokat", "socialrådgiver, Fjordby Frivilligcenter",
                            "bisidder fra Bisidderordningen i Fjordby", "faglig konsulent, HK")
ASSIGNMENT_REASONS = ("Sagsbehandler stoppet", "Ny teamstruktur", "Målgruppeskift",
                      "Borgerens ønske", "Omfordeling af sager", "Sagsbehandler på barsel")
# By status; tagged with the activity kinds they fit ("" = any kind).
ACTIVITY_OUTCOMES = {
    "completed": (
        ("placement wage_subsidy", "Gennemført. {fornavn} arbejdede {timer} timer om ugen med de "
         "aftalte skånehensyn. Arbejdsstedet vurderer, at {hun} er stabil og kan løse opgaverne "
         "selvstændigt."),
        ("placement", "Gennemført med godt fremmøde. Praktikken har afklaret, at {fornavn} kan "
         "arbejde med let fysisk arbejde og har brug for pauser."),
        ("course", "Gennemført. {fornavn} har fået kursusbevis og bruger det i jobsøgningen."),
        ("mentor treatment other", "Gennemført efter planen. {fornavn} har mødt stabilt."),
    ),
    "stopped": (
        ("", "Afbrudt efter tre uger, fordi {gener_eller_fravær} tog til. Vi venter med noget "
             "nyt, til lægen har vurderet situationen."),
        ("placement wage_subsidy", "Afbrudt efter aftale med {fornavn}, fordi opgaverne krævede "
         "tunge løft, som ikke var aftalt."),
        ("", "Afbrudt, fordi {fornavn} fik arbejde i en anden virksomhed."),
    ),
    "running": (("", "I gang. Første evaluering er aftalt."), ("", "I gang. {fornavn} møder stabilt.")),
    "planned": (("", "Planlagt. Det, der skal tages hensyn til, er aftalt før start."),
                ("", "Planlagt. Afventer underskrevet aftale.")),
}
INQUIRIES = {
    "phone": ("Spørger, hvornår praktikken starter.", "Vil gerne tale om lægeattesten.",
              "Spørger til udbetalingen i denne måned."),
    "email": ("Vil gerne flytte samtalen til en anden dag.",
              "Sender spørgsmål til referatet fra sidste samtale.",
              "Spørger, om {hun} må tage sin søster med som bisidder."),
    "sms": ("Har ikke modtaget referatet.", "Beder om at blive ringet op.",
            "Spørger, om mødet i morgen er i samme lokale."),
    "letter": ("Sender kopi af lægeerklæring og beder om svar på ansøgningen om mentor.",),
    "digital_post": ("Spørger til brevet om sanktion og beder om en forklaring.",
                     "Spørger til, hvad der står i planen om timetal.",
                     "Beder om en kopi af alle papirer i sagen."),
}
HANDOVER_NOTES = (
    "{fornavn} har haft mange skift af sagsbehandler og er bekymret for at skulle fortælle "
    "det hele igen. Læs dossieret før første møde, og ring gerne til {hende} inden.",
    "{fornavn} er meget stabil og klar over sine mål. Praktikken fungerer godt, og "
    "arbejdsgiveren er positiv. Hold fast i de faste mødetider.",
    "Vær opmærksom på, at {fornavn} har det svært med telefonsamtaler. Skriv hellere en sms "
    "og aftal en tid.",
)
PRACTICE_CHANGE_TEXTS = (
    "Efter Ankestyrelsens afgørelse i en af vores egne sager skal vi fremover altid {task}, "
    "før vi træffer afgørelse på dette område. Teamlederen gennemgår de åbne sager, hvor det "
    "kan have betydning, inden for en måned.",
    "Ankestyrelsen {verb} en af vores afgørelser. Fra i dag skal vi {task}. Brug tjeklisten i "
    "fællesmappen, og spørg teamlederen, hvis du er i tvivl.",
)


# --- Letters -------------------------------------------------------------------------


def invitation_letter(*, first_name: str, kind: str, day: date, time_text: str, place: str,
                      purpose: str, agenda: list[str], caseworker: tuple[str, str, str, str],
                      consequence: bool) -> tuple[str, str]:
    """An invitation in plain Danish: what the meeting is for first, the agenda, the right
    to bring someone, the caseworker's direct contact, and legal references last."""
    name, title, phone, email = caseworker
    when = f"{WEEKDAYS[day.weekday()]} den {danish_date(day, year=True)} kl. {time_text}"
    if kind == "phone":
        where = "Jeg ringer til dig på det nummer, vi har."
        subject = f"Telefonsamtale {danish_date(day)}"
    else:
        where = f"Mødet er i {place} på {JOB_CENTRE}, {JOB_CENTRE_ADDRESS}."
        subject = f"Indkaldelse til samtale {danish_date(day)}"
    lines = [
        f"Kære {first_name}",
        f"Vi skal holde en samtale {when}. {where}",
        purpose,
        "Det skal vi tale om:",
        "\n".join(f"{number}. {item}" for number, item in enumerate(agenda, start=1)),
        "Du må gerne tage en person med. Det kan være en fra familien, en ven eller en anden, "
        "du stoler på. Personen kan også tale for dig, hvis du vil.",
        "Kan du ikke komme? Så ring eller skriv til mig. Så finder vi en ny tid.",
    ]
    if consequence:
        lines.append("Hvis du ikke kommer og ikke giver besked, kan det betyde, at du får "
                     "trukket i din ydelse.")
    lines += [f"Venlig hilsen\n{name}\n{title}, {JOB_CENTRE}\nDirekte telefon: {phone}\n"
              f"E-mail: {email}",
              "Regler: Lov om aktiv beskæftigelsesindsats og retssikkerhedsloven § 7."]
    return subject, "\n\n".join(lines)


def approval_letter(*, first_name: str, day: date, agreements: list[str], next_steps: str,
                    link: str, caseworker: tuple[str, str, str, str]) -> tuple[str, str]:
    """The notes for the citizen: agreements and next steps first, then how to answer."""
    name, title, phone, email = caseworker
    body = "\n\n".join([
        f"Kære {first_name}",
        f"Her er referatet fra vores samtale {danish_date(day)}. Først det, vi aftalte:",
        "\n".join(f"- {item}" for item in agreements) or "- Ingen nye aftaler.",
        f"Det sker nu: {next_steps}",
        f"Læs hele referatet her: {link}",
        "Er alt rigtigt? Så tryk på Godkend. Er noget forkert, kan du skrive, hvad der skal "
        "rettes. Du behøver ikke ringe.",
        f"Venlig hilsen\n{name}\n{title}, {JOB_CENTRE}\nDirekte telefon: {phone}\nE-mail: {email}",
    ])
    return f"Referat af samtalen {danish_date(day)} – godkend eller ret", body


def handover_letter(*, first_name: str, new: tuple[str, str, str, str], old_name: str,
                    ) -> tuple[str, str]:
    """Introduces the new caseworker with direct contact (R-HAND-2)."""
    name, title, phone, email = new
    body = "\n\n".join([
        f"Kære {first_name}",
        f"Fra i dag er det mig, {name}, der er din kontaktperson på {JOB_CENTRE}. "
        f"{old_name} har givet mig din sag, og jeg har læst det, du har fortalt.",
        "Du skal ikke fortælle din historie forfra. Vi fortsætter med de aftaler, du har.",
        f"Du kan ringe direkte til mig på {phone} eller skrive til {email}.",
        f"Venlig hilsen\n{name}\n{title}, {JOB_CENTRE}",
    ])
    return "Du har fået en ny kontaktperson", body


_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n\n")


def lix(text: str) -> float:
    """LIX = words per sentence + percentage of words longer than six letters."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    long_words = sum(1 for word in words if len(word) > 6)
    return round(len(words) / sentences + 100 * long_words / len(words), 1)
