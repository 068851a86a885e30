"""Notes given without the e-mail and answers recorded by the caseworker (issue 11, item
2): every operation refuses a caseworker of another team, and logs nothing for them."""

import pytest
from sqlmodel import select
from support.roles import check_roles

from prepdesk.core import meeting_mode, notes, notes_given
from prepdesk.data.models import AccessLog, AgendaItem, ApprovalRequest, Note


@pytest.fixture
def given(world):
    """Finished notes of the next meeting, given to the citizen by hand."""
    world.session.add(AgendaItem(meeting_id=world.next_meeting.id, position=1, title="Praktik"))
    world.session.commit()
    ctx = world.ctx()
    content = meeting_mode.start(ctx, world.next_meeting.id).content
    world.note_id = notes.finish(ctx, world.next_meeting.id, content).note_id
    world.request_id = notes_given.give_notes(ctx, world.note_id, "handed").request_id
    return world


CASES = [
    pytest.param(notes_given.give_notes, lambda w: {"note_id": w.note_id, "channel": "post"},
                 id="notes_given.give_notes"),
    pytest.param(notes_given.answer_form, lambda w: {"request_id": w.request_id},
                 id="notes_given.answer_form"),
    pytest.param(notes_given.record_answer, lambda w: {"request_id": w.request_id},
                 id="notes_given.record_answer"),
]


@pytest.mark.parametrize(("operation", "kwargs"), CASES)
def test_a_caseworker_of_another_team_is_refused(given, operation, kwargs):
    world = given
    looks = len(world.session.exec(select(AccessLog)).all())
    with pytest.raises(notes_given.UserError):
        operation(world.ctx(world.other), **kwargs(world))
    world.session.expire_all()
    assert len(world.session.exec(select(AccessLog)).all()) == looks
    assert world.session.get(ApprovalRequest, world.request_id).status == "pending"
    assert world.session.get(Note, world.note_id).status == "sent"
    check_roles(world, operation, kwargs(world))
