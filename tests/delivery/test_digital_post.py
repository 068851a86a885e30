"""Digital Post as the citizen receives it (issue 16): the MeMo message, the letter's PDF, the
file transport that writes exactly what would have been sent, and who sends it.

Runs on SQLite and PostgreSQL (`db_url`): the letter, citizen, author and meeting are read
from the database when the message is sent.
"""

import base64
import io
import sys
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from support.memo import parse_memo
from support.post import (
    CVR,
    JOB_CENTRE,
    ROOM,
    SEND_AT,
    outbox_row,
    post_settings,
    queue_invitation,
)
from support.world import build_world

from prepdesk.data import models as m
from prepdesk.delivery.memo import library, memo_uuid
from prepdesk.delivery.outbox import send_due
from prepdesk.delivery.transports import DeliveryError


@pytest.fixture
def world(db_url):
    yield from build_world(db_url)


def _sent_files(settings, queued, prefix="digitalpost"):
    stem = f"{prefix}-{memo_uuid(queued.message_id)}"
    folder = settings.resolved_outbox_dir()
    return folder / f"{stem}.xml", folder / f"{stem}.pdf"


def _plain(text):
    return " ".join(text.split())


def test_the_memo_of_an_invitation_parses_back_with_everything_the_citizen_sees(world, tmp_path):
    queued = queue_invitation(world)
    settings = post_settings(tmp_path)
    report = send_due(world.sessions, settings, SEND_AT)
    assert (report.sent, report.failed) == (1, 0), report.problems
    xml, pdf = _sent_files(settings, queued)
    memo = parse_memo(xml.read_bytes())

    header = memo.messageHeader
    assert header.messageType == "DIGITALPOST"
    assert header.messageUUID == memo_uuid(queued.message_id)
    assert header.label == "Indkaldelse til møde 2. december 2026 kl. 10.00"
    sender = header.sender
    assert (sender.senderID, sender.idType, sender.label) == (CVR, "CVR", JOB_CENTRE)
    assert sender.contactPoint.label == "Mette Kjær"
    assert {(info.label, info.value) for info in sender.contactPoint.contactInfo} == {
        ("Telefon", "72 10 20 30"), ("E-mail", "mkj@fjordby.example")}
    assert sender.attentionData.attentionPerson.label == "Mette Kjær"
    assert sender.attentionData.telephone.telephoneNumber == "72 10 20 30"
    assert sender.attentionData.email.emailAddress == "mkj@fjordby.example"
    recipient = header.recipient
    assert (recipient.recipientID, recipient.idType, recipient.label) == (
        "1205871234", "CPR", "Søren Møller")

    document = memo.messageBody.mainDocument
    (file,) = document.files
    assert (file.encodingFormat, file.filename, file.language) == (
        "application/pdf", "indkaldelse-2026-12-02.pdf", "da")
    assert base64.b64decode(file.content) == pdf.read_bytes()
    (action,) = document.actions
    # 10.00 to 10.45 in Copenhagen is 09.00 to 09.45 UTC ("Z"): a calendar gets it right.
    start, end = datetime(2026, 12, 2, 9, 0, tzinfo=UTC), datetime(2026, 12, 2, 9, 45, tzinfo=UTC)
    assert (action.actionCode, action.startDateTime, action.endDateTime) == ("AFTALE", start, end)
    assert action.label == "Sæt mødet i din kalender"
    reservation = action.reservation
    assert reservation.location == ", ".join(ROOM)
    assert (reservation.startDateTime, reservation.endDateTime) == (start, end)
    assert (reservation.organizerName, reservation.organizerMail) == (
        "Mette Kjær", "mkj@fjordby.example")
    assert reservation.description == "Møde på jobcentret"


def test_the_pdf_holds_the_agenda_the_companion_sentence_and_my_direct_contact(world, tmp_path):
    queued = queue_invitation(world)
    settings = post_settings(tmp_path)
    send_due(world.sessions, settings, SEND_AT)
    _xml, pdf = _sent_files(settings, queued)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = _plain("\n".join(page.extract_text() for page in reader.pages))

    assert len(queued.agenda) >= 2
    for number, title in enumerate(queued.agenda, start=1):
        assert _plain(f"{number}. {title}") in text
    assert _plain("Du må gerne tage en person med, som du stoler på.") in text
    assert "Birthe Møller er også velkommen." in text
    assert "Telefon: 72 10 20 30" in text and "E-mail: mkj@fjordby.example" in text
    assert "Søren Møller Havnegade 4, 2. th. 7100 Vejle" in text  # the envelope's window
    # Accessible as far as fpdf2 goes: real text (above), Danish, a title the reader shows.
    assert reader.metadata.title == queued.subject
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert bool(reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"])
    assert [item.title for item in reader.outline] == [queued.subject]


def test_the_file_transport_writes_the_xml_and_the_pdf_once_per_message(world, tmp_path):
    queued = queue_invitation(world)
    settings = post_settings(tmp_path)
    send_due(world.sessions, settings, SEND_AT)
    xml, pdf = _sent_files(settings, queued)
    folder = settings.resolved_outbox_dir()
    assert sorted(path.name for path in folder.iterdir()) == sorted([xml.name, pdf.name])
    assert xml.read_bytes().startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert (folder.stat().st_mode & 0o777) == 0o700
    row = outbox_row(world, queued.outbox_id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 0, "")
    with world.sessions() as session:
        assert session.get(m.Letter, queued.letter_id).status == "sent"
    # Sent again (a sender that died before marking it sent): the same two files.
    with world.sessions() as session:
        session.get(m.OutboxMessage, queued.outbox_id).status = "queued"
        session.commit()
    send_due(world.sessions, settings, SEND_AT + timedelta(minutes=5))
    assert sorted(path.name for path in folder.iterdir()) == sorted([xml.name, pdf.name])


def test_remote_print_writes_the_kombi_request_with_the_stable_id(world, tmp_path):
    queued = queue_invitation(world, channel="remote_print")
    settings = post_settings(tmp_path, remote_print_type=4711)
    report = send_due(world.sessions, settings, SEND_AT)
    assert report.sent == 1, report.problems
    xml, pdf = _sent_files(settings, queued, "fjernprint")
    root = ElementTree.fromstring(xml.read_bytes())
    assert root.tag == "kombi_request"
    assert root.findtext("KombiValgKode") == "Fysisk Post"
    texts = {element.tag.rpartition("}")[2]: element.text for element in root.iter()}
    assert texts["AfsendelseIdentifikator"] == memo_uuid(queued.message_id)
    assert texts["ForsendelseTypeIdentifikator"] == "4711"
    assert base64.b64decode(texts["MeddelelseIndholdData"]) == pdf.read_bytes()


def test_the_demo_app_sends_its_letters_to_its_own_folder(world, tmp_path, monkeypatch):
    """The app takes the demo's settings as they are made (no validation): the folder once
    came as text, and the sender stopped at the first letter ('str' has no mkdir)."""
    from prepdesk.demo.settings import demo_settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    queued = queue_invitation(world, channel="remote_print")
    settings = demo_settings(post_settings(tmp_path), "small")
    report = send_due(world.sessions, settings, SEND_AT)
    assert (report.sent, report.failed) == (1, 0)
    assert _sent_files(settings, queued, prefix="fjernprint")[0].parent == (
        tmp_path / "prepdesk" / "demo-small-outbox")


def test_a_citizen_without_an_address_gets_no_paper_and_the_caseworker_is_told(world, tmp_path):
    queued = queue_invitation(world, channel="remote_print")
    with world.sessions() as session:
        citizen = session.get(m.Citizen, world.citizen.id)
        citizen.address = citizen.postcode = citizen.city = ""
        session.commit()
    report = send_due(world.sessions, post_settings(tmp_path), SEND_AT)
    assert (report.sent, report.failed) == (0, 1)
    row = outbox_row(world, queued.outbox_id)
    assert row.status == "failed" and row.next_attempt_at is None  # waits for the correction
    assert row.last_error == ("Borgeren har ingen postadresse, så brevet kan ikke sendes med "
                              "posten. Tilføj adressen i borgerens sag.")


def test_a_caseworkers_app_leaves_digital_post_through_kombit_to_the_sender_service(world, tmp_path):
    queued = queue_invitation(world)
    kombit = post_settings(tmp_path, digital_post="kombit")
    report = send_due(world.sessions, kombit, SEND_AT, author_id=world.me.id)
    assert (report.sent, report.failed) == (0, 0)
    assert outbox_row(world, queued.outbox_id).status == "queued"
    # Written to the folder (the demo, trying it out), the app sends it itself.
    report = send_due(world.sessions, post_settings(tmp_path), SEND_AT, author_id=world.me.id)
    assert report.sent == 1
    assert outbox_row(world, queued.outbox_id).status == "sent"


def test_without_the_library_digital_post_says_which_python_it_needs(monkeypatch):
    monkeypatch.setitem(sys.modules, "python_serviceplatformen.models", None)
    monkeypatch.delitem(sys.modules, "python_serviceplatformen.models.message", raising=False)
    with pytest.raises(DeliveryError) as raised:
        library()
    assert raised.value.transport_down
    assert raised.value.sentence == (
        "Digital Post kræver biblioteket python-serviceplatformen, som kun kører på Python "
        "3.11 eller 3.12. Installér PrepDesk på Python 3.11 eller 3.12 til afsendertjenesten.")


def test_a_phone_meeting_is_named_so_in_the_title():
    from prepdesk.core.context import LOCAL_TIMEZONE
    from prepdesk.delivery.memo import Appointment, PostLetter, title
    from prepdesk.export.letter_pdf import Contact, LetterDocument

    at = datetime(2026, 12, 16, 14, 0, tzinfo=LOCAL_TIMEZONE)
    document = LetterDocument("Telefonmøde 16. dec.", "Kære Søren", "Søren Møller", (),
                              JOB_CENTRE, Contact("Mette Kjær", "", "", ""), at)
    phone = Appointment(1, at, at + timedelta(minutes=20), "I telefonen", "Telefonmøde",
                        by_phone=True)
    letter = PostLetter(1, "<1@fjordby.example>", "digital_post", "invitation", "1205871234",
                        "MKJ", document, phone)
    assert title(letter) == "Indkaldelse til telefonmøde 16. december 2026 kl. 14.00"
    handover = PostLetter(1, "<1@fjordby.example>", "digital_post", "handover", "1205871234",
                          "MKJ", document, phone)
    assert title(handover) == "Telefonmøde 16. dec."  # not an invitation: its subject


def test_control_characters_from_data_never_reach_the_memo(world, tmp_path):
    queued = queue_invitation(world)
    with world.sessions() as session:
        session.get(m.Citizen, world.citizen.id).last_name = "Møller\x1b[2J\x07\x0b"
        room = session.get(m.Meeting, queued.meeting_id).room_id
        session.get(m.Room, room).location = "Torvet 1\n\x01anden linje"
        session.commit()
    settings = post_settings(tmp_path)
    assert send_due(world.sessions, settings, SEND_AT).sent == 1
    xml, _pdf = _sent_files(settings, queued)
    memo = parse_memo(xml.read_bytes())  # well-formed XML 1.0
    assert memo.messageHeader.recipient.label == "Søren Møller[2J"
    (action,) = memo.messageBody.mainDocument.actions
    assert action.reservation.location == "Mødelokale 2, Torvet 1 anden linje"


def test_characters_xml_cannot_hold_never_reach_the_memo(world, tmp_path):
    # U+FFFE and U+FFFF are stored as typed (prepdesk.text.storable) and pass `displayable`,
    # but XML 1.0 cannot hold them: the whole MeMo message would be malformed.
    queued = queue_invitation(world)
    with world.sessions() as session:
        session.get(m.Citizen, world.citizen.id).last_name = "Møller\ufffe\uffff < & ]]>"
        room = session.get(m.Meeting, queued.meeting_id).room_id
        session.get(m.Room, room).location = "Torvet\uffff 1"
        session.commit()
    settings = post_settings(tmp_path)
    assert send_due(world.sessions, settings, SEND_AT).sent == 1
    xml, _pdf = _sent_files(settings, queued)
    memo = parse_memo(xml.read_bytes())
    assert memo.messageHeader.recipient.label == "Søren Møller < & ]]>"
    (action,) = memo.messageBody.mainDocument.actions
    assert action.reservation.location == "Mødelokale 2, Torvet 1"


class _MovedWhileSending:
    """A Digital Post transport during whose first send a colleague moves the meeting, and
    which then fails for a moment (KOMBIT busy); it records what it sends after."""

    def __init__(self, world, meeting_id):
        self.world, self.meeting_id, self.sent = world, meeting_id, []

    def send(self, letter, now):
        if self.meeting_id is not None:
            from prepdesk.core.meetings import reschedule

            with self.world.sessions() as session:
                meeting = session.get(m.Meeting, self.meeting_id)
                seen, starts_at, room = meeting.version, meeting.starts_at, meeting.room_id
            reschedule(self.world.ctx(), self.meeting_id, seen_version=seen,
                       starts_at=starts_at + timedelta(days=1), room_id=room)
            self.meeting_id = None
            raise DeliveryError("KOMBIT har travlt.", transport_down=True)
        self.sent.append(letter)

    def close(self):
        pass


def test_an_invitation_whose_meeting_moved_while_it_was_being_sent_never_goes(world, tmp_path):
    # The move withdraws what waits, but not what the sender holds: had that failed, the
    # next round (or s on my day) sent the old time, with the new time in its calendar action.
    queued = queue_invitation(world)
    settings = post_settings(tmp_path)
    transport = _MovedWhileSending(world, queued.meeting_id)
    send_due(world.sessions, settings, SEND_AT, post_transport=transport)
    for minutes in (1, 2, 60):
        send_due(world.sessions, settings, SEND_AT + timedelta(minutes=minutes),
                 post_transport=transport)
    assert transport.sent == []
    assert outbox_row(world, queued.outbox_id).status == "withdrawn"


def test_kombit_without_a_keyring_says_where_the_certificate_goes_and_e_mails_still_go(
        world, tmp_path):
    import keyring
    from keyring.backends import fail

    from prepdesk.core.outbox import enqueue
    from prepdesk.delivery.post import KombitTransport

    keyring.set_keyring(fail.Keyring())  # a bare server, as the demo's machine
    queued = queue_invitation(world)
    with world.sessions() as session:
        email = enqueue(session, to_address="soeren@example.dk", subject="Husk mødet",
                        body="Se Digital Post.", not_before=SEND_AT, now=SEND_AT,
                        sender="jobcenter@fjordby.example", letter_id=queued.letter_id,
                        citizen_id=world.citizen.id)
        session.commit()
    settings = post_settings(tmp_path, digital_post="kombit")
    report = send_due(world.sessions, settings, SEND_AT, post_transport=KombitTransport(settings))
    assert (report.sent, report.failed) == (1, 1)
    assert outbox_row(world, email.id).status == "sent"
    row = outbox_row(world, queued.outbox_id)
    assert row.status == "failed" and row.next_attempt_at is not None
    assert row.last_error.startswith("Der er intet KOMBIT-certifikat: denne computer har ingen "
                                     "nøglering og ingen legitimationsfiler.")


def test_a_citizen_without_cpr_digits_waits_for_the_caseworker_then_goes_once(world, tmp_path):
    from prepdesk.core.outbox import failed_messages, retry

    queued = queue_invitation(world)
    with world.sessions() as session:
        citizen = session.get(m.Citizen, world.citizen.id)
        cpr, citizen.cpr = citizen.cpr, "120587-"
        session.commit()
    settings = post_settings(tmp_path)
    assert send_due(world.sessions, settings, SEND_AT).failed == 1
    [failed] = failed_messages(world.ctx())
    assert failed.next_attempt_at is None  # no retry by itself: it cannot help
    assert failed.last_error.startswith("Borgerens CPR-nummer er ufuldstændigt, så Digital Post "
                                        "kan ikke finde borgeren.")
    with world.sessions() as session:  # mended in the case system
        session.get(m.Citizen, world.citizen.id).cpr = cpr
        session.commit()
    retry(world.ctx(), failed.id)  # s on my day
    later = SEND_AT + timedelta(minutes=5)
    assert send_due(world.sessions, settings, later).sent == 1
    assert send_due(world.sessions, settings, later + timedelta(hours=1)).sent == 0
    assert failed_messages(world.ctx()) == ()
    xml, _pdf = _sent_files(settings, queued)
    assert parse_memo(xml.read_bytes()).messageHeader.recipient.recipientID == "1205871234"


@pytest.mark.parametrize(("channel", "now", "refusal"), [
    # Digital Post mended on the morning of the meeting: it would go at 09.00... it has begun.
    ("digital_post", datetime(2026, 12, 2, 10, 30, tzinfo=UTC),
     "Brevet ville blive sendt"),
    # Paper mended on Monday the 30th: five working days to arrive, after Wednesday's meeting.
    ("remote_print", datetime(2026, 11, 30, 9, 30, tzinfo=UTC),
     "Sendes brevet på papir"),
])
def test_an_invitation_is_not_sent_again_too_late_for_its_meeting(world, tmp_path, channel, now,
                                                                    refusal):
    from prepdesk.core.outbox import retry
    from prepdesk.errors import UserError

    queued = queue_invitation(world, channel=channel)
    with world.sessions() as session:
        session.get(m.Citizen, world.citizen.id).cpr = "12"
        session.commit()
    assert send_due(world.sessions, post_settings(tmp_path), SEND_AT).failed == 1
    with pytest.raises(UserError) as refused:
        retry(world.ctx(now=now), queued.outbox_id)
    assert refused.value.message.startswith(refusal)
    assert refused.value.message.endswith("eller flyt mødet.")
    assert outbox_row(world, queued.outbox_id).status == "failed"
    retry(world.ctx(now=SEND_AT), queued.outbox_id)  # in time, it goes again


class _Busy:
    """KOMBIT busy for every message until `until`; records what it sends after."""

    def __init__(self, until):
        self.until, self.sent = until, []

    def send(self, letter, now):
        if now < self.until:
            raise DeliveryError("KOMBIT har travlt.", transport_down=True)
        self.sent.append(letter)

    def close(self):
        pass


def test_an_invitation_retried_until_its_meeting_has_begun_is_not_sent(world, tmp_path):
    from support.post import MEETING_AT

    queued = queue_invitation(world)
    settings = post_settings(tmp_path)
    busy = _Busy(until=MEETING_AT)
    send_due(world.sessions, settings, SEND_AT, post_transport=busy)
    send_due(world.sessions, settings, MEETING_AT + timedelta(minutes=5), post_transport=busy)
    assert busy.sent == []  # not an invitation to a meeting that has begun
    row = outbox_row(world, queued.outbox_id)
    assert (row.status, row.next_attempt_at) == ("failed", None)
    assert row.last_error.startswith("Mødet begyndte, før indkaldelsen kunne sendes")
