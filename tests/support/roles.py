"""The three roles on a core operation (R-SEC-3), for the `world` of tests/core.

`check_roles(world, operation, kwargs)` is what every tests/core/test_access_<area>.py
calls on each of its CASES: a caseworker of another team is refused, an administrator
without a reason is refused asking for one (`access.ReasonNeeded`), neither writes a row,
and a team lead of the citizen's team is let in. The world's own administrator has given a
reason for `world.citizen` today (support/world.py); `second_admin` has given none.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import func, select

from prepdesk.core import access
from prepdesk.core.context import CurrentUser
from prepdesk.data import models as m
from prepdesk.errors import UserError
from support.people import NOW, user_of

# What a refused call might have written: looks, and what the operations of each area add.
WRITTEN = (m.AccessLog, m.JournalEntry, m.Inquiry, m.StatementRead, m.Meeting, m.AgendaItem,
           m.Accommodation, m.MeetingParticipant, m.Note, m.NoteVersion, m.Letter, m.OutboxMessage,
           m.ApprovalRequest, m.Correction, m.NoteDraft, m.LetterVersion, m.MeetingRuling,
           m.PracticeChange, m.PracticeChangeAck)


def team_lead(world) -> CurrentUser:  # type: ignore[no-untyped-def]
    """Tove Lund, team lead of Team Vest (the team of `world.citizen`), made once per world."""
    lead = getattr(world, "lead", None)
    if lead is None:
        with world.sessions() as session:
            row = m.Caseworker(initials="TL", name="Tove Lund", role="team_lead",
                               email="tl@fjordby.example", phone="72 10 20 39",
                               team_id=world.me.team_id)
            session.add(row)
            session.commit()
            team = session.get(m.Team, world.me.team_id)
            lead = world.lead = user_of(row, team)
    return lead


def second_admin(world) -> CurrentUser:  # type: ignore[no-untyped-def]
    """Bo Winther, an administrator who has given no reason for anyone; made once per world."""
    admin = getattr(world, "admin2", None)
    if admin is None:
        with world.sessions() as session:
            row = m.Caseworker(initials="BW", name="Bo Winther", role="admin",
                               email="bw@fjordby.example", phone="72 10 20 38")
            session.add(row)
            session.commit()
            admin = world.admin2 = user_of(row)
    return admin


def with_reason(world, admin: CurrentUser, citizen_id: int | None = None, *,  # type: ignore[no-untyped-def]
                now: datetime = NOW) -> CurrentUser:
    """`admin` after giving a reason for the citizen (Søren by default) on `now`'s day,
    through the core operation: they may open that file for the rest of that day."""
    access.open_with_reason(world.ctx(admin, now=now), citizen_id or world.citizen.id,
                            "Supportsag 4712: borgeren har klaget")
    return admin


def written(world) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    with world.sessions() as session:
        return tuple(session.exec(select(func.count()).select_from(t)).one() for t in WRITTEN)


def check_roles(world, operation, kwargs: dict, *,  # type: ignore[no-untyped-def]
                about_a_citizen: bool = True) -> None:
    """The three role rules on one call of `operation` (see the module's text). Not
    `about_a_citizen` (a team's practice change): an administrator needs no reason.

    The team lead is let in: the call returns, or is refused for something other than
    access (a notes already given, say: the call before them in the same world did it)."""
    before = written(world)
    with pytest.raises(UserError) as refused:
        operation(world.ctx(world.other), **kwargs)
    assert not isinstance(refused.value, access.ReasonNeeded)
    if about_a_citizen:
        with pytest.raises(access.ReasonNeeded):
            operation(world.ctx(second_admin(world)), **kwargs)
    assert written(world) == before
    try:
        operation(world.ctx(team_lead(world)), **kwargs)
    except access.ReasonNeeded:
        raise
    except UserError as problem:
        assert problem.message != refused.value.message, problem.message
