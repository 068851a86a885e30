"""Meeting mode: structured notes typed during the meeting, eyes on the citizen.

R-NOTE-1: a field per agenda item, the citizen's view, facts, agreements, next steps,
next meeting and the statements discussed. R-NOTE-5: Tab (or Ctrl+Down) goes to the
next field, agreements are one line each (`what / who / by when`, parsed by
core.meeting_mode), and nothing asks for confirmation until the notes are finished.
R-NOTE-2: subjective words are flagged in the language panel ~300 ms after typing stops.
R-NOTE-3: every second the draft is saved if it changed (in a thread worker), and once
more when the screen closes; opening the meeting again offers the draft back. Issue 10:
within half a second of every change the notes are also copied to this computer
(core/local_drafts.py), whatever the database does; while the database is away the
problem bar says so, typing goes on, the save is tried again every few seconds and the
status line says when it caught up. Opening the notes again brings back a copy newer than
the database's draft, with the cursor at the end of the field typed in last.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from prepdesk.core import notes
from prepdesk.core.approval import send_for_approval
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.labels import agreement_owner, label
from prepdesk.core.language import LanguageReport, check_text
from prepdesk.core.local_drafts import NotesCopy, NotesOpened, open_notes
from prepdesk.core.meeting_mode import (
    AgreementProblem,
    MeetingStart,
    StatementChoice,
    agreement_line,
    parse_agreement,
    start,
)
from prepdesk.core.meetings import NextMeeting, book_next_meeting, wanted_time
from prepdesk.core.note_content import (
    AgreedAction,
    NoteContent,
    Section,
    StatementDiscussed,
    merged,
)
from prepdesk.dates import clock_time, long_datetime, medium_datetime, short_date
from prepdesk.errors import Conflict, DatabaseAway, UserError
from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DiscardDialog
from prepdesk.ui.fields import TextEditor, TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.problem import ProblemBar
from prepdesk.ui.run import from_thread, run_core, show_problem, shown
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.language_panel import LANGUAGE_DEBOUNCE_SECONDS, FieldFinding, LanguagePanel

AUTOSAVE_SECONDS = 1.0  # R-NOTE-3: at most two seconds may be lost
LIVE_DRAFT = timedelta(seconds=15)  # saved this recently, a draft is likely being typed in
COPY_SECONDS = 0.5  # a change is copied to this computer within this (issue 10: 2 s at most)
AWAY_RETRY_SECONDS = 3.0  # while the database is away, the save is tried again this often
# The fields in screen order after the agenda items' (widget ids): where the cursor may go back.
TEXT_FIELD_IDS = ("text-citizen_view", "text-facts", "agreement-input", "text-next_steps",
                  "next-meeting")


def field_titles() -> dict[str, str]:
    return {"citizen_view": _("The citizen's view, in their own words"), "facts": _("Facts"),
            "next_steps": _("Next steps"), "next_meeting": _("Next meeting")}


def agreement_syntax() -> str:
    return _("One agreement per line: what / who / by when, for example "
             "“Søren ringer til lægen / borger / 7.12”. Who: borger, sagsbehandler, begge or a "
             "participant's name. The date is optional. Enter adds it.")


def who_label(agreement: AgreedAction) -> str:
    return agreement_owner(agreement.who, agreement.who_name)


def agreement_prompt(agreement: AgreedAction) -> Content:
    parts: list[Content | str | tuple[str, str]] = ["• ", safe(agreement.what),
                                                    (" — " + who_label(agreement), "$text-muted")]
    if agreement.due_on:
        due = _("by {date}").format(date=short_date(agreement.due_on))
        parts.append((" — " + due, "$text-muted"))
    return Content.assemble(*parts)


@dataclass
class StatementState:
    discussed: bool = False
    deviates: bool = False
    reason: str = ""


def statement_prompt(statement: StatementChoice, state: StatementState) -> Content:
    mark = "☑ " if state.discussed else "☐ "
    parts: list[Content | str | tuple[str, str]] = [
        mark, (safe(statement.title)), (" · ", "$text-muted"), safe(statement.author),
        (" · " + short_date(statement.written_on), "$text-muted"),
    ]
    if statement.conclusion:
        parts += ["\n   ", _("Conclusion: "), safe(statement.conclusion)]
    if state.deviates:
        parts += ["\n   ", ("⚠ " + _("The notes deviate. Why: "), "$text-warning bold"),
                  safe(state.reason) if state.reason.strip() else (_("(not written yet)"), "italic")]
    elif state.discussed:
        parts += ["\n   ", (_("Discussed"), "$text-success")]
    return Content.assemble(*parts)


def group(*widgets: Widget) -> Vertical:
    return Vertical(*widgets, classes="field-group")


class NoteField(TextEditor):
    """A text field of the notes: Tab moves on, the text wraps."""

    def __init__(self, text: str, *, key: str, placeholder: str = "") -> None:
        super().__init__(plain(text), id=f"text-{key}", classes="note-field", soft_wrap=True,
                         tab_behavior="focus", show_line_numbers=False, placeholder=placeholder,
                         highlight_cursor_line=False)
        self.key = key


class MeetingModeScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("meeting.finish", "ctrl+s", "finish", _("Finish notes"),
                _("See the citizen's version, then finish the notes and send them for "
                  "approval."), priority=True),
        Command("meeting.reached", "ctrl+r", "toggle_reached", _("Reached / not reached"),
                _("Mark the agenda item you are writing in as reached or not reached."),
                priority=True),
        Command("meeting.discussed", "space", "toggle_discussed", _("Discussed"),
                _("Mark the chosen statement as discussed in the meeting, or not.")),
        Command("meeting.deviates", "a", "deviates", _("Deviates"),
                _("The notes deviate from the chosen statement's conclusion: write why.")),
        Command("meeting.edit_agreement", "delete", "edit_agreement", _("Edit agreement"),
                _("Move the chosen agreement back into the agreement field to change or "
                  "remove it.")),
        Command("meeting.next_field", "ctrl+down", "app.focus_next", _("Next field"),
                _("Move to the next field."), show=False, priority=True, in_palette=False),
        Command("meeting.previous_field", "ctrl+up", "app.focus_previous", _("Previous field"),
                _("Move to the previous field."), show=False, priority=True, in_palette=False),
        Command("meeting.reload", "ctrl+r", "reload", _("Reload"),
                _("Load the notes again: the draft as saved, with what you typed here kept."),
                show=False, priority=True),
        Command("meeting.back", "escape", "back", _("Back"),
                _("Save the draft and go back; the notes wait for you here.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    SHOWN_WHEN_LOADED = True

    DEFAULT_CSS = """
    MeetingModeScreen {
        #participants { padding: 0 1; color: $text-muted; }
        #meeting-body { height: 1fr; }
        #fields { width: 1fr; padding: 0 1; }
        #language { width: 38%; max-width: 46; min-width: 28; }
        .field-group { height: auto; margin-top: 1; }
        .field-title { text-style: bold; }
        .note-field { height: auto; min-height: 3; max-height: 12; }
        #agreements, #statements { height: auto; max-height: 12; }
        #agreements.-empty { display: none; }
        #agreement-hint { color: $text-muted; }
        #agreement-hint.-problem { color: $text-warning; text-style: bold; }
        #statement-reason { display: none; }
        #statement-reason.-open { display: block; }
        #status-bar { height: auto; }
        #status { width: 1fr; padding: 0 1; height: auto; }
        #status.-problem { color: $text-error; text-style: bold; }
        #draft-state { width: auto; padding: 0 1; color: $text-muted; }
    }
    """

    def __init__(self, ctx: Context, meeting_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.meeting_id = meeting_id
        self._start: MeetingStart | None = None
        self._content: NoteContent | None = None  # participants and sections' keys and titles
        self._reached: dict[str, bool] = {}
        self._agreements: list[AgreedAction] = []
        self._statements: dict[int, StatementState] = {}
        self._saved: NoteContent | None = None  # the content last saved or loaded
        self._draft_version: int | None = None  # the draft's version _saved is (None: none)
        self._latest: NoteContent | None = None  # the content after the last change
        self._saving = False
        self._finishing = False  # from the citizen's version until finished or refused
        self._finished = False
        # Saving a draft and finishing never overlap: a late save would bring back the
        # draft that finishing deleted.
        self._write_lock = threading.Lock()
        self._autosave: Timer | None = None
        self._language_timer: Timer | None = None
        # The copy on this computer (issue 10): written half a second after a change.
        self._copy: NotesCopy | None = None
        self._copy_timer: Timer | None = None
        self._copy_failed = False  # said once, not at every change
        self._opened_sentence: tuple[str, bool] | None = None  # about the copy, said once built
        self._restored = False  # the draft offered is the copy from this computer
        self._last_edited = ""  # the id of the field typed in last
        self._changes = 0  # numbers the changes, so the copy knows which snapshot is newer
        self._away = False  # the database did not answer the last save
        self._retry_at = 0.0  # time.monotonic() of the next save while away

    # --- building ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Notes"), id="meeting-title", classes="screen-title", markup=False)
        yield Static(id="participants")
        with Horizontal(id="meeting-body"):
            yield VerticalScroll(id="fields")
            yield LanguagePanel(id="language")
        with Horizontal(id="status-bar"):
            yield Static(id="status")
            yield Static(id="draft-state")
        yield Footer()

    def on_mount(self) -> None:
        fields = self.query_one("#fields")
        fields.loading = True
        # The agreements' list may grow a refresh or more after its options changed, under
        # the field: keep the field in view then too.
        self.watch(fields, "virtual_size", lambda: self._show_agreement_field(), init=False)
        self._load()

    def _load(self) -> None:
        run_core(self, lambda: open_notes(self.ctx, self.meeting_id), self._opened,
                 failed=lambda _problem: setattr(self.query_one("#fields"), "loading", False),
                 group="open meeting")

    def _opened(self, opened: NotesOpened) -> None:
        self._copy, self._restored = opened.copy, opened.restored
        if opened.sentence is not None:
            self._opened_sentence = (opened.sentence, not opened.restored)
        self._loaded(opened.meeting)

    def _loaded(self, meeting: MeetingStart) -> None:
        if meeting.finished_note_id is not None:
            if self._copy is not None:
                self._copy_work(self._copy.discard)
            self.notify(_("The notes of this meeting are already finished."), markup=False)
            self.dismiss()
            go(self, "notes", note_id=meeting.finished_note_id)
            return
        self._start = meeting
        self.query_one("#meeting-title", Static).update(Content.assemble(
            _("Notes"), " · ", safe(meeting.citizen_name), " · ", label("meeting_kind", meeting.kind),
            " · ", long_datetime(meeting.starts_at)))
        people = ", ".join(f"{p.name} ({label('participant_role', p.role)})" for p in meeting.people)
        self.query_one("#participants", Static).update(
            safe(_("Participants: {names}").format(names=people)))
        if meeting.draft is None:
            self.call_later(self._build, meeting.content, saved=True)
            return
        self._draft_version = meeting.draft_version
        self.show_itself()  # the offer is about this meeting: over its title
        self.app.push_screen(DraftOfferScreen(meeting.draft_saved_at, self.ctx.clock()),
                             self._draft_answered)

    def _draft_answered(self, keep: bool | None) -> None:
        meeting = self._start
        if keep is False:
            # Saved at the first tick, so the old draft is not offered again.
            self._restored = False
            self._opened_sentence = None
            if self._copy is not None:
                # At once, not in a worker: a copy of the new typing must not be removed.
                try:
                    self._copy.discard()
                except UserError as problem:
                    self._copy_not_written(problem)
            self.call_later(self._build, meeting.content, saved=False)
        else:
            # A copy from this computer is not in the database yet: saved at the first tick.
            self.call_later(self._build, meeting.draft, saved=not self._restored,
                            cursor=True)

    async def _build(self, content: NoteContent, *, saved: bool, cursor: bool = False) -> None:
        """Show `content`; `saved`: the database holds it; `cursor`: put the cursor at the
        end of the field typed in last (a draft taken up again), not in the first field."""
        meeting = self._start
        self._content = content
        self._last_edited = content.last_edited
        self._reached = {s.key: s.reached for s in content.sections}
        self._agreements = list(content.agreements)
        self._statements = {s.id: StatementState() for s in meeting.statements}
        for discussed in content.statements:
            if discussed.statement_id in self._statements:
                self._statements[discussed.statement_id] = StatementState(
                    True, discussed.deviates, discussed.reason)
        fields = self.query_one("#fields", VerticalScroll)
        await fields.remove_children()
        await fields.mount_all(self._widgets(content))
        fields.loading = False
        self.show_itself()
        self._saved = self.content() if saved else None
        self._latest = None if saved else self.content()  # starting over replaces the draft
        if saved and self._copy is not None:  # no copy is needed of what the database holds
            copy, in_database, version = self._copy, self._saved, self._draft_version
            change = self._changes
            self._copy_work(lambda: copy.saved(in_database, version=version, change=change))
        if self._autosave is None:
            self._autosave = self.set_interval(AUTOSAVE_SECONDS, self._save_if_changed)
        self._saving = False  # a rebuild after a merge held the autosave until now
        self.call_after_refresh(self._ready, cursor)

    def _ready(self, cursor: bool = False) -> None:
        self._refresh_agreements()
        self._refresh_statements()
        field = self._field_typed_last() if cursor else None
        if field is None:
            self.focus_next(NoteField)
        else:
            self._cursor_to_end(field)
        self._check_language()
        if self._opened_sentence is not None:
            sentence, problem = self._opened_sentence
            self._opened_sentence = None
            self._say(sentence, problem=problem)

    def _field_typed_last(self) -> Widget | None:
        """The field typed in last; for a draft that does not say (saved before PrepDesk
        kept it), the last field holding text."""
        ids = [f"text-{section.key}" for section in self._content.sections] + list(TEXT_FIELD_IDS)
        fields = [found.first() for id_ in ids if (found := self.query(f"#{id_}"))]
        for field in fields:
            if field.id == self._last_edited:
                return field
        written = [field for field in fields
                   if (field.text if isinstance(field, TextArea) else field.value).strip()]
        return written[-1] if written else None

    def _cursor_to_end(self, field: Widget) -> None:
        field.focus()
        if isinstance(field, TextArea):
            field.move_cursor(field.document.end)
            field.scroll_cursor_visible()
        elif isinstance(field, Input):
            field.cursor_position = len(field.value)

    def _widgets(self, content: NoteContent) -> list[Widget]:
        """A group per field, its title first: focusing the field shows the title too."""
        titles = field_titles()
        groups = [
            group(Static(self._section_title(number, section), classes="field-title",
                         id=f"title-{section.key}"),
                  NoteField(section.text, key=section.key))
            for number, section in enumerate(content.sections, start=1)
        ]
        groups += [group(Static(titles[key], classes="field-title", markup=False),
                         NoteField(getattr(content, key), key=key))
                   for key in ("citizen_view", "facts")]
        groups += [
            group(Static(_("Agreements"), classes="field-title", markup=False),
                  OptionList(id="agreements"),
                  TextInput(plain(content.unsaved_agreement), id="agreement-input",
                            select_on_focus=False, clear_on_submit=True,
                            placeholder=_("What / who / by when, e.g. "
                                          "Søren ringer til lægen / borger / 7.12")),
                  Static(agreement_syntax(), id="agreement-hint", markup=False)),
            group(Static(titles["next_steps"], classes="field-title", markup=False),
                  NoteField(content.next_steps, key="next_steps")),
            group(Static(titles["next_meeting"], classes="field-title", markup=False),
                  TextInput(plain(content.next_meeting), id="next-meeting", select_on_focus=False,
                        placeholder=_("e.g. 14.12 at 10.00; Enter books it (empty: in four "
                                      "weeks), at the first free time"))),
        ]
        if self._start.statements:
            statements = [OptionList(id="statements"),
                          TextInput(id="statement-reason", select_on_focus=False,
                                placeholder=_("Why do the notes deviate from the statement's "
                                              "conclusion? Enter saves."))]
        else:
            statements = [Static(_("The citizen has no statements."), markup=False)]
        groups.append(group(Static(_("Statements discussed"), classes="field-title", markup=False),
                            *statements))
        return groups

    def _section_title(self, number: int, section: Section) -> Content:
        reached = self._reached.get(section.key, True)
        state = (("✓ " + _("reached"), "$text-success") if reached
                 else ("✗ " + _("not reached"), "$text-warning bold"))
        return Content.assemble(f"{number}. ", safe(section.title), "  ", state)

    # --- the content ---------------------------------------------------------------------

    def content(self, *, finished: bool = False) -> NoteContent:
        """The notes as typed so far; `finished` leaves out what only a draft keeps."""
        content = NoteContent(
            participants=self._content.participants,
            sections=tuple(Section(key=s.key, title=s.title, text=self._text(s.key),
                                   reached=self._reached[s.key]) for s in self._content.sections),
            citizen_view=self._text("citizen_view"), facts=self._text("facts"),
            agreements=tuple(self._agreements),
            next_steps=self._text("next_steps"),
            next_meeting=self.query_one("#next-meeting", Input).value.strip(),
            statements=tuple(
                StatementDiscussed(statement_id=statement_id, deviates=state.deviates,
                                   reason=state.reason.strip() if state.deviates else "")
                for statement_id, state in self._statements.items() if state.discussed),
            unsaved_agreement=self.query_one("#agreement-input", Input).value,
            last_edited=self._last_edited,
        )
        return content.finished() if finished else content

    def _cursor_field_ids(self) -> set[str]:
        return {f"text-{section.key}" for section in self._content.sections} | set(TEXT_FIELD_IDS)

    def _text(self, key: str) -> str:
        return self.query_one(f"#text-{key}", NoteField).text

    # --- saving the draft (R-NOTE-3) ---------------------------------------------------------

    def _save_if_changed(self) -> None:
        if self._saving or self._finishing or self._finished or self._content is None:
            return
        if self._away and time.monotonic() < self._retry_at:
            return  # the database is away: tried again every few seconds, not every tick
        content, change = self.content(), self._changes
        if content != self._saved:
            self._saving = True
            seen, base = self._draft_version, self._saved
            run_core(self, lambda: self._write(content, seen, base),
                     lambda saved: self._draft_saved(content, saved, change),
                     failed=self._draft_not_saved, group="draft")

    def _write(self, content: NoteContent, seen: int | None,
               base: NoteContent | None) -> notes.DraftSaved | None:
        with self._write_lock:
            if self._finished:
                return None
            try:
                return notes.save_draft(self.ctx, self.meeting_id, content, seen_version=seen,
                                        base=base)
            except DatabaseAway:
                raise DatabaseAway(_(
                    "The database is not answering, so the notes are kept on this computer for "
                    "now. Go on typing: they are saved in the database as soon as it answers."
                )) from None

    def _draft_saved(self, content: NoteContent, saved: notes.DraftSaved | None,
                     change: int) -> None:
        """`content`, the snapshot after change number `change`, is in the database."""
        self._saving = False
        if saved is None:
            return
        self._draft_version = saved.version
        in_database = content if saved.content is None else saved.content
        if self._copy is not None:
            copy = self._copy
            self._copy_work(lambda: copy.saved(in_database, version=saved.version, change=change))
        if self._away:
            self._away = False
            self._say(_("The database answers again, and the notes are saved in it ({time}).")
                      .format(time=clock_time(saved.saved_at)))
        self._draft_state(_("Draft saved at {time}.").format(time=clock_time(saved.saved_at)))
        if saved.content is None:
            self._saved = content
            return
        # Saved meanwhile from another window: both texts are in saved.content now. Said
        # once, in the status line, where it stays until the next sentence.
        self._say(saved.sentence, problem=True)
        self._saving = True  # no save of the fields on screen until they show the merge
        self.call_later(self._build, saved.content, saved=True, cursor=True)

    def _draft_not_saved(self, problem: UserError) -> None:
        # The problem bar says why; the text stays on the screen and the next tick tries
        # again (a draft saved at the same moment elsewhere is merged then). While the
        # database is away the copy on this computer holds what is typed.
        self._saving = False
        if isinstance(problem, DatabaseAway):
            self._away = True
            self._retry_at = time.monotonic() + AWAY_RETRY_SECONDS
            kept = self._copy is not None and not self._copy_failed
            self._draft_state(_("Kept on this computer.") if kept else _("Not saved."))
        else:
            self._draft_state(_("Not saved."))
            self._say("")  # the problem bar says why; an earlier sentence is out of date
        self.refresh_bindings()  # after a refusal Ctrl+R reloads (check_action)

    def _draft_state(self, text: str) -> None:
        self.query_one("#draft-state", Static).update(Content(text))

    # --- the copy on this computer (issue 10) -------------------------------------------------

    def _schedule_copy(self) -> None:
        """Copy the notes to this computer half a second after a change: while typing goes
        on, twice a second; when it stops, not at all."""
        if self._copy is not None and not self._finished and self._copy_timer is None:
            self._copy_timer = self.set_timer(COPY_SECONDS, self._copy_latest)

    def _copy_latest(self) -> None:
        self._copy_timer = None
        content, copy = self._latest, self._copy
        if content is None or copy is None or self._finished:
            return
        typed_at, base, change = self.ctx.clock(), self._draft_version, self._changes
        self._copy_work(lambda: copy.keep(content, typed_at=typed_at, base_version=base,
                                          change=change))

    def _copy_work(self, work: Callable[[], object]) -> None:
        """Run `work` on the copy off the app's thread. Not `run_core`: a copy written must
        not clear the problem bar that says the database is away. A copy that cannot be
        written is said once."""

        def run() -> None:
            try:
                work()
            except UserError as problem:
                from_thread(self, self._copy_not_written, problem)

        self.run_worker(run, thread=True, group="copy", name="copy of the notes")

    def _copy_not_written(self, problem: UserError) -> None:
        if not self._copy_failed:
            self._copy_failed = True
            show_problem(self, problem)

    def action_reload(self) -> None:
        self._reload()

    def _reload(self, sentence: str | None = None) -> None:
        """Load the notes again: the draft as saved now, with this window's text kept where
        it differs (notes.save_draft merges it at the next save). `sentence`, said once
        loaded, is why."""
        if self._start is None or self._content is None:
            return
        self._saving = True
        mine, base = self.content(), self._saved
        run_core(self, lambda: start(self.ctx, self.meeting_id, again=True),
                 lambda fresh: self._reloaded(fresh, mine, base, sentence),
                 failed=lambda _problem: setattr(self, "_saving", False), group="draft")

    def _reloaded(self, fresh: MeetingStart, mine: NoteContent, base: NoteContent | None,
                  sentence: str | None) -> None:
        self._saving = False
        if fresh.finished_note_id is not None:
            self._loaded(fresh)
            return
        if sentence is not None:
            self._say(sentence, problem=True)
        if fresh.draft is None or fresh.draft_version == self._draft_version:
            return  # nothing changed elsewhere
        self._start = fresh
        self._draft_version = fresh.draft_version
        together = merged(base, fresh.draft, mine)
        self._saving = True  # no save of the fields on screen until they show the merge
        self.call_later(self._build, together, saved=together == fresh.draft, cursor=True)

    def _changed(self) -> None:
        """Remember the notes after every change: the fields are gone when the screen
        unmounts, and that last save must not lose the last second."""
        self._changes += 1
        self._latest = self.content()
        self._schedule_copy()

    def on_unmount(self) -> None:
        # Escape, or quitting PrepDesk: what was typed since the last tick is kept too.
        # Called here, on the way out, because no worker runs after the screen is gone.
        if self._copy_timer is not None:
            self._copy_timer.stop()
        if self._latest is None or self._finished or self._latest == self._saved:
            return
        latest, copy = self._latest, self._copy
        try:
            if copy is not None:
                copy.keep(latest, typed_at=self.ctx.clock(), base_version=self._draft_version,
                          change=self._changes)
            if self._away:
                return  # kept on this computer; the database is not waited for on the way out
            saved = self._write(latest, self._draft_version, self._saved)
            if saved is not None and copy is not None:
                copy.saved(latest if saved.content is None else saved.content,
                           version=saved.version, change=self._changes)
        except UserError:
            pass  # the copy, or the tick before this one, holds all but the last second

    # --- language (R-NOTE-2) ---------------------------------------------------------------

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _typed(self, event: TextArea.Changed | Input.Changed) -> None:
        if self._start is None or self._content is None or not self.query("#next-meeting"):
            return  # the citizen search and other dialogs above this screen
        if event.control.has_focus and event.control.id in self._cursor_field_ids():
            self._last_edited = event.control.id
        self._changed()
        if self._language_timer is not None:
            self._language_timer.stop()
        self._language_timer = self.set_timer(LANGUAGE_DEBOUNCE_SECONDS, self._check_language)

    def _check_language(self) -> None:
        titles = field_titles()
        fields = [(s.title, self._text(s.key)) for s in self._content.sections]
        fields += [(titles[key], self._text(key)) for key in ("citizen_view", "facts", "next_steps")]
        fields += [(_("Agreements"), a.what) for a in self._agreements]
        self._language(fields)

    @work(thread=True, exclusive=True, group="language", name="language check")
    def _language(self, fields: list[tuple[str, str]]) -> list[FieldFinding]:
        return [FieldFinding(title, finding) for title, text in fields
                for finding in check_text(text, kind="note").findings]

    # --- agreements ------------------------------------------------------------------------

    @on(Input.Submitted, "#agreement-input")
    def _add_agreement(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        try:
            agreement = parse_agreement(event.value, today=self.ctx.clock().date(),
                                        people=self._start.people)
        except AgreementProblem as problem:
            event.input.give_back(event.value)  # to be put right
            self._agreement_hint(problem.message, problem=True)
            return
        self._agreements.append(agreement)
        self._changed()
        self._agreement_hint(agreement_syntax())
        self._refresh_agreements()
        self._check_language()

    @on(Input.Changed, "#agreement-input")
    def _agreement_typed(self, event: Input.Changed) -> None:
        # A warning is about the line it was given for: an emptied field has none.
        # The field as it is now: emptied on Enter, a refused line is given back at once.
        if not event.input.value.strip() and self.query_one("#agreement-hint").has_class("-problem"):
            self._agreement_hint(agreement_syntax())

    def _agreement_hint(self, text: str, *, problem: bool = False) -> None:
        hint = self.query_one("#agreement-hint", Static)
        hint.update(safe("⚠ " + text if problem else text))
        hint.set_class(problem, "-problem")
        self._show_agreement_field()

    def _show_agreement_field(self) -> None:
        """The list above the agreement field grows with every agreement, and a warning
        under it may take more lines: keep the field and its hint in view while it has the
        focus (issue 11, item 14)."""
        field = self.query("#agreement-input").first() if self._content is not None else None
        if field is not None and field.has_focus:  # not before the fields are built
            self._keep_in_view(self.query_one("#agreement-hint"), field)

    def _keep_in_view(self, *widgets: Widget) -> None:
        """Scroll the fields so that `widgets` are in view, each as little as it takes: the
        last for sure, the others as far as they fit with it. Done once the layout has
        settled (an OptionList given new options takes a second refresh to grow)."""

        def scroll() -> None:
            for widget in widgets:
                if widget.is_attached:
                    widget.scroll_visible(animate=False, immediate=True)

        self.call_after_refresh(self.call_after_refresh, scroll)

    def _refresh_agreements(self) -> None:
        agreements = self.query_one("#agreements", OptionList)
        highlighted = agreements.highlighted
        agreements.set_options(Option(agreement_prompt(a)) for a in self._agreements)
        agreements.set_class(not self._agreements, "-empty")
        agreements.can_focus = bool(self._agreements)
        if self._agreements:
            agreements.highlighted = min(highlighted or 0, len(self._agreements) - 1)
        self._show_agreement_field()

    def action_edit_agreement(self) -> None:
        agreements = self.query_one("#agreements", OptionList)
        if agreements.highlighted is None or not self._agreements:
            return
        agreement = self._agreements.pop(agreements.highlighted)
        self._changed()
        field = self.query_one("#agreement-input", Input)
        field.value = plain(agreement_line(agreement))
        self._refresh_agreements()
        field.focus()

    # --- the next meeting: Enter in its field books a real one (R-PREP-1) -------------------

    @on(Input.Submitted, "#next-meeting")
    def _book_next(self, event: Input.Submitted) -> None:
        ctx, meeting_id = self.ctx, self.meeting_id
        wanted = wanted_time(event.value, self._start.starts_at)
        run_core(self, lambda: book_next_meeting(ctx, meeting_id, wanted=wanted),
                 self._booked_next, group="book next meeting", exclusive=True)

    def _booked_next(self, booked: NextMeeting) -> None:
        meeting = booked.meeting
        self.query_one("#next-meeting", Input).value = ", ".join(
            part for part in (long_datetime(meeting.starts_at), meeting.where) if part)
        self._say(booked.sentence)

    # --- reached items and statements -----------------------------------------------------

    def action_toggle_reached(self) -> None:
        focused = self.focused
        if not isinstance(focused, NoteField) or focused.key not in self._reached:
            return
        self._reached[focused.key] = not self._reached[focused.key]
        self._changed()
        number, section = next((n, s) for n, s in enumerate(self._content.sections, start=1)
                               if s.key == focused.key)
        self.query_one(f"#title-{focused.key}", Static).update(self._section_title(number, section))

    def _chosen_statement(self) -> StatementChoice | None:
        found = self.query("#statements")
        highlighted = found.first(OptionList).highlighted if found else None
        return None if highlighted is None else self._start.statements[highlighted]

    def action_toggle_discussed(self) -> None:
        statement = self._chosen_statement()
        if statement is not None:
            state = self._statements[statement.id]
            state.discussed = not state.discussed
            state.deviates = state.deviates and state.discussed
            self._changed()
            self._refresh_statements()

    def action_deviates(self) -> None:
        statement = self._chosen_statement()
        if statement is None:
            return
        state = self._statements[statement.id]
        state.discussed = state.deviates = True
        self._changed()
        self._refresh_statements()
        reason = self.query_one("#statement-reason", Input)
        reason.value = plain(state.reason)
        reason.add_class("-open")
        reason.focus()

    @on(Input.Changed, "#statement-reason")
    def _reason_typed(self, event: Input.Changed) -> None:
        statement = self._chosen_statement()
        if statement is not None and event.input.has_focus:
            self._statements[statement.id].reason = event.value
            self._changed()
            self._refresh_statements()

    @on(Input.Submitted, "#statement-reason")
    def _reason_done(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self._say(_("Write why the notes deviate from the statement's conclusion."), problem=True)
            return
        event.input.remove_class("-open")
        self.query_one("#statements", OptionList).focus()

    def _refresh_statements(self) -> None:
        if not self.query("#statements"):
            return
        statements = self.query_one("#statements", OptionList)
        highlighted = statements.highlighted
        statements.set_options(
            Option(statement_prompt(s, self._statements[s.id])) for s in self._start.statements)
        statements.highlighted = highlighted or 0

    # --- keys shown where they work ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        focused = self.focused
        if action == "toggle_reached":
            # After a refusal, whose sentence says "Reload (Ctrl+R)", Ctrl+R reloads.
            return (isinstance(focused, NoteField) and focused.key in self._reached
                    and not isinstance(self.query_one(ProblemBar).problem, Conflict))
        if action in ("toggle_discussed", "deviates"):
            return focused is not None and focused.id == "statements"
        if action == "edit_agreement":
            return focused is not None and focused.id == "agreements"
        if action in ("finish", "reload"):
            return self._start is not None and self._content is not None
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_bindings()
        field_group = event.widget.parent
        if field_group is not None and field_group.has_class("field-group"):
            # The group (its title), then the field itself and, for the agreement line, its
            # hint: a group taller than the screen (many agreements) would hide them.
            shown = [field_group, event.widget]
            if event.widget.id == "agreement-input":
                shown.insert(1, self.query_one("#agreement-hint"))
            self._keep_in_view(*shown)

    # --- finishing (R-APPR-1) ---------------------------------------------------------------------

    def action_finish(self) -> None:
        problem = self._unfinished()
        if problem is not None:
            message, widget = problem
            self._say(message, problem=True)
            widget.focus()
            return
        if self._saving:  # a save on its way: finish from the version it makes
            self.set_timer(AUTOSAVE_SECONDS / 4, self.action_finish)
            return
        # No saves while the citizen's version is read: the notes finished are the ones
        # shown, from the draft's version this window saved or loaded last.
        self._finishing = True
        content, seen = self.content(finished=True), self._draft_version
        self.app.push_screen(ApprovalPreviewScreen(content.citizen_text()),
                             lambda choice: self._finish(content, seen, choice))

    def _unfinished(self) -> tuple[str, Widget] | None:
        """What stops the notes from being finished, and where to fix it."""
        line = self.query_one("#agreement-input", Input)
        if line.value.strip():
            return (_("The agreement field holds a line that is not added: press Enter to add "
                      "it, or delete it."), line)
        for index, statement in enumerate(self._start.statements):
            state = self._statements[statement.id]
            if state.deviates and not state.reason.strip():
                statements = self.query_one("#statements", OptionList)
                statements.highlighted = index
                return (_("The notes deviate from the conclusion of “{title}”: write why.")
                        .format(title=statement.title), statements)
        return None

    def _finish(self, content: NoteContent, seen: int | None, choice: str | None) -> None:
        if choice is None:
            self._finishing = False
            return
        self._say(_("Finishing the notes …"))
        run_core(self, lambda: self._finish_notes(content, seen, send=choice == "send"),
                 lambda result: self._finished_notes(*result), failed=self._not_finished,
                 group="finish notes", exclusive=True)

    def _finish_notes(self, content: NoteContent, seen: int | None,
                      send: bool) -> tuple[int, bool, str | None]:
        """Finish the notes, and send them when asked: the note, whether it was sent, and
        why not when sending failed."""
        with self._write_lock:
            note_id = notes.finish(self.ctx, self.meeting_id, content, seen_version=seen).note_id
            self._finished = True
        if self._copy is not None:
            try:
                self._copy.discard()  # the notes are in the database, finished
            except UserError:
                pass  # a copy left behind is discarded when the meeting is opened again
        if not send:
            return note_id, False, None
        try:
            send_for_approval(self.ctx, note_id)
        except UserError as error:
            return note_id, False, error.message
        return note_id, True, None

    def _not_finished(self, problem: UserError) -> None:
        self._finishing = False
        if isinstance(problem, notes.DraftChanged):
            self._reload(problem.message)  # both texts on the screen, as the sentence says
        else:
            self._say("")  # the problem bar says why

    def _finished_notes(self, note_id: int, sent: bool, not_sent: str | None) -> None:
        self._autosave.stop()
        app = self.app
        self.dismiss()
        if not_sent is not None:
            go(app, "notes", note_id=note_id)
            app.notify(_("The notes are finished but not sent: {problem} My day lists them "
                         "until they are sent or given.").format(problem=not_sent), severity="warning",
                       markup=False)
            return
        app.notify(_("The notes are finished and sent to the citizen for approval.") if sent
                   else _("The notes are finished. Send them for approval from the notes."),
                   markup=False)

    # --- workers, messages, leaving -------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker, state = event.worker, event.state
        if state == WorkerState.SUCCESS and worker.name == "language check" and shown(self):
            self.query_one(LanguagePanel).show(worker.result)

    def _say(self, text: str, *, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(safe(text))
        status.set_class(problem, "-problem")

    def action_back(self) -> None:
        self.dismiss()


class DraftOfferScreen(PrepDeskScreen, ModalScreen[bool]):
    """After a crash: carry on with the draft (Enter), or start over (n)."""

    USER_COMMANDS = (
        Command("draft.keep", "enter", "keep", _("Continue with the draft"),
                _("Continue with the notes saved in the draft."), priority=True),
        Command("draft.start_over", "n", "start_over", _("Start over"),
                _("Start on blank notes; the draft is thrown away once you confirm (k).")),
        Command("draft.close", "escape", "keep", _("Continue with the draft"),
                _("Continue with the notes saved in the draft."), show=False, in_palette=False),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    DraftOfferScreen { align: center middle; }
    #draft-offer {
        width: 70; max-width: 100%; height: auto; padding: 1 2;
        background: $surface; border: thick $primary;
    }
    """

    def __init__(self, saved_at: datetime, now: datetime) -> None:
        super().__init__()
        self.saved_at, self.now = saved_at, now

    def compose(self) -> ComposeResult:
        with Vertical(id="draft-offer"):
            yield Static(Content(self.question()), id="draft-question")
        yield Footer()

    def question(self) -> str:
        same_day = (self.saved_at.astimezone(LOCAL_TIMEZONE).date()
                    == self.now.astimezone(LOCAL_TIMEZONE).date())
        when = (_("at {time}").format(time=clock_time(self.saved_at)) if same_day
                else medium_datetime(self.saved_at))
        question = _("There is a draft from {when}. Do you want to continue with it?").format(
            when=when)
        if self.now - self.saved_at < LIVE_DRAFT:
            # Saved as one types: likely open in another window still, which starting over
            # empties too.
            question += " " + _("It was saved a moment ago, perhaps in another window where "
                                "it is still being written: starting over empties it there too.")
        return question

    def action_keep(self) -> None:
        self.dismiss(True)

    def action_start_over(self) -> None:
        # Asked: typing at once after opening the notes (a word beginning with n) must
        # not empty them.
        self.app.push_screen(DiscardDialog(),
                             lambda discard: self.dismiss(False) if discard else None)


class ApprovalPreviewScreen(PrepDeskScreen, ModalScreen[str]):
    """The citizen's version of the notes with its readability, before anything is final."""

    USER_COMMANDS = (
        Command("preview.send", "enter", "choose('send')", _("Send for approval"),
                _("Finish the notes and send them to the citizen, who gets an e-mail with a "
                  "link to approve or correct them."), priority=True),
        Command("preview.finish_only", "u", "choose('finish')", _("Finish without sending"),
                _("Finish the notes now and send them for approval later.")),
        Command("preview.back", "escape", "choose(None)", _("Edit the notes"),
                _("Go back to the notes and go on writing.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    ApprovalPreviewScreen { align: center middle; }
    #preview {
        width: 110; max-width: 100%; height: 90%; padding: 0 1;
        background: $surface; border: thick $primary;
    }
    #preview-title { text-style: bold; padding: 1 0 0 0; }
    #preview-explain { color: $text-muted; margin-bottom: 1; }
    #preview-body { height: 1fr; }
    #preview-text { width: 1fr; height: 1fr; padding: 0 1; border: round $border-blurred; }
    #preview-language { width: 40; }
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="preview"):
            yield Static(_("The citizen's version"), id="preview-title", markup=False)
            yield Static(_("This is what the citizen reads: agreements and next steps first. "
                           "Enter finishes the notes and sends them for approval."),
                         id="preview-explain", markup=False)
            with Horizontal(id="preview-body"):
                with VerticalScroll(id="preview-text"):
                    yield Static(safe(self.text or _("(no text)")))
                yield LanguagePanel(id="preview-language")
        yield Footer()

    def on_mount(self) -> None:
        self._check()

    @work(thread=True, name="citizen version check")
    def _check(self) -> LanguageReport:
        return check_text(self.text, kind="letter")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (event.worker.name == "citizen version check" and event.state == WorkerState.SUCCESS
                and shown(self)):
            report = event.worker.result
            self.query_one(LanguagePanel).show(
                [FieldFinding("", finding) for finding in report.findings], lix=report.lix)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
