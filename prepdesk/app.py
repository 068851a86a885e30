"""PrepDeskApp: paints the loading screen at once, then opens the workspace in a thread.

Everything imported here runs before the first paint, so nothing here may import
SQLAlchemy, SQLModel, keyring, pydantic or the data layer (shared/DESIGN.md, "Start
fast"); tests/test_startup_imports.py checks it. `open_workspace` does that work in a
thread worker while the loading screen shows its progress.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.content import Content
from textual.screen import Screen
from textual.worker import get_current_worker

from prepdesk.context import CurrentUser, Progress, Workspace
from prepdesk.core.labels import label
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.screens import Command, bindings
from prepdesk.screens.loading import LoadingScreen
from prepdesk.text import strip_controls

# Used when the configured theme is unknown: PrepDesk's default theme is a light one.
FALLBACK_THEME = "textual-light"

# Translated once at import: the CLI sets the language before it imports this module.
APP_COMMANDS = (
    Command("app.quit", "q", "quit", _("Quit"),
            _("Close PrepDesk and return to the command line.")),
    Command("app.keys", "f1", "toggle_keys", _("Keys"),
            _("Show or hide the list of keys you can press here.")),
    Command("app.command_palette", "ctrl+p", "command_palette", _("Commands"),
            _("Search for a command and run it."), show=False, priority=True,
            in_palette=False),
)


class _Abandoned(BaseException):
    """Raised in the worker when the user has quit while the workspace was opening.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` in the data
    layer swallows it; transactions still roll back.
    """


def describe_user(user: CurrentUser) -> str:
    """Who is working, for the header: name, role and team."""
    parts = [user.name, label("role", user.role)]
    if user.team_name:
        parts.append(user.team_name)
    return " · ".join(parts)


class PrepDeskApp(App[None]):
    TITLE = "PrepDesk"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        *bindings(APP_COMMANDS),
        # Replaces Textual's ctrl+q, which has no keymap id.
        Binding("ctrl+q", "quit", _("Quit"), show=False, priority=True, id="app.quit_anywhere"),
    ]

    def __init__(self, open_workspace: Callable[[Progress], Workspace], theme_name: str) -> None:
        super().__init__()
        self._open_workspace = open_workspace
        self._loading = LoadingScreen()
        self.theme = theme_name if theme_name in self.available_themes else FALLBACK_THEME

    def on_mount(self) -> None:
        # Pushed rather than made the default screen: the default one cannot be switched.
        self.push_screen(self._loading)
        # After the first paint: the worker's imports would compete for the GIL with it.
        self.call_after_refresh(self._load_workspace)

    @work(thread=True, name="open workspace")
    def _load_workspace(self) -> None:
        # Any other exception is a bug: the worker fails and Textual shows the traceback.
        try:
            workspace = self._open_workspace(self._report_progress)
        except UserError as error:
            outcome = partial(self._exit_with_error, error)
        except _Abandoned:
            return
        else:
            outcome = partial(self._show_workspace, workspace)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(outcome)

    def _report_progress(self, step: str, fraction: float) -> None:
        # The app cancels its workers when it exits. Python waits for a running thread
        # before the process ends, so a user who quits while the demo data is being
        # built would wait for it to finish: stop at the next step instead.
        if get_current_worker().is_cancelled:
            raise _Abandoned
        self.call_from_thread(self._loading.show_progress, step, fraction)

    def _exit_with_error(self, error: UserError) -> None:
        # Textual prints the message to stderr once the terminal is restored. Rich Text,
        # because a str would have its :emoji: codes replaced; soft-wrapped, so that a
        # path in it is not broken across lines when copied.
        self.error_console.soft_wrap = True
        self.exit(return_code=error.exit_code, message=Text(strip_controls(error.message)))

    def _show_workspace(self, workspace: Workspace) -> None:
        from prepdesk.screens.shell import HomeScreen

        self.sub_title = describe_user(workspace.user)
        self.switch_screen(HomeScreen(workspace))

    def format_title(self, title: str, sub_title: str) -> Content:
        # The sub-title holds the user's name, which is data.
        return super().format_title(strip_controls(title), strip_controls(sub_title))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: the app's commands and the active screen's, in Danish."""
        screen_commands = getattr(screen, "USER_COMMANDS", ())
        for node, commands in ((self, APP_COMMANDS), (screen, screen_commands)):
            for command in commands:
                if command.in_palette:
                    yield command.palette_entry(self, node)

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(placeholder=_("Search for a command …"), id="--command-palette")
            )

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_help_quit(self) -> None:
        # ctrl+c: Textual's own hint is English and may name the hidden ctrl+q.
        quits = [active.binding for active in self.active_bindings.values()
                 if active.binding.action == "quit"]
        if quits:
            key = self.get_key_display(max(quits, key=lambda binding: binding.show))
            self.notify(_("Press {key} to quit PrepDesk.").format(key=key), markup=False)
