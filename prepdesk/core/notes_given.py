"""Notes that reach the citizen without the e-mail, and answers the caseworker records
(issue 11, item 2; R-APPR-1).

Finished notes that were not sent (no e-mail address, no keyring for the signing key)
are never lost: my day lists them (core/my_day.py) until they are sent
(core/approval.py) or given another way. Every path ends somewhere:

- `give_notes`: the caseworker gave the notes to the citizen without the link (handed
  over at the meeting, by post, by Digital Post). The notes leave "not sent" and wait
  for the citizen's answer like notes sent by e-mail: a request for approval with
  `channel` saying how, and no link (nobody holds a token for it).
- `record_answer`: the citizen answered the caseworker (approved by phone, corrections
  dictated): the caseworker records it. Corrections become the citizen's corrections,
  answered like those from the approval page (core/notes.py); the request leaves
  "waiting for approval". Also for notes sent by e-mail when the citizen calls instead:
  the link can then no longer answer (its nonce is used), and an answer the citizen
  gives on the page at the same moment is told apart, never both.
"""

from __future__ import annotations

import secrets as random_tokens
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select, update

from prepdesk.core import access
from prepdesk.core.context import Context
from prepdesk.core.labels import handed_over
from prepdesk.core.note_content import NoteContent
from prepdesk.core.transaction import check_version, writing
from prepdesk.data.models import (
    ApprovalRequest,
    Caseworker,
    Correction,
    JournalEntry,
    Meeting,
    Note,
    NoteVersion,
)
from prepdesk.dates import medium_datetime
from prepdesk.errors import Conflict, UserError
from prepdesk.i18n import _

# How notes reach the citizen without the e-mail; their words: labels.handed_over.
GIVEN = ("handed", "post", "digital_post")


# --- giving the notes without the e-mail ----------------------------------------------------


@dataclass(frozen=True)
class NotesGiven:
    request_id: int
    note_id: int
    channel: str
    sentence: str  # what happened, for the screen


def give_notes(ctx: Context, note_id: int, channel: str, *,
               seen_version: int | None = None) -> NotesGiven:
    """The caseworker gave the notes' current version to the citizen `channel` (handed,
    post, digital_post): they wait for the citizen's answer, which the caseworker records
    (`record_answer`). A journal entry says how they were given. Only notes not yet sent
    or given; `seen_version` is the notes' version the screen showed."""
    if channel not in GIVEN:
        raise UserError(_("Choose how the notes were given to the citizen."))
    with writing(ctx) as session:
        note = _note(session, note_id)
        access.require(session, ctx, note.citizen_id)
        _may_send(ctx, note)
        if note.status != "final":
            raise Conflict(_already_given(session, ctx, note))
        check_version(session, ctx, note, seen_version, _("The notes"))
        # Here, not at the top: my day imports this module, and approval's Jinja2 and
        # itsdangerous are not needed to show it (issue 17, item 1).
        from prepdesk.core.approval import VALID_DAYS

        now = ctx.clock()
        request = ApprovalRequest(
            note_id=note.id, note_version=note.current_version,
            public_id=random_tokens.token_urlsafe(16), nonce=random_tokens.token_urlsafe(16),
            sent_at=now, expires_at=now + timedelta(days=VALID_DAYS), channel=channel)
        note.status = "sent"
        how = handed_over(channel)
        session.add_all([request, note, JournalEntry(
            citizen_id=note.citizen_id, author_id=ctx.user.id, kind="note", direction="out",
            occurred_at=now, title=_("Notes given to the citizen: {how}").format(how=how),
            body=_("The notes of the meeting {when} were given to the citizen: {how}. The "
                   "citizen's answer is recorded when it comes.").format(
                       when=medium_datetime(_meeting_start(session, note)), how=how))])
        session.flush()
        return NotesGiven(request.id, note.id, channel, _(
            "The notes are recorded as given to the citizen: {how}. They wait for the "
            "citizen's answer on my day: record it there (a) when it comes.").format(how=how))


# --- the citizen's answer, recorded by the caseworker ---------------------------------------


@dataclass(frozen=True)
class PartToCorrect:
    key: str
    title: str
    text: str


@dataclass(frozen=True)
class AnswerForm:
    """What the screen for recording the citizen's answer shows."""

    request_id: int
    note_id: int
    citizen_name: str
    meeting_starts_at: datetime
    channel: str
    given_at: datetime
    parts: tuple[PartToCorrect, ...]  # the version the citizen was given, part by part


def answer_form(ctx: Context, request_id: int) -> AnswerForm:
    """The notes as the citizen was given them, to record their answer on. A look at the
    citizen's notes, written to the access log (look "answer")."""
    with writing(ctx) as session:
        request = _request(session, request_id)
        note = session.get(Note, request.note_id)
        citizen = access.require(session, ctx, note.citizen_id, look="answer",
                                 detail=f"note {note.id}")
        content = _given_content(session, request)
        return AnswerForm(
            request.id, note.id, f"{citizen.first_name} {citizen.last_name}",
            _meeting_start(session, note), request.channel, request.sent_at,
            tuple(PartToCorrect(key, content.title_of(key), content.text_of(key))
                  for key in content.keys()))


@dataclass(frozen=True)
class DictatedCorrection:
    key: str  # the part of the notes (PartToCorrect.key)
    text: str  # the text the citizen wants instead
    comment: str = ""


@dataclass(frozen=True)
class AnswerRecorded:
    request_id: int
    note_id: int
    status: str  # approved | corrected
    corrections: int
    sentence: str


def record_answer(ctx: Context, request_id: int,
                  corrections: Sequence[DictatedCorrection] = ()) -> AnswerRecorded:
    """Record the citizen's answer given to the caseworker: approved (no corrections), or
    corrected part by part as the citizen dictated. Once per request, like the page's
    answer: the nonce is used in the same statement that checks it."""
    wanted = [c for c in corrections if c.text.strip()]
    with writing(ctx) as session:
        request = _request(session, request_id)
        note = session.get(Note, request.note_id)
        access.require(session, ctx, note.citizen_id)
        _may_send(ctx, note)
        if request.answered_at is not None or request.status != "pending":
            raise Conflict(_answered(session, ctx, request))
        content = _given_content(session, request)
        for correction in wanted:
            try:
                before = content.text_of(correction.key)
            except KeyError:
                raise UserError(_("The part of the notes you corrected no longer exists. "
                                  "Reload (Ctrl+R).")) from None
            if correction.text.strip() == before.strip():
                raise UserError(_("The correction of \"{part}\" is the same as the notes. "
                                  "Change the text, or leave it out.").format(
                                      part=content.title_of(correction.key)))
        status = "corrected" if wanted else "approved"
        now = ctx.clock()
        used = session.execute(
            update(ApprovalRequest)
            .where(ApprovalRequest.id == request.id, ApprovalRequest.nonce_used_at.is_(None),
                   ApprovalRequest.answered_at.is_(None))
            .values(nonce_used_at=now, answered_at=now, status=status,
                    answer_recorded_by_id=ctx.user.id, version=ApprovalRequest.version + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if used != 1:  # the citizen answered on the page, or a colleague, at this moment
            session.rollback()
            raise Conflict(_answered(session, ctx, _request(session, request_id)))
        session.add_all([
            Correction(approval_request_id=request.id, note_id=note.id, section=c.key,
                       original_text=content.text_of(c.key), proposed_text=c.text.strip(),
                       comment=c.comment.strip(), received_at=now)
            for c in wanted
        ])
        note.status = status
        session.add(note)
        session.add(JournalEntry(
            citizen_id=note.citizen_id, author_id=ctx.user.id, kind="note", direction="in",
            occurred_at=now,
            title=(_("The citizen's corrections of the notes, recorded") if wanted
                   else _("The citizen approved the notes")),
            body=(_("The citizen told the caseworker their corrections of the notes of the "
                    "meeting {when}: {parts}.").format(
                        when=medium_datetime(_meeting_start(session, note)),
                        parts=", ".join(content.title_of(c.key) for c in wanted))
                  if wanted else
                  _("The citizen approved the notes of the meeting {when} to the caseworker.")
                  .format(when=medium_datetime(_meeting_start(session, note))))))
        session.flush()
        if wanted:
            sentence = _("The citizen's corrections are recorded. Answer them under "
                         "\"Corrections waiting for you\".")
        else:
            sentence = _("The notes are recorded as approved by the citizen.")
        return AnswerRecorded(request.id, note.id, status, len(wanted), sentence)


# --- private helpers ------------------------------------------------------------------------


def _note(session: Session, note_id: int) -> Note:
    note = session.get(Note, note_id)
    if note is None:
        raise UserError(_("The notes no longer exist."))
    return note


def _request(session: Session, request_id: int) -> ApprovalRequest:
    request = session.get(ApprovalRequest, request_id)
    if request is None:
        raise UserError(_("The request for approval no longer exists. Reload (Ctrl+R)."))
    return request


def _may_send(ctx: Context, note: Note) -> None:
    # As for sending by e-mail: the author, or a team lead or an administrator for them.
    if note.author_id != ctx.user.id and ctx.user.role == "caseworker":
        raise UserError(_("Only the author of the notes can record how they were given and "
                          "what the citizen answered."))


def _meeting_start(session: Session, note: Note) -> datetime:
    return session.get(Meeting, note.meeting_id).starts_at


def _given_content(session: Session, request: ApprovalRequest) -> NoteContent:
    return NoteContent.from_stored(session.exec(
        select(NoteVersion.content).where(NoteVersion.note_id == request.note_id,
                                          NoteVersion.number == request.note_version)).one())


def _who(session: Session, ctx: Context, caseworker_id: int | None) -> str:
    if caseworker_id == ctx.user.id:
        return _("you")
    worker = session.get(Caseworker, caseworker_id) if caseworker_id else None
    return worker.name if worker else _("a colleague")


def _already_given(session: Session, ctx: Context, note: Note) -> str:
    request = session.exec(
        select(ApprovalRequest).where(ApprovalRequest.note_id == note.id)
        .order_by(ApprovalRequest.sent_at.desc(), ApprovalRequest.id.desc())).first()
    if request is None:
        return _("The notes are no longer waiting to be sent. Reload (Ctrl+R).")
    return _("The notes were already given to the citizen ({how}, {when}). Reload "
             "(Ctrl+R).").format(how=handed_over(request.channel),
                                 when=medium_datetime(request.sent_at))


def _answered(session: Session, ctx: Context, request: ApprovalRequest) -> str:
    when = medium_datetime(request.answered_at) if request.answered_at else _("a moment ago")
    if request.answered_at is not None and request.answer_recorded_by_id is None:
        return _("The citizen has already answered on the approval page ({when}), so your "
                 "answer was not recorded. Reload (Ctrl+R) to see theirs.").format(when=when)
    if request.answered_at is None:  # expired or replaced, never answered
        return _("The request is no longer waiting for an answer. Reload (Ctrl+R).")
    return _("The citizen's answer was already recorded by {name} ({when}), so yours was not "
             "recorded. Reload (Ctrl+R) to see it.").format(
                 name=_who(session, ctx, request.answer_recorded_by_id), when=when)
