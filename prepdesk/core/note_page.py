"""A finished note as its readers see it: rejected corrections first, then the text, then
every version with who made it, when and what changed (R-APPR-3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from prepdesk.core.access import open_citizen_record
from prepdesk.core.context import CurrentUser
from prepdesk.core.notes import section_title, view
from prepdesk.data.models import (
    Caseworker,
    Correction,
    Meeting,
    Note,
    Statement,
    StatementDiscussion,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _


@dataclass(frozen=True)
class CorrectionLine:
    id: int
    section: str  # the key in the content
    section_title: str
    original: str
    proposed: str
    comment: str
    received_at: datetime
    reason: str  # why it was not accepted
    decided_at: datetime | None
    decided_by: str


@dataclass(frozen=True)
class VersionLine:
    number: int
    created_at: datetime
    author: str
    change_summary: str
    change: CorrectionLine | None  # the accepted correction that made this version


@dataclass(frozen=True)
class NotePage:
    note_id: int
    citizen_id: int
    citizen_name: str
    meeting_starts_at: datetime
    status: str  # final | sent | approved | corrected
    current_version: int
    content: dict[str, Any]
    rejected: list[CorrectionLine]  # shown at the top to every reader
    pending: list[CorrectionLine]
    history: list[VersionLine]  # oldest first
    statements: list[tuple[str, bool, str]]  # discussed: title, deviates, why (R-STMT-3)


def note_page(session: Session, user: CurrentUser, note_id: int) -> NotePage:
    if session.get(Note, note_id) is None:
        raise UserError(_("The notes no longer exist."))
    note_view = view(session, note_id)
    note = note_view.note
    citizen = open_citizen_record(session, user, note.citizen_id)
    content = note_view.content
    corrections = session.exec(
        select(Correction, Caseworker.name)
        .outerjoin(Caseworker, Caseworker.id == Correction.decided_by_id)
        .where(Correction.note_id == note_id).order_by(Correction.received_at, Correction.id)
    ).all()
    lines = {c.id: (_line(c, name or "", content), c) for c, name in corrections}
    accepted = {c.resulting_version: line for line, c in lines.values() if c.status == "accepted"}
    return NotePage(
        note_id=note.id, citizen_id=citizen.id,
        citizen_name=f"{citizen.first_name} {citizen.last_name}",
        meeting_starts_at=session.get(Meeting, note.meeting_id).starts_at,
        status=note.status, current_version=note.current_version, content=content,
        rejected=[lines[c.id][0] for c in note_view.rejected],
        pending=[lines[c.id][0] for c in note_view.pending],
        history=[VersionLine(v.number, v.created_at, v.author, v.change_summary, accepted.get(v.number))
                 for v in note_view.history],
        statements=[(title, d.deviates, d.deviation_reason) for d, title in session.exec(
            select(StatementDiscussion, Statement.title)
            .join(Statement, Statement.id == StatementDiscussion.statement_id)
            .where(StatementDiscussion.meeting_id == note.meeting_id).order_by(Statement.written_on)
        )],
    )


def _line(correction: Correction, decided_by: str, content: dict[str, Any]) -> CorrectionLine:
    return CorrectionLine(
        id=correction.id, section=correction.section,
        section_title=section_title(content, correction.section),
        original=correction.original_text, proposed=correction.proposed_text,
        comment=correction.comment, received_at=correction.received_at,
        reason=correction.rejection_reason, decided_at=correction.decided_at, decided_by=decided_by,
    )
