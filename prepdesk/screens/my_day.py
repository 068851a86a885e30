"""Min dag, the start screen: today's and this week's meetings and what waits for me.

One list runs through every section, so up and down move through the whole day; the
headings, column titles and empty-section sentences are disabled options the cursor
skips. States are written in words and symbols, never told by colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from prepdesk.core.aktindsigt import (
    HANDED_OVER,
    AnsweredRequest,
    OpenRequest,
    open_requests,
)
from prepdesk.core.aktindsigt import answer as answer_request
from prepdesk.core.calendar import describe_send_time, send_time
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.handover import (
    HandoverLine,
    RequestView,
    handovers_waiting,
    my_handovers,
    my_requests,
)
from prepdesk.core.labels import handed_over, label, ways_given
from prepdesk.core.my_day import (
    DayMeeting,
    MyDay,
    NotSent,
    WaitingApproval,
    WaitingCorrection,
    WaitingInquiry,
    WaitingPracticeChange,
    my_day,
)
from prepdesk.core.notes_given import GIVEN, NotesGiven, give_notes
from prepdesk.core.outbox import FailedMessage, OutboxEntry, retry
from prepdesk.core.review_feedback import FeedbackView
from prepdesk.dates import clock_time, deadline, long_date, short_date
from prepdesk.i18n import _, ngettext
from prepdesk.text import strip_controls
from prepdesk.ui.columns import GAP, column_widths
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import ChoiceDialog, QuestionDialog
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import LOADING_DELAY, PrepDeskScreen

Cell = str | tuple[str, str]
"""A table cell: text, or text with a style such as "$text-error bold"."""

WIDEST = {"citizen": 28, "place": 26, "kind": 20, "unread": 18, "summary": 60, "title": 60}


def describe_database(url: str) -> str:
    """Where the data is, for people: the SQLite file, or the PostgreSQL server and database.

    Never the user name or password a URL may carry.
    """
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return parts.path.removeprefix("/") or _("in memory")
    server = parts.hostname or "localhost"
    return f"{server}{parts.path}"


def welcome(ctx: Context) -> str:
    name = ctx.user.name
    if ctx.demo:
        return _("Welcome, {name}. You are working in the demo data: the citizens are "
                 "made up.").format(name=name)
    database = describe_database(ctx.settings.resolved_database_url())
    return _("Welcome, {name}. You are working in the database {database}.").format(
        name=name, database=database)


# --- words for times and states ---------------------------------------------------------

def day_and_time(moment: datetime) -> str:
    local = moment.astimezone(LOCAL_TIMEZONE)
    weekdays = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
    return _("{weekday} {day}/{month} {time}").format(
        weekday=weekdays[local.weekday()], day=local.day, month=local.month,
        time=clock_time(moment))


def duration(span: timedelta) -> str:
    """How long, in the largest whole unit: "3 dage", "5 timer", "20 minutter"."""
    if span.days:
        return ngettext("{n} day", "{n} days", span.days).format(n=span.days)
    hours, minutes = span.seconds // 3600, span.seconds // 60
    if hours:
        return ngettext("{n} hour", "{n} hours", hours).format(n=hours)
    return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)


def one_line(text: str) -> str:
    """Data as one line of literal text: no controls, no line breaks."""
    return " ".join(strip_controls(text).split())


def preparation(meeting: DayMeeting) -> Cell:
    """The meeting's checklist in a word: prepared only when nothing on it is missing."""
    if meeting.prepared:
        return "✓ " + _("prepared"), "$text-success"
    count = len(meeting.missing)
    return "✗ " + ngettext("{n} thing missing", "{n} things missing", count).format(n=count), \
        "$text-error bold"


def unread(meeting: DayMeeting) -> Cell:
    if not meeting.unread_statements:
        return _("none")
    count = meeting.unread_statements
    return "! " + ngettext("{n} unread", "{n} unread", count).format(n=count), "$text-warning bold"


# --- sections ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One item of a section: its cells and what Enter opens."""

    key: str
    cells: Sequence[Cell]
    citizen_id: int | None = None
    practice_change: WaitingPracticeChange | None = None
    meeting_id: int | None = None  # m starts the meeting's notes
    note_id: int | None = None  # Enter opens the notes (approvals, corrections, not sent)
    request_id: int | None = None  # a waits for the citizen's answer to record (approvals)
    not_sent: NotSent | None = None  # g records how the notes were given instead
    access_request: OpenRequest | None = None  # u records how the aktindsigt was handed over
    feedback_meeting_id: int | None = None  # Enter opens the preparation with the feedback
    handover_id: int | None = None  # Enter opens the handover (issue 13)
    # A request for a handover: a team lead's Enter opens the start, prefilled, where the
    # request is started or declined.
    handover_request: RequestView | None = None
    failed: FailedMessage | None = None  # s sends it again, once its cause is mended


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    empty: str  # the friendly sentence for no rows
    columns: Sequence[str]
    widest: Sequence[int | None]  # a cap per column; capped columns give way when narrow
    rows: list[Row]


def meeting_rows(meetings: list[DayMeeting], when: Callable[[datetime], str]) -> list[Row]:
    return [
        Row(f"meeting-{m.id}", [when(m.starts_at), one_line(m.citizen_name),
                                label("meeting_kind", m.kind), one_line(m.place) or "–",
                                preparation(m), unread(m)], citizen_id=m.citizen_id,
            meeting_id=m.id)
        for m in meetings
    ]


def inquiry_rows(inquiries: list[WaitingInquiry], now: datetime) -> list[Row]:
    return [
        Row(f"inquiry-{i.id}", [one_line(i.citizen_name), label("channel", i.channel),
                                short_date(i.received_at),
                                ("! " + _("LATE by {time}").format(time=duration(now - i.due_at)),
                                 "$text-error bold"),
                                one_line(i.summary)], citizen_id=i.citizen_id)
        for i in inquiries
    ]


def approval_rows(approvals: list[WaitingApproval], now: datetime, reminder_days: int) -> list[Row]:
    rows = []
    for a in approvals:
        state: Cell = _("waiting for an answer")
        if a.overdue:
            state = ("! " + _("REMIND: no answer in {days} days").format(days=reminder_days),
                     "$text-warning bold")
        rows.append(Row(f"approval-{a.id}", [one_line(a.citizen_name), short_date(a.sent_at),
                                              handed_over(a.channel),
                                              duration(now - a.sent_at), state],
                        citizen_id=a.citizen_id, note_id=a.note_id, request_id=a.id))
    return rows


def not_sent_rows(notes: list[NotSent]) -> list[Row]:
    rows = []
    for n in notes:
        why: Cell = (_("not sent: open the notes and send them (Enter)") if n.has_email else
                     ("! " + _("no e-mail address: give them another way (g)"),
                      "$text-warning bold"))
        rows.append(Row(f"not-sent-{n.note_id}", [one_line(n.citizen_name),
                                                  day_and_time(n.meeting_starts_at), why],
                        citizen_id=n.citizen_id, note_id=n.note_id, not_sent=n))
    return rows


def correction_rows(corrections: list[WaitingCorrection]) -> list[Row]:
    """One row per notes, however many of their parts the citizen corrected: Enter opens
    the corrections screen, which answers them all. Without the parts: core gives their
    keys ("facts", "item-12"), not their titles."""
    return [
        Row(f"corrections-{c.note_id}", [
            one_line(c.citizen_name), short_date(c.received_at),
            ngettext("{n} correction waiting", "{n} corrections waiting", c.count).format(n=c.count)],
            citizen_id=c.citizen_id, note_id=c.note_id)
        for c in corrections
    ]


def practice_rows(changes: list[WaitingPracticeChange]) -> list[Row]:
    return [
        Row(f"practice-{p.id}", [one_line(p.title), one_line(p.ruling_number),
                                 short_date(p.published_at)], practice_change=p)
        for p in changes
    ]


def failed_sections(failed: Sequence[FailedMessage], now: datetime) -> list[Section]:
    """Letters and e-mails of mine the outbox could not send, each with the sentence why:
    a section only when there is any. The outbox tries again by itself where that can
    help; where it cannot, the letter waits for the caseworker to mend the cause and send
    it again (s). Enter shows the whole sentence and offers to send it again."""
    if not failed:
        return []
    rows = []
    for f in failed:
        next_try: Cell = (("! " + _("waits for you"), "$text-warning bold")
                          if f.next_attempt_at is None else
                          _("tries again {when}").format(when=deadline(f.next_attempt_at, now)))
        rows.append(Row(f"failed-{f.id}", [one_line(f.citizen_name) or "–", one_line(f.subject),
                                           f.channel_label, next_try, one_line(f.last_error)],
                        citizen_id=f.citizen_id, failed=f))
    return [Section("failed", _("Letters that did not go out"), "",
                    (_("Citizen"), _("Letter"), _("How"), _("Next"), _("Why")),
                    (WIDEST["citizen"], WIDEST["title"], None, None, WIDEST["summary"]), rows)]


def feedback_sections(feedback: Sequence[FeedbackView]) -> list[Section]:
    """The team lead's feedback on my preparations that I have not marked read (R-LEAD-2):
    a section only when there is any. Enter opens the preparation, where l marks it read."""
    if not feedback:
        return []
    rows = [Row(f"feedback-{f.id}", [one_line(f.citizen_name), day_and_time(f.meeting_starts_at),
                                     one_line(f.author_name), short_date(f.created_at),
                                     one_line(f.text)],
                citizen_id=f.citizen_id, feedback_meeting_id=f.meeting_id)
            for f in feedback]
    return [Section("feedback", _("Feedback from the team lead"), "",
                    (_("Citizen"), _("Meeting"), _("From"), _("Received"), _("Feedback")),
                    (WIDEST["citizen"], None, WIDEST["citizen"], None, WIDEST["summary"]), rows)]


def aktindsigt_sections(requests: Sequence[OpenRequest]) -> list[Section]:
    """The requests for access to the file not yet answered, against their deadline of 7
    working days (issue 12 item 4): a section only when there are any."""
    if not requests:
        return []
    rows = []
    for r in requests:
        end_of_day = datetime.combine(r.due_on + timedelta(days=1), datetime.min.time(),
                                      tzinfo=LOCAL_TIMEZONE)
        # Always the weekday and the day ("senest torsdag 17.12."): 7 working days are near.
        due: Cell = _("by {date}").format(date=deadline(end_of_day, end_of_day))
        if r.overdue:
            due = ("! " + _("LATE: was due {date}").format(date=short_date(r.due_on)),
                   "$text-warning bold")
        rows.append(Row(f"aktindsigt-{r.id}", [one_line(r.citizen_name), short_date(r.received_on),
                                                due, one_line(r.what_asked)],
                        citizen_id=r.citizen_id, access_request=r))
    return [Section("aktindsigt", _("Requests for access to the file (aktindsigt)"), "",
                    (_("Citizen"), _("Received"), _("Deadline"), _("Asked for")),
                    (WIDEST["citizen"], None, None, WIDEST["summary"]), rows)]


def waits_for(line: HandoverLine) -> Cell:
    """What a handover waits for, in words."""
    if line.waits_for == "approval":
        return "! " + _("the receiving team lead's approval"), "$text-warning bold"
    if line.waits_for == "note":
        return "! " + _("the outgoing caseworker's note"), "$text-warning bold"
    if line.waits_for == "acknowledgements":
        return ngettext("{n} section to acknowledge", "{n} sections to acknowledge",
                        line.missing_sections).format(n=line.missing_sections)
    if not line.moved and line.effective_on is not None:
        return "✓ " + _("complete, moves {day}").format(day=short_date(line.effective_on)), \
            "$text-success"
    return "✓ " + _("complete"), "$text-success"


def handover_sections(mine: Sequence[HandoverLine], waiting: Sequence[HandoverLine],
                      requests: Sequence[RequestView], me: str,
                      asked: Sequence[RequestView] = (),
                      now: datetime | None = None) -> list[Section]:
    """The handovers I hand over or take over, and for a team lead those of the team
    waiting, the longest first, and the requests (issue 13 items 1 and 4): a section only
    when there are any."""
    rows: list[Row] = []
    seen: set[int] = set()
    for line in [*waiting, *mine]:
        if line.id in seen:
            continue
        seen.add(line.id)
        role = (_("from me") if line.from_name == me else _("to me") if line.to_name == me
                else "")
        rows.append(Row(f"handover-{line.id}", [
            one_line(line.citizen_name), one_line(f"{line.from_name} → {line.to_name}"),
            role or "–", waits_for(line), duration(line.waited)],
            citizen_id=line.citizen_id, handover_id=line.id))
    for request in requests:
        rows.append(Row(f"handover-request-{request.id}", [
            one_line(request.citizen_name), one_line(request.requested_by),
            _("asked for"), ("! " + _("Enter: start or decline it"), "$text-warning bold"),
            one_line(request.reason_label)], citizen_id=request.citizen_id,
            handover_request=request))
    for request in asked:
        if request.status == "declined":
            answer: Cell = ("✗ " + _("declined: {why}").format(why=one_line(request.declined_reason)),
                            "$text-warning bold")
        else:
            answer = _("your team lead's answer")
        rows.append(Row(f"handover-asked-{request.id}", [
            one_line(request.citizen_name), one_line(request.reason_label), _("asked by me"),
            answer, duration(now - request.requested_at) if now else "–"],
            citizen_id=request.citizen_id))
    if not rows:
        return []
    return [Section("handovers", _("Handovers"), "",
                    (_("Citizen"), _("From → to"), _("Me"), _("Waits for"), _("Waited")),
                    (WIDEST["citizen"], WIDEST["summary"], None, None, None), rows)]


def _handovers_in_words(ctx: Context) -> list[Section]:
    mine = my_handovers(ctx)
    waiting, requests = (), ()
    if ctx.user.role == "team_lead":
        found = handovers_waiting(ctx)
        waiting, requests = found.handovers, found.requests
    return handover_sections(mine, waiting, requests, ctx.user.name, my_requests(ctx),
                             ctx.clock())


def sections(day: MyDay, now: datetime, reminder_days: int) -> list[Section]:
    citizen, kind, place = _("Citizen"), _("Meeting"), _("Place")
    prepared, statements = _("Preparation"), _("Unread statements")
    # The preparation state never gives way: the kind of meeting and the statements'
    # long heading do, with the names and places, on a narrow terminal.
    widest_meeting = (None, WIDEST["citizen"], WIDEST["kind"], WIDEST["place"], None,
                      WIDEST["unread"])
    if day.day == now.astimezone(LOCAL_TIMEZONE).date():
        today, none_today = _("Meetings today"), _("You have no meetings today.")
    else:  # a weekend or a holiday: the next working day
        on = long_date(day.day)
        today = _("Meetings on the next working day, {day}").format(day=on)
        none_today = _("You have no meetings {day}.").format(day=on)
    return [
        Section("today", today, none_today,
                (_("Time"), citizen, kind, place, prepared, statements), widest_meeting,
                meeting_rows(day.today, clock_time)),
        Section("week", _("Meetings later this week"),
                _("No more meetings this week."),
                (_("Time"), citizen, kind, place, prepared, statements), widest_meeting,
                meeting_rows(day.later_this_week, day_and_time)),
        *failed_sections(day.failed, now),
        Section("inquiries", _("Inquiries past their deadline"),
                _("Every inquiry has been answered in time."),
                (citizen, _("Channel"), _("Received"), _("Deadline"), _("Inquiry")),
                (WIDEST["citizen"], None, None, None, WIDEST["summary"]),
                inquiry_rows(day.overdue_inquiries, now)),
        Section("not-sent", _("Notes not sent to the citizen"),
                _("Every finished note has reached the citizen."),
                (citizen, _("Meeting"), _("Why")), (WIDEST["citizen"], None, WIDEST["summary"]),
                not_sent_rows(day.not_sent)),
        Section("approvals", _("Notes waiting for the citizen's approval"),
                _("No notes are waiting for a citizen's approval."),
                (citizen, _("Sent"), _("How"), _("Waiting"), _("State")),
                (WIDEST["citizen"], None, WIDEST["kind"], None, None),
                approval_rows(day.awaiting_approval, now, reminder_days)),
        Section("corrections", _("Corrections waiting for you"),
                _("No corrections from citizens are waiting for you."),
                (citizen, _("Received"), _("Corrections")), (WIDEST["citizen"], None, None),
                correction_rows(day.corrections)),
        *feedback_sections(day.feedback),
        Section("practice", _("Practice changes to acknowledge"),
                _("You have acknowledged every practice change."),
                (_("Practice change"), _("Ruling"), _("Published")), (WIDEST["title"], None, None),
                practice_rows(day.practice_changes)),
    ]


def table_lines(section: Section, room: int) -> Iterator[Content]:
    """The column titles and the rows, in columns, each line at most `room` cells wide."""
    lines = [[Content.assemble((title, "$text-muted italic")) for title in section.columns]]
    lines += [[Content.assemble(cell) for cell in row.cells] for row in section.rows]
    natural = [max(line[column].cell_length for line in lines)
               for column in range(len(section.columns))]
    widths = column_widths(natural, section.widest, room)
    shown = [column for column, width in enumerate(widths) if width]
    for line in lines:
        cells = [line[column].truncate(widths[column], ellipsis=True, pad=True)
                 for column in shown[:-1]]
        last = line[shown[-1]].truncate(widths[shown[-1]], ellipsis=True)
        yield Content(GAP).join([*cells, last]).truncate(room, ellipsis=True)


def options(all_sections: list[Section], room: int) -> Iterator[Option]:
    for number, section in enumerate(all_sections):
        if number:
            yield Option(Content(), disabled=True)  # air between sections
        heading = f"{section.title} ({len(section.rows)})"
        yield Option(Content.assemble((heading, "bold $text-primary")), disabled=True,
                     id=f"heading-{section.key}")
        if not section.rows:
            yield Option(Content(section.empty), disabled=True, id=f"empty-{section.key}")
            continue
        lines = table_lines(section, room)
        yield Option(next(lines), disabled=True)
        for row, line in zip(section.rows, lines, strict=True):
            yield Option(line, id=row.key)


# --- the screen ------------------------------------------------------------------------

def _my_day_in_words(ctx: Context) -> tuple[str, list[Section]]:
    """The day from core with the open requests for aktindsigt and the handovers, put into
    words in the worker too (the first date formatting imports Babel): one operation, so
    the list is laid out once when my day opens."""
    now = ctx.clock()
    day = sections(my_day(ctx), now, ctx.settings.approval_reminder_days)
    more = aktindsigt_sections(open_requests(ctx))
    if ctx.user.role != "admin":
        more += _handovers_in_words(ctx)
    # The requests for aktindsigt after the overdue inquiries: deadlines together.
    at = next((n + 1 for n, s in enumerate(day) if s.key == "inquiries"), len(day))
    return _("My day, {date}").format(date=long_date(now)), [*day[:at], *more, *day[at:]]


class MyDayScreen(PrepDeskScreen):
    USER_COMMANDS = (
        # Priority: the list would otherwise take Enter and hide the key from the footer.
        Command("my_day.open", "enter", "open", _("Open"),
                _("Open the chosen meeting or inquiry in the citizen's file, the notes waiting "
                  "for approval or correction, or the chosen practice change."), priority=True),
        Command("my_day.prepare", "p", "prepare", _("Prepare"),
                _("Prepare the chosen meeting: the checklist, the agenda and the invitation.")),
        Command("my_day.meeting_notes", "m", "meeting_notes", _("Meeting notes"),
                _("Take the notes of the chosen meeting.")),
        # Out of the footer, which has room at 120 columns for the keys of the chosen row
        # only; in help and the palette (and n is in the citizen's file).
        Command("my_day.new_meeting", "n", "new_meeting", _("New meeting"),
                _("Plan a meeting with the chosen citizen."), show=False),
        Command("my_day.refresh", "r,ctrl+r,f5", "refresh", _("Refresh"), _("Load my day again."),
                show=False),
        Command("my_day.notes_given", "g", "notes_given", _("Given another way"),
                _("Record that the chosen notes not sent were given to the citizen another "
                  "way: {ways}.").format(ways=ways_given())),
        Command("my_day.record_answer", "a", "record_answer", _("Record the answer"),
                _("Record the answer the citizen gave you to the chosen notes: approved, or "
                  "their corrections.")),
        Command("my_day.send_again", "s", "send_again", _("Send again"),
                _("Send the chosen letter that did not go out again, once what stopped it is "
                  "mended.")),
        Command("my_day.aktindsigt_answered", "u", "aktindsigt_answered", _("Handed over"),
                _("Record that the chosen request for access to the file is answered: how the "
                  "citizen received the export.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    class Shown(Message):
        """My day shows its data: the app starts its background work then (app.py)."""

    DEFAULT_CSS = """
    #my-day-title {
        padding: 0 1;
        text-style: bold;
        color: $text-primary;
    }
    MyDayScreen #welcome {
        padding: 0 1;
        margin-bottom: 1;
    }
    #my-day {
        height: 1fr;
        max-height: 100%;
        border: none;
        & > .option-list--option-disabled {
            color: $foreground;
        }
    }
    """

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self._sections: list[Section] = []
        self._rows: dict[str, Row] = {}
        self._order: list[str] = []  # the rows' keys as last shown
        self._waiting = False  # for the day after a refresh: LOADING_DELAY shows it

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("My day"), id="my-day-title", markup=False)
        yield Static(safe(welcome(self.ctx)), id="welcome")
        yield OptionList(id="my-day")
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def on_screen_resume(self) -> None:
        # Back from a citizen's file or a dialog: what was done there shows here at once,
        # quietly, without the loading indicator.
        if self._sections:
            self._load()

    def action_refresh(self) -> None:
        self._waiting = True
        self.set_timer(LOADING_DELAY, self._show_loading)
        self._load()

    def _show_loading(self) -> None:
        # A flag rather than stopping the timer: its tick may already be on its way.
        if self._waiting and self.is_attached:
            self.query_one(OptionList).loading = True

    def _loaded(self) -> None:
        self._waiting = False
        self.query_one(OptionList).loading = False

    def _load(self) -> None:
        run_core(self, partial(_my_day_in_words, self.ctx), self._show_day, group="my-day",
                 exclusive=True, failed=self._not_loaded)

    def _not_loaded(self, problem: object) -> None:
        if self.is_attached:
            self._loaded()

    def _show_day(self, day: tuple[str, list[Section]]) -> None:
        if not self.is_attached:
            return
        title, self._sections = day
        self.query_one("#my-day-title", Static).update(safe(title))
        self._rows = {row.key: row for section in self._sections for row in section.rows}
        day_list = self.query_one(OptionList)
        self._fill()
        self._loaded()
        day_list.focus()
        self.refresh_bindings()
        self.post_message(self.Shown())

    def on_resize(self) -> None:
        if self._sections:
            self.call_after_refresh(self._fill)  # once the list has its new size

    def _fill(self) -> None:
        """Lay the sections out in the list's width, keeping the chosen item chosen."""
        day_list = self.query_one(OptionList)
        was = day_list.highlighted_option.id if day_list.highlighted_option else None
        # The list may not be laid out yet; it is as wide as the screen. Its size is inside
        # its padding already. Room is kept for the scroll bar whether or not it shows yet:
        # lines must never wrap.
        styles = day_list.styles
        room = ((day_list.size.width or self.size.width - styles.gutter.width)
                - styles.scrollbar_size_vertical)
        day_list.set_options(options(self._sections, room))
        before, self._order = self._order, list(self._rows)
        if was is not None and was not in self._rows and was in before:
            # The chosen item is done (sent, given, answered): the one after it, or before.
            place = before.index(was)
            was = next((key for key in before[place + 1:] + before[place::-1]
                        if key in self._rows), None)
        if was in self._rows:
            day_list.highlighted = day_list.get_option_index(was)
        elif self._rows:
            day_list.highlighted = day_list.get_option_index(next(iter(self._rows)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return bool(self._rows)
        if action in ("meeting_notes", "prepare"):
            row = self._highlighted()
            return row is not None and row.meeting_id is not None
        if action == "new_meeting":
            row = self._highlighted()
            return row is not None and row.citizen_id is not None
        if action == "notes_given":
            row = self._highlighted()
            return row is not None and row.not_sent is not None
        if action == "record_answer":
            row = self._highlighted()
            return row is not None and row.request_id is not None
        if action == "aktindsigt_answered":
            row = self._highlighted()
            return row is not None and row.access_request is not None
        if action == "send_again":
            row = self._highlighted()
            return row is not None and row.failed is not None
        return True

    def _highlighted(self) -> Row | None:
        option = self.query_one(OptionList).highlighted_option
        return self._rows.get(option.id) if option is not None else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()  # p and m are shown only on a meeting, n on a citizen

    def action_meeting_notes(self) -> None:
        row = self._highlighted()
        if row is not None and row.meeting_id is not None:
            go(self, "meeting_mode", meeting_id=row.meeting_id)

    def action_prepare(self) -> None:
        row = self._highlighted()
        if row is not None and row.meeting_id is not None:
            go(self, "preparation", meeting_id=row.meeting_id)

    def action_new_meeting(self) -> None:
        row = self._highlighted()
        if row is not None and row.citizen_id is not None:
            go(self, "meeting_form", citizen_id=row.citizen_id)

    def action_notes_given(self) -> None:
        row = self._highlighted()
        if row is None or row.not_sent is None:
            return
        notes = row.not_sent
        choices = [(channel, (words := handed_over(channel))[:1].upper() + words[1:])
                   for channel in GIVEN]
        self.app.push_screen(
            ChoiceDialog(_("How were the notes given to {name}?").format(
                name=one_line(notes.citizen_name)),
                _("They then wait for the citizen's answer, which you record here (a)."),
                choices),
            lambda channel: self._give(notes, channel) if channel else None)

    def _give(self, notes: NotSent, channel: str) -> None:
        run_core(self, lambda: give_notes(self.ctx, notes.note_id, channel,
                                          seen_version=notes.note_version),
                 self._given, group="notes given", exclusive=True)

    def _given(self, given: NotesGiven) -> None:
        self.notify(given.sentence, markup=False)
        self._load()

    def action_send_again(self) -> None:
        row = self._highlighted()
        if row is not None and row.failed is not None:
            self._send_again(row.failed)

    def _send_again(self, failed: FailedMessage) -> None:
        run_core(self, partial(retry, self.ctx, failed.id), self._sent_again,
                 group="send again", exclusive=True)

    def _why_not_sent(self, failed: FailedMessage) -> None:
        question = "\n\n".join((
            _("{letter} to {name} did not go out ({channel}):").format(
                letter=one_line(failed.subject), name=one_line(failed.citizen_name),
                channel=failed.channel_label),
            failed.last_error,
            _("Send it again now? Do so once what stopped it is mended.")))
        self.app.push_screen(QuestionDialog(question, yes=_("Send again")),
                             lambda yes: self._send_again(failed) if yes else None)

    def _sent_again(self, entry: OutboxEntry) -> None:
        now = self.ctx.clock()
        self.notify(_("The letter is in the outbox again. {when}").format(
            when=describe_send_time(max(entry.not_before, send_time(now)), now)), markup=False)
        self._load()

    def action_aktindsigt_answered(self) -> None:
        row = self._highlighted()
        if row is None or row.access_request is None:
            return
        request = row.access_request
        choices = [(how, (words := handed_over(how))[:1].upper() + words[1:])
                   for how in HANDED_OVER]
        self.app.push_screen(
            ChoiceDialog(_("How did {name} receive the export?").format(
                name=one_line(request.citizen_name)),
                _("The request is then answered and leaves my day."), choices),
            lambda how: self._answer_request(request, how) if how else None)

    def _answer_request(self, request: OpenRequest, how: str) -> None:
        run_core(self, lambda: answer_request(self.ctx, request.id, how),
                 self._request_answered, group="aktindsigt answered", exclusive=True)

    def _request_answered(self, answered: AnsweredRequest) -> None:
        self.notify(answered.sentence, markup=False)
        self._load()

    def action_record_answer(self) -> None:
        row = self._highlighted()
        if row is not None and row.request_id is not None:
            go(self, "citizen_answer", request_id=row.request_id)

    def action_open(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None and option.id in self._rows:
            self._open(self._rows[option.id])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A click on a row.
        self._open(self._rows[event.option.id])

    def _open(self, row: Row) -> None:
        if row.failed is not None:
            self._why_not_sent(row.failed)
        elif row.feedback_meeting_id is not None:
            go(self, "preparation", meeting_id=row.feedback_meeting_id)
        elif row.handover_id is not None:
            go(self, "handover", handover_id=row.handover_id)
        elif row.handover_request is not None and self.ctx.user.role == "team_lead":
            request = row.handover_request
            go(self, "handover_start", citizen_id=request.citizen_id, request=request)
        elif row.practice_change is not None:
            go(self, "practice_changes", chosen=row.practice_change.id)
        elif row.note_id is not None:
            where = "corrections" if row.key.startswith("corrections-") else "notes"
            go(self, where, note_id=row.note_id)
        elif row.citizen_id is not None:
            go(self, "citizen_file", citizen_id=row.citizen_id)
