"""Two people changing one handover at the same moment (issue 13, tried with three apps on
one database): one change is saved, and the other person is told who changed the handover
(check_version's sentence), on SQLite and PostgreSQL alike; nobody gets a traceback, nor
the sentence that cannot say who ("En kollega ændrede det samme i samme øjeblik")."""

from datetime import timedelta

from sqlmodel import select
from support.concurrent import at_once
from support.roles import team_lead
from support.world import NOW

from prepdesk.core import handover
from prepdesk.data import models as m
from prepdesk.errors import Conflict


def _started(world) -> handover.HandoverView:
    with world.sessions() as session:
        jens = session.exec(select(m.Caseworker.id).where(m.Caseworker.initials == "JH")).one()
    return handover.start_handover(world.ctx(team_lead(world)), world.citizen.id, jens,
                                   "workload", NOW.date() + timedelta(days=7))


def test_the_note_and_the_team_leads_skip_at_once_one_is_saved_the_other_told_who(world):
    view, lead = _started(world), team_lead(world)
    results = at_once(
        lambda: handover.write_note(world.ctx(), view.id, "Ring før kl. 10.", {},
                                    seen_version=view.version),
        lambda: handover.skip_note(world.ctx(lead), view.id, seen_version=view.version))
    saved = [r for r in results if isinstance(r, handover.HandoverView)]
    refused = [r for r in results if not isinstance(r, handover.HandoverView)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], Conflict), refused[0]
    winner = lead.name if saved[0].note_skipped else world.me.name
    assert f"ændret af {winner}" in refused[0].message, refused[0].message
    now = handover.handover(world.ctx(), view.id)
    assert (now.note_skipped, now.version) == (saved[0].note_skipped, saved[0].version)
