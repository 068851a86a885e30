"""Dates and times the way the reader writes them: local time, in their language.

Times come from the database as aware UTC and are shown in Danish local time. The
patterns are CLDR patterns in the catalogue, so the Danish ones read "mandag 23. nov.
2026 kl. 10.00". Babel is imported on first use: never before the first paint
(shared/DESIGN.md, "Start fast"); a call costs microseconds after the first.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.i18n import _, current_language

# Also d.m.yyyy, and - or / between the parts: people type what they are used to.
_TYPED_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_TYPED_TIME = re.compile(r"(\d{1,2})[.:](\d{2})")


def long_datetime(moment: datetime) -> str:
    """"mandag 23. nov. 2026 kl. 10.00": meetings, documents."""
    # TRANSLATORS: a CLDR date pattern; keep the letters, translate the words in quotes.
    return _format_datetime(moment, _("EEEE d MMM y 'at' HH:mm"))


def medium_datetime(moment: datetime) -> str:
    """"23.11.2026 kl. 10.02": when something was read or logged."""
    # TRANSLATORS: a CLDR date pattern; keep the letters, translate the words in quotes.
    return _format_datetime(moment, _("dd/MM/y 'at' HH:mm"))


def compact_datetime(moment: datetime) -> str:
    """"23.11.2026 10.00": one line in a long list."""
    # TRANSLATORS: a CLDR date pattern; keep the letters.
    return _format_datetime(moment, _("dd/MM/y HH:mm"))


def long_date(day: date | datetime) -> str:
    """"mandag 23. nov. 2026"."""
    # TRANSLATORS: a CLDR date pattern; keep the letters.
    return _format_date(day, _("EEEE d MMM y"))


def short_date(day: date | datetime) -> str:
    """"23.11.2026"."""
    # TRANSLATORS: a CLDR date pattern; keep the letters.
    return _format_date(day, _("dd/MM/y"))


def deadline(due: datetime, now: datetime) -> str:
    """When something is due, said from `now`: "mandag kl. 14.00" within the week, else
    the whole date. A deadline at midnight is the end of the day before, said as that day:
    "senest mandag 7.12.", never "tirsdag kl. 00.00" (issue 11, item 16)."""
    local = due.astimezone(LOCAL_TIMEZONE)
    within_the_week = due - now < timedelta(days=6)
    if local.time() == time.min:
        day = local.date() - timedelta(days=1)
        # TRANSLATORS: a CLDR date pattern, weekday, day and month; keep the letters.
        return _format_date(day, _("EEEE d/M")) if within_the_week else long_date(day)
    if not within_the_week:
        return long_datetime(due)
    # TRANSLATORS: a CLDR date pattern, weekday and time; keep the letters.
    return _format_datetime(due, _("EEEE 'at' HH:mm"))


def parse_date(text: str) -> date:
    """A date typed as dd.mm.yyyy. Raises ValueError with a sentence for the user."""
    match = _TYPED_DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(_("Write the date as dd.mm.yyyy, for example 01.03.2026."))
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            _("That date does not exist. Write it as dd.mm.yyyy, for example 01.03.2026.")
        ) from None


def parse_clock(text: str) -> time:
    """A time of day typed as hh.mm (or hh:mm). Raises ValueError with a sentence for the user."""
    match = _TYPED_TIME.fullmatch(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(_("Write the time as hh.mm, for example 09.30."))
    return time(int(match[1]), int(match[2]))


def _format_datetime(moment: datetime, pattern: str) -> str:
    from babel.dates import format_datetime

    return format_datetime(moment.astimezone(LOCAL_TIMEZONE), pattern, locale=current_language())


def _format_date(day: date | datetime, pattern: str) -> str:
    from babel.dates import format_date

    if isinstance(day, datetime):
        day = day.astimezone(LOCAL_TIMEZONE).date()
    return format_date(day, pattern, locale=current_language())


def clock_time(moment: datetime) -> str:
    """The local time of day: "09:30" (my day, meeting mode)."""
    local = moment.astimezone(LOCAL_TIMEZONE)
    return _("{hour:02d}:{minute:02d}").format(hour=local.hour, minute=local.minute)
