"""The F4 import with bad files (issue 10, item 6): a CSV with CR line ends imports, a pipe
or a device is refused at once with a sentence and `q` still quits, and a too long title is
reported by line and field in Danish. SQLite only, as every screen test."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from support.apps import ScreenApp
from support.people import SIZE
from support.pilot import paste_text, settled, text_of, until
from support.rulings import World, build
from textual.pilot import Pilot
from textual.widgets import DataTable

from prepdesk.screens.ruling_import import RulingImportScreen


@pytest.fixture
def world(sqlite_db_url: str):
    built = build(sqlite_db_url)
    yield built
    built.engine.dispose()


def write_csv(path: Path, rows: list[list[str]], line_end: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, delimiter=";", lineterminator=line_end).writerows(rows)
    return path


async def import_file(pilot: Pilot, path: Path) -> RulingImportScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, RulingImportScreen)
                and bool(pilot.app.screen.query("#import-path")))
    await settled(pilot)
    screen = pilot.app.screen
    screen.query_one("#import-path").focus()
    await paste_text(pilot, str(path))
    await pilot.press("enter")
    await settled(pilot)
    return screen


def errors_shown(screen: RulingImportScreen) -> list[tuple[str, ...]]:
    table = screen.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(row)) for row in range(table.row_count)]


async def test_a_csv_with_cr_line_ends_imports_and_a_long_title_is_named_in_danish(
    world: World, tmp_path: Path,
) -> None:
    path = write_csv(tmp_path / "afgørelser.csv", [
        ["nummer", "titel", "dato"], ["7-24", "Ledighedsydelse – ferie", "2024-05-02"],
        ["8-24", "x" * 1001, "2024-05-03"], ["9-24", "Fleksjob – løntilskud", "2024-05-04"],
    ], "\r")
    app = ScreenApp(world.workspace(), RulingImportScreen)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await import_file(pilot, path)
        assert errors_shown(screen) == [
            ("3", "titel", "højst 1000 tegn (teksten har 1001). Gør den kortere.")]
        assert text_of(screen.query_one("#import-summary")).startswith("Intet blev importeret")
        screen.query_one("#import-skip").value = True
        screen.query_one("#import-path").value = ""
        await import_file(pilot, path)
        assert text_of(screen.query_one("#import-summary")).startswith(
            "Afgørelser importeret: 2 nye")
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
async def test_a_pipe_or_a_device_is_refused_at_once_and_q_still_quits(
    world: World, tmp_path: Path, kind: str,
) -> None:
    path = tmp_path / ("pipe.csv" if kind == "fifo" else "zero.jsonl")
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    app = ScreenApp(world.workspace(), RulingImportScreen)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await import_file(pilot, path)
            said = text_of(screen.query_one("#import-summary"))
            assert said.startswith(f"{path} er en ") and "ikke en fil" in said
            screen.set_focus(None)
            await pilot.press("q")
            await until(pilot, lambda: app.return_code is not None)
    finally:
        if kind == "fifo":  # an import blocked on the open is let go, and fails the test
            os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK))
    assert app.return_code == 0
