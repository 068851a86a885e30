"""The team lead's review feedback on a preparation (R-LEAD-2, issue 14 item 5), on SQLite
and PostgreSQL: who may leave it, who reads it, who marks it read, and marks that cross."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select
from support.concurrent import at_once
from support.people import NOW, user_of
from support.roles import team_lead

from prepdesk.core import review_feedback as feedback
from prepdesk.core.my_day import my_day
from prepdesk.core.prep import preparation
from prepdesk.data import models as m
from prepdesk.errors import UserError

LATER = NOW + timedelta(hours=3)
HOSTILE = "[bold]Godt[/] [@click=app.quit]x[/] \x1b]0;title\x07 [/"


def count(world) -> int:
    world.session.expire_all()
    return world.session.exec(select(func.count()).select_from(m.ReviewFeedback)).one()


def worker(world, key: str, **fields):  # type: ignore[no-untyped-def]
    """A new user in `world`, by the fields given, as the CurrentUser they log in as."""
    row = m.Caseworker(initials=key, name=fields.pop("name"), email=f"{key}@fjordby.example",
                       phone="72 10 20 99", **fields)
    world.session.add(row)
    world.session.commit()
    return user_of(row)


def test_the_team_lead_leaves_feedback_the_caseworker_reads_it_and_marks_it_read(world):
    lead = team_lead(world)
    left = feedback.leave_feedback(world.ctx(lead), world.last_meeting.id,
                                   "  Fin forberedelse.\nHusk lægeerklæringen næste gang.  ")
    assert (left.author_name, left.created_at, left.seen_at, left.read) == (
        "Tove Lund", NOW, None, False)
    assert left.text == "Fin forberedelse.\nHusk lægeerklæringen næste gang."
    assert (left.meeting_id, left.citizen_id, left.citizen_name, left.caseworker_id) == (
        world.last_meeting.id, world.citizen.id, "Søren Møller", world.me.id)
    assert left.meeting_starts_at == world.last_meeting.starts_at

    # Everyone who may see the meeting reads it: the caseworker, the team lead, a colleague.
    assert feedback.feedback_for_meeting(world.ctx(), world.last_meeting.id) == [left]
    assert feedback.feedback_for_meeting(world.ctx(lead), world.last_meeting.id) == [left]
    assert feedback.feedback_for_meeting(world.ctx(world.admin), world.last_meeting.id) == [left]
    assert feedback.unread_feedback(world.ctx()) == [left]
    assert my_day(world.ctx()).feedback == [left]
    assert feedback.unread_feedback(world.ctx(lead)) == []  # for the caseworker, not its author

    read = feedback.mark_read(world.ctx(now=LATER), left.id)
    assert (read.seen_at, read.read, read.text) == (LATER, True, left.text)
    assert feedback.unread_feedback(world.ctx()) == []
    assert my_day(world.ctx()).feedback == []
    assert feedback.feedback_for_meeting(world.ctx(lead), world.last_meeting.id) == [read]


def test_several_are_shown_oldest_first_and_only_on_their_meeting(world):
    lead = team_lead(world)
    second = feedback.leave_feedback(world.ctx(lead, now=LATER), world.last_meeting.id, "Nr. 2")
    first = feedback.leave_feedback(world.ctx(lead), world.last_meeting.id, "Nr. 1")
    other = feedback.leave_feedback(world.ctx(lead), world.next_meeting.id, "Om næste møde")
    assert feedback.feedback_for_meeting(world.ctx(), world.last_meeting.id) == [first, second]
    assert feedback.feedback_for_meeting(world.ctx(), world.next_meeting.id) == [other]
    assert [f.text for f in feedback.unread_feedback(world.ctx())] == [
        "Nr. 1", "Om næste møde", "Nr. 2"]


def test_empty_feedback_is_refused_and_nothing_is_written(world):
    for text in ("", "   \n\t "):
        with pytest.raises(UserError, match="Skriv feedbacken"):
            feedback.leave_feedback(world.ctx(team_lead(world)), world.last_meeting.id, text)
    assert count(world) == 0


def test_only_a_team_lead_of_the_caseworkers_team_leaves_feedback(world):
    lead = team_lead(world)
    vest, oest = world.me.team_id, world.other.team_id
    refused = {
        # the meeting's own caseworker, and a colleague in the same team
        "caseworker": world.ctx(),
        "colleague": world.ctx(worker(world, "KO", name="Karl Olsen", team_id=vest)),
    }
    for who, ctx in refused.items():
        with pytest.raises(UserError, match="Kun teamlederen") as problem:
            feedback.leave_feedback(ctx, world.last_meeting.id, "Godt")
        assert problem.type is UserError, who
    # Søren is Team Vest's citizen; Sara of Team Øst held a meeting with him: Team Vest's
    # lead sees it, but Sara is not on her team.
    saras = m.Meeting(citizen_id=world.citizen.id, caseworker_id=world.other.id,
                      kind="follow_up", starts_at=NOW - timedelta(days=30), status="held")
    world.session.add(saras)
    world.session.commit()
    with pytest.raises(UserError, match="Kun teamlederen"):
        feedback.leave_feedback(world.ctx(lead), saras.id, "Godt")
    # Team Øst's lead may not see Søren at all.
    east_lead = worker(world, "EL", name="Eva Lind", role="team_lead", team_id=oest)
    with pytest.raises(UserError, match="ikke adgang"):
        feedback.leave_feedback(world.ctx(east_lead), world.last_meeting.id, "Godt")
    assert count(world) == 0


def test_the_team_lead_is_judged_by_their_row_as_it_is_now(world):
    lead = team_lead(world)
    with world.sessions() as session:
        row = session.get(m.Caseworker, lead.id)
        row.active = False
        session.add(row)
        session.commit()
    with pytest.raises(UserError, match="ikke længere aktiv"):
        feedback.leave_feedback(world.ctx(lead), world.last_meeting.id, "Godt")
    assert count(world) == 0


def test_a_team_lead_leaves_no_feedback_on_their_own_meeting(world):
    lead = team_lead(world)
    own = m.Meeting(citizen_id=world.citizen.id, caseworker_id=lead.id, kind="follow_up",
                    starts_at=NOW - timedelta(days=3), status="held")
    world.session.add(own)
    world.session.commit()
    with pytest.raises(UserError, match="dit eget møde"):
        feedback.leave_feedback(world.ctx(lead), own.id, "Godt")
    assert count(world) == 0


def test_only_the_meetings_caseworker_marks_it_read(world):
    lead = team_lead(world)
    left = feedback.leave_feedback(world.ctx(lead), world.last_meeting.id, "Godt")
    with pytest.raises(UserError, match="Kun mødets sagsbehandler"):
        feedback.mark_read(world.ctx(lead), left.id)
    with pytest.raises(UserError, match="ikke adgang"):
        feedback.mark_read(world.ctx(world.other), left.id)
    with pytest.raises(UserError, match="findes ikke længere"):
        feedback.mark_read(world.ctx(), left.id + 1000)
    assert feedback.unread_feedback(world.ctx()) == [left]


def test_marking_read_again_from_a_stale_screen_keeps_the_first_time(world):
    left = feedback.leave_feedback(world.ctx(team_lead(world)), world.last_meeting.id, "Godt")
    first = feedback.mark_read(world.ctx(now=LATER), left.id)
    again = feedback.mark_read(world.ctx(now=LATER + timedelta(hours=1)), left.id)
    assert first.seen_at == again.seen_at == LATER


def test_two_windows_marking_at_the_same_moment_both_succeed_with_one_time(world):
    lead = team_lead(world)
    for round_ in range(4):
        left = feedback.leave_feedback(world.ctx(lead), world.last_meeting.id, f"Runde {round_}")
        one, two = at_once(
            lambda left=left: feedback.mark_read(world.ctx(now=LATER), left.id),
            lambda left=left: feedback.mark_read(world.ctx(now=LATER + timedelta(minutes=1)),
                                                 left.id))
        assert not isinstance(one, BaseException), one
        assert not isinstance(two, BaseException), two
        assert one.seen_at == two.seen_at and one.seen_at in (LATER, LATER + timedelta(minutes=1))
    assert feedback.unread_feedback(world.ctx()) == []


def test_unread_feedback_leaves_out_a_citizen_i_may_no_longer_see(world):
    left = feedback.leave_feedback(world.ctx(team_lead(world)), world.last_meeting.id, "Godt")
    assert feedback.unread_feedback(world.ctx()) == [left]
    with world.sessions() as session:
        citizen = session.get(m.Citizen, world.citizen.id)
        citizen.team_id = world.other.team_id
        session.add(citizen)
        for assignment in session.exec(select(m.CaseworkerAssignment).where(
                m.CaseworkerAssignment.citizen_id == citizen.id)):
            assignment.ended_at = assignment.ended_at or NOW
            session.add(assignment)
        session.commit()
    assert feedback.unread_feedback(world.ctx()) == []
    with pytest.raises(UserError, match="ikke adgang"):
        feedback.feedback_for_meeting(world.ctx(), world.last_meeting.id)


def test_hostile_text_is_kept_as_written(world):
    left = feedback.leave_feedback(world.ctx(team_lead(world)), world.last_meeting.id, HOSTILE)
    assert feedback.feedback_for_meeting(world.ctx(), world.last_meeting.id)[0].text == HOSTILE
    assert left.text == HOSTILE


def test_opening_a_held_meetings_preparation_leaves_what_was_recorded_alone(world):
    """Feedback is mostly on meetings already held, and my day's Enter opens their
    preparation: computing its checklist now (new statements since, say) must not rewrite
    whether the meeting was prepared before it started (the team lead's figures, R-LEAD-1)."""
    before = world.last_meeting.starts_at - timedelta(days=1)
    with world.sessions() as session:
        held = session.get(m.Meeting, world.last_meeting.id)
        held.prepared_at = before
        session.add(held)
        session.commit()
    shown = preparation(world.ctx(), world.last_meeting.id)
    assert shown.checklist.missing  # today's checklist is not complete ...
    world.session.expire_all()
    assert world.session.get(m.Meeting, world.last_meeting.id).prepared_at == before  # ... kept
