""""Similar to this case" on the citizen's file and the preparation (R-RULE-2, R-RULE-3,
issue 11 item 5): shown with their reasons, found only when asked for (never delaying the
file), and attached to the coming meeting from there."""

from __future__ import annotations

import pytest
from sqlmodel import select
from support.apps import ScreenApp
from support.people import SIZE
from support.pilot import settled, text_of, until
from support.preparation import checklist
from support.rulings import World, build
from textual.widgets import OptionList

from prepdesk.core.practice import attached_rulings
from prepdesk.data import models as m
from prepdesk.screens.citizen_file import CitizenFileScreen
from prepdesk.screens.preparation import PreparationScreen
from prepdesk.screens.ruling import RulingScreen
from prepdesk.widgets.similar_rulings import SimilarRulingsPanel


@pytest.fixture
def world(sqlite_db_url: str):
    built = build(sqlite_db_url)
    yield built
    built.engine.dispose()


def looks(world: World) -> list[str]:
    with world.session() as session:
        return list(session.exec(select(m.AccessLog.action)))


def attached(world: World) -> list[tuple[str, bool]]:
    return [(a.number, a.on_agenda) for a in attached_rulings(world.workspace(), world.meeting_id)]


def panel_text(panel: SimilarRulingsPanel) -> str:
    return " ".join(" ".join(text_of(part).split()) for part in panel.children if part.display)


async def suggestions(pilot, panel: SimilarRulingsPanel) -> OptionList:
    await until(pilot, lambda: bool(panel.query(OptionList))
                and panel.query_one(OptionList).option_count > 0)
    await settled(pilot)
    return panel.query_one(OptionList)


async def test_the_file_shows_similar_rulings_on_their_tab_and_attaches_to_the_coming_meeting(
    world: World,
) -> None:
    app = ScreenApp(world.workspace(), lambda ctx: CitizenFileScreen(ctx, world.citizen_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, CitizenFileScreen)
                    and pilot.app.screen.has_class("-open"))
        await settled(pilot)
        assert "similar_rulings" not in looks(world)  # opening the file does not wait for them
        await pilot.press("s")
        await until(pilot, lambda: bool(pilot.app.screen.query(SimilarRulingsPanel)))
        panel = pilot.app.screen.query_one(SimilarRulingsPanel)
        found = await suggestions(pilot, panel)
        text = panel_text(panel)
        assert "30-19 Sygedagpenge – forlængelse – venter på operation" in text
        assert "Samme målgruppe: sygedagpengemodtager" in text
        assert "Ord fra erklæringer:" in text
        assert "Ctrl+G knytter den til mødet tirsdag 24. nov. 2026 kl. 10.00" in text
        assert pilot.app.screen.focused is found
        assert "similar_rulings" in looks(world)
        await pilot.press("ctrl+l")
        await until(pilot, lambda: bool(attached(world)))
        assert attached(world) == [("30-19", True)]
        await until(pilot, lambda: bool(app._notifications))
        assert [n.message for n in app._notifications][-1] == (
            "Afgørelse 30-19 er knyttet til mødet og er punkt 1 på dagsordenen.")


async def test_the_preparation_shows_similar_rulings_and_attaching_ticks_the_checklist(
    world: World,
) -> None:
    app = ScreenApp(world.workspace(), lambda ctx: PreparationScreen(ctx, world.meeting_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PreparationScreen)
                    and pilot.app.screen.prep is not None)
        screen = pilot.app.screen
        await until(pilot, lambda: bool(screen.query(SimilarRulingsPanel)))
        panel = screen.query_one(SimilarRulingsPanel)
        found = await suggestions(pilot, panel)
        assert "Samme målgruppe: sygedagpengemodtager" in panel_text(panel)
        assert screen.focused.id == "checklist"  # the checklist first; the rulings beside it

        def rulings_line() -> str:
            return " ".join(checklist(screen))

        assert "Ingen afgørelse tilknyttet endnu" in rulings_line()
        found.focus()
        await pilot.press("ctrl+g")
        await until(pilot, lambda: "1 afgørelse tilknyttet" in rulings_line())
        assert attached(world) == [("30-19", False)]
        await settled(pilot)
        assert screen.focused is found  # still where the caseworker was
        # Enter in the list reads the ruling, not the checklist's line.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, RulingScreen))
