"""The first screen paints before the heavy libraries are imported (shared/DESIGN.md,
"Start fast").

A fresh interpreter does what `prepdesk` does up to the first paint: import the CLI, the
app and the workspace opener, start the app and mount the loading screen, with an
`open_workspace` that waits, so only the UI's own imports count. Then it lists which of
the heavy modules are loaded.
"""

from __future__ import annotations

import json
import os
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


# What showing my day needs, after the first paint: its screen and core, the data layer and
# the calendar, and the search indexes built in the background. Not these (issue 17, item
# 1): Alembic for a database that is up to date (data/db.py), the demo's builder for a demo
# built today (workspace.py) or its material for the demo's settings (demo/settings.py),
# approval's Jinja2 (core/notes_given.py), the holidays package's other countries
# (core/calendar.py), rapidfuzz, which only a search uses (core/fuzzy_index.py), or the
# e-mail package's headers, which only a message being made uses (core/outbox.py), or the
# aktindsigt export's model (core/aktindsigt_export.py), which only an export uses.
NOT_FOR_MY_DAY = ["alembic", "jinja2", "itsdangerous", "faker", "prepdesk.demo.build",
                  "prepdesk.demo.text", "prepdesk.core.approval", "holidays.countries",
                  "rapidfuzz", "email.headerregistry", "email.policy",
                  "prepdesk.core.aktindsigt_export"]

MY_DAY_PROBE = """
import json, sys
from datetime import date

import prepdesk.workspace  # noqa: F401
import prepdesk.screens.my_day  # noqa: F401
import prepdesk.core.citizen_search  # noqa: F401
from prepdesk.config import Settings
from prepdesk.core.calendar import is_working_day
from prepdesk.core.fuzzy_index import FuzzyIndex
from prepdesk.core.ruling_words import stem
from prepdesk.demo.settings import demo_overrides

is_working_day(date(2026, 12, 24))
demo_overrides(Settings(), "small")
FuzzyIndex.build([(1, ("Sygedagpengene ophørte",))], (1.0,), stem=stem)
print(json.dumps(sorted({name for name in sys.argv[1:]
                         if any(module == name or module.startswith(name + ".")
                                for module in sys.modules)})))
"""


def test_my_days_path_imports_only_what_my_day_needs() -> None:
    result = subprocess.run([sys.executable, "-c", MY_DAY_PROBE, *NOT_FOR_MY_DAY, "sqlalchemy"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # sqlalchemy: the probe sees what the path does import.
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["sqlalchemy"]


def test_opening_a_citizens_file_leaves_jinja2_for_the_export() -> None:
    # The file's screen offers the aktindsigt export; Jinja2 (2.7 MiB) comes with the first
    # export, not with every file opened (issue 17, item 3).
    probe = ("import sys, prepdesk.screens.citizen_file, prepdesk.export.aktindsigt; "
             "print('jinja2' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_my_days_modules_make_no_validator_of_cores_models() -> None:
    # The notes' content and the handover dossier are pydantic
    # models: their validators are made when first used (defer_build), not as my day's
    # modules are imported (issue 17, item 1; data/models.py's tables do the same).
    probe = ("import prepdesk.screens.my_day; from pydantic import BaseModel\n"
             "def every(c):\n"
             "    for s in c.__subclasses__():\n"
             "        yield s; yield from every(s)\n"
             "ours = {c for c in every(BaseModel) if c.__module__.startswith('prepdesk.core')}\n"
             "print(len(ours), sum(c.__pydantic_complete__ for c in ours))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    models, made = map(int, result.stdout.split())
    assert models > 10 and made == 0


def test_prepdesk_does_not_look_for_pydantic_plugins() -> None:
    # Looking for them reads the entry points of every installed package when the first
    # validator is made (the settings', before my day): PrepDesk uses none (cli.main).
    probe = ("import importlib.metadata as m, os, sys\n"
             "looked = []\n"
             "real = m.distributions\n"
             "m.distributions = lambda *a, **k: looked.append(1) or real(*a, **k)\n"
             "from prepdesk.cli import main\n"
             "if sys.argv[1] == 'prepdesk':\n"
             "    try:\n"
             "        main(['--help'])\n"
             "    except SystemExit:\n"
             "        pass\n"
             "from pydantic import BaseModel\n"
             "class Checked(BaseModel):\n"
             "    name: str\n"
             "print(len(looked))")
    looked = {}
    for run in ("prepdesk", "bare"):  # bare: the probe sees a look when there is one
        environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
        result = subprocess.run([sys.executable, "-c", probe, run], capture_output=True,
                                text=True, timeout=60, env=environment)
        assert result.returncode == 0, result.stderr
        looked[run] = int(result.stdout.strip().splitlines()[-1])
    assert looked == {"prepdesk": 0, "bare": 1}
