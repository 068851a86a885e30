"""The outgoing caseworker's note survives a refused save (issue 13, tried with three apps on
one database): the incoming caseworker acknowledged a section while she rewrote the note, so
the save was refused with who changed the handover; after Ctrl+R, `w` opens the dialog with
what she had written, not the note as it was."""

from __future__ import annotations

from support.apps import ScreenApp
from support.people import SIZE
from support.pilot import paste_text, settled, text_of, until
from test_handover_screens import started, team_desk

from prepdesk.core import handover
from prepdesk.screens.handover import HandoverScreen, NoteDialog
from prepdesk.ui.fields import TextEditor
from prepdesk.ui.problem import ProblemBar

REWRITTEN = "Ring helst før kl. 10. Hun har skiftet telefonnummer."


async def test_a_note_refused_as_stale_is_kept_for_the_next_w(db_url) -> None:
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
