"""The agenda screen's keys do what they say (issue 11 item 15): with items, Enter changes
the chosen item, as the line above the table says; x removes at once and u puts the item
back; a new item becomes the chosen row, so x removes it and not another."""

from __future__ import annotations

from support.apps import make_app
from support.people import SIZE
from support.pilot import rendered, settled, until
from support.preparation import add_items, agenda_titles, open_preparation, prep_desk
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from prepdesk.screens.agenda import AgendaItemDialog, AgendaScreen


async def open_agenda(pilot: Pilot, the_desk) -> AgendaScreen:
    await open_preparation(pilot, the_desk, "meeting_next")
    await pilot.press("g")
    await until(pilot, lambda: isinstance(pilot.app.screen, AgendaScreen))
    await settled(pilot)
    return pilot.app.screen


def chosen_title(screen: AgendaScreen) -> str:
    table = screen.query_one("#agenda-items", DataTable)
    return screen.view.items[table.cursor_row].title


async def test_with_items_enter_changes_the_chosen_item_as_the_line_says(db_url: str) -> None:
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10), ("Praktik", 15))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, the_desk)
        assert "Enter ændrer det valgte punkt, x fjerner det" in rendered(
            screen.query_one("#items-title"))
        assert screen.focused.id == "agenda-items"
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, AgendaItemDialog))
        dialog = pilot.app.screen
        assert dialog.query_one("#item-title", Input).value == "Praktik"
        await pilot.press("escape")
        await settled(pilot)


async def test_x_removes_and_says_how_to_undo_and_u_puts_the_item_back(db_url: str) -> None:
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10), ("Praktik", 15), ("CV", 5))
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_agenda(pilot, the_desk)
        await pilot.press("down", "x")
        await settled(pilot)
        assert agenda_titles(the_desk, "meeting_next") == ["Skulderen", "CV"]
        said = [n.message for n in pilot.app._notifications]
        assert said[-1] == "Fjernet: “Praktik”. Tryk u for at fortryde."
        await pilot.press("u")
        await settled(pilot)
        assert agenda_titles(the_desk, "meeting_next") == ["Skulderen", "Praktik", "CV"]
        assert chosen_title(screen) == "Praktik"
        await pilot.press("u")  # once only: nothing more to put back
        await settled(pilot)
        assert agenda_titles(the_desk, "meeting_next") == ["Skulderen", "Praktik", "CV"]


async def test_a_new_item_is_the_chosen_row_so_x_removes_it(db_url: str) -> None:
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10), ("Praktik", 15))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, the_desk)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(pilot.app.screen, AgendaItemDialog))
        await pilot.press(*"Bolig", "ctrl+s")
        await until(pilot, lambda: len(screen.view.items) == 3)
        await settled(pilot)
        assert chosen_title(screen) == "Bolig"
        await pilot.press("x")
        await until(pilot, lambda: len(screen.view.items) == 2)
        assert agenda_titles(the_desk, "meeting_next") == ["Skulderen", "Praktik"]
        # A proposal put on the agenda is the chosen row of the table too.
        screen.query_one("#proposals").focus()
        await pilot.press("enter")
        await until(pilot, lambda: len(screen.view.items) == 3)
        await settled(pilot)
        assert chosen_title(screen) == agenda_titles(the_desk, "meeting_next")[2]
        await pilot.press("shift+tab", "x")
        await until(pilot, lambda: len(screen.view.items) == 2)
        assert agenda_titles(the_desk, "meeting_next") == ["Skulderen", "Praktik"]
