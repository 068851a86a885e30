"""Writing the invitation to a meeting, with the language panel beside it, and sending it
after a preview of exactly what the citizen receives (R-PREP-4, R-LTR-1..5).

The letter starts from the template for the kind of meeting, with the agenda in it.
Every save is a new version; leaving the screen saves, so nothing typed is lost. The
preview shows the e-mail as the outbox will build it, the address it goes to and when it
goes: on a Friday afternoon, a weekend or a holiday it waits (R-LTR-4).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from prepdesk.core.calendar import send_time
from prepdesk.core.context import Context
from prepdesk.core.labels import label
from prepdesk.core.language import LanguageReport, check_text
from prepdesk.core.letters import (
    InvitationView,
    describe_send_time,
    invitation_view,
    preview,
    queue_letter,
)
from prepdesk.data.models import Letter
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.screens.meeting_form import meeting_heading
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DIALOG_CSS
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.language_panel import LANGUAGE_DEBOUNCE_SECONDS, FieldFinding, LanguagePanel


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
    )
    BINDINGS = bindings(USER_COMMANDS)

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
        self._language_timer: Timer | None = None
        self._then: str | None = None  # after the save: "leave", "preview" or "replace" the text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("The invitation …"), id="letter-title", classes="screen-title", markup=False)
        yield Static(id="letter-state")
        yield Label(_("Subject"), id="letter-subject-label")
        yield Input(id="letter-subject", disabled=True)
        with Horizontal(id="letter-body-row"):
            yield TextArea(id="letter-body", soft_wrap=True, disabled=True)
            yield LanguagePanel(id="letter-language")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#letter-body").loading = True
        self._load()

    @work(thread=True, exclusive=True, group="letter", name="letter", exit_on_error=False)
    def _load(self, *, again: bool = False, text: tuple[str, str] | None = None,
              ) -> InvitationView:
        ctx = self.ctx
        with ctx.session() as session:
            return invitation_view(session, ctx.user, self.meeting_id, ctx.clock(),
                                   again=again, text=text)

    def _typed_text(self) -> tuple[str, str]:
        return (self.query_one("#letter-subject", Input).value,
                self.query_one("#letter-body", TextArea).text)

    def _changed(self) -> bool:
        return self.draft is not None and self._typed_text() != (self.draft.subject,
                                                                 self.draft.body)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name == "letter" and worker.state == WorkerState.SUCCESS:
            then, self._then = self._then, None
            if then == "leave":
                self.dismiss()
                return
            self._show(worker.result, replace=then == "replace")
            if then == "preview":
                self._open_preview()
        elif worker.name == "letter" and worker.state == WorkerState.ERROR:
            self._then = None
            if not isinstance(worker.error, UserError):
                raise worker.error
            self.notify(worker.error.message, severity="error", markup=False)
            if self.draft is None:
                self.dismiss()
        elif worker.name == "language check" and worker.state == WorkerState.SUCCESS:
            report: LanguageReport = worker.result
            self.query_one(LanguagePanel).show(
                [FieldFinding("", finding) for finding in report.findings], lix=report.lix)

    def _show(self, draft: InvitationView, *, replace: bool) -> None:
        """Show the saved `draft`; its text goes into the fields when first loaded or
        `replace`d from the template, never while the caseworker goes on typing."""
        before, self.draft = self.draft, draft
        self.query_one("#letter-title", Static).update(
            safe(_("Invitation · {meeting}").format(
                meeting=meeting_heading(draft.citizen_name, draft.meeting))))
        self.query_one("#letter-state", Static).update(
            safe(_("Version {number} is saved.").format(number=draft.version)))
        subject = self.query_one("#letter-subject", Input)
        body = self.query_one("#letter-body", TextArea)
        if before is None or replace:
            subject.value = strip_controls(draft.subject)
            body.load_text(strip_controls(draft.body))
        subject.disabled = body.disabled = False
        body.loading = False
        if before is None:
            body.focus()
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

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action == "back" or self.draft is not None

    def action_save(self) -> None:
        self._load(text=self._typed_text())

    def action_redraft(self) -> None:
        self._then = "replace"
        self._load(again=True, text=self._typed_text())

    def action_back(self) -> None:
        if self._changed():
            self._then = "leave"
            self._load(text=self._typed_text())
        else:
            self.dismiss()

    def action_preview(self) -> None:
        if self._changed():  # the preview shows the saved version
            self._then = "preview"
            self._load(text=self._typed_text())
        else:
            self._open_preview()

    def _open_preview(self) -> None:
        self.app.push_screen(SendLetterScreen(self.ctx, self.draft.letter_id,
                                              self.draft.citizen_email,
                                              self.draft.citizen_channel), self._after_send)

    def _after_send(self, sent: str | None) -> None:
        if sent:
            self.notify(sent, markup=False, timeout=8)
            self.dismiss()


class SendLetterScreen(PrepDeskScreen, ModalScreen[str | None]):
    """The e-mail exactly as it will be sent, where to and when; Enter puts it in the
    outbox. Returns the sentence saying when it goes."""

    USER_COMMANDS = (
        Command("send_letter.send", "ctrl+s", "send", _("Send"),
                _("Put the letter in the outbox. It goes at the time shown."), priority=True),
        Command("send_letter.back", "escape", "back", _("Edit the letter"),
                _("Go back to the letter without sending it.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "SendLetterScreen {" + DIALOG_CSS + """
        & > Vertical { width: 110; height: 90%; }
        #send-to-label { color: $text-muted; }
        #send-hint { color: $text-warning; }
        #send-when { text-style: bold; margin: 1 0; }
        #send-preview { height: 1fr; border: round $border-blurred; padding: 0 1; }
    }"""

    def __init__(self, ctx: Context, letter_id: int, address: str, channel: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.letter_id = letter_id
        self.address = address
        self.channel = channel

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Preview: this is what the citizen receives"),
                         classes="dialog-title", markup=False)
            yield Label(_("To the citizen's e-mail address"), id="send-to-label")
            yield Input(self.address, id="send-to")
            yield Static(self._hint(), id="send-hint", markup=False)
            yield Static(id="send-when")
            with VerticalScroll(id="send-preview"):
                yield Static(id="send-text")
            yield Static(id="send-problem", classes="dialog-problem")
            yield Static(_("Ctrl+S sends · Escape goes back to the letter"), markup=False)
        yield Footer()

    def _hint(self) -> str:
        """PrepDesk sends e-mail; a citizen who has asked for Digital Post or paper gets the
        letter that way from the case system, so the caseworker is told before sending."""
        if not self.address:
            return _("The file has no e-mail address for the citizen. Write one the citizen "
                     "has given you, or send the letter by Digital Post from the case system.")
        if self.channel not in ("email", ""):
            return _("The citizen prefers {channel}. Send by e-mail only if the citizen has "
                     "agreed to it.").format(channel=label("channel", self.channel))
        return ""

    def on_mount(self) -> None:
        self._preview(self.address)
        self.query_one("#send-to", Input).focus()

    @on(Input.Changed, "#send-to")
    def _address_changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    @work(thread=True, exclusive=True, group="preview", name="preview", exit_on_error=False)
    def _preview(self, address: str) -> tuple[str, str]:
        ctx = self.ctx
        now = ctx.clock()
        with ctx.session() as session:
            letter = session.get(Letter, self.letter_id)
            text = preview(session, letter, address.strip(), now,
                           sender=ctx.settings.sender_address)
        return text, describe_send_time(send_time(now), now)

    @work(thread=True, exclusive=True, group="preview", name="send", exit_on_error=False)
    def _send(self, address: str) -> str:
        ctx = self.ctx
        now = ctx.clock()
        with ctx.session() as session:
            letter = session.get(Letter, self.letter_id)
            message = queue_letter(session, ctx.user, letter, address, now,
                                   sender=ctx.settings.sender_address)
        return _("The invitation is in the outbox. {when}").format(
            when=describe_send_time(message.not_before, now))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        problem = self.query_one("#send-problem", Static)
        if worker.state == WorkerState.SUCCESS and worker.name == "preview":
            text, when = worker.result
            self.query_one("#send-text", Static).update(safe(text))
            self.query_one("#send-when", Static).update(Content(when))
            problem.update("")
        elif worker.state == WorkerState.SUCCESS and worker.name == "send":
            self.dismiss(worker.result)
        elif worker.state == WorkerState.ERROR:
            if not isinstance(worker.error, UserError):
                raise worker.error
            problem.update(Content("⚠ " + worker.error.message))

    def action_send(self) -> None:
        self._send(self.query_one("#send-to", Input).value.strip())

    def action_back(self) -> None:
        self.dismiss(None)

