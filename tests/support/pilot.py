"""Helpers to drive the app in a Pilot test: wait on conditions (never on time), and read
what the screen shows."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets._footer import FooterKey
from textual.worker import WorkerCancelled


async def until(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Wait until `condition()` holds (at most 500 short pauses)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never became true")


async def settled(pilot: Pilot) -> None:
    """Wait until every worker is done and what they delivered is on screen."""
    for _ in range(50):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # the worker of a screen that has closed
            pass
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            await pilot.pause()
            return
    raise AssertionError("the workers never finished")


async def drawn(pilot: Pilot) -> None:
    """A few turns of the screen: what it shows while a worker it waits for is held."""
    for _ in range(3):
        await pilot.pause()


async def on_my_day(pilot: Pilot):  # type: ignore[no-untyped-def]
    """Wait for my day and its data; return the screen."""
    from prepdesk.screens.my_day import MyDayScreen

    await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
    await settled(pilot)
    return pilot.app.screen


def on_the_terminal(app: App) -> str:
    """The words the terminal shows, whichever screens they come from (the screenshot's
    text: the screen on top and those that show through it)."""
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", app.export_screenshot())
    return " ".join(html.unescape(" ".join(texts)).split())


def rendered(widget: Widget) -> str:
    """The text a widget shows on screen, line by line."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def shown(node: Widget) -> str:
    """The text of every Static in `node`, one after the other, line by line."""
    return "\n".join(rendered(static) for static in node.query(Static))


def text_of(widget: Widget) -> str:
    """What a widget shows, its lines joined by spaces (wrapped text reads on)."""
    lines = (widget.render_line(y).text.rstrip() for y in range(widget.size.height))
    return " ".join(line for line in lines if line)


def text_under(screen: Screen, selector: str) -> str:
    """What every Static under `selector` shows (`text_of` each)."""
    return " ".join(text_of(static) for static in screen.query_one(selector).query(Static))


def footer(screen: Screen) -> list[str]:
    """The footer's keys as shown: "Enter Åbn", "Ctrl+F Find borger", ..."""
    return [f"{key.key_display} {key.description}" for key in screen.query(FooterKey)]


def squeezed(text: str) -> str:
    """`text` without whitespace, to compare text that may wrap anywhere."""
    return "".join(text.split())


async def paste_text(pilot: Pilot, text: str) -> None:
    """Put `text` in the focused field as a paste: for tests that count the keys besides
    the text, where typing it one key at a time would only make them slow."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    """Type as a person would, one key at a time (a space is Space, a newline Enter)."""
    keys = {" ": "space", "\n": "enter"}
    await pilot.press(*[keys.get(character, character) for character in text])


class Keyboard:
    """Presses keys and counts the ones that are not text.

    The counting rule (R-NOTE-5, "besides the text typed"): every key that moves between
    fields or gives a command counts, one each: Tab, Shift+Tab, Ctrl+Down/Up, Enter that
    adds an agreement or confirms, Ctrl+S, and the key that opens meeting mode. Characters
    typed into a field do not count, nor does Enter inside a text field, which types a line
    break.
    """

    def __init__(self, pilot: Pilot) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)

    async def type(self, text: str) -> None:
        await paste_text(self.pilot, text)  # text is not counted: no need to type it
