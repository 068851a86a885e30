"""My day's columns: the same widths whenever the list is filled, in the whole width."""

from __future__ import annotations

import re

import pytest
from support.apps import make_app
from support.desk import desk
from support.pilot import settled, until
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList

from prepdesk.screens.my_day import MyDayScreen


def prompts(pilot: Pilot) -> list[tuple[str, int]]:
    """Each line of the list, and how many cells wide it is."""
    day_list = pilot.app.screen.query_one(OptionList)
    options = (day_list.get_option_at_index(index) for index in range(day_list.option_count))
    return [(str(option.prompt), option.prompt.cell_length) for option in options]


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_the_columns_stay_as_they_were_when_i_come_back(db_url: str, size) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        await settled(pilot)
        first = prompts(pilot)
        day_list = pilot.app.screen.query_one(OptionList)
        room = size[0] - 4  # the list's padding and its scroll bar
        widest = max(cells for _line, cells in first)
        # At 80 columns the widest lines use all of it; at 120 they all fit.
        assert widest == room if size[0] == 80 else widest <= room
        pilot.app.push_screen(Screen())  # e.g. a citizen's file, opened and closed again
        await pilot.pause()
        pilot.app.pop_screen()
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        await settled(pilot)
        assert prompts(pilot) == first
        await pilot.press("r")
        await settled(pilot)
        assert prompts(pilot) == first
        assert day_list.option_count == len(first)


async def test_at_80_columns_the_preparation_state_is_never_cut(db_url: str) -> None:
    """The kind of meeting and the statements' heading give way before it does."""
    async with make_app(desk(db_url).workspace).run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        await settled(pilot)
        meetings = [line for line, _cells in prompts(pilot) if "✓" in line or "✗" in line]
        assert len(meetings) == 3
        assert all(re.search(r"✓ forberedt|✗ \d+ mangler", line) for line in meetings)
