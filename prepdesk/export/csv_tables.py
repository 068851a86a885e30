"""The team review's tables as CSV files that Danish Excel opens as numbers (issue 14, item 4).

Danish Excel reads a CSV file by Windows' Danish settings: `;` between the fields, a
decimal comma ("12,5"), dates as dd-mm-yyyy, and the text as UTF-8 only when the file
begins with a byte-order mark (without it, "æøå" come out garbled). Each table is made
from core's views (core/review_figures.py): `review_table` (every figure of the team and
each caseworker shown), `figures_table` (the same with each numerator and denominator, one
line a figure), `series_table` (a chart's points) and `drill_table` (the rows behind a
number). `write_table` writes one to the folder of the setting export_dir (readable by
the user only: a drill-down names citizens) and returns the path and the sentence for
the screen.

Text from data that Excel would take for a formula (beginning with =, +, -, @) gets a
leading apostrophe, so opening the file never runs anything.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from babel.numbers import format_decimal

from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.review_figures import (
    Drill,
    Figure,
    FigureDefinition,
    Review,
    Series,
)
from prepdesk.errors import UserError
from prepdesk.export.files import REPORTS_FOLDER, export_dir, write_private
from prepdesk.i18n import _

Cell = str | int | float | date | datetime | None
BOM = "\ufeff"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """A table to write: `name` becomes the file's name (letters, digits and dashes)."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class WrittenTable:
    path: Path
    rows: int
    sentence: str  # where the file went, for the screen


def render(table: Table) -> bytes:
    """The CSV file's bytes: BOM, UTF-8, `;`, decimal comma, dd-mm-yyyy, CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([_cell(title) for title in table.header])
    for row in table.rows:
        writer.writerow([_cell(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def write_table(ctx: Context, table: Table, directory: Path | None = None) -> WrittenTable:
    """Write `table` to `directory` (default: the setting export_dir) as a new file."""
    folder = directory or export_dir(ctx, REPORTS_FOLDER)
    stamp = ctx.clock().astimezone(LOCAL_TIMEZONE)
    stem = f"{_file_name(table.name)}-{stamp:%Y-%m-%d-%H%M%S}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}.csv"
        number = 2
        while path.exists():
            path = folder / f"{stem}-{number}.csv"
            number += 1
        write_private(path, render(table), new=True)
    except OSError as error:
        raise UserError(_("The table could not be written to {folder}: {reason}. Choose another "
                          "folder with the setting export_dir.").format(
            folder=folder, reason=error.strerror or error)) from None
    return WrittenTable(path, len(table.rows), _(
        "The table is saved as {path}. Open it in Excel: the numbers are Danish numbers.").format(
            path=path))


# --- The tables of the review ---------------------------------------------------------


def review_table(review: Review) -> Table:
    """One line for the team and one for each caseworker shown; one column a figure."""
    header = (_("Name"), _("Initials"), *(_column(d) for d in review.definitions))
    rows = [(review.team.name, "", *(_value(d, f) for d, f in zip(review.definitions, review.team.figures,
                                                                  strict=True)))]
    rows += [(row.name, row.initials, *(_value(d, f) for d, f in zip(review.definitions, row.figures,
                                                                     strict=True)))
             for row in review.caseworkers]
    return Table(_("team-figures-{period}").format(period=review.period.label()), header, tuple(rows))


def figures_table(review: Review) -> Table:
    """One line a figure of the team and of each caseworker shown: the value with its
    numerator and denominator, and what the figure counts."""
    header = (_("Name"), _("Figure"), _("Value"), _("Unit"), _("Numerator"), _("Denominator"),
              _("What is counted"))
    rows = []
    for person in (review.team, *review.caseworkers):
        for definition, figure in zip(review.definitions, person.figures, strict=True):
            rows.append((person.name, definition.title, _value(definition, figure),
                         _unit(definition), _number(figure.numerator, 2), figure.denominator,
                         definition.definition))
    return Table(_("team-figures-{period}").format(period=review.period.label()), header, tuple(rows))


def series_table(series: Series, definitions: Sequence[FigureDefinition]) -> Table:
    """One line a week or month, one column a figure (a chart's data)."""
    by_key = {d.key: d for d in definitions}
    lines = [line for line in series.lines if line.key in by_key]
    header = (_("From"), _("To"), *(_column(by_key[line.key]) for line in lines))
    points = zip(*(line.points for line in lines), strict=True)
    rows = tuple((group[0].period.first, group[0].period.last,
                  *(_value(by_key[line.key], point.figure) for line, point in zip(lines, group, strict=True)))
                 for group in points)
    return Table(_("team-figures-by-{step}-{period}").format(
        step=_("week") if series.step == "week" else _("month"), period=series.period.label()),
        header, rows)


def drill_table(drill: Drill) -> Table:
    """The rows behind a figure: when, who, which citizen, counted or not, the row's value."""
    header = (_("Date"), _("Caseworker"), _("Citizen"), _("What"), _("Counted"), _("Value"), _("Id"))
    rows = tuple((row.at, row.caseworker_name, row.citizen_name or "", row.what,
                  _("yes") if row.counted else _("no"), _number(row.value, 2), row.id)
                 for row in drill.rows)
    return Table(_("{figure}-{period}").format(figure=drill.definition.title,
                                               period=drill.period.label()), header, rows)


def _column(definition: FigureDefinition) -> str:
    unit = _unit(definition)
    return f"{definition.title} ({unit})" if unit else definition.title


def _unit(definition: FigureDefinition) -> str:
    return {"share": "%", "days": _("days"), "lix": "LIX", "per_citizen": _("per citizen")}[definition.unit]


def _value(definition: FigureDefinition, figure: Figure) -> str:
    """The figure as the screen shows it: a share in per cent, the rest as it is."""
    if figure.value is None:
        return ""
    if definition.unit == "share":
        return _number(figure.value * 100, 1)
    return _number(figure.value, 2 if definition.unit == "per_citizen" else 1)


class _Number(str):
    """A number already written the Danish way: never taken for a formula."""


def _number(value: float | None, decimals: int) -> str:
    """"12,5": a decimal comma and no thousands separator, which Excel could misread."""
    if value is None:
        return ""
    pattern = "0." + "#" * decimals if decimals else "0"
    return _Number(format_decimal(round(value, decimals), format=pattern, locale="da_DK"))


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, _Number):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TIMEZONE).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value, 2)
    text = "".join(c for c in str(value) if c in "\t\n" or (ord(c) >= 32 and not 0x7F <= ord(c) <= 0x9F))
    return "'" + text if text.startswith(_FORMULA) else text


def _file_name(name: str) -> str:
    cleaned = re.sub(r"[^\w-]+", "-", name.casefold(), flags=re.UNICODE).strip("-")
    return cleaned[:80] or "table"


