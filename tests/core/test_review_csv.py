"""The review's tables as CSV that Danish Excel opens as numbers (issue 14, item 4): BOM,
UTF-8, `;`, decimal comma, dd-mm-yyyy; a formula in data stays text. Read back with the
csv module as Excel would read it."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from prepdesk.config import Settings
from prepdesk.core import review_figures as rf
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.export import csv_tables

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=LOCAL_TIMEZONE)
QUARTER = rf.Period.quarter(NOW.date())


def _figures(value: float | None) -> tuple[rf.Figure, ...]:
    return tuple(rf.Figure(key, 1.0, 8, value) for key in rf.FIGURE_KEYS)


def _review() -> rf.Review:
    definitions = rf.figure_definitions()
    team = rf.FigureRow(None, "Team Øst", "", _figures(0.125))
    mine = rf.FigureRow(7, "Søren Ærø", "SÆ", _figures(None))
    return rf.Review(QUARTER, 2, "Team Øst", team, (mine,), definitions, rf.measured_openly(),
                     True, NOW)


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def _danish(text: str) -> float:
    assert "." not in text
    return float(text.replace(",", "."))


def test_the_figures_read_back_as_danish_numbers():
    table = csv_tables.review_table(_review())
    lines = _read(csv_tables.render(table))
    assert len(lines) == 3 and len(lines[0]) == 2 + len(rf.FIGURE_KEYS)
    assert lines[1][:2] == ["Team Øst", ""] and lines[2][:2] == ["Søren Ærø", "SÆ"]
    prepared = lines[1][2]  # a share in per cent
    assert prepared == "12,5" and _danish(prepared) == 12.5
    assert lines[0][2].endswith("(%)")
    lix = lines[1][2 + rf.FIGURE_KEYS.index("letters_lix")]
    assert _danish(lix) == 0.1  # 0.125 rounded to one decimal
    assert lines[2][2:] == [""] * len(rf.FIGURE_KEYS)  # nothing counted: empty, not 0
    counts = _read(csv_tables.render(csv_tables.figures_table(_review())))
    assert counts[1][4:6] == ["1", "8"]  # numerator and denominator


def test_a_drill_down_has_danish_dates_and_formulas_stay_text():
    at = datetime(2026, 11, 20, 14, 5, tzinfo=LOCAL_TIMEZONE)
    row = rf.DrillRow("meeting", 11, 3, "=HYPERLINK(\"x\")", 11, 7, "@Mette", at, True, 1234.5,
                      "-Opfølgning")
    definition = rf.figure_definitions()[0]
    drill = rf.Drill(QUARTER, definition, None, "Team Øst", rf.Figure(definition.key, 1.0, 1, 1.0),
                     (row,), False)
    lines = _read(csv_tables.render(csv_tables.drill_table(drill)))
    when, worker, citizen, what, counted, value, ident = lines[1]
    assert datetime.strptime(when, "%d-%m-%Y %H:%M") == at.replace(tzinfo=None)
    assert (worker, citizen, what) == ("'@Mette", "'=HYPERLINK(\"x\")", "'-Opfølgning")
    assert _danish(value) == 1234.5 and value == "1234,5" and ident == "11"
    assert counted  # yes, in the catalogue's language


def test_a_series_has_a_line_a_week():
    points = tuple(rf.Point(week, rf.Figure("meetings_prepared", 1.0, 2, 0.5))
                   for week in QUARTER.steps("week"))
    series = rf.Series(QUARTER, "week", None, "Team Øst", (rf.SeriesLine("meetings_prepared", points),))
    lines = _read(csv_tables.render(csv_tables.series_table(series, rf.figure_definitions())))
    assert len(lines) == 1 + len(QUARTER.steps("week")) and lines[1][2] == "50"
    assert datetime.strptime(lines[1][0], "%d-%m-%Y").date() == date(2026, 9, 28)


def test_the_file_goes_to_export_dir_and_the_sentence_says_where(tmp_path: Path):
    user = CurrentUser(1, "Mette", "team_lead", 1, "Team Øst", "m@x.example", "1")
    ctx = Context(sessions=None, user=user, settings=Settings(export_dir=tmp_path / "ud"),
                  clock=lambda: NOW)
    first = csv_tables.write_table(ctx, csv_tables.review_table(_review()))
    second = csv_tables.write_table(ctx, csv_tables.review_table(_review()))
    assert first.path.parent == tmp_path / "ud" and first.path != second.path
    assert first.path.suffix == ".csv" and str(first.path) in first.sentence
    assert first.path.stat().st_mode & 0o777 == 0o600
    assert _read(first.path.read_bytes())[1][2] == "12,5"
    assert first.rows == 2
