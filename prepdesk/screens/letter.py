"""Writing the invitation to a meeting, with the language panel beside it, and sending it
after a preview of exactly what the citizen receives (R-PREP-4, R-LTR-1..5).

The letter starts from the template for the kind of meeting, with the agenda in it.
Every save is a new version; leaving the screen saves, so nothing typed is lost. The
preview shows the letter as the citizen will read it, the way it goes and why (Digital
Post, or paper for a citizen exempt from it; never e-mail: R-LTR-6), and when it goes: on
a Friday afternoon, a weekend or a holiday it waits (R-LTR-4).

Core work runs through `ui.run.run_core`. A save refused because the letter changed
meanwhile (a colleague, or this caseworker in another window) keeps the typed text in
core as a version that is not current; the screen then stops editing the stale text and
says so in the problem bar: r shows the letter as it is now, and Ctrl+G puts the kept
text back in to be saved on top of it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Header, Input, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from prepdesk.core import letters
from prepdesk.core.context import Context
from prepdesk.core.language import LanguageReport, check_text
from prepdesk.core.letters import InvitationView, Preview, Queued
from prepdesk.errors import Conflict, UserError
from prepdesk.i18n import _
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DIALOG_CSS
from prepdesk.ui.fields import TextEditor, TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core, show_problem, shown
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.language_panel import LANGUAGE_DEBOUNCE_SECONDS, FieldFinding, LanguagePanel
from prepdesk.widgets.meeting_heading import meeting_heading


class LetterScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("letter.back", "escape", "back", _("Back"),
                _("Save the letter and go back."), priority=True),
        Command("letter.save", "ctrl+s", "save", _("Save"),
                _("Save the letter as a new version."), priority=True),
        Command("letter.preview", "ctrl+o", "preview", _("Preview and send"),
                _("See the letter exactly as the citizen receives it, and send it."),
                priority=True),
        Command("letter.redraft", "ctrl+r", "redraft", _("Text from template"),
                _("Start again from the template, with the agenda as it is now. The text "
                  "you have is kept as a version."), priority=True),
        # A priority key: it works while typing in the letter.
        Command("letter.reload", "ctrl+r", "reload", _("Reload"),
                _("Show the letter as it is saved now, with a colleague's changes. The text "
                  "you have is saved first, or kept as a version."), priority=True),
        Command("letter.take_back", "ctrl+g", "take_back", _("My kept text"),
                _("Put the text that was kept when your save was refused back in the letter, "
                  "to save it on top of the letter as it is now."), priority=True),
    )
    BINDINGS = bindings(USER_COMMANDS)
    SHOWN_WHEN_LOADED = True

    DEFAULT_CSS = """
    #letter-state { padding: 0 1; color: $text-muted; }
    #letter-subject-label { padding: 0 1; margin-top: 1; color: $text-muted; }
    #letter-body-row { height: 1fr; }
    #letter-body { width: 1fr; height: 1fr; }
    #letter-language { width: 40; height: 1fr; }
    """

    def __init__(self, ctx: Context, meeting_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.draft: InvitationView | None = None
        self.stale = False  # a save was refused: the fields are locked until r
        self._stored: tuple[str, str] | None = None  # the text core has (current or kept)
        self._language_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("The invitation …"), id="letter-title", classes="screen-title", markup=False)
        yield Static(id="letter-state")
        yield Label(_("Subject"), id="letter-subject-label")
        yield TextInput(id="letter-subject", disabled=True)
        with Horizontal(id="letter-body-row"):
            yield TextEditor(id="letter-body", soft_wrap=True, disabled=True)
            yield LanguagePanel(id="letter-language")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#letter-body").loading = True
        ctx, meeting_id = self.ctx, self.meeting_id
        run_core(self, lambda: letters.open_invitation(ctx, meeting_id),
                 lambda draft: self._show(draft, replace=True), failed=self._not_opened,
                 group="letter")

    def _not_opened(self, problem: UserError) -> None:
        if self.draft is None:  # nothing to show: say why over the screen below
            self.notify(problem.message, severity="error", markup=False)
            self.dismiss()

    # --- the text and what core has --------------------------------------------------------

    def _typed_text(self) -> tuple[str, str]:
        return (self.query_one("#letter-subject", Input).value,
                self.query_one("#letter-body", TextArea).text)

    def _changed(self) -> bool:
        return self.draft is not None and self._typed_text() != self._stored

    def _saving(self, then: Callable[[InvitationView], object]) -> Callable[[], object]:
        """An operation for run_core: the typed text saved (if changed) on the version
        this screen shows, then `then` with the saved view."""
        ctx, draft, typed, changed = self.ctx, self.draft, self._typed_text(), self._changed()

        def operation() -> object:
            saved = draft
            if changed:
                saved = letters.save_text(ctx, draft.letter_id, draft.version, *typed)
            return then(saved)

        return operation

    def _refused(self, problem: UserError) -> None:
        """A save refused on a stale view: core kept the text; lock the stale fields."""
        if isinstance(problem, Conflict):
            self._stored = self._typed_text()
            self.stale = True
            self.query_one("#letter-subject", Input).disabled = True
            body = self.query_one("#letter-body", TextArea)
            body.read_only = True
            body.focus()
            self.refresh_bindings()

    def _show(self, draft: InvitationView, *, replace: bool) -> None:
        """Show the saved `draft`; its text goes into the fields when loaded or
        `replace`d, never while the caseworker goes on typing."""
        self.show_itself()
        self.draft = draft
        self.query_one("#letter-title", Static).update(
            safe(_("Invitation · {meeting}").format(
                meeting=meeting_heading(draft.citizen_name, draft.meeting))))
        state = _("Version {number} is saved.").format(number=draft.number)
        state += " " + _("Goes by") + ": " + draft.route.label + "."  # why: the preview (Ctrl+O)
        if draft.kept:
            state += " " + _("Your text from a refused save is kept as version {number} "
                             "(Ctrl+G puts it back in).").format(number=draft.kept[-1].number)
        self.query_one("#letter-state", Static).update(safe(state))
        subject = self.query_one("#letter-subject", Input)
        body = self.query_one("#letter-body", TextArea)
        first = body.disabled
        if replace:
            subject.value = strip_controls(draft.subject)
            body.load_text(strip_controls(draft.body))
            self.stale = False
        if not self.stale:
            self._stored = (draft.subject, draft.body)
            subject.disabled = body.disabled = body.read_only = False
        body.loading = False
        if first:
            body.focus()
        self.refresh_bindings()
        self._check_language()

    # --- language (R-LTR-1) ------------------------------------------------------------------

    @on(TextArea.Changed)
    def _typed(self) -> None:
        if self._language_timer is not None:
            self._language_timer.stop()
        self._language_timer = self.set_timer(LANGUAGE_DEBOUNCE_SECONDS, self._check_language)

    def _check_language(self) -> None:
        self._language(self.query_one("#letter-body", TextArea).text)

    @work(thread=True, exclusive=True, group="language", name="language check")
    def _language(self, text: str) -> LanguageReport:
        return check_text(text, kind="letter")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name == "language check" and worker.state == WorkerState.SUCCESS and shown(self):
            report: LanguageReport = worker.result
            self.query_one(LanguagePanel).show(
                [FieldFinding("", finding) for finding in report.findings], lix=report.lix)

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return True
        if self.draft is None:
            return False
        if action == "reload":
            return True
        if action == "take_back":
            return bool(self.draft.kept) and not self.stale
        return not self.stale  # save, preview, redraft: not on a stale letter

    def action_save(self) -> None:
        run_core(self, self._saving(lambda saved: saved),
                 lambda saved: self._show(saved, replace=False), failed=self._refused,
                 group="letter")

    def action_redraft(self) -> None:
        ctx = self.ctx
        run_core(self, self._saving(lambda saved: letters.redraft(ctx, saved.letter_id,
                                                                  saved.version)),
                 lambda draft: self._show(draft, replace=True), failed=self._refused,
                 group="letter")

    def action_reload(self) -> None:
        """Save what was typed (kept if refused), then show the letter as it is now; a
        refusal on the way is shown with the reloaded letter, not instead of it."""
        ctx, meeting_id = self.ctx, self.meeting_id
        draft, typed = self.draft, self._typed_text()
        changed = self._changed() and not self.stale

        def operation() -> tuple[InvitationView, UserError | None]:
            problem = None
            if changed:
                try:
                    letters.save_text(ctx, draft.letter_id, draft.version, *typed)
                except Conflict as refused:
                    problem = refused
            return letters.open_invitation(ctx, meeting_id, again=True), problem

        def reloaded(result: tuple[InvitationView, UserError | None]) -> None:
            view, problem = result
            self._show(view, replace=True)
            if problem is not None:
                show_problem(self, problem)

        run_core(self, operation, reloaded, group="letter")

    def action_take_back(self) -> None:
        kept = self.draft.kept[-1]
        self.query_one("#letter-subject", Input).value = strip_controls(kept.subject)
        self.query_one("#letter-body", TextArea).load_text(strip_controls(kept.body))

    def action_back(self) -> None:
        if self._changed() and not self.stale:
            run_core(self, self._saving(lambda saved: saved), lambda _saved: self.dismiss(),
                     failed=self._refused, group="letter")
        else:
            self.dismiss()

    def action_preview(self) -> None:
        # The preview shows the saved version: save first.
        run_core(self, self._saving(lambda saved: saved), self._open_preview,
                 failed=self._refused, group="letter")

    def _open_preview(self, draft: InvitationView) -> None:
        self._show(draft, replace=False)
        self.app.push_screen(SendLetterScreen(self.ctx, draft.letter_id, draft.version),
                             self._after_send)

    def _after_send(self, sent: str | None) -> None:
        if sent:
            self.notify(sent, markup=False, timeout=8)
            self.dismiss()


class SendLetterScreen(PrepDeskScreen, ModalScreen[str | None]):
    """The letter exactly as the citizen will read it, the way it goes and why (Digital
    Post, or paper for a citizen exempt from it: never e-mail, core/channels.py), and when;
    Ctrl+S puts it in the outbox. Returns the sentence saying when it goes."""

    USER_COMMANDS = (
        Command("send_letter.send", "ctrl+s", "send", _("Send"),
                _("Put the letter in the outbox. It goes at the time shown."), priority=True),
        Command("send_letter.back", "escape", "back", _("Edit the letter"),
                _("Go back to the letter without sending it.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "SendLetterScreen {" + DIALOG_CSS + """
        & > Vertical { width: 110; height: 90%; }
        #send-channel { text-style: bold; }
        #send-when { margin: 0 0 1 0; }
        #send-preview { height: 1fr; border: round $border-blurred; padding: 0 1; }
    }"""

    AUTO_FOCUS = "#send-preview"

    def __init__(self, ctx: Context, letter_id: int, version: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.letter_id = letter_id
        self.version = version

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Preview: this is what the citizen receives"),
                         classes="dialog-title", markup=False)
            yield Static(id="send-channel")
            yield Static(id="send-when")
            with VerticalScroll(id="send-preview"):
                yield Static(id="send-text")
            yield Static(_("Ctrl+S sends · Escape goes back to the letter"), markup=False)
        yield Footer()

    def on_mount(self) -> None:
        ctx, letter_id = self.ctx, self.letter_id
        run_core(self, lambda: letters.preview(ctx, letter_id), self._show_preview,
                 group="preview", exclusive=True)

    def _show_preview(self, preview: Preview) -> None:
        self.query_one("#send-channel", Static).update(Content(preview.reason))
        self.query_one("#send-when", Static).update(Content(preview.when))
        self.query_one("#send-text", Static).update(safe(preview.text))

    def action_send(self) -> None:
        ctx, letter_id, version = self.ctx, self.letter_id, self.version

        def sent(queued: Queued) -> None:
            self.dismiss(queued.sentence)

        run_core(self, lambda: letters.queue(ctx, letter_id, version), sent, group="send")

    def action_back(self) -> None:
        self.dismiss(None)
