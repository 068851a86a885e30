"""Meetings ready to prepare, on top of `desk.desk` (Mette Kjær's day at Monday 23
November 2026, 08:00): a private room, Søren Møller's e-mail address and a new statement
from his doctor, and his next meeting a week on Wednesday in the private room."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from desk import NOW, Desk, desk

from prepdesk.core import agenda
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.meetings import create_meeting
from prepdesk.data import models as m

SENDER = "jobcenter@fjordby.example"
SOEREN_EMAIL = "soeren@example.org"
FRIDAY_1405 = datetime(2026, 11, 27, 14, 5, tzinfo=LOCAL_TIMEZONE)  # before a closed day
MONDAY_0900 = datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL_TIMEZONE)  # when held letters go
NEXT_WEDNESDAY = datetime(2026, 12, 2, 10, 0, tzinfo=LOCAL_TIMEZONE)


def prep_desk(db_url: str, *, clock: datetime = NOW) -> Desk:
    """`desk` with what preparing needs; ids["room"], ids["public_room"],
    ids["meeting_next"] (Søren, follow-up, Wednesday 2 December at 10.00, 45 minutes,
    in Samtalerum 3) and ids["statement"] (unread, after his last meeting)."""
    the_desk = desk(db_url)
    ids = the_desk.ids
    settings = SimpleNamespace(**vars(the_desk.workspace.settings), sender_address=SENDER)
    workspace = replace(the_desk.workspace, settings=settings, clock=lambda: clock)
    with workspace.session() as session:
        room = m.Room(name="Samtalerum 3", location="1. sal")
        public_room = m.Room(name="Kantinen", private=False)
        soeren = session.get(m.Citizen, ids["soeren"])
        soeren.email, soeren.preferred_channel = SOEREN_EMAIL, "email"
        statement = m.Statement(citizen_id=soeren.id, kind="medical", author_name="Dr. Lund",
                                author_profession="praktiserende læge",
                                written_on=date(2026, 11, 18), received_at=NOW - timedelta(days=2),
                                title="Lægeerklæring om skulderen", body="Kan ikke løfte.")
        session.add_all([room, public_room, soeren, statement])
        session.commit()
        ids["room"], ids["public_room"], ids["statement"] = room.id, public_room.id, statement.id
        ids["meeting_next"] = create_meeting(
            session, workspace.user, soeren.id, kind="follow_up", starts_at=NEXT_WEDNESDAY,
            now=NOW, room_id=room.id, purpose="Vi skal tale om din skulder og om praktik.",
        ).id
    return replace(the_desk, workspace=workspace)


def add_items(the_desk: Desk, meeting_key: str, *titles_and_minutes: tuple[str, int]) -> None:
    """Put items on the meeting's agenda, as the caseworker's own."""
    with the_desk.workspace.session() as session:
        meeting = session.get(m.Meeting, the_desk.ids[meeting_key])
        for title, minutes in titles_and_minutes:
            agenda.add(session, meeting, agenda.Proposal(title, "both", minutes, "own"))


def agenda_titles(the_desk: Desk, meeting_key: str) -> list[str]:
    with the_desk.workspace.session() as session:
        return [item.title for item in agenda.items(session, the_desk.ids[meeting_key])]


def hostile_meeting(the_desk: Desk, text: str) -> None:
    """Put `text` wherever the preparation and the agenda of ids["meeting_unprepared"]
    show data: the citizen's first name (its first 200 characters: the titles show a
    name whole, so a 120,000-character one would fill the screen), an agenda item, an
    open agreement (a proposal) and a representative without e-mail (a checklist line)."""
    ids = the_desk.ids
    with the_desk.workspace.session() as session:
        citizen = session.get(m.Citizen, ids["hostile"])
        citizen.first_name = text[:200]
        session.add_all([
            citizen,
            m.Agreement(citizen_id=citizen.id, what=f"Aftale {text}", who="citizen"),
            m.Representative(citizen_id=citizen.id, kind="representative", name=f"Rep {text}"),
        ])
        session.commit()
    add_items(the_desk, "meeting_unprepared", (f"Punkt {text}", 10))
