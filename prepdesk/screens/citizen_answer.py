"""The citizen's answer, recorded by the caseworker (issue 11, item 2): for notes given
without the e-mail link (handed over, by post, by Digital Post), or when the citizen
calls instead of using the link.

The notes as the citizen was given them, part by part, each in a field: the caseworker
writes the corrections the citizen dictates into the parts they concern. Ctrl+S records
the answer: with no part changed, that the citizen approved the notes (after a yes);
otherwise each changed part is a correction from the citizen, answered like those from
the approval page.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static, TextArea

from prepdesk.core.context import Context
from prepdesk.core.labels import handed_over
from prepdesk.core.notes_given import (
    AnswerForm,
    AnswerRecorded,
    DictatedCorrection,
    answer_form,
    record_answer,
)
from prepdesk.dates import long_datetime, short_date
from prepdesk.i18n import _, ngettext
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import QuestionDialog
from prepdesk.ui.fields import TextEditor
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen


class CitizenAnswerScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("citizen_answer.save", "ctrl+s", "save", _("Record the answer"),
                _("Record the citizen's answer: approved, or the corrections written in the "
                  "parts."), priority=True),
        Command("citizen_answer.back", "escape", "back", _("Back"),
                _("Go back without recording anything.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    CitizenAnswerScreen {
        #answer-title { padding: 0 1; text-style: bold; color: $text-primary; }
        #answer-help { padding: 0 1; margin-bottom: 1; }
        #answer-parts { padding: 0 1; }
        .part-title { text-style: bold; margin-top: 1; }
        .part { height: auto; max-height: 12; }
        #answer-status { padding: 0 1; height: auto; }
    }
    """

    def __init__(self, ctx: Context, request_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.request_id = request_id
        self.form: AnswerForm | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("The citizen's answer"), id="answer-title", markup=False)
        yield Static(_("Write the corrections the citizen gives you into the parts they "
                       "concern. Leave every part as it is if the citizen approved the notes. "
                       "Ctrl+S records the answer."), id="answer-help", markup=False)
        yield VerticalScroll(id="answer-parts")
        yield Static(id="answer-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#answer-parts").loading = True
        run_core(self, lambda: answer_form(self.ctx, self.request_id), self._show,
                 failed=lambda _problem: setattr(self.query_one("#answer-parts"), "loading",
                                                 False),
                 group="answer form", exclusive=True)

    def _show(self, form: AnswerForm) -> None:
        self.call_later(self._mount_form, form)

    async def _mount_form(self, form: AnswerForm) -> None:
        self.form = form
        self.query_one("#answer-title", Static).update(Content.assemble(
            _("The citizen's answer"), " · ", safe(form.citizen_name), " · ",
            _("the meeting {time}").format(time=long_datetime(form.meeting_starts_at))))
        parts = self.query_one("#answer-parts", VerticalScroll)
        await parts.mount_all([
            Static(Content(_("Given to the citizen {when}: {how}.").format(
                when=short_date(form.given_at), how=handed_over(form.channel)))),
            *(widget for number, part in enumerate(form.parts) for widget in (
                Static(safe(part.title), classes="part-title"),
                TextEditor(strip_controls(part.text), id=f"part-{number}", classes="part",
                         soft_wrap=True, show_line_numbers=False)))])
        parts.loading = False
        self.query(TextEditor).first().focus()

    def corrections(self) -> list[DictatedCorrection]:
        """The parts the caseworker changed: the citizen's corrections."""
        if self.form is None:
            return []
        return [DictatedCorrection(part.key, area.text)
                for number, part in enumerate(self.form.parts)
                for area in [self.query_one(f"#part-{number}", TextArea)]
                if area.text.strip() != strip_controls(part.text).strip()]

    def action_save(self) -> None:
        if self.form is None:
            return
        corrections = self.corrections()
        if corrections:
            question = ngettext(
                "Record {n} correction from the citizen? You answer it afterwards, as a "
                "correction from the approval page.",
                "Record {n} corrections from the citizen? You answer them afterwards, as "
                "corrections from the approval page.", len(corrections)).format(
                    n=len(corrections))
        else:
            question = _("No part is changed: record that the citizen approved the notes?")
        self.app.push_screen(QuestionDialog(question, yes=_("Record")),
                             lambda yes: self._record(corrections) if yes else None)

    def _record(self, corrections: list[DictatedCorrection]) -> None:
        self._say(_("Recording the answer …"))
        run_core(self, lambda: record_answer(self.ctx, self.request_id, corrections),
                 self._recorded, failed=lambda problem: self._say(problem.message),
                 group="record answer", exclusive=True)

    def _recorded(self, recorded: AnswerRecorded) -> None:
        app = self.app
        self.dismiss()
        app.notify(recorded.sentence, markup=False)

    def _say(self, text: str) -> None:
        self.query_one("#answer-status", Static).update(Content(text))

    def action_back(self) -> None:
        self.dismiss()
