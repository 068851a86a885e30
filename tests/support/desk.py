"""Mette Kjær's day for the screen tests.

`desk(db_url)` builds a migrated database with one caseworker's day at a fixed moment
(support.people.NOW: Monday 23 November 2026, 08:00 in Copenhagen) and returns a real
Context on it. The app for it: support.apps.make_app; waiting and reading: support.pilot.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, timedelta
from types import ModuleType, SimpleNamespace

import pytest
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from prepdesk.core.context import Context
from prepdesk.data import db
from prepdesk.data import models as m
from support.people import NOW, citizen, context, staff, teams, user_of

HOSTILE_NAME = "[bold]Ole[/] [@click=app.quit]x[/] \x1b]0;title\x07\x1b[2J\x9b [/"
HOSTILE_SHOWN = "[bold]Ole[/] [@click=app.quit]x[/] ]0;title[2J [/"


@dataclass
class Desk:
    workspace: Context
    ids: dict[str, int]


def desk(db_url: str, *, empty: bool = False, demo: str | None = None) -> Desk:
    """A caseworker, Mette Kjær of Team Vest, with a full day (or, `empty`, nothing).

    With `demo`, the workspace says it is demo data rather than naming the database file,
    which would change from run to run.
    """
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    ids: dict[str, int] = {}
    with sessions() as session:
        made = teams(session)
        workers = staff(session, made, "mette", "sara")
        user = user_of(workers["mette"], made["vest"])
        if not empty:
            _fill(session, workers["mette"], workers["sara"], made["vest"], made["oest"], ids)
        session.commit()
    settings = SimpleNamespace(approval_reminder_days=7,
                               resolved_database_url=lambda demo=None: db_url)
    return Desk(context(sessions, user, settings, demo=demo), ids)


def _citizen(session, ids, key, first, last, cpr, team, caseworker) -> m.Citizen:
    row = citizen(session, first, last, cpr, team)
    session.add(m.CaseworkerAssignment(citizen_id=row.id, caseworker_id=caseworker.id,
                                       started_at=NOW - timedelta(days=300)))
    ids[key] = row.id
    return row


def _fill(session, me, other, vest, oest, ids) -> None:
    soeren = _citizen(session, ids, "soeren", "Søren", "Møller", "120587-1234", vest, me)
    hostile = _citizen(session, ids, "hostile", HOSTILE_NAME, "Hansen", "030303-3333", vest, me)
    _citizen(session, ids, "aase", "Åse", "Ærø", "010190-4321", oest, other)  # not mine
    birgit = _citizen(session, ids, "birgit", "Birgit", "Nielsen", "240470-2222", vest, me)
    at = lambda days, hour=0: NOW + timedelta(days=days, hours=hour)  # noqa: E731
    meetings = [
        m.Meeting(citizen_id=soeren.id, caseworker_id=me.id, kind="follow_up",
                  starts_at=at(0, 2), place="Samtalerum 2 – Åen", prepared_at=at(-1)),
        m.Meeting(citizen_id=hostile.id, caseworker_id=me.id, kind="first",
                  starts_at=at(0, 5), minutes=60, place="Det stille rum"),
        m.Meeting(citizen_id=birgit.id, caseworker_id=me.id, kind="phone",
                  starts_at=at(3, 1), place="Telefon"),
        m.Meeting(citizen_id=soeren.id, caseworker_id=me.id, kind="follow_up",
                  starts_at=at(-14), status="held"),
    ]
    session.add_all(meetings)
    session.add(m.Statement(citizen_id=hostile.id, kind="medical", author_name="Dr. Lund",
                            author_profession="læge", written_on=date(2026, 11, 1),
                            received_at=at(-5), title="Lægeerklæring", body="Tekst."))
    inquiry = m.Inquiry(citizen_id=birgit.id, caseworker_id=me.id, channel="phone",
                        received_at=at(-4), due_at=at(-3), summary="Spørger til udbetalingen.")
    session.add(inquiry)
    session.flush()
    ids["meeting_today"], ids["meeting_unprepared"] = meetings[0].id, meetings[1].id
    ids["inquiry"] = inquiry.id
    notes = []
    for person, meeting in ((soeren, meetings[3]), (birgit, None)):
        if meeting is None:
            meeting = m.Meeting(citizen_id=person.id, caseworker_id=me.id, kind="follow_up",
                                starts_at=at(-20), status="held")
            session.add(meeting)
            session.flush()
        note = m.Note(meeting_id=meeting.id, citizen_id=person.id, author_id=me.id,
                      status="sent")
        session.add(note)
        session.flush()
        notes.append(note)
    requests = [
        m.ApprovalRequest(note_id=notes[0].id, note_version=1, public_id="a1", nonce="n1",
                          sent_at=at(-10), expires_at=at(20)),
        m.ApprovalRequest(note_id=notes[1].id, note_version=1, public_id="a2", nonce="n2",
                          sent_at=at(-2), expires_at=at(28)),
        m.ApprovalRequest(note_id=notes[1].id, note_version=1, public_id="a3", nonce="n3",
                          sent_at=at(-9), expires_at=at(21), status="corrected"),
    ]
    session.add_all(requests)
    session.flush()
    session.add(m.Correction(approval_request_id=requests[2].id, note_id=notes[1].id,
                             section="Aftaler", received_at=at(-1),
                             proposed_text="Jeg sagde tre timer, ikke fem."))
    ruling = m.Ruling(number="19-26", title="Partshøring", decided_on=date(2026, 10, 1),
                      outcome="changed")
    session.add(ruling)
    session.flush()
    change = m.PracticeChange(ruling_id=ruling.id, team_id=vest.id,
                              title="Ny praksis: partshøring før afgørelse",
                              description="Vi partshører altid.", published_by_id=other.id,
                              published_at=at(-1))
    session.add(change)
    session.flush()
    ids["practice_change"] = change.id


class FakeCitizenFile(Screen):
    """Stands in for the citizen file screen, which another module provides."""

    def __init__(self, workspace: Context, citizen_id: int) -> None:
        super().__init__()
        self.workspace, self.citizen_id = workspace, citizen_id

    def compose(self) -> ComposeResult:
        yield Static(f"Borger {self.citizen_id}", markup=False)


def fake_citizen_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `prepdesk.screens.citizen_file.CitizenFileScreen` the fake."""
    module = ModuleType("prepdesk.screens.citizen_file")
    module.CitizenFileScreen = FakeCitizenFile
    monkeypatch.setitem(sys.modules, "prepdesk.screens.citizen_file", module)
