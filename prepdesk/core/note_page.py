"""A finished note as its readers see it: rejected corrections first, then the text, then
every version with who made it, when and what changed (R-APPR-3).

`NotesView` is THE view of finished notes, and `_notes_view` the one function that builds
it: every operation that shows notes (the notes and corrections screens, the timeline's
meeting, the citizen's file, the next meeting's preparation, the approval page, the
handover dossier) takes its view from there, so each shows the current version, its
history and the corrections not accepted, the same way. The `_` functions take an open
session whose caller has checked access.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.context import Context
from prepdesk.core.note_content import NoteContent
from prepdesk.core.transaction import writing
from prepdesk.data.models import (
    Caseworker,
    Citizen,
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
    meeting_starts_at: datetime | None = None  # set where corrections of several notes meet


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
class NotesView:
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
    answered: tuple[CorrectionLine, ...] = ()  # accepted or rejected, oldest first

    @property
    def corrections(self) -> tuple[CorrectionLine, ...]:
        """Every correction the citizen sent, answered or not."""
        return self.answered + self.pending


NotePage = NotesView  # the name the notes screens knew it by


def note_page(ctx: Context, note_id: int, *, again: bool = False) -> NotesView:
    """The notes as every reader sees them; the look is logged (R-SEC-1). `again` (the
    open page loading anew: r, back from the corrections) is not a new look."""
    with writing(ctx) as session:
        return _page(session, ctx, note_id, look=None if again else "notes")


def corrections_page(ctx: Context, note_id: int, *, again: bool = False) -> NotesView:
    """The same page, opened to answer the citizen's corrections; the look is logged
    (not `again`, as on the note page)."""
    with writing(ctx) as session:
        return _page(session, ctx, note_id, look=None if again else "corrections")


def _page(session: Session, ctx: Context, note_id: int, *, look: str | None) -> NotesView:
    note = session.get(Note, note_id)
    if note is None:
        raise UserError(_("The notes no longer exist."))
    citizen = access.require(session, ctx, note.citizen_id, look=look,
                             detail=f"note {note_id}" if look else "")
    return _notes_view(session, note, citizen)


def _notes_view(session: Session, note: Note, citizen: Citizen | None = None) -> NotesView:
    """THE view of finished notes (see the module's text); access is the caller's."""
    citizen = citizen or session.get(Citizen, note.citizen_id)
    versions = session.exec(
        select(NoteVersion, Caseworker.name)
        .outerjoin(Caseworker, Caseworker.id == NoteVersion.created_by_id)
        .where(NoteVersion.note_id == note.id).order_by(NoteVersion.number)
    ).all()
    current = next((v for v, _name in versions if v.number == note.current_version), None)
    # Notes without their text (a row made by hand, half an import) show as empty notes.
    content = NoteContent.from_stored(current.content if current else None)
    corrections = session.exec(
        select(Correction, Caseworker.name)
        .outerjoin(Caseworker, Caseworker.id == Correction.decided_by_id)
        .where(Correction.note_id == note.id).order_by(Correction.received_at, Correction.id)
    ).all()
    lines = [_line(c, name or "", content) for c, name in corrections]
    accepted = {c.resulting_version: line for line, (c, _n) in zip(lines, corrections, strict=True)
                if c.status == "accepted"}
    meeting = session.get(Meeting, note.meeting_id)
    return NotesView(
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
        answered=tuple(line for line in lines if line.status != "pending"),
    )


def _written() -> Any:
    """Notes that have their text: a Note row whose current version exists."""
    return select(NoteVersion.id).where(NoteVersion.note_id == Note.id,
                                        NoteVersion.number == Note.current_version).exists()


def _notes_of_meeting(session: Session, meeting_id: int) -> NotesView | None:
    """The view of a meeting's finished notes, or None while it has none."""
    note = session.exec(select(Note).where(Note.meeting_id == meeting_id, _written())).first()
    return _notes_view(session, note) if note is not None else None


def _latest_notes(session: Session, citizen_id: int, *,
                  before: datetime | None = None) -> NotesView | None:
    """The view of the citizen's newest finished notes (of a meeting that started before
    `before`, when given), or None."""
    query = (select(Note).join(Meeting, Meeting.id == Note.meeting_id)
             .where(Note.citizen_id == citizen_id, _written()))
    if before is not None:
        query = query.where(Meeting.starts_at < before)
    note = session.exec(query.order_by(Meeting.starts_at.desc(), Note.id.desc())).first()
    return _notes_view(session, note) if note is not None else None


def _rejected_of_citizen(session: Session, citizen_id: int) -> tuple[CorrectionLine, ...]:
    """Every correction not accepted in any of the citizen's notes, oldest first: what
    every later reader of the file sees at the top (R-APPR-3)."""
    rows = session.exec(
        select(Correction, Caseworker.name, NoteVersion.content, Meeting.starts_at)
        .join(Note, Note.id == Correction.note_id)
        .join(Meeting, Meeting.id == Note.meeting_id)
        .join(NoteVersion, (NoteVersion.note_id == Note.id)
              & (NoteVersion.number == Note.current_version))
        .outerjoin(Caseworker, Caseworker.id == Correction.decided_by_id)
        .where(Note.citizen_id == citizen_id, Correction.status == "rejected")
        .order_by(Correction.received_at, Correction.id)
    ).all()
    return tuple(replace(_line(c, name or "", NoteContent.from_stored(content)),
                         meeting_starts_at=starts_at) for c, name, content, starts_at in rows)


def _line(correction: Correction, decided_by: str, content: NoteContent) -> CorrectionLine:
    return CorrectionLine(
        id=correction.id, version=correction.version, section=correction.section,
        section_title=content.title_of(correction.section),
        original=content.readable(correction.section, correction.original_text),
        proposed=content.readable(correction.section, correction.proposed_text),
        comment=correction.comment, received_at=correction.received_at, status=correction.status,
        reason=correction.rejection_reason, decided_at=correction.decided_at, decided_by=decided_by,
    )
