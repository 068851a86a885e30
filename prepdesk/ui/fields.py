"""Text fields whose editing keys keep their place among the typed characters.

Textual inserts a typed character as soon as the field reads its key, but runs a bound key
(Backspace, Delete, the arrows, Ctrl+U ...) only after the key has bubbled up to the app.
Keys that arrive together (a fast typist, a remote desktop or SSH link that sends them in
one packet, a loaded machine) are then applied out of order: "b a Backspace c" leaves "ba",
and "Ctrl+U borger@" leaves "orger@" (Textual issue 6605). These fields run their own
bindings in their own key handler, so every key is applied in the order it was typed.
PrepDesk's screens use them for every text a caseworker types.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


async def _run_own_binding(field: Widget, event: events.Key) -> None:
    """Run the field's own binding for the key now, if it has one and the field does not
    take the key as text (a typed character, or Enter in a text area)."""
    if field.check_consume_key(event.key, event.character):
        return
    bindings = field._bindings.copy()
    if field.app._keymap:  # the [keys] table of the config remaps binding ids
        bindings.apply_keymap(field.app._keymap)
    for binding in bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await field.app.run_action(binding.action, field):
            event.stop()
            event.prevent_default()  # Textual's handlers of the key do not run it again
            return


class TextInput(Input):
    """A one-line text field (Textual's Input) whose editing keys run in order."""

    async def _on_key(self, event: events.Key) -> None:
        await _run_own_binding(self, event)


class TextEditor(TextArea):
    """A multi-line text field (Textual's TextArea) whose editing keys run in order."""

    async def _on_key(self, event: events.Key) -> None:
        await _run_own_binding(self, event)
