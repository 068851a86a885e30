"""Screens run on SQLite only (shared/DESIGN.md, "Tests"): the backends are the data
layer's business, and core's race tests cover PostgreSQL. This `db_url` replaces the
suite's two-backend one for every test under tests/screens; the test ids keep their
`[sqlite]`."""

from __future__ import annotations

import pytest


@pytest.fixture(params=[pytest.param("sqlite", id="sqlite")])
def db_url(sqlite_db_url: str) -> str:
    """The SQLAlchemy URL of a fresh, empty SQLite database (tests/conftest.py)."""
    return sqlite_db_url
