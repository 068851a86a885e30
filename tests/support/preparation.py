"""Meetings ready to prepare, on top of `support.desk.desk` (Mette Kjær's day at Monday 23
November 2026, 08:00): a private room, Søren Møller's e-mail address and a new statement
from his doctor, and his next meeting a week on Wednesday in the private room."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import OptionList

from prepdesk.core import agenda
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.meetings import create_meeting
from prepdesk.data import models as m
from prepdesk.screens.my_day import MyDayScreen
from prepdesk.screens.preparation import PreparationScreen
from support.desk import Desk, desk
from support.people import NOW
from support.pilot import on_my_day, rendered, settled, until

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
    with workspace.sessions() as session:
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
        workspace, ids["soeren"], kind="follow_up", starts_at=NEXT_WEDNESDAY,
        room_id=ids["room"], purpose="Vi skal tale om din skulder og om praktik.",
    ).id
    return replace(the_desk, workspace=workspace)


def add_items(the_desk: Desk, meeting_key: str, *titles_and_minutes: tuple[str, int]) -> None:
    """Put items on the meeting's agenda, as the caseworker's own."""
    agenda.add_all(the_desk.workspace, the_desk.ids[meeting_key],
                   [agenda.Proposal(title, "both", minutes, "own")
                    for title, minutes in titles_and_minutes])


def agenda_titles(the_desk: Desk, meeting_key: str) -> list[str]:
    with the_desk.workspace.sessions() as session:
        return list(session.exec(select(m.AgendaItem.title).where(
            m.AgendaItem.meeting_id == the_desk.ids[meeting_key]).order_by(m.AgendaItem.position)))


def hostile_meeting(the_desk: Desk, text: str) -> None:
    """Put `text` wherever the preparation and the agenda of ids["meeting_unprepared"]
    show data: the citizen's first name (its first 200 characters: the titles show a
    name whole, so a 120,000-character one would fill the screen), an agenda item, an
    open agreement (a proposal) and a representative without e-mail (a checklist line)."""
    ids = the_desk.ids
    with the_desk.workspace.sessions() as session:
        citizen = session.get(m.Citizen, ids["hostile"])
        citizen.first_name = text[:200]
        session.add_all([
            citizen,
            m.Agreement(citizen_id=citizen.id, what=f"Aftale {text}", who="citizen"),
            m.Representative(citizen_id=citizen.id, kind="representative", name=f"Rep {text}"),
        ])
        session.commit()
    add_items(the_desk, "meeting_unprepared", (f"Punkt {text}", 10))


# --- driving the preparation screen ------------------------------------------------------


async def highlight_in_my_day(pilot: Pilot, option_id: str) -> MyDayScreen:
    screen = await on_my_day(pilot)
    day_list = screen.query_one(OptionList)
    day_list.highlighted = day_list.get_option_index(option_id)
    await pilot.pause()
    return screen


async def prepare(pilot: Pilot, the_desk: Desk, meeting_key: str) -> PreparationScreen:
    """My day, the meeting highlighted, p: its preparation, loaded."""
    await highlight_in_my_day(pilot, f"meeting-{the_desk.ids[meeting_key]}")
    await pilot.press("p")
    return await back_on_preparation(pilot)


async def open_preparation(pilot: Pilot, the_desk: Desk, meeting_key: str) -> PreparationScreen:
    """The preparation, opened over my day directly (as for a meeting next week, which
    my day does not list)."""
    await on_my_day(pilot)
    pilot.app.push_screen(PreparationScreen(the_desk.workspace, the_desk.ids[meeting_key]))
    return await back_on_preparation(pilot)


async def back_on_preparation(pilot: Pilot) -> PreparationScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, PreparationScreen))
    await settled(pilot)
    return pilot.app.screen


def checklist(screen: PreparationScreen) -> list[str]:
    """The checklist as shown, one entry per item: "✗  Label — detail" (a detail that
    wraps joined with spaces)."""
    entries: list[list[str]] = []
    for line in rendered(screen.query_one("#checklist")).splitlines():
        if line.startswith(("✓", "✗", "–")):
            entries.append([line.strip(), ""])
        elif line.strip() and entries:
            entries[-1][1] = f"{entries[-1][1]} {line.strip()}".strip()
    return [f"{label} — {detail}" if detail else label for label, detail in entries]


def line_of(screen: PreparationScreen, label: str) -> str:
    return next(line for line in checklist(screen) if label in line)


async def choose(pilot: Pilot, screen: PreparationScreen, key: str) -> None:
    """Arrow down (round the list) to the checklist line `key`."""
    lines = screen.query_one("#checklist", OptionList)
    for _ in range(2 * lines.option_count):
        if lines.highlighted_option.id == key:
            return
        await pilot.press("down")
    raise AssertionError(f"no checklist line {key}")
