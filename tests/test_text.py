"""Text from data is shown literally, and nothing in it reaches the terminal as a control."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.widgets import Static

from prepdesk.text import displayable, strip_controls
from prepdesk.ui.safe import plain, safe

HOSTILE = [
    "",
    "[/]",
    "[/",
    "[bold]fed[/bold]",
    "[BOLD]skjult",
    "[@click=app.quit]klik[/]",
    "[link=https://example.invalid]link[/link]",
    "$name $variable",
    "\x1b]0;title\x07",
    "\x1b[2J\x1b[H",
    "\x9b31m\x85\x9f",
    "Ahmed \u202eدمحأ\u202c \u200f",
    "x" * 100_000,
    "linje 1\nlinje 2\tfane\r\n",
]

ALLOWED_CONTROLS = "\t\n"
# Bidi overrides and isolates (LRE..RLO, LRI..PDI) could show text reversed.
BIDI_CONTROLS = {chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _expected(text: str) -> str:
    return "".join(
        char for char in text
        if char in ALLOWED_CONTROLS
        or not (ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or char in BIDI_CONTROLS)
    )


def _visible(text: str) -> str:
    return "".join(text.split())


def _check(text: str) -> None:
    content = safe(text)
    assert content.plain == _expected(text)
    assert content.spans == []  # nothing was read as style or action
    rendered = "".join(segment.text for segment in content.render_segments())
    assert rendered == _expected(text)
    # Wrapping into lines keeps every visible character.
    lines = content.wrap(37)
    assert _visible("".join(line.plain for line in lines)) == _visible(_expected(text))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_shown_literally(text: str) -> None:
    _check(text)


@given(st.text())
def test_any_text_is_shown_without_controls(text: str) -> None:
    _check(text)


@given(st.text(alphabet=st.sampled_from("[]/@=$\\\x1b\x07\x9b\n\tab æøå")))
def test_bracket_and_escape_soup_is_shown_literally(text: str) -> None:
    _check(text)


def test_only_tab_and_newline_survive_among_controls() -> None:
    controls = "".join(
        chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cc"
    )
    assert strip_controls(controls) == "\t\n"


class _Shows(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(safe(self.text))


@pytest.mark.parametrize("text", [text for text in HOSTILE if len(text) < 1000])
async def test_a_widget_shows_hostile_text_literally(text: str) -> None:
    app = _Shows(text)
    async with app.run_test(size=(120, 10), notifications=True) as pilot:
        await pilot.pause()
        static = app.query_one(Static)
        shown = "".join(static.render_line(y).text for y in range(static.size.height))
    assert _visible(shown) == _visible(_expected(text))


def test_a_lone_surrogate_is_shown_as_a_replacement_character() -> None:
    """Half a character cannot be shown (or even written to a UTF-8 terminal)."""
    assert safe("halv\ud800tegn\udfff").plain == "halv\ufffdtegn\ufffd"


@pytest.mark.parametrize("text", [*HOSTILE, "halv\ud800tegn", "nul\x00tegn"])
def test_plain_is_the_same_text_as_safe_for_fields_that_take_a_str(text: str) -> None:
    """`plain` (an Input's value, a TextArea's text, a notification) keeps what `safe`
    keeps; `safe` is Content, so it is never parsed as markup."""
    assert plain(text) == safe(text).plain
    assert plain(text) == displayable(text)
