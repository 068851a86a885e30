"""Digital Post and remote print: how a letter of those channels leaves (issue 16, R-LTR-6).

Core decides a message's channel when it queues it (OutboxMessage.channel: "email",
"digital_post" or "remote_print"); the sender (delivery/outbox.py) hands the messages of the
last two to the Digital Post transport the setting `digital_post` chooses:

- "file" (the default, and the demo): each message is written to the outbox folder as
  exactly what would have been sent: the MeMo XML as python-serviceplatformen serializes
  it (`digitalpost-<messageUUID>.xml`; remote print: the SF1601 kombi request,
  `fjernprint-<uuid>.xml`) and the letter as PDF beside it (`.pdf`). Written aside, then
  renamed, as the e-mail file transport does: a reader never sees half a file, and a repeated
  send overwrites the same files.
- "kombit": SF1601 through KOMBIT's Serviceplatformen with python-serviceplatformen
  (`digital_post.send_message`, `send_physical_mail` for remote print), as the municipality
  (`municipality_cvr`), in KOMBIT's test or production environment (`kombit_environment`),
  with the OCES3 certificate `kombit-certificate` (certificate and key in one PEM) from a
  credential file on the server or the keyring (prepdesk/secrets.py; never a path or a
  secret in the config file).

Who sends them: the job centre's sender service (`prepdesk outbox send`, which holds the
certificate) sends every channel. A caseworker's app sends its user's e-mails, and their
Digital Post only when the transport is "file" (the demo, trying it out); with "kombit" it
leaves Digital Post and remote print to the service (delivery/outbox.py `send_due`).

What the letter needs beyond the stored message (the citizen's CPR number, name and postal
address; the meeting's time and place; the author's name, direct phone and e-mail; the job
centre) is read from the database when it is sent (`read_letter`).

Failures are DeliveryErrors with a sentence for the caseworker's outbox, decided per case:
- the certificate missing, unreadable, not yet valid or expired (checked before anything
  is sent: its notAfter, with `cryptography`), no CVR, the library missing, KOMBIT refusing
  the certificate or unreachable, a 5xx, a timeout: `transport_down` (nothing more is sent
  this round; the message is retried with the outbox's backoff, the same MeMo messageUUID
  each time, so KOMBIT drops a duplicate);
- a rejection (4xx with KOMBIT's error), the citizen not found or exempt from Digital
  Post, an incomplete CPR number or no postal address: `permanent` (it waits for the
  caseworker: `prepdesk outbox retry ID` after the correction).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlmodel import Session

from prepdesk.config import Settings
from prepdesk.data.models import Caseworker, Citizen, Letter, Meeting, OutboxMessage, Room, Team
from prepdesk.delivery.memo import (
    Appointment,
    PostLetter,
    build_memo,
    library,
    memo_uuid,
    memo_xml,
)
from prepdesk.delivery.transports import DeliveryError
from prepdesk.errors import UserError
from prepdesk.export.letter_pdf import Contact, LetterDocument, render_pdf
from prepdesk.i18n import _

if TYPE_CHECKING:
    from python_serviceplatformen.authentication import KombitAccess

POST_CHANNELS = ("digital_post", "remote_print")
PLACEHOLDER_CVR = "00000000"  # the file transport without municipality_cvr: said by doctor
KOMBIT_TIMEOUT = 10  # seconds: the library's own, per request
CERTIFICATE_WARNING = timedelta(days=30)  # doctor warns this long before it expires


class PostTransport(Protocol):
    def send(self, letter: PostLetter, now: datetime) -> None: ...

    def close(self) -> None: ...


def open_post_transport(settings: Settings) -> PostTransport:
    """The Digital Post transport the settings choose. Nothing is checked or read here:
    the KOMBIT transport reads its certificate at its first message."""
    if settings.digital_post == "kombit":
        return KombitTransport(settings)
    return FilePostTransport(settings.resolved_outbox_dir(), settings)


# --- What a letter needs from the database ------------------------------------------------


def read_letter(session: Session, message: OutboxMessage) -> PostLetter:
    """The letter of a digital_post or remote_print message, with the citizen, the author
    and the meeting as they are now. A DeliveryError (permanent) when it cannot be sent."""
    letter = session.get(Letter, message.letter_id) if message.letter_id is not None else None
    citizen_id = message.citizen_id or (letter.citizen_id if letter else None)
    citizen = session.get(Citizen, citizen_id) if citizen_id is not None else None
    if letter is None or citizen is None:
        raise DeliveryError(_("This message has no letter to a citizen, so it cannot go by "
                              "Digital Post or remote print."), permanent=True)
    author = session.get(Caseworker, letter.author_id)
    team = session.get(Team, author.team_id) if author and author.team_id else None
    cpr = citizen.cpr.replace("-", "").strip()
    if not (len(cpr) == 10 and cpr.isascii() and cpr.isdigit()):
        raise DeliveryError(_("The citizen's CPR number is not complete, so Digital Post "
                              "cannot find them. Correct it in the citizen's file."),
                            permanent=True)
    address = tuple(line for line in (citizen.address.strip(),
                                      f"{citizen.postcode} {citizen.city}".strip()) if line)
    if message.channel == "remote_print" and not address:
        raise DeliveryError(_("The citizen has no postal address, so the letter cannot go "
                              "by post. Add the address in the citizen's file."),
                            permanent=True)
    document = LetterDocument(
        subject=message.subject, body=message.body,
        recipient_name=f"{citizen.first_name} {citizen.last_name}".strip(),
        recipient_address=address,
        job_centre=(team.job_centre if team and team.job_centre else _("The job centre")),
        author=Contact(name=author.name, title=author.title, phone=author.phone,
                       email=author.email) if author else Contact("", "", "", ""),
        written_at=message.not_before,
    )
    return PostLetter(
        outbox_id=message.id, message_id=message.message_id, channel=message.channel,
        kind=letter.kind, cpr=cpr, caseworker_initials=author.initials if author else "",
        document=document, appointment=_appointment(session, letter),
    )


def _appointment(session: Session, letter: Letter) -> Appointment | None:
    if letter.meeting_id is None:
        return None
    meeting = session.get(Meeting, letter.meeting_id)
    if meeting is None or meeting.status != "planned":
        return None
    room = session.get(Room, meeting.room_id) if meeting.room_id is not None else None
    if meeting.kind == "phone":
        place, what = _("By phone: your caseworker calls you"), _("Phone meeting with the job centre")
    else:
        place = (", ".join(part for part in (room.name, room.location) if part) if room
                 else meeting.place) or _("The job centre")
        what = _("Meeting at the job centre")
    return Appointment(meeting.id, meeting.starts_at,
                       meeting.starts_at + timedelta(minutes=meeting.minutes), place, what,
                       by_phone=meeting.kind == "phone")


def _with_date(letter: PostLetter, now: datetime) -> PostLetter:
    """The letter dated the moment it is handed over (as an e-mail's Date is); the demo,
    sending early, dates it when a real one would go (its send time)."""
    from dataclasses import replace

    written = max(now, letter.document.written_at)
    return replace(letter, document=replace(letter.document, written_at=written))


# --- The file transport -------------------------------------------------------------------


class FilePostTransport:
    """Writes each message as what would have been sent: the XML and the PDF."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.settings = settings

    def send(self, letter: PostLetter, now: datetime) -> None:
        letter = _with_date(letter, now)
        pdf = render_pdf(letter.document)
        cvr = self.settings.municipality_cvr or PLACEHOLDER_CVR
        if letter.channel == "remote_print":
            stem, xml = f"fjernprint-{memo_uuid(letter.message_id)}", _physical_xml(
                _physical_mail(letter, pdf, self.settings.remote_print_type or 0))
        else:
            memo = build_memo(letter, cvr=cvr, pdf=pdf, created_at=now)
            stem, xml = f"digitalpost-{memo_uuid(letter.message_id)}", memo_xml(memo)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            _write_atomically(self.folder / f"{stem}.pdf", pdf)
            _write_atomically(self.folder / f"{stem}.xml", xml)  # last: the whole message is there
        except OSError as error:
            raise DeliveryError(
                _("The letter could not be written to the outbox folder {folder}.").format(
                    folder=self.folder), str(error), transport_down=True) from error

    def close(self) -> None:
        pass


def _write_atomically(path: Path, content: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".", suffix=".tmp",
                                     delete=False) as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    os.replace(file.name, path)


def _physical_mail(letter: PostLetter, pdf: bytes, type_id: int) -> Any:
    """Remote print's ForsendelseI: the PDF (its address in the envelope's window), with
    the outbox's stable id as the sending's id, so a retry is the same sending."""
    library()
    from python_serviceplatformen.models import physical_mail

    forsendelse = physical_mail.create_physical_mail(type_id, pdf)
    forsendelse.afsendelse_identifikator = physical_mail.AfsendelseIdentifikator(
        value=memo_uuid(letter.message_id))
    return forsendelse


def _physical_xml(forsendelse: Any) -> bytes:
    """The kombi request as `digital_post.send_physical_mail` serializes it."""
    from python_serviceplatformen.models.physical_mail import ForsendelseISamling, KombiRequest
    from xsdata.formats.dataclass.context import XmlContext
    from xsdata.formats.dataclass.serializers import XmlSerializer
    from xsdata.formats.dataclass.serializers.config import SerializerConfig

    serializer = XmlSerializer(context=XmlContext(), config=SerializerConfig(xml_declaration=True))
    request = KombiRequest(kombi_valg_kode="Fysisk Post",
                           forsendelse_i_samling=ForsendelseISamling(forsendelse_i=forsendelse))
    return serializer.render(request).encode("utf-8")


# --- KOMBIT -------------------------------------------------------------------------------


_PRIVATE_KEY = re.compile(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----.+?-----END [A-Z ]*PRIVATE KEY-----",
                          re.DOTALL)


@dataclass(frozen=True)
class Certificate:
    not_before: datetime
    not_after: datetime
    subject: str


def read_certificate(pem: bytes) -> Certificate:
    """The first certificate of a unified PEM (certificate and its private key), or a
    DeliveryError (transport_down) saying what is wrong with it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        certificate = x509.load_pem_x509_certificate(pem)
    except ValueError as error:
        raise DeliveryError(_certificate_unreadable(), str(error), transport_down=True) from error
    key = _PRIVATE_KEY.search(pem)
    try:
        if key is None:
            raise ValueError("no private key in the file")
        serialization.load_pem_private_key(key.group(0), password=None)
    except TypeError as error:  # the key is protected by a password
        raise DeliveryError(
            _("The KOMBIT certificate's private key is protected by a password, which PrepDesk "
              "cannot type. Store the certificate and its key unprotected in one PEM file "
              "(openssl pkcs12 -in certificate.p12 -nodes) as the secret kombit-certificate."),
            str(error), transport_down=True) from error
    except ValueError as error:
        raise DeliveryError(_certificate_unreadable(), str(error), transport_down=True) from error
    return Certificate(certificate.not_valid_before_utc, certificate.not_valid_after_utc,
                       certificate.subject.rfc4514_string())


def certificate_problem(certificate: Certificate, now: datetime) -> str | None:
    """Why the certificate cannot be used at `now`, as a sentence; None when it can."""
    from prepdesk.dates import long_date

    if now >= certificate.not_after:
        return _("The KOMBIT certificate expired on {date}, so no Digital Post is sent. Renew "
                 "the OCES3 certificate and store the new one as the secret "
                 "kombit-certificate.").format(date=long_date(certificate.not_after))
    if now < certificate.not_before:
        return _("The KOMBIT certificate is valid only from {date}, so no Digital Post is sent "
                 "before then.").format(date=long_date(certificate.not_before))
    return None


def no_certificate_store() -> str:
    """Why there is no certificate on a machine with neither a keyring nor credential files
    (a bare server): the keyring's own sentence would send its administrator to install a
    keyring, where the server's way is a credential file."""
    return _("There is no KOMBIT certificate: this computer has no keyring and no credential "
             "files. On the server, put the OCES3 certificate with its key (one PEM file) in "
             "the credential directory as the file kombit-certificate, readable by the "
             "service's user only ($CREDENTIALS_DIRECTORY, or the setting credentials_dir).")


def _certificate_unreadable() -> str:
    return _("The secret kombit-certificate is not a certificate with its private key in PEM "
             "format. Store the OCES3 certificate and its key in one PEM file as "
             "kombit-certificate.")


def kombit_access(cvr: str, certificate_path: str, test: bool) -> KombitAccess:
    """python-serviceplatformen's access to KOMBIT (tokens, the environment's address)."""
    from python_serviceplatformen.authentication import KombitAccess

    return KombitAccess(cvr, certificate_path, test=test)


AccessFactory = Callable[[str, str, bool], "KombitAccess"]


class KombitTransport:
    """SF1601 through python-serviceplatformen; the certificate is read and checked at the
    first message of a round and its file kept until `close`.

    `access` makes the library's KombitAccess (cvr, certificate path, test): the seam tests
    use to reach a local server, a subclass with another environment address and token."""

    def __init__(self, settings: Settings, *, access: AccessFactory = kombit_access) -> None:
        self.settings = settings
        self._make_access = access
        self._access: KombitAccess | None = None
        self._files = ExitStack()

    def send(self, letter: PostLetter, now: datetime) -> None:
        access = self._open(now)
        letter = _with_date(letter, now)
        pdf = render_pdf(letter.document)
        from python_serviceplatformen import digital_post

        if letter.channel == "remote_print":
            if self.settings.remote_print_type is None:
                raise DeliveryError(
                    _("Remote print needs the setting remote_print_type (the "
                      "ForsendelseTypeIdentifikator KOMBIT gave the municipality). Set it in "
                      "the config file."), transport_down=True)
            request = _physical_mail(letter, pdf, self.settings.remote_print_type)
            self._call(lambda: digital_post.send_physical_mail(request, access))
        else:
            memo = build_memo(letter, cvr=access.cvr, pdf=pdf, created_at=now)
            self._call(lambda: send_memo(memo, access))

    def close(self) -> None:
        self._files.close()
        self._access = None

    def _open(self, now: datetime) -> KombitAccess:
        if self._access is not None:
            return self._access
        library()
        cvr = self.settings.municipality_cvr
        if not cvr:
            raise DeliveryError(_("Digital Post through KOMBIT needs the municipality's CVR "
                                  "number. Set municipality_cvr in the config file."),
                                transport_down=True)
        from prepdesk.secrets import KOMBIT_CERTIFICATE, secret_file, secrets_readable

        if not secrets_readable():
            raise DeliveryError(no_certificate_store(), transport_down=True)
        try:
            path = self._files.enter_context(secret_file(KOMBIT_CERTIFICATE))
        except UserError as error:
            raise DeliveryError(error.message, transport_down=True) from error
        if path is None:
            raise DeliveryError(
                _("There is no KOMBIT certificate, so no Digital Post is sent. Store the OCES3 "
                  "certificate with its key (one PEM file) as the secret kombit-certificate: a "
                  "credential file on the server, or `prepdesk secret set kombit-certificate "
                  "< certificate.pem`."), transport_down=True)
        try:
            pem = path.read_bytes()
        except OSError as error:
            raise DeliveryError(_certificate_unreadable(), str(error),
                                transport_down=True) from error
        problem = certificate_problem(read_certificate(pem), now)
        if problem is not None:
            raise DeliveryError(problem, transport_down=True)
        self._access = self._make_access(cvr, str(path), self.settings.kombit_environment == "test")
        return self._access

    def _call(self, send: Callable[[], object]) -> None:
        import requests

        try:
            send()
        except requests.HTTPError as error:
            raise _refused(error.response) from error
        except requests.exceptions.SSLError as error:
            raise DeliveryError(
                _("The encrypted connection to KOMBIT failed. Check that the certificate "
                  "kombit-certificate is the one KOMBIT has registered."), str(error),
                transport_down=True) from error
        except (requests.ConnectionError, requests.Timeout) as error:
            raise DeliveryError(
                _("KOMBIT's Serviceplatform could not be reached. PrepDesk tries again later."),
                str(error), transport_down=True) from error
        except (ValueError, KeyError) as error:  # the library's: no SAML or access token
            raise DeliveryError(
                _("KOMBIT did not let PrepDesk log in with the certificate. Check that it is "
                  "registered for SF1601 for the CVR number in municipality_cvr."),
                str(error), transport_down=True) from error
        except requests.RequestException as error:
            raise DeliveryError(
                _("KOMBIT's Serviceplatform could not be reached. PrepDesk tries again later."),
                str(error), transport_down=True) from error


def send_memo(message: Any, access: KombitAccess) -> str:
    """`python_serviceplatformen.digital_post.send_message("Digital Post", ...)` as the
    library does it (the same URL, headers, token and kombi request around the library's
    own serialization of the MeMo message), with one correction: the body goes as UTF-8
    bytes. The library hands `requests` a str, which http.client encodes as Latin-1 while
    the XML declares utf8: "Søren Møller" reached the server as invalid UTF-8, and a name
    outside Latin-1 ("Łukasz") made the send raise UnicodeEncodeError. Returns the
    transaction's id."""
    import urllib.parse
    import uuid
    from datetime import UTC
    from xml.etree import ElementTree

    import requests
    from python_serviceplatformen.date_helper import format_datetime
    from python_serviceplatformen.models import xml_util

    url = urllib.parse.urljoin(access.environment, "service/KombiPostAfsend_1/memos")
    transaction_id = str(uuid.uuid4())
    headers = {
        "X-TransaktionsId": transaction_id,
        "X-TransaktionsTid": format_datetime(datetime.now(UTC)),  # "Z": UTC, as it says
        "authorization": access.get_access_token(
            "http://entityid.kombit.dk/service/kombipostafsend/1"),
        "Content-Type": "application/xml",
    }
    element = ElementTree.Element("kombi_request")
    ElementTree.SubElement(element, "KombiValgKode").text = "Digital Post"
    element.append(xml_util.dataclass_to_xml(message))
    body = ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)
    response = requests.post(url=url, headers=headers, data=body, cert=access.cert_path,
                             timeout=KOMBIT_TIMEOUT)
    response.raise_for_status()
    return transaction_id


def _refused(response: Any) -> DeliveryError:
    """A DeliveryError for KOMBIT's answer `response` (4xx or 5xx)."""
    if response is None:
        return kombit_refusal(0, "")
    return kombit_refusal(response.status_code, response.text)


def kombit_refusal(status: int, answer: str) -> DeliveryError:
    """The DeliveryError for KOMBIT's answer: its HTTP status (0: none) and its text."""
    text = " ".join(answer.split())[:300]
    detail = f"{status} {text}".strip()
    folded = text.casefold()
    if status in (401, 403):
        return DeliveryError(
            _("KOMBIT refused PrepDesk's certificate or access. Check that the certificate is "
              "registered for SF1601 for the CVR number in municipality_cvr."), detail,
            transport_down=True)
    if status in (0, 408, 429) or status >= 500:
        return DeliveryError(
            _("KOMBIT's Serviceplatform has a problem right now. PrepDesk tries again later."),
            detail, transport_down=True)
    if any(word in folded for word in ("fritaget", "exempt", "not registered",
                                       "ikke tilmeldt")):
        return DeliveryError(
            _("The citizen is exempt from Digital Post. Send the letter on paper instead, or "
              "give it to the citizen another way."), detail, permanent=True)
    if any(word in folded for word in ("unknown cpr", "ukendt cpr", "not found", "findes ikke")):
        return DeliveryError(
            _("Digital Post did not find the citizen. Check the CPR number in the citizen's "
              "file, then send the letter again."), detail, permanent=True)
    if status == 404:  # not the service's address: the same for every letter
        return DeliveryError(
            _("KOMBIT's Serviceplatform did not answer at the expected address. PrepDesk tries "
              "again later."), detail, transport_down=True)
    return DeliveryError(
        _("KOMBIT refused the letter. Read KOMBIT's reason, correct the letter and send it "
          "again (prepdesk outbox retry)."), detail, permanent=True)
