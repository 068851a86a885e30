"""core.meeting_mode and core.note_page: the parts the screens rely on."""

from datetime import timedelta

import pytest
from sqlmodel import select
from world import NOW

from prepdesk.core import agenda, meeting_mode, notes
from prepdesk.core.note_page import note_page
from prepdesk.data.models import AccessLog, ApprovalRequest, OutboxMessage
from prepdesk.errors import UserError


@pytest.fixture
def meeting(world):
    agenda.add(world.session, world.next_meeting, agenda.Proposal("Sygemelding", "both", 10, "manual"))
    return world.next_meeting


def test_opening_meeting_mode_logs_access_and_offers_the_draft(world, meeting):
    start = meeting_mode.start(world.session, world.me, meeting.id, NOW)
    assert start.draft is None and start.finished_note_id is None
    assert [s["title"] for s in start.content["sections"]] == ["Sygemelding"]
    assert {s.title for s in start.statements} == {"Lægeerklæring", "Psykologudtalelse"}
    assert "10 timer om ugen" in next(s.conclusion for s in start.statements if s.title == "Psykologudtalelse")
    notes.save_draft(world.session, world.me, meeting.id, {**start.content, "facts": "Kladde"}, NOW)
    again = meeting_mode.start(world.session, world.me, meeting.id, NOW + timedelta(minutes=5))
    assert again.draft["facts"] == "Kladde" and again.draft_saved_at == NOW
    assert len(world.session.exec(select(AccessLog)).all()) == 2
    with pytest.raises(UserError):
        meeting_mode.start(world.session, world.other, meeting.id, NOW)


def test_without_an_e_mail_address_nothing_is_marked_as_sent(world, meeting):
    content = notes.empty_content(world.session, meeting, ["Søren Møller"])
    note_id = meeting_mode.finish_notes(world.session, world.me, meeting.id, content, NOW)
    with pytest.raises(UserError, match="ingen e-mailadresse"):
        meeting_mode.send_for_approval(world.session, world.me, note_id, NOW, "key",
                                       base_url="https://borger.example", sender="jc@example.org")
    assert world.session.exec(select(ApprovalRequest)).first() is None
    world.citizen.email = "soeren@example.org"
    world.session.add(world.citizen)
    world.session.commit()
    request = meeting_mode.send_for_approval(world.session, world.me, note_id, NOW, "key",
                                             base_url="https://borger.example", sender="jc@example.org")
    message = world.session.exec(select(OutboxMessage)).one()
    assert message.approval_request_id == request.id and "https://borger.example/g/" in message.body
    page = note_page(world.session, world.me, note_id)
    assert page.status == "sent" and [v.number for v in page.history] == [1]
