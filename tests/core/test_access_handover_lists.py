"""The two lists of core/handover.py made for the handover screens (issue 13) show only
what the user may see: `caseload` a caseworker's citizens to the team lead of their team
only, `my_requests` the user's own requests only."""

from datetime import timedelta

import pytest
from sqlmodel import select
from support.roles import team_lead
from support.world import NOW

from prepdesk.core import handover
from prepdesk.data import models as m
from prepdesk.errors import UserError

NOT_ABOUT_ONE_CITIZEN = [handover.caseload, handover.my_requests]


def _jens_id(world) -> int:
    return world.session.exec(select(m.Caseworker.id).where(m.Caseworker.initials == "JH")).one()


def test_the_caseload_is_the_team_leads_of_the_caseworkers_team_only(world):
    lead = world.ctx(team_lead(world))
    mine = handover.caseload(lead, world.me.id)
    assert mine.caseworker_name == world.me.name
    assert world.citizen.id in [line.citizen_id for line in mine.lines]
    assert not any(line.in_handover for line in mine.lines)
    handover.start_handover(lead, world.citizen.id, _jens_id(world), "workload",
                            NOW.date() + timedelta(days=7))
    again = {line.citizen_id: line.in_handover for line in handover.caseload(lead, world.me.id).lines}
    assert again[world.citizen.id] is True
    for who in (world.me, world.other, world.admin):  # a caseworker, another team, admin
        with pytest.raises(UserError):
            handover.caseload(world.ctx(who), world.me.id)
    with pytest.raises(UserError):  # the other team's caseworker: not Tove's team
        handover.caseload(lead, world.other.id)


def test_my_requests_are_my_own_open_or_lately_declined(world):
    lead = world.ctx(team_lead(world))
    asked = handover.request_handover(world.ctx(), world.citizen.id, "citizen_wish")
    assert [r.id for r in handover.my_requests(world.ctx())] == [asked.id]
    assert handover.my_requests(world.ctx(world.other)) == ()
    assert handover.my_requests(lead) == ()  # not hers: she asked for none
    handover.decline_request(lead, asked.id, "Ikke nu")
    seen = handover.my_requests(world.ctx())
    assert [(r.status, r.declined_reason) for r in seen] == [("declined", "Ikke nu")]
    later = world.ctx(now=NOW + timedelta(days=15))
    assert handover.my_requests(later) == ()
