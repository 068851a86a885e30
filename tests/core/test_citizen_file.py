from datetime import date, timedelta

import pytest
from world import NOW

from prepdesk.core.access import access_log, mask_cpr, may_see, open_citizen, reveal_cpr
from prepdesk.core.citizen_file import overview
from prepdesk.core.statements import mark_read, statements
from prepdesk.core.timeline import open_entry, timeline
from prepdesk.errors import UserError


def test_opening_a_file_is_logged_and_the_log_can_be_listed(world):
    open_citizen(world.session, world.me, world.citizen.id, NOW)
    log = access_log(world.session, world.citizen.id)
    assert [(entry.action, name) for entry, name in log] == [("open_file", "Mette Kjær")]


def test_another_teams_citizen_is_closed_to_a_caseworker_and_open_to_an_admin(world):
    assert not may_see(world.session, world.me, world.stranger.id)
    with pytest.raises(UserError):
        open_citizen(world.session, world.me, world.stranger.id, NOW)
    assert access_log(world.session, world.stranger.id) == []
    assert may_see(world.session, world.admin, world.stranger.id)


def test_the_cpr_is_masked_until_revealed_and_the_reveal_is_logged(world):
    assert mask_cpr(world.citizen.cpr) == "120587-XXXX"
    assert reveal_cpr(world.session, world.me, world.citizen.id, NOW) == "120587-1234"
    assert [entry.action for entry, _name in access_log(world.session, world.citizen.id)] == ["reveal_cpr"]


def test_the_overview_keeps_the_citizens_words_apart_and_counts_caseworker_changes(world):
    view = overview(world.session, world.citizen, NOW)
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


def test_the_timeline_is_newest_first_marks_what_is_new_and_filters(world):
    entries = timeline(world.session, world.citizen.id, NOW)
    moments = [e.at for e in entries]
    assert moments == sorted(moments, reverse=True)
    new = {(e.kind, e.title) for e in entries if e.is_new}
    assert ("journal", "SMS til borger") in new
    assert ("statement", "Psykologudtalelse") in new
    assert ("journal", "Opkald fra borger") not in new
    only_statements = timeline(world.session, world.citizen.id, NOW, kinds=["statement"])
    assert {e.kind for e in only_statements} == {"statement"} and len(only_statements) == 2
    recent = timeline(world.session, world.citizen.id, NOW, since=(NOW - timedelta(days=5)).date(), until=NOW.date())
    assert {(e.kind, e.id) for e in recent if e.kind != "journal"} == {
        ("statement", world.new_statement.id), ("meeting", world.next_meeting.id)}
    assert {e.title for e in recent if e.kind == "journal"} == {"SMS til borger"}
    assert timeline(world.session, world.citizen.id, NOW, since=date(2030, 1, 1)) == []


def test_an_entry_opens_in_full(world):
    document = open_entry(world.session, "statement", world.new_statement.id)
    assert document.body == "Hele udtalelsen."
    assert "10 timer" in dict(document.facts).values()


def test_reading_a_statement_marks_it_read_for_me_only(world):
    mine = {s.id: s for s in statements(world.session, world.me, world.citizen.id, NOW)}
    assert mine[world.new_statement.id].unread_and_new
    assert not mine[world.old_statement.id].unread_and_new  # older than the last meeting
    first = mark_read(world.session, world.me, world.new_statement.id, NOW)
    assert mark_read(world.session, world.me, world.new_statement.id, NOW + timedelta(hours=1)) == first
    mine = {s.id: s for s in statements(world.session, world.me, world.citizen.id, NOW)}
    assert mine[world.new_statement.id].read_at == first
    theirs = {s.id: s for s in statements(world.session, world.other, world.citizen.id, NOW)}
    assert theirs[world.new_statement.id].read_at is None
