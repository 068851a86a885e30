"""The job centre's calendar reads the `holidays` package's Danish calendar alone, not the
package's every country (issue 17, item 1: tests/test_startup_imports.py), with the same
days and names."""

from __future__ import annotations

import holidays

from prepdesk.core import calendar


def test_the_danish_calendar_is_the_packages_to_the_day_and_the_name() -> None:
    for year in range(2000, 2041):
        expected = {**holidays.Denmark(years=year, language="da"),
                    **holidays.Denmark(years=year, language="da", categories=("optional",))}
        ours = {**calendar._denmark()(years=year, language="da"),
                **calendar._denmark()(years=year, language="da", categories=("optional",))}
        assert ours == expected
