"""The ruling index kept in a file and mapped (core/mapped.py, issue 17): the same answers
and scores as the index in the heap, changes still possible, and a file that is not what
the index says is refused, so the app builds the index itself instead."""

from __future__ import annotations

import io
import tempfile
from array import array
from datetime import date
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.ruling_corpus import REAL_RULINGS, demo_like

from prepdesk.core import apart, mapped
from prepdesk.core.ruling_search import RulingIndex, _Rows, _Ruling
from prepdesk.core.ruling_words import sections_of


def _rows() -> _Rows:
    rows = _Rows()
    rulings = [*REAL_RULINGS, *demo_like(300, seed=3)]
    for rid, ruling in enumerate(rulings, start=1):
        decided = ruling["decided_on"]
        if isinstance(decided, str):  # as written: 2022-05-16, 30-05-2005, ...
            decided = date(2000 + rid % 24, 1 + rid % 12, 1 + rid % 28)
        keywords = " ".join(ruling["keywords"])
        made = _Ruling(ruling["number"], ruling["title"], decided, ruling["law"],
                       ruling["outcome"], ruling["target_group"],
                       sections_of(ruling["section"]), tuple(ruling.get("replaces") or ()))
        rows.add(rid * 7, made, (ruling["title"], ruling["number"], keywords, ruling["summary"]))
    return rows


ROWS = _rows()
HEAP = RulingIndex._from_rows(ROWS)


def _mapped(index: RulingIndex, monkeypatch: pytest.MonkeyPatch) -> tuple[RulingIndex, int]:
    """`index` through a file, every array of 8 bytes or more mapped; and the size of
    the pickle that is left."""
    monkeypatch.setattr(mapped, "AT_LEAST", 8)
    pickled, file = io.BytesIO(), tempfile.TemporaryFile()
    mapped.dump(index, pickled, file)
    return mapped.load(pickled.getvalue(), file), len(pickled.getvalue())


def answers(index: RulingIndex, query: str, **filters: object) -> list[tuple]:
    return [(hit.ruling_id, hit.score, hit.number, hit.title, hit.decided_on, hit.law,
             hit.outcome, hit.replaced_by) for hit in index.search(query, **filters)]


WORDS = ["sygedagpenge", "revurdering", "fleksjob", "arbejdsevne", "lægeerklæring",
         "ressourceforløb", "aktindsigt", "§ 27", "12-22", "kontanthjælp", "sygedagpengeforlængelse",
         "forlængelse", "jobafklaring", "uarbejdsdygtighed", "skånehensyn", "ophør"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), st.integers(1, 12),
       st.sampled_from(["", "x", "e"]))
def test_a_mapped_index_finds_what_the_heap_index_finds(words, cut, typo):
    with pytest.MonkeyPatch.context() as monkeypatch:
        index, _ = _mapped(HEAP, monkeypatch)
    query = " ".join(words)
    for typed in (query[:cut] + typo, query, query + typo):  # typing, done, a typo
        assert answers(index, typed) == answers(HEAP, typed)


def test_the_arrays_are_in_the_file_and_filters_and_changes_still_work(monkeypatch):
    index, pickled = _mapped(HEAP, monkeypatch)
    segment = index._text._segments[0]
    assert type(segment.ids[3]) is memoryview and segment.ids[3].readonly
    assert type(index._decided) is memoryview and type(index._titles.blob) is memoryview
    assert pickled < 80_000  # what is left in the heap: the small parts
    assert answers(index, "sygedagpenge")  # it finds something
    choice = {"law": "Lov om sygedagpenge", "year": 2015}
    assert answers(index, "revurdering", **choice) == answers(HEAP, "revurdering", **choice)
    assert answers(index, "", law="Lov om sygedagpenge") == answers(HEAP, "", law="Lov om sygedagpenge")
    # A changed ruling: the index copies what it changes (the map is read-only).
    text = index._text.with_record(7, ("Fleksjob efter ressourceforløb", "1-15", "", ""))
    assert text.search("fleksjob ressourceforløb")[0][0] == 7
    assert text.without_record(7).search("fleksjob ressourceforløb")[0][0] != 7


def test_a_file_that_is_not_the_indexs_is_refused(monkeypatch):
    monkeypatch.setattr(mapped, "AT_LEAST", 8)
    pickled, file = io.BytesIO(), tempfile.TemporaryFile()
    mapped.dump(HEAP, pickled, file)
    file.truncate(file.tell() // 2)  # cut short
    with pytest.raises(ValueError, match="does not hold"):
        mapped.load(pickled.getvalue(), file)
    file.seek(0)
    file.write(b"something else entirely")
    file.flush()
    with pytest.raises(ValueError, match="not one of PrepDesk's"):
        mapped.load(pickled.getvalue(), file)
    with pytest.raises(ValueError, match="empty"):
        mapped.load(pickled.getvalue(), tempfile.TemporaryFile())


def test_a_child_hands_back_its_large_arrays_mapped():
    built = apart.built_apart(partial(array, "i"), range(40_000), at_least=0, mapped=True)
    assert type(built) is memoryview and built.readonly and built.format == "i"
    assert built.tolist() == list(range(40_000))


def test_a_map_that_fails_leaves_the_build_here(monkeypatch, caplog):
    def refused(*_):
        raise ValueError("the index's file is not one of PrepDesk's")

    monkeypatch.setattr(apart, "load_mapped", refused)
    built = apart.built_apart(partial(array, "i"), range(40_000), at_least=0, mapped=True)
    assert type(built) is array and list(built) == list(range(40_000))
    assert "built in the app's own process" in caplog.text


def test_without_a_cache_directory_the_arrays_come_in_the_pickle(monkeypatch):
    monkeypatch.setattr(apart, "unnamed_file", lambda: None)
    built = apart.built_apart(partial(array, "i"), range(40_000), at_least=0, mapped=True)
    assert type(built) is array and list(built) == list(range(40_000))
