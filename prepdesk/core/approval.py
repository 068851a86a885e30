"""Notes sent to the citizen for approval, and their answers (R-APPR-1, R-APPR-2, R-APPR-4).

Two kinds of caller:
- a caseworker (a `Context`): `send_for_approval` asks the citizen to approve the notes
  and queues the e-mail with the link, in one transaction;
- the citizen on the approval page (a `CitizenContext`: the database, the clock and the
  key that signs links, and no staff user at all). The citizen is not a PrepDesk user:
  the link token is their credential, so every citizen operation takes the token and
  checks it itself (signature, age, lock, the request behind it) before anything else,
  and can reach only the notes that token was made for.

The link carries a signed, expiring token holding only an opaque public id
(itsdangerous tokens are readable without the key, so nothing personal goes in). The
citizen proves who they are with their date of birth; five wrong tries lock the link.
Answering consumes a stored nonce atomically, so a link answers once.
"""

from __future__ import annotations

import secrets as random_tokens
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING

import jinja2
from babel.dates import format_date
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import update
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.calendar import send_time
from prepdesk.core.channels import NOTICE, route
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.labels import ways_given
from prepdesk.core.note_content import NoteContent
from prepdesk.core.note_page import _notes_view
from prepdesk.core.outbox import enqueue, header_safe, valid_address
from prepdesk.core.transaction import check_version, reading, writing
from prepdesk.data.models import (
    ApprovalRequest,
    Caseworker,
    Citizen,
    Correction,
    Meeting,
    Note,
    NoteVersion,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.text import strip_controls

if TYPE_CHECKING:
    from sqlalchemy.orm import sessionmaker

VALID_DAYS = 14
MAX_FAILED_CHECKS = 5
_SALT = "prepdesk-approval"


class LinkProblem(UserError):
    """A link the citizen cannot use: the sentence says why and what to do."""


def signing_key() -> str:
    """The job centre's key that signs approval links (R-SEC-5): the keyring's on a desk, a
    credential file's on a server. It is never made here: a key made on one desk would sign
    links that the portal, holding the job centre's key, turns away."""
    from prepdesk import secrets

    key = secrets.get_secret(secrets.SIGNING_KEY)
    if not key:
        raise UserError(_(
            "The notes cannot be sent for approval: the job centre's signing key is not set "
            "on this computer. Ask your administrator for it and store it with: prepdesk "
            "secret set signing-key"))
    return key


def _serializer(key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(key, salt=_SALT)


def approval_link(base_url: str, token: str) -> str:
    """The address of the approval page for `token`, under the portal's public address."""
    return f"{base_url.rstrip('/')}/g/{token}"


# --- the caseworker sends the notes ------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalSent:
    request_id: int
    note_id: int
    link: str  # what the e-mail holds
    message_id: int  # the queued e-mail (OutboxMessage)
    not_before: datetime  # when it goes out (the send window, R-LTR-4)


def send_for_approval(ctx: Context, note_id: int, *, seen_version: int | None = None,
                      key: str | None = None) -> ApprovalSent:
    """Ask the citizen to approve the notes' current version (R-APPR-1) and queue the e-mail
    with the link, in one transaction: notes are never marked as sent without the e-mail.

    Only the author may send (a team lead or an administrator may send for them); the
    e-mail is signed by the author, so the citizen's answer goes to them. `seen_version`
    is the notes' version the screen showed; `key` signs the link (default: the keyring's)."""
    with writing(ctx) as session:
        note = session.get(Note, note_id)
        if note is None:
            raise UserError(_("The notes no longer exist."))
        citizen = access.require(session, ctx, note.citizen_id)
        check_version(session, ctx, note, seen_version, _("The notes"))
        if note.author_id != ctx.user.id and ctx.user.role == "caseworker":
            raise UserError(_("Only the author of the notes can send them for approval."))
        # Once per answer: notes waiting for the citizen are not sent twice; notes with
        # corrections to answer go back once they are answered (the current version, with
        # its history and the corrections not accepted on top).
        if note.status == "sent":
            raise UserError(_("The notes wait for the citizen's answer. Send them again once the "
                              "citizen has answered and you have answered their corrections."))
        if note.status == "approved":
            raise UserError(_("The citizen has approved the notes."))
        if session.exec(select(Correction.id).where(Correction.note_id == note.id,
                                                    Correction.status == "pending")).first():
            raise UserError(_("Answer the citizen's corrections first (c on the notes); then send "
                              "them the notes as they are now."))
        if not citizen.email:
            # The file has no field for it: say what can be done (issue 11's walk).
            raise UserError(_("The citizen has no e-mail address. Give them the notes another way "
                              "({ways}), then press g on them in my day under “Notes not sent to "
                              "the citizen”.").format(ways=ways_given()))
        valid_address(citizen.email)
        now = ctx.clock()
        request = ApprovalRequest(
            note_id=note.id, note_version=note.current_version,
            public_id=random_tokens.token_urlsafe(16), nonce=random_tokens.token_urlsafe(16),
            sent_at=now, expires_at=now + timedelta(days=VALID_DAYS))
        note.status = "sent"
        session.add_all([request, note])
        session.flush()
        link = approval_link(ctx.settings.portal_url,
                             _serializer(key or signing_key()).dumps(request.public_id))
        message = _queue_notification(session, request, note, citizen, link, now,
                                      sender=ctx.settings.sender_address)
        return ApprovalSent(request.id, note.id, link, message.id, message.not_before)


@cache
def _templates() -> jinja2.Environment:
    # Plain text: escaping would put &amp; in the e-mail. Values lose their control
    # characters instead, as in letters.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("prepdesk", "templates"), autoescape=False,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        finalize=lambda value: strip_controls(value) if isinstance(value, str) else value,
    )


def _queue_notification(session: Session, request: ApprovalRequest, note: Note, citizen: Citizen,
                        link: str, now: datetime, *, sender: str):  # -> OutboxMessage
    """The e-mail with the link, in the outbox. It holds the citizen's first name, the link
    and the author's direct contact (R-LTR-2), nothing else: an e-mail may be read by
    others, and the notes themselves are behind the date of birth. Like every letter it
    waits for the send window (R-LTR-4). It is a content-free notice, so core/channels.py
    sends it by e-mail; the notes themselves are not sent by Digital Post beside it: the
    citizen answers them on the approval page (channels.py says why)."""
    author = session.get(Caseworker, note.author_id)
    header_safe(author.name, _("The name"))
    valid_address(author.email)
    # The module of a rendered template holds its text and its `subject`.
    meeting = session.get(Meeting, note.meeting_id)
    rendered = _templates().get_template("approval_notification.txt.j2").make_module(dict(
        first_name=citizen.first_name, link=link,
        meeting_date=format_date(meeting.starts_at.astimezone(LOCAL_TIMEZONE).date(),
                                 "d. MMMM y", locale="da"),
        valid_until=format_date(request.expires_at.astimezone(LOCAL_TIMEZONE).date(),
                                "d. MMMM y", locale="da"),
        caseworker_name=author.name, caseworker_phone=author.phone, caseworker_email=author.email,
    ))
    message = enqueue(session, to_address=citizen.email, subject=rendered.subject,
                      body=str(rendered).strip() + "\n", not_before=send_time(now), now=now,
                      sender=sender, citizen_id=citizen.id,
                      channel=route(NOTICE, citizen.preferred_channel).channel)
    message.approval_request_id = request.id
    session.add(message)
    return message


# --- the citizen on the approval page -------------------------------------------------------------


@dataclass(frozen=True)
class CitizenContext:
    """What the citizen's operations take: the database, the clock and the signing key.
    There is no staff user: the link token each operation takes is the credential."""

    sessions: sessionmaker[Session]
    key: str
    clock: Callable[[], datetime]


@contextmanager
def _citizen_writing(cctx: CitizenContext) -> Iterator[Session]:
    # The one transaction helper, with nobody as the staff user: rows the citizen changes
    # are stamped as changed by no caseworker, which readers name as the citizen.
    with writing(SimpleNamespace(sessions=cctx.sessions, user=SimpleNamespace(id=None),
                                 clock=cctx.clock)) as session:
        yield session


@contextmanager
def _citizen_reading(cctx: CitizenContext) -> Iterator[Session]:
    with reading(SimpleNamespace(sessions=cctx.sessions, user=SimpleNamespace(id=None),
                                 clock=cctx.clock)) as session:
        yield session


def _locked() -> LinkProblem:
    return LinkProblem(_("The link is locked after too many wrong dates of birth. Call or write to "
                         "your caseworker, who can send you a new one."))


def _request(session: Session, cctx: CitizenContext, token: str) -> ApprovalRequest:
    """The request behind a link, or LinkProblem: forged, expired or locked."""
    invalid = _("The link is not valid. Check that you copied all of it from the e-mail.")
    expired = _("The link has expired. Call or write to your caseworker, who can send you a new one.")
    try:
        public_id = _serializer(cctx.key).loads(token, max_age=VALID_DAYS * 24 * 3600)
    except SignatureExpired:
        raise LinkProblem(expired) from None
    except BadSignature:
        raise LinkProblem(invalid) from None
    request = session.exec(select(ApprovalRequest).where(ApprovalRequest.public_id == public_id)).first()
    if request is None:
        raise LinkProblem(invalid)
    if request.expires_at <= cctx.clock():
        raise LinkProblem(expired)
    if request.locked_at is not None:
        raise _locked()
    return request


@dataclass(frozen=True)
class Link:
    public_id: str  # the request's opaque id: what the visitor's cookie may remember
    answered: bool


def open_link(cctx: CitizenContext, token: str) -> Link:
    """The request behind a link, or LinkProblem: forged, expired or locked. An answered
    request still opens (to be shown as answered); `answer` refuses a second answer."""
    with _citizen_reading(cctx) as session:
        request = _request(session, cctx, token)
        return Link(request.public_id, request.answered_at is not None)


@dataclass(frozen=True)
class Guess:
    matches: bool
    remaining: int  # wrong tries left after this one
    locked: bool  # this guess was the last wrong one


def check_birth_date(cctx: CitizenContext, token: str, birth_date: date) -> Guess:
    """Whether `birth_date` matches the citizen's CPR number; the fifth miss locks the link.

    The try is reserved with one conditional UPDATE (failed_checks + 1, returning the
    count) before comparing, so guesses sent at the same moment cannot get more than five
    comparisons between them, and each learns its own count from that one statement,
    never from a later read that other guesses may have changed. A match gives it back."""
    with _citizen_writing(cctx) as session:
        request = _request(session, cctx, token)
        counted = session.execute(
            update(ApprovalRequest)
            .where(ApprovalRequest.id == request.id, ApprovalRequest.locked_at.is_(None),
                   ApprovalRequest.failed_checks < MAX_FAILED_CHECKS)
            .values(failed_checks=ApprovalRequest.failed_checks + 1,
                    version=ApprovalRequest.version + 1)
            .returning(ApprovalRequest.failed_checks)
            .execution_options(synchronize_session=False)
        ).first()
        if counted is None:
            raise _locked()
        failed = counted[0]
        note = session.get(Note, request.note_id)
        matches = birth_date == _born_on(session.get(Citizen, note.citizen_id).cpr, birth_date)
        if matches:
            session.execute(
                update(ApprovalRequest).where(ApprovalRequest.id == request.id)
                .values(failed_checks=ApprovalRequest.failed_checks - 1,
                        version=ApprovalRequest.version + 1)
                .execution_options(synchronize_session=False))
            return Guess(True, MAX_FAILED_CHECKS - failed + 1, False)
        locked = failed >= MAX_FAILED_CHECKS
        if locked:
            session.execute(
                update(ApprovalRequest)
                .where(ApprovalRequest.id == request.id, ApprovalRequest.locked_at.is_(None))
                .values(locked_at=cctx.clock(), version=ApprovalRequest.version + 1)
                .execution_options(synchronize_session=False))
        return Guess(False, MAX_FAILED_CHECKS - failed, locked)


def _born_on(cpr: str, guess: date) -> date | None:
    """The citizen's date of birth from the CPR number, century and all: the seventh digit
    says which (python-stdnum knows the rule), so 12.05.2087 does not pass for 120587-1234.

    A number that gives no date that way (a substitute CPR number from before the rule,
    a made-up one) is compared on its first six digits, in the guess's own century."""
    from stdnum.dk import cpr as cpr_number

    try:
        return cpr_number.get_birth_date(cpr)
    except ValueError:  # stdnum's ValidationError is one
        digits = "".join(c for c in cpr if c.isdigit())
        return guess if f"{guess:%d%m%y}" == digits[:6] else None


@dataclass(frozen=True)
class Contact:
    """The author of the notes: the person the citizen can call about them (R-LTR-2)."""

    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class RejectedCorrection:
    section_title: str
    proposed: str
    reason: str


@dataclass(frozen=True)
class VersionChange:
    """A version of the notes as the citizen reads its history: when, who, and whether it
    was made at the citizen's request (and who accepted it)."""

    number: int
    created_at: datetime
    author: str
    section_title: str  # the part a correction changed; "" for the first version
    at_citizens_request: bool
    requested_at: datetime | None
    accepted_by: str


@dataclass(frozen=True)
class CitizenNotes:
    public_id: str
    meeting_starts_at: datetime
    content: NoteContent  # the current version: what the citizen reads and answers on
    rejected: tuple[RejectedCorrection, ...]  # shown on top, with the reason (R-APPR-3)
    caseworker: Contact
    current_version: int = 1
    history: tuple[VersionChange, ...] = ()  # oldest first


def notes_for_citizen(cctx: CitizenContext, token: str) -> CitizenNotes:
    """The notes as they are now: the current version, its history and the corrections
    not accepted (note_page's one view of notes, R-APPR-3). The page shows them only to a
    browser that has given the date of birth for this link; the portal checks that."""
    with _citizen_reading(cctx) as session:
        request = _request(session, cctx, token)
        view = _notes_view(session, session.get(Note, request.note_id))
        return CitizenNotes(
            public_id=request.public_id, meeting_starts_at=view.meeting_starts_at,
            content=view.content,
            rejected=tuple(RejectedCorrection(c.section_title, c.proposed, c.reason)
                           for c in view.rejected),
            caseworker=_contact(session, session.get(Note, request.note_id)),
            current_version=view.current_version,
            history=tuple(VersionChange(
                v.number, v.created_at, v.author, v.change.section_title if v.change else "",
                v.change is not None, v.change.received_at if v.change else None,
                v.change.decided_by if v.change else "") for v in view.history),
        )


def _current_content(session: Session, request: ApprovalRequest) -> NoteContent:
    """The notes' current version: a correction accepted since the link was sent is in it."""
    note = session.get(Note, request.note_id)
    return NoteContent.from_stored(session.exec(
        select(NoteVersion.content).where(NoteVersion.note_id == note.id,
                                          NoteVersion.number == note.current_version)).one())


def _contact(session: Session, note: Note) -> Contact:
    author = session.get(Caseworker, note.author_id)
    return Contact(author.name, author.phone, author.email)


@dataclass(frozen=True)
class ProposedCorrection:
    section: str
    proposed_text: str
    comment: str = ""


@dataclass(frozen=True)
class Answered:
    status: str  # approved | corrected
    corrections: int
    caseworker: Contact


def answer(cctx: CitizenContext, token: str,
           corrections: tuple[ProposedCorrection, ...] | list[ProposedCorrection] = ()) -> Answered:
    """Approve (no corrections) or correct the notes, once: the nonce is consumed in the same
    statement that checks it, so two answers at once cannot both win."""
    with _citizen_writing(cctx) as session:
        request = _request(session, cctx, token)
        content = _current_content(session, request)
        rows = [c for c in corrections if c.proposed_text.strip()]
        for correction in rows:
            try:
                content.with_text(correction.section, correction.proposed_text.strip())
            except (KeyError, ValueError):  # gone, or an agreement that is no agreement
                raise LinkProblem(_("The part of the notes you corrected no longer exists.")) from None
        status = "corrected" if rows else "approved"
        now = cctx.clock()
        consumed = session.execute(
            update(ApprovalRequest)
            .where(ApprovalRequest.id == request.id, ApprovalRequest.nonce == request.nonce,
                   ApprovalRequest.nonce_used_at.is_(None), ApprovalRequest.locked_at.is_(None))
            .values(nonce_used_at=now, answered_at=now, status=status,
                    version=ApprovalRequest.version + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if consumed != 1:
            raise LinkProblem(_("You have already answered. Thank you. Call or write to your "
                                "caseworker if something else is wrong."))
        session.add_all([
            Correction(approval_request_id=request.id, note_id=request.note_id, section=c.section,
                       original_text=content.text_of(c.section), proposed_text=c.proposed_text.strip(),
                       comment=c.comment.strip(), received_at=now)
            for c in rows
        ])
        note = session.get(Note, request.note_id)
        note.status = status
        session.add(note)
        return Answered(status, len(rows), _contact(session, note))
