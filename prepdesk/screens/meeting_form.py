"""Planning and moving a meeting (R-PREP-1), and choosing among a citizen's meetings.

The form keeps what was typed when core refuses it: the sentence says what to change,
and Ctrl+S tries again. A time the meeting cannot have (a closed day, outside opening
hours, the room or the caseworker booked) is refused with the next free time, which the
form puts in the date and time fields: Ctrl+S books it.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.labels import label
from prepdesk.core.meetings import (
    MEETING_KINDS,
    BookingRefused,
    MeetingForm,
    MeetingView,
    Participant,
    create_meeting,
    meeting_form,
    reschedule,
)
from prepdesk.dates import parse_clock, parse_date
from prepdesk.errors import Conflict, UserError
from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DIALOG_CSS
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.run import clear_problem, run_core, show_problem
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen


def others(text: str) -> list[Participant]:
    """"Name, department; Name, department" as participants from other departments."""
    people = []
    for person in filter(None, (part.strip() for part in text.split(";"))):
        name, _comma, organisation = person.partition(",")
        people.append(Participant("other", name.strip(), organisation.strip()))
    return people


class MeetingFormScreen(PrepDeskScreen, ModalScreen[int | None]):
    """A new meeting with the citizen (its preparation opens once it is planned), or
    (`meeting_id`) a new time and place for one.

    Moving names the version of the meeting the form was filled from: when a colleague
    has changed the meeting since, core refuses, the form closes, and the preparation
    shows who changed it (r there shows the meeting as it is now)."""

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

    def __init__(self, ctx: Context, citizen_id: int, meeting_id: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.citizen_id = citizen_id
        self.meeting_id = meeting_id
        self.form: MeetingForm | None = None

    @property
    def meeting(self) -> MeetingView | None:
        return self.form.meeting if self.form is not None else None

    def compose(self) -> ComposeResult:
        moving = self.meeting_id is not None
        with Vertical():
            title = _("Move the meeting") if moving else _("Plan a meeting")
            yield Static(title, classes="dialog-title", markup=False)
            with VerticalScroll(id="form-fields"):
                if not moving:
                    yield Label(_("Kind of meeting"))
                    yield Select([(label("meeting_kind", code), code) for code in MEETING_KINDS],
                                 value="follow_up", allow_blank=False, id="kind",
                                 compact=True)
                yield Label(_("Date (dd.mm.yyyy)"))
                yield TextInput(placeholder=_("dd.mm.yyyy"), id="date", compact=True)
                yield Label(_("Time (hh.mm)"))
                yield TextInput(placeholder=_("hh.mm"), id="time", compact=True)
                yield Label(_("Minutes (empty: the usual length for the kind)"))
                yield TextInput(type="integer", id="minutes", compact=True)
                yield Label(_("Room (only rooms where the conversation cannot be overheard)"))
                yield Select([], prompt=_("No room: write the place below"), id="room",
                             compact=True)
                yield Label(_("Or another place, for example the citizen's home or by phone"))
                yield TextInput(id="place", compact=True)
                if not moving:
                    yield Label(_("What the meeting is for"))
                    yield TextInput(id="purpose", compact=True)
                    yield Label(_("Job goal (a first meeting needs one)"))
                    yield TextInput(id="job_goal", compact=True)
                    yield Label(_("Employer consultant (a first meeting needs one)"))
                    yield TextInput(placeholder=_("Name"), id="consultant", compact=True)
                    yield Label(_("People from other departments: name, department; name, "
                                  "department"))
                    yield TextInput(placeholder=_("For example: Lone Berg, Sundhedsafdelingen"),
                                id="others", compact=True)
            yield Static(id="form-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        ctx, citizen_id, meeting_id = self.ctx, self.citizen_id, self.meeting_id
        run_core(self, lambda: meeting_form(ctx, citizen_id, meeting_id), self._fill,
                 group="form")

    def _fill(self, form: MeetingForm) -> None:
        self.form = form
        room = self.query_one("#room", Select)
        room.set_options([(safe(r.text), r.id) for r in form.rooms])
        meeting = form.meeting
        if meeting is not None:
            local = meeting.starts_at.astimezone(LOCAL_TIMEZONE)
            for field, value in (("date", f"{local:%d.%m.%Y}"), ("time", f"{local:%H.%M}"),
                                 ("minutes", str(meeting.minutes)), ("place", meeting.place)):
                typed = self.query_one(f"#{field}", Input)
                if not typed.value:  # what a fast typist wrote before the meeting came stays
                    typed.value = plain(value)
            if meeting.room_id is not None and meeting.room_id in {r.id for r in form.rooms}:
                room.value = meeting.room_id
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return self.form is not None
        return True

    def _problem(self, message: str) -> None:
        self.query_one("#form-status", Static).update("")
        show_problem(self, UserError(message))

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def action_save(self) -> None:
        if self.form is None:
            return
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
        clear_problem(self)
        self.query_one("#form-status", Static).update(_("Saving …"))
        ctx, place = self.ctx, self._value("place")
        if self.meeting is not None:
            meeting = self.meeting
            run_core(self, lambda: reschedule(
                ctx, meeting.id, seen_version=meeting.version, starts_at=starts_at,
                minutes=minutes, room_id=room_id, place=place),
                lambda moved: self.dismiss(moved.id), failed=self._refused, group="save",
                exclusive=True)
            return
        consultant = self._value("consultant").strip()
        people = [Participant("employer_consultant", consultant)] if consultant else []
        people += others(self._value("others"))
        kind, citizen_id = self.query_one("#kind", Select).value, self.citizen_id
        purpose, job_goal = self._value("purpose"), self._value("job_goal")
        run_core(self, lambda: create_meeting(
            ctx, citizen_id, kind=kind, starts_at=starts_at, minutes=minutes, room_id=room_id,
            place=place, purpose=purpose, job_goal=job_goal, participants=people),
            self._planned, failed=self._refused, group="save", exclusive=True)

    def _planned(self, meeting: MeetingView) -> None:
        self.dismiss(meeting.id)
        go(self, "preparation", meeting_id=meeting.id)

    def _refused(self, problem: UserError) -> None:
        """What was typed stays for another try; a colleague's change meanwhile closes the
        form, and the screen below says who and offers to reload."""
        self.query_one("#form-status", Static).update("")
        if isinstance(problem, BookingRefused) and problem.next_free is not None:
            local = problem.next_free.astimezone(LOCAL_TIMEZONE)
            self.query_one("#date", Input).value = f"{local:%d.%m.%Y}"
            self.query_one("#time", Input).value = f"{local:%H.%M}"
            self.query_one("#form-status", Static).update(
                _("The next free time is in the fields now: Ctrl+S books it."))
        if isinstance(problem, Conflict):
            show_problem(self.app.screen_stack[-2], problem)
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
