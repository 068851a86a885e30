"""Planning and moving a meeting (R-PREP-1), and choosing among a citizen's meetings.

The form keeps what was typed when core refuses it: the sentence says what to change,
and Ctrl+S tries again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual import work
from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from prepdesk.core.access import open_citizen_record
from prepdesk.core.citizen_file import MeetingLine
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.labels import label
from prepdesk.core.meetings import (
    MEETING_KINDS,
    Participant,
    create_meeting,
    private_rooms,
    reschedule,
)
from prepdesk.data.models import Meeting
from prepdesk.dates import long_datetime, parse_clock, parse_date
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DIALOG_CSS
from prepdesk.ui.navigation import go
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen

HEADING_NAME_WIDTH = 40


def meeting_heading(citizen_name: str, meeting: Meeting) -> str:
    """"Søren Møller · Opfølgningssamtale · mandag 30. nov. 2026 kl. 10.00". A very long
    name is shortened, so the heading stays on a line or two and the time stays in it."""
    name = citizen_name
    if len(name) > HEADING_NAME_WIDTH:  # cut anywhere: a name may be one long word
        name = name[:HEADING_NAME_WIDTH - 1].rstrip() + "…"
    return " · ".join((name, label("meeting_kind", meeting.kind),
                       long_datetime(meeting.starts_at)))


def open_preparation(app: App, ctx: Context, meeting_id: int) -> None:
    from prepdesk.screens.preparation import PreparationScreen

    app.push_screen(PreparationScreen(ctx, meeting_id))


def plan_meeting(app: App, ctx: Context, citizen_id: int) -> None:
    """The form; once the meeting is planned, its preparation opens."""
    app.push_screen(MeetingFormScreen(ctx, citizen_id),
                    lambda meeting_id: meeting_id and open_preparation(app, ctx, meeting_id))


def others(text: str) -> list[Participant]:
    """"Name, department; Name, department" as participants from other departments."""
    people = []
    for person in filter(None, (part.strip() for part in text.split(";"))):
        name, _comma, organisation = person.partition(",")
        people.append(Participant("other", name.strip(), organisation.strip()))
    return people


class MeetingFormScreen(PrepDeskScreen, ModalScreen[int | None]):
    """A new meeting with the citizen, or (`meeting`) a new time and place for one."""

    USER_COMMANDS = (
        Command("meeting_form.save", "ctrl+s", "save", _("Save"),
                _("Save the meeting."), priority=True),
        Command("meeting_form.cancel", "escape", "cancel", _("Cancel"),
                _("Close the form without saving.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    AUTO_FOCUS = "#date"  # the kind has a sensible default
    DEFAULT_CSS = "MeetingFormScreen {" + DIALOG_CSS + """
        & > Vertical { width: 90; height: 90%; }
        #form-fields { height: 1fr; }
        #form-fields > Label { margin-top: 1; color: $text-muted; }
        #form-status { margin-top: 1; }
    }"""

    def __init__(self, ctx: Context, citizen_id: int, *,
                 meeting: Meeting | None = None, then_prepare: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.citizen_id = citizen_id
        self.meeting = meeting
        self.then_prepare = then_prepare  # opened by ui.navigation.go: prepare what is planned

    def compose(self) -> ComposeResult:
        meeting = self.meeting
        with Vertical():
            title = _("Move the meeting") if meeting else _("Plan a meeting")
            yield Static(title, classes="dialog-title", markup=False)
            with VerticalScroll(id="form-fields"):
                if meeting is None:
                    yield Label(_("Kind of meeting"))
                    yield Select([(label("meeting_kind", code), code) for code in MEETING_KINDS],
                                 value="follow_up", allow_blank=False, id="kind",
                                 compact=True)
                local = meeting.starts_at.astimezone(LOCAL_TIMEZONE) if meeting else None
                yield Label(_("Date (dd.mm.yyyy)"))
                yield Input(f"{local:%d.%m.%Y}" if local else "", placeholder=_("dd.mm.yyyy"),
                            id="date", compact=True)
                yield Label(_("Time (hh.mm)"))
                yield Input(f"{local:%H.%M}" if local else "", placeholder=_("hh.mm"), id="time",
                            compact=True)
                yield Label(_("Minutes (empty: the usual length for the kind)"))
                yield Input(str(meeting.minutes) if meeting else "", type="integer",
                            id="minutes", compact=True)
                yield Label(_("Room (only rooms where the conversation cannot be overheard)"))
                yield Select([], prompt=_("No room: write the place below"), id="room",
                             compact=True)
                yield Label(_("Or another place, for example the citizen's home or by phone"))
                yield Input(meeting.place if meeting else "", id="place", compact=True)
                if meeting is None:
                    yield Label(_("What the meeting is for"))
                    yield Input(id="purpose", compact=True)
                    yield Label(_("Job goal (a first meeting needs one)"))
                    yield Input(id="job_goal", compact=True)
                    yield Label(_("Employer consultant (a first meeting needs one)"))
                    yield Input(placeholder=_("Name"), id="consultant", compact=True)
                    yield Label(_("People from other departments: name, department; name, "
                                  "department"))
                    yield Input(placeholder=_("For example: Lone Berg, Sundhedsafdelingen"),
                                id="others", compact=True)
            yield Static(id="form-status")
        yield Footer()

    def on_mount(self) -> None:
        self._rooms()

    @work(thread=True, name="rooms")
    def _rooms(self) -> list[tuple[str, int]]:
        with self.ctx.session() as session:
            return [(", ".join(p for p in (room.name, room.location) if p), room.id)
                    for room in private_rooms(session)]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.state == WorkerState.SUCCESS and worker.name == "rooms":
            room = self.query_one("#room", Select)
            room.set_options(worker.result)
            if self.meeting is not None and self.meeting.room_id is not None:
                room.value = self.meeting.room_id
        elif worker.state == WorkerState.SUCCESS and worker.name == "save":
            self.dismiss(worker.result)
            if self.then_prepare and worker.result:
                go(self, "preparation", meeting_id=worker.result)
        elif worker.state == WorkerState.ERROR and worker.name == "save":
            if not isinstance(worker.error, UserError):
                raise worker.error
            self._problem(worker.error.message)

    def _problem(self, message: str) -> None:
        self.query_one("#form-status", Static).update(
            Content.assemble(("⚠ " + message, "$text-error bold")))

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def action_save(self) -> None:
        try:
            day = parse_date(self._value("date"))
            starts_at = datetime.combine(day, parse_clock(self._value("time")),
                                         tzinfo=LOCAL_TIMEZONE)
        except ValueError as problem:
            self._problem(str(problem))
            return
        typed_minutes = self._value("minutes").strip()
        if typed_minutes and not typed_minutes.isdigit():  # a sign alone, while typing
            self._problem(_("A meeting lasts from 5 minutes to 8 hours."))
            return
        minutes = int(typed_minutes) if typed_minutes else None
        room = self.query_one("#room", Select).value
        room_id = room if isinstance(room, int) else None
        self.query_one("#form-status", Static).update(_("Saving …"))
        self._save(starts_at, minutes, room_id)

    @work(thread=True, exclusive=True, name="save", exit_on_error=False)
    def _save(self, starts_at: datetime, minutes: int | None, room_id: int | None) -> int:
        ctx = self.ctx
        now = ctx.clock()
        with ctx.session() as session:
            if self.meeting is not None:
                # The copy shown, with its version: a change by someone else is refused.
                open_citizen_record(session, ctx.user, self.citizen_id)
                return reschedule(session, self.meeting, starts_at=starts_at, now=now,
                                  minutes=minutes, room_id=room_id,
                                  place=self._value("place")).id
            consultant = self._value("consultant").strip()
            people = [Participant("employer_consultant", consultant)] if consultant else []
            return create_meeting(
                session, ctx.user, self.citizen_id,
                kind=self.query_one("#kind", Select).value, starts_at=starts_at, now=now,
                minutes=minutes, room_id=room_id, place=self._value("place"),
                purpose=self._value("purpose"), job_goal=self._value("job_goal"),
                participants=people + others(self._value("others")),
            ).id

    def action_cancel(self) -> None:
        self.dismiss(None)


class MeetingPickerScreen(PrepDeskScreen, ModalScreen[int | None]):
    """The citizen's planned meetings; Enter chooses one."""

    USER_COMMANDS = (
        Command("meeting_picker.cancel", "escape", "cancel", _("Cancel"),
                _("Close without choosing.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "MeetingPickerScreen {" + DIALOG_CSS + "}"

    def __init__(self, meetings: Sequence[MeetingLine]) -> None:
        super().__init__()
        self.meetings = meetings

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Which meeting do you want to prepare?"), classes="dialog-title",
                         markup=False)
            yield OptionList(*(
                Option(safe(" · ".join((long_datetime(m.starts_at), label("meeting_kind", m.kind),
                                        m.place))), id=str(m.id))
                for m in self.meetings))
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
