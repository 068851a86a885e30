"""Migration 0003 (notes given without the e-mail, issue 11 item 2): a database in use (its
requests pointed at by the outbox and corrections) is upgraded, requests made before it
went by e-mail, and it goes back down; on SQLite and PostgreSQL."""

from datetime import UTC, datetime

from sqlalchemy import text
from support.migrations import columns, migrate_to

from prepdesk.data import db

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_requests_sent_before_0003_went_by_email_and_it_goes_back_down(db_url):
    engine = db.open_engine(db_url)
    try:
        migrate_to(engine, "0002")
        assert "channel" not in columns(engine, "approvalrequest")
        with engine.begin() as connection:
            rows = [
                "INSERT INTO team (id, name, job_centre) VALUES (1, 'Vest', '')",
                "INSERT INTO caseworker (id, initials, name, role, title, email, phone, active,"
                " version) VALUES (1, 'MK', 'Mette', 'caseworker', 'J', 'm@x.dk', '1', true, 1)",
                "INSERT INTO citizen (id, cpr, first_name, last_name, search_name, address,"
                " postcode, city, preferred_channel, active, assessment, version) VALUES"
                " (1, '120587-1234', 'S', 'M', 's m', '', '', '', 'email', true, '', 1)",
                "INSERT INTO meeting (id, citizen_id, caseworker_id, kind, starts_at, minutes,"
                " place, purpose, job_goal, status, agenda_version, version) VALUES"
                " (1, 1, 1, 'follow_up', :at, 45, '', '', '', 'held', 0, 1)",
                "INSERT INTO note (id, meeting_id, citizen_id, author_id, current_version,"
                " status, version) VALUES (1, 1, 1, 1, 1, 'sent', 1)",
                "INSERT INTO approvalrequest (id, note_id, note_version, public_id, nonce,"
                " sent_at, expires_at, status, failed_checks, version) VALUES"
                " (1, 1, 1, 'p', 'n', :at, :at, 'pending', 0, 1)",
                # Rows pointing at the request: a copy of the table on SQLite was refused.
                "INSERT INTO outboxmessage (id, message_id, approval_request_id, to_address,"
                " subject, body, created_at, not_before, status, attempts, last_error, version)"
                " VALUES (1, '<1@x>', 1, 's@x.dk', 'Referat', '', :at, :at, 'sent', 1, '', 1)",
                "INSERT INTO correction (id, approval_request_id, note_id, section,"
                " original_text, proposed_text, comment, received_at, status, rejection_reason,"
                " version) VALUES (1, 1, 1, 'facts', 'a', 'b', '', :at, 'pending', '', 1)",
            ]
            for row in rows:
                connection.execute(text(row), {"at": AT.isoformat()})
        migrate_to(engine, "head")
        with engine.connect() as connection:
            assert connection.execute(text(
                "SELECT channel, answer_recorded_by_id FROM approvalrequest")).one() == ("email", None)
        assert db.current_revision(engine) == db.head_revision()
        with engine.begin() as connection:  # down again, without the rows pointing at it
            connection.execute(text("DELETE FROM correction"))
            connection.execute(text("DELETE FROM outboxmessage"))
        migrate_to(engine, "0002", down=True)
        assert {"channel", "answer_recorded_by_id"} & columns(engine, "approvalrequest") == set()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM approvalrequest")).scalar() == 1
    finally:
        engine.dispose()
