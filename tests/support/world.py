"""A small job centre whose every row the core tests know by name (fixture `world` in
tests/core/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from prepdesk.config import Settings
from prepdesk.core.context import Context, CurrentUser
from prepdesk.data import db
from prepdesk.data import models as m
from support.people import NOW, ago, citizen, context, staff, teams, user_of

__all__ = ["ADMIN_REASON", "NOW", "World", "build_world", "user_of"]

ADMIN_REASON = "Supportsag 4711: sagen vises forkert"


@dataclass
class World:
    session: object
    me: CurrentUser
    other: CurrentUser
    admin: CurrentUser  # has given a reason for `citizen` today (see build_world)
    citizen: m.Citizen
    stranger: m.Citizen  # another team's citizen
    last_meeting: m.Meeting
    next_meeting: m.Meeting
    old_statement: m.Statement
    new_statement: m.Statement
    sessions: object = None  # the session factory, for `ctx`

    def ctx(self, user: CurrentUser | None = None, *, now: datetime = NOW) -> Context:
        """What a core operation takes: this world's database, `user` (me by default) and a
        clock standing at `now`."""
        return context(self.sessions, user or self.me,
                       Settings(sender_address="jobcenter@fjordby.example"), now=now)


def build_world(db_url: str) -> Iterator[World]:
    """Mette Kjær (Team Vest) and her citizen Søren Møller with his history; Sara Ørsted
    (Team Øst) and her citizen Åse Ærø; an admin. Yields the world, then closes it.

    The admin has given a reason for Søren's file today (R-SEC-3: a support case, logged at
    07:00), so `world.admin` is the colleague who may open and change his file that day;
    for Åse, or another day, they have given none (tests/support/roles.py)."""
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    session = sessions()
    add = session.add_all
    made = teams(session)
    vest, oest = made["vest"], made["oest"]
    workers = staff(session, made, "mette", "jens", "sara", "admin")
    me, earlier, other, admin = (workers[k] for k in ("mette", "jens", "sara", "admin"))
    kontant = m.Benefit(code="kh", name="Kontanthjælp")
    group = m.TargetGroup(code="ap", name="Aktivitetsparat kontanthjælp")
    add([kontant, group])
    session.flush()
    soeren = citizen(session, "Søren", "Møller", "120587-1234", vest, benefit_id=kontant.id,
                     target_group_id=group.id,
                     assessment="Vurderes at kunne arbejde 10 timer om ugen.")
    stranger = citizen(session, "Åse", "Ærø", "010190-4321", oest)
    add([
        m.CaseworkerAssignment(citizen_id=soeren.id, caseworker_id=other.id, started_at=ago(900), ended_at=ago(600)),
        m.CaseworkerAssignment(citizen_id=soeren.id, caseworker_id=earlier.id, started_at=ago(600), ended_at=ago(200)),
        m.CaseworkerAssignment(citizen_id=soeren.id, caseworker_id=me.id, started_at=ago(200)),
        m.CaseworkerAssignment(citizen_id=stranger.id, caseworker_id=other.id, started_at=ago(100)),
        m.CitizenGoal(citizen_id=soeren.id, kind="goal", text="Jeg vil gerne arbejde med dyr.", recorded_at=ago(30)),
        m.Accommodation(citizen_id=soeren.id, description="Pauser hver time"),
        m.Representative(citizen_id=soeren.id, kind="companion", name="Birthe Møller", relation="mor", phone="20 20 20 20"),
        m.BenefitPeriod(citizen_id=soeren.id, benefit_id=kontant.id, started_on=date(2020, 1, 1)),
        m.JournalEntry(citizen_id=soeren.id, author_id=me.id, kind="phone", direction="in", occurred_at=ago(20),
                       title="Opkald fra borger", body="Borger ringede om medicin."),
        m.JournalEntry(citizen_id=soeren.id, author_id=me.id, kind="sms", direction="out", occurred_at=ago(2),
                       title="SMS til borger", body="Husk mødet mandag."),
        m.Agreement(citizen_id=soeren.id, what="Søge tre job", who="citizen", due_on=date(2026, 11, 1)),
        m.Agreement(citizen_id=soeren.id, what="Afsluttet aftale", status="done"),
    ])
    last_meeting = m.Meeting(citizen_id=soeren.id, caseworker_id=me.id, kind="follow_up", starts_at=ago(7),
                             status="held", purpose="Opfølgning")
    next_meeting = m.Meeting(citizen_id=soeren.id, caseworker_id=me.id, kind="follow_up",
                             starts_at=NOW + timedelta(hours=2), place="Mødelokale 2")
    friday = m.Meeting(citizen_id=soeren.id, caseworker_id=me.id, kind="phone", starts_at=NOW + timedelta(days=4))
    next_week = m.Meeting(citizen_id=soeren.id, caseworker_id=me.id, kind="phone", starts_at=NOW + timedelta(days=8))
    add([last_meeting, next_meeting, friday, next_week])
    old_statement = m.Statement(citizen_id=soeren.id, kind="medical", author_name="Dr. Lund", author_profession="praktiserende læge",
                                written_on=date(2026, 9, 1), received_at=ago(40), title="Lægeerklæring", body="Fuld tekst.")
    new_statement = m.Statement(citizen_id=soeren.id, kind="psychologist", author_name="Eva Friis", author_profession="autoriseret psykolog",
                                written_on=date(2026, 11, 18), received_at=ago(3), title="Psykologudtalelse",
                                body="Hele udtalelsen.", work_capacity="10 timer", hours_per_week=10)
    add([old_statement, new_statement])
    session.commit()
    session.add(m.AccessLog(at=NOW - timedelta(hours=1), caseworker_id=admin.id, citizen_id=soeren.id,
                            action="admin_reason", detail=ADMIN_REASON))
    session.commit()
    try:
        yield World(session, user_of(me, vest), user_of(other, oest), user_of(admin, None), soeren,
                    stranger, last_meeting, next_meeting, old_statement, new_statement, sessions)
    finally:
        session.close()
        engine.dispose()
