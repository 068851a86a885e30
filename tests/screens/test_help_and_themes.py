"""Help lists the keys of the screen you are on; themes are data files and are remembered."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from support.apps import make_app
from support.desk import FakeCitizenFile, desk, fake_citizen_file
from support.people import SIZE
from support.pilot import on_my_day, rendered, settled, until
from textual.color import Color
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from prepdesk.paths import config_file_path
from prepdesk.screens.citizen_search import CitizenSearchScreen
from prepdesk.screens.help import HelpScreen, key_display
from prepdesk.screens.my_day import MyDayScreen
from prepdesk.theme_files import THEME_DIR, ThemeFileError, load_themes, read_theme


def help_content(screen: HelpScreen) -> dict[str, list[str]]:
    """Group title -> lines of "keys | command | help"."""
    groups: dict[str, list[str]] = {}
    for widget in screen.query_one("#help-lines").children:
        if isinstance(widget, Static):
            lines = groups[rendered(widget).strip()] = []
        else:
            lines.append(" | ".join(" ".join(rendered(cell).split())
                                    for cell in widget.query(Static)))
    return groups


async def open_help(pilot: Pilot, key: str = "f1") -> HelpScreen:
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    await pilot.pause()
    return pilot.app.screen


# --- help --------------------------------------------------------------------------------

async def test_help_lists_my_days_keys_in_groups(db_url: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        groups = help_content(await open_help(pilot))
    assert list(groups) == ["På denne skærm", "Overalt i PrepDesk", "I felter og lister"]
    assert groups["På denne skærm"] == [
        "Enter | Åbn | Åbn det valgte møde eller den valgte henvendelse i borgerens sag, "
        "referatet der venter på godkendelse eller rettelse, eller den valgte praksisændring.",
        "p | Forbered | Forbered det valgte møde: tjeklisten, dagsordenen og indkaldelsen.",
        "m | Referat | Skriv referat af det valgte møde.",
        "n | Nyt møde | Planlæg et møde med den valgte borger.",
        "r, Ctrl+R, F5 | Opdater | Hent min dag igen.",
        "g | Givet på anden vis | Registrér, at borgeren fik det valgte referat på anden vis: "
        "udleveret personligt, med posten eller med Digital Post.",  # labels.handed_over
        "a | Registrér svar | Registrér det svar, borgeren gav dig på det valgte referat: "
        "godkendt eller borgerens rettelser.",
        "s | Send igen | Send det valgte brev, der ikke kom af sted, igen, når det, der stoppede "
        "det, er rettet.",
        "u | Udleveret | Skriv, at den valgte anmodning om aktindsigt er besvaret, og hvordan "
        "borgeren fik den.",
    ]
    everywhere = [line.split(" | ")[:2] for line in groups["Overalt i PrepDesk"]]
    # No "Tilbage": my day is where Escape ends.
    assert everywhere == [["Ctrl+F", "Find borger"], ["F1, ?", "Hjælp"], ["Ctrl+N", "Journalnotat"],
                          ["F2", "Afgørelser"], ["F3", "Praksisændringer"], ["F7", "Teamets tal"],
                          ["Ctrl+T", "Skift tema"], ["q", "Afslut"], ["Ctrl+P", "Kommandoer"]]
    assert groups["I felter og lister"][0] == "Tab | Næste felt | Gå til næste felt."


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_f1_and_question_mark_open_help_and_escape_or_f1_close_it(db_url: str,
                                                                        key: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        home = await on_my_day(pilot)
        await open_help(pilot, key)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is home
        await open_help(pilot, key)
        await pilot.press("f1")
        await pilot.pause()
        assert pilot.app.screen is home


async def test_help_in_a_dialog_lists_only_the_keys_that_work_there(db_url: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(pilot.app.screen, CitizenSearchScreen))
        groups = help_content(await open_help(pilot))
    keys = {group: [line.split(" | ")[0] for line in lines] for group, lines in groups.items()}
    assert keys["På denne skærm"] == ["Enter", "Esc", "↓", "↑"]
    # No q in a search field; the priority keys work even there.
    assert keys["Overalt i PrepDesk"] == ["Ctrl+F", "F1", "Ctrl+N", "Ctrl+P"]


async def test_help_on_a_pushed_screen_lists_escape_to_go_back(db_url: str, monkeypatch) -> None:
    fake_citizen_file(monkeypatch)
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, FakeCitizenFile))
        groups = help_content(await open_help(pilot))
    assert "Esc | Tilbage | Gå tilbage til det forrige skærmbillede." in groups["Overalt i PrepDesk"]


async def test_help_shows_a_remapped_key(db_url: str) -> None:
    app = make_app(desk(db_url).workspace)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        app.set_keymap({"my_day.refresh": "ctrl+r", "app.find_citizen": "ctrl+b"})
        groups = help_content(await open_help(pilot))
    assert groups["På denne skærm"][4].startswith("Ctrl+R | Opdater")
    assert groups["Overalt i PrepDesk"][0].startswith("Ctrl+B | Find borger")


@pytest.mark.parametrize(("key", "shown"), [
    ("ctrl+f", "Ctrl+F"), ("f5", "F5"), ("question_mark", "?"), ("escape", "Esc"),
    ("enter", "Enter"), ("shift+tab", "Shift+Tab"), ("r", "r"), ("space", "Mellemrum"),
])
def test_keys_are_named_as_on_the_keyboard(key: str, shown: str) -> None:
    assert key_display(key) == shown


# --- themes ------------------------------------------------------------------------------

def test_the_three_themes_are_data_files_inside_the_package() -> None:
    themes = {theme.name: theme for theme in load_themes()}
    assert set(themes) == {"prepdesk-light", "prepdesk-dark", "prepdesk-high-contrast"}
    assert not themes["prepdesk-light"].dark and themes["prepdesk-dark"].dark
    for theme in themes.values():
        theme.to_color_system().generate()  # every colour parses


def _contrast(foreground: str, background: str) -> float:
    def luminance(colour: Color) -> float:
        channels = [c / 255 for c in colour.rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(Color.parse(foreground)),
                          luminance(Color.parse(background))], reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("name", "minimum"), [("prepdesk-light", 4.5), ("prepdesk-dark", 4.5),
                                                ("prepdesk-high-contrast", 7.0)])
def test_text_and_states_are_readable_on_every_background(name: str, minimum: float) -> None:
    theme = next(theme for theme in load_themes() if theme.name == name)
    colours = {**theme.to_color_system().generate(), **theme.variables}
    for text in ("foreground", "text-primary", "text-success", "text-warning", "text-error"):
        for background in ("background", "surface", "panel", "block-cursor-background"):
            assert _contrast(colours[text], colours[background]) >= minimum, (text, background)


def test_high_contrast_dims_nothing() -> None:
    theme = read_theme(THEME_DIR / "prepdesk-high-contrast.toml")
    assert theme.variables["text-muted"] == theme.foreground
    # The cursor row shows without colour.
    assert "underline" in theme.variables["block-cursor-text-style"]


@pytest.mark.parametrize(("content", "problem"), [
    ('name = "x"\ndark = true\n', "missing keys"),
    ('name = "x"\ndark = true\nblinking = true\n', "unknown keys"),
])
def test_a_broken_theme_file_is_refused(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ThemeFileError, match=problem):
        read_theme(path)


@pytest.mark.parametrize(("configured", "used"), [("prepdesk-dark", "prepdesk-dark"),
                                                  ("no-such-theme", "prepdesk-light")])
async def test_the_configured_theme_is_used_and_an_unknown_one_falls_back(
        db_url: str, configured: str, used: str) -> None:
    app = make_app(desk(db_url, empty=True).workspace, theme=configured)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        assert app.theme == used


async def choose_theme(pilot: Pilot, title: str) -> None:
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*"Skift tema")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette)
                and "tema" in pilot.app.screen.query_one("Input").placeholder)
    await pilot.press(*title)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
    await settled(pilot)


@pytest.mark.parametrize(("title", "name"), [("Høj kontrast", "prepdesk-high-contrast"),
                                             ("Mørkt", "prepdesk-dark")])
async def test_switch_theme_from_the_palette_is_remembered(db_url: str, title: str,
                                                           name: str) -> None:
    app = make_app(desk(db_url, empty=True).workspace)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await choose_theme(pilot, title)
        assert app.theme == name
    config = tomllib.loads(config_file_path().read_text(encoding="utf-8"))
    assert config == {"theme": name}


async def test_a_theme_that_cannot_be_saved_is_still_used_and_the_user_is_told(
        db_url: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PREPDESK_CONFIG", str(tmp_path))  # a folder: writing fails
    app = make_app(desk(db_url, empty=True).workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await on_my_day(pilot)
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
        await pilot.press(*"Mørkt")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settled(pilot)
        assert app.theme == "prepdesk-dark"
        [notification] = app._notifications
        assert notification.message.startswith(f"Temaet bruges nu, men det kunne ikke gemmes i "
                                               f"{tmp_path}")


def test_help_in_high_contrast_looks_right(snap_compare, tmp_path) -> None:
    the_desk = desk(f"sqlite:///{tmp_path / 'snapshot.sqlite'}", demo="small")

    async def run_before(pilot: Pilot) -> None:
        await on_my_day(pilot)
        await open_help(pilot)

    app = make_app(the_desk.workspace, theme="prepdesk-high-contrast")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
