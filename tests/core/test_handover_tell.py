"""The citizen told about a handover once (issue 13 item 6, core/handover_tell.py): the
letter and the joint meeting are kept on the handover, a second try is a sentence and
sends nothing, and a declined handover tells no one: one declined after the citizen was told
withdraws the letter still waiting in the outbox and cancels the joint meeting."""

from datetime import datetime, timedelta

import pytest
from sqlmodel import func, select
from support.roles import team_lead
from support.world import NOW

from prepdesk.core import handover
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.handover_tell import tell_about_handover
from prepdesk.data import models as m
from prepdesk.errors import UserError

TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=LOCAL_TIMEZONE)


def started(world) -> handover.HandoverView:
    """Søren handed over from Mette to Jens by their team lead, from next week."""
    with world.sessions() as session:
        jens = session.exec(select(m.Caseworker.id).where(m.Caseworker.initials == "JH")).one()
    return handover.start_handover(world.ctx(team_lead(world)), world.citizen.id, jens,
                                   "workload", NOW.date() + timedelta(days=7))


def _letters(world) -> int:
    with world.sessions() as session:
        return session.exec(select(func.count()).select_from(m.Letter)).one()


def test_told_once_with_the_joint_meeting_kept_on_the_handover(world):
    view = started(world)
    told = tell_about_handover(world.ctx(), view.id, TUESDAY_10,
                               seen_version=view.version)
    again = handover.handover(world.ctx(), view.id)
    assert (again.letter_id, again.joint_meeting_id) == (told.letter_id, told.meeting_id)
    assert again.letter_status == "queued"  # in the outbox: the citizen does not have it yet
    assert told.meeting_id is not None and "Jens" in told.subject
    with pytest.raises(UserError, match="allerede"):
        tell_about_handover(world.ctx(), view.id, None)
    assert _letters(world) == 1


def test_a_declined_handover_tells_no_one(world):
    view = started(world)
    handover.decline_handover(world.ctx(team_lead(world)), view.id, "Forkert kollega")
    with pytest.raises(UserError, match="afvist"):
        tell_about_handover(world.ctx(), view.id, None)
    assert _letters(world) == 0


def test_declined_after_the_letter_was_queued_the_letter_and_the_meeting_are_called_off(world):
    view = started(world)
    told = tell_about_handover(world.ctx(), view.id, TUESDAY_10,
                               seen_version=view.version)
    handover.decline_handover(world.ctx(team_lead(world)), view.id, "Jens er på kursus")
    with world.sessions() as session:
        messages = session.exec(select(m.OutboxMessage.status)
                                .where(m.OutboxMessage.letter_id == told.letter_id)).all()
        assert messages and set(messages) == {"withdrawn"}
        assert session.get(m.Letter, told.letter_id).status == "outdated"
        assert session.get(m.Meeting, told.meeting_id).status == "cancelled"
    assert handover.handover(world.ctx(), view.id).letter_status == "outdated"


def test_declined_after_the_letter_went_out_the_letter_stays_sent(world):
    view = started(world)
    told = tell_about_handover(world.ctx(), view.id, TUESDAY_10,
                               seen_version=view.version)
    with world.sessions() as session:
        for message in session.exec(select(m.OutboxMessage)
                                    .where(m.OutboxMessage.letter_id == told.letter_id)):
            message.status = "sent"
        session.get(m.Letter, told.letter_id).status = "sent"
        session.commit()
    handover.decline_handover(world.ctx(team_lead(world)), view.id, "Jens er på kursus")
    with world.sessions() as session:
        assert session.get(m.Letter, told.letter_id).status == "sent"
        assert session.get(m.Meeting, told.meeting_id).status == "planned"
    assert handover.handover(world.ctx(), view.id).letter_status == "sent"
