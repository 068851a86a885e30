"""Statements in the citizen's file: every word, and read marks per caseworker (R-STMT-1..2)."""

from __future__ import annotations

import pytest
from support.apps import FileApp
from support.citizen_file import World, build_world, opened
from support.people import NOW, SIZE
from support.pilot import settled, text_of, text_under
from textual.pilot import Pilot
from textual.widgets import DataTable

from prepdesk.core.queries import statement_summaries
from prepdesk.screens.citizen_file import CitizenFileScreen
from prepdesk.screens.document import DocumentScreen


@pytest.fixture
def world(db_url: str):
    built = build_world(db_url)
    yield built
    built.close()


def rows(screen: CitizenFileScreen) -> list[list[str]]:
    table = screen.query_one("#statements-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def open_statements(pilot: Pilot) -> CitizenFileScreen:
    screen = await opened(pilot)
    await pilot.press("e")
    await settled(pilot)
    assert screen.query_one("#statements-table").has_focus
    return screen


async def test_the_list_shows_author_dates_conclusion_and_what_is_new_and_unread(
    world: World,
) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statements(pilot)
        assert rows(screen) == [
            ["NY · ikke læst", "20.11.2026\ndateret 18.11.2026",
             "Psykologudtalelse\nEva Friis, autoriseret psykolog", "10 timer\n10 timer om ugen"],
            ["ikke læst", "14.10.2026\ndateret 01.09.2026",
             "Lægeerklæring\nDr. Lund, praktiserende læge", "(ikke angivet)\ntimer ikke angivet"],
        ]


async def test_reading_a_statement_shows_every_word_and_marks_it_read_for_me(
    world: World,
) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statements(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert text_under(app.screen, "#document-facts") == (
            "Skrevet af Eva Friis Fag autoriseret psykolog Dateret 18.11.2026 "
            "Arbejdsevne 10 timer Timer om ugen 10 Skånehensyn Ingen tunge løft")
        assert text_of(app.screen.query_one("#document-text")) == (
            "Første afsnit. Hele udtalelsen slutter her.")
        await pilot.press("escape")
        await settled(pilot)
        assert rows(screen)[0][0] == "læst 23.11.2026 kl. 08.00"
        assert not screen.query("#unread-flag")
    with world.session() as session:
        mine = {s.id: s.read_at
                for s in statement_summaries(session, world.me.id, world.citizen_id, NOW)}
        theirs = {s.id: s.read_at
                  for s in statement_summaries(session, world.other.id, world.citizen_id, NOW)}
    assert mine[world.new_statement_id] is not None and mine[world.old_statement_id] is None
    assert theirs[world.new_statement_id] is None


async def test_a_statement_read_from_the_timeline_is_read_too(world: World) -> None:
    app = FileApp(world.workspace(), world.citizen_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("t", "down", "down", "enter")  # the new statement
        await settled(pilot)
        assert "Psykologudtalelse" in text_of(app.screen.query_one("#document-title"))
        await pilot.press("escape", "e")
        await settled(pilot)
        assert rows(screen)[0][0] == "læst 23.11.2026 kl. 08.00"


def test_a_statement_looks_right(snap_compare, tmp_path) -> None:
    world = build_world(f"sqlite:///{tmp_path / 'file.sqlite'}")
    app = FileApp(world.workspace(), world.citizen_id)

    async def run_before(pilot: Pilot) -> None:
        await open_statements(pilot)
        await pilot.press("enter")
        await settled(pilot)

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    finally:
        world.close()
