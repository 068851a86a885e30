"""Specialist statements and who has read them (R-STMT-1, R-STMT-2)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from prepdesk.core.context import CurrentUser
from prepdesk.core.timeline import last_meeting_at
from prepdesk.data.models import Statement, StatementRead


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
    read_at: datetime | None  # by the current user
    since_last_meeting: bool

    @property
    def unread_and_new(self) -> bool:
        """Flagged in preparation: received since the last meeting and not read by me."""
        return self.read_at is None and self.since_last_meeting


def statements(session: Session, user: CurrentUser, citizen_id: int, now: datetime) -> list[StatementSummary]:
    """The citizen's statements, newest first, with my read mark."""
    last_meeting = last_meeting_at(session, citizen_id, now)
    rows = session.exec(
        select(Statement, StatementRead.read_at)
        .outerjoin(StatementRead, (StatementRead.statement_id == Statement.id)
                   & (StatementRead.caseworker_id == user.id))
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


def mark_read(session: Session, user: CurrentUser, statement_id: int, now: datetime) -> datetime:
    """Mark the statement read by me; the first reading's time is kept."""
    existing = session.get(StatementRead, (statement_id, user.id))
    if existing is not None:
        return existing.read_at
    session.add(StatementRead(statement_id=statement_id, caseworker_id=user.id, read_at=now))
    session.commit()
    return now
