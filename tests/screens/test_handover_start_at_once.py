"""The handover's start form when someone else got there first (issue 13, tried with two
apps on one database): a start refused because another window started one at the same
moment says who, and Ctrl+R (in the footer) opens the handover that runs; a request left
open beside a running handover says so, and Ctrl+S answers it with that handover.

Mette Kjær (Team Vest) is Søren's caseworker; Jens Holm her colleague; Lone Berg their
team lead."""

from __future__ import annotations

from sqlmodel import select
from support.apps import ScreenApp
from support.people import NOW, SIZE
from support.pilot import footer, settled, text_of, until
from test_handover_screens import started, team_desk
from textual.widgets import Select

from prepdesk.core import handover
from prepdesk.data import models as m
from prepdesk.screens.handover import HandoverScreen
from prepdesk.screens.handover_start import HandoverStartScreen
from prepdesk.ui.problem import ProblemBar


async def test_ctrl_r_after_two_windows_started_at_once_opens_the_handover_that_runs(
        db_url, monkeypatch) -> None:
    the_desk, people = team_desk(db_url)
    soeren = the_desk.ids["soeren"]
    check, other_window = handover._check_not_in_handover, []

    def check_then_the_other_window_starts(session, citizen):
        check(session, citizen)
        if not other_window:  # Lone's other window saves first, at the same moment
            other_window.append(None)
            other_window[0] = started(the_desk, people)

    monkeypatch.setattr(handover, "_check_not_in_handover", check_then_the_other_window_starts)
    app = ScreenApp(people["lone"], lambda ctx: HandoverStartScreen(ctx, soeren))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverStartScreen))
        await settled(pilot)
        screen = app.screen
        assert "Ctrl+R Genindlæs" in footer(screen)
        screen.query_one("#handover-reason", Select).value = "leaves"
        screen.query_one("#start-workload").focus()
        await pilot.press("ctrl+s")
        problem = screen.query_one(ProblemBar)
        await until(pilot, lambda: problem.problem is not None)
        sentence = text_of(problem)
        assert "blev startet af dig i et andet vindue" in sentence, sentence
        assert "Ctrl+R" in sentence and "En kollega" not in sentence
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        assert app.screen.handover_id == other_window[0]
        assert "Søren Møller: Mette Kjær → Jens Holm" in text_of(
            app.screen.query_one("#handover-title"))
    with people["lone"].sessions() as session:
        assert session.exec(select(m.Handover.reason)).all() == ["workload"]


async def test_a_request_left_open_beside_a_running_handover_says_so_and_ctrl_s_answers_it(
        db_url) -> None:
    """Data from before a request and a start excluded each other: a request open while
    Søren is being handed over already."""
    the_desk, people = team_desk(db_url)
    soeren = the_desk.ids["soeren"]
    handover_id = started(the_desk, people)
    with people["lone"].sessions() as session:
        session.add(m.HandoverRequest(citizen_id=soeren, requested_by_id=people["mette"].user.id,
                                      requested_at=NOW, reason="citizen_wish",
                                      why="Søren ønsker en anden"))
        session.commit()
    request = handover.handovers_waiting(people["lone"]).requests[0]
    app = ScreenApp(people["lone"],
                    lambda ctx: HandoverStartScreen(ctx, soeren, request=request))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverStartScreen))
        screen = app.screen
        await until(pilot, lambda: screen.running is not None)
        await settled(pilot)
        running = text_of(screen.query_one("#start-running"))
        assert "allerede ved at blive overdraget til Jens Holm" in running, running
        assert "Ctrl+S besvarer anmodningen" in running
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        assert app.screen.handover_id == handover_id
    with people["lone"].sessions() as session:
        row = session.get(m.HandoverRequest, request.id)
        assert (row.status, row.handover_id) == ("started", handover_id)
