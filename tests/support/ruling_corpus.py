"""A test corpus for the ruling search (issue 15): principle rulings written the way
Ankestyrelsen writes them, mixed into rulings like the demo's, and queries written the way
caseworkers type them, each with the ruling it is meant to find.

The rulings are invented, modelled on Ankestyrelsen's principle rulings (number, title
naming the area and keywords, law and section, keywords, resumé): do not cite them. They
are written as real documents write them: older numbers as "SM C-25-05" and some dates as
30-05-2005, so the corpus is read through the importer (`write_jsonl`).

`demo_like(count, seed)` makes rulings with the demo's own generator (the demo's 320 are
the ones the real rulings must stand out among); `LABELLED` are (query, wanted number).
A query names what sets its ruling apart, as a caseworker looking for that ruling would:
the demo's titles repeat word for word ("Aktindsigt – egen sag – interne dokumenter"), so
"aktindsigt interne dokumenter" has twenty right answers, not one.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from random import Random

from prepdesk.demo import text as demo_text

SDP = "Lov om sygedagpenge"
LAB = "Lov om en aktiv beskæftigelsesindsats"
LAS = "Lov om aktiv socialpolitik"
PENSION = "Lov om social pension"
FVL = "Forvaltningsloven"

REAL_RULINGS: list[dict] = [
    {"number": "12-22", "decided_on": "2022-05-16", "law": SDP, "section": "§ 24, stk. 1",
     "title": "Sygedagpenge - revurdering - forlængelse - lægelige oplysninger - varighedsbegrænsning",
     "target_group": "Sygedagpengemodtagere", "outcome": "hjemvist",
     "keywords": ["revurdering", "forlængelse", "lægelige oplysninger", "varighedsbegrænsning"],
     "summary": "Kommunen skal ved revurderingen efter 22 uger have et tilstrækkeligt oplyst "
                "grundlag, herunder aktuelle lægelige oplysninger, før den tager stilling til, om "
                "sygedagpengene kan forlænges efter en af forlængelsesreglerne. I sagen havde "
                "kommunen ikke indhentet en opdateret status fra den praktiserende læge eller "
                "sygehuset, selv om borgeren ventede på en operation. Sagen blev hjemvist."},
    {"number": "SM C-25-05", "decided_on": "30-05-2005",
     "law": "Lov om dagpenge ved sygdom eller fødsel", "section": "§ 7",
     "title": "Sygedagpenge - uarbejdsdygtighed - raskmelding - helbredsoplysninger",
     "target_group": "Sygedagpengemodtagere", "outcome": "stadfæstet",
     "keywords": ["uarbejdsdygtighed", "raskmelding", "helbredsoplysninger"],
     "summary": "Ankestyrelsen fandt, at kommunen kunne standse dagpengene, fordi "
                "helbredsoplysningerne samlet set viste, at sikrede var i stand til at genoptage "
                "arbejdet på fuld tid. Der var lagt vægt på en speciallægeerklæring."},
    {"number": "10-19", "decided_on": "2019-03-28", "law": SDP, "section": "§ 7, stk. 1",
     "title": "Sygedagpenge - uarbejdsdygtighed - ophør - lægekonsulent - behandlende læge",
     "target_group": "Sygedagpengemodtagere", "outcome": "ændret", "replaces": ["SM C-25-05"],
     "keywords": ["uarbejdsdygtighed", "ophør", "lægekonsulent", "delvis raskmelding"],
     "summary": "Kommunen kan ikke træffe afgørelse om ophør af sygedagpenge alene på baggrund "
                "af en udtalelse fra kommunens lægekonsulent, når udtalelsen ikke er i "
                "overensstemmelse med de behandlende lægers vurdering. Borgeren var delvist "
                "raskmeldt. Principmeddelelsen erstatter SM C-25-05."},
    {"number": "35-18", "decided_on": "2018-10-04", "law": SDP, "section": "§ 27, stk. 1, nr. 1",
     "title": "Sygedagpenge - forlængelse - revurdering - jobafklaringsforløb - overgang",
     "target_group": "Sygedagpengemodtagere", "outcome": "ændret",
     "keywords": ["forlængelse", "revurdering", "jobafklaringsforløb", "arbejdsfastholdelse"],
     "summary": "Når det ved revurderingen er overvejende sandsynligt, at borgeren kan vende "
                "tilbage til arbejdsmarkedet, skal sygedagpengene forlænges, og borgeren skal "
                "ikke overgå til et jobafklaringsforløb. Kommunen havde ikke vurderet "
                "forlængelsesmulighederne konkret."},
    {"number": "7-21", "decided_on": "2021-02-11", "law": SDP, "section": "§ 24",
     "title": "Jobafklaringsforløb - ressourceforløbsydelse - overgang fra sygedagpenge - rehabiliteringsteam",
     "target_group": "Sygemeldte", "outcome": "hjemvist",
     "keywords": ["jobafklaringsforløb", "ressourceforløbsydelse", "rehabiliteringsteam"],
     "summary": "En borger, som ikke længere kan få sygedagpenge, har ret til et "
                "jobafklaringsforløb og ressourceforløbsydelse, hvis borgeren fortsat er "
                "uarbejdsdygtig. Sagen skal forelægges rehabiliteringsteamet, inden forløbet "
                "tilrettelægges."},
    {"number": "4-20", "decided_on": "2020-01-23", "law": LAB, "section": "§ 68 a",
     "title": "Ressourceforløb - rehabiliteringsteamets indstilling - forudgående indsats - dokumentation",
     "target_group": "Personer med komplekse problemer", "outcome": "hjemvist",
     "keywords": ["ressourceforløb", "rehabiliteringsteam", "forudgående indsats", "dokumentation"],
     "summary": "Kommunen skal have dokumenteret, at den forudgående indsats har været afprøvet, "
                "før den afslår et ressourceforløb. Rehabiliteringsteamets indstilling skal "
                "indgå i afgørelsen, og kommunen skal begrunde, hvis den fraviger den."},
    {"number": "19-21", "decided_on": "2021-06-17", "law": LAB, "section": "§ 120",
     "title": "Fleksjob - varigt og væsentligt nedsat arbejdsevne - arbejdsprøvning - skånehensyn",
     "target_group": "Personer med varigt nedsat arbejdsevne", "outcome": "ændret",
     "keywords": ["fleksjob", "arbejdsevne", "arbejdsprøvning", "skånehensyn"],
     "summary": "Borgeren opfyldte betingelserne for fleksjob. Arbejdsprøvningerne i "
                "virksomhedspraktik viste, at arbejdsevnen var varigt og væsentligt nedsat, og "
                "skånehensynene var ikke overholdt under praktikken."},
    {"number": "22-23", "decided_on": "2023-04-20", "law": LAS, "section": "§ 74 a",
     "title": "Ledighedsydelse - fleksjob ophører - revisitation - ret til ledighedsydelse",
     "target_group": "Fleksjobvisiterede", "outcome": "ændret",
     "keywords": ["ledighedsydelse", "fleksjob", "revisitation", "ophør"],
     "summary": "En borger, hvis fleksjob ophører, har ret til ledighedsydelse, så længe "
                "borgeren fortsat er visiteret til fleksjob. Kommunen kunne ikke standse "
                "ledighedsydelsen med henvisning til en kommende revisitation."},
    {"number": "53-17", "decided_on": "2017-11-09", "law": LAS, "section": "§ 36",
     "title": "Kontanthjælp - sanktion - udeblivelse fra samtale - rimelig grund",
     "target_group": "Kontanthjælpsmodtagere", "outcome": "ændret",
     "keywords": ["sanktion", "udeblivelse", "rimelig grund", "samtale"],
     "summary": "Kommunen kan kun nedsætte hjælpen, hvis borgeren uden rimelig grund udebliver "
                "fra en samtale. Borgeren havde meldt afbud på grund af sygdom i familien, og "
                "kommunen havde ikke undersøgt, om det var en rimelig grund."},
    {"number": "2-24", "decided_on": "2024-01-18", "law": LAS, "section": "§ 13, stk. 7",
     "title": "Kontanthjælp - rådighed - aktivitetsparat - psykiske lidelser - sanktion",
     "target_group": "Aktivitetsparate", "outcome": "hjemvist",
     "keywords": ["rådighed", "aktivitetsparat", "psykisk lidelse", "sanktion"],
     "summary": "Ved vurderingen af, om en aktivitetsparat borger står til rådighed, skal "
                "kommunen tage hensyn til borgerens psykiske lidelser. Kommunen havde ikke "
                "vurderet, om borgerens angst var en rimelig grund."},
    {"number": "31-16", "decided_on": "2016-06-02", "law": LAS, "section": "§ 2 a",
     "title": "Kontanthjælp - gensidig forsørgelsespligt - ugifte samlevende - fælles bopæl",
     "target_group": "Kontanthjælpsmodtagere", "outcome": "stadfæstet",
     "keywords": ["forsørgelsespligt", "samlevende", "fælles bopæl"],
     "summary": "Ugifte samlevende har gensidig forsørgelsespligt, når de begge er fyldt 25 år, "
                "har fælles bopæl og har et fælles barn eller har haft fælles bopæl i mindst "
                "et år. Kommunen kunne derfor tage hensyn til samleverens indtægt."},
    {"number": "D-3-07", "decided_on": "14-03-2007", "law": PENSION, "section": "§ 16",
     "title": "Førtidspension - arbejdsevne - åbenbart formålsløst - udvikling af arbejdsevnen",
     "target_group": "Personer med varigt nedsat arbejdsevne", "outcome": "stadfæstet",
     "keywords": ["førtidspension", "arbejdsevne", "åbenbart formålsløst"],
     "summary": "Det var ikke åbenbart formålsløst at forsøge at udvikle arbejdsevnen. "
                "Kommunen havde derfor ikke grundlag for at tilkende førtidspension."},
    {"number": "8-15", "decided_on": "2015-02-26", "law": PENSION, "section": "§ 18",
     "title": "Førtidspension - dokumentation - ressourceforløb - åbenbart formålsløst",
     "target_group": "Personer med varigt nedsat arbejdsevne", "outcome": "ændret",
     "replaces": ["D-3-07"],
     "keywords": ["førtidspension", "dokumentation", "ressourceforløb", "åbenbart formålsløst"],
     "summary": "Førtidspension kan tilkendes uden et forudgående ressourceforløb, når det er "
                "dokumenteret, at det er åbenbart formålsløst at forbedre arbejdsevnen. "
                "Principmeddelelsen erstatter D-3-07."},
    {"number": "45-22", "decided_on": "2022-11-24", "law": FVL, "section": "§ 19",
     "title": "Partshøring - nye oplysninger - lægekonsulentens udtalelse - sygedagpenge",
     "target_group": "Alle", "outcome": "hjemvist",
     "keywords": ["partshøring", "lægekonsulent", "nye oplysninger"],
     "summary": "Kommunen skal partshøre borgeren over en lægekonsulents udtalelse, der er "
                "til ugunst for borgeren og af væsentlig betydning for afgørelsen. Manglende "
                "partshøring førte til, at afgørelsen om sygedagpenge blev hjemvist."},
    {"number": "61-19", "decided_on": "2019-12-12", "law": FVL, "section": "§§ 22 og 24",
     "title": "Begrundelse - mangelfuld begrundelse - ugyldighed - konkret væsentlighed",
     "target_group": "Alle", "outcome": "hjemvist",
     "keywords": ["begrundelse", "ugyldighed", "væsentlighed"],
     "summary": "En afgørelse med en mangelfuld begrundelse er som udgangspunkt ugyldig, hvis "
                "manglen kan have haft betydning for afgørelsens indhold. Begrundelsen skal "
                "henvise til reglerne og de hovedhensyn, der har været bestemmende for skønnet."},
    {"number": "11-24", "decided_on": "2024-03-07",
     "law": "Lov om Digital Post fra offentlige afsendere", "section": "§ 9",
     "title": "Digital Post - fritagelse - meddelelse af afgørelse - klagefrist",
     "target_group": "Alle", "outcome": "ændret",
     "keywords": ["Digital Post", "fritagelse", "klagefrist", "meddelelse"],
     "summary": "En borger, der er fritaget for Digital Post, skal have afgørelsen med "
                "almindelig post. Klagefristen løb derfor ikke, da kommunen alene havde sendt "
                "afgørelsen til borgerens digitale postkasse."},
    {"number": "27-20", "decided_on": "2020-08-13", "law": FVL, "section": "§ 9",
     "title": "Aktindsigt - partsaktindsigt - interne dokumenter - lægekonsulentens notat",
     "target_group": "Alle", "outcome": "ændret",
     "keywords": ["aktindsigt", "partsaktindsigt", "interne dokumenter", "lægekonsulent"],
     "summary": "En part har ret til aktindsigt i lægekonsulentens notat, når notatet indeholder "
                "oplysninger om sagens faktiske grundlag. Notatet var ikke et internt "
                "arbejdsdokument, som kommunen kunne undtage."},
    {"number": "SM C-14-06", "decided_on": "22.06.2006", "law": LAS, "section": "§ 46",
     "title": "Revalidering - erhvervsmæssig revalidering - uddannelse - korteste vej til arbejde",
     "target_group": "Revalidender", "outcome": "ændret",
     "keywords": ["revalidering", "uddannelse", "erhvervsmæssig revalidering"],
     "summary": "Kommunen skulle bevilge erhvervsmæssig revalidering i form af en uddannelse, "
                "da det var den korteste vej til varig selvforsørgelse på arbejdsmarkedet."},
    {"number": "3-23", "decided_on": "2023-01-26", "law": LAS, "section": "§ 21 b",
     "title": "Uddannelseshjælp - uddannelsespålæg - uddannelsesparat - åbenlyst uddannelsesparat",
     "target_group": "Uddannelseshjælpsmodtagere", "outcome": "stadfæstet",
     "keywords": ["uddannelseshjælp", "uddannelsespålæg", "uddannelsesparat"],
     "summary": "Kommunen kunne give borgeren et uddannelsespålæg, fordi borgeren var "
                "vurderet uddannelsesparat og ikke havde helbredsmæssige forhold, der "
                "forhindrede uddannelse."},
    {"number": "16-21", "decided_on": "2021-05-06", "law": SDP, "section": "§ 4",
     "title": "Sygedagpenge - ophold i udlandet - ferie - forudgående godkendelse",
     "target_group": "Sygedagpengemodtagere", "outcome": "stadfæstet",
     "keywords": ["udlandsophold", "ferie", "godkendelse"],
     "summary": "Sygedagpenge kan udbetales under ophold i udlandet, hvis kommunen har godkendt "
                "opholdet på forhånd, og opholdet ikke forhindrer opfølgning. Borgeren var "
                "rejst på ferie uden at spørge kommunen."},
    {"number": "29-23", "decided_on": "2023-09-14", "law": SDP, "section": "§ 28",
     "title": "Sygedagpenge - selvstændig erhvervsdrivende - beskæftigelseskrav - virksomhed i drift",
     "target_group": "Selvstændige", "outcome": "ændret",
     "keywords": ["selvstændig", "beskæftigelseskrav", "virksomhed"],
     "summary": "En selvstændig erhvervsdrivende opfyldte beskæftigelseskravet, da "
                "virksomheden havde været drevet i væsentligt omfang i mindst seks måneder "
                "inden for de sidste 12 måneder før sygemeldingen."},
    {"number": "40-20", "decided_on": "2020-10-29", "law": LAS, "section": "§ 91",
     "title": "Kontanthjælp - tilbagebetaling - for meget udbetalt - mod bedre vidende",
     "target_group": "Kontanthjælpsmodtagere", "outcome": "ændret",
     "keywords": ["tilbagebetaling", "mod bedre vidende", "oplysningspligt"],
     "summary": "Borgeren skulle ikke betale hjælpen tilbage, fordi borgeren ikke mod bedre "
                "vidende havde modtaget hjælp, som borgeren ikke var berettiget til. Kommunen "
                "havde selv lavet fejlen ved udbetalingen."},
    {"number": "5-22", "decided_on": "2022-02-03", "law": SDP, "section": "§ 21",
     "title": "Sygedagpenge - opfølgningssamtale - udeblivelse - ophør - underretning",
     "target_group": "Sygedagpengemodtagere", "outcome": "ændret",
     "keywords": ["opfølgning", "udeblivelse", "ophør", "opfølgningssamtale"],
     "summary": "Sygedagpengene kunne ikke standses, fordi borgeren udeblev fra en "
                "opfølgningssamtale, når kommunen ikke i indkaldelsen havde oplyst om "
                "konsekvensen af at udeblive."},
    {"number": "14-25", "decided_on": "2025-04-10", "law": LAB, "section": "§ 78",
     "title": "Mentorstøtte - fastholdelse i job - tilbud - varighed",
     "target_group": "Personer i job med støtte", "outcome": "hjemvist",
     "keywords": ["mentor", "fastholdelse", "tilbud"],
     "summary": "Kommunen skal vurdere, om mentorstøtte er nødvendig for, at borgeren kan "
                "fastholde sit job, og kan ikke afslå alene med henvisning til en fast grænse "
                "for støttens varighed."},
]

# (what a caseworker types, the number of the ruling meant), as stored.
LABELLED: list[tuple[str, str]] = [
    ("sygedagpenge revurdering lægeerklæring", "12-22"),
    ("revurderingen lægelige oplysninger", "12-22"),
    ("sygedagpengeforlængelse lægelige oplysninger", "12-22"),
    ("sygedagpenge statusattest forlængelse", "12-22"),
    ("12-22", "12-22"),
    ("lægekonsulent raskmelding", "10-19"),
    ("delvis raskmeldt lægekonsulenten", "10-19"),
    ("sdp § 7 lægekonsulent", "10-19"),
    ("SM C-25-05", "C-25-05"),
    ("c-25-05", "C-25-05"),
    ("sdp § 27 jobafklaringsforløb", "35-18"),
    ("forlængelse revurdering arbejdsfastholdelse", "35-18"),
    ("lov om sygedagpenge § 24 jobafklaring", "7-21"),
    ("jobafklaringsforløbet ressourceforløbsydelse", "7-21"),
    ("rehabiliteringsteamets indstilling ressourceforløb", "4-20"),
    ("ressourceforlob forudgaende indsats", "4-20"),
    ("flexjob arbejdsprøvning skånehensyn", "19-21"),
    ("fleksjob væsentligt nedsat arbejdsevne arbejdsprøvninger", "19-21"),
    ("arbejdsprovning fleksjobbet", "19-21"),
    ("lab § 120 fleksjob", "19-21"),
    ("fleksjob ledighedsydelse", "22-23"),
    ("ledighedsydelsen fleksjobbet ophører", "22-23"),
    ("fleksjob revisitation", "22-23"),
    ("sanktion udeblivelse afbud sygdom i familien", "53-17"),
    ("sanktoin udeblev samtale", "53-17"),
    ("las § 36 udeblivelse", "53-17"),
    ("aktivitetsparat rådighed psykisk", "2-24"),
    ("aktivitetsparate radighed angst", "2-24"),
    ("samlevende forsørgelsespligt", "31-16"),
    ("ugifte samlevere kontanthjælp", "31-16"),
    ("førtidspension åbenbart formålsløst uden ressourceforløb", "8-15"),
    ("fortidspension ressourceforløb dokumentation", "8-15"),
    ("D-3-07", "D-3-07"),
    ("partshøring lægekonsulentens udtalelse", "45-22"),
    ("partshoring nye oplysninger", "45-22"),
    ("mangelfuld begrundelse ugyldig", "61-19"),
    ("fvl § 22 begrundelse ugyldig", "61-19"),
    ("digitalpost fritagelse", "11-24"),
    ("digital post klagefristen", "11-24"),
    ("aktindsigt lægekonsulentens notat", "27-20"),
    ("partsaktindsigt lægekonsulentnotat", "27-20"),
    ("revalidering uddannelse korteste vej", "C-14-06"),
    ("erhvervsmæssig revalidering", "C-14-06"),
    ("uddannelsespålæg helbredsmæssige forhold", "3-23"),
    ("sygedagpenge ferie udlandet", "16-21"),
    ("sygedagpenge under udlandsophold", "16-21"),
    ("selvstændig beskæftigelseskrav sygedagpenge", "29-23"),
    ("tilbagebetaling for meget udbetalt kontanthjælp", "40-20"),
    ("opfølgningssamtale udeblivelse sygedagpenge ophør", "5-22"),
    ("mentorstøtte fastholdelse", "14-25"),
]


def write_jsonl(path: Path) -> Path:
    """The real rulings as a JSON Lines file, to be imported."""
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in REAL_RULINGS),
                    encoding="utf-8")
    return path


def demo_like(count: int = 320, seed: int = 7, *, taken: set[str] | None = None) -> list[dict]:
    """`count` rulings written by the demo's ruling generator, numbered as the demo numbers
    them but never with a number in `taken`; values as Ruling's columns."""
    rng = Random(f"{seed}:rulings")
    taken = set(taken or ())
    areas = demo_text.RULING_AREAS
    first, span = date(2000, 1, 1), 9_800
    dated = sorted((first + timedelta(days=int(span * rng.random() ** 0.6)),
                    rng.randrange(len(areas))) for _ in range(count))
    serials: dict[tuple[str, int], int] = {}
    rows, earlier = [], {i: [] for i in range(len(areas))}
    for decided_on, area_index in dated:
        area = areas[area_index]
        letter = "" if decided_on.year >= 2012 else demo_text.RULING_LETTERS[
            area_index % len(demo_text.RULING_LETTERS)]
        while True:
            serials[(letter, decided_on.year)] = serial = serials.get((letter, decided_on.year), 0) + 1
            number = f"{serial}-{decided_on.year % 100:02d}"
            number = f"{letter}-{number}" if letter else number
            if number not in taken:
                break
        taken.add(number)
        outcome = rng.choices(("confirmed", "changed", "sent_back", "rejected"), (58, 18, 13, 11))[0]
        previous = earlier[area_index]
        replaces = (rng.sample(previous[-40:], min(len(previous), rng.randint(1, 2)))
                    if previous and not letter and rng.random() < 0.08 else [])
        content = demo_text.ruling_text(rng, area, rng.randrange(len(area.topics)), outcome,
                                        replaces, decided_on)
        rows.append(dict(number=number, is_principle=True, title=content["title"],
                         decided_on=decided_on, law=content["law"], section=content["section"],
                         target_group=area.target_group, keywords=content["keywords"],
                         summary=content["summary"], outcome=outcome, facts=content["facts"],
                         decision_text=content["decision_text"], reasoning=content["reasoning"],
                         replaces=replaces))
        previous.append(number)
    return rows
