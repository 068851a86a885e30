"""My day lists the day a caseworker prepares for: today, or, when the job centre is closed
(a weekend, a public holiday), the next working day and its week."""

from datetime import date, datetime, timedelta

from support.people import NOW

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.my_day import my_day

SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=LOCAL_TIMEZONE)


def test_on_a_working_day_my_day_is_today(world):
    day = my_day(world.ctx(now=NOW))
    assert day.day == NOW.date()
    assert [m.id for m in day.today] == [world.next_meeting.id]
    assert len(day.later_this_week) == 1  # Friday's phone meeting; next week's is not yet


def test_on_a_sunday_my_day_shows_monday_and_its_week(world):
    day = my_day(world.ctx(now=SUNDAY))
    assert day.day == date(2026, 11, 23)
    assert [m.id for m in day.today] == [world.next_meeting.id]
    assert [m.starts_at for m in day.later_this_week] == [NOW + timedelta(days=4)]


def test_on_christmas_eve_my_day_shows_the_first_working_day_after_christmas(world):
    christmas_eve = datetime(2026, 12, 24, 9, 0, tzinfo=LOCAL_TIMEZONE)
    assert my_day(world.ctx(now=christmas_eve)).day == date(2026, 12, 28)
