"""The team lead's feedback on a preparation (R-LEAD-2, issue 14 item 5), with the keys a
team lead and a caseworker press: t on the preparation writes it, my day lists it unread,
Enter opens the preparation, l marks it read and it leaves my day. Hostile text stays text."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlmodel import select
from support.apps import ScreenApp, make_app
from support.desk import HOSTILE_NAME, HOSTILE_SHOWN, Desk
from support.people import SIZE, STAFF, user_of
from support.pilot import footer, on_my_day, paste_text, settled, text_of, text_under, until
from support.preparation import back_on_preparation, prep_desk
from textual.widgets import OptionList

from prepdesk.core.context import Context
from prepdesk.core.review_feedback import leave_feedback
from prepdesk.data import models as m
from prepdesk.screens.my_day import MyDayScreen
from prepdesk.screens.preparation import PreparationScreen
from prepdesk.ui.dialogs import TextDialog
from prepdesk.ui.problem import ProblemBar


def lead_of(the_desk: Desk) -> Context:
    """Lone Berg, team lead of Mette's team (Team Vest), on Mette's desk."""
    fields = dict(STAFF["lone"])
    fields.pop("team")
    with the_desk.workspace.sessions() as session:
        mette = session.get(m.Caseworker, the_desk.workspace.user.id)
        team = session.get(m.Team, mette.team_id)
        lone = m.Caseworker(**fields, team_id=team.id)
        session.add(lone)
        session.commit()
        return replace(the_desk.workspace, user=user_of(lone, team))


def feedback_panel(screen: PreparationScreen) -> str:
    return text_under(screen, "#prep-feedback") if screen.query_one("#prep-feedback").display \
        else ""


async def test_a_team_lead_writes_feedback_on_a_preparation(db_url: str) -> None:
    the_desk = prep_desk(db_url)
    lead = replace(the_desk, workspace=lead_of(the_desk))
    app = ScreenApp(lead.workspace, lambda ctx: PreparationScreen(ctx, lead.ids["meeting_today"]))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await back_on_preparation(pilot)
        assert feedback_panel(screen) == ""  # none yet: no panel
        assert "t Feedback" in footer(screen) and "l Feedback læst" not in footer(screen)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(pilot.app.screen, TextDialog))
        dialog = pilot.app.screen
        assert "Feedback på forberedelsen · Søren Møller · Opfølgningssamtale" in text_of(
            dialog.query_one(".dialog-title"))
        await pilot.press("ctrl+s")  # empty: refused in the dialog, which stays
        await settled(pilot)
        assert text_of(dialog.query_one(ProblemBar)) == "⚠ Skriv feedbacken, før du gemmer den."
        await paste_text(pilot, "Fin dagsorden.\nHusk lægeerklæringen.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: pilot.app.screen is screen)
        await settled(pilot)
        assert feedback_panel(screen) == (
            "Lone Berg · 23.11.2026 kl. 08.00 · ● ikke læst endnu Fin dagsorden. "
            "Husk lægeerklæringen.")
        assert "l Feedback læst" not in footer(screen)  # the caseworker marks it, not the lead
        with lead.workspace.sessions() as session:
            stored = session.exec(select(m.ReviewFeedback)).one()
        assert (stored.meeting_id, stored.text) == (
            lead.ids["meeting_today"], "Fin dagsorden.\nHusk lægeerklæringen.")


async def test_the_caseworker_sees_it_on_my_day_opens_it_and_marks_it_read(db_url: str) -> None:
    """With hostile text: the citizen's name and the feedback itself are shown as text."""
    the_desk = prep_desk(db_url)
    meeting = the_desk.ids["meeting_unprepared"]  # the hostile citizen's
    leave_feedback(lead_of(the_desk), meeting, f"{HOSTILE_NAME}\nTjek tilpasningerne.")
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        day = await on_my_day(pilot)
        options = day.query_one(OptionList)
        heading = options.get_option_at_index(options.get_option_index("heading-feedback"))
        assert str(heading.prompt) == "Feedback fra teamleder (1)"
        row = next(o for o in options.options if (o.id or "").startswith("feedback-"))
        line = " ".join(str(row.prompt).split())
        assert line.startswith("[bold]Ole[/] [@click=app.qu… man. 23.11. kl. 13.00 Lone Berg "
                               f"23.11.2026 {HOSTILE_SHOWN[:30]}"), line
        options.highlighted = options.get_option_index(row.id)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, PreparationScreen))
        screen = pilot.app.screen
        await settled(pilot)
        assert screen.meeting_id == meeting
        assert feedback_panel(screen) == (
            f"Lone Berg · 23.11.2026 kl. 08.00 · ● ikke læst endnu {HOSTILE_SHOWN} "
            "Tjek tilpasningerne.")
        assert "l Feedback læst" in footer(screen) and "t Feedback" not in footer(screen)
        await pilot.press("l")
        await until(pilot, lambda: "✓ læst" in feedback_panel(screen))
        assert feedback_panel(screen).startswith(
            "Lone Berg · 23.11.2026 kl. 08.00 · ✓ læst 23.11.2026 kl. 08.00 ")
        assert "l Feedback læst" not in footer(screen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        await settled(pilot)
        assert "heading-feedback" not in [o.id for o in options.options]


async def test_a_held_meetings_preparation_says_it_shows_the_checklist_as_it_began(
        db_url: str) -> None:
    """Feedback is mostly on held meetings: their checklist is the one they began with
    (core/prep.py), and the screen says so, with the time, instead of today's state."""
    the_desk = prep_desk(db_url)
    lead = lead_of(the_desk)
    with lead.sessions() as session:
        held = session.exec(select(m.Meeting).where(
            m.Meeting.citizen_id == the_desk.ids["soeren"], m.Meeting.status == "held")).one()
    app = ScreenApp(lead, lambda ctx: PreparationScreen(ctx, held.id))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PreparationScreen))
        screen = pilot.app.screen
        await settled(pilot)
        assert text_of(screen.query_one("#prep-state")) == (
            "✗ Ikke forberedt: 2 ting manglede · Tjeklisten, som den var, da mødet begyndte "
            "09.11.2026 kl. 08.00")
        assert screen.query_one("#checklist").border_title == "Tjekliste, da mødet begyndte"


def test_a_held_meetings_state_says_what_was_recorded_and_what_was_missing(
        db_url: str) -> None:
    """The recorded "prepared" (the team's figures count it) and the checklist as it began
    can tell different stories (a statement came after the last look): both are said."""
    from prepdesk.core.prep import Checklist, preparation
    from prepdesk.screens.preparation import held_state_line

    the_desk = prep_desk(db_url)
    with the_desk.workspace.sessions() as session:
        held = session.exec(select(m.Meeting).where(
            m.Meeting.citizen_id == the_desk.ids["soeren"], m.Meeting.status == "held")).one()
    prep = preparation(the_desk.workspace, held.id)
    done = replace(prep, checklist=Checklist(held.id, tuple(
        replace(item, done=True) for item in prep.checklist.items)))
    recorded = replace(prep.meeting, prepared_at=prep.as_of - timedelta(days=1))

    def said(shown) -> str:  # type: ignore[no-untyped-def]
        return held_state_line(shown).plain.split(" · ")[0]

    assert said(prep) == "✗ Ikke forberedt: 2 ting manglede"
    assert said(replace(done, meeting=recorded)) == "✓ Forberedt før mødet, fra 08.11.2026 kl. 08.00"
    assert said(replace(prep, meeting=recorded)) == (
        "✓ Registreret som forberedt fra 08.11.2026 kl. 08.00; da mødet begyndte, manglede 2 ting")
    assert said(done) == ("✓ Alt på tjeklisten var gjort, da mødet begyndte, men mødet blev "
                          "ikke registreret som forberedt")
