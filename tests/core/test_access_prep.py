"""Every public operation of meetings, the preparation and the agenda checks access itself
(R-SEC-3): a caseworker of another team is refused on world.citizen, whichever screen
called first, and nothing is written."""

from datetime import timedelta

import pytest
from sqlmodel import func, select
from support.people import NOW
from support.roles import check_roles

from prepdesk.core import agenda, meetings, prep
from prepdesk.data import models as m
from prepdesk.errors import UserError


def _item(w) -> dict:
    """An item on world.next_meeting's agenda, and the agenda's version."""
    item = m.AgendaItem(meeting_id=w.next_meeting.id, position=1, title="Økonomi", minutes=5)
    w.session.add(item)
    w.session.commit()
    version = w.session.get(m.Meeting, w.next_meeting.id).agenda_version
    return {"meeting_id": w.next_meeting.id, "item_id": item.id, "seen_agenda_version": version}


def _companion(w) -> int:
    return w.session.exec(select(m.Representative.id).where(
        m.Representative.citizen_id == w.citizen.id)).first()


CASES = [
    pytest.param(meetings.meeting_form, lambda w: {"citizen_id": w.citizen.id},
                 id="meetings.meeting_form"),
    pytest.param(meetings.create_meeting, lambda w: {
        "citizen_id": w.citizen.id, "kind": "phone", "starts_at": NOW + timedelta(days=2)},
        id="meetings.create_meeting"),
    pytest.param(meetings.reschedule, lambda w: {
        "meeting_id": w.next_meeting.id, "seen_version": w.next_meeting.version,
        "starts_at": NOW + timedelta(days=2), "place": "Telefon"}, id="meetings.reschedule"),
    pytest.param(meetings.mark_invited, lambda w: {
        "meeting_id": w.next_meeting.id, "representative_id": _companion(w)},
        id="meetings.mark_invited"),
    pytest.param(meetings.book_next_meeting, lambda w: {"meeting_id": w.next_meeting.id},
                 id="meetings.book_next_meeting"),
    pytest.param(agenda.view, lambda w: {"meeting_id": w.next_meeting.id}, id="agenda.view"),
    pytest.param(agenda.view, lambda w: {"meeting_id": w.next_meeting.id, "again": True},
                 id="agenda.view(again)"),
    pytest.param(agenda.add, lambda w: {
        "meeting_id": w.next_meeting.id, "proposal": agenda.Proposal("Økonomi", "both", 5, "own")},
        id="agenda.add"),
    pytest.param(agenda.add_all, lambda w: {
        "meeting_id": w.next_meeting.id, "chosen": [agenda.Proposal("Økonomi", "both", 5, "own")]},
        id="agenda.add_all"),
    pytest.param(agenda.change, lambda w: {**_item(w), "title": "Overtaget"}, id="agenda.change"),
    pytest.param(agenda.move, lambda w: {**_item(w), "steps": 1}, id="agenda.move"),
    pytest.param(agenda.remove, _item, id="agenda.remove"),
    pytest.param(prep.preparation, lambda w: {"meeting_id": w.next_meeting.id},
                 id="prep.preparation"),
    pytest.param(prep.preparation, lambda w: {"meeting_id": w.next_meeting.id, "again": True},
                 id="prep.preparation(again)"),
    pytest.param(prep.checklist, lambda w: {"meeting_id": w.next_meeting.id},
                 id="prep.checklist"),
    pytest.param(prep.note_accommodation, lambda w: {
        "citizen_id": w.citizen.id, "description": "Pauser"}, id="prep.note_accommodation"),
]


def _counts(w) -> dict[str, int]:
    w.session.expire_all()
    return {model.__name__: w.session.exec(select(func.count()).select_from(model)).one()
            for model in (m.Meeting, m.AgendaItem, m.AccessLog, m.Accommodation,
                          m.MeetingParticipant)}


@pytest.mark.parametrize(("operation", "arguments"), CASES)
def test_a_caseworker_of_another_team_is_refused(world, operation, arguments):
    kwargs = arguments(world)
    before = _counts(world)
    meeting = world.session.get(m.Meeting, world.next_meeting.id, populate_existing=True)
    versions = (meeting.version, meeting.agenda_version)
    with pytest.raises(UserError, match="adgang"):
        operation(world.ctx(world.other), **kwargs)
    assert _counts(world) == before
    meeting = world.session.get(m.Meeting, world.next_meeting.id, populate_existing=True)
    assert (meeting.version, meeting.agenda_version) == versions
    check_roles(world, operation, kwargs)


@pytest.mark.parametrize(("operation", "arguments"), CASES)
def test_the_caseworker_of_the_citizen_may(world, operation, arguments):
    """The same calls go through for me: the refusal above is about access, not about
    arguments that would fail anyway."""
    operation(world.ctx(), **arguments(world))
