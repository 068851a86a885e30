"""Meeting mode: the fields, agreements on one line, factual language, the draft that
survives a crash, finishing and sending, and the keystrokes a follow-up meeting takes."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select
from support.apps import make_app
from support.desk import HOSTILE_NAME, HOSTILE_SHOWN
from support.hostile import HOSTILE
from support.notes import blank_notes, meeting_desk, save_draft
from support.people import NOW, SIZE
from support.pilot import (
    Keyboard,
    drawn,
    on_the_terminal,
    paste_text,
    rendered,
    settled,
    shown,
    squeezed,
    type_text,
    until,
)
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from prepdesk.core.meeting_mode import Person, parse_agreement
from prepdesk.core.note_content import AgreedAction
from prepdesk.data import models as m
from prepdesk.screens.meeting_mode import (
    ApprovalPreviewScreen,
    DraftOfferScreen,
    MeetingModeScreen,
)
from prepdesk.screens.my_day import MyDayScreen
from prepdesk.text import strip_controls
from prepdesk.ui.dialogs import DiscardDialog
from prepdesk.widgets.language_panel import LanguagePanel


async def open_meeting_mode(pilot: Pilot, the_desk) -> MeetingModeScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
    await settled(pilot)
    pilot.app.push_screen(MeetingModeScreen(the_desk.workspace, the_desk.ids["meeting_today"]))
    await until(pilot, lambda: bool(pilot.app.screen.query("#next-meeting"))
                or isinstance(pilot.app.screen, DraftOfferScreen))
    await settled(pilot)
    return pilot.app.screen


def panel_text(screen) -> str:
    """The language panel's text, its wrapped lines joined with spaces."""
    panel = screen.query(LanguagePanel).first()
    return " ".join(rendered(static).replace("\n", " ") for static in panel.query("Static"))


def today_note(the_desk):
    return select(m.Note).where(m.Note.meeting_id == the_desk.ids["meeting_today"])


def the_note(session, the_desk) -> m.Note:
    return session.exec(today_note(the_desk)).one()


# --- the fields -------------------------------------------------------------------------------


async def test_the_notes_have_a_field_for_each_agenda_item_and_each_part(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        text = shown(screen)
        with the_desk.workspace.sessions() as session:
            items = [i.title for i in session.exec(select(m.AgendaItem).order_by(m.AgendaItem.position))
                     if i.meeting_id == the_desk.ids["meeting_today"]]
        assert len(items) >= 4
        for number, title in enumerate(items, start=1):
            assert f"{number}. {title}  ✓ nået" in text
        for title in ["Borgerens syn, med egne ord", "Oplysninger", "Aftaler", "Næste skridt",
                      "Næste møde", "Udtalelser drøftet"]:
            assert title in text
        assert ("Deltagere: Søren Møller (borger), Mette Kjær (sagsbehandler), "
                "Birthe Møller (bisidder)") in text
        assert "Én aftale pr. linje: hvad / hvem / hvornår" in text
        assert "Lægeerklæring" in rendered(screen.query_one("#statements", OptionList))
        assert screen.focused.id == f"text-item-{the_desk.ids['items'][0]}"
        # Tab goes from field to field, past the language panel.
        await pilot.press("tab")
        assert screen.focused.id == f"text-item-{the_desk.ids['items'][1]}"
        await pilot.press("ctrl+up")
        assert screen.focused.id == f"text-item-{the_desk.ids['items'][0]}"


async def test_ctrl_r_marks_the_item_not_reached_and_reloads_after_a_refusal(db_url: str) -> None:
    """A refusal says "Genindlæs (Ctrl+R)": with the cursor in an agenda item's field, where
    Ctrl+R marks the item reached or not, it then reloads instead (here: to the notes a
    colleague finished), and leaves the item as it was."""
    from prepdesk.core import notes
    from prepdesk.errors import Conflict
    from prepdesk.ui.problem import ProblemBar

    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        first = the_desk.ids["items"][0]
        await pilot.press("ctrl+r")
        assert "✗ ikke nået" in rendered(screen.query_one(f"#title-item-{first}"))
        assert screen.content().sections[0].reached is False
        await pilot.press("ctrl+r")
        assert "✓ nået" in rendered(screen.query_one(f"#title-item-{first}"))

        notes.finish(the_desk.workspace, the_desk.ids["meeting_today"], screen.content())
        await type_text(pilot, "Mere tekst.")  # saved at the next tick: refused
        await until(pilot, lambda: isinstance(screen.query_one(ProblemBar).problem, Conflict))
        assert screen.focused.id == f"text-item-{first}"
        await drawn(pilot)  # the key bar no longer offers Ctrl+R for the item
        assert "Nået / ikke nået" not in on_the_terminal(pilot.app)
        assert "Ikke gemt." in on_the_terminal(pilot.app)  # not under the problem bar
        reached = dict(screen._reached)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "NoteScreen")
        assert screen._reached == reached


# --- agreements ---------------------------------------------------------------------------------

PEOPLE = [Person("citizen", "Søren Møller"), Person("caseworker", "Mette Kjær"),
          Person("companion", "Birthe Møller")]


@pytest.mark.parametrize(("line", "expected"), [
    ("Søren ringer til lægen / borger / 7.12",
     {"what": "Søren ringer til lægen", "who": "citizen", "who_name": "Søren Møller",
      "due_on": date(2026, 12, 7)}),
    ("Find en praktik / Mette / 15.01",
     {"what": "Find en praktik", "who": "caseworker", "who_name": "Mette Kjær",
      "due_on": date(2027, 1, 15)}),
    ("Kør Søren til mødet / birthe",
     {"what": "Kør Søren til mødet", "who": "other", "who_name": "Birthe Møller"}),
    ("Læs erklæringen / BEGGE / 01.12.2026.",
     {"what": "Læs erklæringen", "who": "both", "due_on": date(2026, 12, 1)}),
    ("Søg job / soeren / 23.11.26", {"what": "Søg job", "who": "citizen", "who_name": "Søren Møller",
                                     "due_on": date(2026, 11, 23)}),
    ("Søg 5 job og/eller praktik / borger / 8.12",
     {"what": "Søg 5 job og/eller praktik", "who": "citizen", "who_name": "Søren Møller",
      "due_on": date(2026, 12, 8)}),
    ("Meld dig i HK/Danmark / borger",
     {"what": "Meld dig i HK/Danmark", "who": "citizen", "who_name": "Søren Møller"}),
    ("Tal med A / B om 1/2 tid / Mette / 15.01",
     {"what": "Tal med A / B om 1/2 tid", "who": "caseworker", "who_name": "Mette Kjær",
      "due_on": date(2027, 1, 15)}),
])
def test_an_agreement_is_what_who_and_by_when(line: str, expected: dict) -> None:
    assert parse_agreement(line, today=NOW.date(), people=PEOPLE) == AgreedAction(**expected)


async def test_agreements_are_added_one_line_each_and_bad_ones_are_explained(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        field = screen.query_one("#agreement-input", Input)
        field.focus()
        hint = screen.query_one("#agreement-hint")
        for line, problem in [
            ("Ring til lægen / borgr / 7.12", "Hvem er »borgr«? Skriv borger, sagsbehandler, begge "
                                              "eller en deltagers navn (Søren, Mette, Birthe)."),
            ("Ring til lægen / borger / 31.02", "Datoen 31.02 findes ikke."),
            ("Ring til lægen / borger / i morgen", "Skriv datoen som dd.mm eller dd.mm.åååå"),
            ("Ring til lægen / borger / 1.11.2026", "Datoen 1.11.2026 er overstået."),
            ("Ring til lægen", "Skriv efter en skråstreg, hvem der gør det"),
            (" / borger", "Skriv først, hvad der blev aftalt"),
            ("a / b / c / d", "Hvem er »d«?"),
        ]:
            field.value = line
            await pilot.press("enter")
            assert problem in rendered(hint).replace("\n", " ")
            assert field.value == line  # kept, to be corrected
        field.value = ""
        await type_text(pilot, "Søren ringer til lægen / borger / 7.12")
        await pilot.press("enter")
        await type_text(pilot, "Find en praktik med lette opgaver / Mette")
        await pilot.press("enter")
        assert field.value == ""
        listed = rendered(screen.query_one("#agreements", OptionList))
        # The owner by name, as everywhere the agreement is shown (issue 11, item 3).
        assert "• Søren ringer til lægen — Søren Møller — senest 07.12.2026" in listed
        assert "• Find en praktik med lette opgaver — Mette Kjær" in listed
        assert "Én aftale pr. linje" in rendered(hint)
        # Delete on an agreement puts it back in the field, to be corrected.
        await pilot.press("shift+tab")
        assert screen.focused.id == "agreements"
        await pilot.press("delete")
        assert field.value == "Søren ringer til lægen / Søren Møller / 07.12.2026"
        assert screen.focused is field
        assert len(screen.content().agreements) == 1


# --- factual language (R-NOTE-2) -------------------------------------------------------------


async def test_subjective_words_are_flagged_with_a_hint_and_the_field(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        assert "Intet at rette." in panel_text(screen)
        screen.query_one("#text-facts", TextArea).focus()
        await type_text(pilot, "Søren virker umotiveret.")
        assert screen.query_one("#text-facts", TextArea).text == "Søren virker umotiveret."
        # The check of the whole text: one of a part typed (a busy machine) has »virker« only.
        await until(pilot, lambda: "»umotiveret«" in panel_text(screen))
        await settled(pilot)
        text = panel_text(screen)
        assert "»virker«" in text
        assert "Subjektivt ord · Oplysninger" in text
        assert "Skriv hvad du så eller hørte" in text
        assert "»umotiveret«" in text
        assert "Intet at rette." not in text


# --- finishing and sending ---------------------------------------------------------------------


async def test_finishing_shows_the_citizens_version_then_finishes_and_sends(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        await type_text(pilot, "Vi bød velkommen.")
        await pilot.press("ctrl+r")  # the first item was not reached after all
        screen.query_one("#agreement-input").focus()
        await type_text(pilot, "Søren ringer til lægen / borger / 7.12\n")
        screen.query_one("#next-meeting").focus()
        await type_text(pilot, "mandag 14.12. kl. 10.00")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ApprovalPreviewScreen))
        await settled(pilot)
        preview = pilot.app.screen
        on_screen = shown(preview)
        assert on_screen.index("Søren ringer til lægen (Dig, senest 07.12.2026)") < on_screen.index("Vi bød velkommen.")
        assert "✓ LIX 16,3: meget let at læse (mål: højst 40)" in panel_text(preview)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        await settled(pilot)
        assert [n.message for n in pilot.app._notifications] == [
            "Referatet er afsluttet og sendt til borgeren til godkendelse."]
    with the_desk.workspace.sessions() as session:
        note = the_note(session, the_desk)
        assert note.status == "sent"
        request = session.exec(select(m.ApprovalRequest).where(m.ApprovalRequest.note_id == note.id)).one()
        message = session.exec(select(m.OutboxMessage)).one()
        assert message.to_address == "soeren@example.org"
        assert message.approval_request_id == request.id
        assert "https://borger.fjordby.example/g/" in message.body
        agreement = session.exec(select(m.Agreement).where(m.Agreement.meeting_id == note.meeting_id)).one()
        assert (agreement.what, agreement.who, agreement.due_on) == (
            "Søren ringer til lægen", "citizen:Søren Møller", date(2026, 12, 7))
        first = session.get(m.AgendaItem, the_desk.ids["items"][0])
        assert first.reached is False
        assert session.exec(select(m.NoteDraft)).first() is None


async def test_escape_in_the_preview_goes_back_to_writing(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        await type_text(pilot, "Tekst")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ApprovalPreviewScreen))
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is screen)
        assert screen.focused.text == "Tekst"
    with the_desk.workspace.sessions() as session:
        assert session.exec(today_note(the_desk)).first() is None


async def test_a_deviation_from_a_statement_needs_a_reason(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        statements = screen.query_one("#statements", OptionList)
        statements.focus()
        await pilot.press("space")
        assert "☑ Lægeerklæring" in rendered(statements) and "Drøftet" in rendered(statements)
        await pilot.press("a")
        reason = screen.query_one("#statement-reason", Input)
        assert screen.focused is reason
        await pilot.press("enter")
        assert "Skriv, hvorfor referatet afviger" in rendered(screen.query_one("#status"))
        await pilot.press("ctrl+s")  # not finished: the reason is missing
        assert not isinstance(pilot.app.screen, ApprovalPreviewScreen)
        assert "Referatet afviger fra konklusionen i »Lægeerklæring«: skriv hvorfor." in rendered(
            screen.query_one("#status"))
        reason.focus()
        await type_text(pilot, "Søren arbejder allerede 15 timer i praktikken.")
        await pilot.press("enter")
        assert screen.focused is statements
        assert "Referatet afviger. Hvorfor: Søren arbejder allerede 15 timer" in rendered(statements)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ApprovalPreviewScreen))
        await pilot.press("u")  # finish without sending
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
    with the_desk.workspace.sessions() as session:
        discussion = session.exec(select(m.StatementDiscussion)).one()
        assert discussion.deviates
        assert discussion.deviation_reason == "Søren arbejder allerede 15 timer i praktikken."
        note = the_note(session, the_desk)
        assert note.status == "final"
        assert session.exec(select(m.ApprovalRequest).where(m.ApprovalRequest.note_id == note.id)).first() is None


async def test_an_unadded_agreement_stops_finishing(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        screen.query_one("#agreement-input", Input).value = "Halvt skrevet aftale"
        await pilot.press("ctrl+s")
        assert not isinstance(pilot.app.screen, ApprovalPreviewScreen)
        assert screen.focused.id == "agreement-input"
        assert "ikke er tilføjet" in rendered(screen.query_one("#status"))


async def test_without_an_e_mail_the_notes_are_finished_and_shown_unsent(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    with the_desk.workspace.sessions() as session:
        session.get(m.Citizen, the_desk.ids["soeren"]).email = None
        session.commit()
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await open_meeting_mode(pilot, the_desk)
        await type_text(pilot, "Tekst")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ApprovalPreviewScreen))
        await pilot.press("enter")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "NoteScreen")
        await settled(pilot)
        assert [n.message for n in pilot.app._notifications] == [
            "Referatet er afsluttet, men ikke sendt: Borgeren har ingen e-mailadresse. Giv "
            "borgeren referatet på anden vis (udleveret personligt, med posten eller med "
            "Digital Post), og "
            "tryk så g på det i Min dag under »Referater, der ikke er sendt til borgeren«. Min "
            "dag viser det, til det er sendt eller givet."]
    with the_desk.workspace.sessions() as session:
        note = the_note(session, the_desk)
        assert note.status == "final"
        assert session.exec(select(m.ApprovalRequest).where(m.ApprovalRequest.note_id == note.id)).first() is None


# --- R-NOTE-5: the keystrokes of a follow-up meeting -----------------------------------------------


async def test_a_follow_up_meeting_takes_at_most_25_keystrokes_besides_the_text(db_url) -> None:
    the_desk = meeting_desk(db_url)
    items = len(the_desk.ids["items"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        await settled(pilot)
        keyboard = Keyboard(pilot)
        # The key that opens meeting mode from my day (the app binds it): counted as one.
        keyboard.count += 1
        await open_meeting_mode(pilot, the_desk)
        for number in range(items):
            await keyboard.type(f"Punkt {number + 1}: Søren fortalte om sin uge.\nHan sover bedre.")
            await keyboard.press("tab")
        await keyboard.press("tab", "tab")  # past the citizen's view and the facts
        await keyboard.type("Søren ringer til lægen om skånehensyn / borger / 7.12")
        await keyboard.press("enter")
        await keyboard.type("Mette finder en praktik med lette opgaver / sagsbehandler / 18.12")
        await keyboard.press("enter")
        await keyboard.press("tab", "tab")  # past next steps, to the next meeting
        await keyboard.type("Mandag 4.1. kl. 10.00 i samme lokale")
        await keyboard.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ApprovalPreviewScreen))
        await keyboard.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        await settled(pilot)
    assert keyboard.count <= 25, keyboard.count
    with the_desk.workspace.sessions() as session:
        note = the_note(session, the_desk)
        version = session.exec(select(m.NoteVersion).where(m.NoteVersion.note_id == note.id)).one()
        assert note.status == "sent"
        assert [s["text"].startswith(f"Punkt {n + 1}:") for n, s in enumerate(version.content["sections"])] \
            == [True] * items
        assert len(version.content["agreements"]) == 2
        assert version.content["next_meeting"] == "Mandag 4.1. kl. 10.00 i samme lokale"


# --- R-NOTE-3: the draft ----------------------------------------------------------------------------


def draft_of(the_desk) -> dict | None:
    with the_desk.workspace.sessions() as session:
        draft = session.exec(select(m.NoteDraft)).first()
        return draft.content if draft else None


async def test_the_draft_is_saved_while_typing_and_offered_back_after_a_crash(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        assert draft_of(the_desk) is None  # opening alone saves nothing
        await type_text(pilot, "Søren har søgt fire job.")
        screen.query_one("#agreement-input").focus()
        await type_text(pilot, "Halvt skrevet")
        # At most two seconds behind the keyboard, without leaving the screen.
        await until(pilot, lambda: (draft_of(the_desk) or {}).get("unsaved_agreement") == "Halvt skrevet")
        assert draft_of(the_desk)["sections"][0]["text"] == "Søren har søgt fire job."
        assert "Kladden er gemt kl. 08.00." in rendered(screen.query_one("#draft-state"))
        # A crash: the app is gone without closing the screen; a new one opens the meeting.
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await open_meeting_mode(pilot, the_desk)
        offer = pilot.app.screen
        assert isinstance(offer, DraftOfferScreen)
        question = rendered(offer.query_one("#draft-question")).replace("\n", " ")
        assert "Der er en kladde fra kl. 08.00. Vil du fortsætte med den?" in question
        # Saved a moment ago: perhaps the same notes are open in another window.
        assert "måske i et andet vindue" in question
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, MeetingModeScreen))
        await settled(pilot)
        screen = pilot.app.screen
        assert screen.query(TextArea).first().text == "Søren har søgt fire job."
        assert screen.query_one("#agreement-input", Input).value == "Halvt skrevet"


async def test_starting_over_replaces_the_draft(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    save_draft(the_desk, blank_notes(the_desk).model_copy(update={"facts": "Gammel kladde"}),
               at=NOW - timedelta(days=1, hours=-2))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await open_meeting_mode(pilot, the_desk)
        question = rendered(pilot.app.screen.query_one("#draft-question"))
        assert "Der er en kladde fra 22.11.2026 kl. 10.00." in question
        assert "andet vindue" not in question  # a day old: open nowhere else
        offer = pilot.app.screen
        await pilot.press(*"noter")  # typing at once: n asks first, and nothing is emptied
        await until(pilot, lambda: isinstance(pilot.app.screen, DiscardDialog))
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is offer)
        assert draft_of(the_desk)["facts"] == "Gammel kladde"
        await pilot.press("n", "k")
        await until(pilot, lambda: isinstance(pilot.app.screen, MeetingModeScreen))
        await settled(pilot)
        assert pilot.app.screen.query_one("#text-facts", TextArea).text == ""
        await until(pilot, lambda: draft_of(the_desk)["facts"] == "")


async def test_leaving_keeps_even_the_last_second(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await open_meeting_mode(pilot, the_desk)
        await type_text(pilot, "Sidste ord")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        assert draft_of(the_desk)["sections"][0]["text"] == "Sidste ord"


# --- hostile text (R-SEC-6) ---------------------------------------------------------------------------


async def test_hostile_text_in_titles_drafts_and_statements_is_shown_literally(db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    hostile = [text for text in HOSTILE if text and len(text) < 1000]
    with the_desk.workspace.sessions() as session:
        meeting = session.get(m.Meeting, the_desk.ids["meeting_today"])
        for item_id, text in zip(the_desk.ids["items"], hostile, strict=False):
            session.get(m.AgendaItem, item_id).title = text
        session.get(m.Statement, the_desk.ids["statement"]).title = HOSTILE_NAME
        session.add(m.MeetingParticipant(meeting_id=meeting.id, role="other", name=HOSTILE_NAME))
        session.commit()
    content = blank_notes(the_desk)
    for section, text in zip(content.sections, hostile, strict=False):
        content = content.with_text(section.key, text + " virker")
    content = content.model_copy(update={
        "facts": HOSTILE[-2],  # 120,000 characters on one line
        "agreements": tuple(AgreedAction(what=text, who="citizen") for text in hostile)})
    save_draft(the_desk, content)
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await open_meeting_mode(pilot, the_desk)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, MeetingModeScreen))
        await settled(pilot)
        await pilot.pause(0.5)  # the language check
        await settled(pilot)
        screen = pilot.app.screen
        on_screen = shown(screen)
        assert squeezed(HOSTILE_SHOWN) in squeezed(rendered(screen.query_one("#participants")))
        assert f"1. {strip_controls(hostile[0])}" in on_screen
        assert "[@click=app.quit]Klik her[/]" in rendered(screen.query_one("#agreements"))
        assert squeezed(HOSTILE_SHOWN) in squeezed(rendered(screen.query_one("#statements")))
        assert "»virker«" in panel_text(screen)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ApprovalPreviewScreen))
        await settled(pilot)
        assert "[BOLD]skjult?[/BOLD]" in shown(pilot.app.screen)
        pilot.app.notify(HOSTILE[0], markup=False)
        await pilot.pause()


# --- how it looks ------------------------------------------------------------------------------------


def test_meeting_mode_looks_right(snap_compare, tmp_path) -> None:
    the_desk = meeting_desk(f"sqlite:///{tmp_path / 'snapshot.sqlite'}")
    content = blank_notes(the_desk)
    first, second, *rest = content.sections
    content = content.model_copy(update={
        "sections": (first.model_copy(update={"text": "Søren fortalte, at han sover bedre. Han virker glad."}),
                     second.model_copy(update={"reached": False}), *rest),
        "agreements": (AgreedAction(what="Søren ringer til lægen", who="citizen",
                                    due_on=date(2026, 12, 7)),)})
    save_draft(the_desk, content)

    async def run_before(pilot: Pilot) -> None:
        await open_meeting_mode(pilot, the_desk)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, MeetingModeScreen))
        await until(pilot, lambda: "»virker«" in panel_text(pilot.app.screen))
        for widget in pilot.app.screen.query("TextArea, Input"):
            widget.cursor_blink = False
        await settled(pilot)
        # Under load the first field's scroll-into-view sometimes ran on a layout of a
        # moment before and left the fields one line down: the picture is of the top.
        pilot.app.screen.query_one("#fields").scroll_home(animate=False)
        await pilot.pause()

    assert snap_compare(make_app(the_desk.workspace), terminal_size=SIZE, run_before=run_before)


async def test_a_draft_saved_from_another_window_is_merged_and_said(db_url: str) -> None:
    """Two windows on one draft: this window's next autosave keeps the other window's text
    and its own, shows both, and says so (R-TEAM-1)."""
    from prepdesk.core import meeting_mode, notes

    the_desk = meeting_desk(db_url)
    meeting_id = the_desk.ids["meeting_today"]
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        await type_text(pilot, "Fra vindue A.")
        await until(pilot, lambda: (draft_of(the_desk) or {}).get("sections", [{}])[0].get("text")
                    == "Fra vindue A.")
        other = meeting_mode.start(the_desk.workspace, meeting_id)  # the other window opens it
        notes.save_draft(the_desk.workspace, meeting_id,
                         other.draft.model_copy(update={"facts": "Fra vindue B."}),
                         seen_version=other.draft_version, base=other.draft)
        await type_text(pilot, " Mere.")
        await until(pilot, lambda: "andet vindue" in rendered(screen.query_one("#status")))
        await until(pilot, lambda: screen.query("#text-facts")
                    and screen.query_one("#text-facts", TextArea).text == "Fra vindue B.")
        first = screen.query_one(f"#text-item-{the_desk.ids['items'][0]}", TextArea)
        assert first.text == "Fra vindue A. Mere."
        # Said once, in the status line, not in a notice over it too.
        assert [n.message for n in pilot.app._notifications] == []
    stored = draft_of(the_desk)
    assert stored["facts"] == "Fra vindue B." and stored["sections"][0]["text"] == "Fra vindue A. Mere."


async def test_notes_that_cannot_be_opened_are_a_sentence_not_a_crash(sqlite_db_url, monkeypatch):
    """The database locked or read-only when m is pressed: the fields, never built, were
    looked for when the loading line went (NoMatches), and the app ended."""
    from prepdesk.errors import DatabaseAway
    from prepdesk.screens import meeting_mode
    from prepdesk.ui.problem import ProblemBar

    def away(ctx, meeting_id):
        raise DatabaseAway("Databasen svarer ikke lige nu.")

    monkeypatch.setattr(meeting_mode, "open_notes", away)
    the_desk = meeting_desk(sqlite_db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        await settled(pilot)
        pilot.app.push_screen(MeetingModeScreen(the_desk.workspace, the_desk.ids["meeting_today"]))
        await until(pilot, lambda: isinstance(pilot.app.screen, MeetingModeScreen) and any(
            bar.problem is not None for bar in pilot.app.screen.query(ProblemBar)))
        await settled(pilot)
        assert pilot.app.is_running
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))


async def test_pasted_lines_stay_lines_whatever_ends_them(db_url: str) -> None:
    """Terminals paste line breaks as CR (tmux), CR LF or LF: each stays a line break."""
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        await paste_text(pilot, "linje et\rlinje to\r\nlinje tre\nlinje fire\x1b")
        await settled(pilot)
        assert screen.focused.text == "linje et\nlinje to\nlinje tre\nlinje fire"


async def test_finishing_leaves_out_nothing_another_window_saved_meanwhile(db_url: str) -> None:
    """The other window saved more to the draft after this one last did: finishing here is
    refused and brings both texts onto the screen; finished then, the notes hold both."""
    from prepdesk.core import meeting_mode, notes

    the_desk = meeting_desk(db_url)
    meeting_id = the_desk.ids["meeting_today"]
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        await type_text(pilot, "Fra dette vindue.")
        await until(pilot, lambda: (draft_of(the_desk) or {}).get("sections", [{}])[0].get("text")
                    == "Fra dette vindue.")
        other = meeting_mode.start(the_desk.workspace, meeting_id)
        notes.save_draft(the_desk.workspace, meeting_id,
                         other.draft.model_copy(update={"facts": "Fra det andet vindue."}),
                         seen_version=other.draft_version, base=other.draft)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ApprovalPreviewScreen))
        await pilot.press("enter")
        await until(pilot, lambda: screen.query("#text-facts")
                    and screen.query_one("#text-facts", TextArea).text == "Fra det andet vindue.")
        assert "andet vindue" in rendered(screen.query_one("#status"))
        with the_desk.workspace.sessions() as session:
            assert session.exec(today_note(the_desk)).first() is None
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ApprovalPreviewScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
    with the_desk.workspace.sessions() as session:
        content = session.exec(select(m.NoteVersion)).one().content
    assert content["facts"] == "Fra det andet vindue."
    assert content["sections"][0]["text"] == "Fra dette vindue."


async def test_ctrl_l_reloads_the_draft_with_this_windows_text_kept(db_url: str) -> None:
    from prepdesk.core import meeting_mode, notes

    the_desk = meeting_desk(db_url)
    meeting_id = the_desk.ids["meeting_today"]
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        await type_text(pilot, "Fra dette vindue.")
        await until(pilot, lambda: draft_of(the_desk) is not None)
        other = meeting_mode.start(the_desk.workspace, meeting_id)
        notes.save_draft(the_desk.workspace, meeting_id,
                         other.draft.model_copy(update={"next_steps": "Fra det andet vindue."}),
                         seen_version=other.draft_version, base=other.draft)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: screen.query("#text-next_steps")
                    and screen.query_one("#text-next_steps", TextArea).text == "Fra det andet vindue.")
        first = screen.query_one(f"#text-item-{the_desk.ids['items'][0]}", TextArea)
        assert first.text == "Fra dette vindue."


# --- issue 11, item 14: the agreement field stays in view at 120x36 ----------------------------


def in_view(screen, widget) -> bool:
    """Whether all of `widget` is inside the visible part of the fields."""
    from textual.errors import NoWidget

    try:
        region = widget.region
    except NoWidget:
        return False
    return bool(region) and screen.query_one("#fields").content_region.contains_region(region)


async def test_the_agreement_field_and_its_warning_stay_in_view_and_the_warning_goes(
        db_url: str) -> None:
    assert SIZE == (120, 36)
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        field = screen.query_one("#agreement-input", Input)
        hint = screen.query_one("#agreement-hint")
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab", "tab")  # past 5 items, 2 parts
        assert screen.focused is field
        await settled(pilot)
        assert in_view(screen, field) and in_view(screen, hint)
        for line in ["Søren ringer til lægen / borger / 7.12",
                     "Find en praktik med lette opgaver / Mette",
                     "Birthe kører Søren til mødet / Birthe",
                     "Læs erklæringen igen / begge"]:
            await paste_text(pilot, line)
            await pilot.press("enter")
            await settled(pilot)
            assert field.value == ""
            # In view once the scroll that follows the new line has run (late under load).
            await until(pilot, lambda: in_view(screen, field) and in_view(screen, hint))
        await paste_text(pilot, "Ring til lægen / borgr")
        await pilot.press("enter")
        await settled(pilot)
        assert "⚠ Hvem er »borgr«?" in rendered(hint).replace("\n", " ")
        assert in_view(screen, field) and in_view(screen, hint)
        # Emptying the field takes the warning with it.
        await pilot.press("ctrl+u")
        await settled(pilot)
        assert field.value == ""
        assert "⚠" not in rendered(hint)
        assert "Én aftale pr. linje" in rendered(hint)
        # Leaving the field and coming back shows it and its hint again.
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        await pilot.press("tab", "tab", "tab")
        assert screen.focused is field
        await settled(pilot)
        assert in_view(screen, field) and in_view(screen, hint)


# --- issue 10, item 5: a restored draft puts the cursor where typing stopped ---------------------


async def reopen_with_the_draft(pilot: Pilot, the_desk) -> MeetingModeScreen:
    await open_meeting_mode(pilot, the_desk)
    assert isinstance(pilot.app.screen, DraftOfferScreen)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, MeetingModeScreen))
    await settled(pilot)
    return pilot.app.screen


async def test_a_restored_draft_puts_the_cursor_at_the_end_of_the_field_typed_in_last(
        db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    second = f"text-item-{the_desk.ids['items'][1]}"
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        await paste_text(pilot, "Første punkt.")
        screen.query_one("#text-facts").focus()
        await paste_text(pilot, "Søren har søgt fire job.")
        screen.query_one(f"#{second}").focus()
        await paste_text(pilot, "Det går bedre.\nHan sover om natten")
        await until(pilot, lambda: ((draft_of(the_desk) or {}).get("sections") or [{}, {}])[1]
                    .get("text") == "Det går bedre.\nHan sover om natten")
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await reopen_with_the_draft(pilot, the_desk)
        field = screen.query_one(f"#{second}", TextArea)
        assert screen.focused is field
        assert field.cursor_location == (1, len("Han sover om natten"))
        await paste_text(pilot, ", siger han.")
        assert field.text == "Det går bedre.\nHan sover om natten, siger han."
    # The last field typed in may be a one-line field too.
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await reopen_with_the_draft(pilot, the_desk)
        screen.query_one("#next-meeting").focus()
        await paste_text(pilot, "Mandag kl. 10")
        await until(pilot, lambda: (draft_of(the_desk) or {}).get("next_meeting") == "Mandag kl. 10")
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await reopen_with_the_draft(pilot, the_desk)
        field = screen.query_one("#next-meeting", Input)
        assert screen.focused is field
        assert field.cursor_position == len("Mandag kl. 10")


async def test_a_draft_that_does_not_say_where_typing_stopped_puts_the_cursor_after_the_last_text(
        db_url: str) -> None:
    the_desk = meeting_desk(db_url)
    content = blank_notes(the_desk)
    content = content.with_text(content.sections[0].key, "Velkommen.")
    save_draft(the_desk, content.model_copy(update={"citizen_view": "Jeg vil gerne\nhave et job"}))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await reopen_with_the_draft(pilot, the_desk)
        field = screen.query_one("#text-citizen_view", TextArea)
        assert screen.focused is field
        assert field.cursor_location == (1, len("have et job"))
        assert in_view(screen, field)


# --- issue 10, item 4: the database away, typing goes on --------------------------------------------


def copies(home) -> list:
    folder = home / "state" / "prepdesk" / "drafts"
    return sorted(folder.glob("notes-*.json")) if folder.exists() else []


async def test_while_the_database_is_away_typing_goes_on_is_copied_and_caught_up(
        db_url: str, isolated_environment, monkeypatch) -> None:
    import prepdesk.screens.meeting_mode as meeting_mode_screen
    from prepdesk.core import notes
    from prepdesk.errors import DatabaseAway

    away = {"now": False, "tries": 0}
    real_save = notes.save_draft

    def save_draft_or_away(*args, **kwargs):
        if away["now"]:
            away["tries"] += 1
            raise DatabaseAway("Databasen svarer ikke lige nu.")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(meeting_mode_screen.notes, "save_draft", save_draft_or_away)
    monkeypatch.setattr(meeting_mode_screen, "AWAY_RETRY_SECONDS", 0.3)
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        await type_text(pilot, "Før.")
        # The database has all of it (a save while typing may have caught only "Fø").
        await until(pilot, lambda: (draft_of(the_desk) or {"sections": [{}]})["sections"][0]
                    .get("text") == "Før.")
        await until(pilot, lambda: not copies(isolated_environment))
        away["now"] = True
        await type_text(pilot, " Under")
        await until(pilot, lambda: away["tries"] >= 1)
        await settled(pilot)
        problem = screen.query_one("#problem")
        said = rendered(problem).replace("\n", " ")
        assert "Databasen svarer ikke" in said and "denne computer" in said
        # Typing goes on, and goes to the copy on this computer.
        await type_text(pilot, " udfaldet.")
        first = screen.query_one(f"#text-item-{the_desk.ids['items'][0]}", TextArea)
        assert first.text == "Før. Under udfaldet."
        await until(pilot, lambda: bool(copies(isolated_environment)) and json.loads(
            copies(isolated_environment)[0].read_text())["draft"]["sections"][0]["text"]
            == "Før. Under udfaldet.")
        assert draft_of(the_desk)["sections"][0]["text"] == "Før."
        await until(pilot, lambda: away["tries"] >= 3)  # tried again, said once, no toasts
        assert not pilot.app._notifications
        # The database is back: saved, said, and the copy goes.
        away["now"] = False
        await until(pilot, lambda: draft_of(the_desk)["sections"][0]["text"]
                    == "Før. Under udfaldet.")
        await until(pilot, lambda: "Databasen svarer igen" in rendered(screen.query_one("#status")))
        await until(pilot, lambda: not copies(isolated_environment))
        assert not problem.has_class("-shown")


async def test_a_copy_newer_than_the_database_is_brought_back_and_said(
        db_url: str, isolated_environment, monkeypatch) -> None:
    """A crash while the database was away: the copy on this computer holds what was typed."""
    import prepdesk.screens.meeting_mode as meeting_mode_screen
    from prepdesk.core import notes
    from prepdesk.errors import DatabaseAway

    away = {"now": False}
    real_save = notes.save_draft

    def save_draft_or_away(*args, **kwargs):
        if away["now"]:
            raise DatabaseAway("Databasen svarer ikke lige nu.")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(meeting_mode_screen.notes, "save_draft", save_draft_or_away)
    the_desk = meeting_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        await type_text(pilot, "I databasen.")
        await until(pilot, lambda: draft_of(the_desk) is not None)
        away["now"] = True
        screen.query_one("#text-facts").focus()
        await type_text(pilot, "Kun på computeren")
        await until(pilot, lambda: bool(copies(isolated_environment)) and json.loads(
            copies(isolated_environment)[0].read_text())["draft"]["facts"] == "Kun på computeren")
        screen._away = True  # the crash comes before the screen can close: no last save
        screen._copy = None
    away["now"] = False
    assert draft_of(the_desk)["facts"] == ""
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await reopen_with_the_draft(pilot, the_desk)
        assert screen.query_one("#text-facts", TextArea).text == "Kun på computeren"
        assert screen.focused.id == "text-facts"
        assert "Det, du skrev indtil kl. 08.00, nåede ikke databasen" in rendered(
            screen.query_one("#status"))
        await until(pilot, lambda: draft_of(the_desk)["facts"] == "Kun på computeren")
        await until(pilot, lambda: not copies(isolated_environment))


async def test_no_save_of_the_fields_on_screen_before_a_merge_is_shown(db_url: str) -> None:
    """A save answered with a merge (another window saved meanwhile) rebuilds the fields; an
    autosave tick before they show the merge saved the old fields over it (facts lost)."""
    from prepdesk.core import meeting_mode, notes

    the_desk = meeting_desk(db_url)
    meeting_id = the_desk.ids["meeting_today"]
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_meeting_mode(pilot, the_desk)
        await type_text(pilot, "Fra vindue A.")
        await until(pilot, lambda: (draft_of(the_desk) or {}).get("sections", [{}])[0].get("text")
                    == "Fra vindue A.")
        await settled(pilot)
        other = meeting_mode.start(the_desk.workspace, meeting_id)
        theirs = other.draft.model_copy(update={"facts": "Fra vindue B."})
        saved = notes.save_draft(the_desk.workspace, meeting_id, theirs,
                                 seen_version=other.draft_version, base=other.draft)
        # This window's save is answered with the merge; before the fields show it, a key
        # is typed and the next tick comes.
        screen._draft_saved(screen.content(), notes.DraftSaved(saved.version, NOW, theirs,
                                                               "Begge tekster er gemt."),
                            screen._changes)
        screen.query_one(f"#text-item-{the_desk.ids['items'][0]}", TextArea).insert(" Mere.")
        screen._save_if_changed()
        await settled(pilot)
        assert draft_of(the_desk)["facts"] == "Fra vindue B."
        await until(pilot, lambda: screen.query("#text-facts")
                    and screen.query_one("#text-facts", TextArea).text == "Fra vindue B.")
