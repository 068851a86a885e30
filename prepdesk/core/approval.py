"""Notes sent to the citizen for approval, and their answers (R-APPR-1, R-APPR-2, R-APPR-4).

The link in the e-mail carries a signed, expiring token holding only an opaque public id
(itsdangerous tokens are readable without the key, so nothing personal goes in). The
citizen proves who they are with their date of birth; five wrong tries lock the link.
Answering consumes a stored nonce atomically, so a link answers once.
"""

from __future__ import annotations

import secrets as random_tokens
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import update
from sqlmodel import Session, select

from prepdesk.core.context import CurrentUser
from prepdesk.core.notes import section_text
from prepdesk.data.models import ApprovalRequest, Citizen, Correction, Note, NoteVersion
from prepdesk.errors import UserError
from prepdesk.i18n import _

VALID_DAYS = 14
MAX_FAILED_CHECKS = 5
_SALT = "prepdesk-approval"


class LinkProblem(Exception):
    """A link the citizen cannot use: the sentence says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def signing_key() -> str:
    """The key that signs approval links, made on first use and kept in the keyring (R-SEC-5)."""
    from prepdesk import secrets

    key = secrets.get_secret(secrets.SIGNING_KEY)
    if not key:
        key = random_tokens.token_urlsafe(48)
        secrets.set_secret(secrets.SIGNING_KEY, key)
    return key


def _serializer(key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(key, salt=_SALT)


def request_approval(session: Session, user: CurrentUser, note: Note, now: datetime, key: str,
                     valid_days: int = VALID_DAYS) -> tuple[ApprovalRequest, str]:
    """Ask the citizen to approve the note's current version; returns the request and the
    token for the link."""
    if note.author_id != user.id and user.role == "caseworker":
        raise UserError(_("Only the author of the notes can send them for approval."))
    request = ApprovalRequest(
        note_id=note.id, note_version=note.current_version, public_id=random_tokens.token_urlsafe(16),
        nonce=random_tokens.token_urlsafe(16), sent_at=now, expires_at=now + timedelta(days=valid_days),
    )
    note.status = "sent"
    session.add_all([request, note])
    session.commit()
    return request, _serializer(key).dumps(request.public_id)


def open_link(session: Session, token: str, now: datetime, key: str) -> ApprovalRequest:
    """The request behind a link, or LinkProblem: forged, expired or locked. An answered
    request still opens (to be shown as answered); `answer` refuses a second answer."""
    try:
        public_id = _serializer(key).loads(token, max_age=VALID_DAYS * 24 * 3600)
    except SignatureExpired:
        raise LinkProblem(_("The link has expired. Call or write to your caseworker, who can send you a new one.")) from None
    except BadSignature:
        raise LinkProblem(_("The link is not valid. Check that you copied all of it from the e-mail.")) from None
    request = session.exec(select(ApprovalRequest).where(ApprovalRequest.public_id == public_id)).first()
    if request is None:
        raise LinkProblem(_("The link is not valid. Check that you copied all of it from the e-mail."))
    if request.expires_at <= now:
        raise LinkProblem(_("The link has expired. Call or write to your caseworker, who can send you a new one."))
    if request.locked_at is not None:
        raise LinkProblem(_("The link is locked after too many wrong dates of birth. Call or write to your "
                            "caseworker, who can send you a new one."))
    return request


def check_birth_date(session: Session, request: ApprovalRequest, birth_date: date, now: datetime) -> bool:
    """True when `birth_date` matches the citizen's CPR number; the fifth miss locks the link.

    The try is reserved with one conditional UPDATE before comparing, so guesses sent at the
    same moment cannot get more than five comparisons between them; a match gives it back.
    """
    reserved = session.execute(
        update(ApprovalRequest)
        .where(ApprovalRequest.id == request.id, ApprovalRequest.locked_at.is_(None),
               ApprovalRequest.failed_checks < MAX_FAILED_CHECKS)
        .values(failed_checks=ApprovalRequest.failed_checks + 1, version=ApprovalRequest.version + 1)
    ).rowcount
    if reserved != 1:
        session.rollback()
        raise LinkProblem(_("The link is locked after too many wrong dates of birth. Call or write to your "
                            "caseworker, who can send you a new one."))
    note = session.get(Note, request.note_id)
    cpr = session.get(Citizen, note.citizen_id).cpr
    matches = f"{birth_date:%d%m%y}" == cpr[:6]
    if matches:
        session.execute(
            update(ApprovalRequest).where(ApprovalRequest.id == request.id)
            .values(failed_checks=ApprovalRequest.failed_checks - 1, version=ApprovalRequest.version + 1)
        )
    else:
        session.execute(
            update(ApprovalRequest)
            .where(ApprovalRequest.id == request.id, ApprovalRequest.failed_checks >= MAX_FAILED_CHECKS)
            .values(locked_at=now, version=ApprovalRequest.version + 1)
        )
    session.commit()
    session.expire(request)
    return matches


def requested_content(session: Session, request: ApprovalRequest) -> dict:
    """The notes as they were when they were sent for approval: what the citizen answers on."""
    return session.exec(
        select(NoteVersion.content).where(NoteVersion.note_id == request.note_id,
                                          NoteVersion.number == request.note_version)
    ).one()


@dataclass(frozen=True)
class ProposedCorrection:
    section: str
    proposed_text: str
    comment: str = ""


def answer(session: Session, request: ApprovalRequest, now: datetime,
           corrections: list[ProposedCorrection] = ()) -> None:
    """Approve (no corrections) or correct the notes, once: the nonce is consumed in the same
    statement that checks it, so two answers at once cannot both win."""
    version = session.exec(
        select(NoteVersion).where(NoteVersion.note_id == request.note_id, NoteVersion.number == request.note_version)
    ).one()
    rows = [c for c in corrections if c.proposed_text.strip()]
    for correction in rows:
        try:
            section_text(version.content, correction.section)
        except KeyError:
            raise LinkProblem(_("The part of the notes you corrected no longer exists.")) from None
    status = "corrected" if rows else "approved"
    consumed = session.execute(
        update(ApprovalRequest)
        .where(ApprovalRequest.id == request.id, ApprovalRequest.nonce == request.nonce,
               ApprovalRequest.nonce_used_at.is_(None), ApprovalRequest.locked_at.is_(None))
        .values(nonce_used_at=now, answered_at=now, status=status, version=ApprovalRequest.version + 1)
    ).rowcount
    if consumed != 1:
        session.rollback()
        raise LinkProblem(_("You have already answered. Thank you. Call or write to your caseworker if "
                            "something else is wrong."))
    session.add_all([
        Correction(approval_request_id=request.id, note_id=request.note_id, section=c.section,
                   original_text=section_text(version.content, c.section), proposed_text=c.proposed_text.strip(),
                   comment=c.comment.strip(), received_at=now)
        for c in rows
    ])
    note = session.get(Note, request.note_id)
    note.status = status
    session.add(note)
    session.commit()
    session.expire(request)
