"""A small library of rulings and a team for the ruling screens, and PrepDesk opened on one
of them.

`build(db_url)` makes a migrated database: Team Vest with caseworkers Mette Kjær and Jens
Holm and team lead Lone Berg, Sara Ørsted in Team Øst, the citizen Søren Møller (on
sygedagpenge, waiting for a back operation) with a meeting ahead, and nine rulings, one of
them full of markup and terminal escapes. Two rulings changed or sent back decisions about
Søren, so they are rulings against us.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

import prepdesk.app
from prepdesk.app import PrepDeskApp, describe_user
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.data import db
from prepdesk.data import models as m

# Monday 23 November 2026, 08:00 in Copenhagen.
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=LOCAL_TIMEZONE)
SIZE = (120, 36)
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
        return Context(sessions=self.sessions, user=user or self.mette, settings=settings,
                         clock=lambda: NOW)

    def session(self):  # type: ignore[no-untyped-def]
        return self.sessions()


def build(url: str) -> World:
    engine = db.open_engine(url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        vest, oest = m.Team(name="Team Vest"), m.Team(name="Team Øst")
        session.add_all([vest, oest])
        session.flush()
        staff = {
            "mette": m.Caseworker(initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example",
                                  phone="72 10 20 30", team_id=vest.id),
            "jens": m.Caseworker(initials="JH", name="Jens Holm", email="jh@fjordby.example",
                                 phone="72 10 20 31", team_id=vest.id),
            "lone": m.Caseworker(initials="LB", name="Lone Berg", role="team_lead",
                                 email="lb@fjordby.example", phone="72 10 20 33",
                                 team_id=vest.id),
            "sara": m.Caseworker(initials="SØ", name="Sara Ørsted", email="so@fjordby.example",
                                 phone="72 10 20 32", team_id=oest.id),
        }
        session.add_all(staff.values())
        group = m.TargetGroup(code="syg", name="Sygedagpengemodtager")
        benefit = m.Benefit(code="sdp", name="Sygedagpenge")
        library = rulings()
        session.add_all([group, benefit, *library])
        session.flush()
        citizen = m.Citizen(cpr="120587-1234", first_name="Søren", last_name="Møller",
                            search_name="soeren moeller", team_id=vest.id,
                            target_group_id=group.id, benefit_id=benefit.id)
        session.add(citizen)
        session.flush()
        meeting = m.Meeting(citizen_id=citizen.id, caseworker_id=staff["mette"].id,
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
        users = {key: CurrentUser(w.id, w.name, w.role, w.team_id,
                                  "Team Vest" if w.team_id == vest.id else "Team Øst",
                                  w.email, w.phone) for key, w in staff.items()}
        return World(sessions, engine, users["mette"], users["jens"], users["lone"],
                     users["sara"], citizen.id, meeting.id, ids)


class ScreenApp(PrepDeskApp):
    """PrepDesk that opens on the screen `make` builds, over an empty screen to go back to."""

    CSS_PATH = str(Path(prepdesk.app.__file__).with_name("app.tcss"))

    def __init__(self, workspace: Context, make: Callable[[Context], Screen]) -> None:
        super().__init__(open_workspace=lambda progress: workspace, theme_name="textual-light")
        self._make = make

    def _show_workspace(self, workspace: Context) -> None:
        self.ctx = workspace
        self.sub_title = describe_user(workspace.user)
        self.switch_screen(Screen(id="home"))
        self._home_depth = len(self.screen_stack)
        self.push_screen(self._make(workspace))


async def until(pilot: Pilot, condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never became true")


async def settle(pilot: Pilot) -> None:
    """Wait until every worker is done and what they delivered is on screen."""
    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            await pilot.pause()
            return
    raise AssertionError("the workers never finished")


def shown(widget: Widget) -> str:
    """What a widget shows, its lines joined by spaces (wrapped text reads on)."""
    lines = (widget.render_line(y).text.rstrip() for y in range(widget.size.height))
    return " ".join(line for line in lines if line)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type as a person would, one key at a time."""
    for character in text:
        await pilot.press("space" if character == " " else character)
