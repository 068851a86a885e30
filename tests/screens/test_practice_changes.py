"""Practice changes (R-RULE-4): the team lead publishes after a ruling against us, each
caseworker acknowledges, and the team lead sees who has not."""

from __future__ import annotations

from datetime import date

import pytest
from support.apps import ScreenApp
from support.hostile import HOSTILE
from support.people import SIZE
from support.pilot import settled, text_of, type_text, until
from support.rulings import World, build
from textual.pilot import Pilot
from textual.widgets import OptionList, TabbedContent

from prepdesk.core.context import CurrentUser
from prepdesk.core.practice import RulingAgainstUs, publish_practice_change
from prepdesk.screens.practice_changes import PracticeChangesScreen, PublishDialog
from prepdesk.screens.ruling import RulingScreen
from prepdesk.text import strip_controls


@pytest.fixture
def world(sqlite_db_url: str):
    # Screens run on SQLite only: the backends are core's and the data layer's business.
    built = build(sqlite_db_url)
    yield built
    built.engine.dispose()


def practice_app(world: World, user: CurrentUser) -> ScreenApp:
    return ScreenApp(world.workspace(user), PracticeChangesScreen)


async def opened(pilot: Pilot) -> PracticeChangesScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, PracticeChangesScreen))
    await settled(pilot)
    return pilot.app.screen


def lines(screen: PracticeChangesScreen, tab: str) -> list[str]:
    found = screen.query_one(f"#{tab}-list", OptionList)
    return [" ".join(found.get_option_at_index(i).prompt.plain.split())
            for i in range(found.option_count)]


def detail(screen: PracticeChangesScreen, tab: str) -> str:
    return " ".join(text_of(screen.query_one(f"#{tab}-text")).split())


def notified(app: ScreenApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def publish(world: World, title: str = "Speciallægeerklæring før afslag",
            description: str = "Før vi afslår forlængelse, indhenter vi en ny erklæring.",
            lead: CurrentUser | None = None) -> int:
    return publish_practice_change(world.workspace(lead or world.lone),
                                   world.ruling_ids["12-21"], title, description)


def problem(screen) -> str:  # type: ignore[no-untyped-def]
    """What the screen's problem bar says ("" when hidden)."""
    bar = screen.query_one("#problem")
    return " ".join(text_of(bar).split()) if bar.display else ""


def against_us(world: World) -> RulingAgainstUs:
    return RulingAgainstUs(world.ruling_ids["12-21"], "12-21", "Titel", date(2021, 3, 1),
                           "changed", 0)


async def test_the_team_lead_publishes_after_a_ruling_against_us(world: World) -> None:
    app = practice_app(world, world.lone)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        await pilot.press("2")
        await settled(pilot)
        assert screen.query_one(TabbedContent).active == "against-us"
        assert lines(screen, "against-us") == [
            "1-22 Fleksjob – betingelser – varig nedsættelse 20.01.2022 · hjemvist · ! ingen "
            "praksisændring endnu",
            "12-21 Sygedagpenge – revurdering – forlængelse 01.03.2021 · ændret · ! ingen "
            "praksisændring endnu"]
        await pilot.press("down", "n")
        await until(pilot, lambda: isinstance(app.screen, PublishDialog))
        dialog = app.screen
        assert "Ny praksisændring efter afgørelse 12-21" in text_of(
            dialog.query_one("#publish-heading"))
        await type_text(pilot, "Ny lægeerklæring før afslag")
        await pilot.press("tab")
        await type_text(pilot, "Vi indhenter altid en ny speciallægeerklæring.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
        assert notified(app) == ["Praksisændringen er offentliggjort. Alle, den vedrører, ser "
                                 "den under Min dag."]
        assert lines(screen, "against-us")[1].endswith("✓ praksisændring offentliggjort")
        await pilot.press("3")
        await settled(pilot)
        assert lines(screen, "published") == [
            "Ny lægeerklæring før afslag Efter afgørelse 12-21 · offentliggjort 23.11.2026 af "
            "Lone Berg · dit team ! 2 af 3 har ikke kvitteret"]
        assert detail(screen, "published").startswith(
            "Har endnu ikke kvitteret: · Jens Holm · Mette Kjær")


async def test_a_caseworker_reads_and_acknowledges_then_the_lead_sees_who_has_not(
    world: World,
) -> None:
    publish(world)
    app = practice_app(world, world.mette)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        assert [pane.id for pane in screen.query("TabPane")] == ["to-acknowledge"]
        assert lines(screen, "to-acknowledge") == [
            "Speciallægeerklæring før afslag Efter afgørelse 12-21 · offentliggjort 23.11.2026 "
            "af Lone Berg · dit team"]
        assert detail(screen, "to-acknowledge") == (
            "Speciallægeerklæring før afslag Efter afgørelse 12-21: Sygedagpenge – revurdering – "
            "forlængelse Før vi afslår forlængelse, indhenter vi en ny erklæring.")
        assert screen.check_action("publish", ()) is False
        await pilot.press("enter")  # the ruling behind it
        await until(pilot, lambda: isinstance(app.screen, RulingScreen))
        await pilot.press("escape")
        await settled(pilot)
        await pilot.press("k")
        await settled(pilot)
        assert notified(app) == ["Tak. Du har kvitteret for praksisændringen."]
        assert lines(screen, "to-acknowledge") == []
        assert text_of(screen.query_one("#to-acknowledge-empty")) == (
            "Du har kvitteret for alle praksisændringer.")

    lead = practice_app(world, world.lone)
    async with lead.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("3")
        await settled(pilot)
        assert lines(screen, "published")[0].endswith("! 1 af 3 har ikke kvitteret")
        assert detail(screen, "published").startswith(
            "Har endnu ikke kvitteret: · Jens Holm Speciallægeerklæring")


async def test_another_team_does_not_see_the_teams_change(world: World) -> None:
    publish(world)
    app = practice_app(world, world.sara)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert lines(screen, "to-acknowledge") == []


async def test_only_a_team_lead_may_publish_says_core(world: World) -> None:
    ruling = against_us(world)
    app = ScreenApp(world.workspace(world.mette),
                    lambda workspace: PublishDialog(workspace, ruling))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PublishDialog))
        await type_text(pilot, "Ny praksis")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert problem(app.screen) == (
            "⚠ Kun en teamleder kan offentliggøre en praksisændring.")
        assert isinstance(app.screen, PublishDialog)


async def test_a_practice_change_needs_a_title_and_a_text(world: World) -> None:
    ruling = against_us(world)
    app = ScreenApp(world.workspace(world.lone),
                    lambda workspace: PublishDialog(workspace, ruling))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PublishDialog))
        await type_text(pilot, "Kun en titel")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert problem(app.screen) == (
            "⚠ Skriv en titel, og hvad der ændres i praksis.")
        await pilot.press("escape")
        await settled(pilot)
        assert not isinstance(app.screen, PublishDialog)


async def test_hostile_text_in_a_practice_change_is_shown_literally(world: World) -> None:
    for text in HOSTILE[:-1]:
        publish(world, title=text[:200], description=text)
    app = practice_app(world, world.mette)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        shown_titles = lines(screen, "to-acknowledge")
        assert len(shown_titles) == len(HOSTILE) - 1
        assert shown_titles[-1].startswith(" ".join(strip_controls(HOSTILE[0]).split()))
        for _ in HOSTILE[:-1]:
            await pilot.press("k")
            await settled(pilot)
        assert lines(screen, "to-acknowledge") == []
    assert app.return_code in (None, 0)


async def test_publishing_after_a_colleague_did_says_who_and_r_reloads(world: World) -> None:
    with world.session() as session:
        from prepdesk.data.models import Caseworker

        deputy = Caseworker(initials="OD", name="Ole Dahl", role="team_lead",
                            email="od@fjordby.example", phone="2", team_id=world.lone.team_id)
        session.add(deputy)
        session.commit()
        ole = CurrentUser(deputy.id, deputy.name, deputy.role, deputy.team_id, "Team Vest",
                          deputy.email, deputy.phone)
    app = practice_app(world, world.lone)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        await pilot.press("2")
        await settled(pilot)
        publish(world, title="Oles praksisændring", lead=ole)  # meanwhile, at Ole's desk
        await pilot.press("down", "n")
        await until(pilot, lambda: isinstance(app.screen, PublishDialog))
        dialog = app.screen
        await type_text(pilot, "Lones praksisændring")
        await pilot.press("tab")
        await type_text(pilot, "Teksten.")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.screen is dialog  # what Lone wrote is still there
        assert problem(dialog).startswith(
            "⚠ Ole Dahl offentliggjorde en praksisændring efter afgørelse 12-21 (")
        assert "Genindlæs (Ctrl+R)" in problem(dialog)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("r")
        await settled(pilot)
        assert lines(screen, "against-us")[1].endswith("✓ praksisændring offentliggjort")
        await pilot.press("3")
        await settled(pilot)
        assert [line.split(" Efter")[0] for line in lines(screen, "published")] == [
            "Oles praksisændring"]


async def test_a_caseworker_acknowledging_a_corrected_text_is_told_to_reload(
    world: World,
) -> None:
    from prepdesk.core.practice import change_practice_change

    change_id = publish(world)
    app = practice_app(world, world.mette)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        change_practice_change(world.workspace(world.lone), change_id, 1, "Rettet titel",
                               "Rettet tekst.")  # meanwhile, at the team lead's desk
        await pilot.press("k")
        await settled(pilot)
        assert problem(screen).startswith("⚠ Praksisændringen blev ændret af Lone Berg (")
        assert notified(app) == []
        await pilot.press("r")
        await settled(pilot)
        assert problem(screen) == ""
        assert detail(screen, "to-acknowledge").startswith("Rettet titel")
        await pilot.press("k")
        await settled(pilot)
        assert notified(app) == ["Tak. Du har kvitteret for praksisændringen."]
        assert lines(screen, "to-acknowledge") == []


async def test_the_team_lead_corrects_a_published_change(world: World) -> None:
    publish(world)
    app = practice_app(world, world.lone)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        assert screen.check_action("change", ()) is False  # not on the published tab
        await pilot.press("3")
        await settled(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, PublishDialog))
        dialog = app.screen
        assert "Ret praksisændringen efter afgørelse 12-21" in text_of(
            dialog.query_one("#publish-heading"))
        assert dialog.query_one("#publish-title").value == "Speciallægeerklæring før afslag"
        await pilot.press("end", *["backspace"] * len("før afslag"))
        await type_text(pilot, "altid")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
        assert notified(app) == ["Praksisændringen er rettet. Alle, den vedrører, bliver bedt "
                                 "om at kvittere for den igen."]
        assert lines(screen, "published")[0].startswith("Speciallægeerklæring altid Efter")
