"""Columns of text that fit the terminal: which give way, and in what order."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

GAP = "  "  # between two columns
NARROWEST = 10  # a column that gives way keeps this many cells while it can


def column_widths(natural: list[int], widest: Sequence[int | None], room: int, *,
                  gap: int = len(GAP)) -> list[int]:
    """Each column as wide as its widest cell; the columns with a cap (names, places,
    texts) give way, widest first, until the line fits in `room`. The first of them names
    the row (my day's citizen) and gives way last: on a narrow terminal the name is what the
    caseworker reads the row by. Before the name gives way, the capped columns between it
    and the last that would be cut (my day's meeting place, then its kind) are left out
    (width 0) rather than cut to a few letters no one can read."""
    flexible = [column for column, cap in enumerate(widest) if cap]
    name, others = flexible[:1], flexible[1:]
    middle = [column for column in flexible[1:-1] if natural[column] > NARROWEST]
    left_out: list[int] = []
    while True:
        widths = [0 if column in left_out else min(width, cap or width)
                  for column, (width, cap) in enumerate(zip(natural, widest, strict=True))]
        _give_way(widths, others, room, gap)
        if _line_width(widths, gap) <= room or len(left_out) == len(middle):
            break
        left_out.append(middle[-1 - len(left_out)])
    _give_way(widths, name, room, gap)
    return widths


def _give_way(widths: list[int], columns: list[int], room: int, gap: int) -> None:
    """Narrow `columns`, the widest first, down to NARROWEST or until the line fits."""
    while _line_width(widths, gap) > room:
        shrinkable = [column for column in columns if widths[column] > NARROWEST]
        if not shrinkable:
            return
        widths[max(shrinkable, key=widths.__getitem__)] -= 1


def _line_width(widths: list[int], gap: int) -> int:
    shown = [width for width in widths if width]
    return sum(shown) + gap * (len(shown) - 1)


def fill_table(table: DataTable[Text], lines: Sequence[Sequence[Text]],
               widest: Sequence[int | None], room: int) -> None:
    """Fill `table` anew with `lines` (the column titles, then the rows; row keys are
    their positions), its columns fitted into `room` cells as `column_widths` fits them:
    a cut cell ends in an ellipsis, and a left-out column is not added."""
    table.clear(columns=True)
    natural = [max(line[column].cell_len for line in lines) for column in range(len(lines[0]))]
    # A DataTable pads each cell by one on both sides: two cells per column.
    widths = column_widths(natural, widest, room - 2, gap=2)
    shown = [column for column, width in enumerate(widths) if width]

    def cut(text: Text, width: int) -> Text:
        text = text.copy()
        text.truncate(width, overflow="ellipsis")
        return text

    for column in shown:
        table.add_column(cut(lines[0][column], widths[column]), width=widths[column])
    for index, line in enumerate(lines[1:]):
        table.add_row(*(cut(line[column], widths[column]) for column in shown), key=str(index))
