"""The handover's remaining screens and keys (issue 13): the team's workload (F9) with the
away day (`a`) and a whole caseload handed over in one pass (`f`, the caseload screen);
a team lead starting or declining a caseworker's request (Enter on my day opens the
start, prefilled; `d` there declines it); the dossier updated (`u`) and what moves along
(`f`) on the handover screen.

Mette Kjær (Team Vest) has three citizens: Søren Møller, Birgit Nielsen and one with a
hostile name; Jens Holm is her colleague and Lone Berg their team lead."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from support.apps import ScreenApp, make_app
from support.hostile import HOSTILE
from support.people import NOW, SIZE
from support.pilot import on_my_day, paste_text, settled, text_of, until
from test_handover_screens import started, team_desk
from textual.widgets import OptionList, Select

from prepdesk.core import handover
from prepdesk.data import models as m
from prepdesk.screens.caseload import CaseloadScreen, spread_evenly
from prepdesk.screens.handover import HandoverScreen
from prepdesk.screens.handover_start import HandoverStartScreen
from prepdesk.screens.my_day import _handovers_in_words
from prepdesk.screens.workload import WorkloadScreen
from prepdesk.ui.dialogs import TextDialog


def _handovers(ctx) -> list[m.Handover]:
    with ctx.sessions() as session:
        return list(session.exec(select(m.Handover)).all())


def _messages(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_a_caseload_of_three_goes_to_two_colleagues_in_one_pass(db_url) -> None:
    the_desk, people = team_desk(db_url)
    mette, jens, lone = (people[k].user.id for k in ("mette", "jens", "lone"))
    app = ScreenApp(people["lone"], lambda ctx: CaseloadScreen(ctx, mette))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        await settled(pilot)
        screen = app.screen
        # The citizen with a hostile name is shown as written (notifications on: no crash).
        assert the_desk.ids["hostile"] in [line.citizen_id for line in screen.caseload.lines]
        legend = text_of(screen.query_one("#caseload-colleagues"))
        assert "1 Jens Holm" in legend and "2 Lone Berg" in legend and "Mette" not in legend
        await pilot.press("j")  # spread evenly over the caseworkers: all to Jens
        assert len(screen.assigned) == 3 and set(screen.assigned.values()) == {jens}
        first = int(screen.query_one("#caseload-table").coordinate_to_cell_key(
            (0, 0)).row_key.value)
        await pilot.press("2")  # the first row changed by hand: Lone, their team lead
        assert screen.assigned[first] == lone
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, CaseloadScreen))
    made = _handovers(people["lone"])
    assert len(made) == 3
    assert {h.from_caseworker_id for h in made} == {mette}
    assert {h.to_caseworker_id for h in made} == {jens, lone}
    assert {h.reason for h in made} == {"leaves"}
    assert {h.citizen_id: h.to_caseworker_id for h in made}[first] == lone


def test_the_even_spread_leaves_out_who_is_away_and_starts_with_the_lightest():
    from prepdesk.core.handover import WorkloadLine

    def line(cid, citizens, away=None, role="caseworker"):
        return WorkloadLine(cid, "X", f"P{cid}", role, citizens, 0, 0, 0, away, 1)

    day = NOW.date() + timedelta(days=7)
    busy, light, away = line(1, 3), line(2, 0), line(3, 0, day + timedelta(days=1))
    lead = line(4, 0, role="team_lead")  # chosen by hand only
    assert spread_evenly([10, 11, 12, 13, 14], [busy, light, away, lead], day) == {
        10: 2, 11: 2, 12: 2, 13: 1, 14: 2}
    assert spread_evenly([10], [away], day) == {}


async def test_away_is_shown_in_the_workload_and_refused_as_incoming(db_url) -> None:
    the_desk, people = team_desk(db_url)
    away_until = NOW.date() + timedelta(days=30)
    app = ScreenApp(people["lone"], lambda ctx: WorkloadScreen(ctx))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, WorkloadScreen))
        await settled(pilot)
        workload = app.screen
        assert workload.team is not None
        assert [line.name for line in workload.team.lines] == ["Jens Holm", "Lone Berg",
                                                                "Mette Kjær"]
        await pilot.press("a")  # on Jens: not away yet, so the day is asked at once
        await until(pilot, lambda: app.screen is not workload)
        await paste_text(pilot, f"{away_until:%d.%m.%Y}")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is workload)
        await settled(pilot)
        assert f"{away_until:%d.%m.%Y}" in text_of(workload.query_one("#workload-table"))
        await pilot.press("down", "down", "f")  # Mette's caseload
        await until(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        await settled(pilot)
        caseload = app.screen
        assert "væk til" in text_of(caseload.query_one("#caseload-colleagues"))
        await pilot.press("1", "1", "1")  # all three to Jens, away on the day
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.screen is caseload  # nothing started, every choice still there
        assert len(caseload.assigned) == 3
        problem = text_of(caseload.query_one("ProblemBar"))
        assert "Jens Holm" in problem and f"{away_until:%d.%m.%Y}" in problem
    assert _handovers(people["lone"]) == []
    with people["lone"].sessions() as session:
        assert session.get(m.Caseworker, people["jens"].user.id).away_until == away_until


async def test_a_request_is_started_prefilled_or_declined_and_the_caseworker_sees_it(
        db_url) -> None:
    the_desk, people = team_desk(db_url)
    asked = handover.request_handover(people["mette"], the_desk.ids["soeren"], "citizen_wish",
                                      "Søren ønsker en anden " + HOSTILE[0])
    app = make_app(people["lone"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        day_screen = await on_my_day(pilot)
        key = f"handover-request-{asked.id}"
        await until(pilot, lambda: key in day_screen._rows)
        day = day_screen.query_one(OptionList)
        day.highlighted = day.get_option_index(key)
        await pilot.press("enter")  # started from the request: its reason chosen, its words
        await until(pilot, lambda: isinstance(app.screen, HandoverStartScreen))
        await settled(pilot)
        assert app.screen.query_one("#handover-reason", Select).value == "citizen_wish"
        assert f"Søren ønsker en anden {HOSTILE[0]}" in text_of(app.screen.query_one("#start-asked"))
        await pilot.press("d")  # declined there instead, with the reason why
        await until(pilot, lambda: isinstance(app.screen, TextDialog))
        await paste_text(pilot, "Mette kender sagen bedst [/]")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is day_screen)
        await until(pilot, lambda: key not in day_screen._rows)
    with people["lone"].sessions() as session:
        row = session.get(m.HandoverRequest, asked.id)
        assert (row.status, row.declined_reason) == ("declined", "Mette kender sagen bedst [/]")

    # Mette's day: her request, declined, with the team lead's words.
    rows = {row.key: row for section in _handovers_in_words(people["mette"])
            for row in section.rows}
    shown = " ".join(str(cell) for cell in rows[f"handover-asked-{asked.id}"].cells)
    assert "Søren Møller" in shown and "afvist: Mette kender sagen bedst [/]" in shown


async def test_the_dossier_updated_says_what_changed_and_what_to_acknowledge_again(
        db_url) -> None:
    the_desk, people = team_desk(db_url)
    handover_id = started(the_desk, people)
    view = handover.skip_note(people["mette"], handover_id)
    handover.acknowledge(people["jens"], handover_id, "open_agreements", view.version)
    with people["mette"].sessions() as session:
        session.add(m.Agreement(citizen_id=the_desk.ids["soeren"], what="Søge fem job",
                                who="citizen"))
        session.commit()
    title = handover.section_titles()["open_agreements"]
    app = ScreenApp(people["jens"], lambda ctx: HandoverScreen(ctx, handover_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        assert "f" not in app.screen.active_bindings  # the team lead's to decide
        await pilot.press("u")
        await settled(pilot)
        said = _messages(app)[-1]
        assert title in said.split("Kvittér igen:")[1]
        await pilot.press("u")  # again: nothing changed since
        await settled(pilot)
        assert _messages(app)[-1] == "Mappen er opdateret: intet er ændret."
    after = handover.handover(people["jens"], handover_id)
    assert "open_agreements" in after.missing
    assert "Søge fem job" in str(after.dossier.part("open_agreements"))


async def test_the_team_lead_chooses_what_moves_along(db_url) -> None:
    the_desk, people = team_desk(db_url)
    handover_id = started(the_desk, people)
    app = ScreenApp(people["lone"], lambda ctx: HandoverScreen(ctx, handover_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        screen = app.screen
        assert "bliver hos Mette Kjær" in text_of(screen.query_one("#handover-moves"))
        await pilot.press("f")
        await until(pilot, lambda: app.screen is not screen)
        await settled(pilot)
        await pilot.press("enter")  # the first choice: meetings and agreements
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
        assert "bliver hos" not in text_of(screen.query_one("#handover-moves"))
    view = handover.handover(people["lone"], handover_id)
    assert (view.move_meetings, view.move_agreements) == (True, True)
