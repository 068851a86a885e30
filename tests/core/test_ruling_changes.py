"""Issue 15, item 5: a ruling attached to a meeting and then changed or replaced by an
import is flagged on that meeting's preparation, on SQLite and PostgreSQL."""

import json
from datetime import timedelta

from sqlmodel import select
from support.world import NOW

from prepdesk.core import practice
from prepdesk.core.prep import checklist
from prepdesk.core.ruling_changes import changed_attached_rulings
from prepdesk.data.importers import import_rulings
from prepdesk.data.models import Ruling
from prepdesk.dates import short_date

RULING = {"number": "12-22", "title": "Sygedagpenge - revurdering - forlængelse",
          "decided_on": "16-05-2022", "law": "Lov om sygedagpenge", "section": "§ 24",
          "summary": "Kommunen skal have aktuelle lægelige oplysninger."}


def imported(world, tmp_path, rows, *, at):  # type: ignore[no-untyped-def]
    path = tmp_path / f"rulings-{at.timestamp():.0f}.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                    encoding="utf-8")
    with world.sessions() as session:
        report = import_rulings(session, path, now=at)
    assert not report.errors


def rulings_line(world) -> str:  # type: ignore[no-untyped-def]
    item = next(i for i in checklist(world.ctx(), world.next_meeting.id).items if i.key == "rulings")
    return item.detail


def test_a_ruling_changed_or_replaced_after_it_was_attached_is_flagged(world, tmp_path):
    imported(world, tmp_path, [RULING], at=NOW - timedelta(days=30))
    ruling_id = world.session.exec(select(Ruling.id)).one()
    practice.attach_ruling(world.ctx(now=NOW - timedelta(days=2)), world.next_meeting.id, ruling_id)
    assert changed_attached_rulings(world.ctx(), world.next_meeting.id) == []
    assert rulings_line(world) == "1 afgørelse tilknyttet"

    # The same file again changes nothing; a changed summary is a change.
    imported(world, tmp_path, [RULING], at=NOW - timedelta(days=1))
    assert changed_attached_rulings(world.ctx(), world.next_meeting.id) == []
    imported(world, tmp_path, [RULING | {"summary": "Kommunen skal altid indhente en statusattest."}],
             at=NOW - timedelta(days=1))
    [changed] = changed_attached_rulings(world.ctx(), world.next_meeting.id)
    assert (changed.number, changed.replaced_by) == ("12-22", ())
    assert changed.changed_at == NOW - timedelta(days=1)
    assert changed.fields == ("summary",)
    assert rulings_line(world) == (
        f"1 afgørelse tilknyttet. Afgørelse 12-22 er ændret ved import "
        f"{short_date(NOW - timedelta(days=1))}: resumé. Læs den igen.")

    imported(world, tmp_path, [{"number": "3-26", "title": "Sygedagpenge - revurdering",
                                "decided_on": "2026-01-15", "replaces": ["12-22"]}], at=NOW)
    [changed] = changed_attached_rulings(world.ctx(), world.next_meeting.id)
    assert changed.replaced_by == ("3-26",)
    assert "12-22 er erstattet af 3-26, siden den blev tilknyttet: læs den nyere afgørelse." in (
        rulings_line(world))


def test_what_every_import_since_attaching_changed_is_named_in_reading_order(world, tmp_path):
    imported(world, tmp_path, [RULING], at=NOW - timedelta(days=30))
    ruling_id = world.session.exec(select(Ruling.id)).one()
    # Changed before it was attached: not named.
    imported(world, tmp_path, [RULING | {"law": "Lov om aktiv socialpolitik"}],
             at=NOW - timedelta(days=20))
    practice.attach_ruling(world.ctx(now=NOW - timedelta(days=10)), world.next_meeting.id, ruling_id)
    imported(world, tmp_path, [RULING | {"law": "Lov om aktiv socialpolitik",
                                         "summary": "Kommunen skal indhente en statusattest.",
                                         "keywords": ["statusattest"]}],
             at=NOW - timedelta(days=5))
    imported(world, tmp_path, [RULING | {"law": "Lov om aktiv socialpolitik",
                                         "summary": "Kommunen skal indhente en statusattest.",
                                         "keywords": ["statusattest"],
                                         "title": "Sygedagpenge - revurdering - statusattest"}],
             at=NOW - timedelta(days=1))
    [changed] = changed_attached_rulings(world.ctx(), world.next_meeting.id)
    assert changed.fields == ("title", "keywords", "summary")
    assert changed.changed_at == NOW - timedelta(days=1)
    assert changed.sentence() == (f"Afgørelse 12-22 er ændret ved import "
                                  f"{short_date(NOW - timedelta(days=1))}: titel, nøgleord, resumé. "
                                  "Læs den igen.")
