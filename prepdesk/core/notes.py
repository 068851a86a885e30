"""Structured meeting notes: drafts, finishing, and the citizen's corrections.

R-NOTE-1: the content is structured (core/note_content.py holds its shape). R-NOTE-3:
drafts are saved as the caseworker types; a draft saved from two windows keeps both
texts. R-APPR-3: an accepted correction makes a new version; a rejected one stays
attached with its reason. R-TEAM-1: every edit takes the version its screen showed and
is refused, with who and when, if a colleague (or the citizen) changed it meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.agenda import items as agenda_items
from prepdesk.core.context import Context
from prepdesk.core.meetings import participants
from prepdesk.core.note_content import (
    AgreedAction,
    NoteContent,
    Section,
    agreement_position,
    merged,
    section_key,
)
from prepdesk.core.transaction import check_version, stale_sentence, writing
from prepdesk.data.models import (
    Agreement,
    Caseworker,
    Correction,
    JournalEntry,
    Meeting,
    Note,
    NoteDraft,
    NoteVersion,
    StatementDiscussion,
)
from prepdesk.dates import medium_datetime
from prepdesk.errors import Conflict, UserError
from prepdesk.i18n import _

# --- reads shared by the notes' operations (private: they take a session) -----------------


def _blank(session: Session, meeting: Meeting) -> NoteContent:
    """Blank notes for `meeting`: its participants, and a section per agenda item."""
    return NoteContent(
        participants=tuple(p.name for p in participants(session, meeting.id)),
        sections=tuple(Section(key=section_key(item.id), title=item.title)
                       for item in agenda_items(session, meeting.id)),
    )


def _draft(session: Session, meeting_id: int, author_id: int) -> NoteDraft | None:
    return session.exec(
        select(NoteDraft).where(NoteDraft.meeting_id == meeting_id, NoteDraft.author_id == author_id)
    ).first()


def _note_of(session: Session, meeting_id: int) -> Note | None:
    return session.exec(select(Note).where(Note.meeting_id == meeting_id)).first()


def _name(session: Session, caseworker_id: int | None) -> str:
    worker = session.get(Caseworker, caseworker_id) if caseworker_id else None
    return worker.name if worker else _("a colleague")


def _already_finished(session: Session, note: Note) -> Conflict:
    author = _name(session, note.author_id)
    version = session.exec(select(NoteVersion).where(NoteVersion.note_id == note.id,
                                                     NoteVersion.number == 1)).first()
    when = medium_datetime(version.created_at) if version else _("a moment ago")
    return Conflict(_("The notes of this meeting were finished by {name} ({when}), so yours were "
                      "not saved again. Reload (Ctrl+R) to read them.").format(name=author, when=when))


# --- drafts (R-NOTE-3) -----------------------------------------------------------------------


@dataclass(frozen=True)
class DraftSaved:
    version: int  # the draft's version now: the next save's seen_version
    saved_at: datetime
    # Set when the draft was saved meanwhile elsewhere (another window): both texts are
    # kept in `content`, which the screen shows from now on, and `sentence` says so.
    content: NoteContent | None = None
    sentence: str | None = None


def save_draft(ctx: Context, meeting_id: int, content: NoteContent, *,
               seen_version: int | None, base: NoteContent | None = None) -> DraftSaved:
    """Keep what has been typed so far (called every second or two while typing).

    `seen_version` is the draft's version this window last saved or loaded (None: it saw
    no draft), `base` that content. When the draft was saved meanwhile from another
    window, nothing of it is overwritten: the two are merged (note_content.merged), so
    both texts stay, and the result says so."""
    with writing(ctx) as session:
        access.require_meeting(session, ctx, meeting_id)
        note = _note_of(session, meeting_id)
        if note is not None:
            raise _already_finished(session, note)
        draft = _draft(session, meeting_id, ctx.user.id)
        now = ctx.clock()
        if draft is None:
            draft = NoteDraft(meeting_id=meeting_id, author_id=ctx.user.id,
                              content=content.to_stored(), saved_at=now)
            session.add(draft)
            session.flush()
            return DraftSaved(draft.version, now)
        if draft.version == seen_version:
            draft.content, draft.saved_at = content.to_stored(), now
            session.add(draft)
            session.flush()
            return DraftSaved(draft.version, now)
        sentence = _draft_merged_sentence(session, ctx, draft)
        together = merged(base, NoteContent.from_stored(draft.content), content)
        draft.content, draft.saved_at = together.to_stored(), now
        session.add(draft)
        session.flush()
        return DraftSaved(draft.version, now, together, sentence)


def _draft_merged_sentence(session: Session, ctx: Context, draft: NoteDraft) -> str:
    when = medium_datetime(draft.changed_at or draft.saved_at)
    if draft.changed_by_id in (None, ctx.user.id):
        return _("The draft was also saved from another window ({when}). Both texts are kept: "
                 "where the two differ, the other window's text comes first and yours after it. "
                 "Read the notes through before you finish them.").format(when=when)
    return _("The draft was also saved by {name} ({when}). Both texts are kept: where the two "
             "differ, their text comes first and yours after it. Read the notes through "
             "before you finish them.").format(name=_name(session, draft.changed_by_id), when=when)


# --- finishing the notes ---------------------------------------------------------------------


class DraftChanged(Conflict):
    """The draft was saved from another window after this one last saved or loaded it."""


def _draft_changed_sentence(draft: NoteDraft) -> str:
    # A draft is its author's own (one per meeting and author): the other window is theirs.
    return _("The notes were also saved from another window ({when}), so they were not "
             "finished: that text would have been left out. Both texts are now on your screen: "
             "read the notes through, then finish them (Ctrl+S).").format(
                 when=medium_datetime(draft.changed_at or draft.saved_at))


@dataclass(frozen=True)
class FinishedNote:
    note_id: int
    meeting_id: int


def finish(ctx: Context, meeting_id: int, content: NoteContent, *,
           seen_version: int | None = None) -> FinishedNote:
    """Turn the notes into version 1: agreements become rows, reached items are marked,
    discussed statements recorded (with the reason where the notes deviate, R-STMT-3), the
    meeting is held, a journal entry records it (notatpligt), and the draft goes.

    `seen_version` is the draft's version this window last saved or loaded (None: it saw
    no draft). Finished already (by a colleague, or at the same moment): Conflict naming
    who. The draft saved meanwhile from another window: DraftChanged, and nothing is
    finished, for its text would be left out."""
    problem = content.problem()
    if problem is not None:
        raise UserError(problem)
    content = content.finished()
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        existing = _note_of(session, meeting_id)
        if existing is not None:
            raise _already_finished(session, existing)
        draft = _draft(session, meeting_id, ctx.user.id)
        if draft is not None and draft.version != seen_version:
            raise DraftChanged(_draft_changed_sentence(draft))
        now = ctx.clock()
        try:
            note = Note(meeting_id=meeting.id, citizen_id=meeting.citizen_id, author_id=ctx.user.id)
            session.add(note)
            session.flush()
            _record(session, ctx, meeting, note, content, now)
            session.flush()
        except (IntegrityError, StaleDataError):
            # A colleague finished the same notes at the same moment, or another window
            # saved the draft while this one finished.
            session.rollback()
            existing = _note_of(session, meeting_id)
            if existing is not None:
                raise _already_finished(session, existing) from None
            draft = _draft(session, meeting_id, ctx.user.id)
            if draft is not None and draft.version != seen_version:
                raise DraftChanged(_draft_changed_sentence(draft)) from None
            raise
        return FinishedNote(note.id, meeting.id)


def _record(session: Session, ctx: Context, meeting: Meeting, note: Note, content: NoteContent,
            now: datetime) -> None:
    session.add(NoteVersion(note_id=note.id, number=1, created_at=now, created_by_id=ctx.user.id,
                            content=content.to_stored(), change_summary=_("First version")))
    for agreement in content.agreements:
        session.add(Agreement(citizen_id=meeting.citizen_id, meeting_id=meeting.id,
                              what=agreement.what, who=agreement.stored_who,
                              due_on=agreement.due_on))
    reached = content.reached()
    for item in agenda_items(session, meeting.id):
        item.reached = reached.get(item.id, False)
        session.add(item)
    for statement in content.statements:
        session.add(StatementDiscussion(meeting_id=meeting.id, statement_id=statement.statement_id,
                                        deviates=statement.deviates,
                                        deviation_reason=statement.reason.strip()))
    meeting.status, meeting.held_at = "held", now
    session.add(meeting)
    session.add(JournalEntry(citizen_id=meeting.citizen_id, author_id=ctx.user.id, kind="meeting",
                             occurred_at=meeting.starts_at, title=_("Notes of the meeting"),
                             body=content.plain_text(), meeting_id=meeting.id))
    draft = _draft(session, meeting.id, ctx.user.id)
    if draft is not None:
        session.delete(draft)


# --- corrections (R-APPR-3) ---------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionAnswered:
    correction_id: int
    status: str  # accepted | rejected
    note_version: int | None  # the new version of the notes, when accepted


def accept_correction(ctx: Context, correction_id: int, *, seen_version: int | None,
                      seen_note_version: int | None) -> CorrectionAnswered:
    """The citizen is right: the notes change, as a new version that says what changed.

    `seen_version` is the correction's version the screen showed, `seen_note_version`
    the notes' (NotePage.version): refused, naming who, when either changed meanwhile."""
    with writing(ctx) as session:
        correction, note = _open_correction(session, ctx, correction_id, seen_version)
        _check_note(session, ctx, note, seen_note_version)
        current = NoteContent.from_stored(_current_version(session, note).content)
        try:
            changed = current.with_text(correction.section, correction.proposed_text)
        except (KeyError, ValueError):
            raise UserError(_("The part of the notes this correction is about no longer exists. "
                              "Reject it with a reason.")) from None
        if (position := agreement_position(correction.section)) is not None:
            _correct_agreement_row(session, note, current.agreements[position - 1],
                                   changed.agreements[position - 1])
        now = ctx.clock()
        number = note.current_version + 1
        session.add(NoteVersion(
            note_id=note.id, number=number, created_at=now, created_by_id=ctx.user.id,
            content=changed.to_stored(),
            change_summary=_("The citizen's correction of \"{section}\" accepted").format(
                section=current.title_of(correction.section))))
        note.current_version, note.status = number, "corrected"
        correction.status, correction.decided_by_id, correction.decided_at = "accepted", ctx.user.id, now
        correction.resulting_version = number
        session.add_all([note, correction])
        _flush_or_explain(session, ctx, correction_id)
        return CorrectionAnswered(correction_id, "accepted", number)


def reject_correction(ctx: Context, correction_id: int, reason: str, *,
                      seen_version: int | None) -> CorrectionAnswered:
    """The notes stay; the correction stays attached with the reason, at the top."""
    if not reason.strip():
        raise UserError(_("Write why you do not accept the correction: the citizen and every later "
                          "reader will see it."))
    with writing(ctx) as session:
        correction, _note = _open_correction(session, ctx, correction_id, seen_version)
        correction.status, correction.rejection_reason = "rejected", reason.strip()
        correction.decided_by_id, correction.decided_at = ctx.user.id, ctx.clock()
        session.add(correction)
        _flush_or_explain(session, ctx, correction_id)
        return CorrectionAnswered(correction_id, "rejected", None)


def _correct_agreement_row(session: Session, note: Note, before: AgreedAction,
                           after: AgreedAction) -> None:
    """The Agreement row the corrected agreement became at finishing (R-PREP-5 carries it
    forward) takes the correction: the same meeting's row with what, who and by when as
    the notes had them; of several alike, the first."""
    rows = session.exec(select(Agreement).where(Agreement.meeting_id == note.meeting_id)
                        .order_by(Agreement.id)).all()
    row = next((r for r in rows if (r.what, r.who, r.due_on) ==
                (before.what, before.stored_who, before.due_on)), None)
    row = row or next((r for r in rows if (r.what, r.due_on) == (before.what, before.due_on)), None)
    if row is None:  # not kept as a row (notes from before rows were made): the notes suffice
        return
    row.what, row.who, row.due_on = after.what, after.stored_who, after.due_on
    session.add(row)


def _open_correction(session: Session, ctx: Context, correction_id: int,
                     seen_version: int | None) -> tuple[Correction, Note]:
    correction = session.get(Correction, correction_id)
    if correction is None:
        raise UserError(_("The correction no longer exists. Reload (Ctrl+R)."))
    note = session.get(Note, correction.note_id)
    access.require(session, ctx, note.citizen_id)
    if correction.status != "pending":
        raise Conflict(_answered_sentence(session, ctx, correction))
    check_version(session, ctx, correction, seen_version, _("The correction"))
    return correction, note


def _check_note(session: Session, ctx: Context, note: Note, seen: int | None) -> None:
    if seen is None or note.version == seen:
        return
    if note.changed_by_id is None:  # the citizen answered on the approval page
        raise Conflict(_("The citizen has answered again meanwhile, so your change was not saved. "
                         "Reload (Ctrl+R) to see their answer, then make your change again."))
    raise Conflict(stale_sentence(session, ctx, note, _("The notes")))


def _answered_sentence(session: Session, ctx: Context, correction: Correction) -> str:
    when = medium_datetime(correction.decided_at) if correction.decided_at else _("a moment ago")
    if correction.decided_by_id == ctx.user.id:
        if correction.status == "accepted":
            return _("You already accepted this correction ({when}), in another window. Reload "
                     "(Ctrl+R) to see it.").format(when=when)
        return _("You already rejected this correction ({when}), in another window. Reload (Ctrl+R) "
                 "to see it.").format(when=when)
    name = _name(session, correction.decided_by_id)
    if correction.status == "accepted":
        return _("This correction was already accepted by {name} ({when}), so your answer was "
                 "not saved. Reload (Ctrl+R) to see it.").format(name=name, when=when)
    return _("This correction was already rejected by {name} ({when}), so your answer was not "
             "saved. Reload (Ctrl+R) to see it.").format(name=name, when=when)


def _flush_or_explain(session: Session, ctx: Context, correction_id: int) -> None:
    """Write now; if a colleague answered the same correction (or changed the notes) at the
    same moment, say who did instead of a general sentence."""
    try:
        session.flush()
    except (StaleDataError, IntegrityError):
        session.rollback()
        correction = session.get(Correction, correction_id)
        if correction is not None and correction.status != "pending":
            raise Conflict(_answered_sentence(session, ctx, correction)) from None
        if correction is not None:  # another correction of the same notes was accepted
            note = session.get(Note, correction.note_id)
            raise Conflict(stale_sentence(session, ctx, note, _("The notes"))) from None
        raise


def _current_version(session: Session, note: Note) -> NoteVersion:
    return session.exec(
        select(NoteVersion).where(NoteVersion.note_id == note.id,
                                  NoteVersion.number == note.current_version)
    ).one()
