"""PrepDesk for a screen test: the real app on a test's Context, opened on my day
(`make_app`), on any screen over an empty one to go back to (`ScreenApp`), or on a
citizen's file (`FileApp`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

import prepdesk.app
from prepdesk.app import PrepDeskApp, describe_user
from prepdesk.core.context import Context


def make_app(workspace: Context, theme: str = "prepdesk-light") -> PrepDeskApp:
    """The app as the caseworker starts it: loading, then my day."""
    return PrepDeskApp(open_workspace=lambda progress: workspace, theme_name=theme)


class ScreenApp(PrepDeskApp):
    """PrepDesk that opens on the screen `make` builds, over an empty screen to go back to
    (Escape stops there, as it stops at my day)."""

    CSS_PATH = str(Path(prepdesk.app.__file__).with_name("app.tcss"))
    HOME = "home"
    ESCAPE_STOPS_AT_HOME = True

    def __init__(self, workspace: Context, make: Callable[[Context], Screen]) -> None:
        super().__init__(open_workspace=lambda progress: workspace, theme_name="textual-light")
        self._make = make

    def home_screen(self) -> Screen:
        return Screen(id=self.HOME)

    def _show_workspace(self, workspace: Context) -> None:
        self.ctx = workspace  # what `ui.navigation.go` builds the next screens with
        self.sub_title = describe_user(workspace.user)
        self.switch_screen(self.home_screen())
        if self.ESCAPE_STOPS_AT_HOME:
            self._home_depth = len(self.screen_stack)
        self.push_screen(self._make(workspace))


class FileApp(ScreenApp):
    """PrepDesk that opens on a citizen's file, over an empty screen to go back to."""

    HOME = "before-the-file"
    ESCAPE_STOPS_AT_HOME = False

    def __init__(self, workspace: Context, citizen_id: int) -> None:
        from prepdesk.screens.citizen_file import CitizenFileScreen

        super().__init__(workspace, lambda ctx: CitizenFileScreen(ctx, citizen_id))
        self.citizen_id = citizen_id
