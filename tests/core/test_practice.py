"""Rulings at work (R-RULE-3, R-RULE-4): attached to meetings, practice changes published,
corrected and acknowledged; by several people at once, on SQLite and PostgreSQL."""

from datetime import date, timedelta

import pytest
from sqlmodel import select
from support.concurrent import at_once
from support.people import NOW, user_of

from prepdesk.core.my_day import my_day
from prepdesk.core.practice import (
    acknowledge,
    acknowledgements,
    attach_ruling,
    attached_rulings,
    change_practice_change,
    detach_ruling,
    practice_lists,
    publish_practice_change,
)
from prepdesk.data import models as m
from prepdesk.errors import Conflict, UserError

LATER = NOW + timedelta(minutes=5)


@pytest.fixture
def rulings(world):
    changed = m.Ruling(number="12-21", title="Sygedagpenge – forlængelse", decided_on=date(2021, 5, 1),
                       outcome="changed")
    confirmed = m.Ruling(number="3-22", title="Kontanthjælp – rådighed", decided_on=date(2022, 2, 1),
                         outcome="confirmed")
    world.session.add_all([changed, confirmed])
    world.session.flush()
    world.session.add(m.Complaint(citizen_id=world.citizen.id, kind="appeal", received_at=NOW - timedelta(days=400),
                                  status="decided", outcome="changed", ruling_id=changed.id))
    world.session.commit()
    return changed.id, confirmed.id


@pytest.fixture
def leads(world):
    """Two team leads of Team Vest (the lead and her deputy)."""
    vest = world.session.get(m.Team, world.me.team_id)
    lone = m.Caseworker(initials="LB", name="Lone Berg", role="team_lead", email="lb@fjordby.example",
                        phone="1", team_id=vest.id)
    ole = m.Caseworker(initials="OD", name="Ole Dahl", role="team_lead", email="od@fjordby.example",
                       phone="2", team_id=vest.id)
    world.session.add_all([lone, ole])
    world.session.commit()
    return user_of(lone, vest), user_of(ole, vest)


def published(world, lead, ruling_id, title="Indhent speciallægeerklæring"):
    return publish_practice_change(world.ctx(lead), ruling_id, title, "Før afslag indhenter vi altid ...")


# --- attached to a meeting ------------------------------------------------------------------


def test_a_ruling_is_attached_to_a_meeting_once_and_detached(world, rulings):
    changed, _ = rulings
    ctx = world.ctx()
    first = attach_ruling(ctx, world.next_meeting.id, changed)
    assert (first.number, first.on_agenda) == ("12-21", False)
    again = attach_ruling(ctx, world.next_meeting.id, changed, on_agenda=True)
    assert again.on_agenda is True
    assert [(a.number, a.on_agenda) for a in attached_rulings(ctx, world.next_meeting.id)] == [("12-21", True)]
    detach_ruling(ctx, world.next_meeting.id, changed)
    detach_ruling(ctx, world.next_meeting.id, changed)  # again: no error
    assert attached_rulings(ctx, world.next_meeting.id) == []


def test_attaching_logs_the_look_at_the_citizens_file(world, rulings):
    attach_ruling(world.ctx(), world.next_meeting.id, rulings[0])
    looks = world.session.exec(select(m.AccessLog.action).where(
        m.AccessLog.citizen_id == world.citizen.id, m.AccessLog.caseworker_id == world.me.id)).all()
    assert "attach_ruling" in looks


def test_a_meeting_or_ruling_that_is_gone_is_said_so(world, rulings):
    with pytest.raises(UserError, match="Mødet findes ikke længere"):
        attach_ruling(world.ctx(), 10**9, rulings[0])
    with pytest.raises(UserError, match="Afgørelsen findes ikke længere"):
        attach_ruling(world.ctx(), world.next_meeting.id, 10**9)


def test_two_colleagues_attaching_the_same_ruling_at_the_same_moment_leave_one(world, rulings):
    jens = world.session.exec(select(m.Caseworker).where(m.Caseworker.initials == "JH")).one()
    team = world.session.get(m.Team, jens.team_id)
    colleague = user_of(jens, team)
    for _attempt in range(3):  # a race may go either way: try it a few times
        results = at_once(
            lambda: attach_ruling(world.ctx(), world.next_meeting.id, rulings[0], on_agenda=True),
            lambda: attach_ruling(world.ctx(colleague), world.next_meeting.id, rulings[0], on_agenda=True))
        assert all(not isinstance(r, Exception) for r in results), results
        assert [(a.number, a.on_agenda) for a in attached_rulings(world.ctx(), world.next_meeting.id)] == [
            ("12-21", True)]
        detach_ruling(world.ctx(), world.next_meeting.id, rulings[0])


# --- practice changes ---------------------------------------------------------------------


def test_only_a_team_lead_publishes_and_only_after_a_ruling_against_us(world, rulings, leads):
    changed, confirmed = rulings
    lone, _ = leads
    with pytest.raises(UserError, match="Kun en teamleder"):
        published(world, world.me, changed)
    with pytest.raises(UserError, match="3-22"):
        published(world, lone, confirmed)
    with pytest.raises(UserError):
        publish_practice_change(world.ctx(lone), changed, " ", "Tekst")
    assert practice_lists(world.ctx()).mine == ()


def test_a_team_lead_publishes_and_the_team_acknowledges(world, rulings, leads):
    changed, _ = rulings
    lone, _ = leads
    lists = practice_lists(world.ctx(lone))
    assert [(r.number, r.practice_changes, r.published) for r in lists.against_us] == [("12-21", 0, False)]
    change_id = publish_practice_change(world.ctx(lone), changed, "Indhent speciallægeerklæring",
                                        "Før afslag på forlængelse indhenter vi altid ...",
                                        seen_changes=0)
    mine = practice_lists(world.ctx()).mine
    assert [(c.id, c.ruling_number, c.published_by, c.version) for c in mine] == [
        (change_id, "12-21", "Lone Berg", 1)]
    assert [w.ruling_number for w in my_day(world.ctx()).practice_changes] == ["12-21"]
    assert practice_lists(world.ctx()).against_us == ()  # a caseworker sees no more
    assert practice_lists(world.ctx(world.other)).mine == ()  # Team Øst is not concerned
    before = acknowledgements(world.ctx(lone), change_id)
    assert {a.name for a in before} == {"Mette Kjær", "Jens Holm", "Lone Berg", "Ole Dahl"}
    assert [a.name for a in before if a.acknowledged_at is not None] == ["Lone Berg"]  # her own

    acknowledge(world.ctx(), change_id, mine[0].version)
    acknowledge(world.ctx(now=NOW + timedelta(hours=1)), change_id, mine[0].version)  # again: harmless
    after = acknowledgements(world.ctx(lone), change_id)
    assert [(a.name, a.acknowledged_at) for a in after][-1] == ("Mette Kjær", NOW)
    assert practice_lists(world.ctx()).mine == ()
    assert my_day(world.ctx()).practice_changes == []
    lead_lists = practice_lists(world.ctx(lone))
    assert lead_lists.against_us[0].practice_changes == 1
    assert lead_lists.published[0].missing == ("Jens Holm", "Ole Dahl")
    assert lead_lists.published[0].concerned == 4
    with pytest.raises(UserError):
        acknowledgements(world.ctx(), change_id)  # a caseworker does not see who


def test_another_team_cannot_acknowledge_or_correct_a_teams_change(world, rulings, leads):
    change_id = published(world, leads[0], rulings[0])
    with pytest.raises(UserError, match="et andet team"):
        acknowledge(world.ctx(world.other), change_id)
    other_lead = m.Caseworker(initials="KL", name="Karen Lund", role="team_lead", email="kl@fjordby.example",
                              phone="3", team_id=world.other.team_id)
    world.session.add(other_lead)
    world.session.commit()
    with pytest.raises(UserError, match="et andet team"):
        change_practice_change(world.ctx(user_of(other_lead, world.session.get(m.Team, world.other.team_id))),
                               change_id, 1, "Ny", "Tekst")


def test_publishing_on_a_stale_view_names_who_published_meanwhile(world, rulings, leads):
    lone, ole = leads
    seen = practice_lists(world.ctx(ole)).against_us[0].practice_changes  # Ole's screen: none yet
    first = publish_practice_change(world.ctx(lone), rulings[0], "Lones tekst", "Sådan gør vi nu.",
                                    seen_changes=seen)
    with pytest.raises(Conflict) as refused:
        publish_practice_change(world.ctx(ole, now=LATER), rulings[0], "Oles tekst", "Sådan gør vi.",
                                seen_changes=seen)
    assert "Lone Berg" in refused.value.message and "12-21" in refused.value.message
    with pytest.raises(Conflict, match="i et andet vindue"):  # Lone in two windows
        publish_practice_change(world.ctx(lone), rulings[0], "Igen", "Tekst", seen_changes=0)
    assert [p.change.id for p in practice_lists(world.ctx(ole)).published] == [first]  # nothing else
    reloaded = practice_lists(world.ctx(ole)).against_us[0].practice_changes
    second = publish_practice_change(world.ctx(ole, now=LATER), rulings[0], "Oles tekst", "Sådan gør vi.",
                                     seen_changes=reloaded)
    assert [p.change.id for p in practice_lists(world.ctx(ole)).published] == [second, first]


def test_a_correction_on_a_stale_view_is_refused_and_nothing_is_lost(world, rulings, leads):
    lone, ole = leads
    change_id = published(world, lone, rulings[0])
    acknowledge(world.ctx(), change_id, 1)
    assert change_practice_change(world.ctx(lone), change_id, 1, "Lones rettelse", "Ny tekst.") == 2
    with pytest.raises(Conflict) as refused:
        change_practice_change(world.ctx(ole), change_id, 1, "Oles rettelse", "Anden tekst.")
    assert "Lone Berg" in refused.value.message
    [shown] = practice_lists(world.ctx(ole)).published
    assert (shown.change.title, shown.change.description, shown.change.version) == (
        "Lones rettelse", "Ny tekst.", 2)
    # The text changed: Mette acknowledges it again, and not on the old text.
    [again] = practice_lists(world.ctx()).mine
    assert again.version == 2
    with pytest.raises(Conflict, match="Lone Berg"):
        acknowledge(world.ctx(), change_id, 1)
    acknowledge(world.ctx(), change_id, 2)
    assert practice_lists(world.ctx()).mine == ()


def test_acknowledging_twice_at_the_same_moment_is_one_acknowledgement(world, rulings, leads):
    change_id = published(world, leads[0], rulings[0])
    for _attempt in range(3):
        results = at_once(lambda: acknowledge(world.ctx(), change_id, 1),
                          lambda: acknowledge(world.ctx(), change_id, 1))
        assert results == [None, None]
        world.session.expire_all()
        acks = world.session.exec(select(m.PracticeChangeAck).where(
            m.PracticeChangeAck.practice_change_id == change_id,
            m.PracticeChangeAck.caseworker_id != leads[0].id)).all()  # not the author's own
        assert [a.caseworker_id for a in acks] == [world.me.id]
        world.session.delete(acks[0])
        world.session.commit()


def test_two_leads_correcting_at_the_same_moment_one_wins_the_other_is_told(world, rulings, leads):
    lone, ole = leads
    change_id = published(world, lone, rulings[0])
    results = at_once(lambda: change_practice_change(world.ctx(lone), change_id, 1, "Lone", "Lones tekst."),
                      lambda: change_practice_change(world.ctx(ole), change_id, 1, "Ole", "Oles tekst."))
    won = [r for r in results if r == 2]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(won) == 1 and len(refused) == 1, results
    [shown] = practice_lists(world.ctx(lone)).published
    winner = "Lone" if results[0] == 2 else "Ole"
    assert (shown.change.title, shown.change.version) == (winner, 2)


def test_an_acknowledgement_at_the_moment_of_a_correction_never_covers_the_new_text(world, rulings, leads):
    lone, _ = leads
    for attempt in range(4):
        change_id = published(world, lone, rulings[0], title=f"Praksis {attempt}")
        results = at_once(lambda change_id=change_id: acknowledge(world.ctx(), change_id, 1),
                          lambda change_id=change_id: change_practice_change(
                              world.ctx(lone), change_id, 1, "Rettet", "Ny tekst."))
        assert results[1] == 2, results
        assert results[0] is None or isinstance(results[0], Conflict), results
        mine = {c.id: c.version for c in practice_lists(world.ctx()).mine}
        assert mine[change_id] == 2  # still to acknowledge, in its corrected text


def test_two_leads_publishing_at_the_same_moment_one_is_told(world, rulings, leads):
    lone, ole = leads
    for attempt in range(3):
        seen = attempt  # each round starts from what the last left
        results = at_once(
            lambda seen=seen: publish_practice_change(world.ctx(lone), rulings[0], "Lone", "Tekst.",
                                                      seen_changes=seen),
            lambda seen=seen: publish_practice_change(world.ctx(ole), rulings[0], "Ole", "Tekst.",
                                                      seen_changes=seen))
        won = [r for r in results if isinstance(r, int)]
        assert len(won) == 1 and any(isinstance(r, Conflict) for r in results), results
        published_ids = [p.change.id for p in practice_lists(world.ctx(lone)).published]
        assert published_ids[0] == won[0] and len(published_ids) == attempt + 1


def test_a_team_lead_need_not_acknowledge_her_own_practice_change(world, rulings, leads):
    """Issue 11, item 18: publishing counts as acknowledged by its author; a correction
    by the other lead asks the author again, and counts as read by the one correcting."""
    lone, ole = leads
    change_id = published(world, lone, rulings[0])
    assert practice_lists(world.ctx(lone)).mine == ()
    assert my_day(world.ctx(lone)).practice_changes == []
    [shown] = practice_lists(world.ctx(lone)).published
    assert "Lone Berg" not in shown.missing and "Ole Dahl" in shown.missing
    by = {a.name: a.acknowledged_at for a in acknowledgements(world.ctx(lone), change_id)}
    assert by["Lone Berg"] == NOW

    change_practice_change(world.ctx(ole, now=LATER), change_id, 1, "Rettet", "Ny tekst.")
    assert [c.id for c in practice_lists(world.ctx(lone)).mine] == [change_id]
    assert practice_lists(world.ctx(ole)).mine == ()
    by = {a.name: a.acknowledged_at for a in acknowledgements(world.ctx(ole), change_id)}
    assert (by["Ole Dahl"], by["Lone Berg"]) == (LATER, None)


def test_a_change_published_before_it_counted_as_acknowledged_is_not_asked_of_its_author(
    world, rulings, leads,
):
    """Published without the author's acknowledgement (as before item 18, or by the demo):
    still not asked of her, while nobody else has changed it."""
    lone, _ole = leads
    change = m.PracticeChange(ruling_id=rulings[0], team_id=lone.team_id, title="Gammel praksis",
                              description="Før item 18.", published_by_id=lone.id,
                              published_at=NOW - timedelta(days=3))
    world.session.add(change)
    world.session.commit()
    assert practice_lists(world.ctx(lone)).mine == ()
    assert my_day(world.ctx(lone)).practice_changes == []
    by = {a.name: a.acknowledged_at for a in acknowledgements(world.ctx(lone), change.id)}
    assert by["Lone Berg"] == NOW - timedelta(days=3) and by["Ole Dahl"] is None
    assert [c.id for c in practice_lists(world.ctx()).mine] == [change.id]  # Mette still is
