"""`Command` is the single source of a user action (shared/DESIGN.md, "One source per
command"): its footer binding, its keymap id and its command palette entry are all made
from one declaration, so they cannot drift apart. Every screen derives from
`PrepDeskScreen` and lists its own commands in `USER_COMMANDS` (Textual's
`Screen.COMMANDS` is taken: it holds palette providers), with
`BINDINGS = bindings(USER_COMMANDS)`; the base screen is in ui/screen.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode


@dataclass(frozen=True)
class Command:
    id: str
    """Keymap id: users remap the key by this name, so it never changes."""
    key: str
    action: str
    title: str
    """Footer label and palette title, already translated."""
    help: str
    """One sentence for the palette and the footer tooltip, already translated."""
    show: bool = True
    """Shown in the footer."""
    priority: bool = False
    """Works even when a text field has focus."""
    in_palette: bool = True

    def binding(self) -> Binding:
        return Binding(
            self.key, self.action, self.title, show=self.show, priority=self.priority,
            tooltip=self.help, id=self.id,
        )

    def palette_entry(self, app: App, node: DOMNode) -> SystemCommand:
        """The palette entry, running the action on `node` as its key would."""

        async def run() -> None:
            await app.run_action(self.action, node)

        return SystemCommand(self.title, self.help, run)


def bindings(commands: Iterable[Command]) -> list[Binding]:
    return [command.binding() for command in commands]
