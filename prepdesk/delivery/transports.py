"""How a stored message leaves PrepDesk: as a file in the outbox folder, or over SMTP.

A transport sends one finished `EmailMessage` to the recipients it is given. It never
reads recipients from the headers: the envelope is always explicit, so a header that
somehow carried a `Bcc:` could not add a recipient (CVE-2024-6923, DESIGN.md "Known
pitfalls"). Failures become a `DeliveryError` with a sentence the caseworker can read;
the outbox stores it on the message and tries again later.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import tempfile
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from prepdesk.config import Settings
from prepdesk.errors import UserError
from prepdesk.i18n import _

SMTP_TIMEOUT = 30  # seconds per network operation; well inside the outbox's claim lease
IMPLICIT_TLS_PORTS = frozenset({465})  # SMTPS: TLS from the first byte, no STARTTLS


class DeliveryError(Exception):
    """A message could not be sent.

    `permanent`: trying again will not help (the server refused the address), so the
    outbox does not retry by itself. `transport_down`: the transport cannot send anything
    now (server unreachable, login refused), so the outbox stops the round instead of
    failing every due message the same way.
    """

    def __init__(self, sentence: str, detail: str = "", *, permanent: bool = False,
                 transport_down: bool = False) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.detail = detail
        self.permanent = permanent
        self.transport_down = transport_down

    def describe(self) -> str:
        """The sentence for the caseworker, then the technical reason for whoever helps."""
        return f"{self.sentence} ({self.detail})" if self.detail else self.sentence


class Transport(Protocol):
    def send(self, message: EmailMessage, sender: str, recipients: list[str]) -> None: ...

    def close(self) -> None: ...


def open_transport(settings: Settings) -> Transport:
    """The configured transport. Raises UserError when the configuration cannot work."""
    if settings.outbox_transport == "smtp":
        problem = smtp_problem(settings)
        if problem is not None:
            raise UserError(problem)
        return SmtpTransport(settings)
    return FileTransport(settings.resolved_outbox_dir())


def implicit_tls(settings: Settings) -> bool:
    """Whether the connection is TLS from its first byte (SMTPS, port 465)."""
    return settings.smtp_port in IMPLICIT_TLS_PORTS


def smtp_problem(settings: Settings) -> str | None:
    """Why the SMTP settings cannot work, as a sentence; None when they can (for the sender
    and `prepdesk doctor` alike). A password only ever goes over an encrypted connection:
    with a user and neither STARTTLS nor SMTPS, PrepDesk refuses to log in at all."""
    if not settings.smtp_host:
        return _("Sending by SMTP needs a mail server. Set smtp_host in the config file, or "
                 "set outbox_transport to file.")
    if settings.smtp_user and not settings.smtp_starttls and not implicit_tls(settings):
        return _("PrepDesk never sends the mail server password unencrypted, but smtp_user is "
                 "set while smtp_starttls is false and port {port} is not 465 (SMTPS). Set "
                 "smtp_starttls = true, or use port 465 if the server offers SMTPS.").format(
                     port=settings.smtp_port)
    return None


class FileTransport:
    """Writes each message as a standard .eml file, named after its Message-ID.

    Sending the same message again overwrites the same file, so a repeated send leaves
    one file. The folder and files are private to the user: letters hold personal data.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage, sender: str, recipients: list[str]) -> None:
        path = self.folder / eml_name(message["Message-ID"])
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Write aside, then rename: a reader never sees half a message.
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".", suffix=".tmp",
                                             delete=False) as file:
                file.write(message.as_bytes())
                file.flush()
                os.fsync(file.fileno())
            os.replace(file.name, path)
        except OSError as error:
            raise DeliveryError(
                _("The letter could not be written to the outbox folder {folder}.").format(
                    folder=self.folder),
                str(error), transport_down=True,
            ) from error

    def close(self) -> None:
        pass


def eml_name(message_id: str) -> str:
    """A file name for a Message-ID: `<1.2.3@jobcenter.dk>` -> `1.2.3@jobcenter.dk.eml`."""
    return re.sub(r"[^A-Za-z0-9._@-]", "_", message_id.strip().strip("<>")) + ".eml"


class SmtpTransport:
    """One SMTP connection per sending round, opened on the first message."""

    def __init__(self, settings: Settings) -> None:
        problem = smtp_problem(settings)
        if problem is not None:
            raise UserError(problem)
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage, sender: str, recipients: list[str]) -> None:
        smtp = self._smtp or self._connect()
        try:
            refused = smtp.send_message(message, from_addr=sender, to_addrs=recipients)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            raise DeliveryError(
                _("The mail server refused the address {address}. Check the address.").format(
                    address=", ".join(error.recipients)),
                _smtp_detail(error.recipients), permanent=all(code >= 500 for code in codes),
            ) from error
        except smtplib.SMTPSenderRefused as error:
            # The sender address is configuration: every message would fail the same way.
            raise DeliveryError(
                _("The mail server refused the sender address {address}. Check sender_address "
                  "in the config file.").format(address=error.sender),
                f"{error.smtp_code} {_decoded(error.smtp_error)}", transport_down=True,
            ) from error
        except smtplib.SMTPResponseException as error:
            # 5xx on the message itself (too big, rejected as spam) will not change by itself.
            raise DeliveryError(
                _("The mail server did not accept the letter."),
                f"{error.smtp_code} {_decoded(error.smtp_error)}", permanent=error.smtp_code >= 500,
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise DeliveryError(
                _("The connection to the mail server broke off while sending."), str(error),
                transport_down=True,
            ) from error
        if refused:  # only some recipients refused: not with our one recipient, but say so
            raise DeliveryError(
                _("The mail server refused the address {address}. Check the address.").format(
                    address=", ".join(refused)),
                _smtp_detail(refused), permanent=True,
            )

    def close(self) -> None:
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (smtplib.SMTPException, OSError):
            self._smtp.close()
        self._smtp = None

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        server = f"{settings.smtp_host}:{settings.smtp_port}"
        password = self._password() if settings.smtp_user else None
        implicit = implicit_tls(settings)
        try:
            if implicit:
                smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                        timeout=SMTP_TIMEOUT, context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
        except ssl.SSLError as error:
            raise DeliveryError(
                _("The encrypted connection (SMTPS) to the mail server {server} failed.").format(
                    server=server),
                str(error), transport_down=True,
            ) from error
        except OSError as error:
            raise DeliveryError(
                _("The mail server {server} could not be reached. PrepDesk tries again "
                  "later.").format(server=server),
                str(error), transport_down=True,
            ) from error
        try:
            if settings.smtp_starttls and not implicit:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                # Checked once more on the socket itself: never a password in clear.
                if not isinstance(smtp.sock, ssl.SSLSocket):
                    raise smtplib.SMTPNotSupportedError("the connection is not encrypted")
                smtp.login(settings.smtp_user, password)
        except smtplib.SMTPNotSupportedError as error:
            smtp.close()
            raise DeliveryError(
                _("The mail server {server} does not offer an encrypted connection "
                  "(STARTTLS), so PrepDesk does not send to it.").format(server=server),
                str(error), transport_down=True,
            ) from error
        except smtplib.SMTPAuthenticationError as error:
            smtp.close()
            raise DeliveryError(
                _("The mail server refused the user name or password. Check smtp_user and "
                  "the password stored with `prepdesk secret set smtp-password`."),
                f"{error.smtp_code} {_decoded(error.smtp_error)}", transport_down=True,
            ) from error
        except (smtplib.SMTPException, ssl.SSLError, OSError) as error:
            smtp.close()
            raise DeliveryError(
                _("The connection to the mail server {server} failed.").format(server=server),
                str(error), transport_down=True,
            ) from error
        self._smtp = smtp
        return smtp

    def _password(self) -> str:
        from prepdesk.secrets import SMTP_PASSWORD, get_secret

        try:
            password = get_secret(SMTP_PASSWORD)
        except UserError as error:
            raise DeliveryError(error.message, transport_down=True) from error
        if not password:
            raise DeliveryError(
                _("The SMTP password is not in the keyring. Store it with `prepdesk secret set "
                  "smtp-password`."),
                transport_down=True,
            )
        return password

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None


def _decoded(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


def _smtp_detail(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{address}: {code} {_decoded(text)}" for address, (code, text) in refused.items())
