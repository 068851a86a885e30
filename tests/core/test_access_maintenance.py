"""Removing old access-log rows (core/maintenance.py) is an administrator's task: a
caseworker, of another team or the citizen's own, is refused and nothing is removed."""

from datetime import timedelta

import pytest
from sqlmodel import func, select
from support.people import NOW

from prepdesk.core import maintenance
from prepdesk.data import models as m
from prepdesk.errors import UserError

CASES = [
    pytest.param(maintenance.remove_old_access_log, lambda w: {},
                 id="maintenance.remove_old_access_log"),
]


@pytest.mark.parametrize(("operation", "kwargs"), CASES)
def test_a_caseworker_is_refused_and_nothing_is_removed(world, operation, kwargs):
    world.session.add(m.AccessLog(at=NOW - timedelta(days=400), caseworker_id=world.me.id,
                                  citizen_id=world.citizen.id, action="open_file"))
    world.session.commit()
    for user in (world.other, world.me):
        with pytest.raises(UserError):
            operation(world.ctx(user), **kwargs(world))
    with world.sessions() as session:
        assert session.exec(select(func.count()).select_from(m.AccessLog)).one() == 1
