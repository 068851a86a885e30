"""End to end: the handover's letter reaches a real SMTP server (aiosmtpd on 127.0.0.1,
STARTTLS with a CA made for the test) through the outbox, once, as the new caseworker's
letter: their name, direct phone and e-mail, and the invitation to the joint meeting."""

from datetime import datetime, timedelta

from mail import Inbox, free_port, smtp_server, trusted_tls

from prepdesk import secrets
from prepdesk.config import Settings
from prepdesk.core.access import add_caseworker, find_user
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.handover_letter import tell_the_citizen
from prepdesk.data import db
from prepdesk.data.models import Citizen, Letter, Room
from prepdesk.delivery.outbox import send_due

SENDER = "jobcenter@fjordby.example"
CITIZEN_ADDRESS = "soeren@example.dk"
FRIDAY_AFTERNOON = datetime(2026, 11, 27, 14, 5, tzinfo=LOCAL_TIMEZONE)
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL_TIMEZONE)


def test_the_handover_letter_arrives_in_the_send_window(tmp_path, memory_keyring, monkeypatch):
    engine = db.open_engine(f"sqlite:///{tmp_path / 'prepdesk.sqlite'}")
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        add_caseworker(session, initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example",
                       phone="72 10 20 30", team="Team Vest")
        add_caseworker(session, initials="JH", name="Jens Holm", email="jh@fjordby.example",
                       phone="72 10 20 31", team="Team Vest")
        mette, jens = find_user(session, login="MKJ"), find_user(session, login="JH")
        citizen = Citizen(cpr="120587-1234", first_name="Søren", last_name="Møller",
                          search_name="soeren moeller", team_id=mette.team_id, email=CITIZEN_ADDRESS)
        room = Room(name="Mødelokale 2", location="Jobcentret, Torvet 1")
        session.add_all([citizen, room])
        session.commit()
        citizen_id = citizen.id
    tls = trusted_tls(tmp_path, monkeypatch)
    secrets.set_secret(secrets.SMTP_PASSWORD, "hemmeligt")
    port = free_port()
    settings = Settings(outbox_transport="smtp", smtp_host="127.0.0.1", smtp_port=port,
                        smtp_user="prepdesk", smtp_starttls=True, sender_address=SENDER)
    try:
        # Mette tells Søren on a Friday afternoon: the letter waits for Monday at 09:00.
        ctx = Context(sessions, mette, settings, clock=lambda: FRIDAY_AFTERNOON)
        told = tell_the_citizen(ctx, citizen_id, mette.id, jens.id,
                                datetime(2026, 12, 2, 10, 0, tzinfo=LOCAL_TIMEZONE))
        inbox = Inbox()
        with smtp_server(inbox, port, tls=tls):
            assert send_due(sessions, settings, FRIDAY_AFTERNOON + timedelta(hours=1)).sent == 0
            assert send_due(sessions, settings, MONDAY_9).sent == 1
            assert send_due(sessions, settings, MONDAY_9 + timedelta(minutes=5)).sent == 0
        assert len(inbox.envelopes) == 1
        envelope, received = inbox.envelopes[0], inbox.messages()[0]
        assert (envelope.mail_from, envelope.rcpt_tos) == (SENDER, [CITIZEN_ADDRESS])
        assert received["From"] == f"Jens Holm <{SENDER}>"
        assert received["Reply-To"] == "jh@fjordby.example"
        assert received["Subject"] == told.subject
        text = inbox.texts()[0]
        assert text == told.body
        for words in ("Jeg hedder Jens Holm. Før var det Mette Kjær.", "Telefon: 72 10 20 31",
                      "E-mail: jh@fjordby.example", "Onsdag den 2. december 2026 kl. 10.00."):
            assert words in text, words
        with sessions() as session:
            assert session.get(Letter, told.letter_id).status == "sent"
    finally:
        engine.dispose()
