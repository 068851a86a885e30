from datetime import date, timedelta

import pytest
from support.people import NOW
from support.statements import statements_sent

from prepdesk.core.access import access_log, mask_cpr, may_see, open_with_reason, reveal_cpr
from prepdesk.core.citizen_file import file_statements, open_file
from prepdesk.core.statements import mark_read, statements
from prepdesk.core.timeline import open_entry, timeline
from prepdesk.errors import UserError


def actions(world, citizen_id=None):
    """The access log as the administrator reads it (with a reason, left out here)."""
    citizen_id = citizen_id or world.citizen.id
    open_with_reason(world.ctx(world.admin), citizen_id, "Kontrol af adgangsloggen")
    return [(line.action, line.who) for line in access_log(world.ctx(world.admin), citizen_id)
            if line.action != "admin_reason"]


def test_opening_a_file_is_logged_and_the_log_can_be_listed(world):
    open_file(world.ctx(), world.citizen.id)
    log = access_log(world.ctx(), world.citizen.id)
    # Looking at the log is a look too: its own line first. The administrator's reason
    # (given at 07:00, support/world.py) is in the log like any look.
    assert [(line.action, line.who) for line in log] == [
        ("access_log", "Mette Kjær"), ("open_file", "Mette Kjær"), ("admin_reason", "Admin")]


def test_another_teams_citizen_is_closed_to_a_caseworker_and_open_to_an_admin(world):
    assert not may_see(world.session, world.me, world.stranger.id)
    with pytest.raises(UserError):
        open_file(world.ctx(), world.stranger.id)
    with pytest.raises(UserError):
        access_log(world.ctx(), world.stranger.id)
    assert actions(world, world.stranger.id) == [("access_log", "Admin")]
    assert may_see(world.session, world.admin, world.stranger.id, now=NOW)  # with the reason


def test_the_cpr_is_masked_until_revealed_and_the_reveal_is_logged(world):
    assert mask_cpr(world.citizen.cpr) == "120587-XXXX"
    assert reveal_cpr(world.ctx(), world.citizen.id) == "120587-1234"
    assert actions(world)[1:] == [("reveal_cpr", "Mette Kjær")]


def test_the_overview_keeps_the_citizens_words_apart_and_counts_caseworker_changes(world):
    opened = open_file(world.ctx(), world.citizen.id)
    view = opened.overview
    assert [goal.text for goal in view.goals] == ["Jeg vil gerne arbejde med dyr."]
    assert view.assessment.startswith("Vurderes")
    assert view.caseworker_changes == 2
    assert view.caseworkers[-1].name == "Mette Kjær" and view.caseworkers[-1].ended_at is None
    assert [a.description for a in view.accommodations] == ["Pauser hver time"]
    assert view.representatives[0].name == "Birthe Møller"
    assert [a.what for a in view.open_agreements] == ["Søge tre job"]
    assert view.open_agreements[0].overdue
    assert view.upcoming_meetings[0].id == world.next_meeting.id
    assert view.masked_cpr.endswith("XXXX")
    assert view.version == world.citizen.version
    assert opened.unread_statements == 1  # the new one; the old came before the last meeting


def test_opening_reads_only_what_the_overview_shows(world):
    """Neither the statements nor the timeline are read to open the file (issue 17): they
    come when their tab is first shown."""
    opened, sent = statements_sent(world, lambda: open_file(world.ctx(), world.citizen.id))
    selected = [" ".join(statement.split()).lower() for statement, _parameters in sent]
    assert opened.overview.name
    assert not [sql for sql in selected if "journalentry" in sql or "statement.body" in sql
                or "statement.title" in sql]
    assert any("from statement" in sql for sql in selected)  # the unread count


def test_the_statements_tab_lists_them_with_my_marks_and_the_count_agrees(world):
    listed = file_statements(world.ctx(), world.citizen.id)
    assert {s.id for s in listed} == {world.old_statement.id, world.new_statement.id}
    unread = sum(s.unread_and_new for s in listed)
    assert unread == open_file(world.ctx(), world.citizen.id).unread_statements == 1
    open_entry(world.ctx(), "statement", world.new_statement.id)  # read in full: read
    assert open_file(world.ctx(), world.citizen.id).unread_statements == 0
    assert ("statements", "Mette Kjær") not in actions(world)  # the file's opening is logged


def test_the_views_hold_plain_values_only(world):
    from dataclasses import fields, is_dataclass

    def plain(value):
        if is_dataclass(value):
            return all(plain(getattr(value, f.name)) for f in fields(value))
        if isinstance(value, (list, tuple)):
            return all(plain(item) for item in value)
        return value is None or isinstance(value, (str, int, float, bool, date))

    assert plain(open_file(world.ctx(), world.citizen.id))
    assert plain(open_entry(world.ctx(), "meeting", world.last_meeting.id))


def test_the_timeline_is_newest_first_marks_what_is_new_and_filters(world):
    ctx = world.ctx()
    entries = timeline(ctx, world.citizen.id)
    moments = [e.at for e in entries]
    assert moments == sorted(moments, reverse=True)
    new = {(e.kind, e.title) for e in entries if e.is_new}
    assert ("journal", "SMS til borger") in new
    assert ("statement", "Psykologudtalelse") in new
    assert ("journal", "Opkald fra borger") not in new
    only_statements = timeline(ctx, world.citizen.id, kinds=["statement"])
    assert {e.kind for e in only_statements} == {"statement"} and len(only_statements) == 2
    recent = timeline(ctx, world.citizen.id, since=(NOW - timedelta(days=5)).date(), until=NOW.date())
    assert {(e.kind, e.id) for e in recent if e.kind != "journal"} == {
        ("statement", world.new_statement.id), ("meeting", world.next_meeting.id)}
    assert {e.title for e in recent if e.kind == "journal"} == {"SMS til borger"}
    assert timeline(ctx, world.citizen.id, since=date(2030, 1, 1)) == []


def test_an_entry_opens_in_full_and_the_look_is_logged(world):
    opened = open_entry(world.ctx(), "meeting", world.last_meeting.id)
    assert opened.document.body == "Opfølgning" and opened.statements is None
    assert actions(world)[1:] == [("open_entry", "Mette Kjær")]
    with pytest.raises(UserError, match="no longer exists|findes ikke længere"):
        open_entry(world.ctx(), "meeting", 999_999)


def test_a_statement_opened_in_full_is_read_and_logged(world):
    opened = open_entry(world.ctx(), "statement", world.new_statement.id)
    assert opened.document.body == "Hele udtalelsen."
    assert "10 timer" in dict(opened.document.facts).values()
    read = {s.id: s.read_at for s in opened.statements}
    assert read[world.new_statement.id] == NOW and read[world.old_statement.id] is None
    assert actions(world)[1:] == [("open_statement", "Mette Kjær")]


def test_reading_a_statement_marks_it_read_for_me_only(world):
    mine = {s.id: s for s in statements(world.ctx(), world.citizen.id)}
    assert mine[world.new_statement.id].unread_and_new
    assert not mine[world.old_statement.id].unread_and_new  # older than the last meeting
    first = mark_read(world.ctx(), world.new_statement.id)
    assert mark_read(world.ctx(now=NOW + timedelta(hours=1)), world.new_statement.id) == first
    mine = {s.id: s for s in statements(world.ctx(), world.citizen.id)}
    assert mine[world.new_statement.id].read_at == first
    theirs = {s.id: s for s in statements(world.ctx(world.admin), world.citizen.id)}
    assert theirs[world.new_statement.id].read_at is None
    assert ("statements", "Mette Kjær") in actions(world)


def test_one_statement_opened_in_two_windows_at_the_same_moment_is_read_once(world):
    import threading

    from sqlmodel import func, select

    from prepdesk.data import models as m

    barrier = threading.Barrier(2)
    outcomes = []

    def read():
        barrier.wait()
        try:
            outcomes.append(open_entry(world.ctx(), "statement", world.new_statement.id))
        except UserError as problem:  # a sentence at worst, never a crash
            outcomes.append(problem)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2
    assert any(not isinstance(o, UserError) for o in outcomes)
    with world.sessions() as session:
        marks = session.exec(select(func.count()).select_from(m.StatementRead)).one()
    assert marks == 1
