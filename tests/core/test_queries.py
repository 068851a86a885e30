"""The shared reads of core.queries: what is new is new since the meeting before."""

from datetime import timedelta

from support.people import NOW

from prepdesk.core import queries
from prepdesk.data import models as m


def test_the_last_held_meeting_before_a_meeting_is_the_one_before_it(world):
    last = world.last_meeting
    assert queries.held_before(world.session, world.citizen.id, world.next_meeting.starts_at).id == last.id
    assert queries.held_before(world.session, world.citizen.id, last.starts_at) is None  # not itself
    # A planned (not held) meeting in between does not count.
    assert queries.held_before(world.session, world.citizen.id, NOW + timedelta(days=30)).id == last.id


def test_unread_statements_count_from_the_held_meeting_before_the_one_asked_about(world):
    session, citizen = world.session, world.citizen.id
    # Since the last held meeting (7 days ago) only the new statement (3 days ago) is new.
    assert queries.unread_statement_counts(session, world.me.id, [citizen]) == {citizen: 1}
    assert queries.unread_statement_counts(
        session, world.me.id, [citizen], before=world.next_meeting.starts_at) == {citizen: 1}
    # For the last meeting itself nothing was held before it: both statements are new.
    assert queries.unread_statement_counts(
        session, world.me.id, [citizen], before=world.last_meeting.starts_at) == {citizen: 2}
    session.add(m.StatementRead(statement_id=world.old_statement.id, caseworker_id=world.me.id,
                                read_at=NOW))
    session.commit()
    assert queries.unread_statement_counts(
        session, world.me.id, [citizen], before=world.last_meeting.starts_at) == {citizen: 1}
    # Another caseworker's reading is theirs.
    assert queries.unread_statement_counts(
        session, world.other.id, [citizen], before=world.last_meeting.starts_at) == {citizen: 2}
