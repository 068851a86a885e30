"""The quick-note dialog: a journal note in seconds (R-NOTE-4), inquiries logged with their
deadline, answered or acknowledged (R-SERV-1)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select
from support.apps import make_app
from support.desk import HOSTILE_SHOWN, desk
from support.hostile import HOSTILE_CASES
from support.people import NOW, SIZE
from support.pilot import rendered, settled, until
from textual.pilot import Pilot
from textual.widgets import Input

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.data import models as m
from prepdesk.screens.my_day import MyDayScreen
from prepdesk.screens.quick_note import QuickNoteScreen
from prepdesk.text import strip_controls


async def opened(pilot: Pilot, screen: QuickNoteScreen) -> QuickNoteScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
    await settled(pilot)
    pilot.app.push_screen(screen)
    await until(pilot, lambda: pilot.app.screen is screen)
    await settled(pilot)
    return screen


def dialog_text(screen: QuickNoteScreen) -> str:
    return " ".join(rendered(static).replace("\n", " ") for static in screen.query("Static")
                    if static.display)


def saved_and_told(pilot: Pilot) -> bool:
    """The dialog has closed and the sentence saying what was saved is shown: wait for both,
    not for one and then read the other."""
    return isinstance(pilot.app.screen, MyDayScreen) and bool(notifications(pilot))


def notifications(pilot: Pilot) -> list[str]:
    return [n.message for n in pilot.app._notifications]


def entries(the_desk, citizen: str) -> list[m.JournalEntry]:
    with the_desk.workspace.sessions() as session:
        return list(session.exec(select(m.JournalEntry).where(
            m.JournalEntry.citizen_id == the_desk.ids[citizen]).order_by(m.JournalEntry.id)))


async def test_a_phone_call_to_the_citizen_is_noted_in_a_few_keys(db_url: str) -> None:
    the_desk = desk(db_url)
    screen = QuickNoteScreen(the_desk.workspace, the_desk.ids["soeren"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        text = dialog_text(screen)
        assert "Borger: Søren Møller" in text
        assert "Kanal: ● telefon  ○ e-mail  ○ SMS  ○ brev  ·  fra borgeren" in text
        assert "Notat i journalen." in text
        await pilot.press("f4", "f6")
        assert "Kanal: ○ telefon  ○ e-mail  ● SMS  ○ brev  ·  til borgeren" in dialog_text(screen)
        await pilot.press(*"Mindede Søren om mødet mandag.", "enter")
        await until(pilot, lambda: saved_and_told(pilot))
        assert notifications(pilot) == ["Notatet er gemt i journalen."]
    entry = entries(the_desk, "soeren")[-1]
    assert (entry.kind, entry.direction, entry.body, entry.occurred_at) == (
        "sms", "out", "Mindede Søren om mødet mandag.", NOW)


async def test_without_a_citizen_the_dialog_finds_one_first(db_url: str) -> None:
    the_desk = desk(db_url)
    screen = QuickNoteScreen(the_desk.workspace)
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        assert screen.focused.id == "citizen-query"
        await pilot.press(*"moller")
        await until(pilot, lambda: "Søren Møller" in rendered(screen.query_one("#citizen-hits")))
        assert "120587-XXXX" in rendered(screen.query_one("#citizen-hits"))
        await pilot.press("enter")
        await until(pilot, lambda: screen.contact is not None)
        await settled(pilot)
        assert screen.focused.id == "text"
        await pilot.press("f3", *"Søren spurgte om kørselsgodtgørelse.", "enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
    entry = entries(the_desk, "soeren")[-1]
    assert (entry.kind, entry.direction) == ("email", "in")


async def test_escape_asks_before_a_written_note_is_thrown_away(db_url: str) -> None:
    from prepdesk.ui.dialogs import DiscardDialog

    the_desk = desk(db_url)
    screen = QuickNoteScreen(the_desk.workspace, the_desk.ids["soeren"])
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await opened(pilot, screen)
        await pilot.press(*"Søren ringede", "escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, DiscardDialog))
        await pilot.press("enter")  # keep writing
        await until(pilot, lambda: pilot.app.screen is screen)
        assert screen.query_one("#text", Input).value == "Søren ringede"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, DiscardDialog))
        await pilot.press("k")
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
    assert "Søren ringede" not in [entry.body for entry in entries(the_desk, "soeren")]


async def test_escape_closes_at_once_while_nothing_is_written(db_url: str) -> None:
    the_desk = desk(db_url)
    screen = QuickNoteScreen(the_desk.workspace, the_desk.ids["soeren"])
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await opened(pilot, screen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))


async def test_an_empty_note_is_refused_with_a_sentence(db_url: str) -> None:
    the_desk = desk(db_url)
    screen = QuickNoteScreen(the_desk.workspace, the_desk.ids["soeren"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        await pilot.press("enter")
        await settled(pilot)
        assert pilot.app.screen is screen
        assert "Skriv, hvad kontakten handlede om." in rendered(screen.query_one("#status"))


async def test_an_inquiry_is_logged_with_its_deadline_in_danish(db_url: str) -> None:
    the_desk = desk(db_url)
    screen = QuickNoteScreen(the_desk.workspace, the_desk.ids["soeren"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        await pilot.press("f7")
        # Monday 08:00 plus 24 working hours.
        assert ("Ny henvendelse fra borgeren. Den skal besvares senest tirsdag kl. 08.00."
                in dialog_text(screen))
        await pilot.press(*"Vil gerne flytte mødet.", "enter")
        await until(pilot, lambda: saved_and_told(pilot))
        assert notifications(pilot) == [
            "Henvendelsen er registreret. Den skal besvares senest tirsdag kl. 08.00."]
    with the_desk.workspace.sessions() as session:
        inquiry = session.exec(select(m.Inquiry).where(
            m.Inquiry.citizen_id == the_desk.ids["soeren"])).one()
    assert inquiry.summary == "Vil gerne flytte mødet."
    assert inquiry.due_at == datetime(2026, 11, 24, 8, 0, tzinfo=LOCAL_TIMEZONE)


@pytest.mark.parametrize(("key", "answered", "saved"), [
    ("f8", True, "Svaret er gemt i journalen."),
    ("f9", False, "Kvitteringen er gemt i journalen."),
])
async def test_an_open_inquiry_is_answered_or_acknowledged(db_url: str, key: str, answered: bool,
                                                            saved: str) -> None:
    the_desk = desk(db_url)
    screen = QuickNoteScreen(the_desk.workspace, the_desk.ids["birgit"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        listed = rendered(screen.query_one("#inquiries"))
        assert "19.11.2026 · telefon · ⚠ over fristen" in listed
        assert "Spørger til udbetalingen." in listed
        await pilot.press(key)
        assert "henvendelsen: Spørger til udbetalingen." in dialog_text(screen)
        assert "til borgeren" in dialog_text(screen)
        await pilot.press(*"Udbetalingen kommer fredag.", "enter")
        await until(pilot, lambda: saved_and_told(pilot))
        assert notifications(pilot) == [saved]
    with the_desk.workspace.sessions() as session:
        inquiry = session.get(m.Inquiry, the_desk.ids["inquiry"])
    assert (inquiry.answered_at is not None) is answered
    assert (inquiry.acknowledged_at is not None) is not answered
    assert entries(the_desk, "birgit")[-1].body == "Udbetalingen kommer fredag."


async def test_the_answer_keys_need_an_open_inquiry(db_url: str) -> None:
    the_desk = desk(db_url)
    screen = QuickNoteScreen(the_desk.workspace, the_desk.ids["soeren"])
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await opened(pilot, screen)
        await pilot.press("f8")
        assert "Notat i journalen." in dialog_text(screen)
        assert not screen.query_one("#inquiries").display


@pytest.mark.parametrize("text", [t for t in HOSTILE_CASES if t],
                         ids=["attacks", "line breaks", "huge line"])
async def test_hostile_summaries_and_names_are_shown_literally(db_url: str, text: str) -> None:
    the_desk = desk(db_url)
    with the_desk.workspace.sessions() as session:
        session.get(m.Inquiry, the_desk.ids["inquiry"]).summary = text
        session.commit()
    screen = QuickNoteScreen(the_desk.workspace, the_desk.ids["birgit"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        shown = "".join(rendered(screen.query_one("#inquiries")).split())
        assert "".join(strip_controls(text).split())[:100] in shown
        await pilot.press("f8")
        pilot.app.notify(text, markup=False)
        await pilot.pause()


async def test_a_hostile_citizen_name_is_shown_literally(db_url: str) -> None:
    the_desk = desk(db_url)
    screen = QuickNoteScreen(the_desk.workspace, the_desk.ids["hostile"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        assert "".join(HOSTILE_SHOWN.split()) in "".join(rendered(screen.query_one("#citizen")).split())


async def test_an_inquiry_answered_meanwhile_in_another_window_is_refused_and_the_text_kept(
    db_url: str,
) -> None:
    from prepdesk.core.journal import close_inquiry

    the_desk = desk(db_url)
    screen = QuickNoteScreen(the_desk.workspace, the_desk.ids["birgit"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        [shown_inquiry] = screen.contact.open_inquiries
        # The same caseworker answers it in a second PrepDesk meanwhile.
        close_inquiry(the_desk.workspace, shown_inquiry.id, seen_version=shown_inquiry.version,
                      answer="Svar fra det andet vindue.")
        await pilot.press("f8", *"Mit svar.", "enter")
        await until(pilot, lambda: "i et andet vindue" in rendered(screen.query_one("#status")))
        await until(pilot, lambda: screen.contact.open_inquiries == ())
        assert pilot.app.screen is screen
        assert screen.query_one("#text", Input).value == "Mit svar."
        assert "Notat i journalen." in dialog_text(screen)  # nothing left to answer
    assert [e.body for e in entries(the_desk, "birgit")][-1] == "Svar fra det andet vindue."
