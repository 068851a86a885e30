"""Text fields that apply every key in the order it was typed.

Textual inserts a typed character as soon as the field reads its key, but runs a bound key
(Backspace, the arrows, Ctrl+U, Enter's submit, Ctrl+Down to the next field ...) only after
the key has bubbled up to the app, and it hands each key to the field that has the focus
when the app reads it. Keys that arrive together (a fast typist, a remote desktop or SSH link
that sends them in one packet, a loaded machine) were then applied out of order: "b a
Backspace c" left "ba", "Ctrl+U borger@" left "orger@", an agreement's Enter took the next
agreement's words with it, and words typed after Ctrl+Down landed in the field before (Textual
issue 6605). These fields run the key's binding in their own key handler, in order, and when
that moved the focus (Ctrl+Down, Enter), hand the keys that reach them after it on to where
the focus is now. Tab moves the focus as the app reads it (a priority binding, ui/screen.py);
other keys with a priority binding go to the field too (KeysInOrder, the app's base).
PrepDesk's screens use them for every text a caseworker types.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Input, TextArea


async def _in_order(field: TextInput | TextEditor, event: events.Key) -> None:
    app = field.app
    if field.moved_on:
        if app.focused is not field:
            # A key of this field's moved the focus on after the app had given it this one:
            # it goes where the focus is now, as if read after. (Tab moves at once, as the
            # app reads it, so keys typed before it are rightly still this field's.)
            event.stop()
            event.prevent_default()
            (app.focused or app.screen).post_message(events.Key(event.key, event.character))
            return
        field.moved_on = False
    # A priority binding (the app sent the key here, KeysInOrder), else text for the field's
    # own handler to insert, else the binding the app would run once the key bubbled up (the
    # field's own, then its screen's, then the app's; keymap applied): run now, before the
    # next key is read.
    if await app._check_bindings(event.key, priority=True) or (
            not field.check_consume_key(event.key, event.character)
            and await app._check_bindings(event.key)):
        event.stop()
        event.prevent_default()  # Textual's handlers of the key do not run it again
        field.moved_on = app.focused is not field


# Keys that move the focus as the app reads them (ui/screen.py), so that what is typed after
# them is the next field's.
MOVES_AT_ONCE = frozenset({"tab", "shift+tab"})


class KeysInOrder(App[None]):
    """An app whose text fields get every key in the order typed, also a key with a priority
    binding (Ctrl+S saving or finishing, F2, Ctrl+F ...). Textual runs a priority binding as
    the app reads the key, before the characters typed ahead of it are in the field: a save
    then stored the text without its last words. Such a key goes to the focused field, which
    runs the binding in its turn (`_in_order`)."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded \
                and event.key not in MOVES_AT_ONCE:
            focused = self.focused
            if isinstance(focused, TextInput | TextEditor):
                focused._forward_event(event)
                return
            # Not a text field: the key's binding runs as the app reads it (Textual's own
            # order: the focused widget's, its screen's, then the app's), so the keys typed
            # after F2 or p are the new screen's. Forwarded, the binding ran only once the
            # key had bubbled up, and "sygedagpenge" typed at once after F2 went to my day.
            consumed = focused is not None and focused.check_consume_key(
                event.key, event.character)
            if not consumed and (await self._check_bindings(event.key, priority=True)
                                 or await self._check_bindings(event.key)):
                return
        await super().on_event(event)


class TextInput(Input):
    """A one-line text field (Textual's Input) that applies keys in the order typed."""

    moved_on = False  # a key of this field's moved the focus away (see _in_order)

    async def _on_key(self, event: events.Key) -> None:
        await _in_order(self, event)

    def __init__(self, *args: Any, clear_on_submit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clear_on_submit = clear_on_submit

    async def action_submit(self) -> None:
        """Enter: submit the line, and with `clear_on_submit` empty the field at once, in
        key order, so that what is typed next (even a next line and its Enter, before the
        first is handled) is a line of its own. A handler refusing the line calls
        `give_back`."""
        await super().action_submit()
        if self.clear_on_submit:
            self.value = ""

    def give_back(self, submitted: str) -> None:
        """Put a refused line back, before anything typed since."""
        typed = self.value
        self.value = submitted + typed
        self.cursor_position = len(submitted)


class TextEditor(TextArea):
    """A multi-line text field (Textual's TextArea) that applies keys in the order typed."""

    moved_on = False  # a key of this field's moved the focus away (see _in_order)

    async def _on_key(self, event: events.Key) -> None:
        await _in_order(self, event)
