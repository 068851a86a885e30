"""The role decision itself (core/access.py, R-SEC-3): the edges the CASES lists do not
reach. A caseworker and a team lead see their team's citizens and those assigned to them;
an administrator opens a citizen only with a reason, logged, for the rest of that day; a
user deactivated or moved meanwhile is judged by their row as it is now."""

from datetime import timedelta

import pytest
from sqlmodel import select
from support.people import NOW, citizen
from support.roles import second_admin, team_lead, with_reason

from prepdesk.core import access, citizen_file, my_day
from prepdesk.core.access import ReasonNeeded
from prepdesk.data import models as m
from prepdesk.errors import UserError


def _opens(world, user, citizen_id=None, *, now=NOW) -> bool:
    try:
        citizen_file.open_file(world.ctx(user, now=now), citizen_id or world.citizen.id)
    except UserError:
        return False
    return True


def _change(world, model, row_id, **values) -> None:
    with world.sessions() as session:
        row = session.get(model, row_id)
        for name, value in values.items():
            setattr(row, name, value)
        session.commit()


def test_an_administrator_opens_a_file_only_with_a_reason_and_for_that_day(world):
    admin = second_admin(world)
    with pytest.raises(ReasonNeeded, match="begrundelse"):
        citizen_file.open_file(world.ctx(admin), world.citizen.id)
    with_reason(world, admin, now=NOW)
    assert _opens(world, admin, now=NOW + timedelta(hours=9))  # 17:00, the same day
    assert not _opens(world, admin, world.stranger.id)  # the reason was for Søren
    assert not _opens(world, admin, now=NOW + timedelta(hours=16))  # 00:00 the next day
    assert not _opens(world, admin, now=NOW - timedelta(minutes=1))  # before it was given
    assert access.may_see(world.session, admin, world.citizen.id, now=NOW)
    assert not access.may_see(world.session, admin, world.citizen.id)  # no moment: no reason
    looks = world.session.exec(select(m.AccessLog.action, m.AccessLog.detail).where(
        m.AccessLog.caseworker_id == admin.id).order_by(m.AccessLog.id)).all()
    assert looks == [("admin_reason", "Supportsag 4712: borgeren har klaget"), ("open_file", "")]


def test_a_reason_must_say_something(world):
    with pytest.raises(UserError, match="sætning"):
        access.open_with_reason(world.ctx(second_admin(world)), world.citizen.id, "  fordi  ")
    assert not _opens(world, second_admin(world))


def test_a_deactivated_user_is_refused_at_once_though_logged_in_before(world):
    assert _opens(world, world.me)
    _change(world, m.Caseworker, world.me.id, active=False)
    with pytest.raises(UserError, match="ikke længere aktiv"):
        citizen_file.open_file(world.ctx(), world.citizen.id)
    assert my_day.my_day(world.ctx()).today == []


def test_a_team_lead_sees_their_team_and_not_another(world):
    lead = team_lead(world)
    assert _opens(world, lead) and not _opens(world, lead, world.stranger.id)
    _change(world, m.Caseworker, lead.id, team_id=world.other.team_id)  # moved to Team Øst
    assert _opens(world, lead, world.stranger.id) and not _opens(world, lead)


def test_without_a_team_only_the_citizens_assigned_to_me(world):
    vest = world.session.get(m.Team, world.me.team_id)
    unassigned = citizen(world.session, "Ib", "Uden", "020202-2222", vest)
    world.session.commit()
    assert _opens(world, world.me, unassigned.id)
    _change(world, m.Caseworker, world.me.id, team_id=None)
    assert _opens(world, world.me)  # Søren is assigned to me
    assert not _opens(world, world.me, unassigned.id)


def test_a_citizen_of_no_team_and_no_caseworker_is_open_to_no_one_without_a_reason(world):
    _change(world, m.Citizen, world.stranger.id, team_id=None)
    with world.sessions() as session:
        for row in session.exec(select(m.CaseworkerAssignment).where(
                m.CaseworkerAssignment.citizen_id == world.stranger.id)):
            row.ended_at = NOW
        session.commit()
    assert not any(_opens(world, user, world.stranger.id)
                   for user in (world.me, world.other, team_lead(world), world.admin))
    assert _opens(world, with_reason(world, world.admin, world.stranger.id), world.stranger.id)


def test_an_administrators_day_lists_no_citizen(world):
    # world.admin has given a reason for Søren today: still, their lists name no citizen.
    with world.sessions() as session:
        session.add(m.Meeting(citizen_id=world.citizen.id, caseworker_id=world.admin.id,
                              kind="phone", starts_at=NOW + timedelta(hours=1)))
        session.commit()
    assert my_day.my_day(world.ctx(world.admin)).today == []


def test_the_users_row_decides_not_the_login(world):
    """An administrator demoted while their app is open: the reason given before opens
    nothing more, and they cannot give another (their login still says "admin")."""
    _change(world, m.Caseworker, world.admin.id, role="caseworker")  # had a reason for Søren
    assert world.admin.role == "admin" and not _opens(world, world.admin)
    with pytest.raises(UserError, match="administrator"):
        access.open_with_reason(world.ctx(world.admin), world.citizen.id, "Supportsag 4711 igen")
