"""The team lead's review feedback (issue 14 item 5) checks access itself (R-SEC-3): a
caseworker of another team is refused on world.citizen's meeting, and nothing is written."""

import pytest
from sqlmodel import func, select
from support.roles import check_roles, team_lead

from prepdesk.core import review_feedback
from prepdesk.data import models as m
from prepdesk.errors import UserError


def _feedback(w) -> dict:
    """Feedback from Team Vest's lead on world.last_meeting, not read yet."""
    left = review_feedback.leave_feedback(w.ctx(team_lead(w)), w.last_meeting.id, "Godt")
    return {"feedback_id": left.id}


CASES = [
    pytest.param(review_feedback.leave_feedback,
                 lambda w: {"meeting_id": w.last_meeting.id, "text": "Godt"},
                 id="review_feedback.leave_feedback"),
    pytest.param(review_feedback.feedback_for_meeting, lambda w: {"meeting_id": w.last_meeting.id},
                 id="review_feedback.feedback_for_meeting"),
    pytest.param(review_feedback.mark_read, _feedback, id="review_feedback.mark_read"),
]

# My feedback to read, over the citizens I may see: tests/core/test_review_feedback.py.
NOT_ABOUT_ONE_CITIZEN = [review_feedback.unread_feedback]


def _state(world) -> tuple[int, int]:
    world.session.expire_all()
    rows = world.session.exec(select(func.count()).select_from(m.ReviewFeedback)).one()
    read = world.session.exec(select(func.count()).select_from(m.ReviewFeedback)
                              .where(m.ReviewFeedback.seen_at.is_not(None))).one()
    return rows, read


@pytest.mark.parametrize(("operation", "kwargs"), CASES)
def test_a_caseworker_of_another_team_is_refused(world, operation, kwargs):
    arguments = kwargs(world)
    before = _state(world)
    with pytest.raises(UserError, match="ikke adgang"):
        operation(world.ctx(world.other), **arguments)
    assert _state(world) == before
    check_roles(world, operation, arguments)


def test_the_caseworker_of_another_team_has_no_unread_feedback_of_ours(world):
    _feedback(world)
    assert review_feedback.unread_feedback(world.ctx(world.other)) == []
    assert len(review_feedback.unread_feedback(world.ctx())) == 1
