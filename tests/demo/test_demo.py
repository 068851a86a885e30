"""The demo data: realistic, deterministic, and never written over real data."""

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, select
from stdnum.dk import cpr as stdnum_cpr

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.search import fold
from prepdesk.data import models as m
from prepdesk.data.db import open_engine, upgrade
from prepdesk.demo import build as demo
from prepdesk.demo.build import build_demo, build_demo_from_cli, ensure_demo
from prepdesk.errors import UserError

TODAY = date(2026, 3, 10)  # a Tuesday
NOON = datetime.combine(TODAY, time(12), tzinfo=LOCAL_TIMEZONE)
RULING_NUMBER = re.compile(r"^(?:[A-Z]-)?\d{1,4}-\d{2}$")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def few_citizens(monkeypatch: pytest.MonkeyPatch) -> None:
    """The small scale with 40 citizens, for tests of when and where the demo is built."""
    monkeypatch.setitem(demo.SCALES, "small", replace(demo.SCALES["small"], citizens=40))


def count(session: Session, model: type[SQLModel], *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TIMEZONE)


def test_small_demo_is_built_as_documented(engine: Engine) -> None:
    ensure_demo(engine, scale="small", today=TODAY, progress=None)
    with Session(engine) as session:
        check_organisation(session)
        check_citizens(session)
        check_histories(session)
        check_rulings(session)
        check_every_caseworker_meets_today(session)
        check_the_demo_caseworkers_day(session)


def check_organisation(session: Session) -> None:
    roles = Counter(session.exec(select(m.Caseworker.role).where(m.Caseworker.active)).all())
    assert roles == {"caseworker": 8, "team_lead": 2, "admin": 1}
    assert count(session, m.Team) == 2
    people = session.exec(select(m.Caseworker)).all()
    assert len({p.initials for p in people}) == len(people)
    assert all(p.email.endswith("@fjordby.example") and p.phone for p in people)
    rooms = session.exec(select(m.Room)).all()
    assert any(not room.private for room in rooms) and sum(room.private for room in rooms) >= 5


def check_citizens(session: Session) -> None:
    citizens = session.exec(select(m.Citizen)).all()
    assert len(citizens) == 300
    cprs = [c.cpr for c in citizens]
    assert len(set(cprs)) == len(cprs)
    for citizen in citizens:
        assert re.fullmatch(r"\d{6}-\d{4}", citizen.cpr) and stdnum_cpr.is_valid(citizen.cpr)
        age = (TODAY - stdnum_cpr.get_birth_date(citizen.cpr)).days / 365.25
        assert 18 <= age < 68
        assert citizen.search_name == fold(f"{citizen.first_name} {citizen.last_name}")
    names = " ".join(f"{c.first_name} {c.last_name}" for c in citizens)
    for letter in "æøåÆØÅ":
        assert letter in names
    assert sum("moeller" in c.search_name for c in citizens) >= 3  # Møller
    assert sum(c.email is not None for c in citizens) > 200
    channels = Counter(c.preferred_channel for c in citizens)
    assert channels.most_common(1)[0][0] == "digital_post"
    with_accommodations = count(session, m.Citizen, m.Citizen.id.in_(
        select(m.Accommodation.citizen_id)))
    assert 0.3 <= with_accommodations / 300 <= 0.5
    with_representative = count(session, m.Citizen, m.Citizen.id.in_(
        select(m.Representative.citizen_id)))
    assert 0.15 <= with_representative / 300 <= 0.35
    kinds = set(session.exec(select(m.CitizenGoal.kind)).all())
    assert kinds == {"goal", "wish", "resource"}


def check_histories(session: Session) -> None:
    journal = Counter(session.exec(select(m.JournalEntry.citizen_id)).all())
    heavy = [citizen for citizen, entries in journal.items() if entries >= 5000]
    assert len(heavy) == 2
    assert all(10 <= entries <= 60 for citizen, entries in journal.items() if citizen not in heavy)
    kinds = set(session.exec(select(m.JournalEntry.kind)).all())
    assert kinds == {"meeting", "phone", "email", "sms", "letter", "note", "decision", "complaint"}
    assert len(set(session.exec(select(m.JournalEntry.title)).all())) >= 60

    changes = [n - 1 for n in Counter(session.exec(
        select(m.CaseworkerAssignment.citizen_id)).all()).values()]
    assert sum(1 <= c <= 3 for c in changes) > len(changes) / 2
    assert 0.05 <= sum(c >= 4 for c in changes) / len(changes) <= 0.2
    assert any(c >= 7 for c in changes)

    years = session.exec(select(func.min(m.BenefitPeriod.started_on))
                         .group_by(m.BenefitPeriod.citizen_id)).all()
    spans = [(TODAY - first).days / 365 for first in years]
    assert min(spans) < 2 and max(spans) > 10
    assert count(session, m.Statement) > 300
    assert {"medical", "specialist", "psychologist", "other"} <= set(
        session.exec(select(m.Statement.kind)).all())
    outcomes = set(session.exec(select(m.Complaint.outcome).where(m.Complaint.kind == "appeal")).all())
    assert {"changed", "sent_back"} & outcomes and count(
        session, m.Complaint, m.Complaint.ruling_id.is_not(None)) > 0
    assert count(session, m.NoteVersion, m.NoteVersion.number == 2) > 0
    rejected = session.exec(select(m.Correction).where(m.Correction.status == "rejected")).all()
    assert rejected and all(correction.rejection_reason for correction in rejected)
    assert count(session, m.Handover, m.Handover.completed_at.is_(None)) >= 1


def check_rulings(session: Session) -> None:
    rulings = session.exec(select(m.Ruling)).all()
    assert len(rulings) >= 300
    assert all(RULING_NUMBER.match(r.number) for r in rulings)
    assert any(r.number[0].isalpha() for r in rulings) and any(r.number[0].isdigit() for r in rulings)
    outcomes = Counter(r.outcome for r in rulings)
    assert set(outcomes) == {"confirmed", "changed", "sent_back", "rejected"}
    assert 0.2 <= (outcomes["changed"] + outcomes["sent_back"]) / len(rulings) <= 0.4
    assert len({r.law for r in rulings}) >= 5
    assert any(r.replaces for r in rulings)
    for ruling in rulings:
        assert ruling.number.endswith(f"-{ruling.decided_on:%y}")
        assert ruling.summary.startswith("Ankestyrelsen fastslår")
        assert ruling.facts.count("\n\n") >= 2 and ruling.reasoning.count("\n\n") >= 2


def meetings_today(session: Session, caseworker_id: int) -> list[m.Meeting]:
    start = datetime.combine(TODAY, time(0), tzinfo=LOCAL_TIMEZONE)
    return session.exec(select(m.Meeting).where(
        m.Meeting.caseworker_id == caseworker_id, m.Meeting.status == "planned",
        m.Meeting.starts_at >= start, m.Meeting.starts_at < start + timedelta(days=1))).all()


def check_every_caseworker_meets_today(session: Session) -> None:
    for caseworker in session.exec(select(m.Caseworker).where(
            m.Caseworker.role == "caseworker", m.Caseworker.active)):
        meetings = meetings_today(session, caseworker.id)
        assert 3 <= len(meetings) <= 5
        for meeting in meetings:
            assert time(8, 30) <= local(meeting.starts_at).time() <= time(15)


def check_the_demo_caseworkers_day(session: Session) -> None:
    me = session.exec(select(m.Caseworker).where(m.Caseworker.role == "caseworker")
                      .order_by(m.Caseworker.id)).first()
    today = meetings_today(session, me.id)
    assert {meeting.prepared_at is None for meeting in today} == {True, False}
    assert count(session, m.Inquiry, m.Inquiry.caseworker_id == me.id,
                 m.Inquiry.answered_at.is_(None), m.Inquiry.acknowledged_at.is_(None),
                 m.Inquiry.due_at < NOON) >= 2
    mine = select(m.Note.id).where(m.Note.author_id == me.id)
    pending = session.exec(select(m.ApprovalRequest).where(
        m.ApprovalRequest.note_id.in_(mine), m.ApprovalRequest.status == "pending")).all()
    assert any(NOON - request.sent_at > timedelta(days=7) for request in pending)
    assert count(session, m.Correction, m.Correction.note_id.in_(mine),
                 m.Correction.status == "pending") >= 2
    acknowledged = select(m.PracticeChangeAck.practice_change_id).where(
        m.PracticeChangeAck.caseworker_id == me.id)
    assert count(session, m.PracticeChange, m.PracticeChange.id.not_in(acknowledged)) >= 1
    citizens = [meeting.citizen_id for meeting in today]
    read = select(m.StatementRead.statement_id).where(m.StatementRead.caseworker_id == me.id)
    assert count(session, m.Statement, m.Statement.citizen_id.in_(citizens),
                 m.Statement.id.not_in(read), m.Statement.received_at > NOON - timedelta(days=5)) >= 2


def digest(engine: Engine) -> str:
    """A fingerprint of the rows of the tables that carry most of the generated text."""
    hashed = hashlib.sha256()
    with engine.connect() as connection:
        for model in (m.Citizen, m.CaseworkerAssignment, m.JournalEntry, m.Statement, m.Ruling,
                      m.Meeting, m.NoteVersion, m.Inquiry):
            table = model.__table__
            for row in connection.execute(table.select().order_by(*table.primary_key.columns)):
                hashed.update(repr(tuple(row)).encode())
    return hashed.hexdigest()


def test_same_seed_and_day_give_the_same_data(tmp_path) -> None:
    digests = []
    for name in ("first", "second", "other-seed"):
        engine = open_engine(f"sqlite:///{tmp_path / name}.sqlite")
        upgrade(engine)
        build_demo(engine, today=TODAY, seed=7 if name == "other-seed" else 2026, citizens=40)
        digests.append(digest(engine))
        engine.dispose()
    assert digests[0] == digests[1] != digests[2]


def test_ensure_demo_leaves_other_data_alone(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(m.Caseworker(initials="ABC", name="Anna Berg", email="abc@kommune.example",
                                 phone="12345678"))
        session.commit()
    with pytest.raises(UserError, match="demo_database_url"):
        ensure_demo(engine, scale="small", today=TODAY, progress=None)
    with pytest.raises(UserError):
        build_demo(engine, today=TODAY)
    with Session(engine) as session:
        assert [c.initials for c in session.exec(select(m.Caseworker))] == ["ABC"]
        assert count(session, m.Citizen) == 0 and count(session, m.DemoInfo) == 0


def test_ensure_demo_rebuilds_demo_data_from_an_earlier_day(engine: Engine, few_citizens) -> None:
    yesterday = TODAY - timedelta(days=1)
    build_demo(engine, today=yesterday, citizens=24)
    steps = []
    ensure_demo(engine, scale="small", today=TODAY, progress=lambda step, done: steps.append(done))
    assert steps[-1] == 1.0 and steps == sorted(steps)
    with Session(engine) as session:
        info = session.exec(select(m.DemoInfo)).one()
        assert (info.scale, info.seed, local(info.built_at).date()) == ("small", 2026, TODAY)
        assert count(session, m.Citizen) == 40
        me = session.exec(select(m.Caseworker).order_by(m.Caseworker.id)).first()
        assert meetings_today(session, me.id)
        # The ids were given by the build: the database must still number new rows itself.
        session.add(m.Caseworker(initials="NY", name="Ny Kollega", email="ny@fjordby.example",
                                 phone="12345678"))
        session.commit()
    ensure_demo(engine, scale="small", today=TODAY,
                progress=lambda step, done: pytest.fail("rebuilt today's demo data"))


def test_large_scale_streams_in_batches(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The large demo's code (generated staff, bounded batches) on 200 citizens."""
    batches = []
    flush = demo._Writer.flush

    def counting_flush(writer: demo._Writer) -> None:
        batches.append(sum(len(rows) for rows in writer._pending.values()))
        flush(writer)

    monkeypatch.setattr(demo._Writer, "flush", counting_flush)
    build_demo(engine, scale="large", today=TODAY, citizens=200)
    assert len(batches) > 3 and max(batches) <= demo.SCALES["large"].batch_rows
    with Session(engine) as session:
        assert count(session, m.Citizen) == 200
        assert count(session, m.Caseworker, m.Caseworker.role == "caseworker",
                     m.Caseworker.active) == 2 * 20
        assert count(session, m.Ruling) == 400
        assert count(session, m.JournalEntry) > 200 * 10 + 2 * 5000
        assert count(session, m.DemoInfo, m.DemoInfo.scale == "large") == 1
        numbers = session.exec(select(m.Ruling.number)).all()
        assert all(RULING_NUMBER.match(number) for number in numbers)


def test_the_demo_command_builds_once_a_day(db_url, monkeypatch, capsys, few_citizens) -> None:
    monkeypatch.setenv("PREPDESK_DEMO_DATABASE_URL", db_url)
    build_demo_from_cli(scale="small", fresh=False)
    built = capsys.readouterr().out
    assert "journalentry" in built and "citizen" in built
    build_demo_from_cli(scale="small", fresh=False)
    assert "journalentry" not in capsys.readouterr().out
    build_demo_from_cli(scale="small", fresh=True)
    assert "journalentry" in capsys.readouterr().out


def test_the_demo_command_builds_for_the_day_of_clock_start(db_url, monkeypatch, few_citizens) -> None:
    """`prepdesk demo --build-only` with PREPDESK_CLOCK_START builds for that day, so the app
    started with the same setting finds it current and does not build it again."""
    monkeypatch.setenv("PREPDESK_DEMO_DATABASE_URL", db_url)
    monkeypatch.setenv("PREPDESK_CLOCK_START", "2026-11-27T14:05")
    build_demo_from_cli(scale="small", fresh=False)
    engine = open_engine(db_url)
    with Session(engine) as session:
        built_for = session.exec(select(m.DemoInfo.built_at)).one().astimezone(LOCAL_TIMEZONE).date()
    engine.dispose()
    assert built_for == date(2026, 11, 27)
