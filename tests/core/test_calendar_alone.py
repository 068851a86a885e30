"""The job centre's calendar reads the `holidays` package's Danish calendar alone, not the
package's every country (issue 17, item 1), with the same days and names."""

from __future__ import annotations

import subprocess
import sys

import holidays

from prepdesk.core import calendar

PROBE = """
import sys
from datetime import date
from prepdesk.core.calendar import is_working_day
is_working_day(date(2026, 12, 24))
print(sum(name.startswith("holidays.countries.") for name in sys.modules))
"""


def test_the_danish_calendar_is_the_packages_to_the_day_and_the_name() -> None:
    for year in range(2000, 2041):
        expected = {**holidays.Denmark(years=year, language="da"),
                    **holidays.Denmark(years=year, language="da", categories=("optional",))}
        ours = {**calendar._denmark()(years=year, language="da"),
                **calendar._denmark()(years=year, language="da", categories=("optional",))}
        assert ours == expected


def test_no_other_country_is_imported() -> None:
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                           timeout=60)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "0"
