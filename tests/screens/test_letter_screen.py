"""The invitation letter and its send preview (R-PREP-4, R-LTR-1..5, R-SEC-6), driven with
the keys a caseworker presses: drafting, versions, the preview with the way the letter goes
and why (issue 16), queueing."""

from __future__ import annotations

import pytest
from sqlmodel import select
from support.apps import make_app
from support.desk import HOSTILE_SHOWN, Desk
from support.people import SIZE
from support.pilot import rendered, settled, shown, squeezed, until
from support.preparation import (
    FRIDAY_1405,
    MONDAY_0900,
    SENDER,
    SOEREN_EMAIL,
    add_items,
    back_on_preparation,
    choose,
    line_of,
    open_preparation,
    prep_desk,
)
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from prepdesk.core import letters
from prepdesk.data import models as m
from prepdesk.screens.letter import LetterScreen, SendLetterScreen
from prepdesk.screens.meeting_form import MeetingFormScreen
from prepdesk.ui.dialogs import QuestionDialog


@pytest.fixture
def db_url(sqlite_db_url: str) -> str:
    """Screens run on SQLite only: core's tests cover PostgreSQL."""
    return sqlite_db_url


# --- helpers (the preparation's, as the letter is opened from it) -------------------------------


# --- the invitation ---------------------------------------------------------------------------


async def open_letter(pilot: Pilot, the_desk: Desk) -> LetterScreen:
    """The preparation of Søren's meeting next Wednesday, then b."""
    await open_preparation(pilot, the_desk, "meeting_next")
    await pilot.press("b")
    await until(pilot, lambda: isinstance(pilot.app.screen, LetterScreen))
    await until(pilot, lambda: "LIX" in shown(pilot.app.screen.query_one("#letter-language")))
    await settled(pilot)
    return pilot.app.screen


async def open_send_preview(pilot: Pilot) -> SendLetterScreen:
    await pilot.press("ctrl+o")
    await until(pilot, lambda: isinstance(pilot.app.screen, SendLetterScreen))
    await settled(pilot)
    return pilot.app.screen


def body(screen: LetterScreen) -> str:
    return screen.query_one("#letter-body", TextArea).text


def letter_versions(the_desk: Desk) -> list[m.LetterVersion]:
    with the_desk.workspace.sessions() as session:
        return list(session.exec(select(m.LetterVersion).order_by(m.LetterVersion.number)))


def outbox(the_desk: Desk) -> list[m.OutboxMessage]:
    with the_desk.workspace.sessions() as session:
        return list(session.exec(select(m.OutboxMessage)))


async def test_b_with_an_empty_agenda_says_to_build_the_agenda_first(db_url: str) -> None:
    """The invitation carries the agenda: without one, b says so and stays."""
    the_desk = prep_desk(db_url)
    app = make_app(the_desk.workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_preparation(pilot, the_desk, "meeting_next")
        await pilot.press("b")
        await settled(pilot)
        await until(pilot, lambda: app.screen is screen and bool(app._notifications))
        assert [n.message for n in app._notifications] == [
            "Dagsordenen er tom. Tilføj punkterne først: invitationen skal have dagsordenen med."]
    assert letter_versions(the_desk) == []


async def test_the_invitation_is_drafted_with_the_agenda_and_every_save_is_a_version(
    db_url: str,
) -> None:
    """b drafts the invitation from the template with the agenda in it, beside a LIX
    line; Ctrl+S saves what was typed as version 2, and Escape saves before leaving."""
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10), ("Praktik hos Fjordby Zoo", 15))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_letter(pilot, the_desk)
        assert ("Indkaldelse · Søren Møller · Opfølgningssamtale · onsdag 2. dec. 2026 kl. 10.00"
                in shown(screen))
        assert "Version 1 er gemt. Sendes med: Digital Post." in shown(screen)
        assert screen.query_one("#letter-subject", Input).value == (
            "Møde på jobcentret onsdag den 2. december kl. 10.00")
        assert body(screen).startswith("Kære Søren\n")
        assert "1. Skulderen (10 min.)\n2. Praktik hos Fjordby Zoo (15 min.)" in body(screen)
        assert "Sted: Samtalerum 3, 1. sal" in body(screen)
        assert "LIX" in " ".join(shown(screen.query_one("#letter-language")).split())
        assert screen.focused is screen.query_one("#letter-body")
        await pilot.press("end", ",")  # "Kære Søren,"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "Version 2 er gemt." in shown(screen)
        await pilot.press("down", "down", "end", *" Husk dit sygesikringskort.")
        await pilot.press("escape")
        await back_on_preparation(pilot)
    versions = letter_versions(the_desk)
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[1].body.startswith("Kære Søren,\n\nJeg vil gerne holde et møde med dig.\n")
    assert versions[2].body.startswith(
        "Kære Søren,\n\nJeg vil gerne holde et møde med dig. Husk dit sygesikringskort.\n")


async def test_the_preview_names_the_channel_and_why_and_friday_afternoon_it_goes_monday_at_nine(
    db_url: str,
) -> None:
    """Friday 14.05: the preview says the letter goes by Digital Post and why (Søren
    prefers e-mail, but the letter may carry health details: R-LTR-6), shows it as he
    reads it (title and text, no e-mail headers) and says it goes Monday at 09.00; Ctrl+S
    queues it for then, both screens close with a sentence saying so, and the invitation
    line is ✓."""
    the_desk = prep_desk(db_url, clock=FRIDAY_1405)
    add_items(the_desk, "meeting_next", ("Skulderen", 10), ("Praktik hos Fjordby Zoo", 15))
    app = make_app(the_desk.workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_letter(pilot, the_desk)
        preview = await open_send_preview(pilot)
        await until(pilot, lambda: rendered(preview.query_one("#send-channel")).strip() != "")
        assert " ".join(rendered(preview.query_one("#send-channel")).split()) == (
            "Brevet går med Digital Post: det kan indeholde helbredsoplysninger, så det går "
            "aldrig med e-mail, selv om borgeren foretrækker e-mail.")
        assert rendered(preview.query_one("#send-when")).strip() == (
            "Brevet sendes mandag kl. 09.00.")
        text = shown(preview.query_one("#send-preview"))
        assert text.lstrip("│╭ \n").startswith("Møde på jobcentret onsdag den 2. december kl. 10.00")
        for line in ("Kære Søren", "2. Praktik hos Fjordby Zoo (15 min.)"):
            assert line in text
        for header in ("To:", "From:", "Subject:", SOEREN_EMAIL, SENDER):
            assert header not in text
        assert not preview.query(Input)  # no address to type: it does not go by e-mail
        assert outbox(the_desk) == []  # a preview sends nothing
        await pilot.press("ctrl+s")
        screen = await back_on_preparation(pilot)
        assert [n.message for n in app._notifications] == [
            "Indkaldelsen ligger i udbakken og går med Digital Post. Brevet sendes mandag "
            "kl. 09.00."]
        assert line_of(screen, "indkaldelsen") == (
            "✓  Send dagsordenen med indkaldelsen — Indkaldelsen med dagsordenen er sendt")
    [message] = outbox(the_desk)
    assert (message.channel, message.to_address, message.not_before) == (
        "digital_post", "", MONDAY_0900)
    assert "2. Praktik hos Fjordby Zoo (15 min.)" in message.body


async def test_a_representative_without_e_mail_is_asked_about_once_the_invitation_is_sent(
    db_url: str,
) -> None:
    """Before the invitation, Enter on the representative line opens the letter; after
    it, the line asks whether the representative (who had no copy: no e-mail) was invited
    another way, and yes ticks the line."""
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10))
    with the_desk.workspace.sessions() as session:
        session.add(m.Representative(citizen_id=the_desk.ids["soeren"], kind="representative",
                                     name="Jens Berg", relation="LO-faglig konsulent"))
        session.commit()
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_preparation(pilot, the_desk, "meeting_next")
        assert line_of(screen, "partsrepræsentanten") == (
            "✗  Inviter partsrepræsentanten eller bisidderen — Ikke inviteret endnu: Jens Berg")
        await choose(pilot, screen, "representative")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, LetterScreen))
        await settled(pilot)
        assert "Jens Berg må tale og handle for dig i din sag." in body(pilot.app.screen)
        await open_send_preview(pilot)
        await pilot.press("ctrl+s")
        await back_on_preparation(pilot)
        assert line_of(screen, "indkaldelsen").startswith("✓")
        assert line_of(screen, "partsrepræsentanten").startswith("✗")
        await choose(pilot, screen, "representative")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, QuestionDialog))
        assert ("Jens Berg har ikke fået indkaldelsen. Har du inviteret Jens Berg på en anden "
                "måde, i telefon eller med brev?") in " ".join(shown(pilot.app.screen).split())
        await pilot.press("enter")
        await back_on_preparation(pilot)
        await settled(pilot)
        assert line_of(screen, "partsrepræsentanten") == (
            "✓  Inviter partsrepræsentanten eller bisidderen — Inviteret")


async def test_moving_a_meeting_after_the_invitation_asks_for_a_new_one(db_url: str) -> None:
    """The invitation says 10.00; moved to 11.30, the line must ask for it again
    (meetings.reschedule: a new time needs a new invitation)."""
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await open_letter(pilot, the_desk)
        await open_send_preview(pilot)
        await pilot.press("ctrl+s")
        screen = await back_on_preparation(pilot)
        assert line_of(screen, "indkaldelsen").startswith("✓")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(pilot.app.screen, MeetingFormScreen))
        await settled(pilot)
        await pilot.press("tab", "end", "ctrl+u", *"11.30", "ctrl+s")
        await back_on_preparation(pilot)
        assert "kl. 11.30" in shown(screen)
        assert line_of(screen, "indkaldelsen").startswith("✗")


# --- hostile text (R-SEC-6) -------------------------------------------------------------------


async def test_a_hostile_name_shows_literally_in_the_letter_and_its_preview(
    db_url: str,
) -> None:
    """The invitation to the citizen named with markup and escapes greets them by that
    name as written, in the text and in the preview."""
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_unprepared", ("Din situation", 10))
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await open_preparation(pilot, the_desk, "meeting_unprepared")
        await pilot.press("b")
        await until(pilot, lambda: isinstance(pilot.app.screen, LetterScreen))
        await settled(pilot)
        letter = pilot.app.screen
        assert squeezed(f"Indkaldelse · {HOSTILE_SHOWN[:30]}") in squeezed(shown(letter))
        assert body(letter).startswith(f"Kære {HOSTILE_SHOWN}\n")
        preview = await open_send_preview(pilot)
        await until(pilot, lambda: "Kære" in shown(preview.query_one("#send-preview")))
        assert squeezed(f"Kære {HOSTILE_SHOWN}") in squeezed(
            shown(preview.query_one("#send-preview")))
        assert pilot.app.is_running


# --- two windows on one letter (R-TEAM-1) ---------------------------------------------------


def send_problem(preview: SendLetterScreen) -> str:
    return " ".join(rendered(preview.query_one("#problem")).split())


def problem(screen) -> str:
    return " ".join(rendered(screen.query_one("#problem")).split())


async def test_a_save_on_a_stale_letter_keeps_the_text_and_r_and_ctrl_g_bring_both_together(
    db_url: str,
) -> None:
    """Another window saves the draft while this one is open. Ctrl+S here is refused with
    a sentence saying so and where the text is; the letter is locked until r shows the
    letter as it is now; Ctrl+G puts the kept text back, and Ctrl+S saves it on top."""
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_letter(pilot, the_desk)
        elsewhere = letters.open_invitation(the_desk.workspace, the_desk.ids["meeting_next"])
        letters.save_text(the_desk.workspace, elsewhere.letter_id, elsewhere.version,
                          elsewhere.subject, "Teksten fra det andet vindue\n")
        await pilot.press("end", *" Min rettelse.")
        mine = body(screen)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(problem(screen)))
        assert problem(screen).startswith("⚠ Du ændrede brevet i et andet vindue")
        assert "gemt som version 3" in problem(screen) and "Tryk Ctrl+R" in problem(screen)
        assert screen.query_one("#letter-body", TextArea).read_only
        await pilot.press("x")  # a locked letter takes no typing
        assert body(screen) == mine
        await pilot.press("ctrl+r")
        await until(pilot, lambda: body(screen) == "Teksten fra det andet vindue\n")
        await settled(pilot)
        assert problem(screen) == ""
        assert "version 3" in " ".join(rendered(screen.query_one("#letter-state")).split())
        await pilot.press("ctrl+g")
        assert body(screen) == mine
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Version 4 er gemt." in shown(screen))
    versions = letter_versions(the_desk)
    assert [v.body for v in versions][1:] == ["Teksten fra det andet vindue\n", mine, mine]


async def test_leaving_a_stale_letter_keeps_the_text_and_says_so(db_url: str) -> None:
    """Escape on a letter changed in another window: the text is kept, the screen stays
    with the sentence; a second Escape leaves without saving again."""
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_letter(pilot, the_desk)
        elsewhere = letters.open_invitation(the_desk.workspace, the_desk.ids["meeting_next"])
        letters.save_text(the_desk.workspace, elsewhere.letter_id, elsewhere.version,
                          "Andet emne", elsewhere.body)
        await pilot.press("end", *" Min rettelse.")
        await pilot.press("escape")
        await until(pilot, lambda: bool(problem(screen)))
        assert pilot.app.screen is screen and "version 3" in problem(screen)
        await pilot.press("escape")
        await back_on_preparation(pilot)
    assert [v.number for v in letter_versions(the_desk)] == [1, 2, 3]


async def test_a_letter_changed_after_the_preview_opened_is_not_sent(db_url: str) -> None:
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await open_letter(pilot, the_desk)
        preview = await open_send_preview(pilot)
        elsewhere = letters.open_invitation(the_desk.workspace, the_desk.ids["meeting_next"])
        letters.save_text(the_desk.workspace, elsewhere.letter_id, elsewhere.version,
                          "Andet emne", elsewhere.body)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(send_problem(preview)))
        assert send_problem(preview).startswith("⚠ Du ændrede brevet i et andet vindue")
        assert "Det er ikke sendt" in send_problem(preview)
        assert pilot.app.screen is preview
    assert outbox(the_desk) == []


async def test_opening_the_letter_is_in_the_access_log(db_url: str) -> None:
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await open_letter(pilot, the_desk)
    with the_desk.workspace.sessions() as session:
        looks = session.exec(select(m.AccessLog).where(m.AccessLog.action == "letter")).all()
    assert [look.citizen_id for look in looks] == [the_desk.ids["soeren"]]
