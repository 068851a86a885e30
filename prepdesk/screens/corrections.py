"""Finished notes and the citizen's corrections (R-APPR-3).

`NoteScreen` is the notes as every later reader sees them, through the one notes widget
(widgets/notes_view.NotesPanel): corrections the caseworker did not accept come first,
with the reason, then the text, then each version with who made it, when, what changed
and at whose request. `CorrectionsScreen` answers the pending corrections: each is
shown against the text it would replace; `a` accepts it (a new version), `n` asks for the
reason to reject it. It stays reachable (`c` on the notes) once every correction is
answered: it then lists the corrections with their answers. An answer given on a stale page (a colleague answered, or the citizen
answered again) is refused with a sentence in the problem bar; `r` reloads. Everything
written by the citizen is shown through `safe()`.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Header, Input, Static

from prepdesk.core import notes
from prepdesk.core.approval import send_for_approval
from prepdesk.core.context import Context
from prepdesk.core.note_page import CorrectionLine, NotesView, corrections_page, note_page
from prepdesk.dates import long_datetime, medium_datetime
from prepdesk.errors import UserError
from prepdesk.i18n import _, ngettext
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.notes_view import (
    NotesPanel,
    history_widgets,
    quoted,
    rejected_banner,
    version_status,
)


class NotePageScreen(PrepDeskScreen):
    """Loads the note page in a worker and shows it; subclasses say what goes where."""

    DEFAULT_CSS = """
    NotePageScreen {
        #page { padding: 0 1; }
        #page-title { text-style: bold; color: $text-primary; }
        #page-status { color: $text-muted; margin-bottom: 1; }
        #pending-notice, #answered-notice { margin-bottom: 1; }
        .rejected-banner {
            height: auto; border: heavy $warning; border-title-color: $text-warning;
            border-title-style: bold; padding: 0 1; margin-bottom: 1;
        }
        .rejected-correction, .answered-correction { margin-bottom: 1; }
        .notes-history, #answered {
            height: auto; border: round $border-blurred; border-title-color: $text;
            padding: 0 1; margin-top: 1;
        }
        .version { margin-bottom: 1; }
        #status { padding: 0 1; height: auto; }
        #status.-problem { color: $text-error; text-style: bold; }
    }
    """

    def __init__(self, ctx: Context, note_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.note_id = note_id
        self.page: NotesView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="page")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#page").loading = True
        self.reload()

    def reload(self) -> None:
        again = self.page is not None  # the page's first load is the look that is logged
        run_core(self, lambda: self.load(self.ctx, self.note_id, again=again), self._show,
                 failed=lambda _problem: setattr(self.query_one("#page"), "loading", False),
                 group="note page", exclusive=True)

    def action_reload(self) -> None:
        self.query_one("#page").loading = True
        self.reload()

    def load(self, ctx: Context, note_id: int, *, again: bool = False) -> NotesView:
        """The core operation that loads the page (and logs the look, unless `again`)."""
        return note_page(ctx, note_id, again=again)

    def _show(self, page: NotesView) -> None:
        self.call_later(self._mount_page, page)

    async def _mount_page(self, page: NotesView) -> None:
        self.page = page
        scroll = self.query_one("#page", VerticalScroll)
        await scroll.remove_children()
        await scroll.mount_all(self.widgets(page))
        scroll.loading = False
        self.refresh_bindings()
        self.shown()

    def widgets(self, page: NotesView) -> Iterator[Widget]:
        yield Static(Content.assemble(
            self.title_text(), " · ", safe(page.citizen_name), " · ",
            _("the meeting {time}").format(time=long_datetime(page.meeting_starts_at)),
        ), id="page-title")

    def title_text(self) -> str:
        return _("Notes")

    def shown(self) -> None:
        """Called after the page is on screen."""

    def say(self, text: str, *, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(safe(text))
        status.set_class(problem, "-problem")


class NoteScreen(NotePageScreen):
    USER_COMMANDS = (
        Command("note.corrections", "c", "corrections", _("Corrections"),
                _("See the citizen's corrections and accept or reject them.")),
        Command("note.send", "s", "send", _("Send for approval"),
                _("Send the notes to the citizen, who gets an e-mail with a link to approve "
                  "or correct them.")),
        Command("note.reload", "r,ctrl+r", "reload", _("Reload"),
                _("Load the notes again, with what colleagues and the citizen changed.")),
        Command("note.back", "escape", "back", _("Back"), _("Close the notes and go back.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    def widgets(self, page: NotesView) -> Iterator[Widget]:
        yield from super().widgets(page)
        if page.pending:
            yield Static(Content.assemble((ngettext(
                "{n} correction from the citizen waits for you: press c to answer it.",
                "{n} corrections from the citizen wait for you: press c to answer them.",
                len(page.pending)).format(n=len(page.pending)), "$text-warning bold")),
                id="pending-notice")
        elif page.answered:
            yield Static(Content(ngettext(
                "The citizen sent {n} correction, and it is answered: press c to see it.",
                "The citizen sent {n} corrections, and they are answered: press c to see them.",
                len(page.answered)).format(n=len(page.answered))), id="answered-notice")
        yield NotesPanel(page, id="notes")

    def shown(self) -> None:
        self.query_one("#page").focus()

    def on_screen_resume(self) -> None:
        if self.page is not None:  # back from the corrections
            self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "corrections":  # answered ones too: the answers stay readable
            return self.page is not None and bool(self.page.corrections)
        if action == "send":  # not sent yet, or sent back once the corrections are answered
            return self.page is not None and (
                self.page.status == "final" or (self.page.status == "corrected"
                                                and not self.page.pending))
        return True

    def action_corrections(self) -> None:
        go(self, "corrections", note_id=self.note_id)

    def action_send(self) -> None:
        self.say(_("Sending the notes for approval …"))
        seen = self.page.version
        run_core(self, lambda: send_for_approval(self.ctx, self.note_id, seen_version=seen),
                 self._sent, group="send", exclusive=True)

    def _sent(self, _sent: object) -> None:
        self.say(_("The notes are sent to the citizen for approval."))
        self.reload()

    def action_back(self) -> None:
        self.dismiss()


def answered_line(line: CorrectionLine) -> Content:
    """A correction already answered, and the answer."""
    when = medium_datetime(line.decided_at) if line.decided_at else "?"
    parts: list[Content | str | tuple[str, str]] = [
        safe(_("About “{section}”, received {time}").format(
            section=line.section_title, time=medium_datetime(line.received_at))).stylize("bold"),
        "\n", (_("The notes said: "), "$text-muted"), quoted(line.original or "–"),
        "\n", (_("The citizen proposed: "), "$text-muted"), quoted(line.proposed),
    ]
    if line.comment:
        parts += ["\n", (_("The citizen's comment: "), "$text-muted"), quoted(line.comment)]
    if line.status == "accepted":
        parts += ["\n", safe(_("Accepted by {name} on {time}.").format(
            name=line.decided_by or "?", time=when)).stylize("$text-success bold")]
    else:
        parts += ["\n", safe(_("Not accepted by {name} on {time}. Reason: ").format(
            name=line.decided_by or "?", time=when)).stylize("$text-warning bold"),
                  quoted(line.reason)]
    return Content.assemble(*parts)


def answered_widgets(lines: tuple[CorrectionLine, ...]) -> Vertical:
    box = Vertical(*[Static(answered_line(line), classes="answered-correction")
                     for line in lines], id="answered")
    box.border_title = _("Answered corrections")
    return box


class CorrectionCard(Vertical, can_focus=True):
    """One pending correction against the text it would replace, and the field for the
    reason if it is rejected."""

    def __init__(self, line: CorrectionLine) -> None:
        super().__init__(id=f"correction-{line.id}", classes="correction")
        self.line = line
        self.border_title = safe(_("Correction of “{section}”").format(section=line.section_title))
        self.border_subtitle = _("received {time}").format(time=medium_datetime(line.received_at))

    def compose(self) -> ComposeResult:
        line = self.line
        with Horizontal(classes="texts"):
            with Vertical(classes="text"):
                yield Static(_("The notes now"), classes="text-title", markup=False)
                yield Static(safe(line.original or "–"), classes="original")
            with Vertical(classes="text"):
                yield Static(_("The citizen proposes"), classes="text-title", markup=False)
                yield Static(safe(line.proposed), classes="proposed")
        if line.comment:
            yield Static(Content.assemble((_("The citizen's comment: "), "bold"), quoted(line.comment)),
                         classes="comment")
        yield TextInput(id=f"reason-{line.id}", classes="reason", select_on_focus=False,
                    placeholder=_("Why do you not accept it? The citizen and every later reader "
                                  "see the reason. Enter rejects."))


class CorrectionsScreen(NotePageScreen):
    USER_COMMANDS = (
        Command("corrections.accept", "a", "accept", _("Accept"),
                _("The citizen is right: the notes change, as a new version.")),
        Command("corrections.reject", "n", "reject", _("Reject"),
                _("Keep the notes as they are and write why; the correction stays at the top "
                  "of the notes with your reason.")),
        Command("corrections.reload", "r,ctrl+r", "reload", _("Reload"),
                _("Load the corrections again, with what colleagues and the citizen changed.")),
        Command("corrections.next", "down", "app.focus_next", _("Next correction"),
                _("Move to the next correction."), show=False, in_palette=False),
        Command("corrections.previous", "up", "app.focus_previous", _("Previous correction"),
                _("Move to the previous correction."), show=False, in_palette=False),
        Command("corrections.back", "escape", "back", _("Back"),
                _("Close the reason field, or go back to where you were.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    CorrectionsScreen {
        .correction {
            height: auto; border: round $border-blurred; border-title-color: $text;
            border-title-style: bold; padding: 0 1; margin-bottom: 1;
        }
        .correction:focus, .correction:focus-within { border: thick $accent; }
        .texts { height: auto; }
        .text { width: 1fr; height: auto; padding-right: 2; }
        .text-title { color: $text-muted; text-style: italic; }
        .comment { margin-top: 1; }
        .reason { display: none; margin-top: 1; }
        .reason.-open { display: block; }
    }
    """

    def __init__(self, ctx: Context, note_id: int) -> None:
        super().__init__(ctx, note_id)
        self._reasons: dict[int, str] = {}  # typed but not yet used, kept across reloads

    def title_text(self) -> str:
        return _("Corrections from the citizen")

    def load(self, ctx: Context, note_id: int, *, again: bool = False) -> NotesView:
        return corrections_page(ctx, note_id, again=again)

    def widgets(self, page: NotesView) -> Iterator[Widget]:
        yield from super().widgets(page)
        yield Static(version_status(page), id="page-status")
        if page.rejected:
            yield rejected_banner(page.rejected)
        if page.pending:
            yield Static(ngettext("{n} correction waits for your answer.",
                                  "{n} corrections wait for your answer.",
                                  len(page.pending)).format(n=len(page.pending)), markup=False)
        else:
            yield Static(_("Every correction is answered."), id="all-answered", markup=False)
        yield from (CorrectionCard(line) for line in page.pending)
        if page.answered:
            yield answered_widgets(page.answered)
        yield history_widgets(page)

    def shown(self) -> None:
        for card in self.query(CorrectionCard):
            reason = self._reasons.get(card.line.id)
            if reason:
                card.query_one(Input).value = reason
        cards = self.query(CorrectionCard)
        (cards.first() if cards else self.query_one("#page")).focus()

    def _card(self) -> CorrectionCard | None:
        focused = self.focused
        while focused is not None and not isinstance(focused, CorrectionCard):
            focused = focused.parent
        return focused

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "reject"):
            return isinstance(self.focused, CorrectionCard)
        return True

    def action_accept(self) -> None:
        card = self._card()
        if card is not None:
            self._answer(card.line.id, None)

    def action_reject(self) -> None:
        card = self._card()
        if card is not None:
            reason = card.query_one(Input)
            reason.add_class("-open")
            reason.focus()

    @on(Input.Changed, ".reason")
    def _reason_typed(self, event: Input.Changed) -> None:
        self._reasons[int(event.input.id.removeprefix("reason-"))] = event.value

    @on(Input.Submitted, ".reason")
    def _reason_given(self, event: Input.Submitted) -> None:
        self._answer(int(event.input.id.removeprefix("reason-")), event.value)

    def _answer(self, correction_id: int, reason: str | None) -> None:
        """Accept (`reason` None) or reject the correction, on the versions this page showed."""
        page = self.page
        line = next((line for line in page.pending if line.id == correction_id), None)
        if line is None:
            return
        ctx = self.ctx
        if reason is None:
            operation = lambda: notes.accept_correction(  # noqa: E731
                ctx, correction_id, seen_version=line.version, seen_note_version=page.version)
        else:
            operation = lambda: notes.reject_correction(  # noqa: E731
                ctx, correction_id, reason, seen_version=line.version)
        run_core(self, operation, self._answered, failed=self._not_answered, group="answer",
                 exclusive=True)

    def _answered(self, answered: notes.CorrectionAnswered) -> None:
        self._reasons.pop(answered.correction_id, None)
        if answered.note_version is not None:
            self.say(_("The correction is accepted: the notes are now version {number}.")
                     .format(number=answered.note_version))
        else:
            self.say(_("The correction is rejected. Your reason is shown at the top of the "
                       "notes to everyone who reads them."))
        self.reload()

    def _not_answered(self, problem: UserError) -> None:
        self.say("")  # the problem bar says why, and that r reloads

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.has_class("reason"):
            focused.remove_class("-open")
            self._card().focus()  # what was typed stays in the field
            return
        self.dismiss()
