"""Preparing a meeting: the computed checklist, the agenda at a glance, and a key for each
thing to do (R-PREP-2).

The checklist is never ticked here: each line opens the place where the work is done
(the statements, the agenda, the rulings, the invitation ...), and when the caseworker
comes back the list is computed again. When every line that applies is done, core
records the meeting as prepared, and my day shows it. Beside the agenda, rulings similar
to the case (R-RULE-2), found in a worker once the checklist is shown; Ctrl+G/Ctrl+L
attach one (R-RULE-3), and the checklist and agenda are computed again. Above the
checklist, the team lead's feedback on the preparation (R-LEAD-2): a team lead writes it
here (t), everyone who reads the preparation sees it, and the caseworker marks it read (l).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from prepdesk.core.context import Context
from prepdesk.core.labels import label
from prepdesk.core.meetings import mark_invited
from prepdesk.core.prep import CheckItem, Preparation, note_accommodation, preparation
from prepdesk.core.review_feedback import (
    FeedbackView,
    feedback_for_meeting,
    leave_feedback,
    mark_read,
)
from prepdesk.dates import medium_datetime
from prepdesk.errors import Conflict
from prepdesk.i18n import _, ngettext
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import InputDialog, QuestionDialog, TextDialog
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.problem import ProblemBar
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.hanging import Hanging
from prepdesk.widgets.meeting_heading import meeting_heading
from prepdesk.widgets.notes_view import NotesPanel
from prepdesk.widgets.similar_rulings import SimilarRulingsPanel


def check_line(item: CheckItem) -> Hanging:
    """"✓  Read the new statements" over its detail, "All new statements are read": the
    state in a symbol as well as a colour, so it is never told by colour alone."""
    if not item.applies:
        return Hanging(Content.styled("–  ", "$text-muted"), Content.assemble(
            (item.label, "$text-muted"), ("  " + _("(does not apply)"), "$text-muted italic")))
    mark, style = ("✓", "$text-success") if item.done else ("✗", "$text-error bold")
    return Hanging(Content.styled(f"{mark}  ", style), Content.assemble(
        (item.label, "bold" if not item.done else ""), "\n", safe(item.detail).stylize("$text-muted")))


def state_line(prep: Preparation) -> Content:
    if prep.as_of is not None:  # a held meeting: the checklist as it stood when it began
        return held_state_line(prep)
    if prep.meeting.prepared_at is not None:
        return Content.assemble(("✓ " + _("Prepared since {when}").format(
            when=medium_datetime(prep.meeting.prepared_at)), "$text-success bold"))
    missing = len(prep.checklist.missing)
    return Content.assemble(("✗ " + ngettext("Not prepared: {n} thing is left to do",
                                             "Not prepared: {n} things are left to do",
                                             missing).format(n=missing), "$text-error bold"))


def held_state_line(prep: Preparation) -> Content:
    """A held meeting's state: prepared as recorded before it began (the team's figures
    count that), and what its checklist lacked then, when the two tell different stories."""
    began = _("The checklist as it was when the meeting began, {when}").format(
        when=medium_datetime(prep.as_of))
    missing = len(prep.checklist.missing)
    recorded = prep.meeting.prepared_at
    if recorded is not None and not missing:
        state = ("✓ " + _("Prepared before the meeting, since {when}").format(
            when=medium_datetime(recorded)), "$text-success bold")
    elif recorded is not None:
        state = ("✓ " + ngettext(
            "Recorded as prepared since {when}; when the meeting began, {n} thing was left "
            "to do", "Recorded as prepared since {when}; when the meeting began, {n} things "
            "were left to do", missing).format(when=medium_datetime(recorded), n=missing),
            "$text-warning bold")
    elif not missing:
        state = ("✓ " + _("Everything on the checklist was done when the meeting began, but "
                          "the meeting was not recorded as prepared"), "$text-warning bold")
    else:
        state = ("✗ " + ngettext("Not prepared: {n} thing was left to do",
                                 "Not prepared: {n} things were left to do",
                                 missing).format(n=missing), "$text-error bold")
    return Content.assemble(state, (" · " + began, "$text-muted"))


def agenda_text(prep: Preparation) -> Content:
    budget = prep.budget
    lines: list[Content | str] = [Content.assemble((budget.summary(), "bold"), "\n")]
    if (warning := budget.warning()) is not None:
        style = "$text-error bold" if budget.difference > 0 else "$text-warning"
        lines.append(Content.assemble(("⚠ " + warning, style), "\n"))
    lines.append("\n")
    if not prep.agenda:
        lines.append(_("The agenda is empty. Press g to build it."))
    for item in prep.agenda:
        lines.append(Content.assemble(f"{item.position}. ", safe(item.title),
                                      (f"  {item.minutes} min", "$text-muted"), "\n"))
    return Content.assemble(*lines)


def feedback_text(feedback: list[FeedbackView]) -> Content:
    """The team lead's feedback, oldest first: who, when, read or not (in words and a
    symbol, never by colour alone), then the text as written."""
    parts: list[Content | str | tuple[str, str]] = []
    for number, item in enumerate(feedback):
        if number:
            parts.append("\n\n")
        if item.read:
            state = ("✓ " + _("read {when}").format(when=medium_datetime(item.seen_at)),
                     "$text-success")
        else:
            state = ("● " + _("not read yet"), "$text-warning bold")
        parts += [safe(item.author_name).stylize("bold"),
                  (" · " + medium_datetime(item.created_at) + " · ", "bold"), state, "\n",
                  safe(item.text)]
    return Content.assemble(*parts)


class PreparationScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("prep.back", "escape", "back", _("Back"), _("Go back to where you came from.")),
        Command("prep.open", "enter", "open", _("Do it"),
                _("Open what the chosen line asks you to do."), priority=True),
        # Shown only when they apply, and then early in the footer, which has no room for
        # every key: a team lead's on a caseworker's meeting, the caseworker's when unread.
        Command("prep.feedback", "t", "feedback", _("Feedback"),
                _("Write feedback on the preparation to the meeting's caseworker (team lead).")),
        Command("prep.feedback_read", "l", "feedback_read", _("Mark feedback read"),
                _("Mark the team lead's feedback on this preparation read.")),
        Command("prep.agenda", "g", "agenda", _("Agenda"),
                _("Build the agenda: proposals from the case, order, minutes.")),
        Command("prep.letter", "b", "letter", _("Invitation"),
                _("Write the invitation with the agenda, preview it and send it.")),
        Command("prep.reschedule", "f", "reschedule", _("Move meeting"),
                _("Change the time, length or room of the meeting.")),
        Command("prep.file", "s", "file('overview')", _("Citizen's file"),
                _("Open the citizen's file.")),
        Command("prep.notes", "m", "notes", _("Meeting notes"), _("Take the notes of the meeting.")),
        Command("prep.refresh", "r,ctrl+r,f5", "refresh", _("Refresh"), _("Compute the checklist again.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    #prep-info { padding: 0 1; color: $text-muted; }
    #prep-state { padding: 0 1; margin-bottom: 1; }
    #prep-feedback {
        height: auto; max-height: 9; border: round $border-blurred; padding: 0 1;
        display: none;
    }
    #prep-feedback.-shown { display: block; }
    #prep-feedback:focus { border: round $border; }
    #prep-body { height: 1fr; }
    #checklist { width: 1fr; height: 1fr; border: round $border-blurred; }
    #checklist:focus { border: round $border; }
    #prep-side { width: 40%; max-width: 56; height: 1fr; }
    #prep-agenda-box { height: 1fr; border: round $border-blurred; padding: 0 1; }
    #prep-agenda { height: auto; }
    #prep-similar-box { height: 1fr; border: round $border-blurred; padding: 0 1; }
    #prep-similar-box:focus-within { border: round $border; }
    #prep-similar { height: 1fr; }
    #prep-similar > #similar-title { display: none; }
    #prep-similar > OptionList { height: 1fr; max-height: 100%; }
    #prep-earlier-notes { height: auto; margin-top: 1; }
    #prep-earlier-title { text-style: bold; color: $text-primary; }
    """

    SHOWN_WHEN_LOADED = True

    def __init__(self, ctx: Context, meeting_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.prep: Preparation | None = None
        self.feedback: list[FeedbackView] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Preparing the meeting …"), id="prep-title", classes="screen-title", markup=False)
        yield Static(id="prep-info")
        yield Static(id="prep-state")
        with VerticalScroll(id="prep-feedback") as feedback:
            feedback.border_title = _("Feedback from the team lead")
            yield Static(id="prep-feedback-text")
        with Horizontal(id="prep-body"):
            checklist = OptionList(id="checklist")
            checklist.border_title = _("Checklist")
            yield checklist
            with Vertical(id="prep-side"):
                with VerticalScroll(id="prep-agenda-box") as box:
                    box.border_title = _("Agenda")
                    yield Static(id="prep-agenda")
                    yield Vertical(id="prep-earlier-notes")
                with Vertical(id="prep-similar-box") as similar:
                    similar.border_title = _("Similar rulings")
        yield Footer(compact=True)  # ten keys: they fit from 100 columns

    def on_mount(self) -> None:
        self.query_one("#checklist").loading = True
        self._load()

    def on_screen_resume(self) -> None:
        # Back from the thing to do: the list is computed again. Not when the meeting
        # form was refused because a colleague moved the meeting meanwhile: its sentence
        # stays until r shows their change.
        if self.prep is not None and not isinstance(self.query_one(ProblemBar).problem, Conflict):
            self._load()

    def action_refresh(self) -> None:
        self._load()

    def _load(self) -> None:
        ctx, meeting_id, again = self.ctx, self.meeting_id, self.prep is not None
        run_core(self, lambda: preparation(ctx, meeting_id, again=again), self._show,
                 failed=self._not_loaded, group="prep", exclusive=True)
        self._load_feedback()

    def _load_feedback(self) -> None:
        ctx, meeting_id = self.ctx, self.meeting_id
        run_core(self, lambda: feedback_for_meeting(ctx, meeting_id), self._show_feedback,
                 group="prep-feedback", exclusive=True)

    def _show_feedback(self, feedback: list[FeedbackView]) -> None:
        self.feedback = feedback
        self.query_one("#prep-feedback-text", Static).update(feedback_text(feedback))
        self.query_one("#prep-feedback").set_class(bool(feedback), "-shown")
        self.refresh_bindings()

    def _not_loaded(self, _problem: object) -> None:
        self.query_one("#checklist").loading = False

    def _show(self, prep: Preparation) -> None:
        self.show_itself()
        self.prep = prep
        self.query_one("#prep-title", Static).update(
            safe(_("Preparation · {meeting}").format(
                meeting=meeting_heading(prep.citizen_name, prep.meeting))))
        people = ", ".join(f"{p.name} ({label('participant_role', p.role)})"
                           for p in prep.participants)
        info = _("{minutes} minutes · {place} · Participants: {people}").format(
            minutes=prep.meeting.minutes, place=prep.place or _("no place yet"), people=people)
        self.query_one("#prep-info", Static).update(safe(info))
        self.query_one("#prep-state", Static).update(state_line(prep))
        self.query_one("#checklist").border_title = (
            _("Checklist") if prep.as_of is None else _("Checklist when the meeting began"))
        self.query_one("#prep-agenda", Static).update(agenda_text(prep))
        self.call_later(self._show_earlier_notes, prep)
        checklist = self.query_one("#checklist", OptionList)
        was = checklist.highlighted
        checklist.set_options(Option(check_line(item), id=item.key)
                              for item in prep.checklist.items)
        if was is None:  # start on the first thing left to do
            missing = prep.checklist.missing
            was = checklist.get_option_index(missing[0].key) if missing else 0
        checklist.highlighted = was
        checklist.loading = False
        similar = self.query_one("#prep-similar-box", Vertical)
        if not similar.has_focus_within:  # attaching from there keeps the place there
            checklist.focus()
        self.refresh_bindings()
        if not similar.children:  # after the checklist: it never waits for the rulings
            similar.mount(SimilarRulingsPanel(self.ctx, prep.meeting.citizen_id, self.meeting_id,
                                              id="prep-similar"))

    @on(SimilarRulingsPanel.Attached)
    def _ruling_attached(self) -> None:
        self._load()  # the rulings line and the agenda as they are now

    async def _show_earlier_notes(self, prep: Preparation) -> None:
        """The last meeting's notes under the agenda: the current version, its history and
        the corrections not accepted, as everywhere notes are shown."""
        box = self.query_one("#prep-earlier-notes", Vertical)
        await box.remove_children()
        if prep.earlier_notes is not None:
            await box.mount_all([
                Static(_("Notes of the last meeting, {time}").format(
                    time=medium_datetime(prep.earlier_notes.meeting_starts_at)),
                    id="prep-earlier-title", markup=False),
                NotesPanel(prep.earlier_notes, id="notes")])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("back", "refresh"):
            return True
        if action == "open" and self.query("#prep-similar-box").first().has_focus_within:
            return False  # Enter reads the chosen ruling there
        if action == "feedback":  # core says so if they lead another team
            return (self.prep is not None and self.ctx.user.role == "team_lead"
                    and self.prep.meeting.caseworker_id != self.ctx.user.id)
        if action == "feedback_read":
            return (self.prep is not None and self.prep.meeting.caseworker_id == self.ctx.user.id
                    and any(not item.read for item in self.feedback))
        return self.prep is not None

    # --- the lines' things to do -------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._do(event.option.id)

    def action_open(self) -> None:
        option = self.query_one("#checklist", OptionList).highlighted_option
        if option is not None:
            self._do(option.id)

    def _do(self, key: str | None) -> None:
        item = next((i for i in self.prep.checklist.items if i.key == key), None)
        if item is None:
            return
        if key == "statements":
            self.action_file("statements")
        elif key == "new_entries":
            self.action_file("timeline")
        elif key == "agreements":
            self.action_agenda()
        elif key == "corrections":
            self._open_corrections(item)
        elif key == "rulings":
            go(self, "rulings", meeting_id=self.meeting_id)
        elif key == "invitation":
            self.action_letter()
        elif key == "representative":
            self._representatives()
        elif key == "accommodations":
            self._accommodations()

    def _open_corrections(self, item: CheckItem) -> None:
        if item.target_id is None:
            self.notify(_("No corrections wait."), markup=False)
            return
        go(self, "corrections", note_id=item.target_id)

    def _representatives(self) -> None:
        """Sending the invitation invites those with an e-mail address; the others are
        invited by phone or by post, and the caseworker says so here."""
        invitation = next(i for i in self.prep.checklist.items if i.key == "invitation")
        if not self.prep.uninvited or not invitation.done:
            self.action_letter()
            return
        person = self.prep.uninvited[0]
        question = _("{name} has not had the invitation. Have you invited {name} another "
                     "way, by phone or by post?").format(name=person.name)

        ctx, meeting_id = self.ctx, self.meeting_id

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(lambda: mark_invited(ctx, meeting_id, person.id))

        self.app.push_screen(QuestionDialog(question, yes=_("Yes, they are invited")), answered)

    def _accommodations(self) -> None:
        ctx, citizen_id = self.ctx, self.prep.meeting.citizen_id

        def noted(text: str | None) -> None:
            if text:
                self._change(lambda: note_accommodation(ctx, citizen_id, text))

        self.app.push_screen(InputDialog(
            _("Accommodations"),
            _("What has been agreed with the citizen, for example breaks or no lifting? If "
              "the citizen needs nothing special, write that."),
            placeholder=_("For example: needs a break every 30 minutes")), noted)

    def _change(self, write: Callable[[], object]) -> None:
        """Make the change in core; then the checklist is computed again."""
        run_core(self, write, lambda _result: self._load(), group="prep-change")

    # --- the team lead's feedback ---------------------------------------------------------

    def action_feedback(self) -> None:
        ctx, meeting_id = self.ctx, self.meeting_id

        def saved(left: FeedbackView | None) -> None:
            if left is not None:  # shown when this screen resumes, as it does now
                self.notify(_("The feedback is saved. The caseworker sees it on their my day."),
                            markup=False)

        self.app.push_screen(TextDialog(
            _("Feedback on the preparation · {meeting}").format(
                meeting=meeting_heading(self.prep.citizen_name, self.prep.meeting)),
            _("What was good, and what could be better? The caseworker sees it on their my "
              "day and here, and marks it read."),
            lambda text: leave_feedback(ctx, meeting_id, text)), saved)

    def action_feedback_read(self) -> None:
        ctx, unread = self.ctx, [item.id for item in self.feedback if not item.read]
        run_core(self, lambda: [mark_read(ctx, feedback_id) for feedback_id in unread],
                 lambda _read: self._load_feedback(), group="prep-feedback-read")

    # --- the other screens ---------------------------------------------------------------

    def action_file(self, tab: str) -> None:
        go(self, "citizen_file", citizen_id=self.prep.meeting.citizen_id, tab=tab)

    def action_agenda(self) -> None:
        go(self, "agenda", meeting_id=self.meeting_id)

    def action_letter(self) -> None:
        go(self, "letter", meeting_id=self.meeting_id)

    def action_reschedule(self) -> None:
        go(self, "meeting_form", citizen_id=self.prep.meeting.citizen_id,
           meeting_id=self.meeting_id)

    def action_notes(self) -> None:
        go(self, "meeting_mode", meeting_id=self.meeting_id)

    def action_back(self) -> None:
        self.dismiss()
