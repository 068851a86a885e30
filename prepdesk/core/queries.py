"""Reads that several areas share (issue 9, item 1): written once, here.

The citizen's file, my day, the preparation, the agenda and meeting mode all ask the
same questions: which agreements are open, which statements has the caseworker not
read, when was the last meeting held, what is planned. Each answer is built here, from
the open `session` of the calling operation (which has already checked access), and is
a frozen view of plain values, never a row.

These are helpers for core operations, not operations themselves: they take a session,
never open one, and never check access.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, select

from prepdesk.data.models import Agreement, Meeting, Statement, StatementRead


@dataclass(frozen=True)
class MeetingLine:
    id: int
    starts_at: datetime
    kind: str
    place: str


@dataclass(frozen=True)
class OpenAgreement:
    id: int
    what: str
    who: str
    due_on: date | None
    overdue: bool


@dataclass(frozen=True)
class StatementSummary:
    id: int
    kind: str
    title: str
    author_name: str
    author_profession: str
    written_on: date
    received_at: datetime
    work_capacity: str
    hours_per_week: float | None
    read_at: datetime | None  # by the caseworker asking
    since_last_meeting: bool

    @property
    def unread_and_new(self) -> bool:
        """Flagged in preparation: received since the last meeting and not read by me."""
        return self.read_at is None and self.since_last_meeting


def by_another_index(column: ColumnElement[str]) -> ColumnElement[str]:
    """`column` (a `status`) in a condition the database answers from another index than
    the column's own: the citizen's or the author's beside it, which find a few rows,
    rather than the status's, which finds tens of thousands ("open", "pending"). SQLite
    keeps no statistics (no ANALYZE) and chose the status's: on the large demo my day's
    open agreements took 31 ms instead of 0.05, its approvals and corrections 10 and 4
    instead of 0.4 and 0.3 (issue 17). The same rows, on PostgreSQL too."""
    return column.concat("")


def last_held_meeting_at(session: Session, citizen_id: int, now: datetime) -> datetime | None:
    """When the citizen's last held meeting started: what is newer is 'new since the last
    meeting'."""
    return session.exec(
        select(func.max(Meeting.starts_at)).where(
            Meeting.citizen_id == citizen_id, Meeting.status == "held", Meeting.starts_at <= now
        )
    ).one()


def held_before(session: Session, citizen_id: int, before: datetime) -> MeetingLine | None:
    """The citizen's last held meeting that started before `before` (a meeting's start):
    what is newer is new since the meeting before that one."""
    meeting = session.exec(
        select(Meeting).where(Meeting.citizen_id == citizen_id, Meeting.status == "held",
                              Meeting.starts_at < before)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    ).first()
    return MeetingLine(meeting.id, meeting.starts_at, meeting.kind, meeting.place) if meeting else None


def open_agreements(session: Session, citizen_id: int, today: date) -> list[OpenAgreement]:
    """The citizen's open agreements, the earliest due first (undated last on PostgreSQL,
    first on SQLite: the database's own order of NULL)."""
    return [
        OpenAgreement(a.id, a.what, a.who, a.due_on, a.due_on is not None and a.due_on < today)
        for a in session.exec(
            select(Agreement).where(Agreement.citizen_id == citizen_id, Agreement.status == "open")
            .order_by(Agreement.due_on, Agreement.id)
        )
    ]


def upcoming_meetings(session: Session, citizen_id: int, now: datetime) -> list[MeetingLine]:
    """The citizen's planned meetings from now on, the next first."""
    return [
        MeetingLine(m.id, m.starts_at, m.kind, m.place)
        for m in session.exec(
            select(Meeting).where(Meeting.citizen_id == citizen_id, Meeting.status == "planned",
                                  Meeting.starts_at >= now).order_by(Meeting.starts_at)
        )
    ]


def statement_summaries(session: Session, caseworker_id: int, citizen_id: int,
                        now: datetime) -> list[StatementSummary]:
    """The citizen's statements, newest first, with the caseworker's read mark."""
    last_meeting = last_held_meeting_at(session, citizen_id, now)
    rows = session.exec(
        select(Statement, StatementRead.read_at)
        .outerjoin(StatementRead, (StatementRead.statement_id == Statement.id)
                   & (StatementRead.caseworker_id == caseworker_id))
        .where(Statement.citizen_id == citizen_id)
        .order_by(Statement.received_at.desc(), Statement.id.desc())
    )
    return [
        StatementSummary(
            id=s.id, kind=s.kind, title=s.title, author_name=s.author_name,
            author_profession=s.author_profession, written_on=s.written_on,
            received_at=s.received_at, work_capacity=s.work_capacity,
            hours_per_week=s.hours_per_week, read_at=read_at,
            since_last_meeting=last_meeting is None or s.received_at > last_meeting,
        )
        for s, read_at in rows
    ]


def unread_statement_counts(session: Session, caseworker_id: int,
                            citizen_ids: Iterable[int], *,
                            before: datetime | None = None) -> dict[int, int]:
    """Per citizen: the statements received since their last held meeting that the
    caseworker has not read (citizens with none are left out). With `before`, the last
    held meeting is the last one that started before it (a meeting's preparation counts
    from the meeting before that meeting)."""
    ids = list(citizen_ids)
    if not ids:
        return {}
    held = [Meeting.citizen_id.in_(ids), Meeting.status == "held"]
    if before is not None:
        held.append(Meeting.starts_at < before)
    last_meeting = (
        select(Meeting.citizen_id, func.max(Meeting.starts_at).label("at"))
        .where(*held)
        .group_by(Meeting.citizen_id)
        .subquery()
    )
    rows = session.exec(
        select(Statement.citizen_id, func.count())
        .outerjoin(last_meeting, last_meeting.c.citizen_id == Statement.citizen_id)
        .outerjoin(StatementRead, (StatementRead.statement_id == Statement.id)
                   & (StatementRead.caseworker_id == caseworker_id))
        .where(Statement.citizen_id.in_(ids), StatementRead.read_at.is_(None),
               (last_meeting.c.at.is_(None)) | (Statement.received_at > last_meeting.c.at))
        .group_by(Statement.citizen_id)
    )
    return dict(rows.all())


def timeline_entries(session: Session, citizen_id: int, now: datetime, *,
                     kinds: Iterable[str] | None = None, since: date | None = None,
                     until: date | None = None) -> list:
    """The citizen's timeline (core.timeline's `TimelineEntry`s), newest first."""
    from prepdesk.core import timeline

    return timeline._entries(session, citizen_id, now,
                             kinds=timeline.KINDS if kinds is None else kinds,
                             since=since, until=until)
