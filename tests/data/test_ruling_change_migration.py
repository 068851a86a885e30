"""Migration 0010: the table of what an import changed in a ruling, up and down on both
databases."""

from __future__ import annotations

from sqlalchemy import inspect
from support.migrations import columns, migrate_to

from prepdesk.data import db


def test_the_ruling_change_table_comes_and_goes(db_url):
    engine = db.open_engine(db_url)
    try:
        db.upgrade(engine)
        assert columns(engine, "rulingchange") == {"id", "ruling_id", "changed_at", "fields"}
        migrate_to(engine, "0009", down=True)
        assert "rulingchange" not in inspect(engine).get_table_names()
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()
