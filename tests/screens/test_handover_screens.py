"""The handover on screen (issue 13 items 1-5): a team lead starts it from the citizen's
file (`v`), choosing the incoming caseworker in the team's workload and a reason; the
outgoing caseworker writes the note (`w`); the incoming caseworker acknowledges every
section (`k`, Enter) until the handover is complete; my day lists it and Enter opens it.

Mette Kjær (Team Vest) hands Søren over to Jens Holm; Lone Berg is Team Vest's lead."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from support.apps import FileApp, ScreenApp, make_app
from support.desk import desk
from support.people import NOW, SIZE, STAFF, user_of
from support.pilot import on_my_day, paste_text, settled, text_of, until
from textual.widgets import OptionList, Select

from prepdesk.core import handover
from prepdesk.data import models as m
from prepdesk.screens.handover import HandoverScreen
from prepdesk.screens.handover_start import HandoverStartScreen


def team_desk(db_url):
    """Mette's desk with Jens and Lone in Team Vest: (the desk, {key: Context})."""
    the_desk = desk(db_url)
    ctx = the_desk.workspace
    with ctx.sessions() as session:
        team = session.get(m.Team, ctx.user.team_id)
        made = {}
        for key in ("jens", "lone"):
            fields = dict(STAFF[key])
            fields.pop("team")
            made[key] = m.Caseworker(**fields, team_id=team.id)
        session.add_all(made.values())
        session.commit()
        users = {key: ctx.as_user(user_of(row, team)) for key, row in made.items()}
    return the_desk, {"mette": ctx, **users}


def started(the_desk, people) -> int:
    view = handover.start_handover(people["lone"], the_desk.ids["soeren"],
                                   people["jens"].user.id, "workload",
                                   NOW.date() + timedelta(days=7))
    return view.id


async def test_a_team_lead_starts_a_handover_from_the_file(db_url) -> None:
    the_desk, people = team_desk(db_url)
    app = FileApp(people["lone"], the_desk.ids["soeren"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: app.screen.query("#file-name"))
        await settled(pilot)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, HandoverStartScreen))
        await settled(pilot)
        screen = app.screen
        assert "Mette Kjær" in text_of(screen.query_one("#start-changes"))
        # The table of the team's workload, by name: Jens first; the cursor is on him.
        await pilot.press("ctrl+s")  # no reason yet: a sentence, nothing started
        await settled(pilot)
        assert isinstance(app.screen, HandoverStartScreen)
        with people["lone"].sessions() as session:
            assert session.exec(select(m.Handover)).all() == []
        screen.query_one("#handover-reason", Select).focus()
        await pilot.press("enter", "down", "down", "down", "down", "enter")  # Arbejdsbyrde
        assert screen.query_one("#handover-reason", Select).value == "workload"
        screen.query_one("#start-workload").focus()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        assert "Søren Møller: Mette Kjær → Jens Holm" in text_of(
            app.screen.query_one("#handover-title"))
    with people["lone"].sessions() as session:
        row = session.exec(select(m.Handover)).one()
        assert (row.to_caseworker_id, row.reason) == (people["jens"].user.id, "workload")


async def test_the_note_then_every_section_acknowledged(db_url) -> None:
    the_desk, people = team_desk(db_url)
    handover_id = started(the_desk, people)
    app = ScreenApp(people["mette"], lambda ctx: HandoverScreen(ctx, handover_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        assert "k" not in app.screen.active_bindings  # not hers to acknowledge
        await pilot.press("w")
        await settled(pilot)
        await paste_text(pilot, "Hun foretrækker opkald før kl. 10.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
    view = handover.handover(people["jens"], handover_id)
    assert view.sent_on and view.note == "Hun foretrækker opkald før kl. 10."
    assert view.missing

    app = ScreenApp(people["jens"], lambda ctx: HandoverScreen(ctx, handover_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        screen = app.screen
        assert "Hun foretrækker opkald før kl. 10." in text_of(screen.query_one("#handover-note"))
        for number in range(len(view.missing)):
            await pilot.press("enter" if number % 2 else "k")  # the session's Enter, or k
            await settled(pilot)
        assert text_of(screen.query_one("#handover-state")).startswith("færdig")
    assert handover.handover(people["jens"], handover_id).status == "complete"


async def test_my_day_lists_the_handover_and_enter_opens_it(db_url) -> None:
    the_desk, people = team_desk(db_url)
    handover_id = started(the_desk, people)
    app = make_app(people["jens"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        day = screen.query_one(OptionList)
        await until(pilot, lambda: f"handover-{handover_id}" in screen._rows)
        shown = str(day.get_option(f"handover-{handover_id}").prompt)
        assert "Søren Møller" in shown and "til mig" in shown
        day.highlighted = day.get_option_index(f"handover-{handover_id}")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))


async def test_b_tells_the_citizen_once(db_url, tmp_path) -> None:
    """b: a time free for both caseworkers, the letter as the citizen gets it, Ctrl+S puts
    it in the outbox; the handover keeps it, so b is gone."""
    from dataclasses import replace

    from prepdesk.config import Settings
    from prepdesk.screens.handover import LetterDialog
    from prepdesk.ui.dialogs import ChoiceDialog

    the_desk, people = team_desk(db_url)
    handover_id = started(the_desk, people)
    with people["lone"].sessions() as session:
        session.get(m.Citizen, the_desk.ids["soeren"]).email = "soeren@example.dk"
        session.commit()
    lone = replace(people["lone"], settings=Settings(database_url=db_url,
                                                     outbox_dir=tmp_path / "outbox",
                                                     sender_address="jobcenter@fjordby.example"))
    app = ScreenApp(lone, lambda ctx: HandoverScreen(ctx, handover_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # the first time free for both
        await until(pilot, lambda: isinstance(app.screen, LetterDialog))
        assert "Jens Holm" in app.screen.preview.text
        await settled(pilot)
        assert "Brevet går med Digital Post" in text_of(app.screen.query_one("#letter-channel"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        assert "b" not in app.screen.active_bindings
    view = handover.handover(people["jens"], handover_id)
    assert view.letter_id is not None and view.joint_meeting_id is not None


async def test_a_caseworker_asks_her_team_lead(db_url) -> None:
    """The start as a caseworker sees it (`v` in the file, as above): a reason and why."""
    the_desk, people = team_desk(db_url)
    soeren = the_desk.ids["soeren"]
    app = ScreenApp(people["mette"], lambda ctx: HandoverStartScreen(ctx, soeren))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverStartScreen))
        await settled(pilot)
        screen = app.screen
        assert not screen.query("#start-workload")  # the team lead chooses who
        await pilot.press("enter", "down", "down", "down", "enter")  # Borgerens ønske
        screen.query_one("#start-why").focus()
        await paste_text(pilot, "Søren ønsker en mandlig sagsbehandler.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, HandoverStartScreen))
    with people["lone"].sessions() as session:
        request = session.exec(select(m.HandoverRequest)).one()
        assert (request.reason, request.why) == (
            "citizen_wish", "Søren ønsker en mandlig sagsbehandler.")


async def test_the_receiving_team_lead_approves_with_g_and_d_declines(db_url) -> None:
    """Søren handed over to Sara of Team Øst waits for Team Øst's lead: g approves. Then
    Lone withdraws it with d and why."""
    the_desk, people = team_desk(db_url)
    with people["lone"].sessions() as session:
        oest = session.exec(select(m.Team).where(m.Team.name == "Team Øst")).one()
        sara = session.exec(select(m.Caseworker).where(m.Caseworker.initials == "SØ")).one()
        row = m.Caseworker(initials="ØL", name="Øst Leder", role="team_lead",
                           email="ol@fjordby.example", phone="72 10 20 40", team_id=oest.id)
        session.add(row)
        session.commit()
        oest_lead = people["lone"].as_user(user_of(row, oest))
    view = handover.start_handover(people["lone"], the_desk.ids["soeren"], sara.id, "workload",
                                   NOW.date() + timedelta(days=7))
    assert view.status == "awaiting_approval"
    app = ScreenApp(oest_lead, lambda ctx: HandoverScreen(ctx, view.id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        await pilot.press("g")
        await settled(pilot)
    assert handover.handover(people["lone"], view.id).status == "open"
    app = ScreenApp(people["lone"], lambda ctx: HandoverScreen(ctx, view.id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        assert "g" not in app.screen.active_bindings  # approved already
        await pilot.press("d")
        await settled(pilot)
        await paste_text(pilot, "Sara er på kursus i december.")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        await settled(pilot)
        assert "Sara er på kursus i december." in text_of(app.screen.query_one("#handover-state"))
    assert handover.handover(people["lone"], view.id).status == "declined"


async def test_the_app_started_on_the_effective_day_moves_the_citizen(db_url) -> None:
    from dataclasses import replace

    the_desk, people = team_desk(db_url)
    started(the_desk, people)
    a_week_later = replace(people["mette"], clock=lambda: NOW + timedelta(days=7))

    def caseworkers() -> list[int]:
        with people["lone"].sessions() as session:
            return list(session.exec(select(m.CaseworkerAssignment.caseworker_id).where(
                m.CaseworkerAssignment.citizen_id == the_desk.ids["soeren"],
                m.CaseworkerAssignment.ended_at.is_(None))))

    assert caseworkers() == [people["mette"].user.id]
    app = make_app(a_week_later)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await until(pilot, lambda: caseworkers() == [people["jens"].user.id])
