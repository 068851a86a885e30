"""The aktindsigt export lists the citizen's changes of caseworker and the requests for one
(issue 13): dates, reason and status in words, never a member of staff's name (as the
access log's extract: C-579/21), and the personal note between the caseworkers stays out."""

from datetime import timedelta

from sqlmodel import select
from support.roles import team_lead
from support.world import NOW

from prepdesk.core import aktindsigt, handover
from prepdesk.core.labels import label
from prepdesk.data import models as m
from prepdesk.export.aktindsigt import render_html, render_pdf

NEXT_WEEK = NOW.date() + timedelta(days=7)


def _jens_id(world) -> int:
    return world.session.exec(select(m.Caseworker.id).where(m.Caseworker.initials == "JH")).one()


def test_the_export_lists_handovers_and_requests_without_staff_names(world):
    lead = world.ctx(team_lead(world))
    asked = handover.request_handover(world.ctx(), world.citizen.id, "citizen_wish",
                                      "Søren vil gerne have en anden")
    handover.decline_request(lead, asked.id, "Ikke nu, Mette kender sagen")
    started = handover.start_handover(lead, world.citizen.id, _jens_id(world), "workload",
                                      NEXT_WEEK)
    handover.write_note(world.ctx(), started.id, "Ring før kl. 10", {})

    made = aktindsigt.export(world.ctx(), world.citizen.id)

    assert [(h.started_on, h.effective_on, h.reason, h.status, h.moved_on)
            for h in made.handovers] == [
        (NOW.date(), NEXT_WEEK, label("handover_reason", "workload"),
         label("handover_status", "open"), None)]
    assert [(r.requested_on, r.reason, r.decided_on) for r in made.handover_requests] == [
        (NOW.date(), label("handover_reason", "citizen_wish"), NOW.date())]
    assert made.handover_requests[0].status == "afvist"
    part = made.model_dump_json(include={"handovers", "handover_requests"})
    for name in ("Mette", "Jens", "Holm", team_lead(world).name.split()[0]):
        assert name not in part
    assert "Ring før" not in made.model_dump_json()  # the personal note is internal
    page = render_html(made)
    assert "Skift af sagsbehandler (1)" in page and "Ønsker om at skifte sagsbehandler" in page
    assert render_pdf(made).startswith(b"%PDF")  # the PDF takes the new part too


def test_a_citizen_never_handed_over_has_none(world):
    made = aktindsigt.export(world.ctx(), world.citizen.id)
    assert made.handovers == () and made.handover_requests == ()
    assert "Skift af sagsbehandler (0)" in render_html(made)
