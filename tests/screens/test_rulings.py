"""The rulings: search as you type, filters, the full text, attaching to a meeting,
similar rulings and the import from the app (R-RULE-1..3, R-SEC-6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.apps import ScreenApp
from support.people import SIZE
from support.pilot import paste_text, settled, text_of, until
from support.rulings import HOSTILE_SUMMARY, HOSTILE_TITLE, World, build
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, Header, OptionList, ProgressBar, Select, Static

from prepdesk.core.practice import attached_rulings
from prepdesk.screens.ruling import RulingScreen
from prepdesk.screens.ruling_import import RulingImportScreen
from prepdesk.screens.rulings import RulingsScreen
from prepdesk.text import strip_controls
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.similar_rulings import SimilarRulingsPanel

SOCIAL = "Lov om aktiv socialpolitik"


@pytest.fixture
def world(sqlite_db_url: str):
    # Screens run on SQLite only: the backends are core's and the data layer's business.
    built = build(sqlite_db_url)
    yield built
    built.engine.dispose()


def rulings_app(world: World, *, meeting: bool = False) -> ScreenApp:
    meeting_id = world.meeting_id if meeting else None
    return ScreenApp(world.workspace(), lambda workspace: RulingsScreen(workspace, meeting_id))


async def opened(pilot: Pilot, kind: type = RulingsScreen):  # type: ignore[no-untyped-def]
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await settled(pilot)
    return pilot.app.screen


async def search(pilot: Pilot, text: str) -> None:
    await paste_text(pilot, text)
    await pilot.pause(RulingsScreen.DEBOUNCE_SECONDS * 2)
    await settled(pilot)


def listed(screen: RulingsScreen) -> list[str]:
    """The numbers of the listed rulings, in order."""
    results = screen.query_one("#rulings-results", OptionList)
    return [results.get_option_at_index(i).prompt.plain.split()[0]
            for i in range(results.option_count)]


def reader_text(screen: RulingScreen) -> str:
    return " ".join(text_of(static) for static in screen.query("#ruling-text Static"))


def notified(app: ScreenApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def attached(world: World) -> list[tuple[str, bool]]:
    return [(a.number, a.on_agenda) for a in attached_rulings(world.workspace(), world.meeting_id)]


def problem(screen) -> str:  # type: ignore[no-untyped-def]
    """What the screen's problem bar says ("" when hidden)."""
    bar = screen.query_one("#problem")
    return " ".join(text_of(bar).split()) if bar.display else ""


@pytest.mark.parametrize(("typed", "first"), [
    ("forlaengelse revurdring", "12-21"),  # ae for æ, and a letter missing
    ("fortidspension aabenbart", "35-21"),  # o for ø, aa for å
    ("kontanthjaelp radighed", "112-21"),
    ("fleksjb", "1-22"),
    ("d-15-07", "D-15-07"),
])
async def test_typing_finds_the_ruling_despite_typos_and_plain_letters(
    world: World, typed: str, first: str,
) -> None:
    app = rulings_app(world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await search(pilot, typed)
        assert listed(screen)[0] == first
        assert text_of(screen.query_one("#rulings-preview-text")).startswith(first)


async def test_an_empty_search_lists_the_newest_rulings(world: World) -> None:
    app = rulings_app(world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert listed(screen)[:3] == ["1-22", "112-21", "66-21"]
        assert len(listed(screen)) == 9
        assert text_of(screen.query_one("#rulings-status")) == (
            "De nyeste afgørelser. Skriv for at søge.")


async def test_filters_narrow_the_list_and_clear_again(world: World) -> None:
    app = rulings_app(world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await search(pilot, "kommunen")
        assert set(listed(screen)) == {"12-21", "D-15-07"}
        screen.query_one("#filter-law", Select).value = SOCIAL
        await settled(pilot)
        assert listed(screen) == ["D-15-07"]

        # The year by keyboard, as a person chooses it: to the menu, open it, type, Enter.
        await pilot.press(*["backspace"] * len("kommunen"))
        await pilot.pause(RulingsScreen.DEBOUNCE_SECONDS * 2)
        await settled(pilot)
        screen.query_one("#filter-year", Select).focus()
        await pilot.press("enter", "2", "0", "2", "1", "enter")
        await settled(pilot)
        assert screen.query_one("#filter-year", Select).value == 2021
        assert set(listed(screen)) == {"112-21", "66-21"}  # social policy, 2021
        screen.query_one("#filter-outcome", Select).value = "changed"
        await settled(pilot)
        assert listed(screen) == ["112-21"]
        assert text_of(screen.query_one("#rulings-status")) == "1 afgørelse, nyeste først."

        screen.query_one("#filter-target_group", Select).value = "Sygemeldte"
        await settled(pilot)
        assert listed(screen) == []
        assert "Ingen afgørelser fundet" in text_of(screen.query_one("#rulings-status"))

        await pilot.press("ctrl+r")
        await settled(pilot)
        assert len(listed(screen)) == 9
        assert all(screen.query_one(f"#filter-{name}", Select).selection is None
                   for name in ("law", "outcome", "year", "target_group"))
        assert screen.focused is screen.query_one("#rulings-query")


async def test_enter_opens_the_full_text_in_its_parts(world: World) -> None:
    app = rulings_app(world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await search(pilot, "revurdering")
        await pilot.press("enter")
        reader = await opened(pilot, RulingScreen)
        text = reader_text(reader)
        for part in ("12-21", "Sygedagpenge – revurdering – forlængelse", "Lov: Lov om "
                     "sygedagpenge § 27", "Udfald: ændret", "Erstatter: P-11-09",
                     "Resumé Kommunen skal ved revurderingen",
                     "Sagsfremstilling Borgeren havde været sygemeldt i 22 uger.",
                     "Afgørelse Ankestyrelsen ændrer kommunens afgørelse.",
                     "Begrundelse Borgeren ventede på lægelig behandling."):
            assert part in text
        assert text.index("Sagsfremstilling") < text.index("Afgørelse An") < text.index(
            "Begrundelse")
        await pilot.press("escape")
        await settled(pilot)
        assert app.screen is screen and listed(screen)[0] == "12-21"


async def test_a_replaced_ruling_names_the_one_that_replaced_it(world: World) -> None:
    app = rulings_app(world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await search(pilot, "p-11-09")
        await pilot.press("enter")
        reader = await opened(pilot, RulingScreen)
        assert "Erstattet af: 12-21" in reader_text(reader)
        assert "Sagsfremstilling Ikke oplyst i den importerede fil." in reader_text(reader)
        assert screen.query_one("#rulings-preview-text")  # still there behind the reader


async def test_a_replaced_ruling_is_listed_below_its_replacement_and_warns_when_read(
    world: World,
) -> None:
    # Issue 15: P-11-09 matches "forlængelse behandling" as well as 12-21, which replaced it.
    app = rulings_app(world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await search(pilot, "sygedagpenge forlængelse")
        numbers = listed(screen)
        assert numbers.index("12-21") < numbers.index("P-11-09")
        results = screen.query_one("#rulings-results", OptionList)
        prompt = results.get_option_at_index(numbers.index("P-11-09")).prompt.plain
        assert "erstattet af 12-21" in prompt
        assert "erstattet" not in results.get_option_at_index(numbers.index("12-21")).prompt.plain
        results.highlighted = numbers.index("P-11-09")
        await pilot.press("enter")
        reader = await opened(pilot, RulingScreen)
        notice = reader.query_one("#ruling-replaced", Static)
        assert notice.display and text_of(notice).startswith("Erstattet af 12-21:")
        await pilot.press("escape")
        await settled(pilot)
        results.highlighted = numbers.index("12-21")
        await pilot.press("enter")
        reader = await opened(pilot, RulingScreen)
        assert not reader.query_one("#ruling-replaced", Static).display


async def test_for_a_meeting_a_ruling_is_attached_from_the_list_and_the_reader(
    world: World,
) -> None:
    app = rulings_app(world, meeting=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        assert text_of(screen.query_one("#rulings-title")) == (
            "Afgørelser fra Ankestyrelsen – Til mødet: Opfølgningssamtale, tirsdag 24. nov. "
            "2026 kl. 10.00")
        await search(pilot, "30-19")
        await pilot.press("ctrl+g")
        await settled(pilot)
        assert notified(app) == ["Afgørelse 30-19 er knyttet til forberedelsen af mødet."]
        assert attached(world) == [("30-19", False)]

        await pilot.press("enter")
        reader = await opened(pilot, RulingScreen)
        assert text_of(reader.query_one("#ruling-meeting")).startswith("Til mødet:")
        await pilot.press("ctrl+l")
        await settled(pilot)
        assert notified(app)[-1] == "Afgørelse 30-19 er knyttet til mødet og er punkt 1 på dagsordenen."
        assert attached(world) == [("30-19", True)]


async def test_without_a_meeting_there_is_nothing_to_attach_to(world: World) -> None:
    app = rulings_app(world)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        await search(pilot, "30-19")
        assert screen.check_action("attach", (False,)) is False
        await pilot.press("ctrl+g", "ctrl+l")
        await settled(pilot)
        assert notified(app) == [] and attached(world) == []
        assert screen.query_one("#rulings-query").value == "30-19"


async def test_markup_and_escapes_in_a_ruling_are_shown_as_text(world: World) -> None:
    app = rulings_app(world, meeting=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        await search(pilot, "66-21")
        assert listed(screen) == ["66-21"]
        results = text_of(screen.query_one("#rulings-results"))
        assert HOSTILE_TITLE in results
        preview = text_of(screen.query_one("#rulings-preview-text"))
        for literal in (HOSTILE_TITLE, "Målgruppe: [red]Kontanthjælpsmodtagere[/red]",
                        "Nøgleord: [b]angst[/b], udeblivelse", strip_controls(HOSTILE_SUMMARY)):
            assert literal in preview
        await pilot.press("ctrl+g")
        await pilot.press("enter")
        reader = await opened(pilot, RulingScreen)
        text = reader_text(reader)
        for literal in (HOSTILE_TITLE, "Sagsfremstilling med [/] og 31m.",
                        "[link=x]Afgørelse[/link]", "Begrundelse {count} %s."):
            assert literal in text
        assert "\x1b" not in text and "\x9b" not in text
        await until(pilot, lambda: bool(notified(app)))  # the attach worker's sentence
        assert notified(app) == ["Afgørelse 66-21 er knyttet til forberedelsen af mødet."]
    assert app.return_code in (None, 0)  # [@click=app.quit] quit nothing


async def test_a_ruling_deleted_meanwhile_is_said_in_danish(world: World) -> None:
    app = ScreenApp(world.workspace(), lambda workspace: RulingScreen(workspace, 10**9))
    async with app.run_test(size=SIZE) as pilot:
        reader = await opened(pilot, RulingScreen)
        assert problem(reader) == "⚠ Afgørelsen findes ikke længere. Søg efter den igen."
        assert reader_text(reader) == ""
        assert reader.check_action("jump", ("facts",)) is False


def test_the_rulings_screen_looks_right(snap_compare, tmp_path: Path) -> None:
    world = build(f"sqlite:///{tmp_path / 'rulings.sqlite'}")
    app = rulings_app(world, meeting=True)

    async def run_before(pilot: Pilot) -> None:
        screen = await opened(pilot)
        screen.query_one("#rulings-query").cursor_blink = False
        await search(pilot, "sygedagpenge")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    world.engine.dispose()


# --- similar to this case ------------------------------------------------------------------


class PanelHost(PrepDeskScreen):
    """Stands in for the citizen file or the meeting preparation that mounts the panel."""

    def __init__(self, workspace, citizen_id: int, meeting_id: int | None) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.workspace, self.citizen_id, self.meeting_id = workspace, citizen_id, meeting_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield SimilarRulingsPanel(self.workspace, self.citizen_id, self.meeting_id)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#similar-list").focus()


async def test_similar_rulings_are_suggested_with_reasons_and_attached(world: World) -> None:
    app = ScreenApp(world.workspace(),
                    lambda workspace: PanelHost(workspace, world.citizen_id, world.meeting_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        host = await opened(pilot, PanelHost)
        panel = host.query_one(SimilarRulingsPanel)
        text = " ".join(" ".join(text_of(part).split()) for part in panel.children if part.display)
        assert text.startswith("Lignende afgørelser 30-19 Sygedagpenge – forlængelse – venter "
                               "på operation · Samme målgruppe: sygedagpengemodtager")
        statement_words = text.split("Ord fra erklæringer: ")[1].split(" 12-21 ")[0]
        assert "diskusprolaps" in statement_words and "operation" in statement_words
        assert "P-11-09" not in text  # replaced by 12-21
        await pilot.press("enter")
        reader = await opened(pilot, RulingScreen)
        assert reader_text(reader).startswith("30-19")
        await pilot.press("escape")
        await settled(pilot)
        await pilot.press("down", "ctrl+l")
        await settled(pilot)
        second = panel.query_one(OptionList).highlighted_option.prompt.plain.split()[0]
        assert attached(world) == [(second, True)]
        assert notified(app) == [
            f"Afgørelse {second} er knyttet til mødet og er punkt 1 på dagsordenen."]


async def test_a_case_with_nothing_to_go_by_says_so(world: World) -> None:
    with world.session() as session:
        from prepdesk.data.models import Citizen

        empty = Citizen(cpr="010101-0001", first_name="Ny", last_name="Borger",
                        search_name="ny borger", team_id=world.mette.team_id)
        session.add(empty)
        session.commit()
        empty_id = empty.id
    app = ScreenApp(world.workspace(), lambda workspace: PanelHost(workspace, empty_id, None))
    async with app.run_test(size=SIZE) as pilot:
        host = await opened(pilot, PanelHost)
        assert text_of(host.query_one("#similar-status")).startswith(
            "Ingen lignende afgørelser: sagen har endnu ingen målgruppe")
        assert not host.query_one("#similar-list").display


# --- the import from the app ----------------------------------------------------------------


def write_rulings(path: Path) -> Path:
    lines = [
        {"number": "3-24", "title": "Seniorpension – arbejdsevne – [bold]nedslidning",
         "decided_on": "2024-02-20", "law": "Lov om social pension", "outcome": "ændret",
         "summary": "Seniorpension tilkendes, når arbejdsevnen er højst 15 timer."},
        {"number": "4-24", "decided_on": "2024-03-01"},  # no title
        {"number": "5-24", "title": "Mentor – støttebehov", "decided_on": "2024-04-02",
         "outcome": "hjemvist"},
    ]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n",
                    encoding="utf-8")
    return path


def import_app(world: World) -> ScreenApp:
    return ScreenApp(world.workspace(), RulingImportScreen)


async def start_import(pilot: Pilot, path: Path | str) -> RulingImportScreen:
    screen = pilot.app.screen
    field = screen.query_one("#import-path")
    field.value = ""
    field.focus()
    await paste_text(pilot, str(path))
    await pilot.press("enter")
    await settled(pilot)
    return screen


def errors_shown(screen: RulingImportScreen) -> list[tuple[str, ...]]:
    table = screen.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(row)) for row in range(table.row_count)]


async def test_the_import_shows_its_progress_and_a_report(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_rulings(tmp_path / "afgørelser.jsonl")
    steps: list[tuple[str, float]] = []
    show = RulingImportScreen._show_progress
    monkeypatch.setattr(RulingImportScreen, "_show_progress",
                        lambda self, step, fraction: (steps.append((step, fraction)),
                                                      show(self, step, fraction)))
    app = import_app(world)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot, RulingImportScreen)
        await start_import(pilot, path)
        assert text_of(screen.query_one("#import-summary")) == (
            "Intet blev importeret: 1 linje har fejl. Ret den i filen, eller slå »Spring "
            "ugyldige linjer over« til for at importere de gyldige afgørelser.")
        assert errors_shown(screen) == [("2", "title", "Feltet skal udfyldes.")]
        assert any(0 < fraction < 1 for _, fraction in steps)  # fed as the file is read
        assert steps[-1] == ("Tjekker afgørelser.jsonl", 1.0)

        screen.query_one("#import-skip").focus()
        await pilot.press("enter")  # the switch takes Enter: nothing is imported yet
        await settled(pilot)
        assert screen.query_one("#import-skip").value is True
        steps.clear()
        await start_import(pilot, path)
        assert text_of(screen.query_one("#import-summary")) == (
            "Afgørelser importeret: 2 nye, 0 ændrede, 0 uændrede. 1 linje med fejl blev "
            "sprunget over.")
        assert screen.query_one(ProgressBar).progress == 100
        assert steps[-1] == ("Importerer afgørelser.jsonl", 1.0)
        assert errors_shown(screen) == [("2", "title", "Feltet skal udfyldes.")]
        assert notified(app) == []

        # The library is read again: the new rulings are found.
        app.push_screen(RulingsScreen(world.workspace()))
        rulings = await opened(pilot)
        await search(pilot, "seniorpension nedslidning")
        assert listed(rulings) == ["3-24"]
        assert "[bold]nedslidning" in text_of(rulings.query_one("#rulings-results"))


@pytest.mark.parametrize(("typed", "said"), [
    ("findes-ikke.jsonl", "Der findes ingen fil {tmp}/findes-ikke.jsonl. Tjek stavemåden, "
                          "eller skriv hele stien, fx /home/mette/afgørelser.jsonl."),
    ("", "{tmp} er en mappe. Skriv stien til en .jsonl- eller .csv-fil i den."),
    ("noter.txt", "PrepDesk importerer afgørelser fra .jsonl- og .csv-filer; {tmp}/noter.txt "
                  "er ingen af delene. Se docs/rulings-format.md."),
])
async def test_a_wrong_file_gets_a_danish_sentence(
    world: World, tmp_path: Path, typed: str, said: str,
) -> None:
    (tmp_path / "noter.txt").write_text("[/] ikke afgørelser", encoding="utf-8")
    app = import_app(world)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot, RulingImportScreen)
        await start_import(pilot, tmp_path / typed if typed else tmp_path)
        sentence = said.format(tmp=tmp_path)
        assert text_of(screen.query_one("#import-summary")) == sentence
        assert problem(screen) == "⚠ " + sentence
        assert notified(app) == []
        assert not screen.query_one(DataTable).display


async def test_an_empty_path_asks_for_one(world: World) -> None:
    app = import_app(world)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot, RulingImportScreen)
        screen.query_one("#import-path").focus()
        await pilot.press("enter")
        await settled(pilot)
        assert text_of(screen.query_one("#import-summary", Static)) == (
            "Skriv stien til den fil, der skal importeres.")


async def test_attaching_to_a_meeting_deleted_meanwhile_is_said_in_the_problem_bar(
    world: World,
) -> None:
    from prepdesk.data.models import Meeting

    app = rulings_app(world, meeting=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        await search(pilot, "30-19")
        with world.session() as session:  # a colleague deletes the meeting meanwhile
            session.delete(session.get(Meeting, world.meeting_id))
            session.commit()
        await pilot.press("ctrl+g")
        await settled(pilot)
        assert problem(screen) == "⚠ Mødet findes ikke længere. Gå tilbage, og vælg det igen."
        assert notified(app) == []
    assert app.return_code in (None, 0)
