"""Every public operation of letters and the outbox refuses a caseworker of another team
(R-SEC-3): `world.other` on `world.citizen`."""

import pytest
from support.roles import check_roles

from prepdesk.core import letters, outbox
from prepdesk.data import models as m
from prepdesk.errors import UserError


def _meeting(world) -> int:
    """Søren's next meeting, with an agenda to invite to."""
    with world.sessions() as session:
        session.add(m.AgendaItem(meeting_id=world.next_meeting.id, position=1, title="Økonomi"))
        session.commit()
    return world.next_meeting.id


def _letter(world) -> letters.InvitationView:
    """The invitation to Søren's next meeting, as I (his caseworker) drafted it."""
    return letters.open_invitation(world.ctx(), _meeting(world))


def _failed_message(world) -> int:
    """A message of my letter to Søren that failed."""
    letter = _letter(world)
    queued = letters.queue(world.ctx(), letter.letter_id, letter.version)
    with world.sessions() as session:
        session.get(m.OutboxMessage, queued.message_id).status = "failed"
        session.commit()
    return queued.message_id


def _with_letter(world, **values):
    letter = _letter(world)
    return {"letter_id": letter.letter_id, **{k: v(letter) if callable(v) else v
                                              for k, v in values.items()}}


CASES = [
    pytest.param(letters.open_invitation, lambda w: {"meeting_id": _meeting(w)},
                 id="letters.open_invitation"),
    pytest.param(letters.save_text, lambda w: _with_letter(
        w, seen_version=lambda v: v.version, subject="Emne", body="Tekst"), id="letters.save_text"),
    pytest.param(letters.redraft, lambda w: _with_letter(w, seen_version=lambda v: v.version),
                 id="letters.redraft"),
    pytest.param(letters.versions, lambda w: _with_letter(w), id="letters.versions"),
    pytest.param(letters.preview, lambda w: _with_letter(w),
                 id="letters.preview"),
    pytest.param(letters.queue, lambda w: _with_letter(
        w, seen_version=lambda v: v.version), id="letters.queue"),
    pytest.param(outbox.outbox_entries, lambda w: {"citizen_id": w.citizen.id},
                 id="outbox.outbox_entries"),
    pytest.param(outbox.failed_messages, lambda w: {"citizen_id": w.citizen.id},
                 id="outbox.failed_messages"),
    pytest.param(outbox.retry, lambda w: {"message_id": _failed_message(w)}, id="outbox.retry"),
]


@pytest.mark.parametrize(("operation", "arguments"), CASES)
def test_a_caseworker_of_another_team_is_refused(world, operation, arguments):
    values = arguments(world)
    with pytest.raises(UserError, match="adgang"):
        operation(world.ctx(world.other), **values)
    # An administrator without a reason is refused too, while a team lead of the citizen's
    # team may (the refusals are about access, not the arguments).
    check_roles(world, operation, values)
