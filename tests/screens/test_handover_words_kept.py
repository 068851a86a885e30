"""What is written on the handover screen is never lost (issue 13, tried with three apps on
one database): the outgoing caseworker's note and the team lead's reason for declining
survive a save refused because a colleague changed the handover meanwhile, and Escape on a
written note asks before it throws the words away."""

from __future__ import annotations

from support.apps import ScreenApp
from support.people import SIZE
from support.pilot import paste_text, settled, text_of, until
from test_handover_screens import started, team_desk

from prepdesk.core import handover
from prepdesk.screens.handover import HandoverScreen, NoteDialog
from prepdesk.ui.dialogs import DiscardDialog, InputDialog
from prepdesk.ui.fields import TextEditor, TextInput
from prepdesk.ui.problem import ProblemBar

REWRITTEN = "Ring helst før kl. 10. Hun har skiftet telefonnummer."


async def test_a_note_refused_as_stale_is_kept_for_the_next_w(db_url) -> None:
    """The incoming caseworker acknowledged a section while she rewrote the note: the save
    is refused with who changed the handover; after Ctrl+R, `w` opens what she wrote."""
    the_desk, people = team_desk(db_url)
    handover_id = started(the_desk, people)
    handover.write_note(people["mette"], handover_id, "Ring helst før kl. 10.", {})
    app = ScreenApp(people["mette"], lambda ctx: HandoverScreen(ctx, handover_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        screen = app.screen
        # Jens, at his desk, acknowledges a section while Mette rewrites the note.
        view = handover.handover(people["jens"], handover_id)
        handover.acknowledge(people["jens"], handover_id, view.missing[0],
                             seen_version=view.version)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        app.screen.query_one("#note-whole", TextEditor).text = ""
        await paste_text(pilot, REWRITTEN)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Jens Holm" in text_of(screen.query_one(ProblemBar)))
        assert handover.handover(people["jens"], handover_id).note == "Ring helst før kl. 10."
        await pilot.press("ctrl+r")
        await settled(pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        assert app.screen.query_one("#note-whole", TextEditor).text == REWRITTEN
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
    assert handover.handover(people["jens"], handover_id).note == REWRITTEN


async def test_escape_on_a_written_note_asks_before_the_words_are_thrown_away(db_url) -> None:
    the_desk, people = team_desk(db_url)
    handover_id = started(the_desk, people)
    app = ScreenApp(people["mette"], lambda ctx: HandoverScreen(ctx, handover_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press("escape")  # nothing written: closes at once
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        await paste_text(pilot, REWRITTEN)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DiscardDialog))
        await pilot.press("enter")  # keep writing
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        assert app.screen.query_one("#note-whole", TextEditor).text == REWRITTEN
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DiscardDialog))
        await pilot.press("k")  # discard
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
    assert handover.handover(people["jens"], handover_id).note == ""


async def test_a_decline_refused_as_stale_keeps_its_reason_for_the_next_d(db_url) -> None:
    the_desk, people = team_desk(db_url)
    handover_id = started(the_desk, people)
    why = "Jens er på kursus i december."
    app = ScreenApp(people["lone"], lambda ctx: HandoverScreen(ctx, handover_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        screen = app.screen
        handover.skip_note(people["mette"], handover_id)  # Mette, at her desk, meanwhile
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, InputDialog))
        await paste_text(pilot, why)
        await pilot.press("enter")
        await until(pilot, lambda: "Mette" in text_of(screen.query_one(ProblemBar)))
        await pilot.press("ctrl+r")
        await settled(pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, InputDialog))
        assert app.screen.query_one(TextInput).value == why
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
    declined = handover.handover(people["lone"], handover_id)
    assert (declined.status, declined.declined_reason) == ("declined", why)
