"""The timeline in the citizen's file: filters, reading in full, thousands of entries (R-FILE-4)."""

from __future__ import annotations

from datetime import date

import pytest
from support.apps import FileApp
from support.citizen_file import LONG_BODY, World, add_journal_entries, build_world, opened
from support.hostile import HOSTILE
from support.people import SIZE
from support.pilot import settled, text_of
from textual.pilot import Pilot
from textual.widgets import Input

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.screens.citizen_file import CitizenFileScreen
from prepdesk.screens.document import DocumentScreen
from prepdesk.text import strip_controls
from prepdesk.widgets.timeline_view import TimelineView


@pytest.fixture
def world(db_url: str):
    built = build_world(db_url)
    yield built
    built.close()


async def open_timeline(pilot: Pilot) -> tuple[CitizenFileScreen, TimelineView]:
    screen = await opened(pilot)
    await pilot.press("t")
    await settled(pilot)
    view = screen.query_one(TimelineView)
    assert view.has_focus
    return screen, view


def kinds(view: TimelineView) -> set[str]:
    return {entry.kind for entry in view.entries}


def lines(view: TimelineView) -> list[str]:
    return [view.render_line(y).text.rstrip() for y in range(view.size.height)]


async def test_one_line_per_entry_newest_first_with_what_is_new_marked(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_timeline(pilot)
        assert [entry.at for entry in view.entries] == sorted(
            (entry.at for entry in view.entries), reverse=True)
        assert kinds(view) == {"journal", "meeting", "statement", "benefit"}
        shown_lines = lines(view)
        assert shown_lines[0].startswith("    23.11.2026 10.00  Møde          Opfølgningssamtale")
        assert shown_lines[1].startswith("NY  21.11.2026 08.00  Journalnotat  SMS til borger")
        assert "SMS · Husk mødet mandag." in shown_lines[1]
        assert shown_lines[-1] == ""
        assert "01.01.2020        Ydelse        Kontanthjælp" in "\n".join(shown_lines)
        assert text_of(screen.query_one("#timeline-count")) == (
            "7 hændelser · 2 nye siden sidste møde")


async def test_kinds_are_hidden_and_shown_with_their_number_keys(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_timeline(pilot)
        await pilot.press("1")  # journal
        await settled(pilot)
        assert kinds(view) == {"meeting", "statement", "benefit"}
        assert "1 □ Journalnotat" in text_of(screen.query_one("#kind-filter"))
        assert "2 ■ Møde" in text_of(screen.query_one("#kind-filter"))
        await pilot.press(*"2356")
        await settled(pilot)
        assert view.entries == []  # letters, decisions and complaints are chosen: none here
        assert lines(view)[0] == "Intet af de valgte typer i den valgte periode."
        await pilot.press(*"478")
        await settled(pilot)
        assert lines(view)[0] == "Ingen typer er valgt. Tryk 0 for at vise alle typer."
        await pilot.press("3")
        await settled(pilot)
        assert kinds(view) == {"statement"}
        await pilot.press("0")
        await settled(pilot)
        assert kinds(view) == {"journal", "meeting", "statement", "benefit"}


async def test_0_with_every_kind_shown_loads_the_timeline_again(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_timeline(pilot)
        chips = text_of(screen.query_one("#kind-filter"))
        add_journal_entries(world, 3)  # written meanwhile, e.g. by a colleague
        await pilot.press("0")
        await settled(pilot)
        assert len(view.entries) == 10
        assert text_of(screen.query_one("#timeline-count")) == (
            "10 hændelser · 5 nye siden sidste møde")
        assert text_of(screen.query_one("#kind-filter")) == chips
        assert "□" not in chips


async def test_the_count_takes_the_lines_it_needs_in_a_narrow_terminal(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, view = await open_timeline(pilot)
        count, bar = screen.query_one("#timeline-count"), screen.query_one("#period-bar")
        assert text_of(count) == "7 hændelser · 2 nye siden sidste møde"
        assert count.size.height == bar.size.height == 2
        await pilot.press(*"123")  # only the benefit period is left
        await settled(pilot)
        assert text_of(count) == "1 hændelse"
        assert count.size.height == bar.size.height == 1
        await pilot.press("0")
        await settled(pilot)
        assert text_of(count) == "7 hændelser · 2 nye siden sidste møde"
        assert count.size.height == bar.size.height == 2
        assert view.region.y == bar.region.bottom + 1  # below the bar and its margin

async def type_period(pilot: Pilot, since: str, until: str) -> None:
    screen = pilot.app.screen
    screen.query_one("#since", Input).value = since
    screen.query_one("#until", Input).value = until
    if not isinstance(screen.focused, Input):
        await pilot.press("p")
    await pilot.press("enter")
    await settled(pilot)


def words(text: str) -> str:
    return " ".join(text.split())


def message(screen: CitizenFileScreen) -> str:
    return text_of(screen.query_one("#period-message"))


async def test_a_period_typed_the_danish_way_filters_the_timeline(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_timeline(pilot)
        await type_period(pilot, "1.11.2026", "20.11.2026")
        days = {entry.at.astimezone(LOCAL_TIMEZONE).date() for entry in view.entries}
        assert days == {date(2026, 11, 3), date(2026, 11, 16), date(2026, 11, 20)}
        assert message(screen) == ""
        assert view.has_focus
        await type_period(pilot, "", "")
        assert len(view.entries) == 7


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("32.13.2026", "", "Fra-datoen »32.13.2026«: Den dato findes ikke. "
                           "Skriv den som dd.mm.åååå, fx 01.03.2026."),
        ("", "i går", "Til-datoen »i går«: Skriv datoen som dd.mm.åååå, fx 01.03.2026."),
        ("20.11.2026", "01.11.2026", "Fra-datoen ligger efter til-datoen. Byt om på dem, "
                                     "eller ret en af dem."),
    ],
)
async def test_a_wrong_date_says_what_to_write_and_loses_nothing(
    world: World, since: str, until: str, expected: str,
) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_timeline(pilot)
        await pilot.press("1")
        await settled(pilot)
        before = list(view.entries)
        await type_period(pilot, since, until)
        assert message(screen) == expected
        assert list(view.entries) == before  # the list stays as it was
        assert screen.query_one("#since", Input).value == since  # and so does the typing
        assert screen.query_one("#until", Input).value == until
        assert isinstance(screen.focused, Input)
        await pilot.press("escape")  # leaves the field, not the file
        assert view.has_focus and app.screen is screen


async def test_typed_text_in_the_date_fields_is_shown_literally(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen, _view = await open_timeline(pilot)
        for text in (text for text in HOSTILE if 0 < len(text) < 1000):
            await type_period(pilot, text, "")
            assert words(f"Fra-datoen »{strip_controls(text)}«: Skriv") in words(message(screen))


async def test_enter_opens_the_entry_in_full(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        _screen, view = await open_timeline(pilot)
        view.move_cursor(next(row for row, entry in enumerate(view.entries)
                              if entry.id == world.long_entry_id and entry.kind == "journal"))
        assert len(view.cursor_entry.preview) < len(LONG_BODY)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert text_of(app.screen.query_one("#document-title")) == (
            "Journalnotat · Opkald fra borger")
        assert text_of(app.screen.query_one("#document-time")) == (
            "tirsdag 3. nov. 2026 kl. 08.00 · Søren Møller")
        assert " ".join(LONG_BODY.split()) == " ".join(
            text_of(app.screen.query_one("#document-text")).split())
        await pilot.press("escape")
        assert app.screen.query_one(TimelineView).cursor_entry.id == world.long_entry_id


async def test_a_click_chooses_an_entry_and_a_double_click_opens_it(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        _screen, view = await open_timeline(pilot)
        await pilot.click(TimelineView, offset=(30, 3))
        assert view.cursor == 3 and isinstance(app.screen, CitizenFileScreen)
        await pilot.double_click(TimelineView, offset=(30, 4))
        await settled(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert "Opkald fra borger" in text_of(app.screen.query_one("#document-title"))


async def test_five_thousand_entries_open_and_the_end_key_reaches_the_oldest(
    world: World,
) -> None:
    add_journal_entries(world, 5000)
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        _screen, view = await open_timeline(pilot)
        assert len(view.entries) == 5007
        await pilot.press("end")
        await pilot.pause()
        assert view.cursor == 5006
        assert view.cursor_entry.title == "Kontanthjælp"  # the benefit period from 2020
        assert "Notat nummer 5000" in lines(view)[-2]
        assert "01.01.2020" in lines(view)[-1]
        await pilot.press("pageup", "up", "home")
        assert view.cursor == 0 and view.scroll_offset.y == 0


def test_the_timeline_looks_right(snap_compare, tmp_path) -> None:
    world = build_world(f"sqlite:///{tmp_path / 'file.sqlite'}")
    app = FileApp(world.workspace(), world.citizen_id)

    async def run_before(pilot: Pilot) -> None:
        _screen, view = await open_timeline(pilot)
        await pilot.press("down")

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    finally:
        world.close()

