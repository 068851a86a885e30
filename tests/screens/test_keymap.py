"""Keys remapped in the config by their binding ids, and the palette in Danish (issue 11,
item 17)."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime
from types import SimpleNamespace

import pytest
from support.no_database import without_a_database
from support.pilot import until
from textual.command import CommandList

from prepdesk.app import APP_COMMANDS, Palette, PrepDeskApp
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.keymap import binding_ids, is_key, read_keymap
from prepdesk.screens.help import HelpScreen
from prepdesk.screens.my_day import MyDayScreen

SIZE = (100, 24)


@pytest.fixture(autouse=True)
def empty_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """No database behind the workspace: an empty day and nothing to send."""
    without_a_database(monkeypatch)


def app_with_keys(keys: dict[str, str]) -> PrepDeskApp:
    user = CurrentUser(id=1, name="Mette Kjær", role="caseworker", team_id=1, team_name="Nord",
                       email="mkj@fjordby.example", phone="72 10 20 30")
    settings = SimpleNamespace(resolved_database_url=lambda demo=False: "sqlite:///x.sqlite",
                               approval_reminder_days=7, keys=keys)
    ctx = Context(sessions=nullcontext, user=user, settings=settings, demo=None,
                  clock=lambda: datetime(2026, 11, 23, 8, 0, tzinfo=LOCAL_TIMEZONE))
    return PrepDeskApp(open_workspace=lambda progress: ctx, theme_name="prepdesk-light")


async def test_a_remapped_key_works_and_the_old_one_does_not() -> None:
    app = app_with_keys({"app.help": "f5"})
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MyDayScreen))
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert not list(app._notifications)


async def test_a_wrong_entry_is_a_danish_sentence_and_the_rest_still_works() -> None:
    app = app_with_keys({"app.find_citzen": "f6", "app.help": "ctrl+nothing", "app.rulings": "f7"})
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MyDayScreen))
        messages = [notification.message for notification in app._notifications]
        assert ("Tastindstillingen “app.find_citzen” i [keys] er ikke id’et på noget, PrepDesk "
                "gør. Mente du “app.find_citizen”? Ret den i konfigurationsfilen.") in messages
        assert any("“app.help” = “ctrl+nothing”" in message and "“ctrl+nothing”" in message
                   for message in messages)
        await pilot.press("f1")  # its own key still works
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))


def test_every_app_command_has_a_known_id() -> None:
    ids = binding_ids()
    assert {command.id for command in APP_COMMANDS} <= ids
    assert {"my_day.open", "meeting.finish", "letter.save", "timeline.open", "question.yes"} <= ids


@pytest.mark.parametrize("key", ["f2", "ctrl+s", "shift+tab", "question_mark", "ø", "space",
                                 "ctrl+shift+up", "slash", "pagedown", "f24", "§", "comma",
                                 "alt+ctrl+delete"])
def test_keys_textual_knows(key: str) -> None:
    assert is_key(key)


@pytest.mark.parametrize("key", ["", "ctrl+", "strg+s", "f99x", "ctrl+nothing", " ", "+",
                                 "banana",  # a character's name (🍌) no keyboard has
                                 "section_sign",  # § is written as itself
                                 "ctrl+ctrl+q", "f25",
                                 # Textual reports modifiers in the alphabet's order only
                                 "ctrl+alt+delete", "ctrl+alt+shift+super+hyper+meta+x"])
def test_keys_that_are_no_keys(key: str) -> None:
    assert not is_key(key)


def test_a_key_with_its_modifiers_twice_or_out_of_order_gets_a_suggestion() -> None:
    keymap = read_keymap({"app.help": "ctrl+ctrl+q", "app.quit": "q, ctrl+alt+x"},
                         known={"app.help", "app.quit"})
    assert keymap.keys == {}  # both left out: their default keys stay
    assert keymap.problems == (
        "Tastindstillingen “app.help” = “ctrl+ctrl+q” i [keys] har en tast, PrepDesk ikke "
        "kender: “ctrl+ctrl+q”. Mente du “ctrl+q”? Ret den i konfigurationsfilen.",
        "Tastindstillingen “app.quit” = “q, ctrl+alt+x” i [keys] har en tast, PrepDesk ikke "
        "kender: “ctrl+alt+x”. Mente du “alt+ctrl+x”? Ret den i konfigurationsfilen.")


async def test_a_name_that_is_no_key_is_said_at_start_and_the_default_key_still_works() -> None:
    app = app_with_keys({"app.help": "banana"})
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MyDayScreen))
        messages = [notification.message for notification in app._notifications]
        assert ("Tastindstillingen “app.help” = “banana” i [keys] har en tast, PrepDesk ikke "
                "kender: “banana”. Skriv taster som f2, ctrl+s eller shift+tab, flere adskilt af "
                "komma. Ret den i konfigurationsfilen.") in messages
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))


def test_several_keys_for_one_command() -> None:
    keymap = read_keymap({"app.quit": "q, ctrl+w"}, known={"app.quit"})
    assert (keymap.keys, keymap.problems) == ({"app.quit": "q,ctrl+w"}, ())


async def test_the_palette_says_no_matches_in_danish() -> None:
    app = app_with_keys({})
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MyDayScreen))
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, Palette))
        await pilot.press(*"zqxzqx")
        options = app.screen.query_one(CommandList)
        await until(pilot, lambda: options.option_count == 1
                    and options.get_option_at_index(0).id == Palette._NO_MATCHES)
        shown = options.get_option_at_index(0).prompt.renderable.plain
        assert shown == "Ingen kommandoer passer"


async def test_the_theme_search_is_the_danish_palette_too() -> None:
    app = app_with_keys({})
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MyDayScreen))
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, Palette))
