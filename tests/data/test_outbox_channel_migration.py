"""Migration 0011: the channel an outbox message takes, up and down on both databases;
messages queued before it were e-mails."""

from __future__ import annotations

from sqlalchemy import text
from support.migrations import columns, migrate_to

from prepdesk.data import db


def test_the_channel_comes_and_goes_and_old_messages_were_emails(db_url):
    engine = db.open_engine(db_url)
    try:
        migrate_to(engine, "0010")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO outboxmessage (message_id, to_address, subject, body, created_at,"
                " not_before, status, attempts, last_error, version)"
                " VALUES ('<a@b>', 'a@b.dk', 's', 'b', '2026-12-01 08:00:00+00:00',"
                " '2026-12-01 08:00:00+00:00', 'queued', 0, '', 1)"))
        db.upgrade(engine)
        assert "channel" in columns(engine, "outboxmessage")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT channel FROM outboxmessage")).scalar_one() == "email"
        migrate_to(engine, "0010", down=True)
        assert "channel" not in columns(engine, "outboxmessage")
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision() == "0011"
    finally:
        engine.dispose()
