"""The ruling library's indexes are shared state (issue 9): one caseworker's app sees the
rulings a colleague imported or changed on the same database, on SQLite and PostgreSQL."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from support.people import NOW

from prepdesk.core.ruling_library import REFRESH_AT_MOST, RulingLibrary
from prepdesk.core.rulings import import_rulings
from prepdesk.core.similar_rulings import similar_rulings
from prepdesk.data import models as m


def ruling(number: str, title: str, **more) -> dict:
    return {"number": number, "title": title, "decided_on": "2024-02-20",
            "law": "Lov om social pension", "outcome": "ændret",
            "summary": "Om arbejdsevnen og kommunens vurdering.", **more}


def write(path: Path, rulings: list[dict]) -> str:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rulings) + "\n",
                    encoding="utf-8")
    return str(path)


def numbers(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.number for hit in hits]


def searched(library: RulingLibrary, ctx, query: str, **filters) -> list[str]:  # type: ignore[no-untyped-def]
    """A search as the screen makes it: the index in hand answers while the library is
    looked at in the background; then the next search sees what was found."""
    library.search_index(ctx)
    library.wait()
    hits = library.search_index(ctx).search(query, **filters)
    library.wait()  # a look this search began is over before the test goes on
    return numbers(hits)


@pytest.fixture
def two_desks(world, tmp_path):
    """Mette's app and Sara's (another team), each with its own library, on one database
    that has one ruling."""
    write(tmp_path / "first.jsonl", [ruling("1-24", "Førtidspension – afprøvning")])
    import_rulings(world.ctx(), str(tmp_path / "first.jsonl"))
    # Sara imports an hour later: each import is stamped with its own time.
    return ((world.ctx(), RulingLibrary(recheck_seconds=0)),
            (world.ctx(world.other, now=NOW + timedelta(hours=1)), RulingLibrary(recheck_seconds=0)))


def test_rulings_a_colleague_imports_are_found(world, two_desks, tmp_path):
    (mine, my_library), (theirs, _their_library) = two_desks
    assert searched(my_library, mine, "seniorpension") == []
    assert len(my_library.search_index(mine)) == 1
    result = import_rulings(theirs, write(tmp_path / "new.jsonl", [
        ruling("2-24", "Seniorpension – nedslidning"), ruling("3-24", "Seniorpension – arbejdsevne")]))
    assert (result.inserted, result.errors) == (2, ())
    assert searched(my_library, mine, "seniorpension") == ["2-24", "3-24"]
    assert "Lov om social pension" in my_library.search_index(mine).choices()["law"]


def test_a_ruling_a_colleague_changes_is_found_as_changed(world, two_desks, tmp_path):
    (mine, my_library), (theirs, _) = two_desks
    assert searched(my_library, mine, "afprøvning") == ["1-24"]
    import_rulings(theirs, write(tmp_path / "changed.jsonl", [
        ruling("1-24", "Førtidspension – åbenbart formålsløst")]))
    assert searched(my_library, mine, "åbenbart formålsløst") == ["1-24"]
    assert searched(my_library, mine, "afprøvning") == []


def test_many_changes_rebuild_the_index_while_the_old_one_answers(world, two_desks, tmp_path):
    (mine, my_library), (theirs, _) = two_desks
    before = my_library.search_index(mine)
    count = REFRESH_AT_MOST + 3
    import_rulings(theirs, write(tmp_path / "many.jsonl", [
        ruling(f"{n}-25", f"Ressourceforløb – sag {n}", decided_on="2025-01-02") for n in range(1, count + 1)]))
    assert my_library.search_index(mine) is before  # answers at once, as it was
    my_library.wait()
    assert len(my_library.search_index(mine)) == count + 1
    assert searched(my_library, mine, "", year=2025)[:2] == ["1-25", "2-25"]


def test_a_ruling_removed_is_not_found(world, two_desks):
    (mine, my_library), _ = two_desks
    assert searched(my_library, mine, "") == ["1-24"]
    world.session.delete(world.session.exec(select(m.Ruling)).one())
    world.session.commit()
    assert searched(my_library, mine, "") == []


def test_the_library_is_looked_at_no_more_often_than_set(world, two_desks, tmp_path):
    (mine, _), (theirs, _) = two_desks
    now = [100.0]
    library = RulingLibrary(recheck_seconds=5, monotonic=lambda: now[0])
    assert searched(library, mine, "seniorpension") == []
    import_rulings(theirs, write(tmp_path / "new.jsonl", [ruling("2-24", "Seniorpension")]))
    now[0] += 4
    assert searched(library, mine, "seniorpension") == []  # not yet looked at again
    library.changed()  # an import made here: looked at now
    assert searched(library, mine, "seniorpension") == ["2-24"]


def test_similar_rulings_see_a_colleagues_import(world, two_desks, tmp_path):
    (mine, my_library), (theirs, _) = two_desks
    world.session.add(m.Statement(
        citizen_id=world.citizen.id, kind="medical", author_name="Dr. Lund", author_profession="læge",
        written_on=date(2026, 11, 1), received_at=world.new_statement.received_at,
        title="Erklæring", body="Borgeren er nedslidt efter mange år som murer; seniorpension."))
    world.session.commit()
    before = similar_rulings(mine, world.citizen.id, library=my_library)
    assert "2-24" not in numbers(before)
    import_rulings(theirs, write(tmp_path / "new.jsonl", [
        ruling("2-24", "Seniorpension – nedslidning", keywords=["seniorpension", "nedslidning"])]))
    similar_rulings(mine, world.citizen.id, library=my_library)
    my_library.wait()
    assert "2-24" in numbers(similar_rulings(mine, world.citizen.id, library=my_library))


def test_warming_builds_the_search_index_before_the_first_search(world, tmp_path):
    """The app warms the library in the background once my day shows (issue 17): the
    first F2 then finds the index built, the same index every later search uses."""
    import_rulings(world.ctx(), write(tmp_path / "one.jsonl", [ruling("1-24", "Seniorpension")]))
    library = RulingLibrary(recheck_seconds=60)
    assert not library.ready
    library.warm(world.ctx())
    assert library.ready
    built = library.search_index(world.ctx())
    assert numbers(built.search("seniorpension")) == ["1-24"]
    assert library.search_index(world.ctx()) is built


def test_warming_with_the_database_away_leaves_the_index_to_the_first_search(world):
    from dataclasses import replace

    from prepdesk.errors import UserError

    def away():
        raise UserError("Databasen svarer ikke.")

    library = RulingLibrary()
    library.warm(replace(world.ctx(), sessions=away))  # said in the log, not raised
    assert not library.ready
