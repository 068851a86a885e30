"""The first screen paints before the heavy libraries are imported (shared/DESIGN.md,
"Start fast").

A fresh interpreter does what `prepdesk` does up to the first paint: import the CLI, the
app and the workspace opener, start the app and mount the loading screen, with an
`open_workspace` that waits, so only the UI's own imports count. Then it lists which of
the heavy modules are loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = [
    "sqlalchemy", "sqlmodel", "alembic", "keyring", "pydantic", "pydantic_settings",
    "faker", "jinja2", "babel", "psycopg", "rapidfuzz",
]

PROBE = """
import asyncio, json, sys, threading
from functools import partial

import prepdesk.cli  # noqa: F401  (what the `prepdesk` command imports first)
import prepdesk.workspace
from prepdesk.app import PrepDeskApp
from prepdesk.errors import UserError
from prepdesk.screens.loading import LoadingScreen

release = threading.Event()

def waiting(progress, **options):
    release.wait(10)
    raise UserError("stop")

async def main():
    # Built as the CLI builds it, with the real opener swapped for one that waits.
    prepdesk.workspace.open_workspace = waiting
    app = PrepDeskApp(
        open_workspace=partial(prepdesk.workspace.open_workspace, demo=True),
        theme_name="prepdesk-light",
    )
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen), app.screen
        assert app.screen.query_one("#loading-step").render_line(0).text.strip()
        loaded = sorted({name.split(".")[0] for name in sys.modules} & NAMES)
        release.set()
    print(json.dumps(loaded))

NAMES = set(sys.argv[1:])
asyncio.run(main())
"""


def modules_loaded_at_first_paint(names: list[str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *names], capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_first_paint_imports_no_heavy_module() -> None:
    assert modules_loaded_at_first_paint(HEAVY) == []


def test_the_probe_sees_what_the_first_paint_imports() -> None:
    # Guards the test above: the probe must report a module the UI does import.
    assert "textual" in modules_loaded_at_first_paint(["textual", *HEAVY])
