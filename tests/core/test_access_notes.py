"""Every public operation of the notes' area refuses a caseworker of another team
(R-SEC-3), whatever screen called it and whatever was opened before."""

from datetime import timedelta

import pytest
from sqlmodel import select
from support.people import NOW
from support.roles import check_roles

from prepdesk.core import approval, meeting_mode, note_page, notes
from prepdesk.core.approval import CitizenContext, LinkProblem
from prepdesk.core.note_content import NoteContent
from prepdesk.data.models import (
    AccessLog,
    AgendaItem,
    ApprovalRequest,
    Citizen,
    Correction,
    Meeting,
)
from prepdesk.errors import UserError

KEY = "test-signing-key-not-secret"


@pytest.fixture
def prepared(world):
    """Finished notes of the last meeting with a pending correction, and a draft of the
    next meeting's notes, all about `world.citizen`; their ids on the world."""
    session = world.session
    session.get(Citizen, world.citizen.id).email = "soeren@example.dk"
    planned = Meeting(citizen_id=world.citizen.id, caseworker_id=world.me.id, kind="follow_up",
                      starts_at=NOW + timedelta(days=20))
    session.add(planned)
    session.add(AgendaItem(meeting_id=world.next_meeting.id, position=1, title="Sygemelding"))
    session.commit()
    ctx = world.ctx()
    content = meeting_mode.start(ctx, world.next_meeting.id).content
    world.note_id = notes.finish(ctx, world.next_meeting.id, content).note_id
    world.meeting_id = planned.id
    world.content = NoteContent(facts="Hemmeligt")
    notes.save_draft(ctx, planned.id, world.content, seen_version=None)
    request = ApprovalRequest(note_id=world.note_id, note_version=1, public_id="p", nonce="n",
                              sent_at=NOW, expires_at=NOW + timedelta(days=14))
    session.add(request)
    session.flush()
    correction = Correction(approval_request_id=request.id, note_id=world.note_id, section="facts",
                            proposed_text="Rettet", received_at=NOW)
    session.add(correction)
    session.commit()
    world.correction_id = correction.id
    return world


CASES = [
    pytest.param(meeting_mode.start, lambda w: {"meeting_id": w.meeting_id}, id="meeting_mode.start"),
    pytest.param(notes.save_draft, lambda w: {"meeting_id": w.meeting_id, "content": w.content,
                                              "seen_version": None}, id="notes.save_draft"),
    pytest.param(notes.finish, lambda w: {"meeting_id": w.meeting_id, "content": w.content},
                 id="notes.finish"),
    pytest.param(notes.accept_correction, lambda w: {"correction_id": w.correction_id,
                                                     "seen_version": None, "seen_note_version": None},
                 id="notes.accept_correction"),
    pytest.param(notes.reject_correction, lambda w: {"correction_id": w.correction_id,
                                                     "reason": "Nej.", "seen_version": None},
                 id="notes.reject_correction"),
    pytest.param(note_page.note_page, lambda w: {"note_id": w.note_id}, id="note_page.note_page"),
    pytest.param(note_page.corrections_page, lambda w: {"note_id": w.note_id},
                 id="note_page.corrections_page"),
    pytest.param(approval.send_for_approval, lambda w: {"note_id": w.note_id, "key": KEY},
                 id="approval.send_for_approval"),
]


@pytest.mark.parametrize(("operation", "kwargs"), CASES)
def test_a_caseworker_of_another_team_is_refused(prepared, operation, kwargs):
    world = prepared
    looks = len(world.session.exec(select(AccessLog)).all())
    with pytest.raises(UserError):
        operation(world.ctx(world.other), **kwargs(world))
    world.session.expire_all()
    assert len(world.session.exec(select(AccessLog)).all()) == looks  # nothing logged either
    assert world.session.get(Correction, world.correction_id).status == "pending"
    check_roles(world, operation, kwargs(world))


# The citizen's operations take no staff user: the link token is the credential. A token
# that was not made with the portal's key opens nothing.
CITIZEN_CASES = [
    pytest.param(approval.open_link, lambda w, token: {"token": token}, id="approval.open_link"),
    pytest.param(approval.check_birth_date,
                 lambda w, token: {"token": token, "birth_date": NOW.date()},
                 id="approval.check_birth_date"),
    pytest.param(approval.notes_for_citizen, lambda w, token: {"token": token},
                 id="approval.notes_for_citizen"),
    pytest.param(approval.answer, lambda w, token: {"token": token}, id="approval.answer"),
]


@pytest.mark.parametrize(("operation", "kwargs"), CITIZEN_CASES)
def test_a_link_not_made_with_the_key_opens_nothing(prepared, operation, kwargs):
    world = prepared
    # Notes go to the citizen again once their corrections are answered.
    world.session.get(Correction, world.correction_id).status = "rejected"
    world.session.commit()
    sent = approval.send_for_approval(world.ctx(), world.note_id, key="another-key")
    token = sent.link.rsplit("/", 1)[1]
    with pytest.raises(LinkProblem):
        operation(CitizenContext(world.sessions, KEY, lambda: NOW), **kwargs(world, token))
