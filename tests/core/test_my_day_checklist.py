"""My day and the preparation checklist are one computation (issue 11, items 7 and 8):
a meeting is prepared on my day only when its checklist misses nothing, a meeting in a
room shows the room, and what I did myself is not news to me."""

from datetime import date, timedelta

import pytest
from support.people import NOW

from prepdesk.core import agenda, letters
from prepdesk.core.citizen_file import open_file
from prepdesk.core.journal import quick_note
from prepdesk.core.meetings import create_meeting, mark_invited
from prepdesk.core.my_day import my_day
from prepdesk.core.prep import checklist, note_accommodation, preparation
from prepdesk.data import models as m

SOON = NOW + timedelta(hours=3)


@pytest.fixture
def room(world):
    room = m.Room(name="Mødelokale Fjorden", location="Rådhuset, 2. sal")
    world.session.add(room)
    world.session.commit()
    return room


def _day_meeting(world, meeting_id, *, now=NOW):
    return next(d for d in my_day(world.ctx(now=now)).today if d.id == meeting_id)


def _line(world, meeting_id, key, *, now=NOW):
    return next(i for i in checklist(world.ctx(now=now), meeting_id).items if i.key == key)


def _prepared_but_for_the_invitation(world, meeting_id):
    """Every line of the checklist done but the invitation: statements read, the file
    opened, the agenda built, the accommodations noted, the companion invited."""
    world.session.add(m.StatementRead(statement_id=world.new_statement.id,
                                      caseworker_id=world.me.id, read_at=NOW))
    world.session.commit()
    agenda.add_all(world.ctx(), meeting_id, agenda.view(world.ctx(), meeting_id).proposals)
    note_accommodation(world.ctx(), world.citizen.id, "Pauser hver time")
    for representative in world.session.exec(m.Representative.__table__.select()).all():
        mark_invited(world.ctx(), meeting_id, representative.id)
    open_file(world.ctx(), world.citizen.id)


def _send_invitation(world, meeting_id, *, now):
    letter = letters.open_invitation(world.ctx(now=now), meeting_id)
    letters.queue(world.ctx(now=now), letter.letter_id, letter.version)


def test_my_day_shows_prepared_only_when_the_checklist_misses_nothing(world, room):
    meeting = create_meeting(world.ctx(), world.citizen.id, kind="follow_up", starts_at=SOON,
                             room_id=room.id)
    # Recorded as prepared once, but six lines are missing now: my day says so.
    with world.sessions() as session:
        row = session.get(m.Meeting, meeting.id)
        row.prepared_at = NOW - timedelta(days=1)
        session.commit()
    shown = _day_meeting(world, meeting.id)
    missing = checklist(world.ctx(), meeting.id).missing
    assert not shown.prepared and len(missing) >= 4
    assert shown.missing == tuple(item.key for item in missing)
    assert shown.place == "Mødelokale Fjorden, Rådhuset, 2. sal"  # the room, never "–"
    assert shown.place == preparation(world.ctx(), meeting.id).place

    _prepared_but_for_the_invitation(world, meeting.id)
    assert _day_meeting(world, meeting.id).missing == ("invitation",)
    _send_invitation(world, meeting.id, now=NOW + timedelta(minutes=5))
    later = NOW + timedelta(minutes=10)
    assert checklist(world.ctx(now=later), meeting.id).complete
    assert _day_meeting(world, meeting.id, now=later).prepared


def test_what_i_did_myself_is_not_news_to_me(world, room):
    """Sending the invitation (my letter) and my own journal note leave "look through
    what is new" done; a colleague's entry is news."""
    meeting = create_meeting(world.ctx(), world.citizen.id, kind="follow_up", starts_at=SOON,
                             room_id=room.id)
    _prepared_but_for_the_invitation(world, meeting.id)
    assert _line(world, meeting.id, "new_entries").done
    _send_invitation(world, meeting.id, now=NOW + timedelta(minutes=5))
    quick_note(world.ctx(now=NOW + timedelta(minutes=6)), world.citizen.id, channel="phone",
               direction="in", text="Søren ringede og bekræftede mødet.")
    later = NOW + timedelta(minutes=10)
    assert _line(world, meeting.id, "new_entries", now=later).done
    assert _day_meeting(world, meeting.id, now=later).prepared

    quick_note(world.ctx(world.admin, now=NOW + timedelta(minutes=7)), world.citizen.id,
               channel="phone", direction="in", text="Søren ringede til receptionen.")
    news = _line(world, meeting.id, "new_entries", now=later)
    assert not news.done
    assert news.detail == "2 poster er nye siden sidste møde"  # the statement and the colleague's note
    assert _day_meeting(world, meeting.id, now=later).missing == ("new_entries",)


def test_a_benefit_or_activity_since_the_last_meeting_is_news(world, room):
    meeting = create_meeting(world.ctx(), world.citizen.id, kind="follow_up", starts_at=SOON,
                             room_id=room.id)
    before = _line(world, meeting.id, "new_entries").detail
    world.session.add(m.Activity(citizen_id=world.citizen.id, kind="course", title="Kursus",
                                 started_on=NOW.date() - timedelta(days=1)))
    world.session.add(m.Activity(citizen_id=world.citizen.id, kind="course", title="Gammelt",
                                 started_on=date(2020, 1, 1)))
    world.session.commit()
    after = _line(world, meeting.id, "new_entries").detail
    assert int(after.split()[0]) == int(before.split()[0]) + 1


def test_my_day_reads_the_week_in_a_fixed_number_of_statements(world, room):
    """Not a timing: the statements my day runs do not grow as meetings without attached
    rulings are added (200 caseworkers on one server: issue 12, item 6). Only a meeting
    with attached rulings asks, for itself, which of them changed."""
    from sqlalchemy import event

    engine = world.sessions.kw["bind"]
    counted = []

    def count() -> int:
        counted.clear()
        my_day(world.ctx())
        return len(counted)

    event.listen(engine, "before_cursor_execute", lambda *_a: counted.append(1))
    few = count()
    for hours in (3, 4, 5, 6):
        create_meeting(world.ctx(), world.citizen.id, kind="follow_up",
                       starts_at=NOW + timedelta(hours=hours), room_id=room.id)
    assert count() == few
