"""End to end: an e-mail through a real SMTP server (aiosmtpd on 127.0.0.1).

The e-mail is the one core sends a citizen by e-mail since invitations go by Digital Post
(issue 16, core/channels.py): the notes' approval e-mail, with the link and the caseworker's
direct contact. It arrives once and parses; while the server is down the message waits
with a visible error, and when the server is back it is delivered once, with the
Message-ID stored when it was queued. The server
offers STARTTLS with a certificate from a CA made for the test: PrepDesk logs in only over
TLS (tests/e2e/test_smtp_password.py).
"""

from datetime import datetime, timedelta

import pytest
from mail import Inbox, free_port, smtp_server, trusted_tls
from office import open_office
from sqlmodel import select

from prepdesk import secrets
from prepdesk.config import Settings
from prepdesk.core import meeting_mode, notes
from prepdesk.core.approval import send_for_approval
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.meetings import create_meeting
from prepdesk.core.outbox import enqueue
from prepdesk.data.models import AgendaItem, OutboxMessage, Room
from prepdesk.delivery.outbox import send_due

SENDER = "jobcenter@fjordby.example"
CITIZEN_ADDRESS = "soeren@example.dk"
MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=LOCAL_TIMEZONE)
SEND_AT = MONDAY + timedelta(hours=2)
KEY = "test-signing-key-not-secret"


@pytest.fixture
def office(tmp_path):
    office = open_office(tmp_path, email=CITIZEN_ADDRESS)
    with office.sessions() as session:
        room = Room(name="Mødelokale 2", location="Jobcentret, Torvet 1")
        session.add(room)
        session.commit()
        yield office.sessions, office.mette, office.citizen_id, room.id
    office.engine.dispose()


def _queue_notes_e_mail(office, starts_at):
    """A meeting at `starts_at` (Monday morning), its notes finished half an hour after it
    began and sent for approval five minutes later: the e-mail queued."""
    sessions, user, citizen_id, room_id = office

    def ctx(at):
        return Context(sessions, user, Settings(sender_address=SENDER), clock=lambda: at)

    meeting_id = create_meeting(ctx(MONDAY), citizen_id, kind="follow_up", starts_at=starts_at,
                                room_id=room_id).id
    with sessions() as session:
        session.add(AgendaItem(meeting_id=meeting_id, position=1, title="Sygemelding"))
        session.commit()
    content = meeting_mode.start(ctx(starts_at), meeting_id).content
    note = notes.finish(ctx(starts_at + timedelta(minutes=30)), meeting_id, content)
    sent = send_for_approval(ctx(starts_at + timedelta(minutes=35)), note.note_id, key=KEY)
    message = _message(sessions, sent.message_id)
    return message.id, message.message_id, sent.link


def _message(sessions, message_id):
    with sessions() as session:
        return session.get(OutboxMessage, message_id)


def test_an_invitation_arrives_once_even_when_the_server_was_down(
        office, memory_keyring, tmp_path, monkeypatch):
    sessions = office[0]
    tls = trusted_tls(tmp_path, monkeypatch)
    secrets.set_secret(secrets.SMTP_PASSWORD, "hemmeligt")
    port = free_port()
    settings = Settings(outbox_transport="smtp", smtp_host="127.0.0.1", smtp_port=port,
                        smtp_user="prepdesk", smtp_starttls=True, sender_address=SENDER)
    inbox = Inbox()

    first_id, first_message_id, link = _queue_notes_e_mail(office, MONDAY + timedelta(minutes=15))
    with smtp_server(inbox, port, tls=tls):
        assert send_due(sessions, settings, SEND_AT).sent == 1
        assert send_due(sessions, settings, SEND_AT + timedelta(minutes=5)).sent == 0
    assert len(inbox.envelopes) == 1
    envelope, received = inbox.envelopes[0], inbox.messages()[0]
    assert (envelope.mail_from, envelope.rcpt_tos) == (SENDER, [CITIZEN_ADDRESS])
    assert received["Message-ID"] == first_message_id
    assert received["Subject"] == "Referatet af dit møde 23. november 2026 er klar"
    assert received["Reply-To"] == "mkj@fjordby.example"
    text = inbox.texts()[0]
    assert link in text and "Sygemelding" not in text  # the link, nothing of the case
    assert "Mette Kjær\n" in text and "Telefon 72 10 20 30" in text
    assert "E-mail mkj@fjordby.example" in text

    # The server is down: the next e-mail waits, failed, with a reason to read.
    second_id, second_message_id, _link = _queue_notes_e_mail(office, MONDAY + timedelta(hours=1))
    down = send_due(sessions, settings, SEND_AT + timedelta(hours=1))
    waiting = _message(sessions, second_id)
    assert (down.failed, waiting.status, waiting.attempts) == (1, "failed", 1)
    assert f"127.0.0.1:{port}" in waiting.last_error and "refused" in waiting.last_error.lower()

    # Back up: delivered at the next attempt, once, the same message.
    with smtp_server(inbox, port, tls=tls):
        assert send_due(sessions, settings, waiting.next_attempt_at).sent == 1
        assert send_due(sessions, settings, waiting.next_attempt_at + timedelta(hours=1)).sent == 0
    assert [m["Message-ID"] for m in inbox.messages()] == [first_message_id, second_message_id]
    assert _message(sessions, second_id).status == "sent"
    assert _message(sessions, first_id).attempts == 0


def test_a_refused_address_is_not_retried_by_itself(office, memory_keyring, tmp_path, monkeypatch):
    sessions, _user, citizen_id, _room = office
    tls = trusted_tls(tmp_path, monkeypatch)
    secrets.set_secret(secrets.SMTP_PASSWORD, "hemmeligt")
    port = free_port()
    settings = Settings(outbox_transport="smtp", smtp_host="127.0.0.1", smtp_port=port,
                        smtp_user="prepdesk", smtp_starttls=True, sender_address=SENDER)
    with sessions() as session:
        message = enqueue(session, to_address="nobody@example.dk", subject="Hej", body="Hej.\n",
                          not_before=SEND_AT, now=MONDAY, sender=SENDER, citizen_id=citizen_id)
        session.commit()
    inbox = Inbox()
    with smtp_server(inbox, port, tls=tls):
        report = send_due(sessions, settings, SEND_AT)
    refused = _message(sessions, message.id)
    assert report.failed == 1 and inbox.envelopes == []
    assert (refused.status, refused.next_attempt_at) == ("failed", None)
    assert "550" in refused.last_error and "nobody@example.dk" in refused.last_error


def test_a_wrong_password_is_said_plainly(office, memory_keyring, tmp_path, monkeypatch):
    sessions = office[0]
    tls = trusted_tls(tmp_path, monkeypatch)
    secrets.set_secret(secrets.SMTP_PASSWORD, "forkert")
    port = free_port()
    settings = Settings(outbox_transport="smtp", smtp_host="127.0.0.1", smtp_port=port,
                        smtp_user="prepdesk", smtp_starttls=True, sender_address=SENDER)
    message_id, *_rest = _queue_notes_e_mail(office, MONDAY + timedelta(minutes=15))
    with smtp_server(Inbox(), port, tls=tls):
        send_due(sessions, settings, SEND_AT)
    failed = _message(sessions, message_id)
    assert failed.status == "failed" and "smtp-password" in failed.last_error
    with sessions() as session:
        assert session.exec(select(OutboxMessage.status)).all() == ["failed"]
