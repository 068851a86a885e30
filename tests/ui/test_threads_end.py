"""Every thread ends with the app (issue 17, item 4): when a test's app closes, the
threads the app started have ended and the database's connections are closed, so the
test process ends at once after its summary."""

from __future__ import annotations

import threading
from dataclasses import replace

from support.apps import make_app
from support.desk import desk
from support.people import SIZE
from support.pilot import on_my_day, until

from prepdesk.config import Settings


def started_by_the_app(before: set[threading.Thread]) -> list[threading.Thread]:
    """The threads alive now that were not before, leaving out asyncio's executor, which
    the test's event loop owns and shuts down itself."""
    return [thread for thread in threading.enumerate()
            if thread not in before and thread.is_alive()
            and not thread.name.startswith("asyncio_")]


async def test_the_outbox_and_the_index_end_and_the_engine_closes_with_the_app(
        sqlite_db_url: str) -> None:
    the_desk = desk(sqlite_db_url)
    # Real settings, so that the outbox keeps running while the app is open.
    workspace = replace(the_desk.workspace, settings=Settings(approval_reminder_days=7))
    engine = workspace.sessions.kw["bind"]
    before = set(threading.enumerate())
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        # Started once my day shows its data.
        await until(pilot, lambda: app._citizen_index is not None and app._citizen_index.ready)
        assert any(thread.name.endswith("outbox") for thread in started_by_the_app(before))
        assert engine.pool.checkedin() > 0  # the connections core used are pooled
    assert started_by_the_app(before) == []
    assert engine.pool.checkedin() == 0  # disposed: no connection is left open
