"""core/handover_tell.py refuses a caseworker of another team (R-SEC-3): `world.other` on
`world.citizen`'s handover, and writes nothing."""

import pytest
from sqlmodel import func, select
from support.roles import check_roles
from test_handover_tell import started

from prepdesk.core import handover_tell
from prepdesk.data import models as m
from prepdesk.errors import UserError

CASES = [
    pytest.param(handover_tell.tell_about_handover, lambda w: {
        "handover_id": started(w).id, "joint_meeting_at": None}, id="handover_tell.tell_about_handover"),
]


def _counts(world) -> tuple[int, ...]:
    with world.sessions() as session:
        return tuple(session.exec(select(func.count()).select_from(t)).one()
                     for t in (m.Letter, m.Meeting, m.OutboxMessage))


@pytest.mark.parametrize(("operation", "arguments"), CASES)
def test_a_caseworker_of_another_team_is_refused(world, operation, arguments):
    values = arguments(world)
    before = _counts(world)
    with pytest.raises(UserError, match="adgang"):
        operation(world.ctx(world.other), **values)
    assert _counts(world) == before
    check_roles(world, operation, values)
