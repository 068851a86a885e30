"""The base of every PrepDesk screen: Danish key names with keymap ids, and the problem
bar in which `ui.run.run_core` shows what went wrong (shared/DESIGN.md)."""

from __future__ import annotations

from typing import ClassVar

from textual.screen import Screen

from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.problem import ProblemBar

# A screen says that it is loading only when loading takes this long: what is there at
# once is not held up by drawing the indicator, nor does a loading line flash (issue 17).
LOADING_DELAY = 0.25


class PrepDeskScreen(Screen):
    """A screen whose keys all have Danish names and keymap ids."""

    USER_COMMANDS: ClassVar[tuple[Command, ...]] = ()
    # A screen that reads what it shows as it opens sets this, and calls `show_itself`
    # once it is there. Until then it is see-through and shows nothing of its own: the
    # screen the caseworker came from stays in view, and no loading line flashes by. An
    # opening that takes longer than LOADING_DELAY shows the screen as it is, loading
    # line and all (issue 17).
    SHOWN_WHEN_LOADED: ClassVar[bool] = False
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

    def __init__(self, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        if self.SHOWN_WHEN_LOADED:
            self.add_class("-opening")

    def on_mount(self) -> None:
        # Every screen has its problem bar, docked above the footer; Textual runs this
        # handler as well as a subclass's own on_mount.
        self.mount(ProblemBar())
        if self.has_class("-opening"):
            self.set_timer(LOADING_DELAY, self.show_itself)

    def show_itself(self) -> None:
        """What the screen reads as it opens is there, or is taking a while: show it."""
        self.remove_class("-opening")
