"""Opening the notes with the copy kept on this computer (core/local_drafts.py) refuses a
caseworker of another team (R-SEC-3), and brings no copy of anyone's notes to them."""

from datetime import timedelta

import pytest
from sqlmodel import select
from support.roles import check_roles

from prepdesk.core import local_drafts
from prepdesk.data.models import AccessLog
from prepdesk.errors import UserError

CASES = [
    pytest.param(local_drafts.open_notes, lambda w: {"meeting_id": w.next_meeting.id},
                 id="local_drafts.open_notes"),
]


@pytest.mark.parametrize(("operation", "kwargs"), CASES)
def test_a_caseworker_of_another_team_is_refused(world, operation, kwargs):
    looks = len(world.session.exec(select(AccessLog)).all())
    with pytest.raises(UserError):
        operation(world.ctx(world.other), **kwargs(world))
    world.session.expire_all()
    assert len(world.session.exec(select(AccessLog)).all()) == looks  # nothing logged either
    check_roles(world, operation, kwargs(world))


def test_the_copy_is_the_users_own_and_not_found_by_another(world):
    from prepdesk.core.note_content import NoteContent

    mine = local_drafts.open_notes(world.ctx(), world.next_meeting.id)
    mine.copy.keep(NoteContent(facts="Kun mit"), typed_at=world.ctx().clock() + timedelta(
        seconds=1), base_version=None)
    theirs = local_drafts._notes_copy(world.ctx(world.other), world.next_meeting.id)
    assert theirs.path != mine.copy.path
    assert theirs.journal.read() is None
