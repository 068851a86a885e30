"""After a correction is accepted and another rejected, the citizen's file and the
timeline's meeting show version 2 with its history and the rejection on top, and the
corrections with their answers stay reachable (issue 11, item 1; R-APPR-3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from support.apps import FileApp, ScreenApp
from support.notes import LATER, add_correction, finished_note
from support.people import SIZE
from support.pilot import rendered, settled, shown, squeezed, until

from prepdesk.core import notes
from prepdesk.core.note_page import corrections_page
from prepdesk.data import models as m
from prepdesk.screens.citizen_file import CitizenFileScreen
from prepdesk.screens.corrections import CorrectionsScreen, NoteScreen
from prepdesk.screens.document import DocumentScreen
from prepdesk.screens.preparation import PreparationScreen
from prepdesk.widgets.timeline_view import TimelineView

BEFORE = "Søren har søgt 6 job."
AFTER = "Søren har søgt 8 job."
REASON = "Søren sagde det selv på mødet."


def corrected(db_url: str):
    """Søren's notes of today: "6 job" corrected to "8 job" and accepted (version 2), and
    a correction of his view rejected with a reason."""
    the_desk = finished_note(db_url, facts=BEFORE)
    add_correction(the_desk, "facts", BEFORE, AFTER, "", public_id="a")
    add_correction(the_desk, "citizen_view", "Jeg vil gerne arbejde med dyr.",
                   "Jeg har aldrig sagt dyr.", "", public_id="b")
    ctx = replace(the_desk.workspace, clock=lambda: LATER + timedelta(days=1))
    page = corrections_page(ctx, the_desk.ids["note"])
    accept, reject = sorted(page.pending, key=lambda line: line.section != "facts")
    notes.accept_correction(ctx, accept.id, seen_version=accept.version, seen_note_version=page.version)
    notes.reject_correction(ctx, reject.id, REASON, seen_version=reject.version)
    return the_desk


async def test_the_file_and_the_timeline_show_version_2_its_history_and_the_rejection(
        db_url: str) -> None:
    the_desk = corrected(db_url)
    app = FileApp(the_desk.workspace, the_desk.ids["soeren"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, CitizenFileScreen)
                    and pilot.app.screen.has_class("-open"))
        await settled(pilot)
        screen = pilot.app.screen
        # The overview: the rejection at the top, the last notes as version 2 below.
        banner = squeezed(shown(screen.query_one("#file-rejected")))
        assert squeezed("Jeg har aldrig sagt dyr.") in banner and squeezed(REASON) in banner
        overview = list(screen.query_one("#overview-view").children)
        assert overview.index(screen.query_one("#file-rejected")) == min(
            overview.index(child) for child in overview if child.id != "unread-flag")
        notes_text = squeezed(shown(screen.query_one("#latest-notes")))
        assert squeezed("Version 2, rettet af borgeren") in notes_text
        assert squeezed(AFTER) in notes_text and squeezed(f"Før: »{BEFORE}«") in notes_text
        assert squeezed("Rettet efter borgerens ønske") in notes_text
        assert squeezed("accepteret af Mette Kjær") in notes_text

        # The timeline's meeting, read in full.
        await pilot.press("t")
        await settled(pilot)
        view = screen.query_one(TimelineView)
        row = next(row for row, entry in enumerate(view.entries)
                   if (entry.kind, entry.id) == ("meeting", the_desk.ids["meeting_today"]))
        view.move_cursor(row)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, DocumentScreen))
        await settled(pilot)
        document = pilot.app.screen
        panel = document.query_one("#notes")
        children = list(panel.children)
        assert children.index(panel.query_one("#rejected")) < children.index(
            panel.query_one("#note-text"))
        assert squeezed(REASON) in squeezed(shown(panel.query_one("#rejected")))
        text = squeezed(rendered(panel.query_one("#note-text")))
        assert squeezed(AFTER) in text and squeezed(BEFORE) not in text
        history = squeezed(shown(panel.query_one("#history")))
        assert squeezed("Version 2") in history and squeezed("Rettet efter borgerens ønske") in history

        # Every correction is answered, yet the corrections and their answers stay reachable.
        await pilot.press("n")
        await until(pilot, lambda: isinstance(pilot.app.screen, NoteScreen)
                    and pilot.app.screen.page is not None)
        await settled(pilot)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(pilot.app.screen, CorrectionsScreen)
                    and pilot.app.screen.page is not None)
        await settled(pilot)
        answered = squeezed(shown(pilot.app.screen.query_one("#answered")))
        assert squeezed("Accepteret af Mette Kjær") in answered
        assert squeezed(f"Begrundelse: »{REASON}«") in answered


async def test_the_next_meeting_s_preparation_shows_the_earlier_notes(db_url: str) -> None:
    the_desk = corrected(db_url)
    with the_desk.workspace.sessions() as session:
        meeting = m.Meeting(citizen_id=the_desk.ids["soeren"], caseworker_id=the_desk.workspace.user.id,
                            kind="follow_up", starts_at=LATER + timedelta(days=14))
        session.add(meeting)
        session.commit()
        later = meeting.id
    app = ScreenApp(the_desk.workspace, lambda ctx: PreparationScreen(ctx, later))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PreparationScreen)
                    and pilot.app.screen.query("#notes"))
        await settled(pilot)
        text = squeezed(shown(pilot.app.screen.query_one("#notes")))
        assert squeezed(AFTER) in text and squeezed(REASON) in text
        # Under the agenda, which stays as it was.
        assert squeezed("Dagsordenen er tom. Tryk g for at lave den.") in squeezed(
            shown(pilot.app.screen))
