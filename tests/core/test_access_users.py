"""Users and teams are managed by an administrator only, and an administrator's reason to
open a file is given by an administrator only (R-SEC-3): every operation of core/users.py,
`access.open_with_reason` and the access log's removal (core/maintenance.py) refuse a
caseworker, a team lead and a deactivated administrator, and write nothing when they do."""

import pytest
from sqlmodel import select
from support.roles import team_lead, written

from prepdesk.core import access, maintenance, users
from prepdesk.data import models as m
from prepdesk.errors import UserError

ADMIN_ONLY = [
    pytest.param(users.users, lambda w: {}, id="users.users"),
    pytest.param(users.teams, lambda w: {}, id="users.teams"),
    pytest.param(users.add_user, lambda w: {
        "initials": "NY", "name": "Ny Kollega", "email": "ny@fjordby.example", "phone": "1",
        "team": "Team Vest"}, id="users.add_user"),
    pytest.param(users.add_team, lambda w: {"name": "Team Nord"}, id="users.add_team"),
    pytest.param(users.deactivate, lambda w: {"initials": "JH"}, id="users.deactivate"),
    pytest.param(users.move, lambda w: {"initials": "JH", "team": "Team Øst"}, id="users.move"),
    pytest.param(access.open_with_reason, lambda w: {
        "citizen_id": w.citizen.id, "reason": "Supportsag 4711: sagen vises forkert"},
        id="access.open_with_reason"),
    pytest.param(maintenance.remove_old_access_log, lambda w: {},
                 id="maintenance.remove_old_access_log"),
    pytest.param(maintenance.remove_old_citizen_changes, lambda w: {},
                 id="maintenance.remove_old_citizen_changes"),
]


def _deactivated_admin(world):
    with world.sessions() as session:
        row = m.Caseworker(initials="GA", name="Gammel Admin", role="admin", email="ga@x.example",
                           phone="1", active=False)
        session.add(row)
        session.commit()
        return access.CurrentUser(row.id, row.name, "admin", None, None, row.email, row.phone)


@pytest.mark.parametrize(("operation", "arguments"), ADMIN_ONLY)
def test_only_an_active_administrator_may(world, operation, arguments):
    kwargs = arguments(world)
    lead, gone = team_lead(world), _deactivated_admin(world)
    before = written(world), _staff(world)
    for user in (world.me, world.other, lead, gone):
        with pytest.raises(UserError):
            operation(world.ctx(user), **kwargs)
    assert (written(world), _staff(world)) == before
    operation(world.ctx(world.admin), **kwargs)


def _staff(world) -> list[tuple]:
    with world.sessions() as session:
        return session.exec(select(m.Caseworker.initials, m.Caseworker.active,
                                   m.Caseworker.team_id, m.Caseworker.version)).all() + \
            session.exec(select(m.Team.name)).all()
