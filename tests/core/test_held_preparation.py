"""A held meeting's preparation shows its checklist as it stood when the meeting began, for
the meeting's own caseworker (the team lead's feedback is on that), never today's: what
arrived or was done after the start does not count, what was done before does; on SQLite
and PostgreSQL."""

from __future__ import annotations

from sqlmodel import select
from support.people import ago
from support.roles import team_lead

from prepdesk.core.prep import checklist, preparation
from prepdesk.data import models as m

STARTED = 7  # world.last_meeting began 7 days ago


def prepare_last_meeting(world, *, done: float) -> None:  # type: ignore[no-untyped-def]
    """Everything on the held meeting's checklist done by its caseworker `done` days ago:
    the statements read, the file opened, the open agreement on the agenda, the
    invitation with the agenda queued and the companion invited."""
    session, meeting = world.session, world.last_meeting
    at = ago(done)
    agreement = session.exec(select(m.Agreement).where(m.Agreement.status == "open")).one()
    session.add(m.AgendaItem(meeting_id=meeting.id, position=1, title="Søge tre job",
                             source="agreement", source_id=agreement.id))
    for statement in (world.old_statement, world.new_statement):
        session.add(m.StatementRead(statement_id=statement.id, caseworker_id=world.me.id,
                                    read_at=at))
    session.add(m.AccessLog(at=at, caseworker_id=world.me.id, citizen_id=world.citizen.id,
                            action="open_file"))
    letter = m.Letter(citizen_id=world.citizen.id, meeting_id=meeting.id, kind="invitation",
                      author_id=world.me.id, created_at=at, status="sent")
    session.add(letter)
    session.flush()
    session.add(m.LetterVersion(letter_id=letter.id, number=1, created_at=at,
                                subject="Indkaldelse", body="Dagsorden:\n1. Søge tre job"))
    companion = session.exec(select(m.Representative)).one()
    session.add(m.MeetingParticipant(meeting_id=meeting.id, role="companion",
                                     name=companion.name, representative_id=companion.id,
                                     invited_at=at))
    # What came of the meeting: an agreement made there, open today.
    session.add(m.Agreement(citizen_id=world.citizen.id, meeting_id=meeting.id,
                            what="Ringe til lægen"))
    session.commit()


def test_a_held_meeting_shows_the_checklist_as_it_stood_when_it_began(world):
    prepare_last_meeting(world, done=STARTED + 1)
    meeting = world.last_meeting
    shown = preparation(world.ctx(), meeting.id)
    assert shown.as_of == meeting.starts_at
    # Today a statement came after the meeting, unread, and the meeting made an agreement
    # that is on no agenda; neither was there when it began.
    assert shown.checklist.complete, shown.checklist.missing
    assert checklist(world.ctx(), meeting.id) == shown.checklist
    # The team lead giving feedback sees the caseworker's checklist, not their own (they
    # have read no statement and opened no file).
    assert preparation(world.ctx(team_lead(world)), meeting.id).checklist == shown.checklist


def test_what_was_done_after_the_meeting_began_does_not_count(world):
    prepare_last_meeting(world, done=1)
    shown = preparation(world.ctx(), world.last_meeting.id)
    assert {item.key for item in shown.checklist.missing} == {
        "statements", "new_entries", "invitation", "representative"}
    statements = next(item for item in shown.checklist.items if item.key == "statements")
    assert statements.detail == "1 ny erklæring er ikke læst"  # the one received before


def test_a_planned_meeting_shows_the_checklist_as_it_is_now(world):
    shown = preparation(world.ctx(), world.next_meeting.id)
    assert shown.as_of is None


def test_a_team_lead_sees_a_planned_meetings_checklist_as_its_caseworker_does(world):
    """What is new or unread is the caseworker's: the lead's own reading and opening (here:
    the file opened, the statements read by the lead alone) changes nothing."""
    lead = team_lead(world)
    for statement in (world.old_statement, world.new_statement):
        world.session.add(m.StatementRead(statement_id=statement.id, caseworker_id=lead.id,
                                          read_at=ago(0)))
    world.session.add(m.AccessLog(at=ago(0), caseworker_id=lead.id, citizen_id=world.citizen.id,
                                  action="open_file"))
    world.session.commit()
    meeting = world.next_meeting
    caseworkers = checklist(world.ctx(), meeting.id)
    assert checklist(world.ctx(lead), meeting.id) == caseworkers
    assert "statements" in {item.key for item in caseworkers.missing}
