"""A citizen's file for the screen tests: Søren Møller with his history, his statements
and a long journal entry, and Åse Ærø of another team; `opened` waits for the file.

Built with support.people as support.world is; the app that opens on the file is
support.apps.FileApp.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import insert
from textual.pilot import Pilot

from prepdesk.core.context import Context, CurrentUser
from prepdesk.data import db
from prepdesk.data import models as m
from prepdesk.screens.citizen_file import CitizenFileScreen
from support.people import NOW, ago, citizen, context, staff, teams, user_of
from support.pilot import settled, until

__all__ = ["LONG_BODY", "NOW", "World", "add_journal_entries", "build_world", "opened"]


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
        return context(self.sessions, user or self.me, settings)

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
        made = teams(session)
        vest, oest = made["vest"], made["oest"]
        workers = staff(session, made, "mette", "jens", "sara")
        me, earlier, other = workers["mette"], workers["jens"], workers["sara"]
        benefit = m.Benefit(code="kh", name="Kontanthjælp")
        group = m.TargetGroup(code="ap", name="Aktivitetsparat kontanthjælp")
        add([benefit, group])
        session.flush()
        soeren = citizen(
            session, "Søren", "Møller", "120587-1234", vest, benefit_id=benefit.id,
            target_group_id=group.id, address="Fjordvej 3", postcode="6990", city="Fjordby",
            phone="20 30 40 50", assessment="Vurderes at kunne arbejde 10 timer om ugen.",
        )
        stranger = citizen(session, "Åse", "Ærø", "010190-4321", oest)
        long_entry = m.JournalEntry(
            citizen_id=soeren.id, author_id=me.id, kind="phone", direction="in",
            occurred_at=ago(20), title="Opkald fra borger", body=LONG_BODY)
        add([
            m.CaseworkerAssignment(citizen_id=soeren.id, caseworker_id=other.id,
                                   started_at=ago(900), ended_at=ago(600)),
            m.CaseworkerAssignment(citizen_id=soeren.id, caseworker_id=earlier.id,
                                   started_at=ago(600), ended_at=ago(200)),
            m.CaseworkerAssignment(citizen_id=soeren.id, caseworker_id=me.id,
                                   started_at=ago(200)),
            m.CaseworkerAssignment(citizen_id=stranger.id, caseworker_id=other.id,
                                   started_at=ago(100)),
            m.CitizenGoal(citizen_id=soeren.id, kind="goal",
                          text="Jeg vil gerne arbejde med dyr.", recorded_at=ago(30)),
            m.CitizenGoal(citizen_id=soeren.id, kind="wish",
                          text="Jeg vil ikke arbejde om natten.", recorded_at=ago(30)),
            m.Accommodation(citizen_id=soeren.id, description="Pauser hver time"),
            m.Representative(citizen_id=soeren.id, kind="companion", name="Birthe Møller",
                             relation="mor", phone="20 20 20 20"),
            m.BenefitPeriod(citizen_id=soeren.id, benefit_id=benefit.id,
                            started_on=date(2020, 1, 1)),
            long_entry,
            m.JournalEntry(citizen_id=soeren.id, author_id=me.id, kind="sms", direction="out",
                           occurred_at=ago(2), title="SMS til borger", body="Husk mødet mandag."),
            m.Agreement(citizen_id=soeren.id, what="Søge tre job", who="citizen",
                        due_on=date(2026, 11, 1)),
            m.Agreement(citizen_id=soeren.id, what="Ringe til lægen", who="caseworker",
                        due_on=date(2026, 12, 1)),
        ])
        add([
            m.Meeting(citizen_id=soeren.id, caseworker_id=me.id, kind="follow_up",
                      starts_at=ago(7), status="held", purpose="Opfølgning"),
            m.Meeting(citizen_id=soeren.id, caseworker_id=me.id, kind="follow_up",
                      starts_at=NOW + timedelta(hours=2), place="Mødelokale 2"),
        ])
        old_statement = m.Statement(
            citizen_id=soeren.id, kind="medical", author_name="Dr. Lund",
            author_profession="praktiserende læge", written_on=date(2026, 9, 1),
            received_at=ago(40), title="Lægeerklæring", body="Fuld tekst.")
        new_statement = m.Statement(
            citizen_id=soeren.id, kind="psychologist", author_name="Eva Friis",
            author_profession="autoriseret psykolog", written_on=date(2026, 11, 18),
            received_at=ago(3), title="Psykologudtalelse",
            body="Første afsnit.\n\nHele udtalelsen slutter her.", work_capacity="10 timer",
            hours_per_week=10, restrictions="Ingen tunge løft")
        add([old_statement, new_statement])
        session.commit()
        return World(
            sessions=sessions, engine=engine, me=user_of(me, vest), other=user_of(other, oest),
            citizen_id=soeren.id, stranger_id=stranger.id, old_statement_id=old_statement.id,
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


async def opened(pilot: Pilot) -> CitizenFileScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, CitizenFileScreen))
    await settled(pilot)
    return pilot.app.screen
