"""The dialog for a few lines of text (ui.dialogs.TextDialog, the team lead's feedback):
Ctrl+S saves every character typed before it, also when the keys arrive together (a fast
typist, a remote link, a loaded machine), and a refusal keeps the dialog and its text.
Escape closes at once only while nothing is written; with text it asks first
(ui.dialogs.DiscardDialog: Enter or Escape keeps writing, k discards)."""

from __future__ import annotations

from support.pilot import until
from textual import events
from textual.app import App

from prepdesk.errors import UserError
from prepdesk.ui.dialogs import DiscardDialog, TextDialog
from prepdesk.ui.fields import TextEditor
from prepdesk.ui.problem import ProblemBar

CHARACTERS = {"ctrl+s": "\x13", "enter": "\r", "escape": "\x1b"}


class Host(App[None]):
    def __init__(self, save) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.save, self.results = save, []

    def on_mount(self) -> None:
        self.push_screen(TextDialog("Feedback", "Skriv", self.save), self.results.append)


async def after(keys: list[str], save) -> tuple[Host, str]:  # type: ignore[no-untyped-def]
    """The host after `keys` posted at once, as the terminal driver posts one read's keys,
    and what the field holds (or held, when the dialog closed)."""
    app = Host(save)
    async with app.run_test() as pilot:
        await pilot.pause()
        field = app.screen.query_one(TextEditor)
        assert app.focused is field
        for name in keys:
            app.post_message(events.Key(name, CHARACTERS.get(name, name)))
        for _ in range(3):
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        return app, field.text


async def test_ctrl_s_right_after_typing_saves_every_character_typed_before_it() -> None:
    saved: list[str] = []
    app, _text = await after(["o", "k", "enter", "g", "o", "d", "ctrl+s"],
                             lambda text: saved.append(text) or text.upper())
    assert saved == ["ok\ngod"]
    assert app.results == ["OK\nGOD"]  # the dialog closed with what the save returned


async def test_a_refused_save_shows_why_and_keeps_the_text() -> None:
    def refuse(text: str) -> str:
        raise UserError("Skriv feedbacken, før du gemmer den.")

    app = Host(refuse)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("h", "e", "j", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TextDialog) and app.results == []
        assert app.screen.query_one(TextEditor).text == "hej"
        assert str(app.screen.query_one(ProblemBar).render()) == (
            "⚠ Skriv feedbacken, før du gemmer den.")
        await pilot.press("escape", "k")
        await pilot.pause()
        assert app.results == [None]


async def test_escape_closes_at_once_when_nothing_is_written() -> None:
    app = Host(lambda text: text)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None] and not isinstance(app.screen, DiscardDialog)


async def test_escape_on_written_text_asks_and_enter_keeps_writing() -> None:
    saved: list[str] = []
    app = Host(lambda text: saved.append(text) or text)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("h", "e", "j", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardDialog) and app.results == []
        assert "Kassér teksten?" in str(app.screen.query_one("#discard-question").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog) and app.results == []
        field = app.screen.query_one(TextEditor)
        assert app.focused is field
        await pilot.press("!", "escape", "escape")  # Escape in the question keeps writing too
        await pilot.pause()
        assert isinstance(app.screen, TextDialog) and field.text == "hej!"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert saved == ["hej!"] and app.results == ["hej!"]


async def test_escape_then_k_discards_also_when_the_keys_arrive_together() -> None:
    saved: list[str] = []
    app = Host(lambda text: saved.append(text) or text)
    async with app.run_test() as pilot:
        await pilot.pause()
        for name in ["h", "e", "j", "escape"]:
            app.post_message(events.Key(name, CHARACTERS.get(name, name)))
        await until(pilot, lambda: isinstance(app.screen, DiscardDialog))
        assert app.results == []
        for name in ["escape", "escape", "k"]:  # kept writing, asked again, discarded
            app.post_message(events.Key(name, CHARACTERS.get(name, name)))
        await until(pilot, lambda: app.results == [None])
        assert saved == []
