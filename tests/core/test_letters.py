"""The invitation letter: content and order, versions, preview, send window, queueing
(R-PREP-4, R-LTR-1..5)."""

from datetime import datetime, timedelta

import pytest
from sqlmodel import select
from world import NOW

from prepdesk.core import agenda
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.language import check_text
from prepdesk.core.letters import (
    current_text,
    describe_send_time,
    draft_invitation,
    preview,
    queue_letter,
    save_letter_text,
    versions,
)
from prepdesk.core.meetings import Participant, create_meeting, participants
from prepdesk.core.prep import checklist
from prepdesk.data.models import Letter, OutboxMessage, Representative, Room
from prepdesk.errors import UserError

SENDER = "jobcenter@fjordby.example"
TO = "soeren@example.dk"
MEETING_AT = datetime(2026, 12, 2, 10, 0, tzinfo=LOCAL_TIMEZONE)  # Wednesday
FRIDAY_AFTERNOON = datetime(2026, 11, 27, 14, 0, tzinfo=LOCAL_TIMEZONE)


@pytest.fixture
def room(world):
    room = Room(name="Mødelokale 2", location="Jobcentret, Torvet 1")
    world.session.add(room)
    world.session.commit()
    return room


def _meeting(world, room, *, kind="follow_up", starts_at=MEETING_AT, **fields):
    meeting = create_meeting(world.session, world.me, world.citizen.id, kind=kind, starts_at=starts_at,
                             now=NOW, room_id=room.id if kind != "phone" else None, **fields)
    agenda.add_all(world.session, meeting, agenda.proposals(world.session, meeting))
    return meeting


@pytest.fixture
def meeting(world, room):
    return _meeting(world, room)


def _body(world, letter):
    return current_text(world.session, letter).body


def _paragraphs(body):
    return [p for p in body.split("\n\n") if p.strip()]


def test_the_invitation_says_what_the_meeting_is_for_before_anything_else(world, room):
    meeting = _meeting(world, room, purpose="Vi skal tale om din praktik hos Dyreinternatet.")
    body = _body(world, draft_invitation(world.session, world.me, meeting, NOW))
    purpose = body.index("Vi skal tale om din praktik hos Dyreinternatet.")
    date = body.index("Onsdag den 2. december 2026 kl. 10.00.")
    assert body.startswith("Kære Søren\n")
    assert purpose < date < body.index("Ring eller skriv til mig inden mødet, hvis du ikke kan komme.")
    assert purpose < body.index("Hvis du ikke kommer og ikke har givet besked, kan det få betydning for din ydelse.")
    assert "Mødet varer cirka 45 minutter." in body
    assert "Sted: Mødelokale 2, Jobcentret, Torvet 1" in body


def test_the_invitation_carries_the_agenda_the_companion_and_my_direct_contact(world, meeting):
    body = _body(world, draft_invitation(world.session, world.me, meeting, NOW))
    for number, item in enumerate(agenda.items(world.session, meeting.id), start=1):
        assert f"{number}. {item.title} ({item.minutes} min.)\n" in body
    assert "Du må gerne tage en person med, som du stoler på." in body
    assert "Birthe Møller er også velkommen." in body  # his companion, by name
    assert "give en anden lov til at tale og handle for dig i din sag" in body  # a representative
    assert "Mette Kjær\n" in body and "Telefon: 72 10 20 30\n" in body
    assert "E-mail: mkj@fjordby.example\n" in body


def test_the_default_follow_up_invitation_has_nothing_to_improve(world, meeting):
    body = _body(world, draft_invitation(world.session, world.me, meeting, NOW))
    report = check_text(body, kind="letter")
    assert report.findings == () and report.lix.score <= 40, body


def test_the_law_comes_last(world, meeting):
    body = _body(world, draft_invitation(world.session, world.me, meeting, NOW))
    *before, last = _paragraphs(body)
    assert last.startswith("Lovgrundlag\n") and "§ 8" in last
    assert not any("§" in paragraph or "loven" in paragraph for paragraph in before)


@pytest.mark.parametrize("kind", ["follow_up", "first", "phone", "round_table", "handover"])
def test_every_kind_of_invitation_is_plain_danish(world, room, kind):
    extra = {}
    if kind == "first":
        extra = {"job_goal": "Arbejde med dyr",
                 "participants": [Participant("employer_consultant", "Kim Vestergaard", "Jobcenter Fjordby")]}
    if kind == "round_table":
        extra = {"participants": [Participant("other", "Lise Holm", "Socialpsykiatrien")]}
    letter = draft_invitation(world.session, world.me, _meeting(world, room, kind=kind, **extra), NOW)
    version = current_text(world.session, letter)
    report = check_text(version.body, kind="letter")
    assert report.lix.score <= 40, version.body
    # A numbered agenda of more than six items counts as a long paragraph: a list, not prose.
    assert [f for f in report.findings if not (f.kind == "long_paragraph" and f.text.startswith("1. "))] == []
    assert version.lix == report.lix.score
    assert version.subject.endswith("onsdag den 2. december kl. 10.00")


def test_a_first_meeting_names_the_job_goal_and_the_employer_consultant(world, room):
    meeting = _meeting(world, room, kind="first", job_goal="Arbejde med dyr",
                       participants=[Participant("employer_consultant", "Kim Vestergaard", "Jobcenter Fjordby")])
    body = _body(world, draft_invitation(world.session, world.me, meeting, NOW))
    assert "Indtil nu har vi skrevet: Arbejde med dyr" in body
    assert "Kim Vestergaard er virksomhedskonsulent og er også med." in body
    assert body.index("Kim Vestergaard") < body.index("Onsdag den 2. december")
    assert "Mødet varer cirka 60 minutter." in body


def test_a_phone_meeting_says_who_calls_whom(world, room):
    body = _body(world, draft_invitation(world.session, world.me, _meeting(world, room, kind="phone"), NOW))
    assert "Jeg vil gerne tale med dig i telefonen." in body
    assert "hvilket nummer jeg skal ringe til" in body  # we have no number for Søren
    assert "Sted:" not in body


def test_control_characters_from_data_never_reach_the_letter(world, room):
    meeting = _meeting(world, room, purpose="Om din praktik\x1b[2J\x07.")
    body = _body(world, draft_invitation(world.session, world.me, meeting, NOW))
    assert "Om din praktik[2J." in body and "\x1b" not in body and "\x07" not in body


def test_no_invitation_without_an_agenda_or_access(world, room):
    bare = create_meeting(world.session, world.me, world.citizen.id, kind="follow_up", starts_at=MEETING_AT,
                          now=NOW, room_id=room.id)
    with pytest.raises(UserError, match="Dagsordenen er tom"):
        draft_invitation(world.session, world.me, bare, NOW)
    agenda.add(world.session, bare, agenda.Proposal("Økonomi", "both", 5, "manual"))
    with pytest.raises(UserError, match="adgang"):
        draft_invitation(world.session, world.other, bare, NOW)
    assert world.session.exec(select(Letter)).all() == []


def test_saving_adds_a_version_and_never_overwrites(world, meeting):
    letter = draft_invitation(world.session, world.me, meeting, NOW)
    first = current_text(world.session, letter)
    same = save_letter_text(world.session, letter, first.subject, first.body, NOW)
    assert same.id == first.id  # nothing changed, nothing added
    second = save_letter_text(world.session, letter, "Vi ses på onsdag", first.body + "\nPS: Tag gerne kaffe med.",
                              NOW + timedelta(minutes=5))
    assert (second.number, letter.current_version) == (2, 2)
    assert [(v.number, v.subject) for v in versions(world.session, letter)] == [
        (1, first.subject), (2, "Vi ses på onsdag")]
    assert versions(world.session, letter)[0].body == first.body
    assert second.lix == check_text(second.body, kind="letter").lix.score
    queue_letter(world.session, world.me, letter, TO, NOW, sender=SENDER)
    with pytest.raises(UserError, match="nyt brev"):
        save_letter_text(world.session, letter, "Ændret", "Ændret", NOW)


def test_the_preview_is_the_message_as_it_will_be_sent(world, meeting):
    letter = draft_invitation(world.session, world.me, meeting, NOW)
    shown = preview(world.session, letter, TO, NOW, sender=SENDER)
    headers, body = shown.split("\n\n", 1)
    assert headers.splitlines() == [
        f"From: Mette Kjær <{SENDER}>",
        "Reply-To: mkj@fjordby.example",
        f"To: {TO}",
        "Subject: Møde på jobcentret onsdag den 2. december kl. 10.00",
        "Date: Mon, 23 Nov 2026 09:00:00 +0100",  # held until the window opens
    ]
    assert body == _body(world, letter)


def test_without_an_address_the_preview_leaves_out_to_and_queueing_asks_for_one(world, meeting):
    letter = draft_invitation(world.session, world.me, meeting, NOW)
    with_address = preview(world.session, letter, TO, NOW, sender=SENDER).splitlines()
    without = preview(world.session, letter, "  ", NOW, sender=SENDER).splitlines()
    assert without == [line for line in with_address if line != f"To: {TO}"]
    with pytest.raises(UserError, match="Skriv borgerens e-mailadresse"):
        queue_letter(world.session, world.me, letter, " ", NOW, sender=SENDER)
    assert world.session.exec(select(OutboxMessage)).all() == []


def test_queueing_holds_the_letter_for_the_send_window_and_invites_the_participants(world, meeting):
    letter = draft_invitation(world.session, world.me, meeting, NOW)
    message = queue_letter(world.session, world.me, letter, TO, NOW, sender=SENDER)
    assert message.not_before == datetime(2026, 11, 23, 9, 0, tzinfo=LOCAL_TIMEZONE)
    assert describe_send_time(message.not_before, NOW) == "Brevet sendes i dag kl. 09.00."
    assert (message.status, message.to_address, message.letter_id) == ("queued", TO, letter.id)
    assert message.message_id.endswith("@fjordby.example>")
    assert letter.status == "queued"
    invited = {p.role: p.invited_at for p in participants(world.session, meeting.id)}
    assert invited == {"citizen": NOW, "caseworker": None, "companion": NOW}
    with pytest.raises(UserError, match="allerede"):
        queue_letter(world.session, world.me, letter, TO, NOW, sender=SENDER)
    items = {i.key: i for i in checklist(world.session, world.me, meeting, NOW).items}
    assert items["invitation"].done and items["representative"].done


def test_on_friday_afternoon_the_letter_waits_for_monday_morning(world, meeting):
    letter = draft_invitation(world.session, world.me, meeting, NOW)
    message = queue_letter(world.session, world.me, letter, TO, FRIDAY_AFTERNOON, sender=SENDER)
    assert message.not_before == datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL_TIMEZONE)
    assert describe_send_time(message.not_before, FRIDAY_AFTERNOON) == "Brevet sendes mandag kl. 09.00."


def test_before_christmas_the_letter_waits_for_the_first_working_day(world, room):
    meeting = _meeting(world, room, starts_at=datetime(2027, 1, 6, 10, 0, tzinfo=LOCAL_TIMEZONE))
    letter = draft_invitation(world.session, world.me, meeting, NOW)
    afternoon_before = datetime(2026, 12, 23, 13, 0, tzinfo=LOCAL_TIMEZONE)  # Christmas Eve is closed
    message = queue_letter(world.session, world.me, letter, TO, afternoon_before, sender=SENDER)
    assert message.not_before == datetime(2026, 12, 28, 9, 0, tzinfo=LOCAL_TIMEZONE)  # Monday


def test_the_send_time_is_said_plainly():
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL_TIMEZONE)
    assert describe_send_time(monday, monday) == "Brevet sendes nu."
    assert describe_send_time(monday, monday - timedelta(hours=12)) == "Brevet sendes i morgen kl. 09.00."
    assert describe_send_time(monday, monday - timedelta(days=10)) == \
        "Brevet sendes mandag den 30. november kl. 09.00."


def test_a_letter_that_would_arrive_after_the_meeting_is_refused(world, room):
    monday_early = datetime(2026, 11, 30, 8, 30, tzinfo=LOCAL_TIMEZONE)
    letter = draft_invitation(world.session, world.me, _meeting(world, room, starts_at=monday_early), NOW)
    with pytest.raises(UserError, match="mandag kl. 09.00"):
        queue_letter(world.session, world.me, letter, TO, FRIDAY_AFTERNOON, sender=SENDER)
    assert world.session.exec(select(OutboxMessage)).all() == []


def test_a_representative_with_an_e_mail_gets_a_copy(world, room):
    world.session.add_all([
        Representative(citizen_id=world.citizen.id, kind="representative", name="Advokat Ib Lund",
                       email="ib@lund-advokater.example"),
        Representative(citizen_id=world.citizen.id, kind="representative", name="Kaj Faglig"),
    ])
    world.session.commit()
    meeting = _meeting(world, room)
    letter = draft_invitation(world.session, world.me, meeting, NOW)
    body = _body(world, letter)
    assert "Advokat Ib Lund må tale og handle for dig i din sag og får en kopi af brevet." in body
    assert "Kaj Faglig må tale og handle for dig i din sag." in body
    queue_letter(world.session, world.me, letter, TO, NOW, sender=SENDER)
    messages = world.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.to_address for m in messages] == [TO, "ib@lund-advokater.example"]
    copy = messages[1]
    assert copy.subject == "Kopi: " + messages[0].subject
    assert copy.body.startswith("Du får denne kopi, fordi du er partsrepræsentant for Søren Møller.\n\n")
    assert copy.body.endswith(body) and copy.message_id != messages[0].message_id
    invited = {p.name: p.invited_at for p in participants(world.session, meeting.id)}
    assert invited["Advokat Ib Lund"] == NOW and invited["Kaj Faglig"] is None  # no address: call him
    items = {i.key: i for i in checklist(world.session, world.me, meeting, NOW).items}
    assert not items["representative"].done and "Kaj Faglig" in items["representative"].detail


@pytest.mark.parametrize("address", ["soeren", "soeren@localhost", "soeren@example.dk\nBcc: x@y.dk",
                                     "a=?utf-8?q?b@example.dk"])
def test_a_bad_address_is_refused_by_name_and_nothing_is_stored(world, meeting, address):
    letter = draft_invitation(world.session, world.me, meeting, NOW)
    with pytest.raises(UserError, match="E-mailadressen"):
        queue_letter(world.session, world.me, letter, address, NOW, sender=SENDER)
    assert world.session.exec(select(OutboxMessage)).all() == []
    assert world.session.get(Letter, letter.id).status == "draft"


@pytest.mark.parametrize("subject", ["Hej=?UTF-8?Q?=0A?=Bcc: x@y.dk", "Hej\nBcc: x@y.dk", "Hej\rBcc: x@y.dk",
                                     "Hej\u2028Bcc: x@y.dk"])
def test_a_subject_that_could_add_a_header_is_refused_before_anything_is_stored(world, meeting, subject):
    letter = draft_invitation(world.session, world.me, meeting, NOW)
    save_letter_text(world.session, letter, subject, _body(world, letter), NOW)
    with pytest.raises(UserError, match="Emnet"):
        preview(world.session, letter, TO, NOW, sender=SENDER)
    with pytest.raises(UserError, match="Emnet"):
        queue_letter(world.session, world.me, letter, TO, NOW, sender=SENDER)
    assert world.session.exec(select(OutboxMessage)).all() == []
    assert all(p.invited_at is None for p in participants(world.session, meeting.id))
