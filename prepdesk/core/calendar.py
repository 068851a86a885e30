"""Working days in a Danish job centre: send windows (R-LTR-4) and deadlines (R-SERV-1, R-SEC-4).

Closed: weekends, the public holidays (the `holidays` package knows their history, such as
Store Bededag until 2023), and the days municipal offices close although the law does not
name them: Christmas Eve, New Year's Eve and Constitution Day (5 June). 1 May is a working
day. All times are Danish local time.

A year's closed days, once the package has named them, are kept in a small file in the
user's cache directory (`closed-days.json`), stamped with the package's version: my day
needs today's, and importing the package (3 MiB and 30 ms of CPU, its calendars
of every religion) held my day up at every start (issue 17). Another version of the
package, or of our own rules, asks the package again.
"""

import importlib.util
import json
import os
import tempfile
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.i18n import _, current_language
from prepdesk.paths import cache_dir

if TYPE_CHECKING:
    import holidays

OPENS, CLOSES = time(8, 0), time(16, 0)  # meetings are booked within these hours (R-PREP-1)
SEND_HOUR = time(9, 0)  # held letters go out at nine on the next working day
AFTERNOON = time(12, 0)  # from noon before a closed day, nothing goes out
_OFFICE_CLOSED = {(12, 24), (12, 31), (6, 5)}  # (month, day)
# Changed when what _asked takes from the package changes: the cached days are then old.
_RULES = "1: public and optional, da; office closed 24.12, 31.12, 5.6"
CACHE_FILE = "closed-days.json"


@cache
def _denmark() -> "type[holidays.HolidayBase]":
    """The `holidays` package's Danish calendar. `holidays.Denmark` imports every one of
    the package's ~250 countries to find it (~0.1 s, before my day can show: issue 17);
    its own module is read alone here, and the package's way is the fallback."""
    import holidays

    path = Path(holidays.__file__).with_name("countries") / "denmark.py"
    spec = importlib.util.spec_from_file_location("holidays.countries.denmark", path)
    if spec is None or spec.loader is None or not path.exists():
        return holidays.Denmark
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "Denmark", None) or holidays.Denmark


@cache
def _closed_days(year: int) -> dict[date, str]:
    stamp = _stamp()
    kept = _kept(stamp).get(str(year)) if stamp else None
    if isinstance(kept, dict):
        try:
            return {date.fromisoformat(day): str(name) for day, name in kept.items()}
        except (TypeError, ValueError):
            pass  # a damaged file: asked again and written anew
    days = _asked(year)
    if stamp:
        _keep(stamp, year, days)
    return days


def _asked(year: int) -> dict[date, str]:
    """The closed days of `year` as the `holidays` package names them."""
    public = _denmark()(years=year, language="da")
    optional = _denmark()(years=year, language="da", categories=("optional",))
    closed = {day: name for day, name in optional.items() if (day.month, day.day) in _OFFICE_CLOSED}
    return {**public, **closed}


def _stamp() -> str | None:
    """What the kept days were asked of: the package's version and our rules."""
    version = _installed_version("holidays")
    return f"holidays {version}; {_RULES}" if version else None


def _installed_version(name: str) -> str | None:
    """The installed version of the distribution `name`, read from the name of its
    .dist-info folder beside the package (1 ms), not by importlib.metadata (about 9 ms
    before my day: it parses the distribution's METADATA with the e-mail parser).
    Anything unusual is left to importlib.metadata; None when it is not installed as a
    distribution (then the days are never kept)."""
    spec = importlib.util.find_spec(name)
    if spec is not None and spec.origin and spec.submodule_search_locations:
        found = list(Path(spec.origin).parent.parent.glob(f"{name}-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len(name) + 1:-len(".dist-info")]
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _kept(stamp: str) -> dict[str, object]:
    """The years kept in the cache file under `stamp`; none when it is missing, damaged
    or from another version."""
    try:
        stored = json.loads((cache_dir() / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("stamp") != stamp:
        return {}
    years = stored.get("years")
    return years if isinstance(years, dict) else {}


def _keep(stamp: str, year: int, days: dict[date, str]) -> None:
    """Add `year`'s days to the cache file, written whole or not at all (two PrepDesks
    may write at once: the last one wins, and each has the days it asked for). A cache
    that cannot be written is no problem: the package is asked at the next start."""
    years = dict(_kept(stamp))
    years[str(year)] = {day.isoformat(): name for day, name in sorted(days.items())}
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".closed-days-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump({"stamp": stamp, "years": years}, file, ensure_ascii=False)
            os.replace(temporary, folder / CACHE_FILE)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def holiday_name(day: date) -> str | None:
    """The Danish name of the holiday on `day`, if the job centre is closed for one."""
    return _closed_days(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def within_opening_hours(start: datetime, minutes: int) -> bool:
    """Whether a meeting from `start` for `minutes` lies within one working day's opening
    hours (08:00-16:00, Danish local time)."""
    local = start.astimezone(LOCAL_TIMEZONE)
    end = local + timedelta(minutes=minutes)
    return (is_working_day(local.date()) and end.date() == local.date()
            and local.time() >= OPENS and end.time() <= CLOSES)


def next_opening(moment: datetime, minutes: int) -> datetime:
    """The first moment at or after `moment` from which a meeting of `minutes` fits in a
    working day's opening hours (the same moment when it already does)."""
    local = moment.astimezone(LOCAL_TIMEZONE)
    while not within_opening_hours(local, minutes):
        day = local.date()
        if is_working_day(day) and local.time() < OPENS:
            local = datetime.combine(day, OPENS, tzinfo=LOCAL_TIMEZONE)
        else:
            local = datetime.combine(next_working_day(day), OPENS, tzinfo=LOCAL_TIMEZONE)
        if minutes > (CLOSES.hour - OPENS.hour) * 60:
            break  # longer than a day: no moment fits; the caller says so
    return local


def add_working_days(day: date, count: int) -> date:
    """`count` working days after `day` (the 7-working-day deadline for aktindsigt)."""
    for _day in range(count):
        day = next_working_day(day)
    return day


def send_time(now: datetime) -> datetime:
    """When a letter written `now` may go out (R-LTR-4).

    At once on a working day, except from noon before a closed day (Friday afternoon,
    the day before Christmas Eve...): then, like on a closed day, it is held until 09:00
    on the next working day, so nobody reads bad news when the job centre cannot be reached.
    """
    local = now.astimezone(LOCAL_TIMEZONE)
    today = local.date()
    if is_working_day(today) and local.time() < SEND_HOUR:
        return datetime.combine(today, SEND_HOUR, tzinfo=LOCAL_TIMEZONE)
    closing_soon = local.time() >= AFTERNOON and not is_working_day(today + timedelta(days=1))
    if is_working_day(today) and not closing_soon:
        return local
    return datetime.combine(next_working_day(today), SEND_HOUR, tzinfo=LOCAL_TIMEZONE)


def deadline_after(start: datetime, hours: int = 24) -> datetime:
    """`hours` later, counting only the hours of working days (R-SERV-1).

    An inquiry on Friday at 14:00 is due on Monday at 14:00; one on Saturday is due at the
    end of Monday.
    """
    moment = start.astimezone(LOCAL_TIMEZONE)
    remaining = timedelta(hours=hours)
    while True:
        day = moment.date()
        if not is_working_day(day):
            moment = datetime.combine(next_working_day(day), time.min, tzinfo=LOCAL_TIMEZONE)
            continue
        end_of_day = datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL_TIMEZONE)
        if moment + remaining <= end_of_day:
            return moment + remaining
        remaining -= end_of_day - moment
        moment = end_of_day


def describe_send_time(moment: datetime, now: datetime) -> str:
    """"The letter goes out on Monday at 09:00." for the screen that queues it (R-LTR-4)."""
    return _("The letter goes out {when}.").format(when=send_time_phrase(moment, now))


def send_time_phrase(moment: datetime, now: datetime) -> str:
    """"now", "today at 09:00", "tomorrow at 09:00", "on Friday at 09:00", or with the
    date when it is a week or more away: "on Monday 30 November at 09:00"."""
    from babel.dates import format_date, format_time

    if moment <= now:
        return _("now")
    local = moment.astimezone(LOCAL_TIMEZONE)
    language = current_language()
    # TRANSLATORS: a CLDR time pattern; keep the letters.
    clock = format_time(local.time(), _("HH:mm"), locale=language)
    days = (local.date() - now.astimezone(LOCAL_TIMEZONE).date()).days
    if days == 0:
        return _("today at {time}").format(time=clock)
    if days == 1:
        return _("tomorrow at {time}").format(time=clock)
    # TRANSLATORS: CLDR date patterns; keep the letters, translate the words in quotes.
    pattern = "EEEE" if days < 7 else _("EEEE d MMMM")
    return _("on {day} at {time}").format(day=format_date(local.date(), pattern, locale=language),
                                          time=clock)

