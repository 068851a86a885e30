"""My day reads the week's checklists in a fixed number of SQL statements, however many
meetings the week holds (issue 17, item 1): the rulings line too, with rulings attached,
changed and replaced."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select
from support.statements import statements_sent
from support.world import NOW

from prepdesk.core import practice
from prepdesk.core.my_day import my_day
from prepdesk.core.prep import checklist
from prepdesk.data import models as m
from prepdesk.data.importers import import_rulings

RULING = {"number": "12-22", "title": "Sygedagpenge - revurdering", "decided_on": "16-05-2022",
          "law": "Lov om sygedagpenge", "section": "§ 24", "summary": "Aktuelle oplysninger."}
NEWER = {"number": "3-26", "title": "Sygedagpenge", "decided_on": "2026-01-15",
         "replaces": ["12-22"]}


def imported(world, tmp_path, rows, *, at) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"rulings-{at.timestamp():.0f}.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    with world.sessions() as session:
        assert not import_rulings(session, path, now=at).errors


def statements_of_my_day(world) -> list[str]:  # type: ignore[no-untyped-def]
    _day, sent = statements_sent(world, lambda: my_day(world.ctx()))
    return [statement for statement, _parameters in sent]


def meeting_with_a_ruling(world, ruling_id: int, hours: int) -> int:  # type: ignore[no-untyped-def]
    meeting = m.Meeting(citizen_id=world.citizen.id, caseworker_id=world.me.id, kind="first",
                        starts_at=NOW + timedelta(hours=hours))
    world.session.add(meeting)
    world.session.commit()
    practice.attach_ruling(world.ctx(now=NOW - timedelta(days=2)), meeting.id, ruling_id)
    return meeting.id


def test_the_weeks_checklists_take_the_same_statements_for_one_meeting_or_many(world, tmp_path):
    imported(world, tmp_path, [RULING], at=NOW - timedelta(days=30))
    ruling_id = world.session.exec(select(m.Ruling.id)).one()
    meetings = [meeting_with_a_ruling(world, ruling_id, 3)]
    imported(world, tmp_path, [NEWER], at=NOW - timedelta(days=1))  # replaces 12-22
    few = len(statements_of_my_day(world))
    meetings += [meeting_with_a_ruling(world, ruling_id, 24 * day + 1) for day in (1, 2, 3)]
    statements = statements_of_my_day(world)
    assert len(statements) == few
    # No statement that reads every row of a large table: my day shows what is missing,
    # not which attached rulings an import changed (a scan of every ruling's `replaces`),
    # and a meeting's invitations are found through its citizen (letter has no index on
    # meeting_id; the large demo has 640,000 letters).
    assert not any("ruling.replaces" in statement for statement in statements)
    [invitations] = [statement for statement in statements if "letterversion.body" in statement]
    assert "letter.citizen_id IN" in invitations

    # And each meeting's line is still the one its preparation shows.
    day = my_day(world.ctx())
    shown = {meeting.id: meeting for meeting in [*day.today, *day.later_this_week]}
    for meeting_id in meetings:
        lines = checklist(world.ctx(), meeting_id).items
        assert shown[meeting_id].missing == tuple(i.key for i in lines if i.applies and not i.done)
        rulings = next(i for i in lines if i.key == "rulings")
        assert rulings.done and "12-22 er erstattet af 3-26" in rulings.detail
