"""Migration 0004 (aktindsigt, issue 12 item 4): a request registered before it is kept,
with no registrar, nothing asked in words and no answer channel; it goes back down; on
SQLite and PostgreSQL."""

from datetime import UTC, datetime

from sqlalchemy import text
from support.migrations import columns, migrate_to

from prepdesk.data import db

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NEW = {"registered_by_id", "what_asked", "answered_how"}


def test_a_request_from_before_0004_is_kept_and_it_goes_back_down(db_url):
    engine = db.open_engine(db_url)
    try:
        migrate_to(engine, "0003")
        assert NEW & columns(engine, "accessrequest") == set()
        with engine.begin() as connection:
            for row in [
                "INSERT INTO team (id, name, job_centre) VALUES (1, 'Vest', '')",
                "INSERT INTO caseworker (id, initials, name, role, title, email, phone, active,"
                " version) VALUES (1, 'MK', 'Mette', 'caseworker', 'J', 'm@x.dk', '1', true, 1)",
                "INSERT INTO citizen (id, cpr, first_name, last_name, search_name, address,"
                " postcode, city, preferred_channel, active, assessment, version) VALUES"
                " (1, '120587-1234', 'S', 'M', 's m', '', '', '', 'email', true, '', 1)",
                "INSERT INTO accessrequest (id, citizen_id, received_at, due_on, handled_by_id)"
                " VALUES (1, 1, :at, '2026-12-02', 1)",
            ]:
                connection.execute(text(row), {"at": AT.isoformat()})
        migrate_to(engine, "head")
        with engine.connect() as connection:
            assert connection.execute(text(
                "SELECT registered_by_id, what_asked, answered_how, handled_by_id"
                " FROM accessrequest")).one() == (None, "", "", 1)
        assert db.current_revision(engine) == db.head_revision()
        migrate_to(engine, "0003", down=True)
        assert NEW & columns(engine, "accessrequest") == set()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM accessrequest")).scalar() == 1
    finally:
        engine.dispose()
