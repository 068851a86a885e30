"""Migration 0007 (handover, issue 13): a handover stored before it is kept, `complete` when
it was completed and `open` otherwise, its note counted as written and its
acknowledgements intact; it goes back down with them; on SQLite and PostgreSQL."""

from datetime import UTC, datetime

from sqlalchemy import text
from support.migrations import columns, migrate_to

from prepdesk.data import db

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NEW = {"status", "reason", "effective_on", "started_by_id", "approved_by_id", "moved_at",
       "note_done_at", "section_notes"}


def test_handovers_from_before_0007_are_kept_and_it_goes_back_down(db_url):
    engine = db.open_engine(db_url)
    try:
        migrate_to(engine, "0006")
        assert NEW & columns(engine, "handover") == set()
        with engine.begin() as connection:
            for row in [
                "INSERT INTO team (id, name, job_centre) VALUES (1, 'Vest', '')",
                "INSERT INTO caseworker (id, initials, name, role, title, email, phone, active,"
                " version) VALUES (1, 'MK', 'Mette', 'caseworker', 'J', 'm@x.dk', '1', true, 1)",
                "INSERT INTO caseworker (id, initials, name, role, title, email, phone, active,"
                " version) VALUES (2, 'JH', 'Jens', 'caseworker', 'J', 'j@x.dk', '2', true, 1)",
                "INSERT INTO citizen (id, cpr, first_name, last_name, search_name, address,"
                " postcode, city, preferred_channel, active, assessment, version) VALUES"
                " (1, '120587-1234', 'S', 'M', 's m', '', '', '', 'email', true, '', 1)",
                "INSERT INTO handover (id, citizen_id, from_caseworker_id, to_caseworker_id,"
                " created_at, personal_note, dossier, completed_at, version) VALUES"
                " (1, 1, 1, 2, :at, 'Ring før 10', '{}', :at, 1)",
                "INSERT INTO handover (id, citizen_id, from_caseworker_id, to_caseworker_id,"
                " created_at, personal_note, dossier, version) VALUES"
                " (2, 1, 2, 1, :at, '', '{}', 1)",
                "INSERT INTO handoverack (handover_id, section, acknowledged_at) VALUES"
                " (1, 'summary', :at)",
            ]:
                connection.execute(text(row), {"at": AT.isoformat()})
        migrate_to(engine, "head")
        assert NEW <= columns(engine, "handover")
        assert "away_until" in columns(engine, "caseworker")
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT id, status, reason, effective_on, moved_at, note_done_at IS NOT NULL,"
                " personal_note FROM handover ORDER BY id")).all()
            assert [tuple(r) for r in rows] == [(1, "complete", "", None, None, True, "Ring før 10"),
                                                (2, "open", "", None, None, True, "")]
        assert db.current_revision(engine) == db.head_revision()
        migrate_to(engine, "0006", down=True)
        assert NEW & columns(engine, "handover") == set()
        assert "away_until" not in columns(engine, "caseworker")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM handover")).scalar() == 2
            assert connection.execute(text("SELECT count(*) FROM handoverack")).scalar() == 1
    finally:
        engine.dispose()
