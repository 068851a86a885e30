"""The citizen's corrections: accepted as a new version with visible history, or rejected
with a reason that stays at the top of the notes for every later reader (R-APPR-3)."""

from __future__ import annotations

import pytest
from sqlmodel import select
from support.apps import make_app
from support.desk import HOSTILE_NAME, HOSTILE_SHOWN
from support.hostile import HOSTILE_CASES
from support.notes import add_correction, finished_note
from support.people import SIZE
from support.pilot import rendered, settled, shown, squeezed, until
from textual.pilot import Pilot
from textual.widgets import Input

from prepdesk.data import models as m
from prepdesk.screens.corrections import CorrectionCard, CorrectionsScreen, NoteScreen
from prepdesk.screens.my_day import MyDayScreen
from prepdesk.text import strip_controls

ORIGINAL = "Søren kom til tiden."
PROPOSED = "Søren kom ti minutter for sent, fordi bussen var aflyst."
COMMENT = "Jeg ringede og sagde det."


async def opened(pilot: Pilot, screen) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
    await settled(pilot)
    pilot.app.push_screen(screen)
    await until(pilot, lambda: screen.page is not None)
    await settled(pilot)


def page_text(screen) -> str:
    return "\n".join(rendered(static) for static in screen.query("#page Static"))


async def test_a_pending_correction_is_shown_against_the_text_and_accepted(db_url: str) -> None:
    the_desk = finished_note(db_url)
    add_correction(the_desk, "facts", ORIGINAL, PROPOSED, COMMENT)
    screen = CorrectionsScreen(the_desk.workspace, the_desk.ids["note"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        card = screen.query_one(CorrectionCard)
        assert screen.focused is card
        assert card.border_title == "Rettelse af »Oplysninger«"
        assert rendered(card.query_one(".original")).strip() == ORIGINAL
        assert PROPOSED in rendered(card.query_one(".proposed")).replace("\n", " ")
        assert f"Borgerens kommentar: »{COMMENT}«" in rendered(card.query_one(".comment"))
        assert "1 rettelse venter på dit svar." in page_text(screen)
        await pilot.press("a")
        await until(pilot, lambda: not screen.query(CorrectionCard))
        await settled(pilot)
        text = page_text(screen)
        assert "Alle rettelser er besvaret." in text
        assert "Version 2, rettet af borgeren" in text
        history = squeezed(shown(screen.query_one("#history")))
        assert squeezed("Version 1 · 23.11.2026 kl. 11.00 · Mette Kjær") in history
        assert squeezed("Version 2 · 23.11.2026 kl. 08.00 · Mette Kjær") in history
        assert squeezed("Borgerens rettelse af \"Oplysninger\" er godkendt") in history
        assert squeezed(f"Før: »{ORIGINAL}« Nu: »{PROPOSED}«") in history
        assert "referatet er nu version 2" in rendered(screen.query_one("#status"))
    with the_desk.workspace.sessions() as session:
        note = session.get(m.Note, the_desk.ids["note"])
        version = session.exec(select(m.NoteVersion).where(m.NoteVersion.number == 2)).one()
        assert note.current_version == 2 and version.content["facts"] == PROPOSED


async def test_rejecting_needs_a_reason_which_then_tops_the_notes(db_url: str) -> None:
    the_desk = finished_note(db_url)
    add_correction(the_desk, "facts", ORIGINAL, PROPOSED, COMMENT)
    screen = CorrectionsScreen(the_desk.workspace, the_desk.ids["note"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        await pilot.press("n")
        reason = screen.query_one(".reason", Input)
        assert screen.focused is reason
        await pilot.press("enter")
        await until(pilot, lambda: "Skriv hvorfor du ikke godkender rettelsen" in
                    rendered(screen.query_one("#problem")))
        await pilot.press(*"Bussen kørte")
        await pilot.press("escape")  # closes the field; what was typed stays
        assert screen.focused is screen.query_one(CorrectionCard)
        await pilot.press("n")
        assert screen.focused.value == "Bussen kørte"
        await pilot.press(*" til tiden den dag.", "enter")
        await until(pilot, lambda: not screen.query(CorrectionCard))
        await settled(pilot)
        assert "Din begrundelse står øverst i referatet" in rendered(screen.query_one("#status"))
    note_screen = NoteScreen(the_desk.workspace, the_desk.ids["note"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, note_screen)
        children = list(note_screen.query_one("#notes").children)
        banner = note_screen.query_one("#rejected")
        assert children.index(banner) < children.index(note_screen.query_one("#note-text"))
        assert banner.border_title == "⚠ Borgeren er ikke enig: 1 rettelse blev ikke accepteret"
        text = squeezed(rendered(banner.query_one(".rejected-correction")))
        assert squeezed(f"Om »Oplysninger« foreslog borgeren: »{PROPOSED}«") in text
        assert squeezed(f"Borgerens kommentar: »{COMMENT}«") in text
        assert squeezed("Ikke accepteret af Mette Kjær 23.11.2026 kl. 08.00. Begrundelse: "
                        "»Bussen kørte til tiden den dag.«") in text
        assert ORIGINAL in rendered(note_screen.query_one("#note-text"))


async def test_the_notes_show_their_parts_history_and_waiting_corrections(db_url: str) -> None:
    the_desk = finished_note(db_url)
    add_correction(the_desk, "citizen_view", "Jeg vil gerne arbejde med dyr.",
                   "Jeg vil gerne arbejde med heste.", "")
    screen = NoteScreen(the_desk.workspace, the_desk.ids["note"])
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await opened(pilot, screen)
        text = rendered(screen.query_one("#note-text"))
        for part in ["Deltagere", "1. Velkommen, og hvad mødet skal bruges til",
                     "Vi talte om, hvordan det går.", "2. Hvordan det er gået siden sidst",
                     "Borgerens syn, med egne ord", "Jeg vil gerne arbejde med dyr.",
                     "Oplysninger", "Aftaler", "Næste skridt", "Næste møde"]:
            assert part in text
        assert "1 rettelse fra borgeren venter på dig: tryk c for at besvare den." in page_text(screen)
        assert not screen.query("#rejected")
        assert "Version 1, sendt til borgeren til godkendelse" in page_text(screen)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(pilot.app.screen, CorrectionsScreen))
        await settled(pilot)
        await pilot.press("a")
        await until(pilot, lambda: not pilot.app.screen.query(CorrectionCard))
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is screen)
        await until(pilot, lambda: "heste" in rendered(screen.query_one("#note-text")))
        assert not screen.query("#pending-notice")


async def test_unsent_notes_can_be_sent_from_the_notes(db_url: str) -> None:
    the_desk = finished_note(db_url)
    with the_desk.workspace.sessions() as session:
        session.get(m.Note, the_desk.ids["note"]).status = "final"
        session.commit()
    screen = NoteScreen(the_desk.workspace, the_desk.ids["note"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        assert "afsluttet, ikke sendt" in page_text(screen)
        await pilot.press("s")
        await until(pilot, lambda: "sendt til borgeren til godkendelse" in page_text(screen))
    with the_desk.workspace.sessions() as session:
        assert session.exec(select(m.OutboxMessage)).one().to_address == "soeren@example.org"


@pytest.mark.parametrize("text", [t for t in HOSTILE_CASES if t] + [HOSTILE_NAME],
                         ids=["attacks", "line breaks", "huge line", "name"])
async def test_hostile_corrections_and_notes_are_shown_literally(db_url: str, text: str) -> None:
    the_desk = finished_note(db_url, facts=text)
    add_correction(the_desk, "facts", text, text + " rettet", text, public_id="a")
    rejected = add_correction(the_desk, "citizen_view", "x", text, text, public_id="b")
    with the_desk.workspace.sessions() as session:
        correction = session.get(m.Correction, rejected)
        correction.status, correction.rejection_reason = "rejected", text
        session.commit()
    screen = CorrectionsScreen(the_desk.workspace, the_desk.ids["note"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        literal = squeezed(strip_controls(text))[:200]
        assert literal in squeezed(rendered(screen.query_one(".proposed")))
        assert literal in squeezed(shown(screen.query_one("#rejected")))
        pilot.app.notify(text, markup=False)
        await pilot.press("a")
        await until(pilot, lambda: not screen.query(CorrectionCard))
        assert literal in squeezed(shown(screen.query_one("#history")))
    if text == HOSTILE_NAME:
        assert squeezed(HOSTILE_SHOWN) == literal


def test_corrections_look_right(snap_compare, tmp_path) -> None:
    the_desk = finished_note(f"sqlite:///{tmp_path / 'snapshot.sqlite'}")
    add_correction(the_desk, "facts", ORIGINAL, PROPOSED, COMMENT, public_id="a")
    rejected = add_correction(the_desk, "citizen_view", "Jeg vil gerne arbejde med dyr.",
                              "Jeg har aldrig sagt dyr.", "Det er forkert.", public_id="b")
    with the_desk.workspace.sessions() as session:
        correction = session.get(m.Correction, rejected)
        correction.status = "rejected"
        correction.rejection_reason = "Søren sagde det selv; Birthe Møller var med."
        correction.decided_by_id = the_desk.workspace.user.id
        correction.decided_at = correction.received_at
        session.commit()

    async def run_before(pilot: Pilot) -> None:
        await opened(pilot, CorrectionsScreen(the_desk.workspace, the_desk.ids["note"]))

    # Tall enough for the whole page: whether the focused card had scrolled into view when
    # the picture was taken would otherwise depend on timing.
    assert snap_compare(make_app(the_desk.workspace), terminal_size=(SIZE[0], 40),
                        run_before=run_before)


async def test_a_correction_answered_meanwhile_is_refused_with_who_and_r_reloads(db_url: str) -> None:
    """A colleague rejects the correction while the page is open: accepting it is refused
    with a sentence naming them in the problem bar; nothing crashes; r shows their answer."""
    from prepdesk.core import notes
    from prepdesk.core.note_page import corrections_page

    the_desk = finished_note(db_url)
    correction_id = add_correction(the_desk, "facts", ORIGINAL, PROPOSED, COMMENT)
    screen = CorrectionsScreen(the_desk.workspace, the_desk.ids["note"])
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, screen)
        (line,) = corrections_page(the_desk.workspace, the_desk.ids["note"]).pending
        with the_desk.workspace.sessions() as session:
            colleague = m.Caseworker(initials="TL", name="Tove Lund", role="team_lead",
                                     email="tl@fjordby.example", phone="72 10 20 39",
                                     team_id=the_desk.workspace.user.team_id)
            session.add(colleague)
            session.commit()
        from dataclasses import replace

        from prepdesk.core.context import CurrentUser
        as_colleague = replace(the_desk.workspace, user=CurrentUser(  # a colleague of the team
            colleague.id, colleague.name, colleague.role, colleague.team_id, None,
            colleague.email, colleague.phone))
        notes.reject_correction(as_colleague, correction_id, "Det passer ikke.", seen_version=line.version)
        await pilot.press("a")
        await until(pilot, lambda: "allerede afvist af" in rendered(screen.query_one("#problem")))
        assert colleague.name in rendered(screen.query_one("#problem"))
        assert "Genindlæs (Ctrl+R)" in rendered(screen.query_one("#problem"))
        await pilot.press("r")
        await until(pilot, lambda: not screen.query(CorrectionCard))
        assert "Alle rettelser er besvaret." in page_text(screen)
    with the_desk.workspace.sessions() as session:
        assert session.get(m.Correction, correction_id).status == "rejected"
        assert session.get(m.Note, the_desk.ids["note"]).current_version == 1
