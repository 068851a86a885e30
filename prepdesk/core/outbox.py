"""Queueing outgoing messages: the outbox as core sees it (R-LTR-2, R-LTR-4).

Core stores a message and builds the e-mail; prepdesk/delivery/ sends what is stored (the
transports and the sender loop) and is never imported from core.

- Stored first. `enqueue` adds the row in the caller's transaction; a letter's status, its
  messages and the participants' invitations commit together, and only a committed row is
  ever sent. The Message-ID is made here once, so every attempt sends the same message.
- Headers are checked before anything is stored, and again when the e-mail is built:
  line breaks, controls and `=?` never reach a header (CVE-2024-6923, DESIGN.md "Known
  pitfalls").
- The frozen views (`OutboxEntry`, `FailedMessage`) are what a screen or the CLI lists.

The life of a message (OutboxMessage.status), driven by the sender in delivery/outbox.py:

    queued --claim--> sending --sent--> sent
                         |
                         +--fails--> failed --claim when next_attempt_at has come--> sending
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import or_, update
from sqlmodel import Session, select

from prepdesk.core.access import require
from prepdesk.core.calendar import send_time, send_time_phrase
from prepdesk.core.channels import CHANNELS, EMAIL, REMOTE_PRINT, channel_label
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.meetings import INVITING_LETTERS
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import ApprovalRequest, Citizen, Letter, Meeting, Note, OutboxMessage
from prepdesk.dates import medium_datetime
from prepdesk.errors import UserError
from prepdesk.i18n import _

if TYPE_CHECKING:
    # The e-mail package's headers are imported where a message is made, not with my day.
    from email.headerregistry import Address
    from email.message import EmailMessage

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
    channel: str = EMAIL,
) -> OutboxMessage:
    """Store a message to go out from `not_before` by `channel` inside the caller's
    transaction.

    A building block of core operations (letters, the approval request), which check
    access, own the transaction and decide the channel (core/channels.py `route`). The
    address and subject are checked here, before anything is stored, and the Message-ID
    is made here once. A message by Digital Post or remote print goes to the citizen
    (`citizen_id`, required) and needs no e-mail address: `to_address` is stored empty.
    """
    if not subject.strip():
        raise UserError(_("The letter needs a subject."))
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if channel != EMAIL and citizen_id is None:
        raise ValueError(f"a message by {channel} needs the citizen")
    message = OutboxMessage(
        message_id=_message_id(domain=sender_address(sender).rpartition("@")[2]),
        letter_id=letter_id, citizen_id=citizen_id,
        to_address=valid_address(to_address) if channel == EMAIL else "",
        subject=header_safe(subject.strip(), _("The subject")), body=body, created_at=now,
        not_before=not_before, channel=channel,
    )
    session.add(message)
    session.flush()
    return message


def _message_id(domain: str) -> str:
    from email.utils import make_msgid

    return make_msgid(domain=domain)


class Outgoing(Protocol):
    """What `build_message` reads: a stored OutboxMessage, or an `OutgoingMessage`."""

    @property
    def to_address(self) -> str | None: ...
    @property
    def subject(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def not_before(self) -> datetime: ...
    @property
    def message_id(self) -> str | None: ...


@dataclass(frozen=True)
class OutgoingMessage:
    """A message not stored (the preview). `to_address=None`: no To line yet."""

    to_address: str | None
    subject: str
    body: str
    not_before: datetime
    message_id: str | None = None


def build_message(
    message: Outgoing, *, sender: str, date: datetime, sender_name: str | None = None,
    reply_to: str | None = None,
) -> EmailMessage:
    """The e-mail as it is sent.

    `date` (aware) is its Date: the moment it is handed to the transport, so a retried
    message says when it really went (issue 11, item 13); a preview passes when it is
    expected to go. Every attempt carries the same Message-ID, made when it was queued.
    Header values are checked again (rows may come from code other than `enqueue`) and
    no header line is longer than 78 characters, however long the data: the subject is
    folded into encoded words that every mail program joins alike, and a long From name
    is shortened. A message whose
    `to_address` is None (a preview before the address is known) has no To line.
    """
    from email import policy
    from email.header import Header
    from email.message import EmailMessage
    from email.utils import format_datetime

    email = EmailMessage(policy=policy.SMTP)
    if sender_name:
        email["From"] = _named(header_safe(sender_name, _("The name")), sender)
    else:
        email["From"] = sender
    if reply_to:
        email["Reply-To"] = valid_address(reply_to)
    if message.to_address is not None:
        email["To"] = valid_address(message.to_address)
    email["Subject"] = header_safe(message.subject, _("The subject"))
    if not message.subject.isascii():
        # Folded by the email package, a long subject of short Danish words loses spaces for
        # RFC 2047 readers (two encoded words split where a space was): Header keeps every
        # space inside the encoded words, and the lines within 78 characters.
        del email["Subject"]
        email.set_raw("Subject", Header(message.subject, "utf-8", maxlinelen=78,
                                        header_name="Subject").encode(linesep="\r\n"))
    email["Date"] = format_datetime(date.astimezone(LOCAL_TIMEZONE))
    if message.message_id:
        email["Message-ID"] = message.message_id
    # Quoted-printable: 7-bit clean for any server, and long lines are wrapped safely.
    email.set_content(message.body, cte="quoted-printable")
    return email


MAX_DISPLAY_NAME = 64  # characters of a From name; longer ones are shortened with "…"


def _named(name: str, address: str) -> Address:
    """`address` with the display name `name`, shortened until it fits on the From line.

    The email package folds long headers, but a display name it must fold (a long name,
    or a short one of many æ, ø, å) it splits into encoded words that mail programs join
    again differently: RFC 2047 readers drop the space between two of them, Python's
    parser adds one. A name on one line is read the same everywhere, and no line of the
    header comes near the limit of 998 characters, whatever the name (issue 10, item 8).
    """
    words = name.split()
    shown = " ".join(words)
    if len(shown) > MAX_DISPLAY_NAME:
        shown = _shortened(shown, MAX_DISPLAY_NAME)
    while not _fits(shown, address):
        shown = _shortened(shown.removesuffix("…"), len(shown) - 2)
    from email.headerregistry import Address

    return Address(display_name=shown, addr_spec=address)


def _shortened(name: str, limit: int) -> str:
    """`name` cut to at most `limit` characters with "…", at a space where there is one."""
    if limit <= 1:
        return ""
    cut = name[: limit - 1]
    if " " in cut and name[limit - 1: limit] not in ("", " "):
        cut = cut.rsplit(" ", 1)[0]  # a whole word rather than half of one
    return cut.rstrip() + "…"


def _fits(name: str, address: str) -> bool:
    """Whether the From header with `name` keeps the whole name on its first line."""
    if not name:
        return True
    from email import policy
    from email.headerregistry import Address

    smtp = policy.SMTP
    header = smtp.header_store_parse("From", Address(display_name=name, addr_spec=address))[1]
    folded = smtp.fold("From", header)
    before_address = folded.rpartition("<")[0].rstrip()  # a fold before <address> is fine
    return "\n" not in before_address and len(folded.split("\r\n", 1)[0]) <= smtp.max_line_length


def readable(email: EmailMessage) -> str:
    """The message as the citizen's mail program shows it: headers, then the text."""
    names = ("From", "Reply-To", "To", "Subject", "Date", "Message-ID")
    headers = [f"{name}: {email[name]}" for name in names if email[name] is not None]
    return "\n".join(headers) + "\n\n" + email.get_content()


# --- What the outbox holds ----------------------------------------------------------------


def status_label(status: str) -> str:
    return {
        "queued": _("waiting to be sent"), "sending": _("being sent"), "sent": _("sent"),
        "failed": _("failed"), "withdrawn": _("withdrawn: the meeting was moved"),
    }.get(status, status)


@dataclass(frozen=True)
class OutboxEntry:
    """One message as the outbox lists it."""

    id: int
    citizen_id: int | None
    to_address: str
    subject: str
    status: str
    not_before: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    version: int
    channel: str = EMAIL  # email | digital_post | remote_print (core/channels.py)

    @property
    def channel_label(self) -> str:
        """"Digital Post", "Paper letter" or "E-mail"."""
        return channel_label(self.channel)

    @property
    def recipient(self) -> str:
        """Where it goes, for a line of the outbox: the address, or the channel."""
        return self.to_address if self.channel == EMAIL else self.channel_label


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
    channel: str = EMAIL

    @property
    def channel_label(self) -> str:
        return channel_label(self.channel)


def _entry(message: OutboxMessage) -> OutboxEntry:
    return OutboxEntry(message.id, message.citizen_id, message.to_address, message.subject,
                       message.status, message.not_before, message.sent_at, message.attempts,
                       message.last_error, message.next_attempt_at, message.version,
                       message.channel)


def _written_by(ctx: Context):
    """Messages of the letters and notes the current user wrote (an administrator: all)."""
    query = (
        select(OutboxMessage, Citizen.first_name, Citizen.last_name)
        .join(Letter, Letter.id == OutboxMessage.letter_id, isouter=True)
        .join(ApprovalRequest, ApprovalRequest.id == OutboxMessage.approval_request_id, isouter=True)
        .join(Note, Note.id == ApprovalRequest.note_id, isouter=True)
        .join(Citizen, Citizen.id == OutboxMessage.citizen_id, isouter=True)
    )
    if ctx.user.role != "admin":
        query = query.where(or_(Letter.author_id == ctx.user.id, Note.author_id == ctx.user.id))
    return query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())


def outbox_entries(ctx: Context, citizen_id: int | None = None) -> tuple[OutboxEntry, ...]:
    """The outbox, newest first: the messages of what the user wrote (an administrator
    sees every message); with `citizen_id`, only those to or about that citizen, after
    the access check."""
    with reading(ctx) as session:
        query = _written_by(ctx)
        if citizen_id is not None:
            require(session, ctx, citizen_id)
            query = query.where(OutboxMessage.citizen_id == citizen_id)
        return tuple(_entry(message) for message, _first, _last in session.exec(query))


def failed_messages(ctx: Context, citizen_id: int | None = None) -> tuple[FailedMessage, ...]:
    """Messages that failed, of the letters and notes the user wrote: for my day; with
    `citizen_id`, only that citizen's, after the access check."""
    with reading(ctx) as session:
        if citizen_id is not None:
            require(session, ctx, citizen_id)
        return _failed(session, ctx, citizen_id)


def _failed(session: Session, ctx: Context,
            citizen_id: int | None = None) -> tuple[FailedMessage, ...]:
    """`failed_messages` inside the caller's transaction (my day's)."""
    query = _written_by(ctx).where(OutboxMessage.status == "failed")
    if citizen_id is not None:
        query = query.where(OutboxMessage.citizen_id == citizen_id)
    return tuple(
        FailedMessage(m.id, m.citizen_id, f"{first or ''} {last or ''}".strip(), m.to_address,
                      m.subject, m.attempts, m.last_error, m.next_attempt_at, m.channel)
        for m, first, last in session.exec(query))


def retry(ctx: Context, message_id: int) -> OutboxEntry:
    """Make a failed message due again at once (it still waits for the send window).

    The sender changes the row with conditional UPDATEs, so this is one too: it wins only
    while the message is still `failed`, whoever else acts on it at the same moment."""
    with writing(ctx) as session:
        message = session.get(OutboxMessage, message_id)
        if message is None:
            raise UserError(_("There is no message {id} in the outbox.").format(id=message_id))
        if message.citizen_id is not None:
            require(session, ctx, message.citizen_id)
        elif ctx.user.role != "admin":
            raise UserError(_("You do not have access to this citizen's file."))
        late = _late_for_its_meeting(session, ctx, message)
        if late is not None:
            raise UserError(late)
        result = session.exec(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == "failed")
            .values(status="queued", next_attempt_at=None, version=OutboxMessage.version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            session.refresh(message)  # as it is now: another window or the sender had it
            raise UserError(_not_again(message))
        session.flush()
        session.refresh(message)
        return _entry(message)


def _not_again(message: OutboxMessage) -> str:
    """Why a message that is not `failed` (any more) is not sent again, as it is now."""
    if message.status == "sent" and message.sent_at is not None:
        return _("Message {id} was sent {time}, so it is not sent again.").format(
            id=message.id, time=medium_datetime(message.sent_at))
    if message.status in ("queued", "sending"):
        return _("Message {id} is already in the outbox again ({status}): it was sent again "
                 "from another window or by the outbox a moment ago. It is sent once.").format(
            id=message.id, status=status_label(message.status))
    return _("Message {id} is {status}; only a message that failed can be sent again.").format(
        id=message.id, status=status_label(message.status))


def _late_for_its_meeting(session: Session, ctx: Context, message: OutboxMessage) -> str | None:
    """Why an invitation sent again now would come too late for its meeting, as the
    sentence queueing it would have given (core/letters.py); None when it is in time, or
    is no invitation. A letter that failed on Friday and is sent again after its meeting,
    or on paper a day before it, would invite the citizen to a meeting they cannot reach."""
    from prepdesk.core.letters import _paper_too_late  # letters queues through this module

    letter = session.get(Letter, message.letter_id) if message.letter_id is not None else None
    if letter is None or letter.meeting_id is None or letter.kind not in INVITING_LETTERS:
        return None
    meeting = session.get(Meeting, letter.meeting_id)
    if meeting is None or meeting.status != "planned":
        return None
    now = ctx.clock()
    sends_at = max(send_time(now), message.not_before)
    if sends_at >= meeting.starts_at:
        return _("The letter would go out {when}, when the meeting has begun. Call the citizen "
                 "instead, or move the meeting.").format(when=send_time_phrase(sends_at, now))
    if message.channel == REMOTE_PRINT:
        return _paper_too_late(ctx, meeting.starts_at, sends_at, now)
    return None
