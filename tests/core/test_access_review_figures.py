"""Who sees the team review's figures (issue 14, item 7; R-SEC-3): a team lead their team,
a caseworker their own figures and the team's totals, never a colleague's; a caseworker of
another team is refused; an administrator sees none. Listing the rows behind a figure
opens no citizen, so it writes no access-log row.

(Named for its area: the review feedback of item 5 has its own test_access_review.py.)"""

from datetime import date, datetime

import pytest
from sqlmodel import func, select
from support.roles import team_lead

from prepdesk.core import review_figures as rf
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.data import models as m
from prepdesk.errors import UserError

# About a team and its caseworkers, not one citizen; the tests below prove who is refused.
NOT_ABOUT_ONE_CITIZEN = [rf.review, rf.series, rf.drill_down]

JUNE = rf.Period.month(date(2026, 6, 1))


def _jens(world) -> int:  # type: ignore[no-untyped-def]
    return world.session.exec(select(m.Caseworker.id).where(m.Caseworker.initials == "JH")).one()


def _log(world) -> int:  # type: ignore[no-untyped-def]
    with world.sessions() as session:
        return session.exec(select(func.count()).select_from(m.AccessLog)).one()


def test_a_caseworker_of_another_team_is_refused_this_teams_figures(world):
    other = world.ctx(world.other)
    with pytest.raises(UserError):
        rf.drill_down(other, JUNE, "meetings_prepared", caseworker_id=world.me.id)
    with pytest.raises(UserError):
        rf.series(other, JUNE, "week", caseworker_id=world.me.id)
    # Their own review is their own team's.
    theirs = rf.review(other, JUNE)
    assert theirs.team_name == "Team Øst"
    assert [row.caseworker_id for row in theirs.caseworkers] == [world.other.id]


def test_a_caseworker_sees_their_own_and_the_teams_totals_not_a_colleagues(world):
    me = world.ctx(world.me)
    for call in (lambda: rf.drill_down(me, JUNE, "letters_lix", caseworker_id=_jens(world)),
                 lambda: rf.drill_down(me, JUNE, "letters_lix"),  # the team's rows: colleagues'
                 lambda: rf.series(me, JUNE, "month", caseworker_id=_jens(world))):
        with pytest.raises(UserError):
            call()
    assert rf.series(me, JUNE, "month").caseworker_id is None  # the team's totals
    own = rf.series(me, JUNE, "month", caseworker_id=world.me.id)
    assert own.name == world.me.name and len(own.lines) == len(rf.FIGURE_KEYS)
    assert rf.drill_down(me, JUNE, "letters_lix", caseworker_id=world.me.id).rows == ()


def test_the_team_lead_sees_each_of_the_team_and_nothing_is_logged(world):
    lead = world.ctx(team_lead(world))
    before = _log(world)
    review = rf.review(lead, JUNE)
    assert {world.me.id, _jens(world)} <= {row.caseworker_id for row in review.caseworkers}
    rf.drill_down(lead, JUNE, "meetings_prepared", caseworker_id=_jens(world))
    rf.drill_down(lead, JUNE, "meetings_prepared")
    with pytest.raises(UserError):
        rf.drill_down(lead, JUNE, "meetings_prepared", caseworker_id=world.other.id)
    assert _log(world) == before


def test_an_administrator_sees_no_figures(world):
    admin = world.ctx(world.admin)
    for call in (lambda: rf.review(admin, JUNE), lambda: rf.series(admin, JUNE),
                 lambda: rf.drill_down(admin, JUNE, "meetings_prepared", caseworker_id=world.me.id)):
        with pytest.raises(UserError, match="administrat"):
            call()


def test_a_citizen_the_viewer_may_not_see_is_listed_without_a_name(world):
    """Åse (Team Øst) is assigned to Mette too: Mette's meeting with her counts in Team
    Vest's figures, but Team Vest's lead may not see Åse, so her row has no name."""
    s = world.session
    s.add(m.CaseworkerAssignment(citizen_id=world.stranger.id, caseworker_id=world.me.id,
                                 started_at=datetime(2026, 5, 1, 9, tzinfo=LOCAL_TIMEZONE)))
    s.add(m.Meeting(citizen_id=world.stranger.id, caseworker_id=world.me.id, kind="phone",
                    starts_at=datetime(2026, 6, 9, 10, tzinfo=LOCAL_TIMEZONE), status="held"))
    s.commit()
    as_lead = rf.drill_down(world.ctx(team_lead(world)), JUNE, "meetings_prepared")
    as_mette = rf.drill_down(world.ctx(world.me), JUNE, "meetings_prepared", caseworker_id=world.me.id)
    assert [(r.citizen_id, r.citizen_name) for r in as_lead.rows] == [(world.stranger.id, None)]
    assert [r.citizen_name for r in as_mette.rows] == ["Åse Ærø"]
