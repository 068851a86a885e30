"""Booking in the screens (R-PREP-1, issue 11 item 9): the form offers the next free time
when the time asked for is taken, and the next meeting is booked from the notes, a real
meeting, within the 25 keys of R-NOTE-5."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select
from support.apps import make_app
from support.notes import meeting_desk
from support.people import SIZE
from support.pilot import Keyboard, rendered, settled, until
from support.preparation import back_on_preparation, highlight_in_my_day, prep_desk
from textual.widgets import Input, Select

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.data import models as m
from prepdesk.screens.meeting_form import MeetingFormScreen
from prepdesk.screens.meeting_mode import ApprovalPreviewScreen, MeetingModeScreen
from prepdesk.screens.my_day import MyDayScreen
from prepdesk.ui.problem import ProblemBar


async def test_a_room_already_booked_is_refused_and_the_next_free_time_offered(db_url) -> None:
    """Samtalerum 3 holds Søren's meeting on Wednesday 2 December 10.00-10.45; a meeting
    there at 10.15 is refused with a sentence, the form shows 10.45, and Ctrl+S books it."""
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await highlight_in_my_day(pilot, f"meeting-{the_desk.ids['meeting_today']}")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(pilot.app.screen, MeetingFormScreen))
        await settled(pilot)
        form = pilot.app.screen
        await pilot.press(*"02.12.2026", "tab", *"10.15")
        form.query_one("#room", Select).value = the_desk.ids["room"]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "⚠" in rendered(form.query_one(ProblemBar)))
        said = " ".join(rendered(form.query_one(ProblemBar)).split())
        assert "Samtalerum 3 er booket fra 10.00 til 10.45." in said
        assert "Næste ledige tid er onsdag 2. dec. 2026 kl. 10.45." in said
        assert [form.query_one(f"#{f}", Input).value for f in ("date", "time")] == [
            "02.12.2026", "10.45"]
        assert "Ctrl+S booker den" in rendered(form.query_one("#form-status"))
        await pilot.press("ctrl+s")
        await back_on_preparation(pilot)
    with the_desk.workspace.sessions() as session:
        planned = session.exec(select(m.Meeting).order_by(m.Meeting.id.desc())).first()
        assert planned.starts_at == datetime(2026, 12, 2, 10, 45, tzinfo=LOCAL_TIMEZONE)
        assert planned.room_id == the_desk.ids["room"]


async def test_the_next_meeting_is_booked_from_the_notes_within_25_keys(db_url) -> None:
    the_desk = meeting_desk(db_url)
    items = len(the_desk.ids["items"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        await settled(pilot)
        keyboard = Keyboard(pilot)
        keyboard.count += 1  # the key that opens meeting mode from my day
        pilot.app.push_screen(MeetingModeScreen(the_desk.workspace, the_desk.ids["meeting_today"]))
        await until(pilot, lambda: bool(pilot.app.screen.query("#next-meeting")))
        await settled(pilot)
        screen = pilot.app.screen
        for number in range(items):
            await keyboard.type(f"Punkt {number + 1}: Søren fortalte om sin uge.")
            await keyboard.press("tab")
        await keyboard.press("tab", "tab")
        await keyboard.type("Søren ringer til lægen / borger / 7.12")
        await keyboard.press("enter")
        await keyboard.type("Mette finder en praktik / sagsbehandler / 18.12")
        await keyboard.press("enter")
        await keyboard.press("tab", "tab")
        await keyboard.type("Mandag 4.1. kl. 10.00")
        await keyboard.press("enter")  # books it
        await until(pilot, lambda: "booket" in rendered(screen.query_one("#status")))
        assert screen.query_one("#next-meeting", Input).value.startswith(
            "mandag 4. jan. 2027 kl. 10.00")
        await keyboard.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ApprovalPreviewScreen))
        await keyboard.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        await settled(pilot)
    assert keyboard.count <= 25, keyboard.count
    with the_desk.workspace.sessions() as session:
        held = session.get(m.Meeting, the_desk.ids["meeting_today"])
        booked = session.exec(select(m.Meeting).where(
            m.Meeting.citizen_id == held.citizen_id,
            m.Meeting.starts_at == datetime(2027, 1, 4, 10, 0, tzinfo=LOCAL_TIMEZONE))).one()
        assert (booked.kind, booked.caseworker_id, booked.status) == (
            "follow_up", held.caseworker_id, "planned")
        note = session.exec(select(m.Note).where(m.Note.meeting_id == held.id)).one()
        version = session.exec(select(m.NoteVersion).where(m.NoteVersion.note_id == note.id)).one()
        assert version.content["next_meeting"].startswith("mandag 4. jan. 2027 kl. 10.00")
