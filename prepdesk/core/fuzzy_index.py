"""The fuzzy search technique shared by citizens and rulings (R-FILE-1, R-RULE-2).

A record is an id and one text per field (a citizen: the name; a ruling: title, number,
keywords, summary). Texts are folded (`fold`) and split into words; each distinct word is
a *term*, and per field a term has a posting list of the records that contain it.

A query word is matched against the terms, not against the records: there are far fewer
terms (a few thousand names, tens of thousands of ruling words) than records, so the
expensive comparisons happen on a small set. A term matches

- exactly (score 1.0);
- in its loose spelling (0.97), where "oe", "ae" and "aa" count as "o", "a" and "a", "c"
  and "ch" as "k", "th" as "t", "x" as "ks" and double letters as single ones: `moller`,
  `moeller` and `møller` are one name, as are Christensen and Kristensen;
- as a prefix, because the caseworker is still typing (0.70-0.95, the more of the term
  typed the better; a tenth less for a prefix only in the loose spelling);
- within one edit (two from eight letters), whole or as a prefix (about 0.45-0.65):
  candidates come from a trigram index over the loose terms, checked with rapidfuzz's
  OSA distance, which counts a transposition as one edit. Terms with the same loose
  form are told apart by their literal edits (Christiansen or Kristiansen).

Terms that share a loose form, or a prefix in it, are told apart by their literal edits
from what was typed (a hundredth per edit): "christofersen" puts Christoffersen (one edit)
above Kristoffersen (three), so the closest spelling wins before any other tie-break.

An index may be given a stemmer (`stem`, for rulings: Danish Snowball): every indexed
word and every query word is then reduced to its stem first, so "fleksjobbet" is
"fleksjob". Names are never stemmed.

Each query word gives every record its best matching term's score times the field's
weight, plus `field_bonus` for each further field the word is found in (a word in the
title, the keywords and the summary is a better match than one in the title alone); a
record's score is the mean over the query words, so words may come in any order. Records
that match every word rank above those that match only some. Equal scores go to the
record with the shorter first field (name or title), then the lower id, unless the
caller gives its own tie-break (rulings: the newer decision first).

Callers that build their own query (rulings: compounds, synonyms, law and section) use
the parts: `query_words`, `word_scores` per word or phrase, `knows`, and `rank`.

Work per keystroke is bounded: query length, number of words, prefix and fuzzy term
expansions and postings taken per word are capped.

An index never changes after it is built: `with_record` and `without_record` return a new
index that shares every untouched part with the old one, so a search running in a worker
thread never sees half a change.
"""

from __future__ import annotations

import gc
import heapq
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from itertools import accumulate, compress, islice
from operator import itemgetter, sub
from typing import Any

from prepdesk.core.mapped import owned
from prepdesk.core.search import fold

# Words of folded text; a hyphenated compound ("aeroe-aaberg", "d-15-07") is one word.
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Every byte but a-z, 0-9 and "-" becomes a space: with bytes.translate and str.split,
# splitting a summary takes a quarter of the time _WORD.findall needs.
_SEPARATORS = bytes(c if chr(c).isdigit() or "a" <= chr(c) <= "z" or c == ord("-") else 32
                    for c in range(256))
_DIGIT = re.compile(r"\d")
# Spellings that name the same word: ø, æ, å typed as o, a, a or oe, ae, aa; c or ch for
# k (Christensen, Kristensen), th for t (Thomsen, Tomsen), x for ks (flexjob, fleksjob),
# and a letter written once or twice (Mathiasen, Mathiassen). Each letter's fate depends
# only on the letter before it, so the loose form of a prefix is a prefix of the loose form.
_LOOSE_DROP = re.compile(r"(?<=[oa])e|(?<=[ct])h")
_LOOSE_DOUBLE = re.compile(r"([^\W\d_])\1+")  # letters only: '11-21' is not '1-21'
_FIRST_GROUP = itemgetter(1)

EXACT = 1.0
SPELLING = 0.97  # the same word in its loose spelling: moller for møller
PREFIX_BASE, PREFIX_SPAN = 0.70, 0.25  # 0.70 + 0.25 × share of the term already typed
LOOSE_PREFIX = 0.90  # while typing, a literal prefix beats one in the loose spelling
FUZZY, FUZZY_PREFIX, PER_EDIT = 0.65, 0.60, 0.10
# Terms sharing a loose form ('christiansen', 'kristiansen') are told apart by their edits
# from what was typed: 0.01 less per edit, at most 0.03, never a whole PER_EDIT.
LITERAL_EDIT, MAX_LITERAL_EDITS = 0.01, 3

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MAX_WORD_CHARS = 40
MIN_FUZZY_CHARS = 3  # 'tge' is Tage; shorter words are initials or the start of one
MIN_FUZZY_PREFIX_CHARS = 4  # below this, nearly every term starts within one edit
MAX_PREFIX_FORMS = 2_000  # loose terms a short prefix may expand to, shortest first
MAX_FUZZY_FORMS = 500  # loose terms checked for edits, most shared trigrams first
MAX_POSTINGS = 40_000  # record postings taken per query word, best terms first


def loose(term: str) -> str:
    """The spelling-insensitive form of a folded term: 'christoffersen' -> 'kristofersen'."""
    dropped = _LOOSE_DROP.sub("", term).replace("c", "k").replace("x", "ks")
    return _LOOSE_DOUBLE.sub(_FIRST_GROUP, dropped)  # a function: a template is slower


def _trigrams(form: str) -> list[str]:
    # Padded in front only: a short word has trigrams, and a prefix shares the term's.
    padded = "  " + form
    return [padded[i : i + 3] for i in range(len(form))]


def _indexed_trigrams(form: str) -> set[str]:
    """The trigrams a loose form is found by; none for numbers, which are never fuzzy."""
    return set() if _DIGIT.search(form) else set(_trigrams(form))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while an index is built.

    A build allocates millions of objects; the collector would walk every live one again
    each time the heap grows by a quarter, a sixth of the build time at 100,000 rulings.
    Nothing an index builds has cycles. The pause is process-wide, for a few seconds in a
    worker; the collector is turned on again only if it was on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _osa() -> Any:
    """rapidfuzz's OSA distance, imported at the first search rather than before my day
    shows (3 MiB: issue 17; 8 ms, and the search screens import it as they open:
    `warm_search`)."""
    from rapidfuzz.distance import OSA

    return OSA


def warm_search() -> None:
    """Import what a search needs and a build does not, ahead of the first keystroke."""
    _osa()


def _new_ids() -> array:
    return array("i")


def _after_prefix(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _words(folded: str) -> list[str]:
    """_WORD.findall(folded), faster when the only non-ASCII characters are not letters."""
    if not folded.isascii() and any(c.isalnum() for c in set(_NON_ASCII.findall(folded))):
        return _WORD.findall(folded)
    # '§' and '–' become '?' and then spaces.
    words = folded.encode("ascii", "replace").translate(_SEPARATORS).decode("ascii").split()
    if "-" not in folded:
        return words
    return [w for chunk in words for w in (_ASCII_WORD.findall(chunk) if "-" in chunk else (chunk,))]


def _record_terms(folded: str, stop_words: Set[str],
                  stem: Callable[[str], str] | None = None) -> set[str]:
    words = set(_words(folded))
    if "-" in folded:
        for word in [w for w in words if "-" in w]:
            words.update(word.split("-"))  # 'aaberg' finds Ærø-Åberg too
    if stop_words:
        words -= stop_words
    if stem is not None:
        words = set(map(stem, words))
    return words


MERGE_AT = 256  # changed records kept beside the packed ones; more are packed in with them


class _Words:
    """A sorted list of words packed in one UTF-8 buffer (a str object is 50 bytes
    besides its letters, and 100,000 ruling numbers are 100,000 words): what `bisect`
    and indexing need of a list, each word decoded when it is asked for."""

    __slots__ = ("blob", "ends")

    def __init__(self, words: Sequence[str]) -> None:
        encoded = [word.encode() for word in words]
        self.blob = b"".join(encoded)
        self.ends = array("I", accumulate(map(len, encoded)))

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, at: int) -> str:
        if at < 0:
            at += len(self.ends)
        end = self.ends[at]  # IndexError past the end, as a list
        return str(self.blob[self.ends[at - 1] if at else 0 : end], "utf-8")

    def __iter__(self) -> Iterator[str]:
        start = 0
        for end in self.ends:
            yield str(self.blob[start:end], "utf-8")
            start = end


class _Segment:
    """The postings of some records, packed (issue 17: a third of the memory of a dict of
    arrays per field and a tuple of terms per loose form; a ruling index held 50 MB so,
    mostly per-term objects for 100,000 ruling numbers).

    Terms are one sorted list (`_Words`), found by bisection; a term is its place in it.
    Per field, the record ids of every term follow each other in one array, term by term;
    `starts[field][t]` is where term t's begin (CSR). The loose forms are a sorted list
    too, each with its terms' places, and the trigrams are a sorted list too, each with
the places of its forms.

    A term's ids are kept sorted and delta-coded in 16 bits (`_coded`): 2 bytes an id
    where an int32 took 4 (postings of 100,000 rulings: 15 MiB -> 8, issue 17), decoded
    in C (`itertools.accumulate`) when a query word matches the term. The few terms with
    a wide gap (`_ESCAPE`) are known per field (`escapes`), so a term's count is worked
    out from `starts` alone, without reading its ids.

    Every array may be a read-only memoryview of a file instead (core/mapped.py): only
    indexing, slicing, `len` and iteration are used on them."""

    __slots__ = ("terms", "starts", "ids", "escapes", "forms", "form_starts", "form_terms",
                 "grams", "gram_starts", "gram_forms")

    def __init__(self, postings: Sequence[Mapping[str, Sequence[int]]]) -> None:
        """A segment of `postings`: per field, term -> the ids of the records with it."""
        terms = sorted(set().union(*postings))
        self.terms = terms
        starts_per_field, ids_per_field, escapes_per_field = [], [], []
        for field in postings:
            starts, ids, escapes = array("I", [0]), array("H"), {}
            get, extend, mark = field.get, ids.extend, starts.append
            for at, term in enumerate(terms):
                found = get(term)
                if found:
                    coded = _coded(found)
                    extend(coded)
                    if len(coded) != len(found) + 1:  # 2 words for the first, 3 for a gap
                        escapes[at] = (len(coded) - 1 - len(found)) // 2
                mark(len(ids))
            starts_per_field.append(starts)
            ids_per_field.append(ids)
            escapes_per_field.append(escapes)
        self.starts, self.ids = tuple(starts_per_field), tuple(ids_per_field)
        self.escapes: tuple[dict[int, int], ...] = tuple(escapes_per_field)
        by_form: defaultdict[str, list[int]] = defaultdict(list)
        for at, term in enumerate(terms):
            form = loose(term)
            by_form[term if form == term else form].append(at)  # one string, not two
        forms = sorted(by_form)
        form_starts, form_terms = array("I", [0]), array("i")
        for form in forms:
            form_terms.extend(by_form[form])
            form_starts.append(len(form_terms))
        self.form_starts, self.form_terms = form_starts, form_terms
        # Per trigram, the places of its forms, packed as the postings are (a dict of
        # an array per trigram kept the arenas of the build's small objects, issue 17).
        trigrams: defaultdict[str, array] = defaultdict(_new_ids)
        for at, form in enumerate(forms):
            for gram in _indexed_trigrams(form):
                trigrams[gram].append(at)
        grams = sorted(trigrams)
        gram_starts, gram_forms = array("I", [0]), array("i")
        for gram in grams:
            gram_forms.extend(trigrams[gram])
            gram_starts.append(len(gram_forms))
        del trigrams
        self.grams, self.gram_starts, self.gram_forms = _Words(grams), gram_starts, gram_forms
        self.terms, self.forms = _Words(terms), _Words(forms)

    def place(self, term: str) -> int:
        """The place of `term`, -1 when it is not in the segment."""
        at = bisect_left(self.terms, term)
        return at if at < len(self.terms) and self.terms[at] == term else -1

    def postings(self, field: int, term_at: int) -> list[int]:
        """The ids of the records with the term at `term_at` in `field`, ascending."""
        starts = self.starts[field]
        return _decoded(self.ids[field][starts[term_at] : starts[term_at + 1]],
                        term_at in self.escapes[field])

    def count(self, field: int, term_at: int) -> int:
        """How many records have the term at `term_at` in `field`, without reading them."""
        starts = self.starts[field]
        words = starts[term_at + 1] - starts[term_at]
        if not words:
            return 0
        return words - 1 - 2 * self.escapes[field].get(term_at, 0)

    def form_place(self, form: str) -> int:
        at = bisect_left(self.forms, form)
        return at if at < len(self.forms) and self.forms[at] == form else -1

    def forms_with(self, gram: str) -> Sequence[int]:
        """The places of the loose forms with this trigram, ascending."""
        at = bisect_left(self.grams, gram)
        if at < len(self.grams) and self.grams[at] == gram:
            return self.gram_forms[self.gram_starts[at] : self.gram_starts[at + 1]]
        return ()

    def terms_of(self, form_at: int) -> list[tuple[int, str]]:
        """(place, term) of the terms with the form at `form_at`."""
        places = self.form_terms[self.form_starts[form_at] : self.form_starts[form_at + 1]]
        return [(at, self.terms[at]) for at in places]

    def fields(self, removed: Set[int]) -> list[dict[str, array]]:
        """Per field, term -> ids, without the records in `removed` (to pack again)."""
        unpacked = []
        for number in range(len(self.ids)):
            field = {}
            for at, term in enumerate(self.terms):
                found = self.postings(number, at)
                if removed and found:
                    found = [i for i in found if i not in removed]
                if found:
                    field[term] = array("i", found)
            unpacked.append(field)
        return unpacked


_ESCAPE = 0  # a delta of 0 cannot be (ids are unique): a wider delta follows in 2 x 16 bits
def _coded(ids: Sequence[int]) -> array:
    """A term's record ids in 16-bit words: the first id in two (32 bits, low first), then
    each later id as its distance from the one before, ascending; a distance of 65,536 or
    more (rare: rulings far apart that share a rare word) as `_ESCAPE` and two more."""
    ordered = sorted(ids)
    first = ordered[0] & 0xFFFF_FFFF
    coded = array("H", (first & 0xFFFF, first >> 16))
    try:
        coded.extend(map(sub, islice(ordered, 1, None), ordered))
    except OverflowError:
        del coded[2:]
        for before, after in zip(ordered, islice(ordered, 1, None), strict=False):
            distance = after - before
            if distance < 0x10000:
                coded.append(distance)
            else:
                coded.extend((_ESCAPE, distance & 0xFFFF, distance >> 16))
    return coded


def _decoded(coded: Sequence[int], escaped: bool) -> list[int]:
    """The ids `_coded` made `coded` of (`escaped`: with a wide gap), ascending: a list,
    whose int objects the caller's dicts and sets of scores then share (an array would
    make new ones for each)."""
    if not coded:
        return []
    first = coded[0] | coded[1] << 16
    if first >= 0x8000_0000:
        first -= 0x1_0000_0000  # a negative id (tests; database ids are positive)
    if not escaped:  # the usual case: the sums, made in C
        return list(accumulate(coded[2:], initial=first))
    ids, at, end = [first], 2, len(coded)
    while at < end:
        distance = coded[at]
        if distance == _ESCAPE:
            distance, at = coded[at + 1] | coded[at + 2] << 16, at + 2
        ids.append(ids[-1] + distance)
        at += 1
    return ids


def _lengths(pairs: dict[int, int]) -> array | dict[int, int]:
    """Record id -> length of its first field: an array indexed by id (4 bytes a record)
    when the ids are dense, as database ids are; -1 marks an id with no record."""
    top = max(pairs, default=-1)
    if min(pairs, default=0) < 0 or top > 4 * len(pairs) + 4096:
        return dict(pairs)
    lengths = array("i", [-1]) * (top + 1)
    for record_id, length in pairs.items():
        lengths[record_id] = length
    return lengths


class FuzzyIndex:
    """An immutable fuzzy index over records `(id, texts)`, one text per field.

    Records are packed in a segment (`_Segment`); records changed since are in a second,
    small segment, and the packed segment's versions of them are left out of its answers
    (`_removed`) until more than `MERGE_AT` have changed, when all are packed again."""

    __slots__ = ("_weights", "_stop_words", "_stem", "_field_bonus", "_segments", "_removed",
                 "_changed", "_lengths", "_count")

    def __init__(self, weights: Sequence[float], stop_words: Set[str] = frozenset(), *,
                 stem: Callable[[str], str] | None = None, field_bonus: float = 0.0) -> None:
        """An empty index; `weights` gives each field's weight (0-1), first field first.

        `stop_words` (folded) are neither indexed nor searched for, except as the last
        query word, which may be the start of a longer word. `stem` (folded word -> its
        stem) is applied to indexed and query words alike; `field_bonus` is added for each
        further field a query word is in.
        """
        self._weights = tuple(weights)
        self._stop_words = frozenset(stop_words)
        self._stem = stem
        self._field_bonus = field_bonus
        self._segments: tuple[_Segment, ...] = ()  # the packed one first, then the changed
        self._removed: frozenset[int] = frozenset()  # ids the packed segment no longer has
        self._changed: dict[int, tuple[frozenset[str], ...]] = {}  # id -> terms per field
        self._lengths: array | dict[int, int] = {}  # record id -> length of its first field
        self._count = 0

    @classmethod
    def build(
        cls, records: Iterable[tuple[int, Sequence[str]]], weights: Sequence[float],
        stop_words: Set[str] = frozenset(), *, stem: Callable[[str], str] | None = None,
        field_bonus: float = 0.0,
    ) -> FuzzyIndex:
        """An index of `records`, each `(id, texts)` with one text per field; ids unique."""
        index = cls(weights, stop_words, stem=stem, field_bonus=field_bonus)
        # Arrays from the start: 4 bytes an id where a list needs 8, and, holding no
        # objects, not tracked by the garbage collector, which would otherwise walk
        # hundreds of thousands of lists again and again while the index grows.
        postings: list[defaultdict[str, array]] = [defaultdict(_new_ids) for _ in weights]
        lengths: dict[int, int] = {}
        for record_id, texts in records:
            for field, text in enumerate(texts):
                folded = fold(text)
                if field == 0:
                    lengths[record_id] = len(folded)
                field_postings = postings[field]
                for term in _record_terms(folded, index._stop_words, index._stem):
                    field_postings[term].append(record_id)
        index._segments = (_Segment(postings),)
        del postings
        index._lengths, index._count = _lengths(lengths), len(lengths)
        return index

    def __len__(self) -> int:
        return self._count

    def __contains__(self, record_id: object) -> bool:
        lengths = self._lengths
        if isinstance(lengths, dict):
            return record_id in lengths
        return isinstance(record_id, int) and 0 <= record_id < len(lengths) \
            and lengths[record_id] >= 0

    # --- changes: each returns a new index --------------------------------------------

    def with_record(self, record_id: int, texts: Sequence[str]) -> FuzzyIndex:
        """A new index with this record added, or replaced if the id is already in it."""
        index = self._copy()
        index._remove(record_id)
        terms = []
        for field, text in enumerate(texts):
            folded = fold(text)
            if field == 0:
                index._set_length(record_id, len(folded))
            terms.append(frozenset(_record_terms(folded, self._stop_words, self._stem)))
        index._changed[record_id] = tuple(terms)
        index._count += 1
        index._repack()
        return index

    def without_record(self, record_id: int) -> FuzzyIndex:
        index = self._copy()
        if index._remove(record_id):
            index._repack()
        return index

    def _copy(self) -> FuzzyIndex:
        # The packed segment is shared: it never changes.
        index = FuzzyIndex.__new__(FuzzyIndex)
        index._weights, index._stop_words = self._weights, self._stop_words
        index._stem, index._field_bonus = self._stem, self._field_bonus
        index._segments, index._removed = self._segments, self._removed
        index._changed = dict(self._changed)
        index._lengths = dict(self._lengths) if isinstance(self._lengths, dict) \
            else owned(self._lengths)  # perhaps mapped (core/mapped.py): read-only
        index._count = self._count
        return index

    def _set_length(self, record_id: int, length: int) -> None:
        lengths = self._lengths
        if isinstance(lengths, array) and 0 <= record_id < 4 * self._count + 4096:
            if record_id >= len(lengths):
                lengths.extend([-1] * (record_id + 1 - len(lengths)))
            lengths[record_id] = length
            return
        if isinstance(lengths, array):
            lengths = self._lengths = {rid: n for rid, n in enumerate(lengths) if n >= 0}
        lengths[record_id] = length

    def _remove(self, record_id: int) -> bool:
        """Leave the record out; whether it was in."""
        if record_id not in self:
            return False
        if isinstance(self._lengths, dict):
            del self._lengths[record_id]
        else:
            self._lengths[record_id] = -1
        self._count -= 1
        if self._changed.pop(record_id, None) is None:
            self._removed = self._removed | {record_id}
        return True

    def _repack(self) -> None:
        """The segment of changed records made again; all packed in one when many."""
        packed = self._segments[0] if self._segments else _Segment([{} for _ in self._weights])
        fields: list[defaultdict[str, array]] = [defaultdict(_new_ids) for _ in self._weights]
        for record_id, terms in self._changed.items():
            for field, field_terms in enumerate(terms):
                for term in field_terms:
                    fields[field][term].append(record_id)
        if len(self._changed) + len(self._removed) <= MERGE_AT:
            self._segments = (packed, _Segment(fields)) if self._changed else (packed,)
            return
        merged = packed.fields(self._removed)
        for field, changed in zip(merged, fields, strict=True):
            for term, ids in changed.items():
                field[term] = field[term] + ids if term in field else ids
        self._segments, self._removed, self._changed = (_Segment(merged),), frozenset(), {}

    # --- search -------------------------------------------------------------------------

    def search(
        self, query: str, *, limit: int = 50, allowed: Set[int] | None = None,
    ) -> list[tuple[int, float]]:
        """The best records for `query` as `(id, score)`, score 0-100, best first.

        `allowed`, when given, is the set of ids the caller may see (access rights,
        filters); nothing else is returned. Any string is a valid query.
        """
        words = self.query_words(query)
        return self.rank([self.word_scores(word) for word in words], limit=limit,
                         allowed=allowed)

    def rank(
        self, per_word: Sequence[dict[int, float]], *, limit: int = 50,
        allowed: Set[int] | None = None, tiebreak: Callable[[int], object] | None = None,
    ) -> list[tuple[int, float]]:
        """The best records by their scores per query word (each 0-1, as `word_scores`
        gives them) as `(id, score)`, score 0-100 (the mean, at most 100), best first.

        Records with a score for every word rank above those with some. Equal scores go by
        `tiebreak(id)` (smaller first), by default the shorter first field, then the id.
        """
        if not per_word or limit <= 0:
            return []
        count = len(per_word)
        complete = set(per_word[0]) if allowed is None else per_word[0].keys() & allowed
        for scores in per_word[1:]:
            complete &= scores.keys()
        # Sums over the words, computed with map and zip in C: the sum ranks like the mean.
        if count == 1 and allowed is None:
            totals = per_word[0]
        else:
            order = list(complete)
            columns = zip(*[map(s.__getitem__, order) for s in per_word], strict=True)
            totals = dict(zip(order, map(sum, columns), strict=True))
        rank = totals
        if len(totals) < limit and count > 1:  # too few have every word: add those with some
            rank = dict(totals)
            partial: defaultdict[int, float] = defaultdict(float)
            for scores in per_word:
                for record_id, score in scores.items():
                    partial[record_id] += score
            for record_id, total in partial.items():
                if record_id not in totals and (allowed is None or record_id in allowed):
                    totals[record_id] = total
                    rank[record_id] = total - count  # below every record with all words
        return [(r, min(100.0, round(100 * totals[r] / count, 1)))
                for r in self._best(rank, limit, tiebreak)]

    def query_words(self, query: str) -> list[str]:
        """The folded words of `query` that are searched for, not yet stemmed: stop words
        left out (but for the last, which may be the start of a longer word), at most
        `MAX_WORDS`, each at most `MAX_WORD_CHARS`."""
        folded = fold(query[:MAX_QUERY_CHARS])
        words = list(dict.fromkeys(w[:MAX_WORD_CHARS] for w in _words(folded)))
        words = [w for w in words[:-1] if w not in self._stop_words] + words[-1:]
        return words[:MAX_WORDS]

    def knows(self, word: str, *, stemmed: bool = False) -> bool:
        """Whether the folded `word` (stemmed, when the index stems) is indexed, as it is
        or in its loose spelling; `stemmed` says the word is a stem already."""
        term = self._stem(word) if self._stem is not None and not stemmed else word
        form = loose(term)
        return any(segment.form_place(form) >= 0 for segment in self._segments)

    def word_scores(self, word: str, *, fuzzy: bool = True,
                    stemmed: bool = False) -> dict[int, float]:
        """Each record's best score for one folded query word (0-1, times its field's
        weight, plus the bonus for further fields), over its terms and fields. Without
        `fuzzy`, only the word itself and its loose spelling count (no prefix, no typo);
        `stemmed` says the word is a stem already."""
        term = self._stem(word) if self._stem is not None and not stemmed else word
        if not term:
            return {}
        best: dict[int, float] = {}
        for number, segment in enumerate(self._segments):
            matches = (self._term_matches(segment, term) if fuzzy
                       else self._same_matches(segment, term))
            scores = self._segment_scores(segment, matches)
            if number == 0 and self._removed:
                for record_id in self._removed:
                    scores.pop(record_id, None)
            if best:
                best.update(scores)  # a changed record is in the second segment alone
            else:
                best = scores
        return best

    def _segment_scores(self, segment: _Segment, matches: dict[int, float]) -> dict[int, float]:
        counted = []
        for found, score in matches.items():
            for field, weight in enumerate(self._weights):
                count = segment.count(field, found)
                if count:
                    counted.append((score * weight, field, found, count))
        counted.sort(key=itemgetter(0), reverse=True)
        taken = 0
        for cut, (_, _, _, count) in enumerate(counted):
            taken += count
            if taken >= MAX_POSTINGS:
                del counted[cut + 1 :]
                break
        # Decoded only now: a short prefix matches thousands of terms, most of them cut.
        weighted = [(score, field, segment.postings(field, found))
                    for score, field, found, _ in counted]
        best: dict[int, float] = {}
        for score, _, ids in reversed(weighted):  # better scores last, so they win
            best.update(dict.fromkeys(ids, score))
        if self._field_bonus and len(self._weights) > 1:
            fields: defaultdict[int, set[int]] = defaultdict(set)
            for _, field, ids in weighted:
                fields[field].update(ids)
            if len(fields) > 1:
                # How many fields each record has the word in, counted in C.
                seen = Counter()
                for ids in fields.values():
                    seen.update(ids)
                bonus = self._field_bonus
                for record_id, n in seen.items():
                    if n > 1:
                        best[record_id] += bonus * (n - 1)
        return best

    def _same_matches(self, segment: _Segment, term: str) -> dict[int, float]:
        """The terms (places in `segment`) that are `term` itself or in its loose spelling."""
        OSA = _osa()  # noqa: N806  (the library's name)
        form_at = segment.form_place(loose(term))
        if form_at < 0:
            return {}
        return {at: EXACT if found == term else SPELLING - LITERAL_EDIT * min(
                    MAX_LITERAL_EDITS, OSA.distance(term, found, score_cutoff=MAX_LITERAL_EDITS))
                for at, found in segment.terms_of(form_at)}

    def _term_matches(self, segment: _Segment, word: str) -> dict[int, float]:
        """The terms (places in `segment`) that `word` may mean, with how well each
        matches (0-1)."""
        OSA = _osa()  # noqa: N806  (the library's name)
        lw = loose(word)
        if not lw:
            return {}
        matches: dict[int, float] = {}
        sorted_forms = segment.forms
        start = bisect_left(sorted_forms, lw)
        places = range(start, bisect_left(sorted_forms, _after_prefix(lw), start))
        if len(places) > MAX_PREFIX_FORMS:
            places = sorted(places, key=lambda at: len(sorted_forms[at]))[:MAX_PREFIX_FORMS]
        for form_at in places:
            form = sorted_forms[form_at]
            for at, term in segment.terms_of(form_at):
                if term == word:
                    matches[at] = EXACT
                elif form == lw:
                    # The closest spelling first: christofersen is Christoffersen (one
                    # edit) before Kristoffersen (three).
                    matches[at] = SPELLING - LITERAL_EDIT * min(
                        MAX_LITERAL_EDITS, OSA.distance(word, term, score_cutoff=MAX_LITERAL_EDITS))
                else:
                    share = PREFIX_BASE + PREFIX_SPAN * min(1.0, len(word) / len(term))
                    if term.startswith(word):
                        matches[at] = share
                    else:
                        edits = OSA.distance(word, term[: len(word)],
                                             score_cutoff=MAX_LITERAL_EDITS)
                        matches[at] = share * LOOSE_PREFIX - LITERAL_EDIT * min(
                            MAX_LITERAL_EDITS, edits)
        if len(lw) < MIN_FUZZY_CHARS or _DIGIT.search(lw):
            return matches  # numbers (CPR, ruling numbers, years) are exact things
        edits = 1 if len(lw) < 8 else 2
        grams = _trigrams(lw)
        shared: Counter[int] = Counter()
        for gram in grams:
            shared.update(segment.forms_with(gram))
        # One edit changes at most three trigrams, a transposition four: a term sharing
        # fewer cannot be close enough.
        needed = len(grams) - 4 * edits
        near = [form_at for form_at, n in shared.most_common(MAX_FUZZY_FORMS) if n >= needed]
        for form_at in near:
            form = sorted_forms[form_at]
            if form.startswith(lw):
                continue  # scored as a prefix above
            distance, score = OSA.distance(lw, form, score_cutoff=edits), FUZZY
            if distance > edits and len(lw) >= MIN_FUZZY_PREFIX_CHARS:
                distance = min(
                    OSA.distance(lw, form[:end], score_cutoff=edits)
                    for end in range(max(1, len(lw) - edits), len(lw) + edits + 1)
                )
                score = FUZZY_PREFIX
            if distance > edits:
                continue
            score -= PER_EDIT * (distance - 1)
            for at, term in segment.terms_of(form_at):
                literal = min(MAX_LITERAL_EDITS,
                              OSA.distance(word, term, score_cutoff=MAX_LITERAL_EDITS))
                matches.setdefault(at, score - LITERAL_EDIT * literal)
        return matches

    def _best(self, rank: dict[int, float], limit: int,
              tiebreak: Callable[[int], object] | None = None) -> list[int]:
        if len(rank) > 2 * limit:
            # Keep only records at least as good as the limit-th, filtering in C, so the
            # sort with a Python key sees few records (all ties at the cut stay).
            level = heapq.nlargest(limit, rank.values())[-1]
            rank = {r: rank[r] for r in compress(rank.keys(), map(level.__le__, rank.values()))}
        if tiebreak is None:
            shorter = self._lengths
            return sorted(rank, key=lambda r: (-rank[r], shorter[r], r))[:limit]
        return sorted(rank, key=lambda r: (-rank[r], tiebreak(r), r))[:limit]
