"""The one way a screen runs core work (ui.run.run_core): the result to the screen, a
problem's sentence in the screen's problem bar, and a bug ends the app non-zero."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from textual.app import App
from textual.widgets import Footer
from textual.worker import WorkerFailed

from prepdesk.errors import Conflict
from prepdesk.ui.problem import ProblemBar
from prepdesk.ui.run import from_thread, run_core
from prepdesk.ui.screen import PrepDeskScreen

HOSTILE = "[/]Mødet blev ændret af [@click=app.quit]Sara\x1b]0;owned\x07 kl. 10.02."


class WithFooter(PrepDeskScreen):
    def compose(self):
        yield Footer()


class Host(App):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []
        self.threads: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(WithFooter())

    def run(self, operation) -> None:  # noqa: A003
        def done(result: object) -> None:
            self.threads.append(threading.current_thread().name)
            self.results.append(result)

        run_core(self.screen, operation, done)


def _bar(app: App) -> ProblemBar:
    return app.screen.query_one(ProblemBar)


async def test_the_result_reaches_the_screen_on_the_apps_thread() -> None:
    app = Host()
    async with app.run_test() as pilot:
        worker_thread: list[str] = []

        def operation() -> int:
            worker_thread.append(threading.current_thread().name)
            return 42

        app.run(operation)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.results == [42]
        assert worker_thread != app.threads  # the operation ran off the app's thread
        assert not _bar(app).display


async def test_a_problem_is_shown_as_literal_text_and_cleared_by_the_next_success() -> None:
    app = Host()
    async with app.run_test() as pilot:
        def refused() -> None:
            raise Conflict(HOSTILE)

        app.run(refused)
        await app.workers.wait_for_complete()
        await pilot.pause()
        bar = _bar(app)
        assert bar.display
        shown = bar.render().plain
        assert "[/]Mødet blev ændret af [@click=app.quit]Sara" in shown
        assert "\x1b" not in shown and app.results == []
        # The bar sits just above the footer, whose keys stay in view.
        last_row = app.screen.size.height - 1
        assert isinstance(app.screen.get_widget_at(0, last_row)[0], Footer)
        assert app.screen.get_widget_at(0, last_row - 1)[0] is bar

        app.run(lambda: "saved")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.results == ["saved"] and not bar.display


async def test_a_bug_ends_the_app_with_a_non_zero_code() -> None:
    app = Host()
    try:
        async with app.run_test() as pilot:
            app.run(lambda: 1 / 0)
            await app.workers.wait_for_complete()
            await pilot.pause()
    except WorkerFailed as failure:  # run_test re-raises the app's error for the test
        assert isinstance(failure.error, ZeroDivisionError)
    assert app.return_code == 1


def _leave_while_working(app: App, leaving: PrepDeskScreen, then: Callable[[], str]):
    """An operation that closes `leaving` (Escape) just before it returns, then does `then`;
    and an event set when it has returned."""
    loop, popped, returned = asyncio.get_running_loop(), threading.Event(), threading.Event()

    def escape() -> None:
        app.pop_screen()
        popped.set()

    def operation() -> str:
        loop.call_soon_threadsafe(escape)
        popped.wait(5)
        result = then()
        returned.set()
        return result

    return operation, returned


async def test_a_result_for_a_screen_on_its_way_out_is_dropped() -> None:
    """Escape closes a screen while its save is in flight: the screen leaves the stack at
    once, its widgets go one by one after. A result arriving meanwhile is not shown: it
    found the screen's widgets half gone and ended the app. Whether the result comes before
    the screen's workers are cancelled is up to the event loop, so the race is run often."""
    app = Host()
    async with app.run_test() as pilot:
        shown = []
        for _ in range(8):
            await app.push_screen(WithFooter())
            leaving = app.screen
            operation, returned = _leave_while_working(app, leaving, lambda: "saved")
            run_core(leaving, operation, shown.append)
            await asyncio.to_thread(returned.wait, 5)
            for _ in range(3):
                await pilot.pause()
            assert leaving not in app.screen_stack
        assert shown == [] and app.return_code in (None, 0)


async def test_progress_from_a_thread_for_a_screen_gone_is_dropped() -> None:
    app = Host()
    async with app.run_test() as pilot:
        progress = []
        await app.push_screen(WithFooter())
        leaving = app.screen
        await asyncio.to_thread(from_thread, leaving, progress.append, "before")
        operation, returned = _leave_while_working(
            app, leaving, lambda: from_thread(leaving, progress.append, "after") or "done")
        run_core(leaving, operation)
        await asyncio.to_thread(returned.wait, 5)
        await pilot.pause()
        assert progress == ["before"]
