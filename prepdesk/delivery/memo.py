"""A letter as a MeMo message: the format of Digital Post (issue 16, R-LTR-6).

Built with python-serviceplatformen's own model (`python_serviceplatformen.models.message`)
and serialized as that library serializes it when it sends (SF1601), so the file transport
writes exactly what KOMBIT would receive:

- the title names the meeting ("Indkaldelse til møde 14. december 2026 kl. 10.00"), or is
  the letter's subject;
- the sender is the job centre by the municipality's CVR, with the caseworker who wrote it
  as the contact point (name, direct phone, e-mail: R-LTR-2) and as its attention person;
- the recipient is the citizen by CPR number;
- the main document is the letter as a PDF (export/letter_pdf.py);
- an invitation to a planned meeting carries an AFTALE action with the meeting's start,
  end and place, so the citizen can put it in their calendar.

Never sent twice: the MeMo messageUUID is derived (uuid5) from the outbox row's stable
Message-ID, so every attempt sends the same id and Digital Post drops a duplicate.

The library needs Python 3.11 or 3.12 (its own limit); without it, `library()` raises a
DeliveryError saying so, and nothing is sent.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType
from typing import TYPE_CHECKING

from prepdesk.delivery.transports import DeliveryError
from prepdesk.export.letter_pdf import LetterDocument
from prepdesk.i18n import _, current_language

if TYPE_CHECKING:
    from python_serviceplatformen.models.message import Message

# The namespace of PrepDesk's MeMo ids (uuid5): the same outbox message always gets the
# same messageUUID, and no other sender's ids collide with ours.
MEMO_NAMESPACE = uuid.UUID("6f1c8a52-3d0e-5b7a-9c4e-2a5d1e0b7f31")
PDF = "application/pdf"
# What is left after `displayable` that XML 1.0 cannot hold (its Char production).
_NOT_XML = dict.fromkeys((0xFFFE, 0xFFFF))


@dataclass(frozen=True)
class Appointment:
    """The meeting a letter invites to, for the AFTALE action."""

    meeting_id: int
    starts_at: datetime  # aware
    ends_at: datetime
    place: str
    what: str  # one line: "Møde på jobcentret"
    by_phone: bool = False


@dataclass(frozen=True)
class PostLetter:
    """One outbox message of channel digital_post or remote_print, with what the letter
    needs from the database (read by delivery/post.py at send time)."""

    outbox_id: int
    message_id: str  # the outbox row's stable Message-ID
    channel: str  # digital_post | remote_print
    kind: str  # the letter's kind: invitation, handover, notes ...
    cpr: str  # ten digits
    caseworker_initials: str
    document: LetterDocument
    appointment: Appointment | None


def library() -> ModuleType:
    """python_serviceplatformen's MeMo model, or a DeliveryError saying why not."""
    try:
        from python_serviceplatformen.models import message
    except ImportError as error:
        raise DeliveryError(
            _("Digital Post needs the library python-serviceplatformen, which runs on Python "
              "3.11 or 3.12 only. Install PrepDesk on Python 3.11 or 3.12 for the sender "
              "service."), str(error), transport_down=True) from error
    return message


def memo_uuid(message_id: str) -> str:
    """The MeMo messageUUID of an outbox message: the same for every attempt."""
    return str(uuid.uuid5(MEMO_NAMESPACE, message_id))


def title(letter: PostLetter) -> str:
    """What the citizen's Digital Post shows as the message's title."""
    meeting = letter.appointment
    if letter.kind == "invitation" and meeting is not None:
        if meeting.by_phone:
            return _("Invitation to a phone meeting {when}").format(when=_when(meeting.starts_at))
        return _("Invitation to a meeting {when}").format(when=_when(meeting.starts_at))
    return letter.document.subject


def build_memo(letter: PostLetter, *, cvr: str, pdf: bytes, created_at: datetime) -> Message:
    """The MeMo message of `letter`, its main document `pdf`."""
    memo = library()
    letter = _one_line_fields(letter)
    author = letter.document.author
    contact = memo.ContactPoint(
        contactGroup=None, contactPointID=letter.caseworker_initials, label=author.name,
        contactInfo=tuple(memo.ContactInfo(label=label, value=value) for label, value in (
            (_("Phone"), author.phone), (_("E-mail"), author.email)) if value),
    )
    attention = memo.AttentionData(
        attentionPerson=memo.AttentionPerson(personID=letter.caseworker_initials,
                                             label=author.name),
        email=memo.EMail(emailAddress=author.email, relatedAgent=author.name)
        if author.email else None,
        telephone=memo.Telephone(telephoneNumber=author.phone, relatedAgent=author.name)
        if author.phone else None,
    )
    sender = memo.Sender(senderID=cvr, idType="CVR", label=letter.document.job_centre,
                         attentionData=attention, contactPoint=contact)
    recipient = memo.Recipient(recipientID=letter.cpr, idType="CPR",
                               label=letter.document.recipient_name)
    document = memo.MainDocument(
        mainDocumentID=memo_uuid(letter.message_id + "/main"),
        label=letter.document.subject,
        files=(memo.File(encodingFormat=PDF, filename=pdf_filename(letter), language="da",
                         content=base64.b64encode(pdf).decode("ascii")),),
        actions=_actions(memo, letter, cvr),
    )
    return memo.Message(
        messageHeader=memo.MessageHeader(
            messageType="DIGITALPOST", messageUUID=memo_uuid(letter.message_id),
            label=title(letter), sender=sender, recipient=recipient,
        ),
        messageBody=memo.MessageBody(createdDateTime=_utc(created_at), mainDocument=document),
    )


def memo_xml(message: Message) -> bytes:
    """The MeMo message as the library serializes it for SF1601, with an XML declaration."""
    from xml.etree import ElementTree

    from python_serviceplatformen.models import xml_util

    return ElementTree.tostring(xml_util.dataclass_to_xml(message), encoding="utf-8",
                                xml_declaration=True)


def pdf_filename(letter: PostLetter) -> str:
    """The PDF's name as the citizen sees it: what it is and its date."""
    from prepdesk.core.context import LOCAL_TIMEZONE

    moment = letter.appointment.starts_at if letter.appointment else letter.document.written_at
    day = moment.astimezone(LOCAL_TIMEZONE).date()
    what = {"invitation": "indkaldelse", "handover": "ny-sagsbehandler",
            "notes": "referat"}.get(letter.kind, "brev")
    return f"{what}-{day:%Y-%m-%d}.pdf"


def _actions(memo: ModuleType, letter: PostLetter, cvr: str) -> tuple | None:
    meeting = letter.appointment
    if meeting is None:
        return None
    start, end = _utc(meeting.starts_at), _utc(meeting.ends_at)
    author = letter.document.author
    reservation = memo.Reservation(
        description=meeting.what, abstract=meeting.what, location=meeting.place,
        # One calendar entry per meeting: a new invitation to the same meeting updates it.
        reservationUUID=str(uuid.uuid5(MEMO_NAMESPACE, f"{cvr}/meeting/{meeting.meeting_id}")),
        startDateTime=start, endDateTime=end,
        organizerMail=author.email or None, organizerName=author.name or None,
    )
    return (memo.Action(label=_("Put the meeting in your calendar"), actionCode="AFTALE",
                        startDateTime=start, endDateTime=end, reservation=reservation),)


def _one_line_fields(letter: PostLetter) -> PostLetter:
    """The letter with every text that goes into the XML as one line of text: no control
    characters (XML 1.0 cannot hold most of them: the message would be refused) and no
    line breaks; nor U+FFFE and U+FFFF, which a database stores and a terminal shows, but
    XML 1.0 cannot hold either. The body is left as it is: it goes in the PDF, which cleans
    it itself."""
    from dataclasses import fields, is_dataclass, replace

    from prepdesk.text import displayable

    def cleaned(value: object) -> object:
        if isinstance(value, str):
            return " ".join(displayable(value).translate(_NOT_XML).split())
        if is_dataclass(value) and not isinstance(value, type):
            return replace(value, **{field.name: cleaned(getattr(value, field.name))
                                     for field in fields(value)
                                     if field.name not in ("body", "recipient_address")})
        return value

    return cleaned(letter)  # type: ignore[return-value]


def _utc(moment: datetime) -> datetime:
    """The library writes every time with a "Z" as it is given: so it must be UTC."""
    if moment.tzinfo is None:
        raise ValueError("a MeMo time must be aware")
    return moment.astimezone(UTC)


def _when(moment: datetime) -> str:
    """"14. december 2026 kl. 10.00", in local time."""
    from babel.dates import format_datetime

    from prepdesk.core.context import LOCAL_TIMEZONE

    # TRANSLATORS: a CLDR date pattern; keep the letters, translate the words in quotes.
    pattern = _("d MMMM y 'at' HH:mm")
    return format_datetime(moment.astimezone(LOCAL_TIMEZONE), pattern,
                           locale=current_language())
