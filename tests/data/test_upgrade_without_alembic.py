"""Opening a database that is up to date does not import Alembic (issue 17, item 1: about
0.2 s of every start); anything else is still Alembic's to decide."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from prepdesk.data import db


def test_an_up_to_date_database_opens_without_alembic(db_url: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    engine = db.open_engine(db_url)
    assert not db._at_head(engine)  # empty: Alembic builds it
    db.upgrade(engine)
    assert db._at_head(engine)
    assert db.current_revision(engine) == db.head_revision()

    def alembic(*_args: object) -> None:
        raise AssertionError("Alembic was asked")

    monkeypatch.setattr(db, "_current", alembic)
    monkeypatch.setattr(db, "alembic_config", alembic)
    db.upgrade(engine)  # the second start
    engine.dispose()


def test_a_database_at_another_revision_is_left_to_alembic(db_url: str) -> None:
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    for other in ("0001", "ffff"):
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": other})
        assert not db._at_head(engine)
    engine.dispose()
