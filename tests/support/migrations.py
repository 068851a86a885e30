"""For tests of one migration: move a database to a revision and read a table's columns."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect

from prepdesk.data import db


def migrate_to(engine: Engine, revision: str, *, down: bool = False) -> None:
    with engine.begin() as connection:
        config = db.alembic_config(connection)
        (command.downgrade if down else command.upgrade)(config, revision)


def columns(engine: Engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}
