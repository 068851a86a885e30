"""Fresh test databases migrated by copying, not by running every migration per test.

Most tests take `db_url` (an empty database) and call `db.upgrade(engine)` first: running
the Alembic migrations took 0.3-0.8 s per test here, on SQLite and PostgreSQL alike, and
most of the suite's tests do it. `db_url` therefore hands `copy_on_first_upgrade` its
fresh database: when `db.upgrade` is first called on that (still empty) database, it is
filled with a copy of a template that the real migrations built once per test process (a
SQLite file copied with SQLite's backup API; on PostgreSQL `CREATE DATABASE ... TEMPLATE`,
~30 ms), and then the real `db.upgrade` runs on it: it checks the revision and finds
nothing to do. Any other database (a demo file, a database a test filled or stamped
itself before upgrading) is migrated the real way.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url

from prepdesk.data import db

if TYPE_CHECKING:
    from postgres_server import PostgresServer

_real_upgrade = db.upgrade


def build_sqlite_template(path: Path) -> Path:
    """A SQLite file at `path` that the real migrations brought to the newest revision."""
    engine = db.open_engine(f"sqlite:///{path}")
    try:
        _real_upgrade(engine)
    finally:
        engine.dispose()
    return path


def build_postgres_template(server: PostgresServer) -> str:
    """A database on `server` that the real migrations brought to the newest revision."""
    name = server.create_database()
    engine = db.open_engine(server.url(name))
    try:
        _real_upgrade(engine)
    finally:
        engine.dispose()  # CREATE DATABASE ... TEMPLATE wants it without connections
    return name


def copy_on_first_upgrade(monkeypatch: pytest.MonkeyPatch, url: str, fill) -> None:  # type: ignore[no-untyped-def]
    """Make `db.upgrade` fill the empty database at `url` with `fill(engine)` first."""

    lock = threading.Lock()  # two threads of one test upgrading at once fill it once

    def upgrade(engine: Engine) -> None:
        if _same_database(engine, url):
            with lock:
                if _empty(engine):
                    fill(engine)
        _real_upgrade(engine)

    monkeypatch.setattr(db, "upgrade", upgrade)


def fill_sqlite_from(template: Path):  # type: ignore[no-untyped-def]
    def fill(engine: Engine) -> None:
        with closing(sqlite3.connect(template)) as source, engine.connect() as connection:
            source.backup(connection.connection.driver_connection)

    return fill


def fill_postgres_from(server: PostgresServer, template: str, name: str):  # type: ignore[no-untyped-def]
    def fill(engine: Engine) -> None:
        engine.dispose()  # the database is made anew: no connection may stay on it
        server.recreate_database(name, template=template)

    return fill


def _same_database(engine: Engine, url: str) -> bool:
    wanted = make_url(url)
    return (engine.url.get_backend_name(), engine.url.host, engine.url.port,
            engine.url.database) == (wanted.get_backend_name(), wanted.host, wanted.port,
                                     wanted.database)


def _empty(engine: Engine) -> bool:
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    return not [name for name in tables if not name.startswith("sqlite_")]
