"""Booking refuses the impossible and offers the next free time (R-PREP-1, issue 11 item 9);
the next meeting booked from the notes is a real meeting."""

from datetime import datetime, timedelta

import pytest
from sqlmodel import select
from support.people import NOW

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.meetings import (
    BookingRefused,
    book_next_meeting,
    create_meeting,
    reschedule,
    wanted_time,
)
from prepdesk.data.models import Meeting, MeetingParticipant, Room


def at(month, day, hour, minute=0, year=2026):
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TIMEZONE)


@pytest.fixture
def room(world):
    quiet = Room(name="Mødelokale 2")
    world.session.add(quiet)
    world.session.commit()
    return quiet


def plan(world, starts_at, **fields):
    fields.setdefault("place", "Borgerservice")
    return create_meeting(world.ctx(), world.citizen.id, kind="follow_up", starts_at=starts_at,
                          **fields)


def refused(world, starts_at, **fields) -> BookingRefused:
    with pytest.raises(BookingRefused) as caught:
        plan(world, starts_at, **fields)
    return caught.value


def test_a_sunday_is_refused_and_the_monday_offered(world):
    problem = refused(world, at(11, 29, 10))
    assert "søndag 29. nov. 2026" in problem.message
    assert problem.next_free == at(11, 30, 8)
    assert "mandag 30. nov. 2026 kl. 08.00" in problem.message


def test_a_public_holiday_is_refused_with_its_name(world):
    problem = refused(world, at(12, 25, 10))  # Christmas Day, a Friday
    assert "Juledag" in problem.message
    assert problem.next_free == at(12, 28, 8)  # the weekend after it is closed too


def test_a_room_booked_from_13_to_14_30_is_refused_at_13_15(world, room):
    world.session.add(Meeting(citizen_id=world.stranger.id, caseworker_id=world.other.id,
                              kind="round_table", starts_at=at(11, 25, 13), minutes=90,
                              room_id=room.id))
    world.session.commit()
    problem = refused(world, at(11, 25, 13, 15), room_id=room.id, place="")
    assert "Mødelokale 2 er booket fra 13.00 til 14.30" in problem.message
    assert problem.next_free == at(11, 25, 14, 30)
    # ... and the time offered is taken.
    booked = plan(world, problem.next_free, room_id=room.id, place="")
    assert booked.starts_at == at(11, 25, 14, 30)


def test_the_caseworker_cannot_be_in_two_meetings_at_once(world):
    # The world's next meeting is mine today, 10.00-10.45.
    problem = refused(world, NOW + timedelta(hours=2, minutes=30))
    assert "Mette Kjær har allerede et møde fra 10.00 til 10.45" in problem.message
    assert problem.next_free == NOW + timedelta(hours=2, minutes=45)


def test_a_meeting_outside_opening_hours_is_refused(world):
    late = refused(world, at(11, 25, 15, 30))  # 45 minutes: it would end at 16.15
    assert "fra 15.30 til 16.15" in late.message and "08.00 og 16.00" in late.message
    assert late.next_free == at(11, 26, 8)
    early = refused(world, at(11, 25, 7))
    assert early.next_free == at(11, 25, 8)


def test_moving_a_meeting_overlaps_only_with_others(world):
    meeting = world.next_meeting
    moved = reschedule(world.ctx(), meeting.id, seen_version=meeting.version,
                       starts_at=meeting.starts_at + timedelta(minutes=15))
    assert moved.starts_at == NOW + timedelta(hours=2, minutes=15)


def test_a_cancelled_meeting_leaves_its_time_free(world):
    world.next_meeting.status = "cancelled"
    world.session.add(world.next_meeting)
    world.session.commit()
    assert plan(world, NOW + timedelta(hours=2)).starts_at == NOW + timedelta(hours=2)


def test_the_time_written_in_the_notes_is_read():
    held = at(11, 23, 10)
    assert wanted_time("Mandag 4.1. kl. 10.00 i samme lokale", held) == at(1, 4, 10, year=2027)
    assert wanted_time("kl. 13.30 den 7.12", held) == at(12, 7, 13, 30)
    assert wanted_time("14.12.2026", held) == at(12, 14, 10)
    assert wanted_time("Om en måned", held) is None


def test_the_next_meeting_from_the_notes_is_a_real_meeting_at_the_next_free_time(world, room):
    held = world.next_meeting  # today 10.00 at "Mødelokale 2" (a place)
    # Four weeks later at 10.00 is Monday 21.12; I am busy then.
    world.session.add(Meeting(citizen_id=world.stranger.id, caseworker_id=world.me.id,
                              kind="follow_up", starts_at=at(12, 21, 9, 30), minutes=60,
                              place="Hjemme"))
    world.session.commit()
    booked = book_next_meeting(world.ctx(), held.id)
    assert not booked.already
    meeting = booked.meeting
    assert (meeting.kind, meeting.citizen_id, meeting.caseworker_id, meeting.status) == (
        "follow_up", world.citizen.id, world.me.id, "planned")
    assert meeting.starts_at == at(12, 21, 10, 30) and meeting.where == "Mødelokale 2"
    assert "mandag 21. dec. 2026 kl. 10.30" in booked.sentence
    people = world.session.exec(select(MeetingParticipant.role).where(
        MeetingParticipant.meeting_id == meeting.id)).all()
    assert sorted(people) == ["caseworker", "citizen", "companion"]
    # Asked again (Enter twice, or another window): the same meeting, nothing new.
    again = book_next_meeting(world.ctx(), held.id, wanted=at(12, 22, 10))
    assert again.already and again.meeting.id == meeting.id


def test_the_next_meeting_at_the_time_written_or_the_first_free_after_it(world):
    booked = book_next_meeting(world.ctx(), world.next_meeting.id,
                               wanted=at(12, 5, 10))  # a Saturday
    assert booked.meeting.starts_at == at(12, 7, 8)
    assert "første ledige tid" in booked.sentence


def test_the_next_meeting_after_one_in_an_open_office_goes_to_a_private_room(world, room):
    """The walk of issue 11: notes of a meeting held in the open-plan office could book no
    next meeting ("Lokalet ... er ikke afskærmet. Vælg et lokale ..."), and the notes have
    no room to choose. The next meeting goes to the first private room free at that time."""
    open_office = Room(name="Åbent kontorlandskab", private=False)
    world.session.add(open_office)
    held = world.next_meeting
    held.room_id, held.place = None, ""
    world.session.add(held)
    world.session.flush()
    held.room_id = open_office.id
    world.session.add(held)
    world.session.commit()
    booked = book_next_meeting(world.ctx(), held.id, wanted=at(12, 14, 10))
    assert booked.meeting.where.startswith("Mødelokale 2")
    assert booked.meeting.starts_at == at(12, 14, 10)
    assert "Åbent kontorlandskab" in booked.sentence and "Mødelokale 2" in booked.sentence
