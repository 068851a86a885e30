"""Secrets live in the keyring, or nowhere (R-SEC-5)."""

import io
import subprocess
import sys

import keyring
import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringLocked

from prepdesk import secrets
from prepdesk.errors import UserError

VALUE = "kattens-hemmelige-kodeord-42"


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
