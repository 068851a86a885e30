"""Issue 15, item 5 on screen: the preparation's rulings line names what a later import
changed in an attached ruling."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from support.apps import ScreenApp
from support.people import NOW, SIZE
from support.pilot import until
from support.preparation import checklist
from support.rulings import World, build

from prepdesk.data import models as m
from prepdesk.data.importers import import_rulings
from prepdesk.dates import short_date
from prepdesk.screens.preparation import PreparationScreen


@pytest.fixture
def world(sqlite_db_url: str):
    built = build(sqlite_db_url)
    yield built
    built.engine.dispose()


async def test_the_preparation_names_what_an_import_changed_in_an_attached_ruling(
    world: World, tmp_path,
) -> None:
    with world.session() as session:
        session.add(m.MeetingRuling(meeting_id=world.meeting_id, ruling_id=world.ruling_ids["30-19"],
                                    attached_by_id=world.mette.id,
                                    attached_at=NOW - timedelta(days=2)))
        session.commit()
    changed = {"number": "30-19", "title": "Sygedagpenge – forlængelse – ventetid på operation",
               "decided_on": "2019-06-14", "law": "Lov om sygedagpenge", "outcome": "changed",
               "target_group": "Sygedagpengemodtagere", "keywords": ["forlængelse", "operation"],
               "summary": "Sygedagpengene forlænges, når borgeren venter på en operation."}
    path = tmp_path / "rulings.jsonl"
    path.write_text(json.dumps(changed, ensure_ascii=False) + "\n", encoding="utf-8")
    with world.session() as session:
        assert import_rulings(session, path, now=NOW - timedelta(days=1)).updated == 1

    app = ScreenApp(world.workspace(), lambda ctx: PreparationScreen(ctx, world.meeting_id))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PreparationScreen)
                    and pilot.app.screen.prep is not None)
        # The checklist is painted after the preparation arrives.
        await until(pilot, lambda: "Afgørelse 30-19" in " ".join(checklist(pilot.app.screen)))
        line = " ".join(checklist(pilot.app.screen))
        assert (f"Afgørelse 30-19 er ændret ved import {short_date(NOW - timedelta(days=1))}: "
                "titel, resumé. Læs den igen.") in line
