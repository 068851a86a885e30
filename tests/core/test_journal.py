from datetime import timedelta

import pytest
from world import NOW

from prepdesk.core.journal import close_inquiry, log_inquiry, quick_note
from prepdesk.core.my_day import my_day
from prepdesk.core.timeline import timeline
from prepdesk.errors import UserError

FRIDAY_AFTERNOON = NOW + timedelta(days=4, hours=6)  # Friday 27 Nov 2026, 14:00


def test_a_phone_call_is_recorded_in_seconds_and_shows_in_the_timeline(world):
    entry = quick_note(world.session, world.me, world.citizen.id, channel="phone", direction="in",
                       text="Søren ringede: han er syg i dag.\nMødet flyttes.", now=NOW)
    assert entry.title == "Søren ringede: han er syg i dag."
    assert ("journal", entry.id) in {(e.kind, e.id) for e in timeline(world.session, world.citizen.id, NOW)}


@pytest.mark.parametrize(("channel", "text"), [("fax", "x"), ("phone", "   ")])
def test_an_empty_or_strange_note_gets_a_sentence(world, channel, text):
    with pytest.raises(UserError):
        quick_note(world.session, world.me, world.citizen.id, channel=channel, direction="in", text=text, now=NOW)


def test_no_note_about_another_teams_citizen(world):
    with pytest.raises(UserError):
        quick_note(world.session, world.me, world.stranger.id, channel="sms", direction="in", text="x", now=NOW)


def test_an_inquiry_on_friday_afternoon_is_due_monday_and_flagged_when_late(world):
    inquiry = log_inquiry(world.session, world.me, world.citizen.id, channel="email",
                          summary="Spørger om sin ydelse", received_at=FRIDAY_AFTERNOON)
    assert inquiry.due_at == FRIDAY_AFTERNOON + timedelta(days=3)
    monday_evening = FRIDAY_AFTERNOON + timedelta(days=3, hours=4)
    assert [i.id for i in my_day(world.session, world.me, monday_evening, 7).overdue_inquiries] == [inquiry.id]
    close_inquiry(world.session, world.me, inquiry.id, answer="Vi har modtaget din mail og svarer i morgen.",
                  now=monday_evening, acknowledgement_only=True)
    assert my_day(world.session, world.me, monday_evening, 7).overdue_inquiries == []
    assert inquiry.answered_at is None and inquiry.acknowledged_at == monday_evening
