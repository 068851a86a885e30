"""The job centre's calendar reads the `holidays` package's Danish calendar alone, not the
package's every country (issue 17, item 1: tests/test_startup_imports.py), with the same
days and names; and keeps them between starts, so my day does not import the package."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import holidays
import pytest

from prepdesk.core import calendar
from prepdesk.paths import cache_dir


def test_the_danish_calendar_is_the_packages_to_the_day_and_the_name() -> None:
    for year in range(2000, 2041):
        expected = {**holidays.Denmark(years=year, language="da"),
                    **holidays.Denmark(years=year, language="da", categories=("optional",))}
        ours = {**calendar._denmark()(years=year, language="da"),
                **calendar._denmark()(years=year, language="da", categories=("optional",))}
        assert ours == expected


# --- the closed days kept between starts (issue 17: my day without the package) ------------

ASK = """
import json, sys
from datetime import date
from prepdesk.core.calendar import holiday_name, is_working_day
print(json.dumps([is_working_day(date(2026, 12, 24)), holiday_name(date(2026, 4, 3)),
                  "holidays" in sys.modules]))
"""


def _ask_in_a_new_process() -> list[object]:
    result = subprocess.run([sys.executable, "-c", ASK], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_start_after_the_first_reads_the_days_without_the_package() -> None:
    assert _ask_in_a_new_process() == [False, "Langfredag", True]  # asked, and kept
    assert (cache_dir() / calendar.CACHE_FILE).exists()
    assert _ask_in_a_new_process() == [False, "Langfredag", False]


def test_the_kept_days_are_the_packages() -> None:
    for year in (2023, 2026):
        calendar._closed_days.__wrapped__(year)  # asked of the package, and kept
    kept = calendar._kept(calendar._stamp())
    assert set(kept) == {"2023", "2026"}
    for year in (2023, 2026):
        assert calendar._closed_days.__wrapped__(year) == calendar._asked(year)
        assert calendar._closed_days.__wrapped__(year)[date(year, 12, 24)] == "Juleaftensdag"


@pytest.mark.parametrize("stored", [
    lambda stamp: "not json",
    lambda stamp: json.dumps([1, 2]),
    # Another version of the package, or of our rules: its days may be others.
    lambda stamp: json.dumps({"stamp": "holidays 0.1; 0", "years": {"2026": {}}}),
    lambda stamp: json.dumps({"stamp": stamp, "years": {"2026": {"2026-13-25": "x"}}}),
    lambda stamp: json.dumps({"stamp": stamp, "years": {"2026": ["2026-12-25"]}}),
])
def test_a_damaged_or_older_file_asks_the_package_again(stored) -> None:  # noqa: ANN001
    folder = cache_dir()
    folder.mkdir(parents=True)
    (folder / calendar.CACHE_FILE).write_text(stored(calendar._stamp()), encoding="utf-8")
    assert calendar._closed_days.__wrapped__(2026) == calendar._asked(2026)
    assert calendar._kept(calendar._stamp())["2026"]["2026-12-24"] == "Juleaftensdag"


def test_a_cache_that_cannot_be_written_is_no_problem() -> None:
    cache_dir().parent.mkdir(parents=True)
    cache_dir().write_text("a file where the folder should be", encoding="utf-8")
    assert calendar._closed_days.__wrapped__(2026) == calendar._asked(2026)


def test_the_stamp_names_the_installed_version_without_reading_its_metadata() -> None:
    from importlib import metadata

    assert calendar._installed_version("holidays") == metadata.version("holidays")
    assert calendar._stamp() == f"holidays {metadata.version('holidays')}; {calendar._RULES}"
    assert calendar._installed_version("prepdesk_no_such_package") is None
