"""The key bar at the bottom of every screen: Textual's Footer, built only when its keys
change, and each key styled once.

Textual's Footer composes its keys anew after every change of the bindings (every move of
focus, each section of my day arriving: five times while my day loads, the same keys each
time). This one waits for the next refresh, however often the bindings changed meanwhile,
and composes only if what it would show (keys, their words, whether each is enabled) is not
what it shows.

Each new key then set its `-compact` class twice after it was mounted (its own default, then
the footer's value through a data binding), and each change restyled it: two stylesheet
passes per key that end where they began. Giving each key the value it would end with before
it is mounted makes both no-ops; the keys look exactly as before (the command palette's key
is not bound to the footer's and stays compact).

Keys that Textual's own widgets bind (the open list of a Select: "Dismiss menu") are shown
in the user's language too.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey  # textual.widgets does not export it

from prepdesk.i18n import _


def _textual_words() -> dict[str, str]:
    """The words of keys that Textual's widgets bind and show, in the user's language."""
    return {"Dismiss menu": _("Close the list")}


class Footer(TextualFooter):
    _waiting = False
    _shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if (not self._waiting and screen.app.app_focus and self.is_attached
                and screen is self.screen):
            self._waiting = True
            self.call_after_refresh(self._build_keys)

    async def _build_keys(self) -> None:
        self._waiting = False
        if not self.is_attached:
            return
        shown = self._what_it_shows()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _what_it_shows(self) -> tuple[Any, ...]:
        app = self.app
        return (self.compact, self.show_command_palette, *(
            (binding.key, app.get_key_display(binding), binding.description, binding.action,
             binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING))

    def compose(self) -> ComposeResult:
        words = _textual_words()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = words.get(widget.description, widget.description)
                compact = self.compact or widget.has_class("-command-palette")
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
