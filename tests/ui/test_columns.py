"""Columns that fit the terminal (ui/columns.py)."""

from __future__ import annotations

from prepdesk.ui.columns import column_widths


def test_columns_give_way_widest_first_and_the_name_last() -> None:
    assert column_widths([5, 30, 20], [None, 28, 26], room=100) == [5, 28, 20]
    assert column_widths([5, 30, 20], [None, 28, 26], room=37) == [5, 18, 10]
    # the name (the first capped column) gives way last
    assert column_widths([5, 14, 20, 20], [None, 28, 20, 26], room=45) == [5, 14, 10, 10]
    assert column_widths([5, 30, 20], [None, 28, 26], room=10) == [5, 10, 10]
    # too narrow even so: the capped columns between the first and the last are left out
    assert column_widths([5, 14, 20, 20, 9], [None, 28, 20, 26, 18], room=45) == [5, 14, 11, 0, 9]
    assert column_widths([5, 14, 20, 20, 9], [None, 28, 20, 26, 18], room=35) == [5, 14, 0, 0, 9]
    # a column that is not cut at its narrowest stays
    assert column_widths([5, 14, 8, 20, 9], [None, 28, 20, 26, 18], room=45) == [5, 14, 8, 0, 9]
