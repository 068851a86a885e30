"""Search the library of appeals rulings as caseworkers type, with filters (R-RULE-2,
issue 15).

`RulingIndex.load(ctx)` reads number, title, keywords, summary, law, section, what each
ruling replaces and the filter columns of every ruling once (seconds for 100,000; run it
in a worker), and `index.search(query, law=..., outcome=..., year=..., target_group=...)`
answers each keystroke in milliseconds.

A query is read as a caseworker means it:

- its law and section ("§ 27", "sdp § 7", "lov om sygedagpenge § 24, stk. 2") match the
  rulings' law and section fields, never their numbers (ruling_words.law_and_section);
- a ruling number ("12-21", "D-15-07", "SM C-25-05") puts that ruling first;
- the other words go through the shared `FuzzyIndex`, stemmed by the Danish Snowball
  stemmer ("fleksjobbet" is "fleksjob"), typos forgiven; a compound the index does not
  know is split into words it does ("sygedagpengeforlængelse"); a word or phrase of the
  thesaurus also finds its synonyms ("lægeerklæring": "lægelige oplysninger"), each
  synonym match scored `SYNONYM` times a literal one.

Ranking: by how many query words a ruling matches and in which fields (number, title and
keywords above the summary, a bonus for each further field), ties to the newer decision.
A ruling replaced by a newer one is ranked below it and says which (`replaced_by`).

Filters are precomputed arrays of ids per value; the set a choice of filters allows is
made when the choice changes, not per keystroke. An empty query lists the rulings that
pass the filters, newest first.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from sqlmodel import Session, select

from prepdesk.core.context import Context
from prepdesk.core.fuzzy_index import MAX_QUERY_CHARS, FuzzyIndex, collector_paused
from prepdesk.core.mapped import owned
from prepdesk.core.packed import CompressedStrings, PackedStrings, give_back_memory, grown
from prepdesk.core.ruling_words import (
    forget_stems,
    law_and_section,
    query_stemmer,
    sections_of,
    split_compound,
    stem,
    thesaurus,
)
from prepdesk.core.search import fold
from prepdesk.core.transaction import reading
from prepdesk.data.models import Ruling

# The fields searched and their weights.
WEIGHTS = {"title": 0.9, "number": 1.0, "keywords": 0.9, "summary": 0.6}
FIELD_BONUS = 0.03  # for each further field a query word is in
SYNONYM = 0.85  # a synonym's match, times the literal word's
LAW, SECTION, SECTION_LETTER = 1.0, 1.0, 0.9  # "§ 70" finds § 70 and, a little less, § 70 b
MIN_COMPOUND = 8  # shorter words are not split
REPLACED_WITHIN = 0.8  # a replaced ruling goes below its replacement when that scores this share
_NUMBER_WORD = re.compile(r"(?:[a-z]-)?\d{1,4}-\d{2}")
_PUBLICATIONS = frozenset({"sm", "pm"})  # "SM C-25-05": Sociale Meddelelser
# Common Danish words, folded: in nearly every summary, so they find nothing and would
# only make the index larger and each search slower.
STOP_WORDS = frozenset(fold(word) for word in (
    "og i at det en den til er som på de med han af for ikke der var mig sig men et har "
    "om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad "
    "skal selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned "
    "skulle denne end dette mit også under have dig anden hende mine alt meget sit sine "
    "vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan"
).split())


@dataclass(frozen=True)
class RulingHit:
    ruling_id: int
    number: str
    title: str
    decided_on: date
    law: str
    outcome: str
    score: float  # 0-100, higher is better; 0 when listed without a query
    replaced_by: str = ""  # the number of the newer ruling that replaces this one


@dataclass(frozen=True, slots=True)
class _Ruling:
    """One ruling as read, before it is packed in the index's columns."""

    number: str
    title: str
    decided_on: date
    law: str
    outcome: str
    target_group: str
    sections: tuple[str, ...] = ()  # '27', '70b'
    replaces: tuple[str, ...] = ()


_CODED = ("law", "outcome", "target_group", "sections")  # few values: a code per ruling


class RulingIndex:
    """Every ruling's searchable text and filter values. Never changes (but for a cache of
    the last choice of filters): `refreshed` returns a new index, so a search in a worker
    never sees half a change.

    What a hit shows is kept in columns indexed by ruling id (issue 17): the decision
    date as a day number (0: no ruling has this id), law, outcome, target group and
    sections as a code each, numbers packed (`PackedStrings`), titles compressed
    (`CompressedStrings`); what rulings replace, which few do, in a dict. A dict of one
    object per ruling held 43 MB at 100,000 rulings; the columns hold 11."""

    def __init__(self) -> None:
        """An empty index; use `load`."""
        self._text = FuzzyIndex(tuple(WEIGHTS.values()), STOP_WORDS, stem=stem,
                                field_bonus=FIELD_BONUS)
        self._decided = array("i")  # ruling id -> its decision's day number, 0 if none
        self._codes: dict[str, array] = {name: array("H") for name in _CODED}
        self._values: dict[str, list[Any]] = {name: [] for name in _CODED}  # code -> value
        self._numbers, self._titles = PackedStrings().packed(0), CompressedStrings().packed(0)
        self._replaces: dict[int, tuple[str, ...]] | _Replaces = {}
        # Per filter and value, the ids: arrays take a tenth of the memory of sets, and
        # the set of ids a choice of filters allows is made once, when the choice changes.
        self._filters: dict[str, dict[Any, array]] = {
            "law": {}, "outcome": {}, "year": {}, "target_group": {}}
        self._allowed: tuple[tuple[Any, ...], set[int] | None] = ((None,) * 4, None)
        self._newest = array("i")  # ids, newest decision first
        self._derive()

    @classmethod
    def load(cls, ctx: Context) -> RulingIndex:
        """Index every ruling, in one query of only the columns needed."""
        with reading(ctx) as session:
            return cls._read_all(session)

    @classmethod
    def _read_all(cls, session: Session) -> RulingIndex:
        with collector_paused():
            return cls._load(session)

    @classmethod
    def _load(cls, session: Session) -> RulingIndex:
        return cls._build(_read(session))

    @classmethod
    def _rows(cls, session: Session) -> _Rows:
        """What the index is built from, read in the caller's transaction; `_from_rows`
        builds it after the transaction, so the connection (one of the app's two,
        data/db.py) is not held through seconds of building (ruling_library)."""
        rows = _Rows()
        with collector_paused():
            for row in _read(session):
                rows.add(*row)
        return rows

    @classmethod
    def _from_rows(cls, rows: _Rows) -> RulingIndex:
        with collector_paused():
            return cls._build(rows)

    @classmethod
    def _build(cls, rows: Iterable[tuple[int, _Ruling, tuple[str, ...]]]) -> RulingIndex:
        """The index from `rows`: streamed from the database (`_load`), the summaries are
        never all in memory at once (a hundred megabytes at 100,000 rows, which the
        process kept); read first (`_rows`), the connection is free while it builds."""
        index = cls()
        numbers, titles = PackedStrings(), CompressedStrings()
        codes: dict[str, dict[Any, int]] = {name: {} for name in _CODED}
        ids: list[int] = []

        def texts() -> Iterator[tuple[int, tuple[str, ...]]]:
            for rid, ruling, fields in rows:
                ids.append(rid)
                numbers.put(rid, ruling.number)
                titles.put(rid, ruling.title)
                grown(index._decided, rid + 1)
                index._decided[rid] = ruling.decided_on.toordinal()
                for name in _CODED:
                    column, known = index._codes[name], codes[name]
                    grown(column, rid + 1)
                    column[rid] = known.setdefault(getattr(ruling, name), len(known))
                if ruling.replaces:
                    index._replaces[rid] = ruling.replaces
                yield rid, fields

        index._text = FuzzyIndex.build(texts(), tuple(WEIGHTS.values()), STOP_WORDS,
                                       stem=stem, field_bonus=FIELD_BONUS)
        size = max(ids, default=-1) + 1
        index._numbers, index._titles = numbers.packed(size), titles.packed(size)
        del index._decided[size:]
        for name in _CODED:
            del index._codes[name][size:]
            index._values[name] = list(codes[name])  # in the order of their codes
        for name in index._filters:
            groups: defaultdict[Any, list[int]] = defaultdict(list)
            for rid in ids:
                groups[index._filter_value(rid, name)].append(rid)
            index._filters[name] = {value: array("i", found) for value, found in groups.items()}
        index._newest = array("i", sorted(ids, key=index._newest_first))
        index._replaces = _Replaces(index._replaces)
        index._derive()
        forget_stems()
        give_back_memory()
        return index

    def _value(self, name: str, ruling_id: int) -> Any:
        return self._values[name][self._codes[name][ruling_id]]

    def _filter_value(self, ruling_id: int, name: str) -> Any:
        if name == "year":
            return date.fromordinal(self._decided[ruling_id]).year
        return self._value(name, ruling_id)

    def _derive(self) -> None:
        """What is worked out from all rulings at once: rulings per law (as the
        thesaurus names laws) and per section, which ruling replaces which, and the
        order of equal scores. A tenth of a second at 100,000 rulings."""
        laws = thesaurus()
        law_keys = [laws.law_of(stored) for stored in self._values["law"]]
        law_codes, section_codes = self._codes["law"], self._codes["sections"]
        sections = self._values["sections"]
        self._by_law = _grouped((law_keys[law_codes[rid]], rid) for rid in self._newest)
        self._by_section = _grouped((section, rid) for rid in self._newest
                                    for section in sections[section_codes[rid]])
        wanted = {number for replaced in self._replaces.values() for number in replaced}
        by_number = {}
        for rid in self._newest:
            number = self._numbers[rid]
            if number in wanted:
                by_number[number] = rid
        replacement: dict[int, int] = {}
        for rid, replaced in self._replaces.items():
            for number in replaced:
                old = by_number.get(number)
                if old is not None and old != rid and (
                        old not in replacement
                        or self._newest_first(rid) < self._newest_first(replacement[old])):
                    replacement[old] = rid
        # Which ruling replaces each: an array by id (0: none), as the other columns,
        # mapped from the index's file when built apart; a dict held 0.85 MiB.
        newer = array("i", bytes(4 * len(self._decided)))
        for old, rid in replacement.items():
            newer[old] = rid
        self._replacement = newer
        # Equal scores: a replaced ruling last, then the newer decision first.
        # An array indexed by id, not a dict: a tenth of the memory (8 MB at 100,000);
        # int32, which holds every key (a day number is below 4,000,000): 0.4 MB.
        order = array("i", bytes(4 * len(self._decided)))
        for rid in self._newest:
            order[rid] = (rid in replacement) * 10_000_000 - self._decided[rid]
        self._order = order

    def refreshed(self, ctx: Context, ruling_ids: Iterable[int]) -> RulingIndex:
        """A new index with these rulings read again (imported, changed or deleted),
        without a rebuild: 0.1-0.2 s per ruling at 100,000 rulings. For a whole import,
        `load` again."""
        with reading(ctx) as session:
            return self._refreshed(session, ruling_ids)

    def _refreshed(self, session: Session, ruling_ids: Iterable[int]) -> RulingIndex:
        ids = set(ruling_ids)
        new = RulingIndex.__new__(RulingIndex)
        # Copies that may change: an index built apart has its columns mapped, read-only.
        new._decided = owned(self._decided)
        new._codes = {name: owned(column) for name, column in self._codes.items()}
        new._values = {name: list(values) for name, values in self._values.items()}
        new._replaces: dict[int, tuple[str, ...]] = {
            rid: r for rid, r in self._replaces.items() if rid not in ids}
        new._filters = {name: dict(groups) for name, groups in self._filters.items()}
        new._allowed = ((None,) * 4, None)
        newest = [rid for rid in self._newest if rid not in ids]
        new._text = self._text
        for ruling_id in ids:
            if ruling_id < len(self._decided) and self._decided[ruling_id]:
                for name, groups in new._filters.items():
                    value = self._filter_value(ruling_id, name)
                    groups[value] = array("i", [rid for rid in groups[value] if rid != ruling_id])
                new._decided[ruling_id] = 0
        found = {rid: (ruling, texts) for rid, ruling, texts in _read(session, ids)}
        numbers, titles = {}, {}
        for ruling_id in ids:
            if ruling_id not in found:
                if ruling_id in self._text:
                    new._text = new._text.without_record(ruling_id)
                continue
            ruling, texts = found[ruling_id]
            new._text = new._text.with_record(ruling_id, texts)
            numbers[ruling_id], titles[ruling_id] = ruling.number, ruling.title
            grown(new._decided, ruling_id + 1)
            new._decided[ruling_id] = ruling.decided_on.toordinal()
            for name in _CODED:
                value, values, column = getattr(ruling, name), new._values[name], new._codes[name]
                if value not in values:
                    values.append(value)
                grown(column, ruling_id + 1)
                column[ruling_id] = values.index(value)
            if ruling.replaces:
                new._replaces[ruling_id] = ruling.replaces
            for name, groups in new._filters.items():
                value = new._filter_value(ruling_id, name)
                grouped = owned(groups.get(value, array("i")))
                grouped.append(ruling_id)
                groups[value] = grouped
            key = new._newest_first(ruling_id)
            newest.insert(bisect_left(newest, key, key=new._newest_first), ruling_id)
        new._numbers = self._numbers.with_changes(numbers)
        new._titles = self._titles.with_changes(titles)
        new._newest = array("i", newest)
        new._derive()
        return new

    def __len__(self) -> int:
        return len(self._newest)

    def choices(self) -> dict[str, list[Any]]:
        """The values each filter can take, for the filter menus: laws, outcomes and
        target groups sorted, years newest first."""
        return {name: sorted((v for v, ids in groups.items() if len(ids) and v != ""),
                             reverse=name == "year")
                for name, groups in self._filters.items()}

    def search(
        self, query: str, *, law: str | None = None, outcome: str | None = None,
        year: int | None = None, target_group: str | None = None, limit: int = 50,
    ) -> list[RulingHit]:
        """The rulings that pass every filter given and best match `query`, best first.

        Filters match the stored values exactly (see `choices`). Any string is a valid
        query; an empty one lists the rulings that pass the filters, newest first.
        """
        allowed = self._allowed_by(law, outcome, year, target_group)
        if query.strip():
            found = self._ranked(query, limit, allowed)
        else:
            listed = self._newest if allowed is None else (r for r in self._newest if r in allowed)
            found = [(rid, 0.0) for rid in islice(listed, max(limit, 0))]
        hits = []
        for rid, score in found:
            newer = self._newer(rid)
            hits.append(RulingHit(rid, self._numbers[rid], self._titles[rid],
                                  date.fromordinal(self._decided[rid]), self._value("law", rid),
                                  self._value("outcome", rid), score,
                                  self._numbers[newer] if newer is not None else ""))
        return hits

    def _ranked(self, query: str, limit: int, allowed: set[int] | None) -> list[tuple[int, float]]:
        """(id, score) of the best rulings for a query, best first."""
        if limit <= 0:
            return []
        words = thesaurus()
        asked = law_and_section(fold(query[:MAX_QUERY_CHARS]), words.laws)
        concepts: list[dict[int, float]] = [dict.fromkeys(self._by_law.get(key, ()), LAW)
                                            for key in asked.laws]
        concepts += [self._section_scores(section) for section in asked.sections]
        text = self._text
        typed = text.query_words(asked.rest)
        # "SM C-25-05": the publication's letters are not a word to look for.
        typed = [word for at, word in enumerate(typed)
                 if not (word in _PUBLICATIONS and at + 1 < len(typed)
                         and _NUMBER_WORD.fullmatch(typed[at + 1]))]
        # Stemmed here, each word once, and forgotten with the query (query_stemmer).
        stem_once = query_stemmer()
        stems = [stem_once(word) for word in typed]

        def known(part: str) -> bool:
            return text.knows(stem_once(part), stemmed=True)

        covered: set[int] = set()
        for start, end, others in words.synonyms(stems):
            literal = _mean([text.word_scores(term, stemmed=True) for term in stems[start:end]])
            synonyms = [_scaled(_all_of([text.word_scores(term, fuzzy=False, stemmed=True)
                                         for term in phrase]), SYNONYM) for phrase in others]
            concepts.append(_best_of(literal, synonyms))
            covered.update(range(start, end))
        for at, word in enumerate(typed):
            if at in covered:
                continue
            scores = text.word_scores(stems[at], stemmed=True)
            if len(word) >= MIN_COMPOUND and not text.knows(stems[at], stemmed=True):
                parts = split_compound(word, known)
                if parts:
                    scores = _best_of(scores, [_mean([text.word_scores(stem_once(p), stemmed=True)
                                                      for p in parts])])
            concepts.append(scores)
        found = text.rank(concepts, limit=2 * limit + 10, allowed=allowed,
                          tiebreak=self._order.__getitem__)
        return self._replaced_below(found)[:limit]

    def _section_scores(self, section: str) -> dict[int, float]:
        scores: dict[int, float] = {}
        for key, ids in self._by_section.items():
            if key.startswith(section) and key != section and key[len(section):].isalpha():
                scores.update(dict.fromkeys(ids, SECTION_LETTER))
        scores.update(dict.fromkeys(self._by_section.get(section, ()), SECTION))
        return scores

    def _replaced_below(self, found: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """`found` with each replaced ruling moved to just below its replacement, when
        that is found too, ranked lower, and matches about as well (not when the query
        is the old ruling's number, which the newer one only mentions)."""
        position = {rid: at for at, (rid, _) in enumerate(found)}
        score = dict(found)
        waiting: defaultdict[int, list[tuple[int, float]]] = defaultdict(list)
        ordered: list[tuple[int, float]] = []

        def place(hit: tuple[int, float]) -> None:
            ordered.append(hit)
            for later in waiting.pop(hit[0], ()):
                place(later)

        for hit in found:
            newer = self._newer(hit[0])
            if (newer is not None and position.get(newer, -1) > position[hit[0]]
                    and score[newer] >= REPLACED_WITHIN * hit[1]):
                waiting[newer].append(hit)
            else:
                place(hit)
        return ordered

    def _allowed_by(self, *chosen: Any) -> set[int] | None:
        """The ids that pass the chosen filters (law, outcome, year, target group), None
        when no filter is chosen; kept while the caseworker types with the same filters."""
        key, allowed = self._allowed
        if key != chosen:
            arrays = sorted((self._filters[name].get(value, array("i"))
                             for name, value in zip(self._filters, chosen, strict=True)
                             if value is not None), key=len)
            allowed = set(arrays[0]) if arrays else None
            for ids in arrays[1:]:
                allowed.intersection_update(ids)
            self._allowed = (chosen, allowed)
        return allowed

    def _newer(self, ruling_id: int) -> int | None:
        """The id of the ruling that replaces this one, None if none does."""
        return self._replacement[ruling_id] or None if ruling_id < len(self._replacement) \
            else None

    def _newest_first(self, ruling_id: int) -> tuple[int, int]:
        return -self._decided[ruling_id], ruling_id


class _Replaces:
    """What the rulings that replace others replace (id -> their numbers), packed: the ids
    in an array, the numbers in one string per ruling (`PackedStrings` by position). A
    dict of tuples of strings held 1.3 MiB at 100,000 rulings; read only to work out which
    ruling replaces which (`_derive`)."""

    _SEPARATOR = "\x1f"

    def __init__(self, replaces: dict[int, tuple[str, ...]]) -> None:
        self._ids = array("i", replaces)
        numbers = PackedStrings()
        for at, replaced in enumerate(replaces.values()):
            numbers.put(at, self._SEPARATOR.join(replaced))
        self._numbers = numbers.packed(len(replaces))

    def items(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        for at, rid in enumerate(self._ids):
            yield rid, tuple(self._numbers[at].split(self._SEPARATOR))

    def values(self) -> Iterator[tuple[str, ...]]:
        return (replaced for _, replaced in self.items())


def _grouped(pairs: Iterable[tuple[Any, int]]) -> dict[Any, array]:
    groups: defaultdict[Any, array] = defaultdict(lambda: array("i"))
    for key, rid in pairs:
        if key is not None:
            groups[key].append(rid)
    return dict(groups)


def _mean(per_word: list[dict[int, float]]) -> dict[int, float]:
    """A phrase's score per record: the mean over its words (a missing word counts 0)."""
    if len(per_word) == 1:
        return per_word[0]
    total: defaultdict[int, float] = defaultdict(float)
    for scores in per_word:
        for rid, score in scores.items():
            total[rid] += score
    return {rid: score / len(per_word) for rid, score in total.items()}


def _all_of(per_word: list[dict[int, float]]) -> dict[int, float]:
    """The mean over the words, for the records that have every one of them."""
    if len(per_word) == 1:
        return per_word[0]
    common = set(per_word[0]).intersection(*per_word[1:])
    return {rid: sum(scores[rid] for scores in per_word) / len(per_word) for rid in common}


def _scaled(scores: dict[int, float], factor: float) -> dict[int, float]:
    return {rid: score * factor for rid, score in scores.items()}


def _best_of(first: dict[int, float], others: list[dict[int, float]]) -> dict[int, float]:
    best = dict(first)
    for scores in others:
        for rid, score in scores.items():
            if score > best.get(rid, 0.0):
                best[rid] = score
    return best


class _Rows:
    """Rows read for a build, packed: their strings in one UTF-8 buffer, their sizes and
    ids in arrays. As Python objects, the 400,000 strings of 100,000 rulings (120 MB)
    were spread over the heap among what the build keeps, so the process stayed 100 MB
    larger than its index after the build (issue 17); one buffer is given back whole."""

    def __init__(self) -> None:
        self._ids, self._days, self._sizes = array("i"), array("i"), array("I")
        self._counts = array("H")  # strings per row
        self._blob = bytearray()

    def add(self, ruling_id: int, ruling: _Ruling, texts: tuple[str, ...]) -> None:
        strings = (ruling.number, ruling.title, ruling.law, ruling.outcome, ruling.target_group,
                   *texts, str(len(ruling.sections)), *ruling.sections, *ruling.replaces)
        self._ids.append(ruling_id)
        self._days.append(ruling.decided_on.toordinal())
        self._counts.append(len(strings))
        for text in strings:
            data = text.encode()
            self._sizes.append(len(data))
            self._blob += data

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[tuple[int, _Ruling, tuple[str, ...]]]:
        blob, sizes, at, size_at = memoryview(self._blob), self._sizes, 0, 0
        shared: dict[Any, Any] = {}
        one = shared.setdefault
        fields = len(WEIGHTS)
        for ruling_id, day, count in zip(self._ids, self._days, self._counts, strict=True):
            strings = []
            for size in sizes[size_at : size_at + count]:
                strings.append(str(blob[at : at + size], "utf-8"))
                at += size
            size_at += count
            number, title, law, outcome, group = strings[:5]
            texts = tuple(strings[5 : 5 + fields])
            sections_end = 6 + fields + int(strings[5 + fields])
            sections = tuple(strings[6 + fields : sections_end])
            yield (ruling_id,
                   _Ruling(number, title, date.fromordinal(day), one(law, law),
                           one(outcome, outcome), one(group, group), one(sections, sections),
                           tuple(strings[sections_end:])),
                   texts)


def _read(
    session: Session, ruling_ids: set[int] | None = None,
) -> Iterator[tuple[int, _Ruling, tuple[str, ...]]]:
    """(id, ruling, texts in the order of WEIGHTS) for every ruling, or those, one by one
    as the database gives them. Core rows, not ORM objects, and not the long texts
    (facts, decision, reasoning) the search ignores."""
    query = select(Ruling.id, Ruling.number, Ruling.title, Ruling.keywords, Ruling.summary,
                   Ruling.decided_on, Ruling.law, Ruling.outcome, Ruling.target_group,
                   Ruling.section, Ruling.replaces)
    if ruling_ids is not None:
        query = query.where(Ruling.id.in_(ruling_ids))
    # On the statement, not the connection: a connection's options stay for the statements
    # after (an INSERT in the same transaction became a server-side cursor on PostgreSQL).
    rows = session.connection().execute(query.execution_options(yield_per=2_000))
    # Laws, outcomes, target groups and dates repeat: one object each, not one per ruling
    # (20 MB at 100,000 rulings).
    shared = {}
    one = shared.setdefault
    sections: dict[str, tuple[str, ...]] = {}
    for (rid, number, title, keywords, summary, decided_on, law, outcome, target_group,
         section, replaces) in rows:
        yield (rid, _Ruling(number, title, one(decided_on, decided_on), one(law, law),
                            one(outcome, outcome), one(target_group, target_group),
                            sections.get(section)
                            or sections.setdefault(section, sections_of(section or "")),
                            tuple(map(str, replaces)) if replaces else ()),
               (title, number, " ".join(map(str, keywords or ())), summary))
