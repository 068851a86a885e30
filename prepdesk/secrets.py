"""Secrets: the only module that reads them (R-SEC-5).

Where a secret comes from, first to last:
- the demo's own secrets, set for the process by `use_demo_secrets` (the demo only);
- on a server, credential files: when `$CREDENTIALS_DIRECTORY` is set (systemd's
  `LoadCredential=`) or the setting `credentials_dir` names a directory (container secrets),
  a secret is the file of its name there (one file per secret; a trailing newline is not
  part of it). Then only that directory counts, never the keyring. A file that other users
  may read is refused;
- else the operating system's keyring (a caseworker's desk).

Passwords and keys never live in the config file or the database. When the machine has
no usable keyring, PrepDesk refuses to store secrets rather than fall back to plain text.
Secret values are never logged or printed.

keyring is imported inside the functions: it costs ~80 ms, paid after the first paint.
"""

from __future__ import annotations

import getpass
import os
import re
import stat
import sys
import tempfile
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
# The municipality's OCES3 certificate for KOMBIT's Serviceplatformen (Digital Post, remote
# print): certificate and private key in one PEM text (issue 16).
KOMBIT_CERTIFICATE = "kombit-certificate"
KNOWN_SECRETS = (DATABASE_PASSWORD, SMTP_PASSWORD, SIGNING_KEY, KOMBIT_CERTIFICATE)
# Secrets of several lines: `prepdesk secret set` reads the whole of stdin for them.
MULTILINE_SECRETS = (KOMBIT_CERTIFICATE,)

# systemd's variable for the unit's credentials (LoadCredential=, SetCredential=).
CREDENTIALS_VARIABLE = "CREDENTIALS_DIRECTORY"
_CREDENTIAL_NAME = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)  # never a path
_MAX_CREDENTIAL_BYTES = 64 * 1024

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
    if name in _demo_secrets:
        return _demo_secrets[name]
    credentials = credentials_directory()
    if credentials is not None:
        return _read_credential(credentials[0], name)
    import keyring

    _require_keyring()
    with _keyring_errors():
        return keyring.get_password(SERVICE, name)


@contextmanager
def secret_file(name: str) -> Iterator[Path | None]:
    """The secret as a file a library can open (the KOMBIT certificate for `requests`), or
    None when it is not set. A credential file is given as it is; a secret from the keyring
    is written to a file only the user may read, in a folder of its own, removed again when
    the block ends (also on an error)."""
    if name not in _demo_secrets:
        credentials = credentials_directory()
        if credentials is not None:
            value = _read_credential(credentials[0], name)  # refuses a file others may read
            yield None if value is None else credentials[0] / name
            return
    value = get_secret(name)
    if value is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="prepdesk-"))  # mode 0700
    path = folder / name
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(value if value.endswith("\n") else value + "\n")
        yield path
    finally:
        path.unlink(missing_ok=True)
        folder.rmdir()


def secrets_readable() -> bool:
    """Whether asking for a secret can give one: credential files are configured, or the
    keyring is usable (the database's password is only looked for then)."""
    return credentials_directory() is not None or keyring_usable()


def credentials_directory() -> tuple[Path, str] | None:
    """The directory of credential files and what named it (for the sentences), or None on
    a desk: `$CREDENTIALS_DIRECTORY` first (systemd sets it for the service), else the
    setting `credentials_dir`."""
    variable = os.environ.get(CREDENTIALS_VARIABLE, "")
    if variable:
        return Path(variable), f"${CREDENTIALS_VARIABLE}"
    from prepdesk.config import load_settings

    setting = load_settings().credentials_dir
    if setting is not None and str(setting):
        return Path(setting), _("the setting credentials_dir")
    return None


def secret_source(name: str) -> str:
    """Where the secret comes from, in words, never its value: the demo, a credential file
    (its path), the keyring, or not set. UserError when it cannot be read (a refused file,
    a locked keyring)."""
    if name in _demo_secrets:
        return _("demo (a key made for the demo alone)")
    credentials = credentials_directory()
    if credentials is not None:
        path = credentials[0] / name
        if _read_credential(credentials[0], name) is None:
            return _("not set (no file {path})").format(path=path)
        return _("credential file {path}").format(path=path)
    if not keyring_usable():
        return _("not set (no usable keyring)")
    return _("keyring") if get_secret(name) is not None else _("not set")


def _read_credential(directory: Path, name: str) -> str | None:
    """The secret in `directory/name`, None when there is no such file. UserError, naming
    the file and never its content, for one that others may read, is empty or not text."""
    if not _CREDENTIAL_NAME.fullmatch(name):
        return None
    if not directory.is_dir():
        raise UserError(
            _("The credential directory {directory} does not exist or is not a directory. "
              "Correct $CREDENTIALS_DIRECTORY or the setting credentials_dir.").format(
                  directory=directory))
    path = directory / name
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UserError(
            _("PrepDesk cannot read the credential file {path} ({problem}). The service's own "
              "user must be able to read it, and no one else.").format(
                  path=path, problem=error.strerror)) from None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())  # of the file opened, not of a name swapped since
        if not stat.S_ISREG(status.st_mode):
            raise UserError(_("The credential file {path} is not a file.").format(path=path))
        if _others_may_access(file.fileno(), status):
            raise UserError(
                _("The credential file {path} may be read by other users than the service. "
                  "PrepDesk did not use it. Make it readable by the service's user only "
                  "(chmod 600 {path}) and start again.").format(path=path))
        content = file.read(_MAX_CREDENTIAL_BYTES + 1)
    if len(content) > _MAX_CREDENTIAL_BYTES:
        raise UserError(_("The credential file {path} is too large to hold a password or "
                          "key.").format(path=path))
    try:
        value = content.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise UserError(_("The credential file {path} is not text (UTF-8).").format(
            path=path)) from None
    if not value:
        raise UserError(_("The credential file {path} is empty. Write the secret into it, or "
                          "remove the file if the secret is not used.").format(path=path))
    return value


# POSIX access control list entries (linux/posix_acl_xattr.h): tag, permissions, id.
_ACL_USER, _ACL_GROUP_OBJ, _ACL_GROUP, _ACL_MASK, _ACL_OTHER = 0x02, 0x04, 0x08, 0x10, 0x20


def _others_may_access(descriptor: int, status: os.stat_result) -> bool:
    """Whether a user other than the file's owner and this process's may read or change the
    file. Without an access control list, the group and other bits say so. With one, as
    systemd gives a service's credential (mode 0400, owned by root, readable by the service's
    user through an entry of the list), the group bits are the list's mask: the entries say."""
    try:
        acl = os.getxattr(descriptor, "system.posix_acl_access")
    except (OSError, AttributeError):  # no list, or a file system or system without them
        return bool(status.st_mode & 0o077)
    entries = [(int.from_bytes(acl[i:i + 2], "little"), int.from_bytes(acl[i + 2:i + 4], "little"),
                int.from_bytes(acl[i + 4:i + 8], "little")) for i in range(4, len(acl) - 7, 8)]
    mask = next((perm for tag, perm, _id in entries if tag == _ACL_MASK), 0o7)
    for tag, perm, user in entries:
        if tag == _ACL_OTHER and perm:
            return True
        if tag in (_ACL_GROUP_OBJ, _ACL_GROUP) and perm & mask:
            return True
        if tag == _ACL_USER and perm & mask and user != os.geteuid():
            return True
    return False


def set_secret(name: str, value: str) -> None:
    import keyring

    _refuse_on_a_server(name)
    _require_keyring()
    with _keyring_errors():
        keyring.set_password(SERVICE, name, value)


def delete_secret(name: str) -> bool:
    """Remove the secret; False when it was not set."""
    import keyring
    from keyring.errors import PasswordDeleteError

    _refuse_on_a_server(name)
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
        code = 0
        for known in KNOWN_SECRETS:
            try:
                state = secret_source(known)
            except UserError as error:
                state, code = error.message, UserError.exit_code
            print(f"{known}: {state}", file=stdout)
        return code
    if name not in KNOWN_SECRETS:
        raise UserError(
            _("'{name}' is not a secret PrepDesk uses. Use one of: {names}.").format(
                name=name, names=", ".join(KNOWN_SECRETS)
            )
        )
    if action == "set":
        _refuse_on_a_server(name)  # before the user types the value, not after
        _require_keyring()
        if name in MULTILINE_SECRETS:
            if stdin.isatty():
                raise UserError(_("{name} is a file of several lines. Give it on the standard "
                                  "input: prepdesk secret set {name} < certificate.pem").format(
                                      name=name))
            value = stdin.read(_MAX_CREDENTIAL_BYTES + 1).strip()
            if len(value) > _MAX_CREDENTIAL_BYTES:
                raise UserError(_("The value is too large to be a password, key or "
                                  "certificate; nothing was stored."))
        elif stdin.isatty():
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


def _refuse_on_a_server(name: str) -> None:
    """Where credential files are configured, PrepDesk never writes or deletes a secret: the
    operations person puts the file in place."""
    credentials = credentials_directory()
    if credentials is None:
        return
    directory, origin = credentials
    raise UserError(
        _("Here PrepDesk reads its secrets from the credential files in {directory} (named "
          "by {origin}), not from the keyring. Put the secret in the file {path} instead, "
          "readable by the service's user only (chmod 600), or in the file systemd's "
          "LoadCredential= names, and restart the service.").format(
              directory=directory, origin=origin, path=directory / name))


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
