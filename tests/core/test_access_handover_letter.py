"""Every public operation of the handover's letter and joint meeting refuses a caseworker
of another team (R-SEC-3): `world.other` on `world.citizen`. (A colleague of the same team
who is neither of the two caseworkers nor the team lead is refused too:
test_handover_letter.py.)"""

from datetime import date, datetime

import pytest
from sqlmodel import select
from support.roles import check_roles

from prepdesk.core import handover_letter
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.data import models as m
from prepdesk.errors import UserError

TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=LOCAL_TIMEZONE)


def _jens(world) -> int:
    with world.sessions() as session:
        return session.exec(select(m.Caseworker.id).where(m.Caseworker.initials == "JH")).one()


def _handing(world, **values):
    """Mette hands Søren over to Jens, with a joint meeting on Tuesday at 10."""
    return {"citizen_id": world.citizen.id, "from_caseworker_id": world.me.id,
            "to_caseworker_id": _jens(world), "joint_meeting_at": TUESDAY_10, **values}


CASES = [
    pytest.param(handover_letter.joint_meeting_slots, lambda w: {
        "citizen_id": w.citizen.id, "caseworker_ids": [w.me.id, _jens(w)],
        "earliest": date(2026, 11, 23)}, id="handover_letter.joint_meeting_slots"),
    pytest.param(handover_letter.preview_handover_letter, lambda w: _handing(w),
                 id="handover_letter.preview_handover_letter"),
    pytest.param(handover_letter.tell_the_citizen, lambda w: _handing(w),
                 id="handover_letter.tell_the_citizen"),
]


@pytest.mark.parametrize(("operation", "arguments"), CASES)
def test_a_caseworker_of_another_team_is_refused(world, operation, arguments):
    values = arguments(world)
    with pytest.raises(UserError, match="adgang"):
        operation(world.ctx(world.other), **values)
    # An administrator without a reason is refused too, while a team lead of the citizen's
    # team may (the refusals are about access, not the arguments).
    check_roles(world, operation, values)
