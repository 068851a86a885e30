"""Finished notes that were not sent, on my day (issue 11, item 2): listed until they
are sent or given another way; Enter opens them to send; g records how they were given;
a records the citizen's answer, approved or corrected."""

from __future__ import annotations

from datetime import timedelta

from support.apps import make_app
from support.desk import desk
from support.people import NOW, SIZE
from support.pilot import on_my_day, rendered, settled, until
from textual.widgets import OptionList, TextArea

from prepdesk.core.my_day import my_day
from prepdesk.core.note_content import NoteContent
from prepdesk.data import models as m
from prepdesk.screens.citizen_answer import CitizenAnswerScreen
from prepdesk.ui.dialogs import ChoiceDialog, QuestionDialog


def day_text(screen) -> str:
    return rendered(screen.query_one(OptionList))


def highlight(screen, option_id: str) -> None:
    day_list = screen.query_one(OptionList)
    day_list.highlighted = day_list.get_option_index(option_id)


def finished_note(the_desk, citizen: str = "birgit", *, email: str | None = None) -> int:
    """Notes finished after a meeting held yesterday, not sent; their id."""
    with the_desk.workspace.sessions() as session:
        person = session.get(m.Citizen, the_desk.ids[citizen])
        person.email = email
        meeting = m.Meeting(citizen_id=person.id, caseworker_id=the_desk.workspace.user.id,
                            kind="follow_up", starts_at=NOW - timedelta(days=1), status="held")
        session.add(meeting)
        session.flush()
        note = m.Note(meeting_id=meeting.id, citizen_id=person.id,
                      author_id=the_desk.workspace.user.id, status="final")
        session.add(note)
        session.flush()
        session.add(m.NoteVersion(note_id=note.id, number=1, created_at=NOW,
                                  content=NoteContent(facts="Birgit har søgt seks job.",
                                                      next_steps="Ny samtale om en måned.")
                                  .to_stored()))
        session.commit()
        return note.id


async def test_notes_without_an_email_address_are_given_by_post_then_answered(db_url) -> None:
    the_desk = desk(db_url)
    note_id = finished_note(the_desk)
    app = make_app(the_desk.workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await on_my_day(pilot)
        text = day_text(screen)
        assert "Referater, der ikke er sendt til borgeren (1)" in text
        line = next(line for line in text.splitlines() if "ingen e-mailadresse" in line)
        assert "Birgit Nielsen" in line and "giv det på anden vis (g)" in line
        highlight(screen, f"not-sent-{note_id}")
        await pilot.pause()
        assert screen.check_action("notes_given", ()) and not screen.check_action("record_answer", ())
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # handed over, *by post*, by Digital Post
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
        text = day_text(screen)
        assert "Alle færdige referater er nået frem til borgeren." in text
        assert any("Birgit Nielsen" in line and "med posten" in line for line in text.splitlines())
        assert [n.message for n in app._notifications][-1].startswith(
            "Referatet er registreret som givet til borgeren: med posten.")
        # The notes left the list: the item after them is chosen, not the first meeting.
        assert screen.query_one(OptionList).highlighted_option.id.startswith("approval-")
        [request] = [a for a in my_day(the_desk.workspace).awaiting_approval if a.note_id == note_id]

        highlight(screen, f"approval-{request.id}")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, CitizenAnswerScreen))
        answer = app.screen
        await until(pilot, lambda: answer.form is not None and bool(answer.query(TextArea)))
        facts = next(area for area in answer.query(TextArea)
                     if area.text == "Birgit har søgt seks job.")
        facts.text = "Birgit har søgt otte job."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, QuestionDialog))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
        assert [n.message for n in app._notifications][-1].startswith(
            "Borgerens rettelser er registreret.")
        assert f"approval-{request.id}" not in {o.id for o in screen.query_one(OptionList)._options}
    corrections = [c for c in my_day(the_desk.workspace).corrections if c.note_id == note_id]
    assert len(corrections) == 1


async def test_enter_opens_notes_not_sent_and_notes_waiting_for_approval(db_url) -> None:
    the_desk = desk(db_url)
    note_id = finished_note(the_desk, email="birgit@example.dk")
    app = make_app(the_desk.workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        line = next(line for line in day_text(screen).splitlines() if "ikke sendt:" in line)
        assert "åbn referatet og send det (Enter)" in line
        highlight(screen, f"not-sent-{note_id}")
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "NoteScreen")
        assert app.screen.note_id == note_id
        await settled(pilot)
        assert app.screen.check_action("send", ()) is True  # s sends them from there
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
        # Notes waiting for approval opened a screen that does not exist ("note").
        waiting = my_day(the_desk.workspace).awaiting_approval[0]
        highlight(screen, f"approval-{waiting.id}")
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "NoteScreen")
        assert app.screen.note_id == waiting.note_id


async def test_hostile_names_and_notes_are_shown_literally(db_url) -> None:
    from support.desk import HOSTILE_NAME

    the_desk = desk(db_url)
    note_id = finished_note(the_desk, "hostile")
    with the_desk.workspace.sessions() as session:
        version = session.query(m.NoteVersion).filter_by(note_id=note_id).one()
        version.content = NoteContent(facts=HOSTILE_NAME).to_stored()
        session.commit()
    app = make_app(the_desk.workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await on_my_day(pilot)
        highlight(screen, f"not-sent-{note_id}")
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # handed over at the meeting
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
        [request] = [a for a in my_day(the_desk.workspace).awaiting_approval
                     if a.note_id == note_id]
        highlight(screen, f"approval-{request.id}")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, CitizenAnswerScreen))
        answer = app.screen
        await until(pilot, lambda: answer.form is not None and bool(answer.query(TextArea)))
        assert "[bold]Ole[/]" in rendered(answer.query_one("#answer-title"))
        assert any("[@click=app.quit]" in area.text for area in answer.query(TextArea))
        assert app.is_running


async def test_notes_not_sent_are_sent_from_the_notes_and_leave_my_day(db_url, memory_keyring) -> None:
    """The loop of issue 11's "done when": a note that could not be sent is found on my day
    and sent."""
    from dataclasses import replace

    from prepdesk.config import Settings
    from prepdesk.screens.corrections import NoteScreen

    the_desk = desk(db_url)
    workspace = replace(the_desk.workspace, demo="small",
                        settings=Settings(sender_address="jobcenter@fjordby.example"))
    note_id = finished_note(the_desk, email="birgit@example.dk")
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        highlight(screen, f"not-sent-{note_id}")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        notes_screen = app.screen
        await until(pilot, lambda: notes_screen.page is not None)
        await pilot.press("s")
        await until(pilot, lambda: notes_screen.page is not None
                    and notes_screen.page.status == "sent")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
        assert "Referater, der ikke er sendt til borgeren (0)" in day_text(screen)
    assert [a.channel for a in my_day(workspace).awaiting_approval
            if a.note_id == note_id] == ["email"]
