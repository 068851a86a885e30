"""Fixtures for the whole suite.

Every test runs with its own config, data and keyring, never the developer's. Data tests
take `db_url` and run once on SQLite and once on a throwaway PostgreSQL server (one per
pytest-xdist worker); its first `db.upgrade` copies a migrated template
(migrated_template.py).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from secrets import token_urlsafe

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

# tests/ has no __init__.py, so pytest puts this directory on sys.path.
from migrated_template import (
    build_postgres_template,
    build_sqlite_template,
    copy_on_first_upgrade,
    fill_postgres_from,
    fill_sqlite_from,
)
from postgres_server import PostgresServer, find_bin_dir

# Digital Post's library (python-serviceplatformen) installs on Python 3.11 and 3.12 only
# (pyproject.toml): on a newer Python the tests that send Digital Post are left out, and
# PrepDesk says that Digital Post needs 3.11 or 3.12 (tested in test_doctor_digital_post.py).
collect_ignore = [] if importlib.util.find_spec("python_serviceplatformen") else [
    "delivery/test_digital_post.py", "delivery/test_kombit.py",
    "e2e/test_invitation_in_terminal.py", "e2e/test_handover_letter_post.py",
    "e2e/test_handover_e2e.py"]

REQUIRE_POSTGRES = "PREPDESK_REQUIRE_POSTGRES"
# CI's switches that turn a missing PostgreSQL or browser into a failure, not a skip.
CI_SWITCHES = {REQUIRE_POSTGRES, "PREPDESK_REQUIRE_BROWSER"}


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject.toml) starts two workers per core: a worker waits about half
    its time (an app's timers and idle moments, tmux, the PostgreSQL server, the browser),
    so one worker per core left the cores half idle."""
    return 2 * len(os.sched_getaffinity(0))


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the XDG directories into tmp_path and drop the developer's PrepDesk variables.

    PG* variables go too: libpq reads them, and a test must never reach a real server; and
    systemd's CREDENTIALS_DIRECTORY, where the real secrets of a service are.
    """
    home = tmp_path / "home"
    for variable, folder in [("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                             ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")]:
        monkeypatch.setenv(variable, str(home / folder))
    for variable in list(os.environ):
        if variable.startswith("PG") or variable == "CREDENTIALS_DIRECTORY" or (
            variable.startswith("PREPDESK_") and variable not in CI_SWITCHES
        ):
            monkeypatch.delenv(variable)
    return home


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict, for tests only."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def lasting_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notifications stay until the test has read them: on a loaded machine more than the
    app's few seconds can pass between a notification and the test's look at it."""
    from textual.app import App

    monkeypatch.setattr(App, "NOTIFICATION_TIMEOUT", 3600)


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Swap in an in-memory keyring for the test, trusted as an OS keyring would be; restore
    the previous backend after."""
    from prepdesk import secrets

    monkeypatch.setattr(secrets, "TRUSTED_BACKEND_MODULES",
                        (*secrets.TRUSTED_BACKEND_MODULES, MemoryKeyring.__module__))
    # The demo's own secrets and settings (`prepdesk --demo`) hold for one test only.
    monkeypatch.setattr(secrets, "_demo_secrets", {})
    monkeypatch.setattr("prepdesk.config._process_overrides", {})
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    # The job centre's signing key, as an administrator stores it on every desk (made anew
    # for each test: no key is kept anywhere).
    backend.set_password(secrets.SERVICE, secrets.SIGNING_KEY, token_urlsafe(48))
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL cluster for the whole session, or a skip when the binaries are missing.

    CI sets PREPDESK_REQUIRE_POSTGRES=1 so that a missing server fails instead of skipping.
    """
    bin_dir = find_bin_dir()
    if bin_dir is None:
        reason = ("PostgreSQL server binaries (pg_ctl, initdb) not found on PATH or under "
                  "/usr/lib/postgresql/*/bin; install the Debian package 'postgresql'")
        if os.environ.get(REQUIRE_POSTGRES) == "1":
            pytest.fail(f"{REQUIRE_POSTGRES}=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    server = PostgresServer(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file the real migrations built, once per test process, to copy from."""
    return build_sqlite_template(tmp_path_factory.mktemp("template") / "migrated.sqlite")


@pytest.fixture(scope="session")
def migrated_postgres(postgres_server: PostgresServer) -> str:
    """A database the real migrations built, once per server, to copy from."""
    return build_postgres_template(postgres_server)


@pytest.fixture
def sqlite_db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated_sqlite: Path) -> str:
    """A fresh, empty SQLite database whose first `db.upgrade` copies the template."""
    url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    copy_on_first_upgrade(monkeypatch, url, fill_sqlite_from(migrated_sqlite))
    return url


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The SQLAlchemy URL of a fresh, empty database on each backend.

    Empty until the test's first `db.upgrade`, which copies a migrated template instead of
    running every migration again (migrated_template.py)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_db_url")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("migrated_postgres")
    name = server.create_database()
    url = server.url(name)
    copy_on_first_upgrade(request.getfixturevalue("monkeypatch"), url,
                          fill_postgres_from(server, template, name))
    try:
        yield url
    finally:
        server.drop_database(name)
