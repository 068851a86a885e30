"""Dates and times as a Danish reader writes them (prepdesk/dates.py)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from prepdesk.dates import (
    compact_datetime,
    long_date,
    long_datetime,
    medium_datetime,
    parse_clock,
    parse_date,
    short_date,
)

WINTER = datetime(2026, 11, 23, 9, 2, tzinfo=UTC)  # 10.02 in Copenhagen
SUMMER = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # 00.30 the next day in Copenhagen


def test_times_from_the_database_are_shown_in_danish_local_time() -> None:
    assert long_datetime(WINTER) == "mandag 23. nov. 2026 kl. 10.02"
    assert medium_datetime(WINTER) == "23.11.2026 kl. 10.02"
    assert compact_datetime(WINTER) == "23.11.2026 10.02"
    assert compact_datetime(SUMMER) == "02.07.2026 00.30"


def test_dates_read_the_danish_way() -> None:
    assert long_date(date(2026, 5, 3)) == "søndag 3. maj 2026"
    assert short_date(date(2026, 3, 1)) == "01.03.2026"
    assert short_date(SUMMER) == "02.07.2026"  # the local day, not the UTC one


@pytest.mark.parametrize("typed", ["01.03.2026", "1.3.2026", " 1-3-2026 ", "01/03/2026"])
def test_a_typed_date_is_read(typed: str) -> None:
    assert parse_date(typed) == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("31.02.2026", "Den dato findes ikke. Skriv den som dd.mm.åååå, fx 01.03.2026."),
        ("1.3.26", "Skriv datoen som dd.mm.åååå, fx 01.03.2026."),
        ("i morgen", "Skriv datoen som dd.mm.åååå, fx 01.03.2026."),
        ("", "Skriv datoen som dd.mm.åååå, fx 01.03.2026."),
    ],
)
def test_a_wrong_date_says_how_to_write_it(typed: str, sentence: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_date(typed)
    assert str(error.value) == sentence


@pytest.mark.parametrize(("typed", "meant"), [("9.30", time(9, 30)), ("09:05", time(9, 5)),
                                               (" 23.59 ", time(23, 59)), ("0.00", time(0, 0))])
def test_a_typed_time_is_read(typed: str, meant: time) -> None:
    assert parse_clock(typed) == meant


@pytest.mark.parametrize("typed", ["", "9", "930", "24.00", "12.60", "kl. 9", "9.3"])
def test_a_wrong_time_says_how_to_write_it(typed: str) -> None:
    with pytest.raises(ValueError, match="Skriv klokkeslættet som tt.mm"):
        parse_clock(typed)


def test_a_deadline_at_midnight_reads_as_the_day_it_ends() -> None:
    """Issue 11, item 16: an inquiry on a Sunday is due at the end of Monday, stored as
    Tuesday 00:00; it reads "mandag 7.12.", never "tirsdag kl. 00.00"."""
    from prepdesk.core.calendar import deadline_after
    from prepdesk.core.context import LOCAL_TIMEZONE
    from prepdesk.dates import deadline

    sunday = datetime(2026, 12, 6, 11, 0, tzinfo=LOCAL_TIMEZONE)
    due = deadline_after(sunday)
    assert due == datetime(2026, 12, 8, 0, 0, tzinfo=LOCAL_TIMEZONE)
    assert deadline(due, sunday) == "mandag 7.12."
    assert deadline(due, sunday - timedelta(days=10)) == "mandag 7. dec. 2026"
    friday = datetime(2026, 12, 4, 14, 0, tzinfo=LOCAL_TIMEZONE)
    assert deadline(deadline_after(friday), friday) == "mandag kl. 14.00"
