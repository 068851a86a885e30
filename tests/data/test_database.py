"""The schema, times, concurrent edits and bad databases, on SQLite and PostgreSQL."""

import hashlib
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import StatementError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import SQLModel

from prepdesk.cli import main
from prepdesk.data import db
from prepdesk.data.models import Caseworker, Citizen, Ruling, Team
from prepdesk.errors import UserError


@pytest.fixture
def engine(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    yield engine
    engine.dispose()


def test_migrations_build_exactly_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []
    assert db.current_revision(engine) == db.head_revision()


def test_upgrade_twice_changes_nothing(engine):
    before = db.current_revision(engine)
    db.upgrade(engine)
    assert db.current_revision(engine) == before


def _citizen(**fields):
    values = dict(cpr="010190-1234", first_name="Søren", last_name="Møller", search_name="soeren moeller")
    return Citizen(**(values | fields))


def test_times_come_back_aware_and_in_utc(engine):
    copenhagen = timezone(timedelta(hours=1))
    moment = datetime(2026, 11, 23, 9, 30, tzinfo=copenhagen)
    sessions = db.session_factory(engine)
    with sessions() as session:
        ruling = Ruling(number="12-21", decided_on=date(2021, 3, 1), imported_at=moment,
                        keywords=["sygedagpenge", "æøå"], replaces=["D-15-07"])
        session.add(ruling)
        session.commit()
    with sessions() as session:
        stored = session.get(Ruling, ruling.id)
        assert stored.imported_at == moment
        assert stored.imported_at.tzinfo == UTC
        assert stored.keywords == ["sygedagpenge", "æøå"]


def test_a_naive_time_is_refused(engine):
    with db.session_factory(engine)() as session:
        session.add(Ruling(number="1-22", decided_on=date(2022, 1, 1), imported_at=datetime(2026, 1, 1)))
        with pytest.raises(StatementError, match="naive datetime"):
            session.commit()


def test_concurrent_edits_are_detected_not_overwritten(engine):
    sessions = db.session_factory(engine)
    with sessions() as session:
        citizen = _citizen()
        session.add(citizen)
        session.commit()
        assert citizen.version == 1
    with sessions() as first, sessions() as second:
        mine, theirs = first.get(Citizen, citizen.id), second.get(Citizen, citizen.id)
        mine.phone = "20 30 40 50"
        first.commit()
        theirs.phone = "99 99 99 99"
        with pytest.raises(StaleDataError):
            second.commit()
    with sessions() as session:
        assert session.get(Citizen, citizen.id).phone == "20 30 40 50"


def test_foreign_keys_are_enforced(engine):
    from sqlalchemy.exc import IntegrityError

    with db.session_factory(engine)() as session:
        session.add(Caseworker(initials="xx", name="X", email="x@example.org", phone="1", team_id=999))
        with pytest.raises(IntegrityError):
            session.commit()


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_is_not_a_database_is_left_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("Dette er ikke en database.\n" * 200, encoding="utf-8")
    before = _digest(path)
    with pytest.raises(UserError) as error:
        db.open_engine(f"sqlite:///{path}")
    assert str(path) in error.value.message
    assert _digest(path) == before
    assert not (tmp_path / "notes.sqlite-wal").exists()


def test_another_programs_database_is_left_untouched(tmp_path):
    import sqlite3

    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    before = _digest(path)
    with pytest.raises(UserError, match="ikke hører til PrepDesk"):
        db.open_engine(f"sqlite:///{path}")
    assert _digest(path) == before


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("::::", "ikke gyldig"),
        ("mysql://user@host/db", "ikke understøtter"),
        ("postgresql+psycopg://prepdesk@127.0.0.1:1/prepdesk", "kan ikke få forbindelse"),
    ],
)
def test_bad_database_urls_get_a_sentence(url, expected):
    with pytest.raises(UserError, match=expected):
        db.open_engine(url)


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://kw:hemmelig@db.example/prepdesk",
    "postgresql+psycopg://kw@db.example/prepdesk?password=hemmelig",
    "not a url but hemmelig",
])
def test_a_password_is_never_shown(url):
    assert "hemmelig" not in db.masked_url(url)


def test_a_database_from_a_newer_prepdesk_is_refused(engine):
    from sqlalchemy import text

    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    with pytest.raises(UserError, match="nyere version af PrepDesk"):
        db.upgrade(engine)


@pytest.mark.parametrize(
    "url",
    ["not a url at all", "postgresql+psycopg://prepdesk@127.0.0.1:1/prepdesk", "oracle://x@y/z"],
)
def test_cli_says_what_to_do_with_exit_code_2_and_no_traceback(url, monkeypatch, capsys):
    monkeypatch.setenv("PREPDESK_DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert "database_url" in err or "nøgleringen" in err
    assert "Traceback" not in err


def test_cli_upgrades_the_configured_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PREPDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "current"]) == 0
    assert db.head_revision() in capsys.readouterr().out


def test_team_names_are_unique(engine):
    from sqlalchemy.exc import IntegrityError

    with db.session_factory(engine)() as session:
        session.add_all([Team(name="Team Vest"), Team(name="Team Vest")])
        with pytest.raises(IntegrityError):
            session.commit()


def test_a_folder_for_the_database_that_cannot_be_made_is_a_sentence(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(UserError, match=f"PrepDesk kan ikke oprette mappen {blocked / 'data'}"):
        db.open_engine(f"sqlite:///{blocked / 'data' / 'prepdesk.sqlite'}")


def test_a_database_sqlite_cannot_open_here_is_not_called_foreign(tmp_path, monkeypatch):
    """A folder without write permission: SQLite cannot make its -wal and -shm files, and
    says "attempt to write a readonly database". The file was called no PrepDesk database,
    with the advice to move it away. (Simulated: root may write anywhere.)"""
    import sqlite3

    path = tmp_path / "prepdesk.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + bytes(4080))

    def refused(*args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(sqlite3, "connect", refused)
    with pytest.raises(UserError) as raised:
        db.open_engine(f"sqlite:///{path}")
    assert f"skrive i mappen {tmp_path}" in raised.value.message
    assert "flyt" not in raised.value.message
