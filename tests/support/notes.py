"""A follow-up meeting ready for notes, and finished notes with corrections, on top of
`support.desk.desk` (Mette Kjær's day at Monday 23 November 2026, 08:00).

The rows are made directly (the agenda as the follow-up template proposes it), and the
notes through core.notes, so these tests depend on no other area's operations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

from prepdesk.core import meeting_mode, notes
from prepdesk.core.note_content import NoteContent
from prepdesk.data import models as m
from support.desk import Desk, desk
from support.people import NOW

LATER = NOW + timedelta(hours=3)
FOLLOW_UP_AGENDA = [
    ("Velkommen, og hvad mødet skal bruges til", "caseworker", 3, "template"),
    ("Hvordan det er gået siden sidst", "citizen", 10, "template"),
    ("Den nye erklæring fra Dr. Lund: Lægeerklæring", "caseworker", 10, "statement"),
    ("Dine egne punkter", "citizen", 5, "citizen_points"),
    ("Aftaler og næste møde", "both", 5, "template"),
]


def meeting_desk(db_url: str) -> Desk:
    """Søren Møller's follow-up meeting today at 10:00 with a realistic agenda, his
    companion, and a statement from his doctor."""
    the_desk = desk(db_url)
    ids = the_desk.ids
    settings = SimpleNamespace(**vars(the_desk.workspace.settings),
                               sender_address="jobcenter@fjordby.example",
                               portal_url="https://borger.fjordby.example")
    the_desk = replace(the_desk, workspace=replace(the_desk.workspace, settings=settings))
    with the_desk.workspace.sessions() as session:
        session.get(m.Citizen, ids["soeren"]).email = "soeren@example.org"
        meeting = session.get(m.Meeting, ids["meeting_today"])
        session.add_all([
            m.MeetingParticipant(meeting_id=meeting.id, role="citizen", name="Søren Møller"),
            m.MeetingParticipant(meeting_id=meeting.id, role="caseworker", name="Mette Kjær"),
            m.MeetingParticipant(meeting_id=meeting.id, role="companion", name="Birthe Møller"),
        ])
        statement = m.Statement(citizen_id=ids["soeren"], kind="medical", author_name="Dr. Lund",
                                author_profession="praktiserende læge", written_on=date(2026, 11, 2),
                                received_at=NOW - timedelta(days=10), title="Lægeerklæring",
                                body="Tekst.", work_capacity="Kan arbejde", hours_per_week=10)
        session.add(statement)
        session.flush()
        items = [m.AgendaItem(meeting_id=meeting.id, position=position, title=title, owner=owner,
                              minutes=minutes, source=source,
                              source_id=statement.id if source == "statement" else None)
                 for position, (title, owner, minutes, source) in enumerate(FOLLOW_UP_AGENDA, start=1)]
        session.add_all(items)
        session.commit()
        ids["statement"] = statement.id
        ids["items"] = [item.id for item in items]
    return the_desk


def blank_notes(the_desk: Desk) -> NoteContent:
    return meeting_mode.start(the_desk.workspace, the_desk.ids["meeting_today"]).content


def save_draft(the_desk: Desk, content: NoteContent, *, at=NOW) -> None:
    notes.save_draft(replace(the_desk.workspace, clock=lambda: at), the_desk.ids["meeting_today"],
                     content, seen_version=None)


def finished_note(db_url: str, *, facts: str = "Søren kom til tiden.") -> Desk:
    """`meeting_desk` with the notes finished and sent; returns ids["note"]."""
    the_desk = meeting_desk(db_url)
    ids = the_desk.ids
    content = blank_notes(the_desk)
    content = content.with_text(content.sections[0].key, "Vi talte om, hvordan det går.")
    content = content.model_copy(update={"facts": facts, "citizen_view": "Jeg vil gerne arbejde med dyr.",
                                         "participants": ("Søren Møller", "Mette Kjær")})
    at_later = replace(the_desk.workspace, clock=lambda: LATER)
    ids["note"] = notes.finish(at_later, ids["meeting_today"], content).note_id
    with the_desk.workspace.sessions() as session:
        session.get(m.Note, ids["note"]).status = "sent"
        session.commit()
    return the_desk


def add_correction(the_desk: Desk, section: str, original: str, proposed: str, comment: str,
                   *, public_id: str = "p1") -> int:
    with the_desk.workspace.sessions() as session:
        request = m.ApprovalRequest(note_id=the_desk.ids["note"], note_version=1,
                                    public_id=public_id, nonce=f"n-{public_id}",
                                    sent_at=LATER, expires_at=LATER + timedelta(days=14),
                                    status="corrected")
        session.add(request)
        session.flush()
        correction = m.Correction(approval_request_id=request.id, note_id=the_desk.ids["note"],
                                  section=section, original_text=original, proposed_text=proposed,
                                  comment=comment, received_at=LATER + timedelta(hours=20))
        session.add(correction)
        session.commit()
        return correction.id


def at(the_desk: Desk, moment) -> Desk:
    """The same desk, with the clock at `moment`."""
    return replace(the_desk, workspace=replace(the_desk.workspace, clock=lambda: moment))
