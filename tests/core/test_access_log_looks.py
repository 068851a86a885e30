"""Every look at a citizen writes one access-log row: who, when, which citizen, what
(R-SEC-1, issue 12 item 3). Before, the preparation, the agenda, the letter's preview, the
notes, corrections and the answer screen were 9 openings with 5 rows.

The walk calls the core operations each screen calls when it opens, in a caseworker's
order, and reads the log: one row per opening, with its action. The open screen loading
anew (`again=True`: r, Ctrl+R, back from a dialog, another address in the preview) is no
new look, nor are autosaves and the timeline's filters.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import delete, select
from support.people import NOW

import prepdesk.core
from prepdesk.core import (
    access,
    agenda,
    citizen_file,
    letters,
    local_drafts,
    meeting_mode,
    note_page,
    notes,
    notes_given,
    prep,
    quick_note,
    timeline,
)
from prepdesk.data import models as m
from prepdesk.i18n import set_language
from prepdesk.screens.access_log import describe_action, describe_detail


@pytest.fixture
def walk(world):
    """Søren's next meeting with an agenda item; the log empty."""
    world.session.add(m.AgendaItem(meeting_id=world.next_meeting.id, position=1, title="Praktik"))
    world.session.exec(delete(m.AccessLog))
    world.session.commit()
    return world


def rows(world) -> list[tuple[str, int, int]]:
    with world.sessions() as session:
        found = session.exec(select(m.AccessLog).order_by(m.AccessLog.id)).all()
        assert all(row.at == NOW for row in found)
        return [(row.action, row.citizen_id, row.caseworker_id) for row in found]


def actions(world) -> list[str]:
    return [action for action, _citizen, _who in rows(world)]


def test_each_screen_opened_writes_one_row_with_its_action(walk):
    world, ctx, meeting_id = walk, walk.ctx(), walk.next_meeting.id
    citizen_file.open_file(ctx, world.citizen.id)                     # the file
    prep.preparation(ctx, meeting_id)                                 # the preparation
    agenda.view(ctx, meeting_id)                                      # the agenda
    letter = letters.open_invitation(ctx, meeting_id)                 # the invitation
    letters.preview(ctx, letter.letter_id)                           # as the citizen gets it
    opened = local_drafts.open_notes(ctx, meeting_id)                 # meeting mode
    note_id = notes.finish(ctx, meeting_id, opened.meeting.content).note_id
    note_page.note_page(ctx, note_id)                                 # the notes
    note_page.corrections_page(ctx, note_id)                          # the corrections
    request_id = notes_given.give_notes(ctx, note_id, "handed").request_id
    notes_given.answer_form(ctx, request_id)                          # the citizen's answer
    quick_note.citizen_contact(ctx, world.citizen.id)                 # the quick note
    access.reveal_cpr(ctx, world.citizen.id)                          # the CPR number
    timeline.open_entry(ctx, "statement", world.new_statement.id)     # a statement
    assert rows(world) == [(action, world.citizen.id, world.me.id) for action in [
        "open_file", "preparation", "agenda", "letter", "letter_preview", "notes", "notes",
        "corrections", "answer", "quick_note", "reveal_cpr", "open_statement"]]


def test_the_open_screen_loading_again_writes_no_row(walk):
    world, ctx, meeting_id = walk, walk.ctx(), walk.next_meeting.id
    letter = letters.open_invitation(ctx, meeting_id)
    start = meeting_mode.start(ctx, meeting_id)
    note_id = notes.finish(ctx, meeting_id, start.content).note_id
    logged = len(rows(world))

    prep.preparation(ctx, meeting_id, again=True)
    agenda.view(ctx, meeting_id, again=True)
    letters.open_invitation(ctx, meeting_id, again=True)
    letters.preview(ctx, letter.letter_id, again=True)
    meeting_mode.start(ctx, meeting_id, again=True)
    note_page.note_page(ctx, note_id, again=True)
    note_page.corrections_page(ctx, note_id, again=True)
    quick_note.citizen_contact(ctx, world.citizen.id, again=True)
    timeline.timeline(ctx, world.citizen.id)  # the file's list, filtered anew
    prep.checklist(ctx, meeting_id)  # a computation, not a screen
    assert len(rows(world)) == logged


def test_an_autosave_of_the_notes_writes_no_row(walk):
    world, ctx = walk, walk.ctx()
    start = meeting_mode.start(ctx, world.next_meeting.id)
    saved = notes.save_draft(ctx, world.next_meeting.id, start.content, seen_version=None)
    notes.save_draft(ctx, world.next_meeting.id, start.content, seen_version=saved.version)
    assert actions(world) == ["notes"]


def test_a_letter_and_its_versions_name_the_letter(walk):
    world, ctx = walk, walk.ctx()
    letter = letters.open_invitation(ctx, world.next_meeting.id)
    letters.versions(ctx, letter.letter_id)
    with world.sessions() as session:
        details = session.exec(select(m.AccessLog.action, m.AccessLog.detail)
                               .order_by(m.AccessLog.id)).all()
    assert [tuple(d) for d in details] == [("letter", ""),
                                           ("letter", f"letter {letter.letter_id}")]


# --- the set of actions is small, known, and in Danish on the access-log screen -------------


def _looks_in_core() -> set[str]:
    """Every action code written in core: `look="..."`, `look=None if again else "..."`,
    `look = "..." if ... else "..."` and the rulings' `_meeting(..., "...")`."""
    found = set()
    for path in Path(prepdesk.core.__file__).parent.glob("*.py"):
        if path.name == "access.py":
            continue
        for line in path.read_text().splitlines():
            if re.search(r"\blook\s*=|_meeting\(session, ctx, meeting_id, \"", line):
                line = re.sub(r"\bdetail\s*=\s*\"[^\"]*\"", "", line)  # a look's detail
                found.update(re.findall(r"(?<!== )\"([a-z_]+)\"", line))  # not kind == "..."
    return found


def test_every_look_in_core_is_a_known_action():
    used = _looks_in_core()
    assert {"open_file", "preparation", "letter_preview", "answer", "ruling"} <= used  # found
    assert used <= set(access.LOOKS)


@pytest.mark.parametrize("code", access.LOOKS)
def test_every_action_has_danish_words_on_the_access_log_screen(code):
    set_language("da")
    assert describe_action(code) != code


def test_the_detail_of_a_note_and_a_letter_is_in_words():
    set_language("da")
    assert describe_detail("note 7") == "Referat nr. 7"
    assert describe_detail("letter 3") == "Brev nr. 3"
