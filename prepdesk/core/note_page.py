"""A finished note as its readers see it: rejected corrections first, then the text, then
every version with who made it, when and what changed (R-APPR-3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.context import Context
from prepdesk.core.note_content import NoteContent
from prepdesk.core.transaction import writing
from prepdesk.data.models import (
    Caseworker,
    Correction,
    Meeting,
    Note,
    NoteVersion,
    Statement,
    StatementDiscussion,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _


@dataclass(frozen=True)
class CorrectionLine:
    id: int
    version: int  # the correction's version: what accepting or rejecting it is checked against
    section: str  # the key in the content
    section_title: str
    original: str
    proposed: str
    comment: str
    received_at: datetime
    status: str  # pending | accepted | rejected
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
class StatementLine:
    title: str
    deviates: bool
    reason: str  # why the notes deviate (R-STMT-3)


@dataclass(frozen=True)
class NotePage:
    note_id: int
    version: int  # the notes' version: an accepted correction is checked against it
    citizen_id: int
    citizen_name: str
    meeting_id: int
    meeting_starts_at: datetime
    author_id: int
    status: str  # final | sent | approved | corrected
    current_version: int
    content: NoteContent
    rejected: tuple[CorrectionLine, ...]  # shown at the top to every reader
    pending: tuple[CorrectionLine, ...]
    history: tuple[VersionLine, ...]  # oldest first
    statements: tuple[StatementLine, ...]  # discussed


def note_page(ctx: Context, note_id: int) -> NotePage:
    """The notes as every reader sees them; the look is logged (R-SEC-1)."""
    with writing(ctx) as session:
        return _page(session, ctx, note_id, look="notes")


def corrections_page(ctx: Context, note_id: int) -> NotePage:
    """The same page, opened to answer the citizen's corrections; the look is logged."""
    with writing(ctx) as session:
        return _page(session, ctx, note_id, look="corrections")


def _page(session: Session, ctx: Context, note_id: int, *, look: str) -> NotePage:
    note = session.get(Note, note_id)
    if note is None:
        raise UserError(_("The notes no longer exist."))
    citizen = access.require(session, ctx, note.citizen_id, look=look)
    versions = session.exec(
        select(NoteVersion, Caseworker.name)
        .outerjoin(Caseworker, Caseworker.id == NoteVersion.created_by_id)
        .where(NoteVersion.note_id == note_id).order_by(NoteVersion.number)
    ).all()
    current = next(v for v, _name in versions if v.number == note.current_version)
    content = NoteContent.from_stored(current.content)
    corrections = session.exec(
        select(Correction, Caseworker.name)
        .outerjoin(Caseworker, Caseworker.id == Correction.decided_by_id)
        .where(Correction.note_id == note_id).order_by(Correction.received_at, Correction.id)
    ).all()
    lines = [_line(c, name or "", content) for c, name in corrections]
    accepted = {c.resulting_version: line for line, (c, _n) in zip(lines, corrections, strict=True)
                if c.status == "accepted"}
    meeting = session.get(Meeting, note.meeting_id)
    return NotePage(
        note_id=note.id, version=note.version, citizen_id=citizen.id,
        citizen_name=f"{citizen.first_name} {citizen.last_name}", meeting_id=meeting.id,
        meeting_starts_at=meeting.starts_at, author_id=note.author_id,
        status=note.status, current_version=note.current_version, content=content,
        rejected=tuple(line for line in lines if line.status == "rejected"),
        pending=tuple(line for line in lines if line.status == "pending"),
        history=tuple(VersionLine(v.number, v.created_at, name or "", v.change_summary,
                                  accepted.get(v.number)) for v, name in versions),
        statements=tuple(StatementLine(title, d.deviates, d.deviation_reason) for d, title in session.exec(
            select(StatementDiscussion, Statement.title)
            .join(Statement, Statement.id == StatementDiscussion.statement_id)
            .where(StatementDiscussion.meeting_id == note.meeting_id).order_by(Statement.written_on)
        )),
    )


def _line(correction: Correction, decided_by: str, content: NoteContent) -> CorrectionLine:
    return CorrectionLine(
        id=correction.id, version=correction.version, section=correction.section,
        section_title=content.title_of(correction.section),
        original=correction.original_text, proposed=correction.proposed_text,
        comment=correction.comment, received_at=correction.received_at, status=correction.status,
        reason=correction.rejection_reason, decided_at=correction.decided_at, decided_by=decided_by,
    )
