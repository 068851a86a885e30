"""A labelled set for "similar to this case" (R-RULE-2): 66 invented rulings in
Ankestyrelsen's style, and 10 citizens' cases with the rulings a caseworker preparing
the meeting would want to read.

The rulings cover the areas a job centre meets, with distractors on purpose: rulings of
the same target group about something else (employer refunds, assets, stays abroad),
technical rulings that share words with the cases (benefit calculations), older rulings
that a newer one replaces, and rulings on other laws. The wanted rulings were chosen by
reading the case and the library, not by looking at what the ranking returns.

Used by tests/core/test_similar_rulings.py and benchmarks/similar_rulings.py.
"""

from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from prepdesk.core.context import LOCAL_TIMEZONE, CurrentUser
from prepdesk.data import models as m

SICK_PAY = "Lov om sygedagpenge"
SOCIAL = "Lov om aktiv socialpolitik"
EMPLOYMENT = "Lov om en aktiv beskæftigelsesindsats"
PENSION = "Lov om social pension"
ADMIN = "Forvaltningsloven"
LEGAL = "Retssikkerhedsloven"
INSURANCE = "Lov om arbejdsløshedsforsikring m.v."
SERVICE = "Lov om social service"

SICK, CASH, FLEX, COMPLEX = ("Sygedagpengemodtagere", "Kontanthjælpsmodtagere",
                             "Personer med varigt nedsat arbejdsevne",
                             "Personer med komplekse problemer")
ALL, YOUNG, LIMITED = ("Alle målgrupper", "Unge under 30 år uden uddannelse",
                       "Personer med begrænsninger i arbejdsevnen")


def _ruling(number, title, decided_on, law, section, target_group, keywords, outcome, summary,
            replaces=()):
    return dict(number=number, title=title, decided_on=date.fromisoformat(decided_on), law=law,
                section=section, target_group=target_group, keywords=list(keywords),
                outcome=outcome, summary=summary, replaces=list(replaces))


RULINGS = [
    # --- sygedagpenge --------------------------------------------------------------
    _ruling("12-21", "Sygedagpenge – revurdering – forlængelse – lægelige oplysninger",
            "2021-03-01", SICK_PAY, "§ 27", SICK,
            ["revurdering", "forlængelse", "lægelige oplysninger"], "sent_back",
            "Kommunen skal ved revurderingen efter 22 uger tage stilling til alle "
            "forlængelsesmuligheder. Vurderingen skal bygge på aktuelle lægelige oplysninger, "
            "herunder en opdateret speciallægeerklæring, når tilstanden har ændret sig."),
    _ruling("30-19", "Sygedagpenge – forlængelse – lægelig behandling – venter på operation",
            "2019-06-14", SICK_PAY, "§ 27, stk. 1, nr. 2", SICK,
            ["forlængelse", "lægelig behandling", "operation", "ventetid"], "changed",
            "Sygedagpengene skal forlænges, når borgeren er under eller venter på lægelig "
            "behandling, og den behandlende læge vurderer, at behandlingen kan gøre borgeren "
            "arbejdsdygtig. I sagen ventede borgeren på en operation for diskusprolaps.",
            replaces=["P-11-09"]),
    _ruling("P-11-09", "Sygedagpenge – forlængelse – behandling", "2009-04-02", SICK_PAY,
            "§ 27", SICK, ["forlængelse", "behandling"], "confirmed",
            "Forlængelse på grund af behandling forudsætter, at behandlingen er planlagt. "
            "Principafgørelsen er erstattet af 30-19."),
    _ruling("45-20", "Sygedagpenge – uarbejdsdygtighed – delvis raskmelding – konkret arbejde",
            "2020-09-22", SICK_PAY, "§ 7", SICK,
            ["uarbejdsdygtighed", "delvis raskmelding", "konkret arbejde"], "changed",
            "Om borgeren er uarbejdsdygtig, skal vurderes i forhold til borgerens konkrete "
            "arbejde og ikke i forhold til arbejde generelt. En delvis raskmelding kræver, at "
            "borgeren kan udføre en del af sit sædvanlige arbejde."),
    _ruling("8-22", "Sygedagpenge – ophør – manglende medvirken – opfølgningssamtale",
            "2022-02-10", SICK_PAY, "§ 21", SICK,
            ["medvirken", "opfølgningssamtale", "rimelig grund", "psykisk lidelse"], "changed",
            "Kommunen kan standse sygedagpengene, når borgeren uden rimelig grund ikke "
            "medvirker til opfølgningen. En dokumenteret psykisk lidelse, der gør det svært "
            "at møde op, kan være en rimelig grund til at udeblive fra en opfølgningssamtale."),
    _ruling("61-18", "Sygedagpenge – arbejdsgiverperiode – lønmodtager – beskæftigelseskrav",
            "2018-11-05", SICK_PAY, "§ 30", SICK,
            ["arbejdsgiverperiode", "beskæftigelseskrav", "lønmodtager"], "confirmed",
            "Arbejdsgiveren betaler sygedagpenge i de første 30 dage, når lønmodtageren "
            "opfylder beskæftigelseskravet over for arbejdsgiveren."),
    _ruling("22-23", "Sygedagpenge – selvstændig erhvervsdrivende – forsikring – karensperiode",
            "2023-05-16", SICK_PAY, "§ 45", SICK,
            ["selvstændig", "forsikring", "karensperiode"], "confirmed",
            "En selvstændig erhvervsdrivende har først ret til sygedagpenge efter "
            "karensperioden, medmindre vedkommende har tegnet en frivillig forsikring."),
    _ruling("14-24", "Sygedagpenge – forlængelse – livstruende sygdom – kræft",
            "2024-01-30", SICK_PAY, "§ 27, stk. 1, nr. 4", SICK,
            ["forlængelse", "livstruende sygdom", "kræft"], "changed",
            "Sygedagpengene skal forlænges uden tidsbegrænsning, når borgeren har en "
            "livstruende alvorlig sygdom som kræft. Det er ikke en betingelse, at prognosen "
            "er endeligt afklaret."),
    _ruling("43-23", "Sygedagpenge – refusion – arbejdsgiver – § 56-aftale",
            "2023-10-03", SICK_PAY, "§ 56", SICK,
            ["refusion", "arbejdsgiver", "kronisk sygdom", "fravær"], "confirmed",
            "En arbejdsgiver har ret til refusion fra første fraværsdag, når der er indgået en "
            "§ 56-aftale om en lønmodtager med en kronisk sygdom."),
    _ruling("20-22", "Sygedagpenge – graviditet – graviditetsbetinget fravær",
            "2022-06-21", SICK_PAY, "§ 6", SICK,
            ["graviditet", "fravær", "lægeerklæring"], "confirmed",
            "Ved graviditetsbetinget sygdom skal der foreligge en lægeerklæring om, at "
            "graviditeten medfører risiko for kvinden eller barnet."),
    # --- jobafklaringsforløb ---------------------------------------------------------
    _ruling("5-21", "Jobafklaringsforløb – overgang fra sygedagpenge – ressourceforløbsydelse",
            "2021-09-02", SICK_PAY, "§ 24", "Sygemeldte",
            ["jobafklaringsforløb", "overgang", "uarbejdsdygtig", "forlængelse"], "changed",
            "En sygemeldt borger, der ikke kan få forlænget sygedagpengene, har ret til et "
            "jobafklaringsforløb, hvis borgeren fortsat er uarbejdsdygtig, fx på grund af en "
            "depression, der endnu ikke er færdigbehandlet."),
    _ruling("39-22", "Jobafklaringsforløb – ophør – arbejdsdygtighed i forhold til konkret arbejde",
            "2022-08-30", SICK_PAY, "§ 24 a", "Sygemeldte",
            ["jobafklaringsforløb", "ophør", "raskmelding", "konkret arbejde"], "sent_back",
            "Et jobafklaringsforløb kan først ophøre, når borgeren er arbejdsdygtig i forhold "
            "til sit konkrete arbejde. Kommunen havde afsluttet forløbet, fordi borgeren kunne "
            "udføre andet arbejde."),
    _ruling("17-20", "Jobafklaringsforløb – rehabiliteringsteam – forelæggelse – indstilling",
            "2020-05-12", EMPLOYMENT, "§ 68 c", "Sygemeldte",
            ["jobafklaringsforløb", "rehabiliteringsteam", "forelæggelse"], "sent_back",
            "Kommunen skal forelægge sagen for rehabiliteringsteamet, før der træffes "
            "afgørelse om jobafklaringsforløb. Teamets indstilling skal indgå i afgørelsen."),
    _ruling("68-20", "Jobafklaringsforløb – ressourceforløbsydelse – beregning – nedsættelse",
            "2020-12-01", SICK_PAY, "§ 24 a", "Sygemeldte",
            ["ressourceforløbsydelse", "beregning", "nedsættelse", "ægtefælle"], "confirmed",
            "Ressourceforløbsydelsen under jobafklaring beregnes efter reglerne om "
            "kontanthjælp og kan nedsættes på grund af en ægtefælles indtægt."),
    # --- kontanthjælp ----------------------------------------------------------------
    _ruling("D-15-07", "Kontanthjælp – sanktion – rimelig grund – udeblivelse",
            "2007-06-12", SOCIAL, "§ 36", CASH,
            ["sanktion", "udeblivelse", "rimelig grund"], "sent_back",
            "Kommunen skal undersøge, om borgeren havde en rimelig grund til at udeblive fra "
            "en samtale, før der gives en sanktion. Helbredsmæssige og personlige forhold skal "
            "inddrages."),
    _ruling("112-21", "Kontanthjælp – rådighed – aktivitetsparat – helbred",
            "2021-11-30", SOCIAL, "§ 13", CASH,
            ["rådighed", "aktivitetsparat", "helbred"], "changed",
            "En aktivitetsparat borgers rådighed skal vurderes i forhold til de aktiviteter, "
            "borgeren konkret kan deltage i, set i lyset af borgerens helbred."),
    _ruling("3-18", "Kontanthjælp – sanktion – partshøring – skærpet sanktion",
            "2018-01-25", SOCIAL, "§ 40 a", CASH,
            ["sanktion", "partshøring", "skærpet sanktion"], "sent_back",
            "Kommunen skal partshøre borgeren, før der træffes afgørelse om en skærpet "
            "sanktion, og borgerens bemærkninger skal indgå i vurderingen."),
    _ruling("66-21", "Kontanthjælp – udeblivelse – angst – rimelig grund",
            "2021-10-19", SOCIAL, "§ 13, stk. 7", CASH,
            ["udeblivelse", "angst", "rimelig grund", "psykiatrisk speciallæge"], "changed",
            "En borger med angst, dokumenteret af en psykiatrisk speciallæge, havde en rimelig "
            "grund til ikke at møde op til samtaler i jobcentret. Kommunen skulle have tilbudt "
            "samtalen som telefonsamtale eller hjemme hos borgeren."),
    _ruling("77-20", "Kontanthjælp – gensidig forsørgelsespligt – ægtefælle – indtægt",
            "2020-10-08", SOCIAL, "§ 2", CASH,
            ["forsørgelsespligt", "ægtefælle", "indtægt"], "confirmed",
            "Ægtefæller har gensidig forsørgelsespligt, og ægtefællens indtægt skal derfor "
            "fradrages i kontanthjælpen."),
    _ruling("28-22", "Kontanthjælp – formue – bil – friværdi", "2022-04-07", SOCIAL, "§ 14",
            CASH, ["formue", "bil", "friværdi"], "confirmed",
            "En bil, som borgeren ikke har behov for af helbredsmæssige grunde, er formue, der "
            "skal bruges, før der kan udbetales kontanthjælp."),
    _ruling("52-19", "Kontanthjælp – 225-timersreglen – undtagelse – nedsat arbejdsevne",
            "2019-08-20", SOCIAL, "§ 13 f", CASH,
            ["225-timersreglen", "undtagelse", "aktivitetsparat"], "changed",
            "En borger kan undtages fra 225-timersreglen, når borgeren på grund af helbredet "
            "ikke kan arbejde på det ordinære arbejdsmarked."),
    _ruling("9-23", "Kontanthjælp – særlig støtte – høje boligudgifter", "2023-02-14", SOCIAL,
            "§ 34", CASH, ["særlig støtte", "boligudgifter", "forsørgerpligt"], "confirmed",
            "Særlig støtte til høje boligudgifter forudsætter, at borgeren har høje "
            "boligudgifter eller forsørgerpligt over for børn."),
    _ruling("62-21", "Enkeltydelse – tandbehandling – kontanthjælpsmodtager", "2021-07-01",
            SOCIAL, "§ 82 a", CASH, ["enkeltydelse", "tandbehandling"], "confirmed",
            "Hjælp til tandbehandling efter § 82 a forudsætter, at behandlingen er nødvendig, "
            "og at borgeren modtager kontanthjælp i mindst seks måneder."),
    _ruling("57-21", "Kontanthjælp – opholdskrav – udlandsophold", "2021-06-09", SOCIAL,
            "§ 11", CASH, ["opholdskrav", "udland", "bopæl"], "confirmed",
            "Retten til kontanthjælp forudsætter, at borgeren har opholdt sig i riget i ni af "
            "de seneste ti år."),
    # --- fleksjob og ledighedsydelse -------------------------------------------------
    _ruling("1-22", "Fleksjob – betingelser – varig og væsentlig nedsættelse af arbejdsevnen",
            "2022-01-20", EMPLOYMENT, "§ 70 b", FLEX,
            ["fleksjob", "varig nedsættelse", "arbejdsevne"], "sent_back",
            "Retten til fleksjob forudsætter, at arbejdsevnen er varigt og væsentligt nedsat, "
            "og at relevante tilbud er afprøvet, fx virksomhedspraktik med skånehensyn."),
    _ruling("44-19", "Fleksjob – få timer – udviklingsperspektiv", "2019-09-03", EMPLOYMENT,
            "§ 70 b", FLEX, ["fleksjob", "få timer", "udviklingsperspektiv"], "changed",
            "Et fleksjob på få timer om ugen kan komme på tale, når der er et perspektiv for, "
            "at timetallet kan øges. Kroniske smerter udelukker ikke et udviklingsperspektiv."),
    _ruling("70-21", "Fleksjob – arbejdsprøvning – skånehensyn – virksomhedspraktik",
            "2021-12-14", EMPLOYMENT, "§ 70 a", FLEX,
            ["fleksjob", "arbejdsprøvning", "skånehensyn", "virksomhedspraktik"], "sent_back",
            "En arbejdsprøvning skal give et retvisende billede af arbejdsevnen. Praktikken "
            "var gennemført uden de skånehensyn, lægen havde anbefalet, fx pauser og ingen "
            "tunge løft."),
    _ruling("26-23", "Fleksjob – fleksløntilskud – beregning – lønindtægt", "2023-06-27",
            EMPLOYMENT, "§ 125", FLEX, ["fleksløntilskud", "beregning", "lønindtægt"],
            "confirmed",
            "Fleksløntilskuddet beregnes på grundlag af borgerens lønindtægt fra fleksjobbet "
            "og nedsættes efter reglerne om modregning."),
    _ruling("33-20", "Fleksjob – revurdering efter fem år – midlertidigt fleksjob",
            "2020-07-07", EMPLOYMENT, "§ 70 e", FLEX,
            ["midlertidigt fleksjob", "revurdering", "fem år"], "confirmed",
            "Et midlertidigt fleksjob skal revurderes efter fem år, hvor kommunen vurderer, om "
            "borgeren fortsat opfylder betingelserne."),
    _ruling("58-22", "Ledighedsydelse – rådighed – sygdom – fravær", "2022-10-11", SOCIAL,
            "§ 74", "Visiterede til fleksjob", ["ledighedsydelse", "rådighed", "sygdom"],
            "sent_back",
            "Kommunen skal undersøge, om borgerens fravær fra aktiviteter skyldtes sygdom, før "
            "den vurderer, at borgeren ikke står til rådighed og standser ledighedsydelsen."),
    _ruling("11-19", "Ledighedsydelse – ferie – feriegodtgørelse", "2019-03-19", SOCIAL,
            "§ 74 f", "Visiterede til fleksjob", ["ledighedsydelse", "ferie"], "confirmed",
            "En borger på ledighedsydelse har ret til ferie med ledighedsydelse efter reglerne "
            "om optjening."),
    # --- ressourceforløb og førtidspension ------------------------------------------
    _ruling("19-21", "Ressourceforløb – ret til ressourceforløb – komplekse problemer",
            "2021-04-27", EMPLOYMENT, "§ 68 b", COMPLEX,
            ["ressourceforløb", "komplekse problemer", "rehabiliteringsteam"], "changed",
            "En borger med komplekse problemer ud over ledighed har ret til et "
            "ressourceforløb, når borgeren har modtaget flere tilbud uden fremgang."),
    _ruling("48-23", "Ressourceforløb – forlængelse – afvigelse fra rehabiliteringsteamets "
            "indstilling", "2023-09-12", EMPLOYMENT, "§ 68 b", COMPLEX,
            ["ressourceforløb", "forlængelse", "indstilling", "begrundelse"], "sent_back",
            "Kommunen skal begrunde, hvorfor den afviger fra rehabiliteringsteamets indstilling "
            "om at forlænge ressourceforløbet."),
    _ruling("6-20", "Ressourceforløb – misbrug – psykiske problemer – koordineret indsats",
            "2020-02-18", EMPLOYMENT, "§ 68 b", COMPLEX,
            ["ressourceforløb", "misbrug", "psykiske problemer"], "changed",
            "En borger med både psykiske problemer og et misbrug har brug for en koordineret "
            "og helhedsorienteret indsats i et ressourceforløb."),
    _ruling("35-21", "Førtidspension – åbenbart formålsløst – afprøvning – svær psykisk lidelse",
            "2021-05-25", PENSION, "§ 18", FLEX,
            ["førtidspension", "åbenbart formålsløst", "afprøvning"], "changed",
            "Det er åbenbart formålsløst at afprøve arbejdsevnen yderligere, når den lægelige "
            "dokumentation viser, at en svær og kronisk psykisk lidelse som skizofreni gør, at "
            "arbejdsevnen ikke kan forbedres."),
    _ruling("2-23", "Førtidspension – dokumentation – arbejdsevne – ressourceforløb",
            "2023-01-17", PENSION, "§ 16", FLEX,
            ["førtidspension", "dokumentation", "ressourceforløb"], "confirmed",
            "Førtidspension forudsætter, at det er dokumenteret, at arbejdsevnen ikke kan "
            "forbedres. To ressourceforløb uden fremgang kan være tilstrækkelig dokumentation."),
    _ruling("80-18", "Førtidspension – bopælstid – optjening – udland", "2018-12-11", PENSION,
            "§ 5", FLEX, ["bopælstid", "optjening", "brøkpension"], "confirmed",
            "Førtidspensionens størrelse afhænger af bopælstiden i Danmark. Ophold i udlandet "
            "giver brøkpension."),
    _ruling("32-24", "Førtidspension – udbetaling i udlandet – eksport", "2024-03-05",
            PENSION, "§ 41", FLEX, ["eksport", "udland", "udbetaling"], "confirmed",
            "Førtidspension kan som udgangspunkt kun udbetales til udlandet efter reglerne i "
            "EU-retten."),
    _ruling("21-24", "Seniorpension – arbejdsevne – højst 15 timer – nedslidning",
            "2024-02-20", PENSION, "§ 50", ALL, ["seniorpension", "arbejdsevne", "nedslidning"],
            "changed",
            "Seniorpension tilkendes, når arbejdsevnen i det seneste job er højst 15 timer om "
            "ugen. En nedslidt tømrer med slidgigt opfyldte betingelserne."),
    # --- revalidering og uddannelseshjælp --------------------------------------------
    _ruling("40-20", "Revalidering – uddannelse – erhvervsmål – skånehensyn", "2020-11-24",
            SOCIAL, "§ 46", LIMITED, ["revalidering", "erhvervsmål", "uddannelse"], "changed",
            "Revalidering med uddannelse kan bevilges, når det er den eneste mulighed for, at "
            "borgeren kan blive selvforsørgende. Erhvervsmålet skal være realistisk i forhold "
            "til borgerens skånehensyn, fx efter en arbejdsskade.",
            replaces=["C-32-05"]),
    _ruling("C-32-05", "Revalidering – revalideringsydelse – selvforsørgelse", "2005-05-03",
            SOCIAL, "§ 46", LIMITED, ["revalidering", "uddannelse", "erhvervsmål"], "confirmed",
            "Revalidering forudsætter, at borgeren ikke kan blive selvforsørgende på anden "
            "måde. Erstattet af 40-20."),
    _ruling("13-22", "Revalidering – forrevalidering – afklaring af erhvervsmål", "2022-03-22",
            SOCIAL, "§ 47", LIMITED, ["forrevalidering", "erhvervsmål", "afklaring"],
            "confirmed",
            "Forrevalidering bruges til at afklare et realistisk erhvervsmål, før der tages "
            "stilling til revalidering med uddannelse."),
    _ruling("25-21", "Uddannelseshjælp – uddannelsespålæg – ordblindhed – realistisk",
            "2021-08-17", SOCIAL, "§ 21 b", YOUNG,
            ["uddannelsespålæg", "ordblindhed", "uddannelsesparat"], "sent_back",
            "Et uddannelsespålæg skal være realistisk i forhold til den unges forudsætninger. "
            "Kommunen havde ikke inddraget oplysningerne om den unges ordblindhed."),
    _ruling("54-22", "Uddannelseshjælp – visitation – aktivitetsparat – angst", "2022-11-08",
            SOCIAL, "§ 2 b", YOUNG, ["visitation", "aktivitetsparat", "angst"], "changed",
            "En ung med angst, der havde afbrudt to ungdomsuddannelser, kunne ikke begynde på "
            "en uddannelse inden for et år og skulle visiteres som aktivitetsparat."),
    _ruling("7-24", "Uddannelseshjælp – forældres indtægt – udeboende", "2024-01-09", SOCIAL,
            "§ 25", YOUNG, ["forældres indtægt", "udeboende"], "confirmed",
            "Uddannelseshjælpen til en ung under 25 år, der bor hjemme, afhænger af "
            "forældrenes indtægt."),
    # --- forvaltningsret og retssikkerhed ---------------------------------------------
    _ruling("27-19", "Partshøring – lægelige oplysninger – speciallægeerklæring – væsentlig "
            "betydning", "2019-10-29", ADMIN, "§ 19", ALL,
            ["partshøring", "lægelige oplysninger", "lægekonsulent"], "changed",
            "Kommunen skal partshøre borgeren over en lægekonsulents udtalelse, der er til "
            "ugunst for borgeren og af væsentlig betydning, før der træffes afgørelse om ophør "
            "af sygedagpenge."),
    _ruling("42-21", "Begrundelse – afvigelse fra lægelig vurdering – speciallæge",
            "2021-11-02", ADMIN, "§ 24", ALL,
            ["begrundelse", "lægelige oplysninger", "afvigelse"], "sent_back",
            "Kommunen skal i begrundelsen forholde sig til, hvorfor den afviger fra "
            "speciallægens vurdering af, at borgeren er uarbejdsdygtig."),
    _ruling("15-20", "Sagens oplysning – officialprincippet – egen læge – helhedsvurdering",
            "2020-04-14", LEGAL, "§ 10", ALL,
            ["officialprincippet", "sagens oplysning", "egen læge"], "sent_back",
            "Kommunen skal sørge for, at sagen er tilstrækkeligt oplyst, og skal indhente "
            "oplysninger fra borgerens egen læge, når borgeren har henvist til nye "
            "helbredsproblemer."),
    _ruling("60-23", "Aktindsigt – egen sag – interne dokumenter", "2023-11-21", ADMIN, "§ 9",
            ALL, ["aktindsigt", "interne dokumenter"], "changed",
            "En part har ret til aktindsigt i alle dokumenter i sin egen sag. Interne "
            "dokumenter med faktiske oplysninger skal udleveres."),
    _ruling("31-22", "Klage – klagefrist – for sen klage", "2022-09-06", LEGAL, "§ 67", ALL,
            ["klagefrist", "afvisning"], "rejected",
            "Klagen var indgivet efter klagefristens udløb, og der var ikke grund til at se "
            "bort fra overskridelsen."),
    _ruling("4-21", "Tolkebistand – samtale i jobcentret", "2021-01-26", LEGAL, "§ 7", ALL,
            ["tolk", "samtale", "vejledning"], "changed",
            "Kommunen skal sørge for tolkebistand, når det er nødvendigt for, at borgeren kan "
            "forstå samtalen og varetage sine interesser."),
    _ruling("55-20", "Partsrepræsentant – bisidder – fuldmagt", "2020-10-20", ADMIN, "§ 8", ALL,
            ["partsrepræsentant", "bisidder", "fuldmagt"], "changed",
            "En borger har ret til at lade sig bistå eller repræsentere af andre på ethvert "
            "tidspunkt af sagens behandling."),
    _ruling("16-23", "Helhedsvurdering – ansøgning efter alle regler – merudgifter",
            "2023-03-28", LEGAL, "§ 5", ALL, ["helhedsvurdering", "ansøgning"], "sent_back",
            "Kommunen skal behandle en ansøgning efter alle de regler, der kan give borgeren "
            "ret til hjælp."),
    # --- beskæftigelsesindsats --------------------------------------------------------
    _ruling("23-21", "Virksomhedspraktik – varighed – forlængelse – hjemmel", "2021-03-16",
            EMPLOYMENT, "§ 42", ALL, ["virksomhedspraktik", "varighed", "hjemmel"],
            "sent_back",
            "En virksomhedspraktik ud over 13 uger kræver, at betingelserne for forlængelse "
            "konkret er opfyldt."),
    _ruling("37-22", "Mentor – støttebehov – konkret vurdering – psykisk sårbar",
            "2022-05-31", EMPLOYMENT, "§ 78", ALL, ["mentor", "støttebehov"], "changed",
            "Kommunen skal konkret vurdere behovet for mentorstøtte. En psykisk sårbar borger "
            "med angst havde brug for en mentor for at fastholde sin praktik."),
    _ruling("50-19", "Løntilskud – offentlig arbejdsgiver – merbeskæftigelse", "2019-11-12",
            EMPLOYMENT, "§ 51", ALL, ["løntilskud", "merbeskæftigelse"], "confirmed",
            "Ansættelse med løntilskud hos en offentlig arbejdsgiver forudsætter "
            "merbeskæftigelse."),
    _ruling("12-24", "Befordringsgodtgørelse – tilbud – afstand", "2024-02-06", EMPLOYMENT,
            "§ 82", ALL, ["befordring", "transport", "afstand"], "confirmed",
            "Befordringsgodtgørelse ydes, når afstanden mellem bopæl og tilbud er mindst 12 km "
            "hver vej."),
    _ruling("65-22", "Personlig assistance – handicap – arbejdsredskaber", "2022-12-13",
            EMPLOYMENT, "§ 76", ALL, ["personlig assistance", "handicap", "hjælpemidler"],
            "changed",
            "En blind borger i job havde ret til personlig assistance, da handicappet "
            "medførte et behov for hjælp til bestemte opgaver."),
    # --- dagpenge ---------------------------------------------------------------------
    _ruling("18-22", "Dagpenge – selvforskyldt ledighed – opsigelse af helbredsmæssige grunde",
            "2022-05-03", INSURANCE, "§ 63", "Dagpengemodtagere",
            ["selvforskyldt ledighed", "opsigelse", "helbred"], "changed",
            "Et medlem, der siger op af helbredsmæssige grunde dokumenteret af en læge, er "
            "ikke selvforskyldt ledig."),
    _ruling("46-21", "Dagpenge – rådighed – sygdom – karantæne", "2021-10-05", INSURANCE,
            "§ 62", "Dagpengemodtagere", ["rådighed", "sygdom", "karantæne"], "confirmed",
            "Et medlem, der ikke står til rådighed, kan ikke få dagpenge i perioden."),
    _ruling("29-23", "Dagpenge – genoptjening – ordinære timer", "2023-08-15", INSURANCE,
            "§ 53", "Dagpengemodtagere", ["genoptjening", "timer"], "confirmed",
            "Kun løntimer uden offentligt tilskud tæller med ved genoptjening af dagpengeretten."),
    # --- serviceloven: other laws with shared words -----------------------------------
    _ruling("10-22", "Merudgifter – voksne – kronisk sygdom – medicin", "2022-03-08", SERVICE,
            "§ 100", "Voksne med varigt nedsat funktionsevne",
            ["merudgifter", "kronisk sygdom", "medicin"], "confirmed",
            "Dækning af merudgifter forudsætter en varigt nedsat funktionsevne af indgribende "
            "karakter."),
    _ruling("36-20", "Tabt arbejdsfortjeneste – barn med handicap – pasning", "2020-08-25",
            SERVICE, "§ 42", "Forældre til børn med handicap",
            ["tabt arbejdsfortjeneste", "barn", "handicap"], "changed",
            "Forældre har ret til tabt arbejdsfortjeneste, når barnet med nødvendighed skal "
            "passes i hjemmet."),
    _ruling("24-19", "Hjælp i særlige tilfælde – flytning – sygdom", "2019-04-23", SOCIAL,
            "§ 85", ALL, ["flytning", "særlige tilfælde"], "confirmed",
            "Hjælp til flytning forudsætter, at flytningen er nødvendig af helbredsmæssige "
            "grunde."),
    _ruling("8-20", "Boligindretning – handicap – badeværelse", "2020-01-28", SERVICE,
            "§ 116", "Voksne med varigt nedsat funktionsevne", ["boligindretning", "handicap"],
            "confirmed",
            "Boligindretning forudsætter, at indretningen er nødvendig for at gøre boligen "
            "bedre egnet som opholdssted."),
    _ruling("39-24", "Sygedagpenge – udbetaling – feriedage", "2024-04-16", SICK_PAY, "§ 47",
            SICK, ["udbetaling", "ferie"], "confirmed",
            "Der udbetales ikke sygedagpenge for dage, hvor borgeren holder ferie med løn."),
    _ruling("47-23", "Kontanthjælp – hjælp til udsatte lejere – huslejerestance",
            "2023-09-26", SOCIAL, "§ 81", CASH, ["husleje", "restance"], "confirmed",
            "Hjælp til betaling af huslejerestance forudsætter, at der er udsigt til, at "
            "borgeren kan betale den fremtidige husleje."),
]


def _case(name, group, benefit, statements, journal, wanted):
    return dict(name=name, target_group=group, benefit=benefit, statements=statements,
                journal=journal, wanted=set(wanted))


CASES = [
    _case("Rygopereret på sygedagpenge", "Sygedagpengemodtager", "Sygedagpenge",
          [("Speciallægeerklæring", "Uarbejdsdygtig indtil operationen.", "Ingen løft.",
            "Ortopædkirurgisk vurdering: diskusprolaps i lænden med udstrålende smerter. "
            "Borgeren venter på operation i ryggen. Forventes at kunne genoptage arbejdet som "
            "lagerarbejder tre måneder efter operationen.")],
          [("Revurdering", "Revurdering efter 22 uger nærmer sig. Forlængelse skal vurderes."),
           ("Opkald fra borger", "Borger ringede: operationen er udsat til februar.")],
          ["30-19", "12-21"]),
    _case("Depression, ikke flere forlængelsesmuligheder", "Sygedagpengemodtager",
          "Sygedagpenge",
          [("Psykiatrisk speciallægeerklæring", "Uarbejdsdygtig.", "",
            "Svær depression. Behandling med medicin og samtaleterapi er i gang, men ikke "
            "afsluttet. Prognosen er uafklaret.")],
          [("Opfølgning", "Ingen af forlængelsesmulighederne er opfyldt. Overgang til "
                          "jobafklaringsforløb drøftet med borgeren."),
           ("Rehabiliteringsteam", "Sagen skal forelægges rehabiliteringsteamet.")],
          ["5-21", "17-20", "12-21"]),
    _case("Angst og udeblivelser", "Aktivitetsparat kontanthjælpsmodtager", "Kontanthjælp",
          [("Psykologudtalelse", "Kan deltage i korte samtaler.", "Helst telefonsamtaler.",
            "Borgeren har angst og social fobi og har svært ved at møde op i jobcentret. "
            "Anbefaler korte samtaler, gerne i telefon.")],
          [("Udeblivelse", "Borger udeblev fra samtale for anden gang. Sanktion overvejes."),
           ("Opkald fra borger", "Borger fortalte om sin angst og om, at hun ikke kunne "
                                 "komme ud af døren.")],
          ["66-21", "D-15-07", "3-18", "112-21"]),
    _case("Kroniske smerter, søger fleksjob", "Ressourceforløb", "Ressourceforløbsydelse",
          [("Lægeerklæring", "Varigt nedsat arbejdsevne. 8-10 timer om ugen.",
            "Ingen tunge løft. Pauser hver time.",
            "Kroniske smerter og slidgigt i knæene. Tilstanden er varig.")],
          [("Praktik", "Virksomhedspraktik 10 timer om ugen. Kan ikke øge timetallet."),
           ("Ansøgning", "Borger har søgt om fleksjob. Arbejdsprøvning vurderes.")],
          ["1-22", "44-19", "70-21"]),
    _case("Skizofreni efter to ressourceforløb", "Ressourceforløb", "Ressourceforløbsydelse",
          [("Psykiatrisk speciallægeerklæring", "Ingen arbejdsevne.", "",
            "Kronisk skizofreni. Arbejdsevnen kan ikke forbedres, og yderligere afprøvning "
            "vurderes formålsløs.")],
          [("Status", "To ressourceforløb gennemført uden fremgang."),
           ("Ansøgning", "Borger har søgt om førtidspension.")],
          ["35-21", "2-23"]),
    _case("Ordblind ung med uddannelsespålæg", "Uddannelseshjælpsmodtager, uddannelsesparat",
          "Uddannelseshjælp",
          [("Psykologudtalelse", "", "", "Ordblindhed og eksamensangst. Har brug for "
                                         "støtte for at gennemføre en uddannelse.")],
          [("Samtale", "Uddannelsespålæg om at søge ind på gymnasiet."),
           ("Samtale", "Har afbrudt to ungdomsuddannelser.")],
          ["25-21", "54-22"]),
    _case("Tømrer med skulderskade vil omskoles", "Revalidend", "Revalideringsydelse",
          [("Speciallægeerklæring", "Kan ikke arbejde som tømrer.",
            "Ingen løft over skulderhøjde.",
            "Arbejdsskade i højre skulder. Kan ikke vende tilbage til arbejdet som tømrer.")],
          [("Samtale", "Ønsker uddannelse som laborant. Erhvervsmål drøftet."),
           ("Samtale", "Revalidering med uddannelse overvejes.")],
          ["40-20", "13-22"]),
    _case("Jobafklaring ved at blive afsluttet", "Jobafklaringsforløb",
          "Ressourceforløbsydelse",
          [("Lægeerklæring", "Delvist arbejdsdygtig.", "Ingen tunge forflytninger.",
            "Kan ikke vende tilbage til sit arbejde som social- og sundhedsassistent, men kan "
            "udføre andet arbejde.")],
          [("Opfølgning", "Kommunen overvejer at afslutte jobafklaringsforløbet."),
           ("Opfølgning", "Borger er uenig i, at hun er arbejdsdygtig.")],
          ["39-22", "45-20"]),
    _case("Syg på ledighedsydelse", "Ledighedsydelsesmodtager", "Ledighedsydelse",
          [("Lægeerklæring", "", "", "Indlagt i tre uger med lungebetændelse. Langvarig "
                                     "sygdom.")],
          [("Fravær", "Fravær fra aktiviteter i fire uger. Rådighed skal vurderes."),
           ("Opkald", "Borger ringede fra hospitalet.")],
          ["58-22"]),
    _case("Speciallægen tilsidesat", "Sygedagpengemodtager", "Sygedagpenge",
          [("Speciallægeerklæring", "Uarbejdsdygtig.", "",
            "Kroniske smerter efter whiplash. Borgeren er uarbejdsdygtig. Anbefaler "
            "smertebehandling.")],
          [("Lægekonsulent", "Lægekonsulenten er uenig i speciallægens vurdering."),
           ("Afgørelse", "Udkast til afgørelse om ophør af sygedagpenge. Partshøring er ikke "
                         "sendt.")],
          ["27-19", "42-21", "12-21"]),
]


def add_cases(session: Session, cases: list[dict]) -> list[int]:
    """One citizen per case, with its target group, benefit, statements and journal; their
    ids in the order of `cases`. Flushed, not committed."""
    received = datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TIMEZONE)
    ids = []
    for number, case in enumerate(cases):
        group = _named(session, m.TargetGroup, case["target_group"], f"group-{number}")
        benefit = _named(session, m.Benefit, case["benefit"], f"benefit-{number}")
        citizen = m.Citizen(cpr=f"0101{number % 100:02d}-{number // 100:04d}",
                            first_name="Borger", last_name=str(number),
                            search_name=f"borger {number}", target_group_id=group.id,
                            benefit_id=benefit.id)
        session.add(citizen)
        session.flush()
        for title, capacity, restrictions, body in case["statements"]:
            session.add(m.Statement(
                citizen_id=citizen.id, kind="specialist", author_name="Dr. Lund",
                author_profession="speciallæge", written_on=received.date(),
                received_at=received, title=title, work_capacity=capacity,
                restrictions=restrictions, body=body))
        for days, (title, body) in enumerate(case["journal"]):
            session.add(m.JournalEntry(citizen_id=citizen.id, kind="note", title=title,
                                       body=body, occurred_at=received - timedelta(days=days)))
        ids.append(citizen.id)
    session.flush()
    return ids


def _named(session: Session, table, name: str, code: str):  # type: ignore[no-untyped-def]
    found = session.exec(select(table).where(table.name == name)).first()
    if found is None:
        found = table(code=code, name=name)
        session.add(found)
        session.flush()
    return found


def add_reader(session: Session) -> CurrentUser:
    """A caseworker to whom every case added so far is assigned (the cases belong to no team;
    an administrator would need a reason per citizen, R-SEC-3). Flushed."""
    admin = m.Caseworker(initials="ADM", name="Admin", email="adm@fjordby.example", phone="1")
    session.add(admin)
    session.flush()
    session.add_all(m.CaseworkerAssignment(citizen_id=citizen_id, caseworker_id=admin.id,
                                           started_at=datetime(2020, 1, 1, tzinfo=LOCAL_TIMEZONE))
                    for citizen_id in session.exec(select(m.Citizen.id)).all())
    session.flush()
    return CurrentUser(admin.id, admin.name, admin.role, None, None, admin.email, admin.phone)
