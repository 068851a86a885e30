"""Every operation of the citizen's file, search, timeline, journal, statements and my day
refuses a caseworker of another team (R-SEC-3), and writes nothing when it does."""

from datetime import timedelta

import pytest
from sqlmodel import func, select
from support.people import NOW
from support.roles import check_roles

from prepdesk.core import access, citizen_file, journal, my_day, quick_note, statements, timeline
from prepdesk.core.citizen_search import CitizenIndexCache
from prepdesk.data import models as m
from prepdesk.errors import UserError


def _entry_id(w) -> int:
    return w.session.exec(select(m.JournalEntry.id).where(
        m.JournalEntry.citizen_id == w.citizen.id)).first()


def _inquiry(w) -> m.Inquiry:
    inquiry = m.Inquiry(citizen_id=w.citizen.id, caseworker_id=w.me.id, channel="phone",
                        received_at=NOW, due_at=NOW + timedelta(days=1), summary="Spørgsmål")
    w.session.add(inquiry)
    w.session.commit()
    return inquiry


CASES = [
    pytest.param(citizen_file.open_file, lambda w: {"citizen_id": w.citizen.id},
                 id="citizen_file.open_file"),
    pytest.param(citizen_file.file_statements, lambda w: {"citizen_id": w.citizen.id},
                 id="citizen_file.file_statements"),
    pytest.param(timeline.timeline, lambda w: {"citizen_id": w.citizen.id}, id="timeline.timeline"),
    pytest.param(timeline.open_entry, lambda w: {"kind": "meeting", "entry_id": w.last_meeting.id},
                 id="timeline.open_entry"),
    pytest.param(timeline.open_entry,
                 lambda w: {"kind": "statement", "entry_id": w.new_statement.id},
                 id="timeline.open_entry(statement)"),
    pytest.param(statements.statements, lambda w: {"citizen_id": w.citizen.id},
                 id="statements.statements"),
    pytest.param(statements.mark_read, lambda w: {"statement_id": w.new_statement.id},
                 id="statements.mark_read"),
    pytest.param(access.reveal_cpr, lambda w: {"citizen_id": w.citizen.id}, id="access.reveal_cpr"),
    pytest.param(access.access_log, lambda w: {"citizen_id": w.citizen.id}, id="access.access_log"),
    pytest.param(journal.quick_note,
                 lambda w: {"citizen_id": w.citizen.id, "channel": "phone", "direction": "in",
                            "text": "Ringede"}, id="journal.quick_note"),
    pytest.param(journal.edit_note,
                 lambda w: {"entry_id": _entry_id(w), "seen_version": 1, "text": "Rettet"},
                 id="journal.edit_note"),
    pytest.param(journal.log_inquiry,
                 lambda w: {"citizen_id": w.citizen.id, "channel": "phone", "summary": "Hvad?"},
                 id="journal.log_inquiry"),
    pytest.param(journal.close_inquiry,
                 lambda w: {"inquiry_id": _inquiry(w).id, "seen_version": 1, "answer": "Svar"},
                 id="journal.close_inquiry"),
    pytest.param(quick_note.citizen_contact, lambda w: {"citizen_id": w.citizen.id},
                 id="quick_note.citizen_contact"),
]

# Not about one citizen: they list only what the user may see (tested below).
NOT_ABOUT_ONE_CITIZEN = [my_day.my_day, CitizenIndexCache.search]


def _counts(w) -> tuple[int, ...]:
    tables = (m.AccessLog, m.JournalEntry, m.Inquiry, m.StatementRead)
    with w.sessions() as session:
        return tuple(session.exec(select(func.count()).select_from(t)).one() for t in tables)


@pytest.mark.parametrize(("operation", "arguments"), CASES)
def test_another_teams_caseworker_is_refused_and_nothing_is_written(world, operation, arguments):
    kwargs = arguments(world)
    before = _counts(world)
    with pytest.raises(UserError):
        operation(world.ctx(world.other), **kwargs)
    assert _counts(world) == before
    # ...and an administrator without a reason too; a team lead of the team may.
    check_roles(world, operation, kwargs)


@pytest.mark.parametrize(("operation", "arguments"), CASES)
def test_the_citizens_own_caseworker_is_let_in(world, operation, arguments):
    operation(world.ctx(), **arguments(world))


def test_my_day_and_the_search_show_only_citizens_i_may_see(world):
    other = world.ctx(world.other)
    day = my_day.my_day(other)
    shown = {m.citizen_id for m in day.today + day.later_this_week}
    assert world.citizen.id not in shown
    assert world.citizen.id in {m.citizen_id for m in my_day.my_day(world.ctx()).today}
    assert CitizenIndexCache(other).search("Søren Møller") == []
    assert [hit.citizen_id for hit in CitizenIndexCache(world.ctx()).search("Søren Møller")] == [
        world.citizen.id]


def test_my_day_drops_a_citizen_who_moved_to_a_team_i_may_not_see(world):
    from prepdesk.core.transaction import writing

    assert world.next_meeting.id in {m.id for m in my_day.my_day(world.ctx()).today}
    with writing(world.ctx(world.admin)) as session:
        citizen = session.get(m.Citizen, world.citizen.id)
        citizen.team_id = world.other.team_id
        for assignment in session.exec(select(m.CaseworkerAssignment).where(
                m.CaseworkerAssignment.citizen_id == world.citizen.id)):
            assignment.ended_at = NOW
    assert my_day.my_day(world.ctx()).today == []
