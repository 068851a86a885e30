"""PrepDeskApp: paints the loading screen at once, then opens the workspace in a thread.

Everything imported here runs before the first paint, so nothing here may import
SQLAlchemy, SQLModel, keyring, pydantic or the data layer (shared/DESIGN.md, "Start
fast"); tests/test_startup_imports.py checks it. `open_workspace` does that work in a
thread worker while the loading screen shows its progress.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from importlib import import_module
from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text
from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandList, CommandListItem, CommandPalette, SimpleProvider
from textual.content import Content
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from prepdesk.core.context import Context, CurrentUser, Progress
from prepdesk.core.labels import label
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.screens.help import HelpScreen, key_display
from prepdesk.screens.loading import LoadingScreen
from prepdesk.text import strip_controls
from prepdesk.theme_files import DEFAULT_THEME, load_themes, theme_title
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.fields import KeysInOrder
from prepdesk.ui.navigation import Go
from prepdesk.ui.safe import plain
from prepdesk.ui.terminal import lenient_driver, whole_paste_driver

if TYPE_CHECKING:
    from prepdesk.core.citizen_search import CitizenIndexCache
    from prepdesk.keymap import Keymap
    from prepdesk.screens.my_day import MyDayScreen

# Translated once at import: the CLI sets the language before it imports this module.
# Ordered as the footer shows them, after the screen's own commands.
APP_COMMANDS = (
    # Priority keys work everywhere, even in a text field or a dialog (R-FILE-1).
    Command("app.find_citizen", "ctrl+f", "find_citizen", _("Find citizen"),
            _("Find a citizen by name or CPR number and open their file."), priority=True),
    Command("app.help", "f1", "help", _("Help"),
            _("Show the keys you can press here and what they do."), priority=True),
    Command("app.help_question_mark", "question_mark", "help", _("Help"),
            _("Show the keys you can press here and what they do."), show=False,
            in_palette=False),
    Command("app.journal_note", "ctrl+n", "journal_note", _("Journal note"),
            _("Record a phone call, e-mail or SMS, or log an inquiry (duty to record)."),
            priority=True),
    # Not in the footer, which has room for what a caseworker needs every day; F1 and the
    # palette list them.
    Command("app.rulings", "f2", "rulings", _("Rulings"),
            _("Search Ankestyrelsen's rulings."), show=False),
    Command("app.practice_changes", "f3", "practice_changes", _("Practice changes"),
            _("Practice changes after rulings: read and acknowledge them, or publish one."),
            show=False),
    Command("app.import_rulings", "f4", "import_rulings", _("Import rulings"),
            _("Import rulings from a JSON Lines or CSV file."), show=False),
    # A team lead's only (`_allowed`), as is the next an administrator's: hidden from
    # everyone else, in the palette too.
    Command("app.follow_up", "f6", "follow_up", _("Follow-up reports"),
            _("Complaints per quarter and appeals per half-year for the committee, as a PDF "
              "too."), show=False),
    # A team lead's and a caseworker's (`_allowed`): each sees their own figures and the team's.
    Command("app.team_review", "f7", "team_review", _("The team's figures"),
            _("How well the team prepares and follows up its meetings: each figure, its "
              "definition, a chart and the rows behind it."), show=False),
    # A team lead's only (`_allowed`): the team's workload, where a caseload is handed over.
    Command("app.workload", "f9", "workload", _("The team's workload"),
            _("Citizens, meetings and handovers per colleague; hand a caseload over, or set "
              "when a colleague is away."), show=False),
    Command("app.users", "u", "users", _("Users"),
            _("Users and teams: add, deactivate or move a user, or add a team.")),
    Command("app.switch_theme", "ctrl+t", "switch_theme", _("Switch theme"),
            _("Choose light, dark or high-contrast colours; PrepDesk remembers the choice."),
            show=False),
    Command("app.back", "escape", "back", _("Back"), _("Go back to the previous screen.")),
    Command("app.quit", "q", "quit", _("Quit"),
            _("Close PrepDesk and return to the command line.")),
    Command("app.command_palette", "ctrl+p", "command_palette", _("Commands"),
            _("Search for a command and run it."), show=False, priority=True,
            in_palette=False),
)


# Where `ui.navigation.go` can go: the screen classes, imported when first opened. Each
# takes the context first, then the arguments of `go`.
DESTINATIONS = {
    "access_log": ("prepdesk.screens.access_log", "AccessLogScreen"),
    "agenda": ("prepdesk.screens.agenda", "AgendaScreen"),
    "caseload": ("prepdesk.screens.caseload", "CaseloadScreen"),
    "citizen_answer": ("prepdesk.screens.citizen_answer", "CitizenAnswerScreen"),
    "citizen_file": ("prepdesk.screens.citizen_file", "CitizenFileScreen"),
    "corrections": ("prepdesk.screens.corrections", "CorrectionsScreen"),
    "document": ("prepdesk.screens.document", "DocumentScreen"),
    "follow_up": ("prepdesk.screens.follow_up", "FollowUpScreen"),
    "handover": ("prepdesk.screens.handover", "HandoverScreen"),
    "handover_start": ("prepdesk.screens.handover_start", "HandoverStartScreen"),
    "letter": ("prepdesk.screens.letter", "LetterScreen"),
    "meeting_form": ("prepdesk.screens.meeting_form", "MeetingFormScreen"),
    "meeting_mode": ("prepdesk.screens.meeting_mode", "MeetingModeScreen"),
    "notes": ("prepdesk.screens.corrections", "NoteScreen"),
    "practice_changes": ("prepdesk.screens.practice_changes", "PracticeChangesScreen"),
    "preparation": ("prepdesk.screens.preparation", "PreparationScreen"),
    "ruling": ("prepdesk.screens.ruling", "RulingScreen"),
    "ruling_import": ("prepdesk.screens.ruling_import", "RulingImportScreen"),
    "rulings": ("prepdesk.screens.rulings", "RulingsScreen"),
    "team_review": ("prepdesk.screens.team_review", "TeamReviewScreen"),
    "workload": ("prepdesk.screens.workload", "WorkloadScreen"),
}


# How long the closing app waits for each of its threads (the outbox wakes at once).
THREAD_GRACE_SECONDS = 0.5
# The garbage collector is off while PrepDesk starts (cli._open_app turns it off): on
# again once my day shows, or this long after the app has mounted, whichever is first (a
# demo being built, a database that does not answer).
START_SECONDS = 10.0


def collect_garbage_again() -> None:
    """The start is over: the garbage collector runs again.

    `prepdesk` turns it off before it imports the app (cli._open_app). Starting creates
    some 160,000 objects that live as long as the app (modules, classes, the tables'
    mappers, compiled SQL, widgets) and very little garbage (about 7,000 objects, 1 MB);
    the collector walked the growing heap again and again meanwhile, about 150 ms of CPU
    before my day showed (benchmarks/startup.py). What the start made is then frozen
    (`gc.freeze`: out of the collector's reach): a first collection over all of it would
    take another 0.1 s just as the caseworker starts to work, and every later full
    collection would walk it again. Its little garbage stays. An app whose collector was
    never paused (a test's) is left as it is."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()


class Palette(CommandPalette):
    """Textual's command palette, saying "No matches found" in the user's language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own adds an English option; this one is the same in Danish.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(_("No matches found"), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


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


def _apply_due_handovers(ctx: Context) -> None:
    """A handover moves the citizen on its effective day, whether or not anyone acts on it
    then: the first app started that day by someone who may see the citizen moves them (two
    at once move them once)."""
    from prepdesk.core.handover import apply_due_moves

    try:
        apply_due_moves(ctx)
    except UserError:
        pass  # the database is away, or a colleague's app moved them: the next start tries


class PrepDeskApp(KeysInOrder):
    TITLE = "PrepDesk"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        *bindings(APP_COMMANDS),
        # Replaces Textual's ctrl+q, which has no keymap id.
        Binding("ctrl+q", "quit", _("Quit"), show=False, priority=True, id="app.quit_anywhere"),
    ]

    def __init__(self, open_workspace: Callable[[Progress], Context], theme_name: str) -> None:
        super().__init__()
        self._open_workspace = open_workspace
        self._loading: LoadingScreen | None = LoadingScreen()  # until the workspace shows
        self.ctx: Context | None = None
        self._citizen_index: CitizenIndexCache | None = None
        self._stopping = threading.Event()  # set as the app closes: its threads stop
        self._joined: list[threading.Thread] = []  # the app's threads it waits for as it closes
        self._background_started = False
        self._home_depth = 0  # screens on the stack up to my day; Escape goes no further
        themes = load_themes()
        for theme in themes:
            self.register_theme(theme)
        self._own_themes = [theme.name for theme in themes]
        self.theme = theme_name if theme_name in self.available_themes else DEFAULT_THEME

    def on_mount(self) -> None:
        self.set_timer(START_SECONDS, collect_garbage_again)
        # Pushed rather than made the default screen: the default one cannot be switched.
        if self._loading is not None:
            self.push_screen(self._loading)
        # After the first paint: the worker's imports would compete for the GIL with it.
        self.call_after_refresh(self._load_workspace)

    @work(thread=True, name="open workspace")
    def _load_workspace(self) -> None:
        # Any other exception is a bug: the worker fails and Textual shows the traceback.
        try:
            ctx = self._open_workspace(self._report_progress)
        except UserError as error:
            outcome = partial(self._exit_with_error, error)
        except _Abandoned:
            return
        else:
            outcome = partial(self._show_workspace, ctx)
            # The test doubles of some screen tests have no `keys` in their settings.
            keys = getattr(ctx.settings, "keys", None)
            if keys:
                from prepdesk.keymap import read_keymap

                keymap = read_keymap(keys)  # imports every screen: here, in the worker
                if not get_current_worker().is_cancelled:
                    self.call_from_thread(self._use_keymap, keymap)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(outcome)

    def _use_keymap(self, keymap: Keymap) -> None:
        """The keys the user remapped in the config's [keys] table; a sentence for each
        entry that was left out, and PrepDesk starts anyway."""
        self.set_keymap(keymap.keys)
        for problem in keymap.problems:
            self.notify(problem, severity="warning", markup=False, timeout=30)

    def _report_progress(self, step: str, fraction: float) -> None:
        # The app cancels its workers when it exits. Python waits for a running thread
        # before the process ends, so a user who quits while the demo data is being
        # built would wait for it to finish: stop at the next step instead.
        if get_current_worker().is_cancelled:
            raise _Abandoned
        loading = self._loading
        if loading is not None:
            self.call_from_thread(loading.show_progress, step, fraction)

    def _exit_with_error(self, error: UserError) -> None:
        # Textual prints the message to stderr once the terminal is restored. Rich Text,
        # because a str would have its :emoji: codes replaced; soft-wrapped, so that a
        # path in it is not broken across lines when copied.
        self.error_console.soft_wrap = True
        self.exit(return_code=error.exit_code, message=Text(strip_controls(error.message)))

    def _show_workspace(self, ctx: Context) -> None:
        from prepdesk.core.citizen_search import CitizenIndexCache
        from prepdesk.screens.my_day import MyDayScreen

        self.ctx = ctx
        self._citizen_index = CitizenIndexCache(ctx)
        self.sub_title = describe_user(ctx.user)
        self.switch_screen(MyDayScreen(ctx))
        self._loading = None  # its widgets and their line caches go with it (issue 17)
        self._home_depth = len(self.screen_stack)
        # The outbox and the citizen index start once my day shows its data
        # (on_my_day_screen_shown): started now, they would compete with it for the GIL.

    def on_my_day_screen_shown(self, _message: MyDayScreen.Shown) -> None:
        if not self._background_started and self.ctx is not None:
            self._background_started = True
            self.call_after_refresh(self._start_background, self.ctx)  # after the paint

    def _start_background(self, ctx: Context) -> None:
        from prepdesk.widgets.rulings import ruling_library

        collect_garbage_again()  # my day is painted: the start is over
        if not self.is_running or self._stopping.is_set():
            return  # closing already
        if self._citizen_index is not None:
            # Built now, while the caseworker reads their day, so the first search is instant;
            # then the rulings' search index and the F2 screen's code, so the first F2
            # answers at once (issue 17). As the app closes, no next step is begun, and the
            # one under way is given the outbox's moment to end (an index built apart ends
            # with its process: stop_children).
            citizens, rulings = self._citizen_index, ruling_library(self)
            steps = (lambda: _apply_due_handovers(ctx), citizens.warm, lambda: rulings.warm(ctx),
                     lambda: import_module(DESTINATIONS["rulings"][0]))

            def warm() -> None:
                for step in steps:
                    if self._stopping.is_set():
                        return
                    step()

            self._joined.append(self._start_thread("prepdesk-indexes", warm))
        self._start_sender(ctx)

    def _start_thread(self, name: str, target: Callable[[], object]) -> threading.Thread:
        """A daemon thread of the app's: it ends with the process at the latest, and a bug
        in it is said in a notification, not printed over the screen."""

        def run() -> None:
            try:
                target()
            except Exception as error:  # a bug: say so instead of printing over the screen
                self._warn_from_thread(_("PrepDesk has an error in the background ({error}); "
                                         "restart PrepDesk if something is missing.").format(
                    error=error))

        thread = threading.Thread(target=run, name=name, daemon=True)
        thread.start()
        return thread

    def on_go(self, message: Go) -> None:
        origin = message.origin
        if origin is not None and origin is not self.screen and origin in self.screen_stack:
            return  # asked again before the first screen it asked for was on top: a key twice
        module, name = DESTINATIONS[message.where]
        screen = getattr(import_module(module), name)
        self.push_screen(screen(self.ctx, **message.args))

    def get_driver_class(self) -> type[Driver]:
        return whole_paste_driver(lenient_driver(super().get_driver_class()))

    def format_title(self, title: str, sub_title: str) -> Content:
        # The sub-title holds the user's name, which is data.
        return super().format_title(plain(title), plain(sub_title))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        # Every notification is plain text: many name data (a citizen, an address, a
        # colleague), and a notification that parses "[/]" crashes the app (R-SEC-6).
        super().notify(plain(message), title=plain(title), severity=severity,
                       timeout=timeout, markup=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # Pasted text is shown in the field it lands in as it is: without escapes and
            # controls, or they would reach the terminal (R-SEC-6). Its line breaks stay:
            # many terminals (tmux among them) paste them as CR, a control.
            event.text = plain(event.text.replace("\r\n", "\n").replace("\r", "\n"))
        await super().on_event(event)

    def get_key_display(self, binding: Binding) -> str:
        # "Ctrl+F" and "Enter", as on the keyboard, rather than Textual's "^f" and "⏎".
        return binding.key_display or key_display(binding.key)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: the app's commands and the active screen's, in Danish."""
        for command in APP_COMMANDS:
            if command.in_palette and self._allowed(command.action, screen):
                yield command.palette_entry(self, self)
        for command in getattr(screen, "USER_COMMANDS", ()):
            if command.in_palette and screen.check_action(command.action, ()) is not False:
                yield command.palette_entry(self, screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides the key in the footer and leaves it to the screen.
        return self._allowed(action, self.screen)

    def _allowed(self, action: str, screen: Screen) -> bool:
        if action in ("find_citizen", "journal_note", "rulings", "practice_changes"):
            return self.ctx is not None
        if action == "users":  # not over a dialog, where u may be an answer
            return self.ctx is not None and self.ctx.user.role == "admin" and not screen.is_modal
        if action in ("follow_up", "workload"):
            return self.ctx is not None and self.ctx.user.role == "team_lead" and not screen.is_modal
        if action == "team_review":
            return (self.ctx is not None and self.ctx.user.role in ("team_lead", "caseworker")
                    and not screen.is_modal)
        if action == "import_rulings":
            return self.ctx is not None and self.ctx.user.role in ("team_lead", "admin")
        if action == "back":  # never past my day, the start screen
            return 0 < self._home_depth <= self.screen_stack.index(screen)
        return True

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(Palette(placeholder=_("Search for a command …"), id="--command-palette"))

    def search_commands(self, commands: Sequence[CommandListItem],
                        placeholder: str = "") -> AwaitMount:
        # Textual's, with PrepDesk's palette.
        return self.push_screen(Palette(providers=[SimpleProvider(self.screen, commands)],
                                        placeholder=placeholder or _("Search for a command …")))

    def action_find_citizen(self) -> None:
        from prepdesk.screens.citizen_search import CitizenSearchScreen

        if self._citizen_index is not None and not isinstance(self.screen, CitizenSearchScreen):
            self.push_screen(CitizenSearchScreen(self._citizen_index))

    def action_journal_note(self) -> None:
        from prepdesk.screens.quick_note import QuickNoteScreen

        if not isinstance(self.screen, QuickNoteScreen):
            citizen_id = getattr(self.screen, "citizen_id", None)  # the file that is open, if any
            self.push_screen(QuickNoteScreen(self.ctx, citizen_id, citizens=self._citizen_index))

    def action_rulings(self) -> None:
        from prepdesk.screens.rulings import RulingsScreen

        self.push_screen(RulingsScreen(self.ctx))

    def action_practice_changes(self) -> None:
        from prepdesk.screens.practice_changes import PracticeChangesScreen

        self.push_screen(PracticeChangesScreen(self.ctx))

    def action_users(self) -> None:
        from prepdesk.screens.users import UsersScreen

        if self._allowed("users", self.screen) and not isinstance(self.screen, UsersScreen):
            self.push_screen(UsersScreen(self.ctx))

    def action_follow_up(self) -> None:
        from prepdesk.screens.follow_up import FollowUpScreen

        if self._allowed("follow_up", self.screen) and not isinstance(self.screen, FollowUpScreen):
            self.on_go(Go("follow_up", {}))

    def action_workload(self) -> None:
        from prepdesk.screens.workload import WorkloadScreen

        if self._allowed("workload", self.screen) and not isinstance(self.screen, WorkloadScreen):
            self.on_go(Go("workload", {}))

    def action_team_review(self) -> None:
        from prepdesk.screens.team_review import TeamReviewScreen

        if self._allowed("team_review", self.screen) and not isinstance(self.screen, TeamReviewScreen):
            self.on_go(Go("team_review", {}))

    def action_import_rulings(self) -> None:
        from prepdesk.screens.ruling_import import RulingImportScreen

        self.push_screen(RulingImportScreen(self.ctx))

    def _start_sender(self, ctx: Context) -> None:
        """Send the outbox in the background while PrepDesk is open.

        A daemon thread rather than a Textual worker: it runs as long as the app, and
        nothing should wait for it to finish. It stops when the app exits or closes.
        """
        def send() -> None:
            # Imported here, in the thread: the sender's modules cost the app's thread
            # ~0.1 s just after my day has shown.
            from prepdesk.delivery.outbox import run_sender_forever

            try:
                run_sender_forever(self._stopping, ctx.sessions, ctx.settings,
                                   clock=ctx.clock, on_error=self._warn_from_thread,
                                   author_id=ctx.user.id)  # what this caseworker wrote
            except Exception as error:  # a bug: say so instead of printing over the screen
                self._warn_from_thread(_("The outbox has stopped because of an error ({error}). "
                                         "Letters wait in the outbox; restart PrepDesk to send "
                                         "them.").format(error=error))

        self._joined.append(self._start_thread("prepdesk-outbox", send))

    def _warn_from_thread(self, problem: str) -> None:
        if self._stopping.is_set() or not self.is_running:
            return  # closing: nobody to tell, and no loop to run the notification on
        try:
            self.call_from_thread(self.notify, problem, severity="warning", markup=False)
        except RuntimeError:  # the app has closed meanwhile
            pass

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self._stopping.set()  # the outbox thread ends at its next look
        super().exit(*args, **kwargs)

    def on_unmount(self) -> None:
        """The app closes (the caseworker quits, or a test's app ends): the app's threads
        end and the database's connections are closed, so the process can end at once."""
        self._stopping.set()
        if self._background_started:
            from prepdesk.core.apart import stop_children

            stop_children()  # an index built in a process of its own
        for thread in self._joined:
            # The outbox wakes at once; a round of sending, or an index's step, is given a
            # moment to finish, then left to end with the process (a daemon thread).
            thread.join(timeout=THREAD_GRACE_SECONDS)
        if self.ctx is not None:
            from prepdesk.workspace import close_workspace

            close_workspace(self.ctx)

    def run(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().run(*args, **kwargs)
        finally:
            # The process ends next. Python's last garbage collection would walk every
            # object of SQLAlchemy, pydantic and Textual (~0.3 s of a 2-core machine's
            # time, after the screen has gone): none of them needs collecting.
            gc.freeze()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.screen, APP_COMMANDS))

    def action_back(self) -> None:
        self.pop_screen()

    def action_switch_theme(self) -> None:
        self.search_commands(
            [(theme_title(name), partial(self._use_theme, name),
              _("In use now.") if name == self.theme else None) for name in self._own_themes],
            placeholder=_("Search for a theme …"),
        )

    def _use_theme(self, name: str) -> None:
        self.theme = name
        self._save_theme(name)

    @work(thread=True, name="save theme")
    def _save_theme(self, name: str) -> None:
        # prepdesk.config imports pydantic: only ever in a worker, never before first paint.
        from prepdesk.config import save_setting
        from prepdesk.paths import config_file_path

        try:
            save_setting("theme", name)
        except (OSError, ValueError) as error:
            message = _("The theme is in use, but it could not be saved in {path} ({problem}); "
                        "PrepDesk will start with the old one.").format(
                path=config_file_path(), problem=error)
            self.call_from_thread(self.notify, message, severity="warning", markup=False)

    def action_help_quit(self) -> None:
        # ctrl+c: Textual's own hint is English and may name the hidden ctrl+q.
        quits = [active.binding for active in self.active_bindings.values()
                 if active.binding.action == "quit"]
        if quits:
            key = self.get_key_display(max(quits, key=lambda binding: binding.show))
            self.notify(_("Press {key} to quit PrepDesk.").format(key=key), markup=False)
