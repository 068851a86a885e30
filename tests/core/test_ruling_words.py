"""The Danish of rulings for the search (issue 15): stems, compounds, the thesaurus, law
and section in a query. No database."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prepdesk.core.ruling_words import (
    LawAndSection,
    law_and_section,
    sections_of,
    split_compound,
    stem,
    thesaurus,
)
from prepdesk.core.search import fold


@pytest.mark.parametrize(("inflected", "base"), [
    ("fleksjobbet", "fleksjob"), ("revurderingen", "revurdering"), ("sanktionerne", "sanktion"),
    ("jobafklaringsforloebet", "jobafklaringsforloeb"), ("12-22", "12-22"), ("d-15-07", "d-15-07"),
])
def test_stems_are_shared_by_the_forms_of_a_word(inflected, base):
    assert stem(inflected) == stem(base)


def test_compounds_split_into_known_words_the_longest_parts_first():
    known = {stem(w) for w in ("sygedagpenge", "forlaengelse", "syge", "digital", "post",
                               "arbejde", "evne")}
    knows = lambda word: stem(word) in known  # noqa: E731
    assert split_compound("sygedagpengeforlaengelse", knows) == ["sygedagpenge", "forlaengelse"]
    assert split_compound("digitalpost", knows) == ["digital", "post"]
    assert split_compound("arbejdsevne", knows) == ["arbejds", "evne"]  # a linking s
    assert split_compound("fleksjob", knows) is None
    assert split_compound("12-22", knows) is None


def test_the_thesaurus_is_data_and_finds_phrases():
    words = thesaurus()
    assert any(("laegeerklaering",) in group for group in words.groups)
    stems = [stem(w) for w in "sygedagpenge laegelige oplysninger".split()]
    [(start, end, others)] = words.synonyms(stems)
    assert (start, end) == (1, 3) and ("laegeerklaering",) in others
    assert words.law_of("Lov om sygedagpenge") == words.law_of("Sygedagpengeloven") == "sygedagpenge"
    assert words.law_of("Lov om noget helt andet") is None


@pytest.mark.parametrize(("query", "laws", "sections", "rest"), [
    ("§ 27", (), ("27",), ""),
    ("sdp § 7", ("sygedagpenge",), ("7",), ""),
    ("lov om sygedagpenge § 24, stk. 2 revurdering", ("sygedagpenge",), ("24",), "revurdering"),
    ("fleksjob lab § 70 b", ("beskaeftigelse",), ("70b",), "fleksjob"),
    ("§27 sygedagpenge", (), ("27",), "sygedagpenge"),
    ("12-22", (), (), "12-22"),
    ("sdpx § x", (), (), "sdpx § x"),
])
def test_law_and_section_are_read_from_a_query(query, laws, sections, rest):
    assert law_and_section(fold(query), thesaurus().laws) == LawAndSection(laws, sections, rest)


@pytest.mark.parametrize(("field", "sections"), [
    ("§ 27, stk. 1, nr. 2", ("27",)), ("§ 70 b", ("70b",)), ("§§ 22 og 24", ("22", "24")),
    ("§ 24 a, stk. 2", ("24a",)), ("", ()), ("stk. 2", ()),
])
def test_the_sections_a_ruling_names(field, sections):
    assert sections_of(field) == sections


@given(st.text(max_size=80))
def test_any_query_is_read_without_error(query):
    found = law_and_section(fold(query), thesaurus().laws)
    assert not re.search(r"§+\s*\d", found.rest)  # every section was read


def test_ruling_numbers_are_not_kept_in_the_stem_cache():
    """100,000 ruling numbers once filled the cache, 12 MB kept for nothing (issue 17)."""
    from prepdesk.core import ruling_words

    cache = getattr(ruling_words, "_stem_word", stem)
    before = cache.cache_info().currsize
    assert [stem(f"{n}-{n % 30:02d}") for n in range(500, 520)][0] == "500-20"
    assert cache.cache_info().currsize == before
    assert stem("e-boksen") == "e-boks" and cache.cache_info().currsize > before


@given(st.lists(st.text(alphabet="abcdefgijklmnoprstuvyæøå-0123 ", max_size=20), max_size=8))
def test_a_query_stems_as_the_index_does(words):
    """A query's own stemmer (forgotten with the query) gives what `stem` gives."""
    from prepdesk.core.ruling_words import query_stemmer

    stem_once = query_stemmer()
    assert [stem_once(word) for word in words * 2] == [stem(word) for word in words * 2]
