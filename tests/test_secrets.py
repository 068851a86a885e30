"""Secrets live in the keyring, or nowhere (R-SEC-5)."""

import io
import subprocess
import sys

import keyring
import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringLocked
from migrated_template import copy_on_first_upgrade, fill_sqlite_from

from prepdesk import secrets
from prepdesk.errors import UserError

VALUE = "kattens-hemmelige-kodeord-42"



@pytest.fixture(autouse=True)
def empty_keyring(memory_keyring):
    """These tests start from a keyring with nothing in it, not even the signing key the
    other tests' desks have."""
    memory_keyring.passwords.clear()
def test_round_trip(memory_keyring) -> None:
    assert secrets.get_secret(secrets.SMTP_PASSWORD) is None

    secrets.set_secret(secrets.SMTP_PASSWORD, VALUE)

    assert secrets.get_secret(secrets.SMTP_PASSWORD) == VALUE
    assert memory_keyring.passwords == {("prepdesk", "smtp-password"): VALUE}
    assert secrets.delete_secret(secrets.SMTP_PASSWORD) is True
    assert secrets.get_secret(secrets.SMTP_PASSWORD) is None
    assert secrets.delete_secret(secrets.SMTP_PASSWORD) is False


def test_memory_keyring_is_usable() -> None:
    assert secrets.keyring_usable()
    assert "MemoryKeyring" in secrets.backend_description()


class PlaintextKeyring(null.Keyring):
    """Stands in for keyrings.alt's file keyring, which would keep secrets in plain text."""

    __module__ = "keyrings.alt.file"
    priority = 0.5


class PluginKeyring(null.Keyring):
    """A keyring from some other package, however high its priority: it may keep secrets in
    plain text, and keyring cannot tell."""

    __module__ = "keyring_some_plugin.backend"
    priority = 20


@pytest.mark.parametrize(
    "backend", [fail.Keyring(), null.Keyring(), PlaintextKeyring(), PluginKeyring()],
    ids=["fail", "null", "plaintext", "another-package"],
)
def test_no_safe_keyring_refuses_every_call(backend) -> None:
    keyring.set_keyring(backend)

    assert not secrets.keyring_usable()
    assert type(backend).__name__ in secrets.backend_description()
    with pytest.raises(UserError):
        secrets.set_secret(secrets.SIGNING_KEY, VALUE)
    with pytest.raises(UserError):
        secrets.get_secret(secrets.SIGNING_KEY)
    with pytest.raises(UserError):
        secrets.delete_secret(secrets.SIGNING_KEY)


def test_locked_keyring_is_a_sentence(memory_keyring, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(service: str, username: str) -> None:
        raise KeyringLocked("the collection is locked")

    monkeypatch.setattr(memory_keyring, "get_password", locked)

    with pytest.raises(UserError, match="the collection is locked"):
        secrets.get_secret(secrets.DATABASE_PASSWORD)


def test_set_from_piped_stdin_prints_no_value() -> None:
    stdout = io.StringIO()

    code = secrets.run_secret_command("set", "signing-key", io.StringIO(VALUE + "\n"), stdout)

    assert code == 0
    assert secrets.get_secret(secrets.SIGNING_KEY) == VALUE
    assert "signing-key" in stdout.getvalue()
    assert VALUE not in stdout.getvalue()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_set_on_a_terminal_asks_without_echo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secrets.getpass, "getpass", lambda prompt: VALUE)

    secrets.run_secret_command("set", "smtp-password", Terminal("not this\n"), io.StringIO())

    assert secrets.get_secret(secrets.SMTP_PASSWORD) == VALUE


def test_set_refuses_an_empty_value() -> None:
    with pytest.raises(UserError):
        secrets.run_secret_command("set", "smtp-password", io.StringIO("\n"), io.StringIO())
    assert secrets.get_secret(secrets.SMTP_PASSWORD) is None


def test_unknown_name_is_refused() -> None:
    with pytest.raises(UserError, match="database-password"):
        secrets.run_secret_command("set", "database_password", io.StringIO(VALUE), io.StringIO())
    assert secrets.get_secret("database_password") is None


def test_list_shows_names_never_values() -> None:
    secrets.set_secret(secrets.DATABASE_PASSWORD, VALUE)
    stdout = io.StringIO()

    secrets.run_secret_command("list", None, io.StringIO(), stdout)

    names, states = zip(*(line.split(": ") for line in stdout.getvalue().splitlines()), strict=True)
    assert names == secrets.KNOWN_SECRETS
    assert states[0] != states[1] == states[2]  # set, not set, not set
    assert VALUE not in stdout.getvalue()


def test_delete_removes_the_secret() -> None:
    secrets.set_secret(secrets.SMTP_PASSWORD, VALUE)

    code = secrets.run_secret_command("delete", "smtp-password", io.StringIO(), io.StringIO())

    assert code == 0
    assert secrets.get_secret(secrets.SMTP_PASSWORD) is None


def test_importing_secrets_does_not_import_keyring() -> None:
    # keyring costs ~80 ms: it must not be paid before the first paint.
    check = "import sys, prepdesk.secrets; sys.exit('keyring' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", check]).returncode == 0


class ClaimsToBeSecretService(null.Keyring):
    """A plain-text keyring from another package that claims the name of the system's own
    keyring: its class says keyring.backends.SecretService, its code lives elsewhere."""

    __module__ = "keyring.backends.SecretService"
    __qualname__ = "Keyring"
    priority = 5


class PlaintextInKeyringsNamespace(null.Keyring):
    """Stands in for a backend placed under keyring.backends by another package."""

    __module__ = "keyring.backends.plaintext"
    priority = 5


@pytest.mark.parametrize("backend", [ClaimsToBeSecretService(), PlaintextInKeyringsNamespace()],
                         ids=["spoofs-secretservice", "plaintext-module"])
def test_a_backend_that_only_claims_a_trusted_name_is_refused(backend) -> None:
    keyring.set_keyring(backend)

    assert not secrets.keyring_usable()
    with pytest.raises(UserError):
        secrets.set_secret(secrets.SIGNING_KEY, VALUE)


def test_the_systems_own_keyring_classes_are_accepted() -> None:
    from keyring.backends import SecretService

    class Unlocked(SecretService.Keyring):
        priority = 5  # its own priority asks D-Bus, which this machine may not have

    assert secrets._shipped_by_keyring(SecretService.Keyring)
    assert not secrets._shipped_by_keyring(Unlocked)  # a subclass defined elsewhere


def test_a_plaintext_keyring_in_a_chain_makes_the_chain_unusable(memory_keyring) -> None:
    from keyring.backends.chainer import ChainerBackend

    class Chain(ChainerBackend):
        backends = [memory_keyring, PlaintextKeyring()]

    keyring.set_keyring(Chain())

    assert not secrets.keyring_usable()


# --- Credential files on a server (issue 12, item 1) ---------------------------------------


@pytest.fixture
def credentials(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """An empty credential directory, as systemd gives a service ($CREDENTIALS_DIRECTORY)."""
    directory = tmp_path / "credentials"
    directory.mkdir(mode=0o700)
    monkeypatch.setenv(secrets.CREDENTIALS_VARIABLE, str(directory))
    return directory


def put(directory, name: str, content: str | bytes = VALUE + "\n", mode: int = 0o600):
    path = directory / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    path.chmod(mode)
    return path


def test_a_secret_is_the_file_of_its_name_without_the_newline(credentials, memory_keyring) -> None:
    memory_keyring.set_password("prepdesk", "smtp-password", "the keyring's")  # a desk's
    put(credentials, "smtp-password", VALUE + "\r\n")
    put(credentials, "signing-key", "  med mellemrum  \n\n", mode=0o400)

    assert secrets.get_secret(secrets.SMTP_PASSWORD) == VALUE
    assert secrets.get_secret(secrets.SIGNING_KEY) == "  med mellemrum  "


def test_with_credential_files_the_keyring_is_never_asked(credentials, memory_keyring) -> None:
    memory_keyring.set_password("prepdesk", "database-password", VALUE)
    keyring.set_keyring(fail.Keyring())  # a bare server

    assert secrets.get_secret(secrets.DATABASE_PASSWORD) is None  # no file: not set
    assert secrets.secrets_readable()
    assert "database-password" in secrets.secret_source(secrets.DATABASE_PASSWORD)


def test_the_setting_names_a_containers_directory(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = tmp_path / "run-secrets"
    directory.mkdir()
    path = put(directory, "signing-key")
    monkeypatch.setenv("PREPDESK_CREDENTIALS_DIR", str(directory))

    assert secrets.get_secret(secrets.SIGNING_KEY) == VALUE
    assert str(path) in secrets.secret_source(secrets.SIGNING_KEY)
    assert secrets.credentials_directory()[1] == "indstillingen credentials_dir"


def test_systemds_directory_comes_before_the_setting(credentials, tmp_path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other"
    other.mkdir()
    put(other, "signing-key", "the setting's")
    monkeypatch.setenv("PREPDESK_CREDENTIALS_DIR", str(other))
    put(credentials, "signing-key")

    assert secrets.get_secret(secrets.SIGNING_KEY) == VALUE
    assert secrets.credentials_directory() == (credentials, "$CREDENTIALS_DIRECTORY")


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660, 0o620], ids=oct)
def test_a_file_others_may_read_is_refused(credentials, mode: int) -> None:
    path = put(credentials, "database-password", mode=mode)

    with pytest.raises(UserError) as refused:
        secrets.get_secret(secrets.DATABASE_PASSWORD)

    assert f"chmod 600 {path}" in refused.value.message
    assert VALUE not in refused.value.message


def _acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX access control list as the kernel stores it (system.posix_acl_access)."""
    undefined = 0xFFFFFFFF
    return (2).to_bytes(4, "little") + b"".join(
        tag.to_bytes(2, "little") + perm.to_bytes(2, "little")
        + (undefined if user is None else user).to_bytes(4, "little")
        for tag, perm, user in entries)


@pytest.mark.parametrize("reader, accepted", [("me", True), ("someone else", False)])
def test_a_systemd_credential_readable_through_an_acl_entry(credentials, reader: str,
                                                          accepted: bool) -> None:
    """systemd writes a credential 0400, owned by root, and lets the service's user read it
    through an ACL entry: the group bits then show the ACL's mask (0440)."""
    import os

    path = put(credentials, "signing-key", mode=0o400)
    user = os.geteuid() if reader == "me" else os.geteuid() + 4242
    try:
        os.setxattr(path, "system.posix_acl_access", _acl(
            (0x01, 4, None), (0x02, 4, user), (0x04, 0, None), (0x10, 4, None), (0x20, 0, None)))
    except OSError as error:
        pytest.skip(f"no access control lists here: {error}")
    assert path.stat().st_mode & 0o777 == 0o440

    if accepted:
        assert secrets.get_secret(secrets.SIGNING_KEY) == VALUE
    else:
        with pytest.raises(UserError, match="chmod 600"):
            secrets.get_secret(secrets.SIGNING_KEY)


@pytest.mark.parametrize("content", ["", "\n", b"\xff\xfe not text"], ids=["empty", "newline", "binary"])
def test_an_empty_or_binary_file_is_a_sentence_naming_it(credentials, content) -> None:
    path = put(credentials, "smtp-password", content)

    with pytest.raises(UserError, match=str(path)):
        secrets.get_secret(secrets.SMTP_PASSWORD)


def test_a_missing_directory_is_a_sentence(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(secrets.CREDENTIALS_VARIABLE, str(tmp_path / "missing"))

    with pytest.raises(UserError, match="missing"):
        secrets.get_secret(secrets.SIGNING_KEY)


def test_a_name_is_never_a_path(credentials) -> None:
    put(credentials.parent, "signing-key")  # beside the directory, not in it

    assert secrets.get_secret("../signing-key") is None


@pytest.mark.parametrize("action", ["set", "delete"])
def test_set_and_delete_on_a_server_say_where_the_file_goes(credentials, memory_keyring,
                                                            action: str) -> None:
    stdin = io.StringIO(VALUE + "\n")

    with pytest.raises(UserError) as refused:
        secrets.run_secret_command(action, "smtp-password", stdin, io.StringIO())

    assert str(credentials / "smtp-password") in refused.value.message
    assert stdin.read() == VALUE + "\n"  # the value was not even read
    assert memory_keyring.passwords == {}
    assert not (credentials / "smtp-password").exists()


def test_list_says_where_each_secret_comes_from(credentials, memory_keyring) -> None:
    path = put(credentials, "signing-key")
    put(credentials, "smtp-password", mode=0o644)
    stdout = io.StringIO()

    code = secrets.run_secret_command("list", None, io.StringIO(), stdout)

    lines = dict(line.split(": ", 1) for line in stdout.getvalue().splitlines())
    assert code == 2  # the file others may read
    assert lines["signing-key"] == f"legitimationsfil {path}"
    assert lines["database-password"].startswith("ikke sat")
    assert "chmod 600" in lines["smtp-password"]
    assert VALUE not in stdout.getvalue()


def test_list_on_a_desk_says_keyring_and_on_the_demo_demo() -> None:
    secrets.set_secret(secrets.SMTP_PASSWORD, VALUE)
    secrets.use_demo_secrets({secrets.SIGNING_KEY: VALUE})
    stdout = io.StringIO()

    secrets.run_secret_command("list", None, io.StringIO(), stdout)

    lines = dict(line.split(": ", 1) for line in stdout.getvalue().splitlines())
    assert lines == {"database-password": "ikke sat", "smtp-password": "nøglering",
                     "signing-key": "demo (en nøgle lavet til demoen alene)",
                     "kombit-certificate": "ikke sat"}


def test_the_database_password_comes_from_its_credential_file(credentials) -> None:
    from prepdesk.data import db

    keyring.set_keyring(fail.Keyring())
    put(credentials, "database-password")

    # Port 1: nothing listens; the sentence shows the address with the password masked.
    with pytest.raises(UserError) as refused:
        db.open_engine("postgresql+psycopg://prepdesk@127.0.0.1:1/prepdesk")

    assert "prepdesk:***@127.0.0.1:1" in refused.value.message  # a password was given
    assert VALUE not in refused.value.message


# --- The demo needs neither (issue 12, item 1 and "Done when") ------------------------------


def test_the_demos_whole_loop_runs_without_keyring_or_credential_files(
    monkeypatch: pytest.MonkeyPatch, migrated_sqlite,
) -> None:
    """On a machine whose keyring is the fail backend and with no credential files: the
    caseworker sends notes for approval, the citizen opens the link on the demo's approval
    page, gives the date of birth and approves, and the caseworker sees the notes approved.
    Everything is signed with the demo's own key."""
    import re
    from dataclasses import replace

    from sqlmodel import select
    from starlette.testclient import TestClient
    from stdnum.dk import cpr

    from prepdesk.core import meeting_mode, notes
    from prepdesk.core.approval import send_for_approval
    from prepdesk.core.note_page import note_page
    from prepdesk.data import models as m
    from prepdesk.demo import build
    from prepdesk.demo.settings import demo_signing_key, use_demo
    from prepdesk.paths import data_dir
    from prepdesk.portal.app import serving_app
    from prepdesk.workspace import open_portal_context, open_workspace

    monkeypatch.setitem(build.SCALES, "small", replace(build.SCALES["small"], citizens=9))
    copy_on_first_upgrade(monkeypatch, f"sqlite:///{data_dir() / 'demo-small.sqlite'}",
                          fill_sqlite_from(migrated_sqlite))  # the migrations, run once
    keyring.set_keyring(fail.Keyring())
    assert not secrets.keyring_usable() and secrets.credentials_directory() is None

    ctx = open_workspace(lambda _step, _fraction: None, demo="small", role="caseworker")
    with ctx.sessions() as session:  # a meeting the caseworker held, without notes yet
        meeting, citizen = session.exec(
            select(m.Meeting, m.Citizen).join(m.Citizen, m.Citizen.id == m.Meeting.citizen_id)
            .outerjoin(m.Note, m.Note.meeting_id == m.Meeting.id)
            .where(m.Meeting.caseworker_id == ctx.user.id, m.Note.id.is_(None),
                   m.Meeting.starts_at < ctx.clock(), m.Citizen.email.is_not(None))
            .order_by(m.Meeting.starts_at.desc())).first()
        meeting_id, born = meeting.id, cpr.get_birth_date(citizen.cpr)
    content = meeting_mode.start(ctx, meeting_id).content
    content = content.model_copy(update={"facts": "Vi talte om praktik.",
                                         "citizen_view": "Jeg vil gerne i praktik."})
    note_id = notes.finish(ctx, meeting_id, content).note_id
    link = send_for_approval(ctx, note_id).link  # what the e-mail to the citizen holds

    use_demo("small", build=False)  # `prepdesk --demo portal`, in this process
    portal_context, settings = open_portal_context()
    assert portal_context.key == demo_signing_key("small")
    path = "/g/" + link.rsplit("/g/", 1)[1]
    public = settings.portal_url.rstrip("/")
    with TestClient(serving_app(portal_context, settings), base_url=public) as citizen_browser:
        form = citizen_browser.get(path)
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)[1]
        shown = citizen_browser.post(f"{path}/birth-date", data={
            "csrf": csrf, "day": str(born.day), "month": str(born.month), "year": str(born.year)})
        csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)[1]
        thanks = citizen_browser.post(f"{path}/answer", data={"csrf": csrf, "action": "approve"})

    assert link.startswith(public)
    assert thanks.status_code == 200, thanks.text
    assert note_page(ctx, note_id).status == "approved"
