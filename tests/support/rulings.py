"""A small library of rulings and a team for the ruling screens.

The app that opens on a screen is support.apps.ScreenApp.

`build(db_url)` makes a migrated database: Team Vest with caseworkers Mette Kjær and Jens
Holm and team lead Lone Berg, Sara Ørsted in Team Øst, the citizen Søren Møller (on
sygedagpenge, waiting for a back operation) with a meeting ahead, and nine rulings, one of
them full of markup and terminal escapes. Two rulings changed or sent back decisions about
Søren, so they are rulings against us.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

from prepdesk.core.context import Context, CurrentUser
from prepdesk.data import db
from prepdesk.data import models as m
from support.people import NOW, context, staff, teams, user_of
from support.people import citizen as new_citizen

SICK_PAY, SOCIAL, PENSION = "Lov om sygedagpenge", "Lov om aktiv socialpolitik", "Lov om social pension"
HOSTILE_TITLE = "[bold]Kontanthjælp[/] – udeblivelse [/"
HOSTILE_SUMMARY = "Resumé med [@click=app.quit]et link[/] og \x1b]0;falsk titel\x07escapes\x1b[2J."


def ruling(number, title, decided_on, law, outcome, target_group, keywords, summary, **more):
    return m.Ruling(number=number, title=title, decided_on=date.fromisoformat(decided_on),
                    law=law, outcome=outcome, target_group=target_group,
                    keywords=keywords, summary=summary, **more)


def rulings() -> list[m.Ruling]:
    """The library, new objects for each database."""
    return [
        ruling("12-21", "Sygedagpenge – revurdering – forlængelse", "2021-03-01", SICK_PAY,
               "changed", "Sygedagpengemodtagere", ["revurdering", "forlængelse"],
               "Kommunen skal ved revurderingen tage stilling til alle forlængelsesmuligheder.",
               section="§ 27", replaces=["P-11-09"],
               facts="Borgeren havde været sygemeldt i 22 uger.",
               decision_text="Ankestyrelsen ændrer kommunens afgørelse.",
               reasoning="Borgeren ventede på lægelig behandling."),
        ruling("P-11-09", "Sygedagpenge – forlængelse – behandling", "2009-04-02", SICK_PAY,
               "confirmed", "Sygedagpengemodtagere", ["forlængelse"], "Erstattet af 12-21."),
        ruling("30-19", "Sygedagpenge – forlængelse – venter på operation", "2019-06-14", SICK_PAY,
               "changed", "Sygedagpengemodtagere", ["forlængelse", "operation"],
               "Sygedagpengene forlænges, når borgeren venter på en operation, fx for diskusprolaps."),
        ruling("5-21", "Jobafklaringsforløb – overgang fra sygedagpenge", "2021-09-02", SICK_PAY,
               "confirmed", "Sygemeldte", ["jobafklaringsforløb", "overgang"],
               "Om overgang til jobafklaringsforløb."),
        ruling("1-22", "Fleksjob – betingelser – varig nedsættelse", "2022-01-20",
               "Lov om en aktiv beskæftigelsesindsats", "sent_back",
               "Personer med varigt nedsat arbejdsevne", ["fleksjob", "arbejdsevne"],
               "Retten til fleksjob forudsætter, at arbejdsevnen er varigt nedsat."),
        ruling("D-15-07", "Kontanthjælp – sanktion – rimelig grund", "2007-06-12", SOCIAL,
               "confirmed", "Kontanthjælpsmodtagere", ["sanktion", "udeblivelse"],
               "Kommunen skal undersøge, om borgeren havde en rimelig grund til at udeblive."),
        ruling("112-21", "Kontanthjælp – rådighed – aktivitetsparat", "2021-11-30", SOCIAL,
               "changed", "Kontanthjælpsmodtagere", ["rådighed", "aktivitetsparat"],
               "Rådigheden skal vurderes i forhold til de konkrete aktiviteter."),
        ruling("35-21", "Førtidspension – åbenbart formålsløst – afprøvning", "2021-05-25", PENSION,
               "changed", "Personer med varigt nedsat arbejdsevne", ["førtidspension", "afprøvning"],
               "Det er åbenbart formålsløst at afprøve arbejdsevnen yderligere."),
        ruling("66-21", HOSTILE_TITLE, "2021-10-19", SOCIAL, "sent_back",
               "[red]Kontanthjælpsmodtagere[/red]", ["[b]angst[/b]", "udeblivelse"], HOSTILE_SUMMARY,
               facts="Sagsfremstilling med [/] og \x9b31m.", decision_text="[link=x]Afgørelse[/link]",
               reasoning="Begrundelse {count} %s."),
    ]


@dataclass
class World:
    sessions: object
    engine: object
    mette: CurrentUser  # caseworker, Team Vest
    jens: CurrentUser  # caseworker, Team Vest
    lone: CurrentUser  # team lead, Team Vest
    sara: CurrentUser  # caseworker, Team Øst
    citizen_id: int
    meeting_id: int
    ruling_ids: dict[str, int]

    def workspace(self, user: CurrentUser | None = None) -> Context:
        settings = SimpleNamespace(resolved_database_url=lambda demo=None: "sqlite://",
                                   approval_reminder_days=7)
        return context(self.sessions, user or self.mette, settings)

    def session(self):  # type: ignore[no-untyped-def]
        return self.sessions()


def build(url: str) -> World:
    engine = db.open_engine(url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        made = teams(session)
        vest = made["vest"]
        workers = staff(session, made, "mette", "jens", "lone", "sara")
        group = m.TargetGroup(code="syg", name="Sygedagpengemodtager")
        benefit = m.Benefit(code="sdp", name="Sygedagpenge")
        library = rulings()
        session.add_all([group, benefit, *library])
        session.flush()
        citizen = new_citizen(session, "Søren", "Møller", "120587-1234", vest,
                              target_group_id=group.id, benefit_id=benefit.id)
        meeting = m.Meeting(citizen_id=citizen.id, caseworker_id=workers["mette"].id,
                            kind="follow_up", starts_at=NOW + timedelta(days=1, hours=2))
        ids = {r.number: r.id for r in library}
        session.add_all([
            meeting,
            m.Statement(citizen_id=citizen.id, kind="specialist", author_name="Dr. Lund",
                        author_profession="ortopædkirurg", written_on=date(2026, 11, 1),
                        received_at=NOW - timedelta(days=5), title="Speciallægeerklæring",
                        body="Diskusprolaps. Borgeren venter på en operation i ryggen."),
            m.JournalEntry(citizen_id=citizen.id, kind="note", occurred_at=NOW - timedelta(days=2),
                           title="Revurdering", body="Forlængelse af sygedagpenge skal vurderes."),
            *(m.Complaint(citizen_id=citizen.id, kind="appeal", status="decided",
                          received_at=NOW - timedelta(days=400), outcome=outcome,
                          ruling_id=ids[number])
              for number, outcome in (("12-21", "changed"), ("1-22", "sent_back"))),
        ])
        session.commit()
        users = {key: user_of(w, made["vest"] if w.team_id == vest.id else made["oest"])
                 for key, w in workers.items()}
        return World(sessions, engine, users["mette"], users["jens"], users["lone"],
                     users["sara"], citizen.id, meeting.id, ids)
