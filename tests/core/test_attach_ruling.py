"""Attaching a ruling to a meeting (R-RULE-3, issue 11 item 6): "to the agenda" puts it ON
the agenda, before "Aftaler og næste møde", says so, and the checklist counts it."""

from datetime import date

import pytest
from sqlmodel import select

from prepdesk.core import agenda
from prepdesk.core.prep import checklist
from prepdesk.core.rulings import attach_to_meeting
from prepdesk.data import models as m


@pytest.fixture
def ruling_id(world) -> int:
    ruling = m.Ruling(number="12-21", title="Sygedagpenge – forlængelse", decided_on=date(2021, 5, 1),
                      outcome="changed")
    world.session.add(ruling)
    world.session.commit()
    return ruling.id


def titles(view) -> list[str]:
    return [item.title for item in view.items]


def with_template(world) -> agenda.AgendaView:
    """The follow-up template's items and the citizen's own points, as a caseworker builds it."""
    view = agenda.view(world.ctx(), world.next_meeting.id)
    wanted = [p for p in view.proposals if p.source in ("template", agenda.CITIZEN_POINTS)]
    return agenda.add_all(world.ctx(), world.next_meeting.id, wanted)


def test_put_on_the_agenda_it_is_an_item_before_the_closing_items(world, ruling_id):
    built = with_template(world)
    assert titles(built)[-2:] == ["Dine egne punkter", "Aftaler og næste møde"]
    attached = attach_to_meeting(world.ctx(), world.next_meeting.id, ruling_id, on_agenda=True)
    after = titles(agenda.view(world.ctx(), world.next_meeting.id, again=True))
    assert after[-3:] == ["Afgørelse 12-21: Sygedagpenge – forlængelse", "Dine egne punkter",
                          "Aftaler og næste møde"]
    assert attached.position == len(after) - 2
    assert attached.sentence == (
        f"Afgørelse 12-21 er knyttet til mødet og er punkt {attached.position} på dagsordenen, "
        f"efter “{after[attached.position - 2]}”.")
    # Attached again: still one item, where it was, and the sentence says so.
    again = attach_to_meeting(world.ctx(), world.next_meeting.id, ruling_id, on_agenda=True)
    assert titles(agenda.view(world.ctx(), world.next_meeting.id, again=True)) == after
    assert again.position == attached.position and "allerede" in again.sentence
    # No longer proposed: it is on the agenda.
    assert not [p for p in agenda.view(world.ctx(), world.next_meeting.id, again=True).proposals
                if p.source == "ruling"]


def test_on_an_empty_agenda_it_is_the_first_item(world, ruling_id):
    attached = attach_to_meeting(world.ctx(), world.next_meeting.id, ruling_id, on_agenda=True)
    assert attached.position == 1
    assert attached.sentence == "Afgørelse 12-21 er knyttet til mødet og er punkt 1 på dagsordenen."


def test_attached_to_the_preparation_only_it_is_not_on_the_agenda(world, ruling_id):
    attached = attach_to_meeting(world.ctx(), world.next_meeting.id, ruling_id)
    assert attached.position is None and "forberedelse" in attached.sentence
    assert world.session.exec(select(m.AgendaItem).where(
        m.AgendaItem.meeting_id == world.next_meeting.id)).all() == []
    # Attaching to the preparation after the agenda keeps it on the agenda.
    attach_to_meeting(world.ctx(), world.next_meeting.id, ruling_id, on_agenda=True)
    attach_to_meeting(world.ctx(), world.next_meeting.id, ruling_id)
    link = world.session.exec(select(m.MeetingRuling).execution_options(populate_existing=True)).one()
    assert link.on_agenda


def test_the_checklist_counts_attached_rulings_on_a_follow_up(world, ruling_id):
    def rulings_line():
        return next(i for i in checklist(world.ctx(), world.next_meeting.id).items if i.key == "rulings")

    before = rulings_line()  # a follow-up without a complaint: rulings are not expected
    assert not before.applies
    attach_to_meeting(world.ctx(), world.next_meeting.id, ruling_id, on_agenda=True)
    line = rulings_line()
    assert line.applies and line.done and line.detail == "1 afgørelse tilknyttet"
