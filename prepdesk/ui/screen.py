"""The base of every PrepDesk screen: Danish key names with keymap ids, and the problem
bar in which `ui.run.run_core` shows what went wrong (shared/DESIGN.md)."""

from __future__ import annotations

from typing import ClassVar

from textual.screen import Screen

from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.problem import ProblemBar


class PrepDeskScreen(Screen):
    """A screen whose keys all have Danish names and keymap ids."""

    USER_COMMANDS: ClassVar[tuple[Command, ...]] = ()
    # Textual's own screen keys, named in Danish for the keys panel. Tab moves focus with
    # priority, when the key arrives: otherwise, in a dialog still opening, the keys
    # typed after it are queued for the first field and land there, not in the next.
    BINDINGS = bindings([
        Command("screen.focus_next", "tab", "app.focus_next", _("Next field"),
                _("Move to the next field."), show=False, priority=True, in_palette=False),
        Command("screen.focus_previous", "shift+tab", "app.focus_previous",
                _("Previous field"), _("Move to the previous field."), show=False,
                priority=True, in_palette=False),
        Command("screen.copy", "ctrl+c,super+c", "screen.copy_text", _("Copy"),
                _("Copy the selected text."), show=False, in_palette=False),
    ])

    def on_mount(self) -> None:
        # Every screen has its problem bar, docked above the footer; Textual runs this
        # handler as well as a subclass's own on_mount.
        self.mount(ProblemBar())
