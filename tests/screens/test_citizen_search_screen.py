"""Finding a citizen from anywhere (R-FILE-1): as you type, typo-tolerant, only your own."""

from __future__ import annotations

import threading

import pytest
from support.apps import make_app
from support.desk import HOSTILE_NAME, HOSTILE_SHOWN, FakeCitizenFile, desk, fake_citizen_file
from support.people import SIZE
from support.pilot import footer, on_my_day, rendered, settled, until
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from prepdesk.core.citizen_search import CitizenIndex
from prepdesk.screens.citizen_search import CitizenSearchScreen
from prepdesk.screens.practice_changes import PracticeChangesScreen


async def search(pilot: Pilot, query: str) -> CitizenSearchScreen:
    """Open the search with its key, type `query` and wait for the answer."""
    if not isinstance(pilot.app.screen, CitizenSearchScreen):
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(pilot.app.screen, CitizenSearchScreen))
    screen = pilot.app.screen
    await pilot.press(*query)
    await until(pilot, lambda: screen.answered == screen.query_one(Input).value)
    await settled(pilot)
    return screen


def status(screen: CitizenSearchScreen) -> str:
    return " ".join(rendered(screen.query_one("#search-status")).split())


def results(screen: CitizenSearchScreen) -> list[str]:
    found = screen.query_one(OptionList)
    return [" ".join(found.get_option_at_index(index).prompt.plain.split())
            for index in range(found.option_count)]


async def test_moller_finds_moeller_and_enter_opens_the_file(db_url: str, monkeypatch) -> None:
    fake_citizen_file(monkeypatch)
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        home = await on_my_day(pilot)
        screen = await search(pilot, "moller")
        assert results(screen) == ["Søren Møller 120587-XXXX"]
        assert status(screen) == "1 borger fundet."
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, FakeCitizenFile))
        assert pilot.app.screen.citizen_id == the_desk.ids["soeren"]
        assert pilot.app.screen_stack[-2] is home  # the dialog is gone: Escape goes home
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is home


async def test_enter_typed_faster_than_the_search_opens_the_hit_of_what_was_typed(
        db_url: str, monkeypatch) -> None:
    fake_citizen_file(monkeypatch)
    monkeypatch.setattr(CitizenSearchScreen, "DEBOUNCE_SECONDS", 5)  # no answer before Enter
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(pilot.app.screen, CitizenSearchScreen))
        await pilot.press(*"birgit", "enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, FakeCitizenFile))
        assert pilot.app.screen.citizen_id == the_desk.ids["birgit"]


@pytest.mark.parametrize(("query", "found"), [
    ("birgt nilsen", "Birgit Nielsen 240470-XXXX"),  # typos
    ("soeren", "Søren Møller 120587-XXXX"),
    ("120587-1234", "Søren Møller 120587-XXXX"),  # whole CPR number
    ("240470", "Birgit Nielsen 240470-XXXX"),  # the whole birth date
    ("240470 2222", "Birgit Nielsen 240470-XXXX"),  # whole, with a space
])
async def test_names_with_typos_and_cpr_numbers_are_found(db_url: str, query: str,
                                                          found: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        screen = await search(pilot, query)
        assert results(screen)[0] == found


async def test_a_start_of_a_cpr_number_says_to_type_all_of_it(db_url: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        screen = await search(pilot, "2404702")  # the birth date and a digit: no one
        assert results(screen) == []
        assert status(screen) == "Skriv hele fødselsdatoen (DDMMÅÅ) eller hele CPR-nummeret."


async def test_another_teams_citizen_is_not_found(db_url: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        screen = await search(pilot, "åse ærø")
        assert results(screen) == []
        assert status(screen) == ("Ingen borgere fundet. Tjek stavningen, eller søg på "
                                  "CPR-nummeret.")
        screen = await search(pilot, "\b" * 7 + "010190-4321")
        assert results(screen) == []


async def test_up_down_and_a_click_choose_the_citizen(db_url: str, monkeypatch) -> None:
    fake_citizen_file(monkeypatch)
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        screen = await search(pilot, "b")  # Birgit, and "[bold]Ole" has a word starting with b
        found = screen.query_one(OptionList)
        assert found.option_count >= 2 and found.highlighted == 0
        await pilot.press("down")
        assert found.highlighted == 1
        await pilot.press("down", "down", "down")
        assert found.highlighted == found.option_count - 1
        await pilot.press("up")
        assert found.highlighted == found.option_count - 2
        names = results(screen)
        await pilot.click(found, offset=(3, 1 + names.index("Birgit Nielsen 240470-XXXX")))
        await until(pilot, lambda: isinstance(pilot.app.screen, FakeCitizenFile))
        assert pilot.app.screen.citizen_id == the_desk.ids["birgit"]


async def test_escape_closes_the_search_and_an_empty_field_shows_the_hint(db_url: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        home = await on_my_day(pilot)
        screen = await search(pilot, "moller")
        assert footer(screen) == ["Enter Åbn", "Esc Luk"]
        await pilot.press(*["backspace"] * 6)
        await settled(pilot)
        assert results(screen) == []
        assert status(screen) == "Skriv et navn, en del af et navn eller et CPR-nummer."
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is home


async def test_the_search_opens_from_every_screen(db_url: str, monkeypatch) -> None:
    fake_citizen_file(monkeypatch)
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        home = await on_my_day(pilot)
        day = home.query_one(OptionList)
        day.highlighted = day.get_option_index(f"practice-{the_desk.ids['practice_change']}")
        await pilot.press("enter")  # the practice changes
        await until(pilot, lambda: isinstance(pilot.app.screen, PracticeChangesScreen))
        screen = await search(pilot, "moller")
        await pilot.press("ctrl+f")  # already open: nothing more is pushed
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, FakeCitizenFile))
        screen = await search(pilot, "birgit")  # from the citizen's file
        assert results(screen) == ["Birgit Nielsen 240470-XXXX"]


async def test_stale_results_never_replace_newer_ones(db_url: str, monkeypatch) -> None:
    gate, searching_b = threading.Event(), threading.Event()
    search_now = CitizenIndex.search

    def slow_for_b(index, query, **options):
        if query == "b":
            searching_b.set()
            assert gate.wait(10)
        return search_now(index, query, **options)

    monkeypatch.setattr(CitizenIndex, "search", slow_for_b)
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(pilot.app.screen, CitizenSearchScreen))
        screen = pilot.app.screen
        await pilot.press("b")
        await until(pilot, searching_b.is_set)
        await pilot.press("\b", *"moller")
        await until(pilot, lambda: results(screen) == ["Søren Møller 120587-XXXX"])
        gate.set()  # the search for "b" (Birgit) ends last
        await settled(pilot)
        assert results(screen) == ["Søren Møller 120587-XXXX"]


async def test_the_index_is_built_once_per_workspace(db_url: str, monkeypatch) -> None:
    loads = []
    load = CitizenIndex.load.__func__

    def counted(cls, session):
        loads.append(session)
        return load(cls, session)

    monkeypatch.setattr(CitizenIndex, "load", classmethod(counted))
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await search(pilot, "moller")
        await pilot.press("escape")
        await search(pilot, "birgit")
    assert len(loads) == 1


async def test_a_hostile_name_is_shown_literally(db_url: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=SIZE, notifications=True) as pilot:
        await on_my_day(pilot)
        screen = await search(pilot, "hansen")
        assert results(screen) == [f"{HOSTILE_SHOWN} Hansen 030303-XXXX"]
        assert HOSTILE_SHOWN in rendered(screen.query_one(OptionList))
        screen.notify(HOSTILE_NAME, markup=False)
        await pilot.pause()
        assert pilot.app.is_running


def test_the_search_looks_right(snap_compare, tmp_path) -> None:
    the_desk = desk(f"sqlite:///{tmp_path / 'snapshot.sqlite'}", demo="small")

    async def run_before(pilot: Pilot) -> None:
        await on_my_day(pilot)
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(pilot.app.screen, CitizenSearchScreen))
        pilot.app.screen.query_one(Input).cursor_blink = False
        await search(pilot, "moler")

    assert snap_compare(make_app(the_desk.workspace), terminal_size=SIZE, run_before=run_before)
