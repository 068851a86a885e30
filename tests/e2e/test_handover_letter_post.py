"""End to end: the handover's letter goes through the outbox by Digital Post (issue 16: a
letter may carry health details, so never by e-mail), once, in the send window, as the new
caseworker's letter: their name, direct phone and e-mail, and the invitation to the joint
meeting. Digital Post's file transport writes the MeMo message and the letter's PDF to the
outbox folder, exactly what would have been sent (delivery/post.py)."""

import io
from datetime import datetime, timedelta

from office import open_office

from prepdesk.config import Settings
from prepdesk.core.access import add_caseworker, find_user
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.handover_letter import tell_the_citizen
from prepdesk.data.models import Letter, OutboxMessage, Room
from prepdesk.delivery.outbox import send_due

# The Digital Post transport is issue 16's delivery side.

SENDER = "jobcenter@fjordby.example"
FRIDAY_AFTERNOON = datetime(2026, 11, 27, 14, 5, tzinfo=LOCAL_TIMEZONE)
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL_TIMEZONE)


def _text(pdf) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_handover_letter_goes_by_digital_post_in_the_send_window(tmp_path):
    office = open_office(tmp_path, email="soeren@example.dk", preferred_channel="email",
                         address="Havnegade 4, 2. th.", postcode="7100", city="Vejle")
    engine, sessions, mette, citizen_id = (office.engine, office.sessions, office.mette,
                                           office.citizen_id)
    with sessions() as session:
        add_caseworker(session, initials="JH", name="Jens Holm", email="jh@fjordby.example",
                       phone="72 10 20 31", team="Team Vest")
        jens = find_user(session, login="JH")
        session.add(Room(name="Mødelokale 2", location="Jobcentret, Torvet 1"))
        session.commit()
    folder = tmp_path / "outbox"
    settings = Settings(outbox_transport="file", outbox_dir=folder, digital_post="file",
                        municipality_cvr="12345678", sender_address=SENDER)
    try:
        # Mette tells Søren on a Friday afternoon: the letter waits for Monday at 09:00.
        ctx = Context(sessions, mette, settings, clock=lambda: FRIDAY_AFTERNOON)
        told = tell_the_citizen(ctx, citizen_id, mette.id, jens.id,
                                datetime(2026, 12, 2, 10, 0, tzinfo=LOCAL_TIMEZONE))
        assert send_due(sessions, settings, FRIDAY_AFTERNOON + timedelta(hours=1)).sent == 0
        assert send_due(sessions, settings, MONDAY_9).sent == 1
        assert send_due(sessions, settings, MONDAY_9 + timedelta(minutes=5)).sent == 0
        # He prefers e-mail, but the letter went by Digital Post: no e-mail was written.
        assert list(folder.glob("*.eml")) == []
        [pdf] = folder.glob("digitalpost-*.pdf")
        assert pdf.with_suffix(".xml").exists()
        text = _text(pdf)
        for words in ("Jeg hedder Jens Holm. Før var det Mette Kjær.", "Telefon: 72 10 20 31",
                      "E-mail: jh@fjordby.example", "Onsdag den 2. december 2026 kl. 10.00."):
            assert words in text, words
        with sessions() as session:
            assert session.get(Letter, told.letter_id).status == "sent"
            assert session.get(OutboxMessage, told.message_id).channel == "digital_post"
    finally:
        engine.dispose()
