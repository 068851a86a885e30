"""The library of rulings as the screens read it (R-RULE-1, R-RULE-3, R-RULE-4).

One ruling in full, the meeting a ruling is being attached to, and the practice changes
as each person sees them: what I have still to acknowledge, and for a team lead, who has
not acknowledged what was published. Writes are in `practice`; everything here only reads
and returns plain values that outlive the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import String, cast
from sqlmodel import Session, select

from prepdesk.core.context import CurrentUser
from prepdesk.core.practice import acknowledgements, rulings_against_us
from prepdesk.data.models import (
    Caseworker,
    Meeting,
    PracticeChange,
    PracticeChangeAck,
    Ruling,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _

PUBLISHED_SHOWN = 200  # practice changes a team lead sees, newest first


@dataclass(frozen=True)
class RulingText:
    id: int
    number: str
    title: str
    decided_on: date
    law: str
    section: str
    target_group: str
    keywords: tuple[str, ...]
    summary: str
    outcome: str
    facts: str  # sagsfremstilling
    decision_text: str  # afgørelse
    reasoning: str  # begrundelse
    replaces: tuple[str, ...]  # numbers of earlier rulings this one replaces
    replaced_by: tuple[str, ...]  # numbers of later rulings in the library that replace it


def read_ruling(session: Session, ruling_id: int) -> RulingText:
    """One ruling in full. Raises UserError when it no longer exists."""
    ruling = session.get(Ruling, ruling_id)
    if ruling is None:
        raise UserError(_("The ruling no longer exists. Search for it again."))
    # `replaces` is a JSON list of numbers; its text holds each number in quotes.
    replaced_by = session.exec(
        select(Ruling.number)
        .where(cast(Ruling.replaces, String).contains(f'"{ruling.number}"'))
        .order_by(Ruling.decided_on)
    ).all()
    return RulingText(
        ruling.id, ruling.number, ruling.title, ruling.decided_on, ruling.law, ruling.section,
        ruling.target_group, tuple(map(str, ruling.keywords or ())), ruling.summary,
        ruling.outcome, ruling.facts, ruling.decision_text, ruling.reasoning,
        tuple(map(str, ruling.replaces or ())), tuple(replaced_by),
    )


@dataclass(frozen=True)
class MeetingContext:
    """The meeting rulings are attached to, as the screens name it: kind and time only,
    so that no citizen is named where their file was not opened."""

    id: int
    kind: str
    starts_at: datetime


def meeting_context(session: Session, meeting_id: int) -> MeetingContext:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise UserError(_("The meeting no longer exists."))
    return MeetingContext(meeting.id, meeting.kind, meeting.starts_at)


@dataclass(frozen=True)
class PracticeChangeText:
    id: int
    title: str
    description: str
    ruling_id: int
    ruling_number: str
    ruling_title: str
    published_at: datetime
    published_by: str
    whole_job_centre: bool


@dataclass(frozen=True)
class PublishedChange:
    change: PracticeChangeText
    missing: tuple[str, ...]  # who has not acknowledged, by name
    concerned: int  # everyone the change concerns


@dataclass(frozen=True)
class RulingAgainstUs:
    id: int
    number: str
    title: str
    decided_on: date
    outcome: str
    published: bool  # a practice change has been published after it


def _changes():
    return (select(PracticeChange, Ruling.number, Ruling.title, Caseworker.name)
            .join(Ruling, Ruling.id == PracticeChange.ruling_id)
            .join(Caseworker, Caseworker.id == PracticeChange.published_by_id))


def _concerns(user: CurrentUser):
    return PracticeChange.team_id.is_(None) | (PracticeChange.team_id == user.team_id)


def _text(change: PracticeChange, number: str, title: str, by: str) -> PracticeChangeText:
    return PracticeChangeText(change.id, change.title, change.description, change.ruling_id,
                              number, title, change.published_at, by, change.team_id is None)


def to_acknowledge(session: Session, user: CurrentUser) -> list[PracticeChangeText]:
    """The practice changes that concern me and that I have not acknowledged, newest first."""
    rows = session.exec(
        _changes()
        .outerjoin(PracticeChangeAck,
                   (PracticeChangeAck.practice_change_id == PracticeChange.id)
                   & (PracticeChangeAck.caseworker_id == user.id))
        .where(PracticeChangeAck.acknowledged_at.is_(None), _concerns(user))
        .order_by(PracticeChange.published_at.desc(), PracticeChange.id.desc())
    ).all()
    return [_text(*row) for row in rows]


def published_changes(session: Session, user: CurrentUser) -> list[PublishedChange]:
    """For a team lead: the changes published for their team or the whole job centre,
    newest first, each with who has not acknowledged it."""
    rows = session.exec(
        _changes().where(_concerns(user))
        .order_by(PracticeChange.published_at.desc(), PracticeChange.id.desc())
        .limit(PUBLISHED_SHOWN)
    ).all()
    published = []
    for row in rows:
        everyone = acknowledgements(session, row[0].id)
        missing = tuple(a.name for a in everyone if a.acknowledged_at is None)
        published.append(PublishedChange(_text(*row), missing, len(everyone)))
    return published


def against_us(session: Session) -> list[RulingAgainstUs]:
    """The rulings that changed or sent back our decisions, newest first, and whether a
    practice change has followed each."""
    followed = set(session.exec(select(PracticeChange.ruling_id)).all())
    return [RulingAgainstUs(r.id, r.number, r.title, r.decided_on, r.outcome, r.id in followed)
            for r in rulings_against_us(session)]
