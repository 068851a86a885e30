"""Going from one screen to another without screens importing screens.

A screen asks the app to open another with `go(self, "preparation", meeting_id=7)`; the
app (app.py, `DESTINATIONS`) is the one place that knows the screen classes, builds the
screen with its context and the arguments, and pushes it.
"""

from __future__ import annotations

from typing import Any

from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen


class Go(Message):
    """Open the screen named `where` with `args` (after the context), asked by the screen
    `origin`."""

    def __init__(self, where: str, args: dict[str, Any], origin: Screen[Any] | None = None) -> None:
        super().__init__()
        self.where = where
        self.args = args
        self.origin = origin


def go(node: DOMNode, where: str, **args: Any) -> None:
    # Posted to the app, not the screen: the screen may be dismissed before it would
    # have handled it.
    node.app.post_message(Go(where, args, node.screen if node.is_attached else None))
