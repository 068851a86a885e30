"""Rulings attached to a meeting that an import has changed since (issue 15, item 5).

A caseworker attaches a ruling to a meeting's preparation as it reads then. When a later
import of the library changes that ruling (the same number, other content: its
`imported_at` moves past the moment it was attached), or brings a newer ruling that
replaces it, the preparation says so, with which ruling, when, and what replaces it.

What the import changed in the text cannot be told yet: the library keeps only the
ruling as it is now. Naming the changed fields needs the earlier version kept at import
(a schema change: a table of ruling changes written by the importer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, or_
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.context import Context
from prepdesk.core.transaction import reading
from prepdesk.data.models import MeetingRuling, Ruling
from prepdesk.dates import short_date
from prepdesk.i18n import _


@dataclass(frozen=True)
class ChangedRuling:
    """An attached ruling changed or replaced by an import after it was attached."""

    ruling_id: int
    number: str
    attached_at: datetime
    changed_at: datetime | None  # the import that changed its content, after attaching
    replaced_by: tuple[str, ...]  # newer rulings, imported after attaching, that replace it

    def sentence(self) -> str:
        """What happened to the ruling, in one sentence for the preparation."""
        if self.replaced_by:
            return _("{number} has been replaced by {newer} since it was attached: read "
                     "the newer ruling.").format(number=self.number,
                                                  newer=", ".join(self.replaced_by))
        return _("{number} was changed by an import on {date}, after it was attached: read "
                 "it again.").format(number=self.number, date=short_date(self.changed_at))


def changed_attached_rulings(ctx: Context, meeting_id: int) -> list[ChangedRuling]:
    """The rulings attached to the meeting that an import changed or replaced since."""
    with reading(ctx) as session:
        access.require_meeting(session, ctx, meeting_id)
        return changed_since_attached(session, meeting_id)


def changed_since_attached(session: Session, meeting_id: int) -> list[ChangedRuling]:
    """Shared helper (the preparation checklist): as `changed_attached_rulings`, in the
    caller's transaction, access already checked."""
    return changed_since_attached_to(session, [meeting_id]).get(meeting_id, [])


def changed_since_attached_to(session: Session,
                              meeting_ids: Sequence[int]) -> dict[int, list[ChangedRuling]]:
    """`changed_since_attached` for several meetings (my day's week) in two statements,
    whatever their number: meeting id -> its changed rulings, for those that have any."""
    rows = session.exec(
        select(MeetingRuling.meeting_id, MeetingRuling.ruling_id, MeetingRuling.attached_at,
               Ruling.number, Ruling.imported_at)
        .join(Ruling, Ruling.id == MeetingRuling.ruling_id)
        .where(MeetingRuling.meeting_id.in_(meeting_ids))
        .order_by(MeetingRuling.attached_at, MeetingRuling.ruling_id)
    ).all()
    if not rows:
        return {}
    # The rulings that may replace one of them, newest decision first: `replaces` is a
    # JSON list of numbers; its text holds each number in quotes.
    replaces = cast(Ruling.replaces, String)
    candidates = session.exec(
        select(Ruling.number, replaces, Ruling.imported_at)
        .where(or_(*(replaces.contains(f'"{number}"') for number in {row[3] for row in rows})),
               Ruling.imported_at > min(row[2] for row in rows))
        .order_by(Ruling.decided_on.desc(), Ruling.id)
    ).all()
    found: dict[int, list[ChangedRuling]] = {}
    for meeting_id, ruling_id, attached_at, number, imported_at in rows:
        changed = imported_at if imported_at is not None and imported_at > attached_at else None
        newer = tuple(newer_number for newer_number, text, newer_imported_at in candidates
                      if f'"{number}"' in text and newer_imported_at > attached_at)
        if changed is not None or newer:
            found.setdefault(meeting_id, []).append(
                ChangedRuling(ruling_id, number, attached_at, changed, newer))
    return found
