"""A citizen's file: overview, timeline, statements and similar rulings (R-FILE-2..6,
R-STMT-1..2, R-SEC-1..2, R-RULE-2).

Opening the screen checks access and logs the opening once (`citizen_file.open_file`);
nothing about the citizen is shown before that succeeds, and a refusal says why and goes
back. Everything comes from core operations run through `ui.run.run_core`; the widgets
only show the views they return. Opening builds and fills the overview alone: each other
tab (timeline, statements, similar rulings) is built and loaded, in a worker, when it is
first shown, so a long history never delays opening the file (issue 17).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from operator import attrgetter

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import AwaitMount, Widget
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Label,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)

from prepdesk.core import access, citizen_file, timeline
from prepdesk.core.citizen_file import CitizenFile, CitizenOverview
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.labels import label
from prepdesk.core.queries import StatementSummary
from prepdesk.core.timeline import KINDS, OpenedEntry, TimelineEntry
from prepdesk.dates import medium_datetime, parse_date, short_date
from prepdesk.errors import UserError
from prepdesk.export.aktindsigt import WrittenExport, register_and_export
from prepdesk.i18n import _, ngettext
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import InputDialog, reason_dialog
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.citizen_overview import CitizenOverviewView
from prepdesk.widgets.meeting_choice import MeetingChoiceScreen
from prepdesk.widgets.similar_rulings import SimilarRulingsPanel
from prepdesk.widgets.timeline_view import TimelineView, one_line

# The statements table: two lines a statement, cut to these widths to fit 120 columns.
STATEMENT_WIDTHS = {"status": 25, "received": 18, "statement": 40, "conclusion": 28}


def cell(width: int, *lines: tuple[str, str]) -> Text:
    """A table cell of one line per (text, style), each safe and cut to `width`."""
    text = Text()
    for number, (line, style) in enumerate(lines):
        part = Text(one_line(line, width * 2), style=style)
        part.truncate(width, overflow="ellipsis")
        if number:
            text.append("\n")
        text.append_text(part)
    return text


TIMELINE_ACTIONS = {"toggle_kind", "all_kinds", "focus_period"}


def tab_label(key: str, title: str) -> Content:
    """A tab's label with the key that opens it, as the footer would show it."""
    return Content.assemble((key, "bold"), " ", title)


def _kind_commands() -> list[Command]:
    return [
        Command(f"file.kind_{kind}", str(number), f"toggle_kind('{kind}')",
                _("Show or hide: {kind}").format(kind=label("timeline", kind)),
                _("Show or hide this kind of entry in the timeline."), show=False)
        for number, kind in enumerate(KINDS, 1)
    ]


class CitizenFileScreen(PrepDeskScreen):
    CSS_PATH = "citizen_file.tcss"
    SHOWN_WHEN_LOADED = True
    USER_COMMANDS = (
        # Escape goes back on every screen: out of the footer, for room (see the tabs).
        Command("file.back", "escape", "back", _("Back"), _("Close the file and go back."),
                show=False),
        # The tabs' keys are in the tabs' own labels ("o Overblik"), not in the footer,
        # which has no room for them at 120 columns; in help and the palette.
        Command("file.overview", "o", "show_tab('overview')", _("Overview"),
                _("The citizen's own words, the assessment, accommodations and caseworkers."),
                show=False),
        Command("file.timeline", "t", "show_tab('timeline')", _("Timeline"),
                _("Everything that has happened in the case, newest first."), show=False),
        Command("file.statements", "e", "show_tab('statements')", _("Statements"),
                _("The specialist statements and whether you have read them."), show=False),
        Command("file.similar", "s", "show_tab('similar')", _("Similar"),
                _("Rulings like this case, with why; attach one to the coming meeting."),
                show=False),
        Command("file.reveal_cpr", "c", "reveal_cpr", _("Show CPR"),
                _("Show the full CPR number. Who sees it, and when, is logged.")),
        # Out of the footer, which has no room for it at 120 columns; in help and the palette.
        Command("file.access_log", "a", "access_log", _("Access log"),
                _("Who has opened this file and seen the CPR number."), show=False),
        Command("file.meetings", "m", "meetings", _("Meetings"),
                _("Prepare one of the citizen's planned meetings.")),
        Command("file.new_meeting", "n", "new_meeting", _("New meeting"),
                _("Plan a meeting with the citizen."), show=False),
        # Out of the footer, which has no room for it at 120 columns; in help and the palette.
        Command("file.aktindsigt", "i", "aktindsigt", _("Access to the file"),
                _("Register the citizen's request for access to their file (aktindsigt) and "
                  "export the file: a PDF for the citizen and a JSON file."), show=False),
        # Out of the footer, which has no room for it at 120 columns; in help and the palette.
        Command("file.handover", "v", "handover", _("Hand over"),
                _("Hand the citizen over to another caseworker (a team lead), or ask your "
                  "team lead for it."), show=False),
        Command("file.period", "p", "focus_period", _("Period"),
                _("Show the timeline for a period: type the dates as dd.mm.yyyy.")),
        Command("file.all_kinds", "0", "all_kinds", _("All kinds"),
                _("Show every kind of entry in the timeline."), show=False),
        *_kind_commands(),
    )
    BINDINGS = bindings(USER_COMMANDS)
    # At 80x24 the file is compact (citizen_file.tcss): no app header, the overview's
    # boxes one under the other, so the file bar, the tabs and each tab's own lines stay.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    def __init__(self, ctx: Context, citizen_id: int, *, tab: str = "overview") -> None:
        super().__init__()
        self.ctx = ctx
        self.citizen_id = citizen_id
        self._first_tab = tab
        self._overview: CitizenOverview | None = None
        self._cpr: str | None = None  # revealed: shown until the screen is covered or left
        self._kinds = set(KINDS)
        self._period: tuple[date | None, date | None] = (None, None)
        self._refused = False
        self._left = False
        self._unread = 0  # new statements not read by me, as the overview flags them
        self._built: set[str] = set()  # the tabs whose widgets are built (`_build`)

    # --- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The overview first: the other tabs are built when first shown (`_build`), so
        # opening a file builds only what is on the screen (issue 17).
        yield Header()
        with Horizontal(id="file-bar"):
            yield Static(safe(_("Opening the file …")), id="file-name")
            yield Static(id="file-cpr")
        with TabbedContent(id="file-tabs"):
            with TabPane(tab_label("o", _("Overview")), id="overview"):
                yield CitizenOverviewView(id="overview-view")
            yield TabPane(tab_label("t", _("Timeline")), id="timeline")
            yield TabPane(tab_label("e", _("Statements")), id="statements")
            yield TabPane(tab_label("s", _("Similar rulings")), id="similar")
        yield Footer(compact=True)  # the file has the most keys of any screen

    def _build(self, tab: str) -> AwaitMount | None:
        """Build a tab's widgets the first time it is shown, and load what it shows."""
        if tab in self._built or tab == "overview":
            return None
        self._built.add(tab)
        pane = self.query_one(f"#{tab}", TabPane)
        if tab == "timeline":
            mounted = pane.mount_all(self._timeline_widgets())
            self._load_timeline()
        elif tab == "statements":
            mounted = pane.mount_all(self._statements_widgets())
            self._load_statements()
        else:  # the similar rulings' panel comes in it (`_show_similar`)
            mounted = pane.mount(VerticalScroll(id="similar-pane"))
        return mounted

    def _timeline_widgets(self) -> list[Widget]:
        return [
            Static(self._kind_filter(), id="kind-filter"),
            Horizontal(
                Label(_("Period from")),
                TextInput(placeholder=_("dd.mm.yyyy"), id="since", compact=True),
                Label(_("to")),
                TextInput(placeholder=_("dd.mm.yyyy"), id="until", compact=True),
                Static(safe(_("Loading the timeline …")), id="timeline-count"),
                id="period-bar"),
            Static(id="period-message"),
            TimelineView(id="timeline-view"),
        ]

    def _statements_widgets(self) -> list[Widget]:
        table: DataTable[Text] = DataTable(id="statements-table", cursor_type="row",
                                           zebra_stripes=True)
        names = {"status": _("Status"), "received": _("Received"),
                 "statement": _("Statement"), "conclusion": _("Conclusion")}
        for key, width in STATEMENT_WIDTHS.items():
            table.add_column(names[key], width=width, key=key)
        return [Static(safe(_("Loading the statements …")), id="statements-help"), table]

    def on_mount(self) -> None:
        self._open()

    # --- opening --------------------------------------------------------------------

    def _open(self) -> None:
        run_core(self, partial(citizen_file.open_file, self.ctx, self.citizen_id), self._opened,
                 failed=self._refuse, group="open")

    def _refuse(self, problem: UserError) -> None:
        if isinstance(problem, access.ReasonNeeded):  # an administrator: ask, then try again
            self.app.push_screen(reason_dialog(), self._reason_given)
            return
        # The file shows nothing: the sentence goes with the user to the screen below.
        self.app.notify(problem.message, severity="error", markup=False)
        self._refused = True
        self._leave()

    def _reason_given(self, reason: str | None) -> None:
        if reason is None:
            self._refused = True
            self._leave()
            return
        run_core(self, partial(access.open_with_reason, self.ctx, self.citizen_id, reason),
                 lambda _logged: self._open(), failed=self._ask_again, group="open")

    def _ask_again(self, problem: UserError) -> None:
        # A reason too short, say: the sentence, and the question again (Escape leaves).
        self.app.notify(problem.message, severity="error", markup=False)
        self.app.push_screen(reason_dialog(), self._reason_given)

    def on_screen_resume(self) -> None:
        if self._refused:
            self._leave()

    def _leave(self) -> None:
        """Close the refused file once, and only while it is the screen on top."""
        if self.is_current and not self._left:
            self._left = True
            self.dismiss()

    def on_screen_suspend(self) -> None:
        # Another screen covers this one: the CPR number goes back under its mask.
        if self._cpr is not None:
            self._cpr = None
            self._show_file_bar()
            self.refresh_bindings()

    def _opened(self, opened: CitizenFile) -> None:
        if not self.is_attached:
            return
        self._overview = opened.overview
        self._unread = opened.unread_statements
        self.show_itself()
        self.add_class("-open")  # before the overview's widgets: fewer to style again
        self._show_file_bar()
        self.query_one(CitizenOverviewView).show(self._overview, self._unread)
        # The tab first, then its widget: focusing another tab's widget would switch back.
        # Another tab than the overview is built and focused when it is activated.
        tabs = self.query_one(TabbedContent)
        tabs.active = self._first_tab
        if self._first_tab == "overview":
            self._focus_tab("overview")
        self.refresh_bindings()

    def _show_file_bar(self) -> None:
        if self._overview is None:
            return
        self.query_one("#file-name", Static).update(safe(self._overview.name))
        if self._cpr is None:
            cpr = Content.assemble(_("CPR") + " ", safe(self._overview.masked_cpr))
        else:
            cpr = Content.assemble(_("CPR") + " ", safe(self._cpr).stylize("bold"),
                                   (" " + _("(shown on purpose; logged)"), "$text-muted"))
        self.query_one("#file-cpr", Static).update(cpr)

    # --- overview and statements ------------------------------------------------------

    def _load_statements(self) -> None:
        run_core(self, partial(citizen_file.file_statements, self.ctx, self.citizen_id),
                 self._show_statements, group="statements", exclusive=True)

    def _show_statements(self, summaries: tuple[StatementSummary, ...]) -> None:
        if not self.is_attached or self._overview is None:
            return
        unread = sum(summary.unread_and_new for summary in summaries)
        if unread != self._unread:  # read meanwhile, here or in another window
            self._unread = unread
            self.query_one(CitizenOverviewView).show(self._overview, unread)
        if "statements" not in self._built:
            return  # the tab is not built yet: it reads them when first shown
        # No statements: a sentence says so, not an empty table.
        self.query_one("#statements-help", Static).update(safe(
            _("Enter reads the whole statement and marks it read by you.") if summaries else
            _("The citizen has no specialist statements yet. They are listed here when they "
              "arrive.")))
        table = self.query_one("#statements-table", DataTable)
        table.display = bool(summaries)
        row = table.cursor_row
        table.clear()
        for summary in summaries:
            table.add_row(*self._statement_cells(summary), key=str(summary.id), height=2)
        if summaries:
            table.move_cursor(row=min(row, len(summaries) - 1))

    def _statement_cells(self, summary: StatementSummary) -> list[Text]:
        """Two lines a statement: what and who, then the conclusion (R-STMT-1)."""
        if summary.unread_and_new:
            status = Text(_("NEW · not read"), style="bold reverse")
        elif summary.read_at is None:
            status = Text(_("not read"), style="italic")
        else:
            status = Text(_("read {when}").format(when=medium_datetime(summary.read_at)))
        written = _("dated {date}").format(date=short_date(summary.written_on))
        hours = _("{hours} hours a week").format(hours=f"{summary.hours_per_week:g}") \
            if summary.hours_per_week is not None else _("hours not stated")
        return [
            status,
            Text(f"{short_date(summary.received_at)}\n{written}"),
            cell(STATEMENT_WIDTHS["statement"], (summary.title, "bold"),
                 (f"{summary.author_name}, {summary.author_profession}", "")),
            cell(STATEMENT_WIDTHS["conclusion"], (summary.work_capacity or _("(not stated)"), ""),
                 (hours, "")),
        ]

    @on(DataTable.RowSelected, "#statements-table")
    def _statement_chosen(self, event: DataTable.RowSelected) -> None:
        self._read("statement", int(event.row_key.value))

    # --- timeline ----------------------------------------------------------------------

    def _load_timeline(self) -> None:
        since, until = self._period
        self._fetch_timeline([kind for kind in KINDS if kind in self._kinds], since, until)

    def _fetch_timeline(self, kinds: list[str], since: date | None, until: date | None) -> None:
        run_core(self, partial(timeline.timeline, self.ctx, self.citizen_id, kinds=kinds,
                               since=since, until=until),
                 self._show_timeline, group="timeline", exclusive=True)

    def _show_timeline(self, entries: list[TimelineEntry]) -> None:
        if not self.is_attached:
            return
        if not self._kinds:
            empty = _("No kinds are chosen. Press 0 to show all kinds.")
        elif self._period != (None, None) or len(self._kinds) < len(KINDS):
            empty = _("Nothing of the chosen kinds in the chosen period.")
        else:
            empty = _("Nothing has happened in the case yet.")
        self.query_one(TimelineView).show(entries, empty)
        count = ngettext("{count} entry", "{count} entries", len(entries)).format(
            count=len(entries))
        new = sum(map(attrgetter("is_new"), entries))
        if new:
            count += " · " + ngettext("{count} new since the last meeting",
                                      "{count} new since the last meeting", new).format(count=new)
        line = self.query_one("#timeline-count", Static)
        # A new layout of the whole screen only when the line may change height: it has
        # the width the bar leaves it, and is one line high as long as the text fits.
        fits = line.size.height == 1 and cell_len(count) <= line.content_region.width
        line.update(safe(count), layout=not fits)

    def _show_kind_filter(self) -> None:
        # The same text in another style (■ for □): the same size, so no new layout.
        self.query_one("#kind-filter", Static).update(self._kind_filter(), layout=False)

    def _kind_filter(self) -> Content:
        parts: list[Content | str] = [Content.assemble((_("Show") + ": ", "bold"))]
        for number, kind in enumerate(KINDS, 1):
            chosen = kind in self._kinds
            chip = f"{number} {'■' if chosen else '□'} {label('timeline', kind)}"
            # The kind is one of our own codes, never data; the label goes in as a variable.
            link = Content.from_markup(f"[@click=screen.toggle_kind('{kind}')]$chip[/]",
                                       chip=chip)
            parts += [link.stylize("bold" if chosen else "$text-muted"), "  "]
        parts.append(Content.from_markup("[@click=screen.all_kinds]$chip[/]",
                                         chip=_("0 all")))
        return Content.assemble(*parts)

    def action_toggle_kind(self, kind: str) -> None:
        self._kinds ^= {kind}
        self._show_kind_filter()
        self._load_timeline()

    def action_all_kinds(self) -> None:
        # With every kind shown already, 0 only loads the timeline again.
        if self._kinds != set(KINDS):
            self._kinds = set(KINDS)
            self._show_kind_filter()
        self._load_timeline()

    def action_focus_period(self) -> None:
        # At once, not after the next refresh: what is typed next belongs in the field.
        self.set_focus(self.query_one("#since", Input))

    @on(Input.Submitted, "#since, #until")
    def _apply_period(self) -> None:
        problems = []
        chosen: list[date | None] = []
        for field_id, name in (("since", _("The from date")), ("until", _("The to date"))):
            field = self.query_one(f"#{field_id}", Input)
            value = field.value.strip()
            try:
                chosen.append(parse_date(value) if value else None)
                field.remove_class("-invalid")
            except ValueError as error:
                chosen.append(None)
                field.add_class("-invalid")
                problems.append(f"{name} »{value}«: {error}")
        since, until = chosen
        if not problems and since and until and since > until:
            problems.append(_("The from date is after the to date. Swap them, or correct one."))
        message = self.query_one("#period-message", Static)
        message.update(safe(" ".join(problems)))
        message.set_class(bool(problems), "-error")
        if not problems and (since, until) != self._period:
            self._period = (since, until)
            self._load_timeline()
        if not problems:
            self.query_one(TimelineView).focus()

    @on(TimelineView.Chosen)
    def _entry_chosen(self, event: TimelineView.Chosen) -> None:
        self._read(event.entry.kind, event.entry.id)

    # --- reading in full ---------------------------------------------------------------

    def _read(self, kind: str, entry_id: int) -> None:
        # Read in full means read: a statement's mark carries the time (R-STMT-2).
        run_core(self, partial(timeline.open_entry, self.ctx, kind, entry_id),
                 self._show_document, group="read")

    def _show_document(self, opened: OpenedEntry) -> None:
        if not self.is_attached or self._overview is None:
            return
        if opened.statements is not None:
            self._show_statements(opened.statements)
        go(self, "document", document=opened.document, citizen_name=self._overview.name)

    # --- CPR and access log ------------------------------------------------------------

    def action_reveal_cpr(self) -> None:
        if self._overview is not None and self._cpr is None:
            self._reveal()

    def _reveal(self) -> None:
        run_core(self, partial(access.reveal_cpr, self.ctx, self.citizen_id), self._show_cpr,
                 group="cpr")

    def _show_cpr(self, cpr: str) -> None:
        if not self.is_attached or not self.is_current:
            return  # covered meanwhile: the number stays under its mask
        self._cpr = cpr
        self._show_file_bar()
        self.refresh_bindings()

    def action_access_log(self) -> None:
        if self._overview is not None:
            go(self, "access_log", citizen_id=self.citizen_id, citizen_name=self._overview.name)

    # --- navigation --------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        if self._overview is not None:
            self.query_one(TabbedContent).active = tab

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id
        building = self._build(tab)
        if building is not None:
            await building
        if self.query_one(TabbedContent).active == tab:  # not another key meanwhile
            self._focus_tab(tab)
        self.refresh_bindings()

    def _focus_tab(self, tab: str) -> None:
        if tab == "similar":
            self._show_similar()
            return
        focus = {"overview": CitizenOverviewView, "timeline": TimelineView,
                 "statements": DataTable}
        self.query_one(focus[tab]).focus()

    def _show_similar(self) -> None:
        """Mount the panel the first time (it finds the rulings in a worker): attaching
        goes to the citizen's next planned meeting, if there is one."""
        pane = self.query_one("#similar-pane", VerticalScroll)
        if not pane.children and self._overview is not None:
            coming = self._overview.upcoming_meetings[:1]
            pane.mount(SimilarRulingsPanel(
                self.ctx, self.citizen_id, coming[0].id if coming else None,
                meeting_when=coming[0].starts_at if coming else None, id="similar-panel"))
            self.call_after_refresh(self._focus_similar)
        else:
            self._focus_similar()

    def _focus_similar(self) -> None:
        found = self.query("#similar-panel OptionList")
        if found:
            found.first(OptionList).focus()

    def action_back(self) -> None:
        # In a date field, Escape leaves the field rather than the file.
        if isinstance(self.focused, Input):
            self.query_one(TimelineView).focus()
        else:
            self.dismiss()

    def action_meetings(self) -> None:
        """The planned meeting's preparation; with several, the caseworker chooses."""
        meetings = self._overview.upcoming_meetings
        if not meetings:
            self.notify(_("The citizen has no planned meetings. Press n to plan one."),
                        markup=False)
        elif len(meetings) == 1:
            go(self, "preparation", meeting_id=meetings[0].id)
        else:
            self.app.push_screen(MeetingChoiceScreen(meetings), lambda chosen: chosen and
                                 go(self, "preparation", meeting_id=chosen))

    def action_new_meeting(self) -> None:
        go(self, "meeting_form", citizen_id=self.citizen_id)

    def action_handover(self) -> None:
        go(self, "handover_start", citizen_id=self.citizen_id)

    # --- aktindsigt ---------------------------------------------------------------------

    def action_aktindsigt(self) -> None:
        """Ask the day the request came in (today by default), then register and export."""
        today = self.ctx.clock().astimezone(LOCAL_TIMEZONE).date()
        self.app.push_screen(
            InputDialog(_("Access to the file (aktindsigt)"),
                        _("The day the citizen's request came in (dd.mm.yyyy). Enter registers "
                          "it, with the deadline of 7 working days, and exports the whole file "
                          "for the citizen."),
                        value=f"{today:%d.%m.%Y}", check=parse_date),
            self._aktindsigt_received)

    def _aktindsigt_received(self, typed: str | None) -> None:
        if typed is None:
            return
        received_on = parse_date(typed)
        self.notify(_("Exporting the file …"), markup=False)
        run_core(self, partial(register_and_export, self.ctx, self.citizen_id, received_on),
                 self._aktindsigt_exported, group="aktindsigt", exclusive=True)

    def _aktindsigt_exported(self, written: WrittenExport) -> None:
        self.notify(written.sentence, markup=False, timeout=30)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TIMELINE_ACTIONS:
            return ("timeline" in self._built  # its widgets are there (`_build`)
                    and self.query_one(TabbedContent).active == "timeline")
        if action == "reveal_cpr":
            return self._overview is not None and self._cpr is None
        if action in {"access_log", "show_tab", "meetings", "new_meeting", "aktindsigt"}:
            return self._overview is not None
        return True
