from dataclasses import replace
from datetime import date, timedelta

import pytest
from world import NOW

from prepdesk.core.my_day import my_day
from prepdesk.core.practice import (
    acknowledge,
    acknowledgements,
    attach_ruling,
    attached_rulings,
    detach_ruling,
    publish_practice_change,
    rulings_against_us,
)
from prepdesk.data.models import Complaint, Ruling
from prepdesk.errors import UserError


@pytest.fixture
def rulings(world):
    changed = Ruling(number="12-21", title="Sygedagpenge – forlængelse", decided_on=date(2021, 5, 1), outcome="changed")
    confirmed = Ruling(number="3-22", title="Kontanthjælp – rådighed", decided_on=date(2022, 2, 1), outcome="confirmed")
    world.session.add_all([changed, confirmed])
    world.session.flush()
    world.session.add(Complaint(citizen_id=world.citizen.id, kind="appeal", received_at=NOW - timedelta(days=400),
                                status="decided", outcome="changed", ruling_id=changed.id))
    world.session.commit()
    return changed, confirmed


def test_a_ruling_is_attached_to_a_meeting_once(world, rulings):
    changed, _ = rulings
    attach_ruling(world.session, world.me, world.next_meeting.id, changed.id, NOW)
    attach_ruling(world.session, world.me, world.next_meeting.id, changed.id, NOW, on_agenda=True)
    links = attached_rulings(world.session, world.next_meeting.id)
    assert [(link.on_agenda, ruling.number) for link, ruling in links] == [(True, "12-21")]
    detach_ruling(world.session, world.next_meeting.id, changed.id)
    assert attached_rulings(world.session, world.next_meeting.id) == []


def test_a_team_lead_publishes_and_the_team_acknowledges(world, rulings):
    changed, confirmed = rulings
    assert rulings_against_us(world.session) == [changed]
    lead = replace(world.me, id=world.admin.id, role="team_lead")
    with pytest.raises(UserError):
        publish_practice_change(world.session, world.me, changed.id, "Ny praksis", "Tekst", NOW)
    with pytest.raises(UserError):
        publish_practice_change(world.session, lead, confirmed.id, "Ny praksis", "Tekst", NOW)
    change = publish_practice_change(world.session, lead, changed.id, "Indhent speciallægeerklæring",
                                     "Før afslag på forlængelse indhenter vi altid ...", NOW)
    waiting = my_day(world.ctx(now=NOW)).practice_changes
    assert [w.ruling_number for w in waiting] == ["12-21"]
    before = acknowledgements(world.session, change.id)
    assert {a.name for a in before} == {"Mette Kjær", "Jens Holm"}  # the team, not Team Øst
    assert all(a.acknowledged_at is None for a in before)
    acknowledge(world.session, world.me, change.id, NOW)
    acknowledge(world.session, world.me, change.id, NOW + timedelta(hours=1))
    after = acknowledgements(world.session, change.id)
    assert [(a.name, a.acknowledged_at) for a in after] == [("Jens Holm", None), ("Mette Kjær", NOW)]
    assert my_day(world.ctx(now=NOW)).practice_changes == []
