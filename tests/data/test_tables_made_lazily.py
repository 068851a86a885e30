"""Pydantic's validators of the tables are made when first used, not when PrepDesk starts
(data/models.py `Table`, issue 17): rows go through SQLAlchemy, and making them for every
table took 35 ms and 1.4 MiB before my day could show."""

from __future__ import annotations

import subprocess
import sys

from sqlmodel import SQLModel

from prepdesk.data import models


def test_every_table_is_made_from_table() -> None:
    tables = [mapper.class_ for mapper in SQLModel._sa_registry.mappers]
    assert len(tables) > 40
    assert [table.__name__ for table in tables if not issubclass(table, models.Table)] == []


def test_importing_the_tables_makes_no_validator() -> None:
    probe = ("import sys; from prepdesk.data import models; "
             "print(sum(not getattr(t, '__pydantic_complete__', True) "
             "for t in vars(models).values() if isinstance(t, type) "
             "and issubclass(t, models.Table) and t is not models.Table))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 40  # tables whose validator is not made yet


def test_a_row_is_made_and_read_as_before() -> None:
    team = models.Team(name="Team Nord")
    assert team.name == "Team Nord" and team.job_centre == ""
    assert models.Team.model_validate({"name": "Syd"}).name == "Syd"  # made when needed
