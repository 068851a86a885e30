"""Starting PrepDesk: the loading screen, the start screen (my day), quitting and errors."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime
from types import SimpleNamespace

import pytest
from support.no_database import without_a_database
from support.pilot import rendered, until
from textual.pilot import Pilot
from textual.widgets import ProgressBar
from textual.worker import WorkerFailed

from prepdesk.app import PrepDeskApp
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser, Progress
from prepdesk.errors import UserError
from prepdesk.screens.loading import LoadingScreen
from prepdesk.screens.my_day import MyDayScreen, describe_database

SIZE = (100, 24)
DATABASE_URL = "sqlite:////srv/prepdesk/prepdesk.sqlite"


def user(name: str = "Mette Kjær Hansen", role: str = "team_lead") -> CurrentUser:
    return CurrentUser(
        id=1, name=name, role=role, team_id=1, team_name="Team Nord",
        email="mkh@jobcenter.invalid", phone="12 34 56 78",
    )


def workspace(current: CurrentUser | None = None, *, demo: bool = False) -> Context:
    settings = SimpleNamespace(resolved_database_url=lambda demo=False: DATABASE_URL,
                               approval_reminder_days=7)
    return Context(sessions=nullcontext, user=current or user(), settings=settings, demo=demo,
                     clock=lambda: datetime(2026, 11, 23, 8, 0, tzinfo=LOCAL_TIMEZONE))


@pytest.fixture(autouse=True)
def empty_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """No database behind these workspaces: an empty day, an empty citizen index and an
    outbox with nothing to send."""
    without_a_database(monkeypatch)


def opens(result: Context) -> Callable[[Progress], Context]:
    return lambda progress: result


def make_app(open_workspace: Callable[[Progress], Context], theme: str = "prepdesk-light"):
    return PrepDeskApp(open_workspace=open_workspace, theme_name=theme)


class Gate:
    """A fake open_workspace that reports one step, then waits until the test opens it."""

    def __init__(self, result: Context | Exception, step: str = "Bygger demodata …") -> None:
        self.result = result
        self.step = step
        self.opened = threading.Event()

    def __call__(self, progress: Progress) -> Context:
        progress(self.step, 0.5)
        assert self.opened.wait(10), "the test never opened the gate"
        if isinstance(self.result, Exception):
            raise self.result
        return self.result




async def loaded(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
    await pilot.pause()


async def test_the_loading_screen_paints_and_shows_progress() -> None:
    gate = Gate(workspace())
    app = make_app(gate)
    async with app.run_test(size=SIZE) as pilot:
        try:
            await pilot.pause()
            assert isinstance(app.screen, LoadingScreen)
            assert "PrepDesk" in rendered(app.screen.query_one("#loading-title"))
            step = app.screen.query_one("#loading-step")
            await until(pilot, lambda: "Bygger demodata" in rendered(step))
            assert app.screen.query_one(ProgressBar).progress == 0.5
        finally:
            gate.opened.set()
        await loaded(pilot)


async def test_the_start_screen_shows_who_is_working() -> None:
    app = make_app(opens(workspace(user(role="team_lead"))))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        header = rendered(app.screen.query_one("HeaderTitle"))
        assert "Mette Kjær Hansen · teamleder · Team Nord" in header
        welcome = rendered(app.screen.query_one("#welcome"))
        assert "Velkommen, Mette Kjær Hansen" in welcome
        assert "/srv/prepdesk/prepdesk.sqlite" in welcome


@pytest.mark.parametrize(
    ("role", "danish"),
    [("caseworker", "sagsbehandler"), ("team_lead", "teamleder"), ("admin", "administrator")],
)
async def test_the_role_is_named_in_danish(role: str, danish: str) -> None:
    app = make_app(opens(workspace(user(role=role))))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert f"· {danish} ·" in app.sub_title


async def test_the_demo_says_so() -> None:
    app = make_app(opens(workspace(demo=True)))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "demodata" in rendered(app.screen.query_one("#welcome"))


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quitting_returns_code_0(key: str) -> None:
    app = make_app(opens(workspace()))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == 0


async def test_quitting_while_loading_stops_the_loading() -> None:
    abandoned = threading.Event()

    def slow(progress: Progress) -> Context:
        try:
            for step in range(500):
                progress(f"Trin {step}", step / 500)
                time.sleep(0.02)
        except BaseException:
            abandoned.set()
            raise
        raise AssertionError("the loading ran to the end")

    app = make_app(slow)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        await pilot.press("q")
    assert app.return_code == 0
    assert abandoned.wait(2)


async def test_a_user_error_ends_the_app_with_the_sentence_and_code_2(capsys) -> None:
    sentence = ("Konfigurationsfilen /home/mkh/.config/prepdesk/en/meget/lang/sti/config.toml "
                "er ikke gyldig TOML. Ret filen :smile: [bold]og prøv igen.")
    gate = Gate(UserError(sentence))
    app = make_app(gate)
    async with app.run_test(size=SIZE) as pilot:
        gate.opened.set()
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2
    assert sentence in capsys.readouterr().err  # literal, and on one line


async def test_any_other_error_is_a_bug_that_textual_shows() -> None:
    gate = Gate(RuntimeError("a bug"))
    gate.opened.set()
    app = make_app(gate)
    with pytest.raises(WorkerFailed):
        async with app.run_test(size=SIZE) as pilot:
            # Until the app ends: on a loaded machine the worker may not have started when a
            # wait for the workers begins, and the wait would return at once.
            await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 1


HOSTILE_NAME = "[bold]Ole[/] [@click=app.quit]x[/] \x1b]0;title\x07\x1b[2J\x9b [/"


async def test_a_hostile_name_is_shown_literally() -> None:
    app = make_app(opens(workspace(user(name=HOSTILE_NAME))))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        literal = "[bold]Ole[/] [@click=app.quit]x[/] ]0;title[2J [/"
        assert literal in rendered(app.screen.query_one("HeaderTitle"))
        assert literal in rendered(app.screen.query_one("#welcome")).replace("\n", "")
        app.action_help_quit()  # a notification over the hostile text
        await pilot.pause()


async def test_ctrl_c_tells_how_to_quit_in_danish() -> None:
    app = make_app(opens(workspace()))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["Tryk på q for at afslutte PrepDesk."]


async def test_the_palette_offers_the_commands_in_danish() -> None:
    app = make_app(opens(workspace()))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
    assert titles == ["Find borger", "Hjælp", "Journalnotat", "Afgørelser", "Praksisændringer",
                      "Importér afgørelser", "Opfølgningsrapporter", "Teamets tal",
                      "Teamets arbejdsbyrde", "Skift tema", "Afslut", "Opdater"]


@pytest.mark.parametrize(("theme", "used"), [("textual-dark", "textual-dark"),
                                              ("no-such-theme", "prepdesk-light")])
async def test_an_unknown_theme_falls_back_to_prepdesks_light_one(theme: str, used: str) -> None:
    app = make_app(opens(workspace()), theme=theme)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.theme == used


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("sqlite:////home/mkh/.local/share/prepdesk/prepdesk.sqlite",
         "/home/mkh/.local/share/prepdesk/prepdesk.sqlite"),
        ("sqlite:///relative.sqlite", "relative.sqlite"),
        ("postgresql+psycopg://mkh:secret@db.kommune.invalid:5432/prepdesk",
         "db.kommune.invalid/prepdesk"),
    ],
)
def test_the_database_is_described_without_credentials(url: str, shown: str) -> None:
    assert describe_database(url) == shown


def test_the_start_screen_looks_right(snap_compare) -> None:
    async def run_before(pilot: Pilot) -> None:
        await loaded(pilot)

    app = make_app(opens(workspace(user(role="caseworker"))))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_the_loading_screen_is_let_go_once_my_day_shows() -> None:
    """Its widgets and their line caches were kept for the app's life (issue 17)."""
    import gc
    import weakref

    gate = Gate(workspace())
    app = make_app(gate)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        loading = weakref.ref(app.screen)
        assert isinstance(loading(), LoadingScreen)
        gate.opened.set()
        await loaded(pilot)
        gc.collect()
        assert loading() is None
