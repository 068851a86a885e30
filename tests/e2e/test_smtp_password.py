"""The SMTP password never goes over the wire in clear (issue 10, item 7).

A real aiosmtpd server behind a wire tap that keeps every byte PrepDesk sends: the
server without TLS would take a login in clear, so only PrepDesk's refusal keeps the
password off the wire. With STARTTLS or SMTPS (port 465) the login works, encrypted.
"""

from base64 import b64encode
from datetime import datetime

import pytest
from mail import Inbox, WireTap, free_port, smtp_server, trusted_tls
from office import open_office
from sqlmodel import select

from prepdesk import secrets
from prepdesk.config import Settings
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.outbox import enqueue
from prepdesk.data.models import OutboxMessage
from prepdesk.delivery import transports
from prepdesk.delivery.outbox import send_due
from prepdesk.errors import UserError

SENDER = "jobcenter@fjordby.example"
PASSWORD = "hemmeligt"  # what tests/e2e/mail.py's server accepts for the user prepdesk
SEND_AT = datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL_TIMEZONE)  # a Monday, in the window
# The password as it would look on the wire: itself, AUTH LOGIN's and AUTH PLAIN's base64.
IN_CLEAR = (PASSWORD.encode(), b64encode(PASSWORD.encode()),
            b64encode(b"\0prepdesk\0" + PASSWORD.encode()))


@pytest.fixture
def office(tmp_path, memory_keyring):
    office = open_office(tmp_path)
    with office.sessions() as session:
        enqueue(session, to_address="soeren@example.dk", subject="Møde", body="Hej.\n",
                not_before=SEND_AT, now=SEND_AT, sender=SENDER, citizen_id=office.citizen_id)
        session.commit()
    secrets.set_secret(secrets.SMTP_PASSWORD, PASSWORD)
    yield office.sessions
    office.engine.dispose()


def settings(port: int, *, starttls: bool) -> Settings:
    return Settings(outbox_transport="smtp", smtp_host="127.0.0.1", smtp_port=port,
                    smtp_user="prepdesk", smtp_starttls=starttls, sender_address=SENDER)


def statuses(sessions) -> list[tuple[str, str]]:
    with sessions() as session:
        return [(m.status, m.last_error) for m in session.exec(select(OutboxMessage))]


def assert_no_password(wire: bytes) -> None:
    assert not any(secret in wire for secret in IN_CLEAR)


def test_without_tls_prepdesk_refuses_to_log_in_and_says_so(office):
    inbox, port = Inbox(), free_port()
    with smtp_server(inbox, port):  # would accept AUTH in clear
        tap = WireTap(port)
        try:
            with pytest.raises(UserError) as refused:
                send_due(office, settings(tap.port, starttls=False), SEND_AT)
        finally:
            tap.close()
    assert "smtp_starttls" in refused.value.message and "465" in refused.value.message
    assert "ukrypteret" in refused.value.message
    assert b"AUTH" not in tap.sent.upper()
    assert_no_password(tap.sent)
    assert (inbox.envelopes, statuses(office)) == ([], [("queued", "")])


def test_a_server_without_starttls_gets_no_password(office):
    inbox, port = Inbox(), free_port()
    with smtp_server(inbox, port):
        tap = WireTap(port)
        try:
            report = send_due(office, settings(tap.port, starttls=True), SEND_AT)
        finally:
            tap.close()
    assert report.failed == 1 and inbox.envelopes == []
    assert b"AUTH" not in tap.sent.upper()
    assert_no_password(tap.sent)
    [(status, error)] = statuses(office)
    assert status == "failed" and "STARTTLS" in error


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "smtps"])
def test_over_tls_the_login_works_and_the_password_is_never_in_clear(
        office, tmp_path, monkeypatch, implicit):
    tls = trusted_tls(tmp_path, monkeypatch)
    inbox, port = Inbox(), free_port()
    with smtp_server(inbox, port, tls=tls, implicit=implicit):
        tap = WireTap(port)
        if implicit:  # port 465 stands for SMTPS; here the tap's port does
            monkeypatch.setattr(transports, "IMPLICIT_TLS_PORTS", frozenset({tap.port}))
        try:
            report = send_due(office, settings(tap.port, starttls=not implicit), SEND_AT)
        finally:
            tap.close()
    assert (report.sent, len(inbox.envelopes)) == (1, 1)  # logged in: the server took it
    assert (b"STARTTLS" in tap.sent.upper()) is not implicit
    assert_no_password(tap.sent)
    assert statuses(office) == [("sent", "")]
