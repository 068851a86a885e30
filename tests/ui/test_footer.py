"""The key bar (ui/footer.py) looks exactly as Textual's own, and every screen uses it."""

from __future__ import annotations

import ast
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer as TextualFooter
from textual.widgets import Input, Select
from textual.widgets._footer import FooterKey

import prepdesk
from prepdesk.ui.footer import Footer


class _Keys(App[None]):
    BINDINGS = [Binding("f2", "bell", "Regler"), Binding("ctrl+s", "bell", "Gem")]

    def __init__(self, footer: type[TextualFooter]) -> None:
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")
        yield self.footer()


async def _keys(footer: type[TextualFooter]) -> list[tuple[str, list[str]]]:
    """Each key of the bar with its classes, after focus has moved (the bar composed anew)."""
    app = _Keys(footer)
    async with app.run_test() as pilot:
        await pilot.press("tab")
        await pilot.pause()
        return [(key.key, sorted(key.classes)) for key in app.query(FooterKey)]


async def test_the_keys_have_the_classes_textuals_footer_gives_them() -> None:
    ours, textuals = await _keys(Footer), await _keys(TextualFooter)
    assert ours == textuals
    assert any("-command-palette" in classes for _, classes in ours)


class _List(App[None]):
    def compose(self) -> ComposeResult:
        yield Select([("Første", 1), ("Anden", 2)])
        yield Footer()


async def test_textuals_own_keys_are_shown_in_danish() -> None:
    app = _List()
    async with app.run_test() as pilot:
        await pilot.press("enter")  # opens the list: its Escape key is Textual's
        await pilot.pause()
        words = {key.key: key.description for key in app.query(FooterKey)}
    assert words.get("escape") == "Luk listen"


def test_every_screen_uses_the_key_bar_of_ui_footer() -> None:
    package = Path(prepdesk.__file__).parent
    direct = [
        str(path.relative_to(package)) for path in package.rglob("*.py")
        if path.name != "footer.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "textual.widgets"
        and any(alias.name == "Footer" for alias in node.names)]
    assert not direct, f"import Footer from prepdesk.ui.footer in {direct}"
