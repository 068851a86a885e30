"""Screens open other screens through the app (ui.navigation.go), never by importing them."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from textual.screen import Screen

from prepdesk import app as app_module
from prepdesk.app import PrepDeskApp
from prepdesk.ui.navigation import go


class Probe(Screen):
    def __init__(self, ctx: object, *, meeting_id: int) -> None:
        super().__init__()
        self.ctx, self.meeting_id = ctx, meeting_id


async def until(pilot, condition, rounds: int = 200) -> None:
    for _round in range(rounds):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never true; the screen is {pilot.app.screen!r}")


class Host(PrepDeskApp):
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def _show_workspace(self, ctx) -> None:
        self.ctx = ctx
        self.switch_screen(Screen(id="start"))


async def test_go_builds_the_named_screen_with_the_context_and_pushes_it(monkeypatch) -> None:
    monkeypatch.setitem(app_module.DESTINATIONS, "probe", (__name__, "Probe"))
    ctx = SimpleNamespace(user=SimpleNamespace(name="Mette", role="caseworker", team_name=None),
                          settings=SimpleNamespace(keys={}))
    app = Host(open_workspace=lambda progress: ctx, theme_name="textual-light")
    async with app.run_test() as pilot:
        await until(pilot, lambda: app.screen.id == "start")
        go(app.screen, "probe", meeting_id=7)
        await until(pilot, lambda: isinstance(app.screen, Probe))
        assert app.screen.ctx is ctx and app.screen.meeting_id == 7


def test_every_destination_names_a_screen_that_exists() -> None:
    from importlib import import_module

    for where, (module, name) in app_module.DESTINATIONS.items():
        assert issubclass(getattr(import_module(module), name), Screen), where
