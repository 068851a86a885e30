"""The sender: every stored message is sent once (queueing itself is core: core/outbox.py).

The life of a message (OutboxMessage.status):

    queued --claim--> sending --sent--> sent
                         |
                         +--fails--> failed --claim when next_attempt_at has come--> sending
    sending --claim when its lease has run out (the sender died)--> sending

- Stored first, by core (core/outbox.py `enqueue`): only a committed row is ever sent.
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
  and the citizen at worst sees the same letter twice, never two different ones. Its
  Date is the moment each attempt hands it to the transport, so a retried message says
  when it really went, not when it was first due.
- The send window holds for retries too (R-LTR-4): nothing goes out when `send_time(now)`
  is later than now, so a letter that failed on Friday morning waits for Monday 09:00.
  The demo alone (`early=True`: its letters only go to its own folder) sends outside the
  window what would go at the next opening, so that its loop can be tried on a Sunday.
- A caseworker's app sends only what its user wrote (`author_id`); `prepdesk outbox send`
  (the job centre's sender service) sends everything. With every app taking every due
  message, 200 apps on one PostgreSQL spent their time fighting over the same rows
  (benchmarks/load.py: 90,000 claims in two minutes, most of the server's time).
- By channel (OutboxMessage.channel, decided by core when it queued the message): an
  e-mail goes to the e-mail transport (file or SMTP), Digital Post and remote print to the
  Digital Post transport (delivery/post.py: the outbox folder or KOMBIT). A transport that
  is down stops its own messages for the round, not the other's. A caseworker's app sends
  its Digital Post only when it goes to the folder; with KOMBIT the sender service does, as
  it holds the certificate.
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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Update, exists, func, or_, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, select

from prepdesk.config import Settings
from prepdesk.core.calendar import send_time
from prepdesk.core.context import Context, settings_clock, system_clock
from prepdesk.core.meetings import INVITING_LETTERS
from prepdesk.core.outbox import build_message, sender_address, status_label
from prepdesk.data.models import ApprovalRequest, Caseworker, Letter, Meeting, Note, OutboxMessage
from prepdesk.delivery.post import POST_CHANNELS, PostTransport, open_post_transport, read_letter
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
    early_for: datetime | None = None  # the demo sent now what would have gone then


def _message_author(session: Session, message: OutboxMessage) -> Caseworker | None:
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


def _due(now: datetime, due_by: datetime | None = None) -> ColumnElement[bool]:
    """Due at `now`, or, given `due_by` (the demo outside the window), at `due_by`."""
    return (OutboxMessage.not_before <= (due_by or now)) & or_(
        OutboxMessage.status == "queued",
        OutboxMessage.status.in_(("failed", "sending")) & (OutboxMessage.next_attempt_at <= now),
    )


def claim(session: Session, message_id: int, now: datetime, due_by: datetime | None = None) -> bool:
    """Take the message for sending, atomically; False when it is not due or another
    sender has it."""
    result = session.exec(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _due(now, due_by))
        .values(status="sending", next_attempt_at=now + LEASE, version=OutboxMessage.version + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure."""
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def _written_by(author_id: int) -> ColumnElement[bool]:
    """Messages of a letter or of notes that `author_id` wrote (joined in `send_due`)."""
    return or_(Letter.author_id == author_id, Note.author_id == author_id)


def send_due(
    session_factory: sessionmaker[Session], settings: Settings, now: datetime,
    *, transport: Transport | None = None, early: bool = False, author_id: int | None = None,
    post_transport: PostTransport | None = None,
) -> SendReport:
    """Send every message that is due at `now`, each in its own short transactions.

    No transaction stays open while the network is used. The transports (by default the
    configured ones: `transport` for e-mail, `post_transport` for Digital Post and remote
    print, opened at the first such message) are closed at the end of the round. When a
    transport is down, the round sends no more of its messages (the others go on), and it
    stops after half a lease, so that no claim outlives its lease. Raises UserError when
    the configuration cannot work. With `early` (the demo only), outside the window the
    round sends now what would go when it opens. With `author_id` (a caseworker's app),
    only what that user wrote, and Digital Post only when it goes to the outbox folder
    (`digital_post = "file"`): with KOMBIT, the sender service that holds the certificate
    sends it (delivery/post.py).
    """
    opens_at = send_time(now)
    due_by = None
    if opens_at > now:
        if not early:
            return SendReport(0, 0, _waiting(session_factory), held_until=opens_at)
        due_by = opens_at
    sender = sender_address(settings.sender_address)
    query = select(OutboxMessage.id, OutboxMessage.channel).where(_due(now, due_by))
    if author_id is not None:
        query = (query.join(Letter, Letter.id == OutboxMessage.letter_id, isouter=True)
                 .join(ApprovalRequest, ApprovalRequest.id == OutboxMessage.approval_request_id,
                       isouter=True)
                 .join(Note, Note.id == ApprovalRequest.note_id, isouter=True)
                 .where(_written_by(author_id)))
        if settings.digital_post != "file":
            query = query.where(OutboxMessage.channel.not_in(POST_CHANNELS))
    with session_factory() as session:
        due = list(session.exec(query.order_by(OutboxMessage.not_before, OutboxMessage.id)))
    sent, problems, down = 0, [], set()
    started = time.monotonic()
    transport = transport or open_transport(settings)
    post = _Lazy(post_transport, lambda: open_post_transport(settings))
    try:
        for message_id, channel in due:
            if time.monotonic() - started > LEASE.total_seconds() / 2:
                break
            kind = "post" if channel in POST_CHANNELS else "email"
            if kind in down:
                continue
            # The round's clock, gone on as long as the round has run: when it is handed over.
            handed_at = now + timedelta(seconds=time.monotonic() - started)
            outcome = _send_one(session_factory, transport, sender, message_id, now, handed_at,
                                due_by, post=post)
            if outcome is None:
                sent += 1
            elif outcome is not False:
                problems.append(outcome.describe())
                if outcome.transport_down:
                    down.add(kind)
    finally:
        try:
            transport.close()
        finally:
            post.close()
    return SendReport(sent, len(problems), _waiting(session_factory, due_by or now),
                      tuple(problems), early_for=due_by)


class _Lazy:
    """The Digital Post transport of a round, opened when its first message comes."""

    def __init__(self, given: PostTransport | None, open_it: Callable[[], PostTransport]) -> None:
        self._transport, self._open = given, open_it

    def get(self) -> PostTransport:
        if self._transport is None:
            self._transport = self._open()
        return self._transport

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


def _send_one(
    session_factory: sessionmaker[Session], transport: Transport, sender: str, message_id: int,
    now: datetime, handed_at: datetime, due_by: datetime | None = None, *,
    post: _Lazy | None = None,
) -> DeliveryError | bool | None:
    """None when sent, the error when it failed, False when another sender had it.
    `handed_at` is the message's Date: the moment it goes to the transport. A message of
    channel digital_post or remote_print goes to the Digital Post transport `post`."""
    unsendable = None
    with session_factory() as session:
        if not claim(session, message_id, now, due_by):
            return False
        message = session.get(OutboxMessage, message_id, populate_existing=True)
        if _outdated(session, message):
            session.exec(_still_claimed(message).values(
                status="withdrawn", next_attempt_at=None, version=OutboxMessage.version + 1))
            session.commit()
            return False
        if _meeting_begun(session, message, handed_at):
            unsendable = DeliveryError(_(
                "The meeting began before the invitation could go, so it was not sent. Call "
                "the citizen, or move the meeting and send a new invitation."), permanent=True)
        elif message.channel in POST_CHANNELS:
            try:
                letter = read_letter(session, message)
            except DeliveryError as error:
                unsendable = error
        else:
            author = _message_author(session, message)
    if unsendable is not None:
        _mark_failed(session_factory, message, now, unsendable)
        return unsendable
    try:
        if message.channel in POST_CHANNELS:
            if post is None:
                raise DeliveryError(_("This message goes by Digital Post, which this sender "
                                      "does not send."), transport_down=True)
            post.get().send(letter, handed_at)
        else:
            email = build_message(message, sender=sender, date=handed_at,
                                  sender_name=author and author.name,
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
            status="withdrawn" if _outdated(session, message) else "failed", attempts=attempts,
            last_error=failure.describe(),
            next_attempt_at=None if failure.permanent else now + backoff(attempts),
            version=OutboxMessage.version + 1,
        ))
        session.commit()


def _meeting_begun(session: Session, message: OutboxMessage, now: datetime) -> bool:
    """Whether the message is an invitation (or its notice) whose meeting has begun: core
    queues none so late, but one retried after failures may come to be."""
    if message.letter_id is None:
        return False
    starts_at = session.exec(
        select(Meeting.starts_at).join(Letter, Letter.meeting_id == Meeting.id)
        .where(Letter.id == message.letter_id, Letter.kind.in_(INVITING_LETTERS),
               Meeting.status == "planned")).first()
    return starts_at is not None and starts_at <= now


def _outdated(session: Session, message: OutboxMessage) -> bool:
    """Whether the message's letter no longer counts: its meeting was moved, or its
    handover declined, while the sender held the message (core withdraws only the
    messages that wait). Sent later, or again after a failure, it would give the old
    time, so it is withdrawn instead."""
    if message.letter_id is None:
        return False
    status = session.exec(select(Letter.status).where(Letter.id == message.letter_id)).first()
    return status == "outdated"


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


# --- Running it ---------------------------------------------------------------------------


def run_sender_forever(
    stop: threading.Event, session_factory: sessionmaker[Session], settings: Settings, *,
    clock: Callable[[], datetime] = system_clock, interval: float = 30.0,
    on_report: Callable[[SendReport], None] | None = None,
    on_error: Callable[[str], None] | None = None, author_id: int | None = None,
) -> None:
    """Send what is due every `interval` seconds until `stop` is set: for a thread worker
    (a caseworker's app gives its user as `author_id`: see the module's text).

    Configuration problems and an unreachable database are reported to `on_error` as a
    sentence, and the loop goes on (someone may fix them meanwhile). Anything else is a
    bug and ends the loop with the exception.
    """
    while not stop.is_set():
        try:
            report = send_due(session_factory, settings, clock(), author_id=author_id)
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


def run_outbox_cli(action: str, message_id: int | None, *,
                   open_context: Callable[[], Context] | None = None, demo: bool = False) -> int:
    """`prepdesk outbox list`, `prepdesk outbox retry ID` and `prepdesk outbox send`.

    `list` and `retry` work as the user of `open_context()` (the CLI's workspace: `--user`,
    or the computer's user name): they see and retry the messages of what they wrote, an
    administrator every message. `send` is the sender's job and needs no user. Exit code 0, or 1 when `send` had failures (so a
    scheduled job can alert). On the `demo` (letters to its own folder only), `send` outside
    the send window sends what would go when it opens, and says so.
    """
    from prepdesk.config import load_settings
    from prepdesk.core import outbox as queue
    from prepdesk.data import db
    from prepdesk.dates import medium_datetime

    out = sys.stdout
    if action in ("list", "retry"):
        if open_context is None:
            raise ValueError("outbox list and retry need the user's context")
        ctx = open_context()
        if action == "list":
            messages = queue.outbox_entries(ctx)
            if not messages:
                print(_("The outbox is empty."), file=out)
            for message in messages:
                when = _("sent {time}").format(time=medium_datetime(message.sent_at)) \
                    if message.sent_at \
                    else _("from {time}").format(time=medium_datetime(message.not_before))
                print(f"{message.id:>6}  {status_label(message.status)} · {when} · "
                      f"{message.recipient}", file=out)
                print(f"        {message.subject}", file=out)
                if message.attempts:
                    print("        " + _("Attempts: {n}").format(n=message.attempts), file=out)
                if message.last_error:
                    print("        " + _("Error: {error}").format(error=message.last_error),
                          file=out)
            return 0
        if message_id is None:
            raise UserError(_("Say which message to send again: prepdesk outbox retry ID."))
        queue.retry(ctx, message_id)
        print(_("Message {id} will be sent in the next round.").format(id=message_id), file=out)
        return 0
    if action == "send":
        settings = load_settings()
        engine = db.open_engine(settings.resolved_database_url())
        db.upgrade(engine)
        sessions = db.session_factory(engine)
        report = send_due(sessions, settings, settings_clock(settings)(), early=demo)
        if report.early_for is not None:
            print(_("The demo writes its letters to its own folder now. A real letter would wait "
                    "until {time} (not on Friday afternoons, weekends or holidays).").format(
                time=medium_datetime(report.early_for)), file=out)
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
