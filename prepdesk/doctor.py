"""`prepdesk doctor`: what PrepDesk sees of its configuration, database, keyring and secrets.

Written for the person fixing a broken set-up, so every problem is a sentence, never a
traceback, and no secret value is ever printed: URLs are masked and of a secret only where
it comes from is said (the keyring, a credential file, the demo) or that it is not set.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from prepdesk.errors import UserError
from prepdesk.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from prepdesk.config import Settings

# Settings that hold database addresses, which may carry a password.
_URL_SETTINGS = ("database_url", "demo_database_url")


def run_doctor(out: TextIO, *, demo: str | None = None) -> int:
    """Print the report; 0 when configuration, database and sender are fine, else 2.
    `demo`: the settings are the demo's (`prepdesk --demo doctor`), which says so."""
    if demo:
        print(_("The demo's settings and database (prepdesk --demo):"), file=out)
    settings = _report_config(out)
    healthy = settings is not None and _report_database(out, settings)
    if settings is not None and not _report_smtp(out, settings):
        healthy = False
    healthy = settings is not None and _report_sender(out, settings) and healthy
    if settings is not None and not _report_digital_post(out, settings):
        healthy = False
    if settings is not None and settings.keys:
        _report_keys(out, settings)
    healthy = _report_secrets(out) and healthy
    return 0 if healthy else UserError.exit_code


def _report_config(out: TextIO) -> Settings | None:
    from prepdesk.config import load_settings
    from prepdesk.paths import config_file_path

    path = config_file_path()
    state = _("exists") if path.exists() else _("does not exist; the defaults apply")
    print(_("Configuration file: {path} ({state})").format(path=path, state=state), file=out)
    try:
        settings = load_settings()
    except UserError as error:
        print(error.message, file=out)
        return None
    print(_("Settings:"), file=out)
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if value is None:
            shown = _("(not set)")
        elif name in _URL_SETTINGS:
            shown = _masked(value)
        else:
            shown = str(value)
        print(f"  {name} = {shown}", file=out)
    return settings


def _report_database(out: TextIO, settings: Settings) -> bool:
    """Print where the database is, whether it answers and its migration; False if broken."""
    from sqlalchemy.exc import SQLAlchemyError

    from prepdesk.data import db

    url = settings.resolved_database_url()
    print(_("Database: {url}").format(url=_masked(url)), file=out)
    parsed = _parse(url)
    if parsed is not None and parsed.password is not None:
        print(_("Warning: the database address contains a password. Remove it from the "
                "address and store it with `prepdesk secret set database-password`."), file=out)
    if parsed is not None and _missing_sqlite_file(parsed):
        # Opening it would create it, and could hide a mistyped path behind a new empty file.
        blocking = _blocking_folder(Path(parsed.database))
        if blocking is not None:
            print(_("Database reachable: no. The file does not exist yet, and PrepDesk cannot "
                    "make it: it may not write in {folder}. Choose another place (XDG_DATA_HOME, "
                    "or database_url), or give yourself permission.").format(folder=blocking),
                  file=out)
            return False
        print(_("Database reachable: the file does not exist yet; PrepDesk creates it on "
                "first start."), file=out)
        current = None
    else:
        try:
            current = _current_revision(url)
        except UserError as error:
            print(_("Database reachable: no. {problem}").format(problem=error.message), file=out)
            return False
        except SQLAlchemyError as error:
            problem = str(error).strip().splitlines()[0]
            print(_("Database reachable: no ({problem}).").format(problem=problem), file=out)
            return False
        print(_("Database reachable: yes"), file=out)
    head = db.head_revision()
    if current == head:
        state = _("up to date")
    else:
        state = _("not up to date; run `prepdesk db upgrade` or start PrepDesk")
    print(_("Migration: database {current}, PrepDesk {head} ({state})").format(
        current=current or _("(none)"), head=head, state=state), file=out)
    return True


def _report_sender(out: TextIO, settings: Settings) -> bool:
    """Whether letters can be sent from the configured sender address: False for one that
    is malformed or in a domain that can never receive mail (.invalid, .test, localhost)."""
    from prepdesk.core.outbox import sender_address

    try:
        address = sender_address(settings.sender_address)
    except UserError as error:
        print(_("Sender: no letter or e-mail can be sent. {problem}").format(
            problem=error.message), file=out)
        return False
    print(_("Sender: {address}").format(address=address), file=out)
    return True


def _report_digital_post(out: TextIO, settings: Settings) -> bool:
    """Which Digital Post channel is live (the outbox folder, or KOMBIT's test or production
    environment with the certificate's validity), and what is wrong; False when letters of
    that channel cannot go (issue 16, delivery/post.py)."""
    from datetime import UTC, datetime

    from prepdesk.dates import long_date
    from prepdesk.delivery.memo import library
    from prepdesk.delivery.post import (
        CERTIFICATE_WARNING,
        certificate_problem,
        no_certificate_store,
        read_certificate,
    )
    from prepdesk.delivery.transports import DeliveryError

    try:
        library()
    except DeliveryError as error:
        print(_("Digital Post: not possible here. {problem}").format(problem=error.sentence),
              file=out)
        return False
    if settings.digital_post == "file":
        print(_("Digital Post: written to the folder {folder} (digital_post = file), nothing "
                "goes to KOMBIT.").format(folder=settings.resolved_outbox_dir()), file=out)
        if not settings.municipality_cvr:
            print(_("Digital Post: municipality_cvr is not set, so the MeMo messages in the "
                    "folder name the sender 00000000."), file=out)
        return True
    environment = (_("test") if settings.kombit_environment == "test" else _("production"))
    healthy = True
    if not settings.municipality_cvr:
        print(_("Digital Post via KOMBIT ({environment}): municipality_cvr is not set. Set the "
                "municipality's CVR number in the config file.").format(
                    environment=environment), file=out)
        healthy = False
    from prepdesk import secrets

    now = datetime.now(UTC)
    try:
        if not secrets.secrets_readable():
            raise DeliveryError(no_certificate_store())
        with secrets.secret_file(secrets.KOMBIT_CERTIFICATE) as path:
            pem = path.read_bytes() if path is not None else None
        if pem is None:
            raise DeliveryError(_("There is no certificate. Store the OCES3 certificate with "
                                  "its key (one PEM file) as the secret kombit-certificate."))
        certificate = read_certificate(pem)
        problem = certificate_problem(certificate, now)
        if problem is not None:
            raise DeliveryError(problem)
    except (UserError, DeliveryError, OSError) as error:
        sentence = getattr(error, "sentence", None) or getattr(error, "message", None) or str(error)
        print(_("Digital Post via KOMBIT ({environment}): no letter can be sent. {problem}").format(
            environment=environment, problem=sentence), file=out)
        return False
    print(_("Digital Post via KOMBIT ({environment}): certificate valid until {date} "
            "({subject}).").format(environment=environment,
                                   date=long_date(certificate.not_after),
                                   subject=certificate.subject), file=out)
    if certificate.not_after - now < CERTIFICATE_WARNING:
        print(_("Warning: the KOMBIT certificate expires on {date}. Renew it in time.").format(
            date=long_date(certificate.not_after)), file=out)
    if settings.remote_print_type is None:
        print(_("Remote print via KOMBIT: remote_print_type is not set, so letters to citizens "
                "exempt from Digital Post cannot go on paper."), file=out)
        healthy = False
    return healthy


def _report_keys(out: TextIO, settings: Settings) -> None:
    """The [keys] table as the app will read it; PrepDesk starts with wrong entries too."""
    from prepdesk.keymap import read_keymap

    keymap = read_keymap(settings.keys)
    print(_("Keys remapped: {count}").format(count=len(keymap.keys)), file=out)
    for problem in keymap.problems:
        print(problem, file=out)


def _current_revision(url: str) -> str | None:
    from prepdesk.data import db

    engine = db.open_engine(url)
    try:
        return db.current_revision(engine)
    finally:
        engine.dispose()


def _report_smtp(out: TextIO, settings: Settings) -> bool:
    """Print how mail leaves over SMTP, and why it cannot; False when it cannot."""
    if settings.outbox_transport != "smtp":
        return True
    from prepdesk.delivery.transports import implicit_tls, smtp_problem

    if implicit_tls(settings):
        encryption = _("encrypted from the start (SMTPS)")
    elif settings.smtp_starttls:
        encryption = _("encrypted with STARTTLS")
    else:
        encryption = _("not encrypted")
    print(_("SMTP: {server}, {encryption}").format(
        server=f"{settings.smtp_host or '-'}:{settings.smtp_port}", encryption=encryption),
        file=out)
    problem = smtp_problem(settings)
    if problem is not None:
        print(problem, file=out)
    return problem is None


def _report_secrets(out: TextIO) -> bool:
    """Where each secret comes from, never its value; False when one cannot be read (a
    credential file others may read, an empty one, a locked keyring)."""
    from prepdesk import secrets

    try:
        credentials = secrets.credentials_directory()
    except UserError:  # the config file is broken, as said above
        print(_("Keyring: {backend}").format(backend=secrets.backend_description()), file=out)
        print(_("Secrets are checked once the configuration is corrected."), file=out)
        return False
    if credentials is not None:
        print(_("Credential files: {directory} (named by {origin})").format(
            directory=credentials[0], origin=credentials[1]), file=out)
    else:
        print(_("Credential files: not used ($CREDENTIALS_DIRECTORY and the setting "
                "credentials_dir are not set)"), file=out)
        print(_("Keyring: {backend}").format(backend=secrets.backend_description()), file=out)
    healthy = True
    for name in secrets.KNOWN_SECRETS:
        try:
            source = secrets.secret_source(name)
        except UserError as error:
            source, healthy = error.message, False
        print(_("Secret {name}: {source}").format(name=name, source=source), file=out)
    return healthy


def _masked(url: str) -> str:
    from prepdesk.data.db import masked_url

    return masked_url(url)


def _parse(url: str) -> URL | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url)
    except ArgumentError:
        return None  # open_engine says what is wrong with it


def _blocking_folder(path: Path) -> Path | None:
    """The nearest existing folder above `path` when PrepDesk may not make `path` in it
    (not a folder, or not writable); None when it may."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
        return None
    return folder


def _missing_sqlite_file(url: URL) -> bool:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return False
    return not Path(url.database).exists()
