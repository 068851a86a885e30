"""Every public operation of core/handover.py refuses a caseworker of another team
(R-SEC-3): `world.other` on `world.citizen`, and writes nothing; an administrator without a
reason is asked for one; the team lead of the citizen's team is let in. The operations about
a team rather than one citizen show and change only what the user's own team may see."""

from datetime import timedelta

import pytest
from sqlmodel import func, select
from support.roles import check_roles, team_lead
from support.world import NOW, user_of

from prepdesk.core import handover
from prepdesk.data import models as m
from prepdesk.errors import UserError

NEXT_WEEK = NOW.date() + timedelta(days=7)


def _jens_id(world) -> int:
    with world.sessions() as session:
        return session.exec(select(m.Caseworker.id).where(m.Caseworker.initials == "JH")).one()


def _started(world) -> handover.HandoverView:
    """Søren handed over from Mette to Jens by Tove, their team lead, from next week."""
    return handover.start_handover(world.ctx(team_lead(world)), world.citizen.id, _jens_id(world),
                                   "workload", NEXT_WEEK)


def _sent_on(world) -> int:
    view = _started(world)
    return handover.skip_note(world.ctx(), view.id, view.version).id


def _request(world) -> int:
    return handover.request_handover(world.ctx(), world.citizen.id, "citizen_wish").id


def _request_beside_a_handover(world) -> int:
    """A request left open beside a running handover (data from before the two excluded
    each other)."""
    _started(world)
    with world.sessions() as session:
        row = m.HandoverRequest(citizen_id=world.citizen.id, requested_by_id=world.me.id,
                                requested_at=NOW, reason="workload")
        session.add(row)
        session.commit()
        return row.id


CASES = [
    pytest.param(handover.caseworker_changes, lambda w: {"citizen_id": w.citizen.id},
                 id="handover.caseworker_changes"),
    pytest.param(handover.request_handover, lambda w: {
        "citizen_id": w.citizen.id, "reason": "workload"}, id="handover.request_handover"),
    pytest.param(handover.decline_request, lambda w: {
        "request_id": _request(w), "why": "Ikke nu"}, id="handover.decline_request"),
    pytest.param(handover.answer_by_running_handover, lambda w: {
        "request_id": _request_beside_a_handover(w)}, id="handover.answer_by_running_handover"),
    pytest.param(handover.running_handover, lambda w: {"citizen_id": _started(w).citizen_id},
                 id="handover.running_handover"),
    pytest.param(handover.start_handover, lambda w: {
        "citizen_id": w.citizen.id, "to_caseworker_id": _jens_id(w), "reason": "leaves",
        "effective_on": NEXT_WEEK}, id="handover.start_handover"),
    pytest.param(handover.distribute_caseload, lambda w: {
        "from_caseworker_id": w.me.id, "assignments": {w.citizen.id: _jens_id(w)},
        "reason": "leaves", "effective_on": NEXT_WEEK}, id="handover.distribute_caseload"),
    pytest.param(handover.approve_handover, lambda w: {"handover_id": _started(w).id},
                 id="handover.approve_handover"),
    pytest.param(handover.decline_handover, lambda w: {
        "handover_id": _started(w).id, "why": "Forkert kollega"}, id="handover.decline_handover"),
    pytest.param(handover.set_moves, lambda w: {
        "handover_id": _started(w).id, "move_meetings": True, "move_agreements": True},
        id="handover.set_moves"),
    pytest.param(handover.handover, lambda w: {"handover_id": _started(w).id},
                 id="handover.handover"),
    pytest.param(handover.refresh_dossier, lambda w: {"handover_id": _started(w).id},
                 id="handover.refresh_dossier"),
    pytest.param(handover.write_note, lambda w: {
        "handover_id": _started(w).id, "whole": "Ring før 10", "per_section": {}},
        id="handover.write_note"),
    pytest.param(handover.skip_note, lambda w: {"handover_id": _started(w).id},
                 id="handover.skip_note"),
    pytest.param(handover.acknowledge, lambda w: {"handover_id": _sent_on(w),
                                                  "section": "summary"},
                 id="handover.acknowledge"),
]

# Each proved in tests/core/test_handover.py or below: the own team only.
NOT_ABOUT_ONE_CITIZEN = [handover.workload, handover.set_away, handover.handovers_waiting,
                         handover.my_handovers, handover.apply_due_moves]


def _counts(world) -> tuple[int, ...]:
    with world.sessions() as session:
        return tuple(session.exec(select(func.count()).select_from(t)).one()
                     for t in (m.Handover, m.HandoverAck, m.HandoverRequest, m.AccessLog,
                               m.CaseworkerAssignment))


@pytest.mark.parametrize(("operation", "arguments"), CASES)
def test_a_caseworker_of_another_team_is_refused(world, operation, arguments):
    values = arguments(world)
    before = _counts(world)
    with pytest.raises(UserError, match="adgang"):
        operation(world.ctx(world.other), **values)
    assert _counts(world) == before
    check_roles(world, operation, values)


def test_the_team_operations_see_and_move_only_what_the_user_may_see(world):
    view = _started(world)
    later = NOW + timedelta(days=8)
    sara = world.ctx(world.other, now=later)
    assert handover.my_handovers(sara) == ()
    assert handover.apply_due_moves(sara).handovers == 0  # Søren is not hers to move
    with world.sessions() as session:
        lead = session.exec(select(m.Caseworker).where(m.Caseworker.initials == "TL")).one()
        session.add(m.Caseworker(initials="ØL", name="Øst Leder", role="team_lead",
                                 email="ol@x.example", phone="3", team_id=world.other.team_id))
        session.commit()
        oest_lead = user_of(session.exec(select(m.Caseworker).where(
            m.Caseworker.initials == "ØL")).one())
    assert handover.handovers_waiting(world.ctx(oest_lead)).handovers == ()
    with pytest.raises(UserError):
        handover.set_away(world.ctx(oest_lead), _jens_id(world), NEXT_WEEK)
    assert handover.apply_due_moves(world.ctx(world.admin, now=later)).handovers == 0
    assert handover.handovers_waiting(world.ctx(user_of(lead))).handovers[0].id == view.id
    assert handover.apply_due_moves(world.ctx(now=later)).handovers == 1  # Mette's citizen
