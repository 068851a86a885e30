"""Engines, sessions and migrations for SQLite (embedded) and PostgreSQL (a team's server).

Every way a database can be wrong for us becomes a UserError naming the setting or
file and what to do, and nothing is written to a database that is not PrepDesk's.
"""

from __future__ import annotations

import errno
import json
import re
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.text import storable

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Any number: serialises `upgrade` between caseworkers starting at once on one server.
_MIGRATION_LOCK = 7_346_001

# Connections one PrepDesk (a caseworker's app, the sender, one portal worker) holds to a
# PostgreSQL server, at most: 200 caseworkers are 400 connections, not 3,000
# (docs/scaling.md). Two suffice because no thread ever holds two (every core operation
# opens one session and nothing inside it opens another): the screens' workers, the outbox
# thread and the citizen and ruling indexes take turns. One waits at most POOL_TIMEOUT
# seconds for a connection, then core says the database is busy (core/transaction.py).
POOL_SIZE = 2
POOL_TIMEOUT = 15.0


def open_engine(url: str) -> Engine:
    """An engine for `url`, checked to reach a database that is empty or PrepDesk's."""
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_file(parsed)
        engine = _sqlite_engine(parsed)
    elif parsed.get_backend_name() == "postgresql":
        engine = _postgresql_engine(parsed)
    else:
        raise UserError(
            _("The database address '{url}' names a database type PrepDesk does not support. "
              "Use a sqlite:/// path or a postgresql+psycopg:// address in the setting "
              "database_url.").format(url=_masked(parsed))
        )
    _check_reachable_and_ours(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit: core builds its views from what it just saved.
    return sessionmaker(engine, class_=Session, expire_on_commit=False)


# Set by core's transaction (core/transaction.py) on the sessions it opens.
CHANGED_BY = "changed_by_id"
CHANGED_AT = "changed_at"


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:  # type: ignore[no-untyped-def]
    from prepdesk.data.models import Edited

    who, at = session.info.get(CHANGED_BY), session.info.get(CHANGED_AT)
    for row in (*session.new, *session.dirty):
        if row not in session.new and not session.is_modified(row):
            continue
        _make_storable(row)
        # Every edited row says who changed it last and when, so that a colleague's stale
        # edit can be refused with their name (shared/DESIGN.md, "Concurrent edits").
        if at is not None and isinstance(row, Edited):
            row.changed_by_id = who
            row.changed_at = at


def _make_storable(row: object) -> None:
    """Text from anywhere (keyboard, paste, imports, the portal) is saved, never refused:
    a lone surrogate or a NUL in it would make the flush raise and lose what was typed."""
    for attribute in inspect(row).mapper.column_attrs:
        value = getattr(row, attribute.key)
        cleaned = _storable_value(value)
        if cleaned is not value and cleaned != value:
            setattr(row, attribute.key, cleaned)


def _storable_value(value: object) -> object:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):  # JSON columns: notes, dossiers
        return {_storable_value(key): _storable_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_storable_value(item) for item in value]
    return value


def release_cache(session: Session) -> None:
    """Give back the memory SQLite's page cache holds for the session's connection: a read
    of every citizen or ruling for a search index filled it (2 MiB, kept while the
    connection waits in the pool; issue 17). Other databases: nothing."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA shrink_memory")


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied. Safe to call at every start."""
    if _at_head(engine):
        return  # the usual start: without importing Alembic (~0.2 s of it, issue 17)
    from alembic import command

    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config = alembic_config(connection)
        current = _current(connection)
        if current is not None and current not in _known_revisions():
            raise UserError(
                _("The database {url} was made by a newer PrepDesk (migration {revision}). "
                  "Update PrepDesk before opening it.").format(
                    url=_masked(engine.url), revision=current
                )
            )
        if current != head_revision():
            command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _current(connection)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def masked_url(url: str) -> str:
    """The URL for display, with any password (also one in the query) replaced by ***."""
    try:
        return _masked(make_url(url))
    except ArgumentError:
        return _("(an address that cannot be read)")


# --- internals ----------------------------------------------------------------------


def _json_text(value: object) -> str:
    # Danish letters as themselves, not \u escapes: readable, and a third smaller.
    return json.dumps(value, ensure_ascii=False)


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise UserError(
            _("The database address '{url}' is not valid. Write it as sqlite:///path/file.sqlite "
              "or postgresql+psycopg://user@host/database in the setting database_url.").format(
                url=url
            )
        ) from None


def _masked(url: URL) -> str:
    if "password" in url.query:
        url = url.update_query_dict({"password": "***"})
    return url.render_as_string(hide_password=True)


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        folder = Path(url.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(_("PrepDesk cannot make the folder {folder} for its database "
                              "(error {code}). Make it yourself, or choose another place "
                              "(XDG_DATA_HOME, or database_url in the configuration), then "
                              "start again.").format(
                folder=folder, code=errno.errorcode.get(error.errno or 0, error.errno))) from None
    engine = create_engine(url, connect_args={"timeout": 10}, json_serializer=_json_text)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # foreign_keys is per connection; WAL keeps every acknowledged commit through a
        # killed process and lets the app read while a worker writes.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    return engine


def _postgresql_engine(url: URL) -> Engine:
    try:
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        if url.username and url.password is None:
            from prepdesk import secrets

            if secrets.secrets_readable():  # the keyring, or credential files
                password = secrets.get_secret(secrets.DATABASE_PASSWORD)
                if password:
                    url = url.set(password=password)
        # A server that does not answer should not freeze the app for minutes.
        connect_args: dict[str, object] = {"connect_timeout": 5}
        if "prepare_threshold" in url.query:
            # psycopg's, given in the address: `none` for a PgBouncer in transaction mode
            # older than 1.21, which cannot keep prepared statements (docs/scaling.md).
            connect_args["prepare_threshold"] = _prepare_threshold(url)
            url = url.difference_update_query(["prepare_threshold"])
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args,
                             pool_size=POOL_SIZE, max_overflow=0, pool_timeout=POOL_TIMEOUT,
                             json_serializer=_json_text)
    except NoSuchModuleError:
        raise UserError(
            _("The database address '{url}' names a driver PrepDesk does not have. "
              "Use postgresql+psycopg://.").format(url=_masked(url))
        ) from None


def _prepare_threshold(url: URL) -> int | None:
    value = str(url.query["prepare_threshold"]).strip().lower()
    if value in ("", "none", "off"):
        return None
    if value.isdigit():
        return int(value)
    raise UserError(
        _("The database address '{url}' has prepare_threshold={value}. Write a number, or "
          "none to turn prepared statements off (behind PgBouncer).").format(
            url=_masked(url), value=value)
    )


def _check_sqlite_file(url: URL) -> None:
    """Look at an existing file read-only first: our connection pragmas (WAL) would
    otherwise rewrite the header of a file we are about to refuse."""
    import sqlite3

    if not url.database or url.database == ":memory:":
        return
    path = Path(url.database)
    if path.is_dir():
        raise UserError(
            _("The database file {path} is a folder. Point database_url at a file.").format(path=path)
        )
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.OperationalError:
        # Readable, but SQLite could not open it here: it writes files beside it (-wal,
        # -shm), so the folder must be writable. Not "not a database": it may well be one.
        raise UserError(
            _("PrepDesk cannot open the database {path}: it must be allowed to read and write "
              "the file and to write in its folder {folder}. Give yourself those permissions "
              "(chmod u+rw), then start again.").format(path=path, folder=path.parent)
        ) from None
    except sqlite3.DatabaseError as error:
        raise UserError(
            _("The file {path} is not a PrepDesk database (SQLite says: {problem}). PrepDesk has "
              "left it untouched. Point database_url at another file, or move this one away.").format(
                path=path, problem=str(error).strip()
            )
        ) from None
    _refuse_foreign(tables, str(path))


def _check_reachable_and_ours(engine: Engine) -> None:
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
    except DBAPIError as error:
        raise UserError(
            _("PrepDesk cannot reach the database {url} ({problem}). Check that the server is "
              "running and that the address, user and password (in the keyring) are right.").format(
                url=_masked(engine.url), problem=str(error.orig).strip().splitlines()[0]
            )
        ) from None
    _refuse_foreign(tables, _masked(engine.url))


def _refuse_foreign(tables: set[str], where: str) -> None:
    if {name for name in tables if not name.startswith("sqlite_")} - {"alembic_version"} and (
        "alembic_version" not in tables
    ):
        raise UserError(
            _("The database {url} already holds tables that are not PrepDesk's. PrepDesk has "
              "left it untouched. Choose another database in the setting database_url.").format(
                url=where
            )
        )


def alembic_config(connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _at_head(engine: Engine) -> bool:
    """Whether the database is at the newest migration, told from the migration files'
    `revision` and `down_revision` lines and the alembic_version table, without Alembic.
    False whenever that is not plain (no table yet, a branch, an unusual file): Alembic
    decides then."""
    revisions: set[str] = set()
    parents: set[str] = set()
    quoted = re.compile(r"['\"]([^'\"]+)['\"]")
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = (re.findall(rf"^{name}\b[^=\n]*=\s*(.*)$", source, re.MULTILINE)
                          for name in ("revision", "down_revision"))
        if len(revision) != 1 or len(down) != 1 or len(quoted.findall(revision[0])) != 1:
            return False
        revisions.update(quoted.findall(revision[0]))
        parents.update(quoted.findall(down[0]))  # none, one, or a merge's several
    heads = revisions - parents
    if len(heads) != 1:
        return False
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return False
    return [row[0] for row in current] == list(heads)


def _current(connection) -> str | None:  # type: ignore[no-untyped-def]
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}
