"""Settings: a TOML file in the user config directory, overridden by PREPDESK_* variables.

Secrets never live here (R-SEC-5): passwords and keys are read from the keyring or from
credential files (on a server) by prepdesk.secrets. The config file is only ever read, except by `save_setting`, which
rewrites one key the user changed in the app (such as the theme).
"""

import ipaddress
import os
import stat
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
    TomlConfigSettingsSource,
)

from prepdesk.config_errors import (
    environment_variable,
    not_json,
    not_toml,
    not_utf8,
    unreadable,
    wrong_value,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.paths import config_file_path, data_dir


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PREPDESK_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Empty: a SQLite file in the user data directory. "
        "PostgreSQL: postgresql+psycopg://user@host/db (the password comes from the keyring).",
    )
    demo_database_url: str | None = Field(
        default=None, description="Where `prepdesk demo` keeps its data. Empty: demo-small.sqlite."
    )
    language: Literal["da", "en"] = "da"
    theme: str = "prepdesk-light"
    outbox_transport: Literal["file", "smtp"] = "file"
    outbox_dir: Path | None = None
    export_dir: Path | None = Field(
        default=None, description="Where exports are written. Empty: 'PrepDesk aktindsigt' "
        "(follow-up reports and the team review's tables: 'PrepDesk rapporter') in the "
        "user's documents folder.")
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_starttls: bool = True
    sender_address: str = "jobcenter@prepdesk.invalid"
    digital_post: Literal["file", "kombit"] = Field(
        default="file",
        description="How Digital Post and remote print leave (issue 16): file writes each MeMo "
        "message and its PDF to the outbox folder, exactly what would have been sent; kombit "
        "sends them through KOMBIT's Serviceplatformen (SF1601) with the certificate "
        "kombit-certificate (a credential file or the keyring, never this file).",
    )
    kombit_environment: Literal["test", "production"] = Field(
        default="test", description="KOMBIT's test environment (exttest) or production.")
    municipality_cvr: str | None = Field(
        default=None, description="The municipality's CVR number (8 digits): the sender of "
        "Digital Post, and whose certificate logs in to KOMBIT.")
    remote_print_type: int | None = Field(
        default=None, ge=1, description="Remote print: the ForsendelseTypeIdentifikator KOMBIT "
        "gave the municipality for letters on paper. Empty: no remote print through KOMBIT.")
    paper_post_days: int = Field(
        default=5, ge=0, le=30, description="Working days a paper letter (remote print) may "
        "take to reach the citizen: an invitation on paper must arrive before the meeting.")
    clock_start: datetime | None = Field(
        default=None,
        description="For training and tests: the app's clock starts at this moment "
        "(2026-11-27T14:05+01:00) and runs on. Empty: the computer's clock.",
    )
    approval_reminder_days: int = Field(default=7, ge=1, le=90)
    joint_meeting_working_days: int = Field(
        default=10, ge=1, le=60,
        description="A handover's joint meeting with both caseworkers and the citizen is "
        "planned within this many working days (core/handover_letter.py).",
    )
    notes_deadline_working_days: int = Field(
        default=0, ge=0, le=10,
        description="The team review's deadline for sending a meeting's notes to the citizen: "
        "0 the same working day as the meeting, 1 the next working day, and so on.",
    )
    access_log_retention_months: int = Field(
        default=6, ge=1, le=120,
        description="How long the access log keeps who looked at a citizen (R-SEC-7): "
        "`prepdesk maintenance` removes older rows.",
    )
    portal_url: str = Field(
        default="http://127.0.0.1:8080",
        description="The address citizens open the approval page on (where `prepdesk portal` is reached).",
    )
    portal_trusted_proxies: str | None = Field(
        default=None,
        description="The reverse proxies in front of `prepdesk portal` whose X-Forwarded-For and "
        "X-Forwarded-Proto headers are believed: addresses or networks, separated by commas "
        '("127.0.0.1, ::1"). Empty: none; such headers are ignored.',
    )
    credentials_dir: Path | None = Field(
        default=None,
        description="On a server: a directory with one file per secret (database-password, "
        "smtp-password, signing-key, kombit-certificate), readable by the service only, such as a container's "
        "secrets. systemd's $CREDENTIALS_DIRECTORY comes first. Empty: the keyring.",
    )
    keys: dict[str, str] = Field(
        default_factory=dict,
        description="Keys remapped by the id of what they do, as a [keys] table: "
        '"app.find_citizen" = "ctrl+s"; several keys separated by commas. The README lists the ids.',
    )

    @field_validator("municipality_cvr")
    @classmethod
    def _cvr(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        digits = value.replace(" ", "")
        if not (len(digits) == 8 and digits.isascii() and digits.isdigit()):
            raise ValueError(_("“{value}” is no CVR number: write its 8 digits.").format(
                value=value))
        return digits

    @field_validator("portal_trusted_proxies")
    @classmethod
    def _addresses(cls, value: str | None) -> str | None:
        for entry in trusted_proxies(value):
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(_("“{entry}” is no IP address or network, such as 10.0.0.5 "
                                   "or 10.0.0.0/24.").format(entry=entry)) from None
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Arguments beat the environment, which beats the file.
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, config_file_path()))

    def resolved_database_url(self, demo: str | None = None) -> str:
        """The database to open; `demo` is a demo scale ("small", "large") or None."""
        if demo == "small" and self.demo_database_url:
            return self.demo_database_url
        if demo:
            return _sqlite_url(data_dir() / f"demo-{demo}.sqlite")
        return self.database_url or _sqlite_url(data_dir() / "prepdesk.sqlite")

    def resolved_outbox_dir(self) -> Path:
        return self.outbox_dir or data_dir() / "outbox"


def trusted_proxies(value: str | None) -> list[str]:
    """The addresses and networks of the setting portal_trusted_proxies, as a list."""
    return [entry.strip() for entry in (value or "").split(",") if entry.strip()]


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


# Settings that hold for every later `load_settings()` of this process, as if given as
# arguments: `prepdesk --demo ...` points every command at the demo (prepdesk/demo/settings.py).
_process_overrides: dict[str, Any] = {}


@dataclass(frozen=True)
class Option:
    """A setting's value given as a command-line option: a wrong one is named as the option,
    not as the setting in the file."""

    value: Any
    name: str  # "--forwarded-allow-ips"


def override_settings(**values: Any) -> None:
    """From now on, `load_settings()` in this process gives `values` for these settings."""
    _process_overrides.update(values)


def clear_overrides() -> None:
    _process_overrides.clear()


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, or raise a UserError naming where the wrong value is: the file and
    the setting, the variable, or the command-line option (an `Option` value)."""
    path = config_file_path()
    _check_config_file(path)
    given = {**_process_overrides, **overrides}
    options = {name: value.name for name, value in given.items() if isinstance(value, Option)}
    try:
        return Settings(**{name: value.value if isinstance(value, Option) else value
                           for name, value in given.items()})
    except ValidationError as error:
        raise UserError(wrong_value(error, path, options, Settings.model_fields)) from None
    except SettingsError:
        # A table's variable is read as JSON before validation, and keys is the only table.
        variable = environment_variable("keys")
        if variable is None:
            raise
        raise UserError(not_json(variable)) from None


def _check_config_file(path: Path) -> None:
    """Reject a config file that is unreadable, not TOML, or names unknown settings."""
    if not path.exists():
        return
    try:
        content = path.read_bytes()
    except OSError as error:
        raise UserError(unreadable(path, error)) from None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(not_utf8(path, content, error)) from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(not_toml(path, text, error)) from None
    unknown = sorted(set(table) - set(Settings.model_fields))
    if unknown:
        raise UserError(
            _("The config file {path} names a setting that does not exist: {names}. "
              "Remove it or correct the spelling.").format(path=path, names=", ".join(unknown))
        )


def save_setting(name: str, value: Any) -> None:
    """Write one setting to the config file; its comments, order and every other line stay
    as the user wrote them (tomlkit keeps them, tomllib would not)."""
    import tomlkit

    if name not in Settings.model_fields:
        raise ValueError(name)
    path = config_file_path().resolve()  # a symbolic link stays one: its file is written
    # Bytes, not read_text: a file's line ends (\r\n) stay its own.
    document = tomlkit.parse(path.read_bytes().decode("utf-8")) if path.exists() else {}
    document[name] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, tomlkit.dumps(document))


def _write_atomically(path: Path, text: str) -> None:
    """Replace `path` by a file written beside it, so that a crash leaves the old file or the
    new one, never half of one; with the old file's permissions (a new one: the user's only)."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o600
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            os.chmod(temporary, mode)
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
