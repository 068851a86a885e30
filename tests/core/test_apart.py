"""A large index is built in a process of its own and handed back whole (core/apart.py,
issue 17): the same index as one built here, never a half one, and no child left behind
when the app closes."""

from __future__ import annotations

import pickle
import threading
import time
from datetime import date
from types import SimpleNamespace

import pytest

from prepdesk.core import apart
from prepdesk.core.ruling_search import RulingIndex, _Rows, _Ruling

RULINGS = [
    (3, "12-21", "Sygedagpenge ophørte ved revurderingen", "sygedagpenge, revurdering",
     "Kommunen skulle have forlænget sygedagpengene efter revurderingen.", "Sygedagpengeloven",
     "§ 27", ()),
    (7, "D-15-07", "Fleksjob og arbejdsevne", "fleksjob",
     "Borgerens arbejdsevne var varigt nedsat; fleksjobbet blev bevilget.", "Beskæftigelsesloven",
     "§ 70 b", ()),
    (9, "5-24", "Ressourceforløb efter fleksjob", "ressourceforløb, fleksjob",
     "Et ressourceforløb var rette indsats.", "Beskæftigelsesloven", "§ 68 a", ("12-21",)),
]


def rows() -> _Rows:
    made = _Rows()
    for rid, number, title, keywords, summary, law, section, replaces in RULINGS:
        ruling = _Ruling(number, title, date(2020 + rid, 3, 1), law, "ændret", "sygemeldte",
                         (section.split()[-1],), replaces)
        made.add(rid, ruling, (title, number, keywords, summary))
    return made


def answers(index: RulingIndex) -> list[list[tuple[str, float, str]]]:
    return [[(hit.number, hit.score, hit.replaced_by) for hit in index.search(query)]
            for query in ("fleksjob", "sygedagpengene revurdering", "arbejdsevne", "12-21",
                          "fleksjb", "", "§ 70 b")]


def test_the_ruling_index_travels_whole() -> None:
    # What the child does with the rows and the parent with the index, in this process:
    # a child importing the ruling search takes a second (the app's big builds only).
    here = RulingIndex._from_rows(rows())
    kind, parts = apart._parts_of(rows())
    sent = pickle.loads(pickle.dumps((kind, parts), protocol=5, buffer_callback=lambda _: True))
    travelled = pickle.loads(pickle.dumps(RulingIndex._from_rows(apart._made_of(*sent))))
    assert answers(travelled) == answers(here)
    assert any(answers(here))  # the queries find something
    assert len(travelled) == len(here) == len(RULINGS)


def test_a_build_in_a_child_hands_back_its_result() -> None:
    text = bytearray("Sygedagpenge ophørte. ".encode() * 4_000)  # sent out of band
    children_before = set(apart._children)
    built = apart.built_apart(vars, SimpleNamespace(blob=text, count=3), at_least=0)
    assert built == {"blob": text, "count": 3}
    assert apart._children == children_before


def test_small_material_is_built_here(monkeypatch) -> None:
    monkeypatch.setattr(apart, "_in_child", lambda *_: pytest.fail("a child for 3 rows"))
    assert len(apart.built_apart(RulingIndex._from_rows, rows(), at_least=4)) == 3


def test_a_build_the_child_cannot_do_is_done_here(caplog) -> None:
    built = apart.built_apart(lambda material: sorted(material), [3, 1, 2], at_least=0)
    assert built == [1, 2, 3]  # a lambda does not pickle: built here, and said in the log
    assert "built in the app's own process" in caplog.text


def test_a_child_that_fails_leaves_the_build_here(caplog) -> None:
    with pytest.raises(ValueError):  # the child failed; built here, it fails as it would
        apart.built_apart(int, "not a number", at_least=0)
    assert "ended with 1" in caplog.text and "ValueError" in caplog.text


def test_closing_the_app_ends_a_build_in_a_child() -> None:
    outcome: list[BaseException] = []

    def build() -> None:
        try:
            apart.built_apart(time.sleep, 120, at_least=0)  # the child waits: a long build
        except BaseException as error:  # noqa: BLE001  (what it raised is the test)
            outcome.append(error)

    thread = threading.Thread(target=build)
    thread.start()
    started = threading.Event()
    while not apart._children and thread.is_alive():
        started.wait(0.01)
    (child,) = apart._children
    apart.stop_children()
    thread.join(10)
    assert not thread.is_alive()
    assert [type(error) for error in outcome] == [apart.Stopped]
    assert child.poll() is not None and not apart._children


def test_the_database_cache_of_a_read_for_an_index_is_given_back(world) -> None:
    """After reading every citizen for the index, SQLite's page cache of the connection
    is emptied (2 MiB at 50,000 citizens, issue 17); PostgreSQL has nothing to give."""
    from prepdesk.core.transaction import reading
    from prepdesk.data.db import release_cache
    from prepdesk.data.models import Citizen

    with reading(world.ctx(world.me)) as session:
        release_cache(session)
        assert session.get(Citizen, world.citizen.id) is not None  # it goes on working
