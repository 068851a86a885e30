"""A small job centre for the citizen-file screens, and PrepDesk opened on one file.

Like tests/core/world.py, with what the screens need on top: a Context with a fixed
clock, an app that opens straight on a citizen's file, and helpers to wait for the
workers and read what a widget shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import insert
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import WorkerCancelled

import prepdesk.app
from prepdesk.app import PrepDeskApp, describe_user
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.data import db
from prepdesk.data import models as m
from prepdesk.screens.citizen_file import CitizenFileScreen

# Monday 23 November 2026, 08:00 in Copenhagen.
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=LOCAL_TIMEZONE)
SIZE = (120, 36)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@dataclass
class World:
    sessions: object
    engine: object
    me: CurrentUser
    other: CurrentUser
    citizen_id: int
    stranger_id: int  # another team's citizen
    old_statement_id: int
    new_statement_id: int
    long_entry_id: int  # a journal entry whose body is longer than the preview

    def workspace(self, user: CurrentUser | None = None) -> Context:
        settings = SimpleNamespace(resolved_database_url=lambda demo=None: "sqlite://")
        return Context(sessions=self.sessions, user=user or self.me, settings=settings,
                         clock=lambda: NOW)

    def session(self):
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()


LONG_BODY = "Borger ringede om sin medicin. " * 20 + "Sidste sætning i notatet."


def build_world(url: str) -> World:
    engine = db.open_engine(url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        add = session.add_all
        vest, oest = m.Team(name="Team Vest"), m.Team(name="Team Øst")
        add([vest, oest])
        session.flush()
        me = m.Caseworker(initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example",
                          phone="72 10 20 30", team_id=vest.id)
        earlier = m.Caseworker(initials="JH", name="Jens Holm", email="jh@fjordby.example",
                               phone="72 10 20 31", team_id=vest.id)
        other = m.Caseworker(initials="SØ", name="Sara Ørsted", email="so@fjordby.example",
                             phone="72 10 20 32", team_id=oest.id)
        add([me, earlier, other])
        session.flush()
        benefit = m.Benefit(code="kh", name="Kontanthjælp")
        group = m.TargetGroup(code="ap", name="Aktivitetsparat kontanthjælp")
        add([benefit, group])
        session.flush()
        citizen = m.Citizen(
            cpr="120587-1234", first_name="Søren", last_name="Møller",
            search_name="soeren moeller", team_id=vest.id, benefit_id=benefit.id,
            target_group_id=group.id, address="Fjordvej 3", postcode="6990", city="Fjordby",
            phone="20 30 40 50", assessment="Vurderes at kunne arbejde 10 timer om ugen.",
        )
        stranger = m.Citizen(cpr="010190-4321", first_name="Åse", last_name="Ærø",
                             search_name="aase aeroe", team_id=oest.id)
        add([citizen, stranger])
        session.flush()
        long_entry = m.JournalEntry(
            citizen_id=citizen.id, author_id=me.id, kind="phone", direction="in",
            occurred_at=ago(20), title="Opkald fra borger", body=LONG_BODY)
        add([
            m.CaseworkerAssignment(citizen_id=citizen.id, caseworker_id=other.id,
                                   started_at=ago(900), ended_at=ago(600)),
            m.CaseworkerAssignment(citizen_id=citizen.id, caseworker_id=earlier.id,
                                   started_at=ago(600), ended_at=ago(200)),
            m.CaseworkerAssignment(citizen_id=citizen.id, caseworker_id=me.id,
                                   started_at=ago(200)),
            m.CaseworkerAssignment(citizen_id=stranger.id, caseworker_id=other.id,
                                   started_at=ago(100)),
            m.CitizenGoal(citizen_id=citizen.id, kind="goal",
                          text="Jeg vil gerne arbejde med dyr.", recorded_at=ago(30)),
            m.CitizenGoal(citizen_id=citizen.id, kind="wish",
                          text="Jeg vil ikke arbejde om natten.", recorded_at=ago(30)),
            m.Accommodation(citizen_id=citizen.id, description="Pauser hver time"),
            m.Representative(citizen_id=citizen.id, kind="companion", name="Birthe Møller",
                             relation="mor", phone="20 20 20 20"),
            m.BenefitPeriod(citizen_id=citizen.id, benefit_id=benefit.id,
                            started_on=date(2020, 1, 1)),
            long_entry,
            m.JournalEntry(citizen_id=citizen.id, author_id=me.id, kind="sms", direction="out",
                           occurred_at=ago(2), title="SMS til borger", body="Husk mødet mandag."),
            m.Agreement(citizen_id=citizen.id, what="Søge tre job", who="citizen",
                        due_on=date(2026, 11, 1)),
            m.Agreement(citizen_id=citizen.id, what="Ringe til lægen", who="caseworker",
                        due_on=date(2026, 12, 1)),
        ])
        add([
            m.Meeting(citizen_id=citizen.id, caseworker_id=me.id, kind="follow_up",
                      starts_at=ago(7), status="held", purpose="Opfølgning"),
            m.Meeting(citizen_id=citizen.id, caseworker_id=me.id, kind="follow_up",
                      starts_at=NOW + timedelta(hours=2), place="Mødelokale 2"),
        ])
        old_statement = m.Statement(
            citizen_id=citizen.id, kind="medical", author_name="Dr. Lund",
            author_profession="praktiserende læge", written_on=date(2026, 9, 1),
            received_at=ago(40), title="Lægeerklæring", body="Fuld tekst.")
        new_statement = m.Statement(
            citizen_id=citizen.id, kind="psychologist", author_name="Eva Friis",
            author_profession="autoriseret psykolog", written_on=date(2026, 11, 18),
            received_at=ago(3), title="Psykologudtalelse",
            body="Første afsnit.\n\nHele udtalelsen slutter her.", work_capacity="10 timer",
            hours_per_week=10, restrictions="Ingen tunge løft")
        add([old_statement, new_statement])
        session.commit()
        return World(
            sessions=sessions, engine=engine, me=_user(me, vest), other=_user(other, oest),
            citizen_id=citizen.id, stranger_id=stranger.id, old_statement_id=old_statement.id,
            new_statement_id=new_statement.id, long_entry_id=long_entry.id,
        )


def add_journal_entries(world: World, count: int) -> None:
    """`count` more journal entries, one an hour back from two days ago."""
    author_id = world.me.id
    rows = [
        {"citizen_id": world.citizen_id, "author_id": author_id, "kind": "note",
         "direction": "", "occurred_at": ago(2) - timedelta(hours=number + 1),
         "title": f"Notat nummer {number + 1}", "body": f"Tekst {number + 1}. " * 30,
         "version": 1}
        for number in range(count)
    ]
    with world.session() as session:
        session.execute(insert(m.JournalEntry), rows)
        session.commit()


def _user(worker: m.Caseworker, team: m.Team | None) -> CurrentUser:
    return CurrentUser(worker.id, worker.name, worker.role, worker.team_id,
                       team.name if team else None, worker.email, worker.phone)


class FileApp(PrepDeskApp):
    """PrepDesk that opens on a citizen's file, over an empty screen to go back to."""

    CSS_PATH = str(Path(prepdesk.app.__file__).with_name("app.tcss"))

    def __init__(self, workspace: Context, citizen_id: int) -> None:
        super().__init__(open_workspace=lambda progress: workspace, theme_name="textual-light")
        self.citizen_id = citizen_id

    def _show_workspace(self, workspace: Context) -> None:
        self.ctx = workspace  # what `ui.navigation.go` builds the next screens with
        self.sub_title = describe_user(workspace.user)
        self.switch_screen(Screen(id="before-the-file"))
        self.push_screen(CitizenFileScreen(workspace, self.citizen_id))


async def until(pilot: Pilot, condition: Callable[[], bool]) -> None:
    for _ in range(300):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never became true")


async def settle(pilot: Pilot) -> None:
    """Wait until every worker is done and what they delivered is on screen."""
    for _ in range(50):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # the worker of a screen that has closed
            pass
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            await pilot.pause()
            return
    raise AssertionError("the workers never finished")


async def opened(pilot: Pilot) -> CitizenFileScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, CitizenFileScreen))
    await settle(pilot)
    return pilot.app.screen


def shown(widget: Widget) -> str:
    """What a widget shows, its lines joined by spaces (wrapped text reads on)."""
    lines = (widget.render_line(y).text.rstrip() for y in range(widget.size.height))
    return " ".join(line for line in lines if line)


def shown_in(screen: Screen, selector: str) -> str:
    """What every Static under `selector` shows."""
    from textual.widgets import Static

    return " ".join(shown(static) for static in screen.query_one(selector).query(Static))
