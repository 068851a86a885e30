"""Follow-up reports (R-LEAD-3, issue 14 item 6) are a team lead's: refused to a caseworker
of another team (and of the team: test_follow_up_reports.py) and to an administrator, let in
for a team lead; a team lead of another team sees their own team's figures, never Team
Vest's."""

from datetime import datetime

import pytest
from support.roles import check_roles, team_lead

from prepdesk.core import follow_up_reports
from prepdesk.core.context import LOCAL_TIMEZONE, CurrentUser
from prepdesk.data import models as m

CASES = [
    pytest.param(follow_up_reports.follow_up_report, lambda w: {"year": 2026, "scope": "team"},
                 id="follow_up_reports.follow_up_report"),
]


@pytest.mark.parametrize(("operation", "kwargs"), CASES)
def test_a_caseworker_of_another_team_is_refused(world, operation, kwargs):
    # The reports name no citizen: an administrator is refused as such, not for want of a reason.
    check_roles(world, operation, kwargs(world), about_a_citizen=False)


def test_a_team_lead_of_another_team_sees_their_own_team(world):
    with world.sessions() as session:
        session.add(m.Complaint(citizen_id=world.citizen.id, kind="complaint",
                                received_at=datetime(2026, 3, 2, tzinfo=LOCAL_TIMEZONE)))
        lead = m.Caseworker(initials="ØL", name="Øjvind Lund", role="team_lead",
                            email="ol@fjordby.example", phone="1", team_id=world.other.team_id)
        session.add(lead)
        session.commit()
        east = CurrentUser(lead.id, lead.name, lead.role, lead.team_id, "Team Øst", lead.email,
                           lead.phone)
    theirs = follow_up_reports.follow_up_report(world.ctx(east), 2026, "team")
    assert (theirs.scope_name, theirs.quarters[-1].received) == ("Team Øst", 0)
    assert follow_up_reports.follow_up_report(world.ctx(east), 2026, "job_centre").quarters[-1].received == 1
    assert follow_up_reports.follow_up_report(world.ctx(team_lead(world)), 2026).quarters[-1].received == 1
