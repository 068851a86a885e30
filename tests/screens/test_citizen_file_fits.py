"""The citizen's file fits the terminal (issue 11, item 16): the footer is never cut at
120 columns (secondary keys are in help and the palette, the tabs' keys in the tabs'
labels); at 80x24 the file bar, the tabs and each tab's own lines stay on the screen; an
empty statements tab says so in a sentence."""

from __future__ import annotations

import pytest
from support.apps import FileApp, make_app
from support.citizen_file import World, build_world, opened
from support.desk import desk
from support.pilot import on_my_day, settled, text_of, until
from textual.widgets import DataTable, Tabs
from textual.widgets._footer import Footer, FooterKey

from prepdesk.data import models as m
from prepdesk.screens.help import HelpScreen


@pytest.fixture
def world(db_url: str):
    built = build_world(db_url)
    yield built
    built.close()


def footer_fits(screen) -> list[str]:
    """The footer's keys, after checking that none is cut or hidden under the palette's."""
    keys = list(screen.query_one(Footer).query(FooterKey))
    palette = next(key for key in keys if key.has_class("-command-palette"))
    shown = [key for key in keys if key is not palette]
    assert shown and all(key.region.width > 0 for key in shown)
    assert max(key.region.right for key in shown) <= palette.region.x, [
        (key.key_display, key.description, key.region) for key in shown]
    assert palette.region.right <= screen.size.width
    return [key.description for key in shown]


def visible(screen, widget) -> bool:
    region = widget.region
    return region.height > 0 and region.y >= 0 and region.bottom <= screen.size.height


@pytest.mark.parametrize("tab", ["o", "t", "e", "s"])
async def test_the_footer_fits_120_columns_on_every_tab(world: World, tab: str) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot)
        await pilot.press(tab)
        await settled(pilot)
        described = footer_fits(screen)
        assert {"Vis CPR", "Møder", "Hjælp", "Afslut"} <= set(described)
        labels = [text_of(tab_widget) for tab_widget in screen.query_one(Tabs).query("Tab")]
        assert labels == ["o Overblik", "t Tidslinje", "e Erklæringer", "s Lignende afgørelser"]
        await pilot.press("c")  # the CPR shown: its key goes, nothing else moves
        await settled(pilot)
        footer_fits(screen)


async def test_keys_out_of_the_footer_are_still_in_help(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await settled(pilot)
        shown = " ".join(text_of(widget) for widget in app.screen.query("*")
                         if hasattr(widget, "render"))
        for words in ("Overblik", "Tidslinje", "Erklæringer", "Tilbage", "Nyt møde"):
            assert words in shown


async def test_my_days_footer_fits_120_columns(db_url: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=(120, 36)) as pilot:
        screen = await on_my_day(pilot)
        assert footer_fits(screen)[:3] == ["Åbn", "Forbered", "Referat"]


async def test_at_80x24_the_file_bar_tabs_and_each_tabs_lines_stay(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        for tab, own in (("o", []), ("t", ["#kind-filter", "#period-bar"]),
                         ("e", ["#statements-help"])):
            await pilot.press(tab)
            await settled(pilot)
            for _ in range(40):  # down to the end of what the tab shows
                await pilot.press("down")
            await pilot.press("end")
            await settled(pilot)
            for selector in ["#file-name", "#file-cpr", "Tabs", *own]:
                assert visible(screen, screen.query_one(selector)), (tab, selector)
        # The overview's boxes stand one under the other, full width, at 80 columns.
        boxes = list(screen.query(".box"))
        assert all(box.outer_size.width >= 70 for box in boxes)


async def test_an_empty_statements_tab_says_so(world: World) -> None:
    with world.session() as session:
        for statement in session.query(m.Statement).filter_by(citizen_id=world.citizen_id):
            session.delete(statement)
        session.commit()
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot)
        await pilot.press("e")
        await settled(pilot)
        assert text_of(screen.query_one("#statements-help")) == (
            "Borgeren har endnu ingen erklæringer. De står her, når de kommer.")
        assert not screen.query_one("#statements-table", DataTable).display
