"""Two people on one meeting at once (R-TEAM-1), on SQLite and PostgreSQL: the agenda, the
preparation and moving the meeting. A stale edit is refused with a sentence naming who
changed it; nothing is lost; nothing crashes, also when both act at the same moment."""

from datetime import timedelta

import pytest
from sqlmodel import select, update
from support.concurrent import at_once
from support.people import NOW

from prepdesk.core import agenda
from prepdesk.core.meetings import meeting_form, reschedule
from prepdesk.core.prep import preparation
from prepdesk.data.models import AccessLog, AgendaItem, Meeting
from prepdesk.errors import Conflict, UserError

ROUNDS = 20


def positions(world, meeting_id: int) -> list[int]:
    return list(world.session.exec(select(AgendaItem.position).where(
        AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)))


@pytest.fixture
def two(world):
    """Me and a colleague of mine (the administrator sees every citizen), on one agenda
    with three items, each with the agenda as they last saw it."""
    meeting_id = world.next_meeting.id
    shown = agenda.add_all(world.ctx(), meeting_id, [
        agenda.Proposal(title, "both", 5, "own") for title in ("Økonomi", "Bolig", "Praktik")])
    return meeting_id, shown


# --- the agenda ---------------------------------------------------------------------------


@pytest.mark.parametrize("edit", ["change", "move", "remove"])
def test_an_agenda_edit_on_a_stale_view_is_refused_with_who_and_nothing_is_lost(world, two, edit):
    meeting_id, seen = two
    economy = seen.items[0]
    theirs = agenda.change(world.ctx(world.admin), meeting_id, seen.items[1].id,
                           seen_agenda_version=seen.agenda_version, title="Bolig og flytning")
    calls = {
        "change": lambda: agenda.change(world.ctx(), meeting_id, economy.id,
                                        seen_agenda_version=seen.agenda_version, minutes=30),
        "move": lambda: agenda.move(world.ctx(), meeting_id, economy.id, 2,
                                    seen_agenda_version=seen.agenda_version),
        "remove": lambda: agenda.remove(world.ctx(), meeting_id, economy.id,
                                        seen_agenda_version=seen.agenda_version),
    }
    with pytest.raises(Conflict, match="Admin") as refused:
        calls[edit]()
    assert "Dagsordenen" in refused.value.message and "Genindlæs (Ctrl+R)" in refused.value.message
    now = agenda.view(world.ctx(), meeting_id)
    assert now.items == theirs.items  # theirs kept, mine not half made
    assert now.agenda_version == theirs.agenda_version


def test_every_stale_edit_of_twenty_is_refused(world, two):
    meeting_id, mine = two
    theirs = mine
    for round_ in range(ROUNDS):
        theirs = agenda.change(world.ctx(world.admin), meeting_id, theirs.items[0].id,
                               seen_agenda_version=theirs.agenda_version, minutes=round_ + 1)
        with pytest.raises(Conflict):
            agenda.change(world.ctx(), meeting_id, mine.items[0].id,
                          seen_agenda_version=mine.agenda_version, minutes=99)
    assert agenda.view(world.ctx(), meeting_id).items[0].minutes == ROUNDS


def test_editing_an_item_a_colleague_has_just_removed_says_who_removed_it(world, two):
    meeting_id, seen = two
    agenda.remove(world.ctx(world.admin), meeting_id, seen.items[0].id,
                  seen_agenda_version=seen.agenda_version)
    for edit in (
        lambda: agenda.change(world.ctx(), meeting_id, seen.items[0].id,
                              seen_agenda_version=seen.agenda_version, title="Ny titel"),
        lambda: agenda.move(world.ctx(), meeting_id, seen.items[0].id, 1,
                            seen_agenda_version=seen.agenda_version),
        lambda: agenda.remove(world.ctx(), meeting_id, seen.items[0].id,
                              seen_agenda_version=seen.agenda_version),
    ):
        with pytest.raises(Conflict) as refused:
            edit()
        assert "fjernet fra dagsordenen af Admin" in refused.value.message
        assert "Genindlæs (Ctrl+R)" in refused.value.message
    assert [i.title for i in agenda.view(world.ctx(), meeting_id).items] == ["Bolig", "Praktik"]


def test_an_item_removed_in_my_other_window_says_so(world, two):
    meeting_id, seen = two
    agenda.remove(world.ctx(), meeting_id, seen.items[0].id, seen_agenda_version=seen.agenda_version)
    with pytest.raises(Conflict, match="et andet vindue"):
        agenda.change(world.ctx(), meeting_id, seen.items[0].id,
                      seen_agenda_version=seen.agenda_version, title="Ny titel")


def test_additions_at_the_same_moment_keep_positions_one_to_n(world):
    meeting_id = world.next_meeting.id
    for round_ in range(ROUNDS):
        results = at_once(
            lambda round_=round_: agenda.add(world.ctx(), meeting_id,
                               agenda.Proposal(f"Mit punkt {round_}", "both", 5, "own")),
            lambda round_=round_: agenda.add(world.ctx(world.admin), meeting_id,
                               agenda.Proposal(f"Kollegas punkt {round_}", "both", 5, "own")),
        )
        assert not [r for r in results if isinstance(r, BaseException)], results
    assert positions(world, meeting_id) == list(range(1, 2 * ROUNDS + 1))
    assert world.session.get(Meeting, meeting_id, populate_existing=True).agenda_version == 2 * ROUNDS


def test_an_addition_from_a_screen_a_moment_old_is_not_refused(world, two):
    """Adding overwrites nothing: it takes the agenda version it finds (see core/agenda.py)."""
    meeting_id, seen = two
    agenda.remove(world.ctx(world.admin), meeting_id, seen.items[2].id,
                  seen_agenda_version=seen.agenda_version)
    shown = agenda.add(world.ctx(), meeting_id, agenda.Proposal("Sygemelding", "both", 5, "own"))
    assert [(i.position, i.title) for i in shown.items] == [
        (1, "Økonomi"), (2, "Bolig"), (3, "Sygemelding")]


def test_the_same_proposal_added_by_two_at_once_is_there_once(world):
    meeting_id = world.next_meeting.id
    wanted = next(p for p in agenda.view(world.ctx(), meeting_id).proposals
                  if p.source == "agreement")
    for _round in range(4):
        results = at_once(lambda: agenda.add(world.ctx(), meeting_id, wanted),
                          lambda: agenda.add(world.ctx(world.admin), meeting_id, wanted))
        refused = [r for r in results if isinstance(r, BaseException)]
        assert len(refused) == 1 and isinstance(refused[0], Conflict), results
        assert "på dagsordenen allerede" in refused[0].message
        items = world.session.exec(select(AgendaItem).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.source == "agreement")).all()
        assert len(items) == 1
        for item in items:  # again, for the next round
            world.session.delete(item)
        world.session.commit()


def test_two_changes_of_one_agenda_at_the_same_moment_one_wins_the_other_is_told(world, two):
    meeting_id, seen = two
    for round_ in range(8):
        results = at_once(
            lambda seen=seen, round_=round_: agenda.change(
                world.ctx(), meeting_id, seen.items[0].id,
                seen_agenda_version=seen.agenda_version, title=f"Min {round_}"),
            lambda seen=seen: agenda.move(world.ctx(world.admin), meeting_id, seen.items[0].id, 1,
                                seen_agenda_version=seen.agenda_version),
        )
        won = [r for r in results if isinstance(r, agenda.AgendaView)]
        refused = [r for r in results if isinstance(r, BaseException)]
        assert len(won) == 1 and len(refused) == 1 and isinstance(refused[0], Conflict), results
        assert agenda.view(world.ctx(), meeting_id).items == won[0].items
        seen = won[0]
    assert positions(world, meeting_id) == [1, 2, 3]


# --- the preparation -------------------------------------------------------------------------


def _prepared_once(world, meeting_id: int) -> None:
    """Mark the meeting prepared an hour ago; its checklist is not complete, so a look by
    its caseworker clears it (a write, if viewing wrote the row)."""
    world.session.exec(update(Meeting).where(Meeting.id == meeting_id)
                       .values(prepared_at=NOW - timedelta(hours=1)))
    world.session.commit()


def test_two_windows_opening_one_preparation_at_once_never_crash(world):
    meeting_id = world.next_meeting.id
    version = world.session.get(Meeting, meeting_id).version
    for _round in range(8):
        _prepared_once(world, meeting_id)
        results = at_once(lambda: preparation(world.ctx(), meeting_id),
                          lambda: preparation(world.ctx(), meeting_id))
        assert all(r.meeting.prepared_at is None for r in results), results
    meeting = world.session.get(Meeting, meeting_id, populate_existing=True)
    assert meeting.version == version and meeting.prepared_at is None
    looks = world.session.exec(select(AccessLog).where(AccessLog.action == "preparation")).all()
    assert len(looks) == 16


def test_a_look_at_the_same_moment_as_a_move_never_refuses_the_move(world):
    meeting_id = world.next_meeting.id
    for round_ in range(8):
        _prepared_once(world, meeting_id)
        seen = meeting_form(world.ctx(world.admin), world.citizen.id, meeting_id).meeting
        results = at_once(
            lambda: preparation(world.ctx(), meeting_id),
            lambda seen=seen, round_=round_: reschedule(world.ctx(world.admin), meeting_id, seen_version=seen.version,
                               starts_at=NOW + timedelta(days=3, hours=round_), place="Telefon"),
        )
        assert not [r for r in results if isinstance(r, BaseException)], results
        assert results[1].starts_at == NOW + timedelta(days=3, hours=round_)


def test_two_moves_of_one_meeting_at_the_same_moment_one_wins_the_other_is_told(world):
    meeting_id = world.next_meeting.id
    for round_ in range(8):
        seen = meeting_form(world.ctx(), world.citizen.id, meeting_id).meeting
        results = at_once(
            lambda seen=seen, round_=round_: reschedule(world.ctx(), meeting_id, seen_version=seen.version,
                               starts_at=NOW + timedelta(days=2, hours=round_), place="Telefon"),
            lambda seen=seen, round_=round_: reschedule(world.ctx(world.admin), meeting_id, seen_version=seen.version,
                               starts_at=NOW + timedelta(days=5, hours=round_), place="Hjemme"),
        )
        refused = [r for r in results if isinstance(r, BaseException)]
        won = [r for r in results if not isinstance(r, BaseException)]
        assert len(won) == 1 and len(refused) == 1 and isinstance(refused[0], UserError), results
        meeting = world.session.get(Meeting, meeting_id, populate_existing=True)
        assert (meeting.starts_at, meeting.place) == (won[0].starts_at, won[0].place)
