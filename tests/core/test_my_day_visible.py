"""My day asks once which of its lists' citizens I may still see (core/my_day.py
`_visible`, issue 17 item 1), and leaves a citizen moved to a team I may not see out of
every list: the meetings, the overdue inquiries and the notes not sent. Its lists are not
read by a status's index (core/queries.py `by_another_index`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from support.people import NOW
from support.statements import statements_sent

from prepdesk.core import meeting_mode, notes
from prepdesk.core.journal import log_inquiry
from prepdesk.core.my_day import my_day
from prepdesk.core.transaction import writing
from prepdesk.data import models as m


def statements(world, user=None) -> list[str]:  # type: ignore[no-untyped-def]
    _day, sent = statements_sent(world, lambda: my_day(world.ctx(user, now=NOW + timedelta(days=1))))
    return [statement for statement, _parameters in sent]


def test_a_citizen_i_may_no_longer_see_leaves_every_list_of_my_day(world):
    log_inquiry(world.ctx(), world.citizen.id, channel="email", summary="Spørger om sin ydelse")
    content = meeting_mode.start(world.ctx(), world.next_meeting.id).content
    notes.finish(world.ctx(), world.next_meeting.id, content.with_text("facts", "Søren søger."))
    later = world.ctx(now=NOW + timedelta(days=4))  # the inquiry is overdue
    day = my_day(later)
    assert {i.citizen_id for i in day.overdue_inquiries} == {world.citizen.id}
    assert {n.citizen_id for n in day.not_sent} == {world.citizen.id}
    assert my_day(world.ctx(world.other, now=NOW + timedelta(days=4))).not_sent == []

    with writing(world.ctx(world.admin)) as session:
        session.get(m.Citizen, world.citizen.id).team_id = world.other.team_id
        for assignment in session.exec(select(m.CaseworkerAssignment).where(
                m.CaseworkerAssignment.citizen_id == world.citizen.id)):
            assignment.ended_at = NOW
    day = my_day(later)
    assert (day.today, day.later_this_week, day.overdue_inquiries, day.not_sent) == ([], [], [], [])


def test_whom_i_may_see_is_asked_in_one_statement(world):
    # The condition's own subqueries (my team, my role, handovers) once, not once per list.
    seen = statements(world)
    assert sum("visible_handover" in statement for statement in seen) == 1


def test_my_days_lists_are_not_read_by_a_status_index(world):
    # SQLite keeps no statistics and read "status = 'open'" by the status's index (tens of
    # thousands of rows on the large demo) rather than the citizen's or the author's
    # (core/queries.py by_another_index): 31 ms for my day's open agreements instead of 0.05.
    if world.session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans by its statistics")
    content = meeting_mode.start(world.ctx(), world.next_meeting.id).content
    notes.finish(world.ctx(), world.next_meeting.id, content.with_text("facts", "Søren søger."))
    connection = world.session.connection()
    _day, seen = statements_sent(world, lambda: my_day(world.ctx()))
    plans = [row[3] for statement, parameters in seen
             for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
    assert any("ix_agreement_citizen_id" in step for step in plans)  # the agreements' statement
    assert [step for step in plans if "_status" in step and (
        "agreement" in step or "approvalrequest" in step or "correction" in step)] == []
