"""A screen that reads what it shows as it opens (ui/screen.py, SHOWN_WHEN_LOADED) is
see-through until it shows itself: then it is there with its focus, and a problem while it
reads shows it at once, with the problem's sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pilot import drawn, on_the_terminal, until
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Static

import prepdesk.app
from prepdesk.errors import UserError
from prepdesk.ui.run import run_core
from prepdesk.ui.screen import PrepDeskScreen


class Below(Screen):
    def compose(self):  # noqa: ANN201
        yield Static("Nedenunder")


class Opening(PrepDeskScreen):
    SHOWN_WHEN_LOADED = True

    def compose(self):  # noqa: ANN201
        yield Static("Skemaet")
        yield Input(id="field")


class Host(App):
    CSS_PATH = str(Path(prepdesk.app.__file__).with_name("app.tcss"))

    def on_mount(self) -> None:
        self.push_screen(Below())


@pytest.fixture(autouse=True)
def no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # The screen shows itself only when told: the tests wait on no clock.
    monkeypatch.setattr("prepdesk.ui.screen.LOADING_DELAY", 60.0)


async def open_over_below(app: Host, pilot) -> Opening:  # noqa: ANN001
    screen = Opening()
    await app.push_screen(screen)
    await drawn(pilot)
    return screen


async def test_it_shows_the_screen_below_until_it_shows_itself_then_has_its_focus() -> None:
    app = Host()
    async with app.run_test() as pilot:
        screen = await open_over_below(app, pilot)
        shown = on_the_terminal(app)
        assert "Nedenunder" in shown and "Skemaet" not in shown, shown
        screen.show_itself()
        await until(pilot, lambda: "Skemaet" in on_the_terminal(app))
        assert "Nedenunder" not in on_the_terminal(app)
        assert app.focused is screen.query_one("#field")
        await pilot.press("h", "j")
        assert screen.query_one("#field", Input).value == "hj"


async def test_a_problem_while_it_reads_shows_it_at_once_with_the_sentence() -> None:
    app = Host()
    async with app.run_test() as pilot:
        screen = await open_over_below(app, pilot)

        def refused() -> None:
            raise UserError("Mødet findes ikke længere.")

        run_core(screen, refused)
        await until(pilot, lambda: "Mødet findes ikke længere." in on_the_terminal(app))
        assert "Skemaet" in on_the_terminal(app)
        assert "Nedenunder" not in on_the_terminal(app)
