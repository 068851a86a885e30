"""Which way a message goes (issue 16, R-LTR-6): a letter that may carry health details by
Digital Post, or on paper to a citizen exempt from it, never by e-mail; a content-free
notice by e-mail; the send window (R-LTR-4) for every channel."""

from datetime import datetime

import pytest
from sqlmodel import select
from support.people import NOW, user_of

from prepdesk.core import agenda, letters, meeting_mode, notes, timeline
from prepdesk.core.approval import send_for_approval
from prepdesk.core.channels import LETTER, NOTICE, channel_label, route
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.handover_letter import tell_the_citizen
from prepdesk.core.meetings import create_meeting
from prepdesk.core.outbox import outbox_entries
from prepdesk.data import models as m
from prepdesk.errors import UserError

MEETING_AT = datetime(2026, 12, 2, 10, 0, tzinfo=LOCAL_TIMEZONE)  # Wednesday
FRIDAY_AFTERNOON = datetime(2026, 11, 27, 14, 0, tzinfo=LOCAL_TIMEZONE)
MONDAY_0900 = datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL_TIMEZONE)
IN_THREE_WEEKS = datetime(2026, 12, 16, 10, 0, tzinfo=LOCAL_TIMEZONE)
HEALTH_ITEM = "Indhente statusattest fra egen læge"
KEY = "test-signing-key-not-secret"


def _citizen(world, **fields):
    row = world.session.get(m.Citizen, world.citizen.id)
    for name, value in fields.items():
        setattr(row, name, value)
    world.session.commit()


def _invitation(world, *, now=NOW, at=MEETING_AT):
    """An invitation to a meeting (on Wednesday) whose agenda names the citizen's doctor."""
    room = world.session.exec(select(m.Room).where(m.Room.name == "Mødelokale 2")).first()
    if room is None:
        room = m.Room(name="Mødelokale 2", location="Jobcentret, Torvet 1")
        world.session.add(room)
        world.session.commit()
    meeting = create_meeting(world.ctx(), world.citizen.id, kind="follow_up",
                             starts_at=at, room_id=room.id)
    agenda.add_all(world.ctx(), meeting.id, agenda.view(world.ctx(), meeting.id).proposals)
    world.session.add(m.AgendaItem(meeting_id=meeting.id, position=99, title=HEALTH_ITEM))
    world.session.commit()
    return letters.open_invitation(world.ctx(now=now), meeting.id)


def _messages(world):
    world.session.expire_all()
    return world.session.exec(select(m.OutboxMessage).order_by(m.OutboxMessage.id)).all()


@pytest.mark.parametrize(("preferred", "channel"), [
    ("digital_post", "digital_post"), ("email", "digital_post"), ("sms", "digital_post"),
    ("letter", "remote_print"), (None, "digital_post")])
def test_a_letter_never_goes_by_e_mail_and_a_notice_always_does(preferred, channel):
    assert route(LETTER, preferred).channel == channel
    assert route(NOTICE, preferred).channel == "email"
    assert route(LETTER, "email").reason == (
        "Brevet går med Digital Post: det kan indeholde helbredsoplysninger, så det går aldrig "
        "med e-mail, selv om borgeren foretrækker e-mail.")
    assert [channel_label(c) for c in ("email", "digital_post", "remote_print")] == [
        "E-mail", "Digital Post", "Fysisk brev"]


def test_an_invitation_with_a_health_item_never_leaves_as_e_mail(world):
    # Søren prefers e-mail and has an address; his representative is reached by e-mail.
    _citizen(world, email="soeren@example.dk", preferred_channel="email")
    world.session.add(m.Representative(citizen_id=world.citizen.id, kind="representative",
                                       name="Advokat Ib Lund", email="ib@lund-advokater.example"))
    world.session.commit()
    letter = _invitation(world)
    assert HEALTH_ITEM in letter.body
    letters.queue(world.ctx(), letter.letter_id, letter.version)
    to_citizen, notice = _messages(world)
    assert (to_citizen.channel, to_citizen.to_address, to_citizen.body) == (
        "digital_post", "", letter.body)
    assert notice.channel == "email"
    for message in _messages(world):
        if message.channel == "email":
            assert HEALTH_ITEM not in message.body and "læge" not in message.subject
            assert message.to_address != "soeren@example.dk"
    # The outbox names the channel.
    entries = outbox_entries(world.ctx(), world.citizen.id)
    assert [(e.channel_label, e.recipient) for e in entries] == [
        ("E-mail", "ib@lund-advokater.example"), ("Digital Post", "Digital Post")]


def test_a_citizen_exempt_from_digital_post_gets_a_paper_letter(world):
    _citizen(world, preferred_channel="letter", address="Vestergade 4, 2. tv.", postcode="8000",
             city="Aarhus C")
    letter = _invitation(world)
    shown = letters.preview(world.ctx(), letter.letter_id)
    assert (shown.channel, shown.channel_label) == ("remote_print", "Fysisk brev")
    assert shown.reason == ("Brevet går som fysisk brev med posten: borgeren er fritaget for "
                            "Digital Post, og brevet kan indeholde helbredsoplysninger.")
    assert shown.text.startswith("Søren Møller\nVestergade 4, 2. tv.\n8000 Aarhus C\n\n"
                                 + letter.subject + "\n\n")
    queued = letters.queue(world.ctx(), letter.letter_id, letter.version)
    assert queued.sentence.startswith("Indkaldelsen ligger i udbakken og går som fysisk brev med "
                                      "posten. Brevet sendes")
    [message] = _messages(world)
    assert (message.channel, message.to_address) == ("remote_print", "")
    opened = timeline.open_entry(world.ctx(), "letter", letter.letter_id).document
    assert ("Sendes med", "Fysisk brev") in opened.facts


def test_a_paper_invitation_that_may_arrive_after_the_meeting_is_refused(world):
    # Monday's 08:00 letter goes at 09:00 and may take five working days: Monday the 30th.
    _citizen(world, preferred_channel="letter", address="Vestergade 4", postcode="8000")
    letter = _invitation(world, at=MEETING_AT.replace(day=25, month=11))  # Wednesday the 25th
    refusal = ("Sendes brevet på papir i dag kl. 09.00, kan det være 5 arbejdsdage undervejs og "
               "når måske først frem mandag 30. nov. 2026, efter mødet. Ring til borgeren, eller "
               "flyt mødet.")
    assert letters.preview(world.ctx(), letter.letter_id).when == refusal
    with pytest.raises(UserError) as refused:
        letters.queue(world.ctx(), letter.letter_id, letter.version)
    assert refused.value.message == refusal
    assert _messages(world) == []
    in_time = _invitation(world)  # Wednesday the 2nd
    assert letters.preview(world.ctx(), in_time.letter_id).when.endswith(
        "På papir er det fremme hos borgeren senest mandag 30. nov. 2026.")


def test_a_paper_letter_without_a_postal_address_is_refused(world):
    _citizen(world, preferred_channel="letter", address="", postcode="")
    letter = _invitation(world)
    with pytest.raises(UserError, match="ingen postadresse"):
        letters.queue(world.ctx(), letter.letter_id, letter.version)
    assert _messages(world) == []


@pytest.mark.parametrize(("preferred", "channel"), [("digital_post", "digital_post"),
                                                    ("letter", "remote_print")])
def test_the_send_window_holds_for_every_channel(world, preferred, channel):
    _citizen(world, preferred_channel=preferred, address="Vestergade 4", postcode="8000")
    letter = _invitation(world, now=FRIDAY_AFTERNOON, at=IN_THREE_WEEKS)
    queued = letters.queue(world.ctx(now=FRIDAY_AFTERNOON), letter.letter_id, letter.version)
    assert queued.not_before == MONDAY_0900
    [message] = _messages(world)
    assert (message.channel, message.not_before) == (channel, MONDAY_0900)


def test_the_approval_notice_stays_e_mail_and_holds_no_case_content(world):
    # Even for a citizen exempt from Digital Post: the e-mail is only the link.
    _citizen(world, email="soeren@example.dk", preferred_channel="letter")
    meeting = world.next_meeting
    world.session.add(m.AgendaItem(meeting_id=meeting.id, position=1, title=HEALTH_ITEM))
    world.session.commit()
    later = NOW.replace(hour=11)
    content = meeting_mode.start(world.ctx(), meeting.id).content.model_copy(
        update={"citizen_view": "Jeg tager medicin mod angst."})
    note_id = notes.finish(world.ctx(now=later), meeting.id, content).note_id
    sent = send_for_approval(world.ctx(now=later), note_id, key=KEY)
    [message] = _messages(world)
    assert (message.id, message.channel, message.to_address) == (
        sent.message_id, "email", "soeren@example.dk")
    assert sent.link in message.body
    for private in (HEALTH_ITEM, "medicin", "angst", "Møller", "120587"):
        assert private not in message.body and private not in message.subject


def test_the_handover_letter_goes_by_digital_post(world):
    with world.sessions() as session:
        jens = session.exec(select(m.Caseworker).where(m.Caseworker.initials == "JH")).one()
        jens = user_of(jens, session.get(m.Team, jens.team_id))
    told = tell_the_citizen(world.ctx(), world.citizen.id, world.me.id, jens.id, None)
    assert told.channel == "digital_post"
    [message] = _messages(world)
    assert (message.channel, message.to_address, message.body) == ("digital_post", "", told.body)


def test_after_a_late_paper_invitation_the_meeting_is_moved_and_the_letter_names_the_new_time(
        world):
    from prepdesk.core.meetings import reschedule

    _citizen(world, preferred_channel="letter", address="Vestergade 4", postcode="8000")
    letter = _invitation(world, at=MEETING_AT.replace(day=25, month=11))  # too late on paper
    with pytest.raises(UserError, match="flyt mødet"):
        letters.queue(world.ctx(), letter.letter_id, letter.version)
    meeting = world.session.get(m.Meeting, letter.meeting.id)
    world.session.refresh(meeting)
    reschedule(world.ctx(), meeting.id, seen_version=meeting.version, starts_at=MEETING_AT,
               room_id=meeting.room_id)  # f on the meeting: Wednesday the 2nd
    again = letters.open_invitation(world.ctx(), meeting.id)  # the draft: the old time
    assert letters.preview(world.ctx(), again.letter_id).when.startswith(  # said before Ctrl+S
        "Brevet nævner ikke mødets tidspunkt, onsdag den 2. december kl. 10.00")
    with pytest.raises(UserError) as refused:  # not the old time to the citizen
        letters.queue(world.ctx(), again.letter_id, again.version)
    assert refused.value.message.startswith(
        "Brevet nævner ikke mødets tidspunkt, onsdag den 2. december kl. 10.00")
    assert "Ctrl+R" in refused.value.message
    assert _messages(world) == []
    again = letters.redraft(world.ctx(), again.letter_id, again.version)  # Ctrl+R
    assert "2. december" in again.body and "25. november" not in again.body
    letters.queue(world.ctx(), again.letter_id, again.version)
    [message] = _messages(world)
    assert "2. december" in message.body and "25. november" not in message.body


@pytest.mark.parametrize(("text", "gives_it"), [
    ("Vi ses onsdag den 2. december 2026 kl. 8.30.", True),
    ("Vi ses onsdag den 2. december 2026 kl. 08.30.", True),
    ("Vi ses den 2. December kl. 8:30.", True),
    ("Vi ses den 12. december kl. 8.30.", False),  # not the 2nd
    ("Vi ses den 2. december kl. 18.30.", False),
    ("Vi ses den 2. december kl. 8.35.", False),
])
def test_an_invitation_gives_its_meetings_time_as_caseworkers_write_it(text, gives_it):
    from types import SimpleNamespace

    from prepdesk.core.letters import _gives_another_time

    meeting = SimpleNamespace(starts_at=MEETING_AT.replace(hour=8, minute=30))
    version = SimpleNamespace(subject="Indkaldelse til samtale", body=text)
    assert (_gives_another_time(meeting, version) is None) == gives_it
