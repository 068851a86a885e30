"""Importér afgørelser: rulings from a .jsonl or .csv file, from inside the app (R-RULE-1).

The same import as `prepdesk import rulings` (`import_rulings`, all or nothing unless
invalid lines are skipped), run in a thread worker: a progress bar follows the file as it
is checked and then written, and the report lists what was imported and every error by
line and field. Leaving the screen stops the import, which then imports nothing. The
ruling indexes notice the new rulings at their next use, here and at colleagues' desks.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Header, Input, Label, ProgressBar, Static, Switch
from textual.worker import Worker

from prepdesk.core.context import Context
from prepdesk.core.rulings import ImportResult, import_rulings
from prepdesk.errors import UserError
from prepdesk.i18n import _, ngettext
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import from_thread, run_core
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.rulings import ruling_library

SHOWN_ERRORS = 1000  # rows in the error table; the count says how many more there are


class _Left(BaseException):
    """Raised in the worker when the user has left the screen: the import rolls back.
    A BaseException, so that no `except Exception` on the way swallows it."""


def report_summary(report: ImportResult, skip_invalid: bool) -> str:
    if report.errors and not (skip_invalid and report.imported):
        return ngettext(
            "Nothing was imported: {count} line has errors. Correct it in the file, or "
            "switch on \"Skip invalid lines\" to import the valid rulings.",
            "Nothing was imported: {count} lines have errors. Correct them in the file, or "
            "switch on \"Skip invalid lines\" to import the valid rulings.",
            report.invalid_lines).format(count=report.invalid_lines)
    summary = _("Rulings imported: {inserted} new, {updated} changed, {unchanged} "
                "unchanged.").format(inserted=report.inserted, updated=report.updated,
                                     unchanged=report.unchanged)
    if report.errors:
        summary += " " + ngettext("{count} line with errors was skipped.",
                                  "{count} lines with errors were skipped.",
                                  report.invalid_lines).format(count=report.invalid_lines)
    return summary


class RulingImportScreen(PrepDeskScreen):
    USER_COMMANDS = (
        # Priority: the path field would take Enter. Left to the switch when it has focus.
        Command("import.start", "enter", "start", _("Import"),
                _("Import the rulings in the file."), priority=True),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    RulingImportScreen > * {
        margin: 0 1;
    }
    #import-title {
        text-style: bold;
        color: $text-primary;
    }
    #import-skip-row {
        height: auto;
        & > Label {
            padding: 1 1;
        }
    }
    #import-progress-row {
        height: auto;
        margin-top: 1;
    }
    #import-summary {
        margin: 1 1;
        text-style: bold;
    }
    #import-errors {
        height: 1fr;
    }
    """

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self._import: Worker | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Import rulings"), id="import-title", markup=False)
        yield Static(_("Write the path of a .jsonl or .csv file with rulings from "
                       "Ankestyrelsen (the format is described in docs/rulings-format.md). "
                       "Rulings already imported are updated when they have changed. If you "
                       "leave this screen during the import, it stops and imports nothing."),
                     markup=False)
        yield Label(_("File"))
        yield TextInput(id="import-path", placeholder=_("for example /home/mette/rulings.jsonl"))
        with Horizontal(id="import-skip-row"):
            yield Switch(id="import-skip")
            yield Label(_("Skip invalid lines and import the rest"))
        with Horizontal(id="import-progress-row"):
            yield ProgressBar(total=100, show_eta=False, id="import-progress")
            yield Static(id="import-step")
        yield Static(id="import-summary")
        errors = DataTable(id="import-errors", cursor_type="row", zebra_stripes=True)
        errors.add_columns(_("Line"), _("Field"), _("Error"))
        yield errors
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-progress-row").display = False
        self.query_one("#import-errors").display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":  # the switch takes Enter itself
            return isinstance(self.focused, Input) and not self._importing()
        return True

    def _importing(self) -> bool:
        return self._import is not None and self._import.is_running

    def action_start(self) -> None:
        typed = self.query_one("#import-path", Input).value
        skip = self.query_one("#import-skip", Switch).value
        self.query_one("#import-summary", Static).update("")
        self.query_one("#import-errors").display = False
        self.query_one("#import-progress-row").display = True
        self._show_progress(_("Starting …"), 0.0)
        ctx, library = self.ctx, ruling_library(self.app)
        worker: Worker | None = None

        def progress(step: str, fraction: float) -> None:
            if worker is not None and worker.is_cancelled:  # the user has left the screen
                raise _Left
            from_thread(self, self._show_progress, step, fraction)

        def run() -> ImportResult:
            try:
                result = import_rulings(ctx, typed, skip_invalid=skip, progress=progress)
            except _Left:
                raise UserError(_("The import was stopped; nothing was imported.")) from None
            if result.imported:
                library.changed()  # the library is looked at again when next used
            return result

        worker = self._import = run_core(
            self, run, lambda result: self._show_report(result, skip), failed=self._failed,
            group="import", exclusive=True)
        self.refresh_bindings()

    @on(Input.Submitted, "#import-path")
    def _submitted(self) -> None:
        if not self._importing():
            self.action_start()

    def _show_progress(self, step: str, fraction: float) -> None:
        self.query_one("#import-progress", ProgressBar).update(progress=100 * fraction)
        self.query_one("#import-step", Static).update(safe(step))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self._import:
            self.refresh_bindings()

    def _failed(self, problem: UserError) -> None:
        self.query_one("#import-progress-row").display = False
        self.query_one("#import-summary", Static).update(safe(problem.message))

    def _show_report(self, outcome: ImportResult, skip_invalid: bool) -> None:
        summary = self.query_one("#import-summary", Static)
        summary.update(Content(report_summary(outcome, skip_invalid)))
        errors = self.query_one("#import-errors", DataTable)
        errors.clear()
        errors.add_rows(
            (Text(str(e.line)), Text(strip_controls(e.field) or "–"),
             Text(" ".join(strip_controls(e.message).split())))
            for e in outcome.errors[:SHOWN_ERRORS])
        if len(outcome.errors) > SHOWN_ERRORS:
            more = len(outcome.errors) - SHOWN_ERRORS
            errors.add_row(Text("…"), Text(""), Text(ngettext(
                "… and {count} more error.", "… and {count} more errors.", more).format(
                    count=more)))
        errors.display = bool(outcome.errors)
