"""The garbage collector is off while PrepDesk starts (cli._open_app turns it off, issue 17
item 1) and on again once my day shows, or after app.START_SECONDS when it never does:
the app never runs on without collecting."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from support.apps import make_app
from support.desk import desk
from support.people import SIZE
from support.pilot import on_my_day, until

import prepdesk.app
from prepdesk.app import PrepDeskApp
from prepdesk.screens.loading import LoadingScreen


@pytest.fixture
def collector_off() -> Iterator[None]:
    """As `prepdesk` starts the app; the collector as it was afterwards, whatever happens
    (what the app froze is given back to it)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_on:
            gc.enable()


async def test_collecting_starts_again_once_my_day_shows(
        sqlite_db_url: str, collector_off: None) -> None:
    app = make_app(desk(sqlite_db_url).workspace)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await until(pilot, gc.isenabled)  # after my day's paint
        assert gc.get_freeze_count() > 100_000  # what the start made: never walked again


async def test_an_app_that_never_paused_collecting_freezes_nothing(sqlite_db_url: str) -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    app = make_app(desk(sqlite_db_url).workspace)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await until(pilot, lambda: app._background_started)
        await pilot.pause()
    # Not more: an app run to its end before, in this process, froze what it had
    # (PrepDeskApp.run), and some of that has died since.
    assert gc.get_freeze_count() <= frozen


async def test_collecting_starts_again_when_my_day_is_slow_to_come(
        monkeypatch: pytest.MonkeyPatch, collector_off: None) -> None:
    monkeypatch.setattr(prepdesk.app, "START_SECONDS", 0.05)
    release = threading.Event()

    def opening(_progress):  # type: ignore[no-untyped-def]  # a database that does not answer
        release.wait(5)
        raise prepdesk.app.UserError("stop")

    app = PrepDeskApp(open_workspace=opening, theme_name="prepdesk-light")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, gc.isenabled)
            assert isinstance(app.screen, LoadingScreen)  # still starting
    finally:
        release.set()


def test_prepdesk_starts_the_app_without_collecting(monkeypatch: pytest.MonkeyPatch) -> None:
    from prepdesk import cli

    collecting: list[bool] = []
    monkeypatch.setattr(PrepDeskApp, "run", lambda app: collecting.append(gc.isenabled()))
    was_on = gc.isenabled()
    try:
        assert cli._open_app(demo=None, login=None, role=None) == 0
    finally:
        if was_on:
            gc.enable()
    assert collecting == [False]
