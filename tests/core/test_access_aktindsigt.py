"""Aktindsigt (issue 12 item 4): every operation on one citizen refuses a caseworker of
another team and writes nothing for them; the list of open requests shows only the
citizens the user may see (proved in test_aktindsigt.py, per role)."""

from datetime import date

import pytest
from sqlmodel import func, select
from support.roles import check_roles

from prepdesk.core import aktindsigt
from prepdesk.data import models as m
from prepdesk.errors import UserError


@pytest.fixture
def requested(world):
    world.request_id = aktindsigt.register_request(world.ctx(), world.citizen.id).id
    return world


CASES = [
    pytest.param(aktindsigt.register_request,
                 lambda w: {"citizen_id": w.citizen.id, "received_on": date(2026, 11, 20)},
                 id="aktindsigt.register_request"),
    pytest.param(aktindsigt.answer, lambda w: {"request_id": w.request_id, "how": "post"},
                 id="aktindsigt.answer"),
    pytest.param(aktindsigt.export, lambda w: {"citizen_id": w.citizen.id},
                 id="aktindsigt.export"),
]
NOT_ABOUT_ONE_CITIZEN = [aktindsigt.open_requests]


def _counts(w) -> tuple[int, ...]:
    with w.sessions() as session:
        counts = tuple(session.exec(select(func.count()).select_from(t)).one()
                       for t in (m.AccessLog, m.AccessRequest))
        answered = session.exec(select(func.count()).select_from(m.AccessRequest)
                                .where(m.AccessRequest.answered_at.is_not(None))).one()
        return (*counts, answered)


@pytest.mark.parametrize(("operation", "kwargs"), CASES)
def test_a_caseworker_of_another_team_is_refused(requested, operation, kwargs):
    world = requested
    before = _counts(world)
    values = kwargs(world)
    with pytest.raises(UserError):
        operation(world.ctx(world.other), **values)
    assert _counts(world) == before
    # An administrator without a reason is refused too; a team lead of the team may.
    check_roles(world, operation, values)


def test_another_teams_open_requests_are_not_shown(requested):
    assert aktindsigt.open_requests(requested.ctx(requested.other)) == ()
    assert [r.id for r in aktindsigt.open_requests(requested.ctx())] == [requested.request_id]
