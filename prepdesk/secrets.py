"""Secrets in the operating system's keyring: the only module that talks to keyring (R-SEC-5).

Passwords and keys never live in the config file or the database. When the machine has
no usable keyring, PrepDesk refuses to store secrets rather than fall back to plain text.
Secret values are never logged or printed.

keyring is imported inside the functions: it costs ~80 ms, paid after the first paint.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from prepdesk.errors import UserError
from prepdesk.i18n import _

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "prepdesk"

DATABASE_PASSWORD = "database-password"
SMTP_PASSWORD = "smtp-password"
SIGNING_KEY = "signing-key"
KNOWN_SECRETS = (DATABASE_PASSWORD, SMTP_PASSWORD, SIGNING_KEY)

# Only the operating system's own keyrings, as the keyring package ships them. A backend
# from any other package (keyrings.alt's files, a plugin) may keep secrets in plain text,
# and nothing in keyring's API says whether it does, so none is accepted.
TRUSTED_BACKEND_MODULES = (
    "keyring.backends.SecretService", "keyring.backends.libsecret", "keyring.backends.kwallet",
    "keyring.backends.macOS", "keyring.backends.Windows",
)


# Secrets of the demo, which has its own (prepdesk/demo/settings.py): set for the process by
# `use_demo_secrets`, they are used instead of the keyring's, so that the demo works on a
# machine without a keyring and no demo link is ever valid on the real approval page.
_demo_secrets: dict[str, str] = {}


def use_demo_secrets(values: dict[str, str]) -> None:
    """From now on, this process reads these secrets from `values`, not from the keyring."""
    _demo_secrets.clear()
    _demo_secrets.update(values)


def get_secret(name: str) -> str | None:
    """The stored value, or None when it is not set."""
    import keyring

    if name in _demo_secrets:
        return _demo_secrets[name]
    _require_keyring()
    with _keyring_errors():
        return keyring.get_password(SERVICE, name)


def set_secret(name: str, value: str) -> None:
    import keyring

    _require_keyring()
    with _keyring_errors():
        keyring.set_password(SERVICE, name, value)


def delete_secret(name: str) -> bool:
    """Remove the secret; False when it was not set."""
    import keyring
    from keyring.errors import PasswordDeleteError

    _require_keyring()
    with _keyring_errors():
        try:
            keyring.delete_password(SERVICE, name)
        except PasswordDeleteError:
            return False
    return True


def keyring_usable() -> bool:
    """Whether secrets can be kept safely: in the operating system's keyring, not the fail
    or null keyring or one from another package."""
    backends = _storing_backends(_backend())
    return bool(backends) and all(_acceptable(backend) for backend in backends)


def backend_description() -> str:
    backend = _backend()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if keyring_usable():
        return _("{backend} (usable)").format(backend=name)
    return _("{backend} (not usable)").format(backend=name)


def run_secret_command(action: str, name: str | None, stdin: TextIO, stdout: TextIO) -> int:
    """`prepdesk secret set NAME`, `prepdesk secret delete NAME` and `prepdesk secret list`.

    `set` asks for the value without echo on a terminal, else reads one line from stdin,
    so that `pass show x | prepdesk secret set signing-key` works without the value
    appearing in the shell history or the process list.
    """
    if action == "list":
        for known in KNOWN_SECRETS:
            state = _("set") if get_secret(known) is not None else _("not set")
            print(f"{known}: {state}", file=stdout)
        return 0
    if name not in KNOWN_SECRETS:
        raise UserError(
            _("'{name}' is not a secret PrepDesk uses. Use one of: {names}.").format(
                name=name, names=", ".join(KNOWN_SECRETS)
            )
        )
    if action == "set":
        _require_keyring()  # before the user types the value, not after
        if stdin.isatty():
            value = getpass.getpass(_("Value for {name}: ").format(name=name))
        else:
            value = stdin.readline().rstrip("\r\n")
        if not value:
            raise UserError(_("The value is empty; nothing was stored."))
        set_secret(name, value)
        print(_("{name} is stored in the keyring.").format(name=name), file=stdout)
        return 0
    if action == "delete":
        if delete_secret(name):
            print(_("{name} is deleted from the keyring.").format(name=name), file=stdout)
        else:
            print(_("{name} was not set.").format(name=name), file=stdout)
        return 0
    raise ValueError(f"unknown secret action {action!r}")


def _backend() -> KeyringBackend:
    import keyring

    return keyring.get_keyring()


def _storing_backends(backend: KeyringBackend) -> list[KeyringBackend]:
    """The backends that really hold the secrets: the chainer only delegates."""
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        return list(backend.backends)
    return [backend]


def _acceptable(backend: KeyringBackend) -> bool:
    backend_type = type(backend)
    try:
        # The fail keyring has priority 0 and the null keyring -1; both keep nothing.
        priority = backend_type.priority
    except RuntimeError:  # a backend chosen in keyringrc.cfg that cannot run here
        return False
    return priority > 0 and _shipped_by_keyring(backend_type)


def _shipped_by_keyring(backend_type: type) -> bool:
    """Whether the class is one of the operating system keyrings as the keyring package
    ships them: named in a trusted module, really defined there, and that module a file of
    the installed keyring package. A class from any other package that only claims the
    name (`__module__ = "keyring.backends.SecretService"`) is not."""
    import keyring

    name = backend_type.__module__
    if name not in TRUSTED_BACKEND_MODULES:
        return False
    if not name.startswith("keyring."):
        return True  # a module a test adds to the list for its in-memory keyring
    module = sys.modules.get(name)
    if module is None or getattr(module, backend_type.__qualname__, None) is not backend_type:
        return False
    source, package = getattr(module, "__file__", None), getattr(keyring, "__file__", None)
    if not source or not package:
        return False
    return Path(source).resolve().is_relative_to(Path(package).resolve().parent)


def _require_keyring() -> None:
    if not keyring_usable():
        raise _no_keyring_error()


def _no_keyring_error() -> UserError:
    return UserError(
        _("No system keyring is available, and PrepDesk never stores passwords or keys in "
          "plain text. Install and unlock the system keyring (for example GNOME Keyring or "
          "KWallet; on Windows and macOS it is built in) and try again. Keyrings from other "
          "packages, such as keyrings.alt, are not accepted: they may keep secrets in plain "
          "text.")
    )


@contextmanager
def _keyring_errors() -> Iterator[None]:
    """Turn keyring failures (missing, locked, refused) into a sentence for the user."""
    from keyring.errors import KeyringError, NoKeyringError

    try:
        yield
    except NoKeyringError:
        raise _no_keyring_error() from None
    except KeyringError as error:
        raise UserError(
            _("The system keyring refused the request ({problem}). Unlock the keyring "
              "and try again.").format(problem=error)
        ) from None
