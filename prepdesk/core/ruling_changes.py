"""Rulings attached to a meeting that an import has changed since (issue 15, item 5).

A caseworker attaches a ruling to a meeting's preparation as it reads then. When a later
import of the library changes that ruling (the same number, other content: its
`imported_at` moves past the moment it was attached), or brings a newer ruling that
replaces it, the preparation says so, with which ruling, when, and what replaces it.

What changed: each import that changes a ruling writes which fields differ (RulingChange,
migration 0010), and the sentence names the fields of every import since the ruling was
attached ("Afgørelse 12-22 er ændret ved import 3. dec.: titel, resumé."). A ruling
changed before that migration says only that it changed.
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
from prepdesk.data.models import MeetingRuling, Ruling, RulingChange
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
    fields: tuple[str, ...] = ()  # what the imports since attaching changed: 'title', ...

    def sentence(self) -> str:
        """What happened to the ruling, in one sentence for the preparation."""
        if self.replaced_by:
            return _("{number} has been replaced by {newer} since it was attached: read "
                     "the newer ruling.").format(number=self.number,
                                                  newer=", ".join(self.replaced_by))
        if self.fields:
            return _("Ruling {number} was changed by an import on {date}: {fields}. Read "
                     "it again.").format(number=self.number, date=short_date(self.changed_at),
                                         fields=", ".join(field_name(f) for f in self.fields))
        return _("{number} was changed by an import on {date}, after it was attached: read "
                 "it again.").format(number=self.number, date=short_date(self.changed_at))


def field_name(field: str) -> str:
    """A ruling's field as the preparation names it ('summary': 'resumé')."""
    names = {
        "title": _("title"), "summary": _("summary"), "keywords": _("keywords"),
        "decided_on": _("date of decision"), "law": _("law"), "section": _("section"),
        "target_group": _("target group"), "outcome": _("outcome"), "facts": _("facts"),
        "decision_text": _("decision"), "reasoning": _("reasoning"),
        "replaces": _("rulings it replaces"), "is_principle": _("principle ruling"),
    }
    return names.get(field, field)


# The order fields are named in: as a ruling is read.
FIELD_ORDER = ("title", "decided_on", "law", "section", "target_group", "keywords", "summary",
               "outcome", "facts", "decision_text", "reasoning", "replaces", "is_principle")


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
    # What the imports changed (migration 0010), since the earliest attaching.
    changes = session.exec(
        select(RulingChange.ruling_id, RulingChange.changed_at, RulingChange.fields)
        .where(RulingChange.ruling_id.in_({row[1] for row in rows}),
               RulingChange.changed_at > min(row[2] for row in rows))
    ).all()
    found: dict[int, list[ChangedRuling]] = {}
    for meeting_id, ruling_id, attached_at, number, imported_at in rows:
        changed = imported_at if imported_at is not None and imported_at > attached_at else None
        newer = tuple(newer_number for newer_number, text, newer_imported_at in candidates
                      if f'"{number}"' in text and newer_imported_at > attached_at)
        fields: set[str] = set()
        if changed is not None:
            for changed_id, changed_at, names in changes:
                if changed_id == ruling_id and changed_at > attached_at:
                    fields.update(names)
        if changed is not None or newer:
            found.setdefault(meeting_id, []).append(ChangedRuling(
                ruling_id, number, attached_at, changed, newer,
                tuple(sorted(fields, key=_field_place))))
    return found


def _field_place(field: str) -> tuple[int, str]:
    return (FIELD_ORDER.index(field), "") if field in FIELD_ORDER else (len(FIELD_ORDER), field)
