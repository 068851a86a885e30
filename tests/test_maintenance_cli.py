"""`prepdesk maintenance`: an administrator removes old access-log rows and is told how
many, in Danish; anyone else is refused with a sentence (issue 12 item 3)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import func, select

from prepdesk.cli import main
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.data import db
from prepdesk.data import models as m

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=LOCAL_TIMEZONE)


@pytest.fixture
def database(sqlite_db_url, monkeypatch, capsys):
    url = sqlite_db_url  # migrated from a template on the first upgrade: quick
    monkeypatch.setenv("PREPDESK_DATABASE_URL", url)
    monkeypatch.setenv("PREPDESK_CLOCK_START", NOW.isoformat())
    # The first administrator needs no login; then the administrator makes the team and user.
    assert main(["user", "add", "ADM", "--name", "ADM", "--email", "ADM@x.dk", "--phone", "1",
                 "--role", "admin"]) == 0
    assert main(["--user", "ADM", "team", "add", "Vest"]) == 0
    assert main(["--user", "ADM", "user", "add", "MK", "--name", "MK", "--email", "MK@x.dk",
                 "--phone", "1", "--team", "Vest"]) == 0
    engine = db.open_engine(url)
    with db.session_factory(engine)() as session:
        worker = session.exec(select(m.Caseworker)).first()
        citizen = m.Citizen(cpr="120294-0567", first_name="Ida", last_name="Holm",
                             search_name="ida holm")
        session.add(citizen)
        session.flush()
        session.add_all(m.AccessLog(at=NOW - timedelta(days=days), caseworker_id=worker.id,
                                    citizen_id=citizen.id, action="open_file")
                        for days in (400, 200, 10))
        session.commit()
    capsys.readouterr()
    yield engine
    engine.dispose()


def _rows(engine) -> int:
    with db.session_factory(engine)() as session:
        return session.exec(select(func.count()).select_from(m.AccessLog)).one()


def test_an_administrator_removes_old_rows_and_a_caseworker_is_refused(database, capsys):
    assert main(["--user", "MK", "maintenance"]) != 0
    assert "Kun en administrator" in capsys.readouterr().err
    assert _rows(database) == 3
    assert main(["--user", "ADM", "maintenance"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Fjernede 2 linjer fra adgangsloggen, ældre end 6 måneder (fra før lørdag 23. maj 2026).",
        "Fjernede 0 gamle linjer fra borgersøgningens ændringslog."]
    assert _rows(database) == 1
