"""The key bar at the bottom of every screen: Textual's Footer, with each key styled once.

Textual's Footer composes its keys anew whenever the focused widget's bindings change (every
move of focus). Each new key then sets its `-compact` class twice after it is mounted (its own
default, then the footer's value through a data binding), and each change restyles it: two
stylesheet passes per key per change of focus that end where they began. Giving each key the
value it would end with before it is mounted makes both no-ops; the keys look exactly as
before (the command palette's key is not bound to the footer's and stays compact).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey  # textual.widgets does not export it


class Footer(TextualFooter):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                compact = self.compact or widget.has_class("-command-palette")
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
