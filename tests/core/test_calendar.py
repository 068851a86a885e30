from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prepdesk.core.calendar import (
    add_working_days,
    deadline_after,
    holiday_name,
    is_working_day,
    next_working_day,
    send_time,
)
from prepdesk.core.context import LOCAL_TIMEZONE


def at(y, mo, d, h=0, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=LOCAL_TIMEZONE)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2023, 5, 5), False),  # Store Bededag, abolished from 2024
        (date(2024, 4, 26), True),  # where it would have been
        (date(2026, 12, 24), False),  # Christmas Eve: offices closed
        (date(2026, 12, 31), False),  # New Year's Eve
        (date(2026, 6, 5), False),  # Grundlovsdag
        (date(2026, 5, 1), True),  # 1 May is a working day
        (date(2026, 4, 2), False),  # Skærtorsdag
        (date(2026, 4, 6), False),  # 2. påskedag
        (date(2026, 5, 14), False),  # Kristi himmelfartsdag
        (date(2026, 11, 28), False),  # a Saturday
        (date(2026, 11, 30), True),  # a Monday
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_holidays_have_danish_names():
    assert holiday_name(date(2026, 12, 25)) == "Juledag"
    assert holiday_name(date(2026, 11, 30)) is None


# Every hour of the week of Monday 23 November 2026: when does a letter go out?
MONDAY_NINE = at(2026, 11, 30, 9)


@pytest.mark.parametrize("hours", range(0, 7 * 24))
def test_every_hour_of_a_week(hours):
    now = at(2026, 11, 23) + timedelta(hours=hours)
    sent = send_time(now)
    weekday, hour = now.weekday(), now.hour
    if weekday < 4 or (weekday == 4 and hour < 12):
        expected = now if hour >= 9 else datetime.combine(now.date(), time(9), tzinfo=LOCAL_TIMEZONE)
    else:  # Friday from noon, Saturday, Sunday
        expected = MONDAY_NINE
    assert sent == expected


def test_the_afternoon_before_christmas_eve_waits_until_after_christmas():
    assert send_time(at(2026, 12, 23, 12, 0)) == at(2026, 12, 28, 9)
    assert send_time(at(2026, 12, 23, 11, 59)) == at(2026, 12, 23, 11, 59)


def test_easter_holds_letters_from_wednesday_afternoon_to_tuesday():
    assert send_time(at(2026, 4, 1, 15)) == at(2026, 4, 7, 9)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)))
def test_a_letter_never_goes_out_when_nobody_can_be_reached(naive):
    now = naive.replace(tzinfo=LOCAL_TIMEZONE)
    sent = send_time(now)
    assert sent >= now
    assert is_working_day(sent.date())
    assert sent.time() >= time(9) or sent == now
    if sent.time() >= time(12):
        assert is_working_day(sent.date() + timedelta(days=1))


def test_inquiry_deadlines_count_only_working_days():
    assert deadline_after(at(2026, 11, 24, 10)) == at(2026, 11, 25, 10)
    assert deadline_after(at(2026, 11, 27, 14)) == at(2026, 11, 30, 14)  # Friday → Monday
    assert deadline_after(at(2026, 11, 28, 10)) == at(2026, 12, 1)  # Saturday → end of Monday
    assert deadline_after(at(2026, 12, 23, 10)) == at(2026, 12, 28, 10)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)))
def test_a_deadline_is_at_least_a_day_later(naive):
    start = naive.replace(tzinfo=LOCAL_TIMEZONE)
    due = deadline_after(start)
    assert due - start >= timedelta(hours=23)  # a DST change may take one hour
    assert is_working_day(due.date()) or due.time() == time(0)


def test_working_day_counting():
    assert next_working_day(date(2026, 11, 27)) == date(2026, 11, 30)
    # 23/12, then 28, 29, 30 /12 (24–27 and 31/12–3/1 closed), then 4, 5, 6 /1.
    assert add_working_days(date(2026, 12, 22), 7) == date(2027, 1, 6)
