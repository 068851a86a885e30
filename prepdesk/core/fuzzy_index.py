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
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from contextlib import contextmanager
from itertools import compress
from operator import itemgetter

from rapidfuzz.distance import OSA

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


class FuzzyIndex:
    """An immutable fuzzy index over records `(id, texts)`, one text per field."""

    __slots__ = ("_weights", "_stop_words", "_postings", "_tiebreak", "_by_loose",
                 "_loose_sorted", "_trigrams", "_stem", "_field_bonus")

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
        self._postings: tuple[dict[str, array], ...] = tuple({} for _ in self._weights)
        self._tiebreak: dict[int, int] = {}  # record id -> length of its first field
        self._by_loose: dict[str, tuple[str, ...]] = {}  # loose form -> terms
        self._loose_sorted: list[str] = []
        self._trigrams: dict[str, tuple[str, ...]] = {}  # trigram -> loose forms

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
        tiebreak = index._tiebreak
        for record_id, texts in records:
            for field, text in enumerate(texts):
                folded = fold(text)
                if field == 0:
                    tiebreak[record_id] = len(folded)
                field_postings = postings[field]
                for term in _record_terms(folded, index._stop_words, index._stem):
                    field_postings[term].append(record_id)
        index._postings = tuple(dict(p) for p in postings)
        by_loose: defaultdict[str, list[str]] = defaultdict(list)
        for term in set().union(*index._postings):
            by_loose[loose(term)].append(term)
        index._by_loose = {form: tuple(terms) for form, terms in by_loose.items()}
        index._loose_sorted = sorted(index._by_loose)
        trigrams: defaultdict[str, list[str]] = defaultdict(list)
        for form in index._loose_sorted:
            for gram in _indexed_trigrams(form):
                trigrams[gram].append(form)
        index._trigrams = {gram: tuple(forms) for gram, forms in trigrams.items()}
        return index

    def __len__(self) -> int:
        return len(self._tiebreak)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._tiebreak

    # --- changes: each returns a new index --------------------------------------------

    def with_record(self, record_id: int, texts: Sequence[str]) -> FuzzyIndex:
        """A new index with this record added, or replaced if the id is already in it."""
        index = self._copy()
        index._remove(record_id)
        index._add(record_id, texts)
        return index

    def without_record(self, record_id: int) -> FuzzyIndex:
        index = self._copy()
        index._remove(record_id)
        return index

    def _copy(self) -> FuzzyIndex:
        # Shallow copies: the arrays and tuples inside are shared and never changed.
        index = FuzzyIndex.__new__(FuzzyIndex)
        index._weights, index._stop_words = self._weights, self._stop_words
        index._stem, index._field_bonus = self._stem, self._field_bonus
        index._postings = tuple(dict(p) for p in self._postings)
        index._tiebreak = dict(self._tiebreak)
        index._by_loose = dict(self._by_loose)
        index._loose_sorted = list(self._loose_sorted)
        index._trigrams = dict(self._trigrams)
        return index

    def _add(self, record_id: int, texts: Sequence[str]) -> None:
        for field, text in enumerate(texts):
            folded = fold(text)
            if field == 0:
                self._tiebreak[record_id] = len(folded)
            postings = self._postings[field]
            for term in _record_terms(folded, self._stop_words, self._stem):
                if not any(term in p for p in self._postings):
                    self._add_term(term)
                postings[term] = postings.get(term, array("i")) + array("i", [record_id])

    def _remove(self, record_id: int) -> None:
        if self._tiebreak.pop(record_id, None) is None:
            return
        # No per-record term list is kept (it would double the memory of a ruling index),
        # so look through the postings: a scan in C, about 0.1 s at 100,000 rulings.
        emptied = set()
        for postings in self._postings:
            for term, ids in [(t, ids) for t, ids in postings.items() if record_id in ids]:
                rest = array("i", [i for i in ids if i != record_id])
                if rest:
                    postings[term] = rest
                else:
                    del postings[term]
                    emptied.add(term)
        for term in emptied:
            if not any(term in p for p in self._postings):
                self._remove_term(term)

    def _add_term(self, term: str) -> None:
        form = loose(term)
        terms = self._by_loose.get(form)
        self._by_loose[form] = (*terms, term) if terms else (term,)
        if terms:
            return
        insort(self._loose_sorted, form)
        for gram in _indexed_trigrams(form):
            self._trigrams[gram] = (*self._trigrams.get(gram, ()), form)

    def _remove_term(self, term: str) -> None:
        form = loose(term)
        terms = tuple(t for t in self._by_loose[form] if t != term)
        if terms:
            self._by_loose[form] = terms
            return
        del self._by_loose[form]
        del self._loose_sorted[bisect_left(self._loose_sorted, form)]
        for gram in _indexed_trigrams(form):
            forms = tuple(f for f in self._trigrams[gram] if f != form)
            if forms:
                self._trigrams[gram] = forms
            else:
                del self._trigrams[gram]

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

    def knows(self, word: str) -> bool:
        """Whether the folded `word` (stemmed, when the index stems) is indexed, as it is
        or in its loose spelling."""
        term = self._stem(word) if self._stem is not None else word
        return loose(term) in self._by_loose

    def word_scores(self, word: str, *, fuzzy: bool = True,
                    stemmed: bool = False) -> dict[int, float]:
        """Each record's best score for one folded query word (0-1, times its field's
        weight, plus the bonus for further fields), over its terms and fields. Without
        `fuzzy`, only the word itself and its loose spelling count (no prefix, no typo);
        `stemmed` says the word is a stem already."""
        term = self._stem(word) if self._stem is not None and not stemmed else word
        if not term:
            return {}
        matches = self._term_matches(term) if fuzzy else self._same_matches(term)
        weighted = []
        for found, score in matches.items():
            for field, (postings, weight) in enumerate(
                    zip(self._postings, self._weights, strict=True)):
                ids = postings.get(found)
                if ids is not None:
                    weighted.append((score * weight, field, ids))
        weighted.sort(key=itemgetter(0), reverse=True)
        taken = 0
        for cut, (_, _, ids) in enumerate(weighted):
            taken += len(ids)
            if taken >= MAX_POSTINGS:
                del weighted[cut + 1 :]
                break
        best: dict[int, float] = {}
        for score, _, ids in reversed(weighted):  # better scores last, so they win
            best.update(dict.fromkeys(ids, score))
        if self._field_bonus and len(self._postings) > 1:
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

    def _same_matches(self, term: str) -> dict[str, float]:
        """The terms that are `term` itself or in its loose spelling."""
        lw = loose(term)
        return {found: EXACT if found == term else SPELLING - LITERAL_EDIT * min(
                    MAX_LITERAL_EDITS, OSA.distance(term, found, score_cutoff=MAX_LITERAL_EDITS))
                for found in self._by_loose.get(lw, ())}

    def _term_matches(self, word: str) -> dict[str, float]:
        """The terms that `word` may mean, with how well each matches (0-1)."""
        lw = loose(word)
        if not lw:
            return {}
        matches: dict[str, float] = {}
        sorted_forms = self._loose_sorted
        start = bisect_left(sorted_forms, lw)
        forms = sorted_forms[start : bisect_left(sorted_forms, _after_prefix(lw), start)]
        if len(forms) > MAX_PREFIX_FORMS:
            forms = sorted(forms, key=len)[:MAX_PREFIX_FORMS]
        for form in forms:
            for term in self._by_loose[form]:
                if term == word:
                    matches[term] = EXACT
                elif form == lw:
                    # The closest spelling first: christofersen is Christoffersen (one
                    # edit) before Kristoffersen (three).
                    matches[term] = SPELLING - LITERAL_EDIT * min(
                        MAX_LITERAL_EDITS, OSA.distance(word, term, score_cutoff=MAX_LITERAL_EDITS))
                else:
                    share = PREFIX_BASE + PREFIX_SPAN * min(1.0, len(word) / len(term))
                    if term.startswith(word):
                        matches[term] = share
                    else:
                        edits = OSA.distance(word, term[: len(word)],
                                             score_cutoff=MAX_LITERAL_EDITS)
                        matches[term] = share * LOOSE_PREFIX - LITERAL_EDIT * min(
                            MAX_LITERAL_EDITS, edits)
        if len(lw) < MIN_FUZZY_CHARS or _DIGIT.search(lw):
            return matches  # numbers (CPR, ruling numbers, years) are exact things
        edits = 1 if len(lw) < 8 else 2
        grams = _trigrams(lw)
        shared: Counter[str] = Counter()
        for gram in grams:
            shared.update(self._trigrams.get(gram, ()))
        # One edit changes at most three trigrams, a transposition four: a term sharing
        # fewer cannot be close enough.
        needed = len(grams) - 4 * edits
        near = [form for form, n in shared.most_common(MAX_FUZZY_FORMS) if n >= needed]
        for form in near:
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
            for term in self._by_loose[form]:
                literal = min(MAX_LITERAL_EDITS,
                              OSA.distance(word, term, score_cutoff=MAX_LITERAL_EDITS))
                matches.setdefault(term, score - LITERAL_EDIT * literal)
        return matches

    def _best(self, rank: dict[int, float], limit: int,
              tiebreak: Callable[[int], object] | None = None) -> list[int]:
        if len(rank) > 2 * limit:
            # Keep only records at least as good as the limit-th, filtering in C, so the
            # sort with a Python key sees few records (all ties at the cut stay).
            level = heapq.nlargest(limit, rank.values())[-1]
            rank = {r: rank[r] for r in compress(rank.keys(), map(level.__le__, rank.values()))}
        if tiebreak is None:
            shorter = self._tiebreak
            return sorted(rank, key=lambda r: (-rank[r], shorter[r], r))[:limit]
        return sorted(rank, key=lambda r: (-rank[r], tiebreak(r), r))[:limit]
