"""The outbox: every message is stored before anything is sent, and sent once.

The life of a message (OutboxMessage.status):

    queued --claim--> sending --sent--> sent
                         |
                         +--fails--> failed --claim when next_attempt_at has come--> sending
    sending --claim when its lease has run out (the sender died)--> sending

- Stored first. `enqueue` adds the row in the caller's transaction; the letter's status,
  the stored messages and the participants' invitations commit together, and only a
  committed row is ever sent.
- Claimed atomically. A sender owns a message after one conditional UPDATE
  (`... SET status='sending' WHERE id=? AND <due>`) whose row count says whether it won,
  so two senders (two caseworkers' apps on one PostgreSQL, or the app and
  `prepdesk outbox send`) never both send it. A bulk UPDATE bypasses the ORM's version
  check, so each one bumps `version` itself, and marking sent or failed requires the
  version of the claim.
- A lease, not a lock. While a message is `sending`, `next_attempt_at` holds the end of
  the claim's lease (LEASE). A sender that crashed between claim and send leaves the row
  `sending`; once the lease has run out, the next round claims it again.
- At least once, not exactly once. If a sender crashes after the server accepted the
  message but before `sent` is committed, the message is sent again after the lease.
  No outbox can close that gap alone; the resend carries the same Message-ID (made once,
  at queueing), so mail servers and programs that drop duplicates by Message-ID drop it,
  and the citizen at worst sees the identical letter twice, never two different ones.
- The send window holds for retries too (R-LTR-4): nothing goes out when `send_time(now)`
  is later than now, so a letter that failed on Friday morning waits for Monday 09:00.
- Failures are kept on the message: attempts, a sentence with the technical reason, and
  when the next attempt comes (BACKOFF_MINUTES, capped). A permanent failure (the server
  refused the address) is not retried by itself: `next_attempt_at` stays empty until the
  caseworker corrects it or runs `prepdesk outbox retry ID`.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy import ColumnElement, Update, exists, func, or_, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, select

from prepdesk.config import Settings
from prepdesk.core.calendar import send_time
from prepdesk.core.context import LOCAL_TIMEZONE, CurrentUser, settings_clock, system_clock
from prepdesk.data.models import (
    ApprovalRequest,
    Caseworker,
    Citizen,
    Letter,
    Note,
    OutboxMessage,
)
from prepdesk.delivery.transports import DeliveryError, Transport, open_transport
from prepdesk.errors import UserError
from prepdesk.i18n import _

log = logging.getLogger(__name__)

BACKOFF_MINUTES = (1, 2, 5, 15, 60)  # after the 1st, 2nd, ... failure; the last repeats
LEASE = timedelta(minutes=10)  # a claim older than this belonged to a sender that died


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int
    waiting: int  # queued for a later send window
    problems: tuple[str, ...] = ()  # the error of each failure in this round
    held_until: datetime | None = None  # set when now is outside the send window


@dataclass(frozen=True)
class FailedMessage:
    id: int
    citizen_id: int | None
    citizen_name: str
    to_address: str
    subject: str
    attempts: int
    last_error: str
    next_attempt_at: datetime | None  # None: waits for the caseworker


# --- Checking what goes into headers ------------------------------------------------------


def valid_address(address: str) -> str:
    """`address` checked and normalised (domain in ASCII), or a UserError naming it."""
    from email_validator import EmailNotValidError, validate_email

    try:
        # SMTPUTF8 is not assumed: an address needing it would fail later, at the server.
        result = validate_email(address.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        # The library explains in English only; the caseworker gets the shape to aim for.
        raise UserError(
            _("The e-mail address “{address}” is not valid. An address looks like "
              "name@example.dk. Correct it and try again.").format(address=_shown(address))
        ) from None
    return header_safe(result.ascii_email, _("The e-mail address"))


def header_safe(value: str, what: str) -> str:
    """`value` if it can stand in an e-mail header; else a UserError.

    Line breaks would start a new header, and on Python 3.11.7 an encoded word holding
    one (`=?UTF-8?Q?=0A?=`) does too (CVE-2024-6923): reject `=?` and every control
    character rather than trust the email package to fold them safely.
    """
    if "=?" in value or any(_breaks_header(character) for character in value):
        raise UserError(
            _("{what} “{value}” cannot be used in an e-mail. Remove line breaks, control "
              "characters and the characters =? and try again.").format(
                what=what, value=_shown(value))
        )
    return value


def _breaks_header(character: str) -> bool:
    return unicodedata.category(character) in ("Cc", "Zl", "Zp")


def _shown(value: str) -> str:
    """`value` for an error sentence: control characters made visible, not acted on."""
    return "".join("�" if _breaks_header(c) else c for c in value.strip())


def sender_address(configured: str) -> str:
    """The configured sender address, checked."""
    try:
        return valid_address(configured)
    except UserError:
        raise UserError(
            _("The sender address “{address}” in the setting sender_address is not a valid "
              "e-mail address. Correct it in the config file.").format(address=_shown(configured))
        ) from None


# --- Storing and building messages --------------------------------------------------------


def enqueue(
    session: Session, *, to_address: str, subject: str, body: str, not_before: datetime,
    now: datetime, sender: str, letter_id: int | None = None, citizen_id: int | None = None,
) -> OutboxMessage:
    """Store a message to go out from `not_before`; the caller commits.

    The address and subject are checked here, before anything is stored, and the
    Message-ID is made here once, so every attempt sends the same message.
    """
    if not subject.strip():
        raise UserError(_("The letter needs a subject."))
    message = OutboxMessage(
        message_id=make_msgid(domain=sender_address(sender).rpartition("@")[2]),
        letter_id=letter_id, citizen_id=citizen_id, to_address=valid_address(to_address),
        subject=header_safe(subject.strip(), _("The subject")), body=body, created_at=now,
        not_before=not_before,
    )
    session.add(message)
    session.flush()
    return message


def build_message(
    message: OutboxMessage, *, sender: str, sender_name: str | None = None,
    reply_to: str | None = None,
) -> EmailMessage:
    """The e-mail exactly as it is sent: the same bytes on every attempt.

    Date is when the message was due (`not_before`), not when an attempt ran, so a
    resend is byte for byte the message first tried. Header values are checked again:
    rows may come from code other than `enqueue`.
    """
    email = EmailMessage(policy=policy.SMTP)
    if sender_name:
        email["From"] = Address(display_name=header_safe(sender_name, _("The name")),
                                addr_spec=sender)
    else:
        email["From"] = sender
    if reply_to:
        email["Reply-To"] = valid_address(reply_to)
    email["To"] = valid_address(message.to_address)
    email["Subject"] = header_safe(message.subject, _("The subject"))
    email["Date"] = format_datetime(message.not_before.astimezone(LOCAL_TIMEZONE))
    if message.message_id:
        email["Message-ID"] = message.message_id
    # Quoted-printable: 7-bit clean for any server, and long lines are wrapped safely.
    email.set_content(message.body, cte="quoted-printable")
    return email


def readable(email: EmailMessage) -> str:
    """The message as the citizen's mail program shows it: headers, then the text."""
    names = ("From", "Reply-To", "To", "Subject", "Date", "Message-ID")
    headers = [f"{name}: {email[name]}" for name in names if email[name] is not None]
    return "\n".join(headers) + "\n\n" + email.get_content()


def message_author(session: Session, message: OutboxMessage) -> Caseworker | None:
    """Who wrote what the message carries, for its From name and Reply-To, so that
    answers reach them directly (R-LTR-2): the letter's author, or the author of the notes
    it asks the citizen to approve, who sends them (a team lead may send them for the
    author). None for a message of neither kind."""
    if message.letter_id is not None:
        query = (select(Caseworker).join(Letter, Letter.author_id == Caseworker.id)
                 .where(Letter.id == message.letter_id))
    elif message.approval_request_id is not None:
        query = (select(Caseworker).join(Note, Note.author_id == Caseworker.id)
                 .join(ApprovalRequest, ApprovalRequest.note_id == Note.id)
                 .where(ApprovalRequest.id == message.approval_request_id))
    else:
        return None
    return session.exec(query).first()


# --- Sending ------------------------------------------------------------------------------


def _due(now: datetime) -> ColumnElement[bool]:
    return (OutboxMessage.not_before <= now) & or_(
        OutboxMessage.status == "queued",
        OutboxMessage.status.in_(("failed", "sending")) & (OutboxMessage.next_attempt_at <= now),
    )


def claim(session: Session, message_id: int, now: datetime) -> bool:
    """Take the message for sending, atomically; False when it is not due or another
    sender has it."""
    result = session.exec(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _due(now))
        .values(status="sending", next_attempt_at=now + LEASE, version=OutboxMessage.version + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure."""
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def send_due(
    session_factory: sessionmaker[Session], settings: Settings, now: datetime,
    *, transport: Transport | None = None,
) -> SendReport:
    """Send every message that is due at `now`, each in its own short transactions.

    No transaction stays open while the network is used. The transport (by default the
    configured one) is closed at the end of the round. A round stops early when the
    transport is down, and after half a lease, so that no claim outlives its lease.
    Raises UserError when the configuration cannot work.
    """
    opens_at = send_time(now)
    if opens_at > now:
        return SendReport(0, 0, _waiting(session_factory), held_until=opens_at)
    sender = sender_address(settings.sender_address)
    with session_factory() as session:
        due = list(session.exec(
            select(OutboxMessage.id).where(_due(now))
            .order_by(OutboxMessage.not_before, OutboxMessage.id)
        ))
    sent, problems = 0, []
    started = time.monotonic()
    transport = transport or open_transport(settings)
    try:
        for message_id in due:
            if time.monotonic() - started > LEASE.total_seconds() / 2:
                break
            outcome = _send_one(session_factory, transport, sender, message_id, now)
            if outcome is None:
                sent += 1
            elif outcome is not False:
                problems.append(outcome.describe())
                if outcome.transport_down:
                    break
    finally:
        transport.close()
    return SendReport(sent, len(problems), _waiting(session_factory, now), tuple(problems))


def _send_one(
    session_factory: sessionmaker[Session], transport: Transport, sender: str, message_id: int,
    now: datetime,
) -> DeliveryError | bool | None:
    """None when sent, the error when it failed, False when another sender had it."""
    with session_factory() as session:
        if not claim(session, message_id, now):
            return False
        message = session.get(OutboxMessage, message_id, populate_existing=True)
        author = message_author(session, message)
    try:
        email = build_message(message, sender=sender, sender_name=author and author.name,
                              reply_to=author and author.email)
        transport.send(email, sender, [message.to_address])
    except UserError as error:  # a header that fails the checks will not pass them later
        failure = DeliveryError(error.message, permanent=True)
    except DeliveryError as error:
        failure = error
    else:
        _mark_sent(session_factory, message, now)
        return None
    _mark_failed(session_factory, message, now, failure)
    return failure


def _mark_sent(session_factory: sessionmaker[Session], message: OutboxMessage, now: datetime) -> None:
    with session_factory() as session:
        marked = session.exec(_still_claimed(message).values(
            status="sent", sent_at=now, next_attempt_at=None, last_error="",
            version=OutboxMessage.version + 1,
        ))
        if marked.rowcount != 1:
            # Our lease ran out and another sender took the message: it sends it too.
            log.warning("outbox message %s was claimed again while it was being sent", message.id)
        if message.letter_id is not None:
            _letter_sent_when_all_sent(session, message.letter_id)
        session.commit()


def _mark_failed(session_factory: sessionmaker[Session], message: OutboxMessage, now: datetime,
                 failure: DeliveryError) -> None:
    attempts = message.attempts + 1
    with session_factory() as session:
        session.exec(_still_claimed(message).values(
            status="failed", attempts=attempts, last_error=failure.describe(),
            next_attempt_at=None if failure.permanent else now + backoff(attempts),
            version=OutboxMessage.version + 1,
        ))
        session.commit()


def _still_claimed(message: OutboxMessage) -> Update:
    return (
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == "sending",
               OutboxMessage.version == message.version)
        .execution_options(synchronize_session=False)
    )


def _letter_sent_when_all_sent(session: Session, letter_id: int) -> None:
    """The letter is sent when its message to the citizen and every copy have gone.

    Two senders finishing a letter's last two messages at the same moment can each miss
    the other's, leaving the letter `queued`; the preparation checklist counts queued and
    sent alike, and the messages themselves say `sent`.
    """
    unsent = select(OutboxMessage.id).where(OutboxMessage.letter_id == letter_id,
                                            OutboxMessage.status != "sent")
    session.exec(
        update(Letter)
        .where(Letter.id == letter_id, Letter.status == "queued", ~exists(unsent))
        .values(status="sent", version=Letter.version + 1)
        .execution_options(synchronize_session=False)
    )


def _waiting(session_factory: sessionmaker[Session], now: datetime | None = None) -> int:
    """Queued messages whose send time comes after `now`; all of them without `now`."""
    query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "queued")
    if now is not None:
        query = query.where(OutboxMessage.not_before > now)
    with session_factory() as session:
        return session.exec(query).one()


def retry(session: Session, message_id: int) -> OutboxMessage:
    """Make a failed message due again at once (it still waits for the send window)."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise UserError(_("There is no message {id} in the outbox.").format(id=message_id))
    result = session.exec(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "failed")
        .values(status="queued", next_attempt_at=None, version=OutboxMessage.version + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if result.rowcount != 1:
        raise UserError(
            _("Message {id} is {status}; only a message that failed can be sent again.").format(
                id=message_id, status=status_label(message.status))
        )
    return session.get(OutboxMessage, message_id, populate_existing=True)


def failed_messages(session: Session, user: CurrentUser) -> list[FailedMessage]:
    """Messages that failed, of the letters and notes `user` wrote: for my day."""
    rows = session.exec(
        select(OutboxMessage, Citizen.first_name, Citizen.last_name)
        .join(Letter, Letter.id == OutboxMessage.letter_id, isouter=True)
        .join(ApprovalRequest, ApprovalRequest.id == OutboxMessage.approval_request_id, isouter=True)
        .join(Note, Note.id == ApprovalRequest.note_id, isouter=True)
        .join(Citizen, Citizen.id == OutboxMessage.citizen_id, isouter=True)
        .where(OutboxMessage.status == "failed",
               or_(Letter.author_id == user.id, Note.author_id == user.id))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    )
    return [
        FailedMessage(m.id, m.citizen_id, f"{first or ''} {last or ''}".strip(), m.to_address,
                      m.subject, m.attempts, m.last_error, m.next_attempt_at)
        for m, first, last in rows
    ]


def status_label(status: str) -> str:
    return {
        "queued": _("waiting to be sent"), "sending": _("being sent"), "sent": _("sent"),
        "failed": _("failed"), "withdrawn": _("withdrawn: the meeting was moved"),
    }.get(status, status)


# --- Running it ---------------------------------------------------------------------------


def run_sender_forever(
    stop: threading.Event, session_factory: sessionmaker[Session], settings: Settings, *,
    clock: Callable[[], datetime] = system_clock, interval: float = 30.0,
    on_report: Callable[[SendReport], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> None:
    """Send what is due every `interval` seconds until `stop` is set: for a thread worker.

    Configuration problems and an unreachable database are reported to `on_error` as a
    sentence, and the loop goes on (someone may fix them meanwhile). Anything else is a
    bug and ends the loop with the exception.
    """
    while not stop.is_set():
        try:
            report = send_due(session_factory, settings, clock())
        except UserError as error:
            problem = error.message
        except SQLAlchemyError as error:
            problem = _("The outbox cannot reach the database ({problem}). It tries again "
                        "shortly.").format(problem=str(getattr(error, "orig", error)).strip())
        else:
            problem = None
            if on_report is not None:
                on_report(report)
        if problem is not None and on_error is not None:
            on_error(problem)
        stop.wait(interval)


def run_outbox_cli(action: str, message_id: int | None) -> int:
    """`prepdesk outbox list`, `prepdesk outbox retry ID` and `prepdesk outbox send`.

    Exit code 0, or 1 when `send` had failures (so a scheduled job can alert).
    """
    from prepdesk.config import load_settings
    from prepdesk.data import db
    from prepdesk.dates import medium_datetime

    settings = load_settings()
    engine = db.open_engine(settings.resolved_database_url())
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    out = sys.stdout
    if action == "list":
        with sessions() as session:
            messages = session.exec(
                select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            ).all()
        if not messages:
            print(_("The outbox is empty."), file=out)
        for message in messages:
            when = _("sent {time}").format(time=medium_datetime(message.sent_at)) if message.sent_at \
                else _("from {time}").format(time=medium_datetime(message.not_before))
            print(f"{message.id:>6}  {status_label(message.status)} · {when} · {message.to_address}",
                  file=out)
            print(f"        {message.subject}", file=out)
            if message.attempts:
                print("        " + _("Attempts: {n}").format(n=message.attempts), file=out)
            if message.last_error:
                print("        " + _("Error: {error}").format(error=message.last_error), file=out)
        return 0
    if action == "retry":
        if message_id is None:
            raise UserError(_("Say which message to send again: prepdesk outbox retry ID."))
        with sessions() as session:
            retry(session, message_id)
        print(_("Message {id} will be sent in the next round.").format(id=message_id), file=out)
        return 0
    if action == "send":
        report = send_due(sessions, settings, settings_clock(settings)())
        if report.held_until is not None:
            print(_("Letters are not sent now (not on Friday afternoons, weekends or holidays). "
                    "The next sending is {time}.").format(time=medium_datetime(report.held_until)),
                  file=out)
        print(_("Sent: {sent}. Failed: {failed}. Waiting for their send time: {waiting}.").format(
            sent=report.sent, failed=report.failed, waiting=report.waiting), file=out)
        for problem in report.problems:
            print(f"  {problem}", file=out)
        return 1 if report.failed else 0
    raise ValueError(f"unknown outbox action {action!r}")
