"""Rulings similar to a citizen's case (R-RULE-2): "Ankestyrelsen has ruled on this before".

The citizen's case is described by their target group and benefit, their specialist
statements and their recent journal entries. The rulings are ranked by the words they
share with that description, weighted as in BM25: a word that few rulings use (depression,
ordblindhed) says more than one most rulings use (kommunen). A word in a ruling's title or
keywords counts more than one only in its summary. Rulings about the same target group or
benefit get a bonus. Every suggestion carries short Danish reasons naming what matched.

Words are compared as stems (`stem`): folded as in search (æ → ae) and without their
Danish endings, so that "rygsmerterne" in a statement meets "rygsmerter" in a ruling, and
"lægelige" meets "læge".

`SimilarityIndex.load(ctx)` reads every ruling's title, keywords and summary once
(seconds for 100,000 rulings, about as long as the search index: run it in a worker and
keep it); each suggestion then costs about a tenth of a second at 100,000 rulings, a few
thousandths of scoring every ruling without the index (benchmarks/similar_rulings.py).
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.context import Context
from prepdesk.core.ruling_search import STOP_WORDS
from prepdesk.core.search import fold
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import Benefit, Citizen, JournalEntry, Ruling, Statement, TargetGroup
from prepdesk.i18n import _

if TYPE_CHECKING:
    from prepdesk.core.ruling_library import RulingLibrary

# Words as written, letters only: numbers (hours, dates, sections) name no subject.
_WRITTEN = re.compile(r"[^\W\d_]{3,}")
# The same words once folded. ASCII only, as folding leaves next to nothing else, and
# three times as fast: the index reads every ruling's summary.
_FOLDED = re.compile(r"[a-z]{3,}")
# Punctuation in nearly every ruling that would send `fold` down its slow path for
# accents (three times slower per ruling); it separates words, as a space does.
_PUNCTUATION = ("–", "—", "§", "«", "»", "“", "”", "’")
# Danish inflectional endings, folded, longest first (after the Snowball Danish stemmer's
# main step), then derivational endings that join adjective and noun: lægelig → læge.
_ENDINGS = tuple(sorted((
    "erendes erende hedens erede ethed heden heder endes ernes erens erets ered ende erne "
    "eren erer heds enes eres eret hed ene ere ens ers ets en er es et e"
).split(), key=len, reverse=True))
_DERIVED = ("elig", "lig", "els", "ig")
MIN_STEM = 4
# Common words the search's list lacks, as they only pad its index; here they would be
# named as reasons ("Ord fra erklæringer: ingen").
_STOP_WORDS = STOP_WORDS | frozenset(fold(word) for word in (
    "ingen uden kan samt mere andet andre flere fordi derfor herunder blandt ved kun igen "
    "hele helt godt både mellem således hvorfor tage får fik gør give gives kommer ny nye"
).split())
# Stems in every case file and many rulings that name no subject of their own.
_GENERIC_STEMS = frozenset(("borg", "kommun", "ankestyrels", "afgoer", "sag", "jobcent"))

SUMMARY_WEIGHT = 0.4  # a word only in the summary, against one in the title or keywords
SOURCE_WEIGHTS = {"statement": 1.0, "journal": 0.5}
# For a ruling about the citizen's target group or benefit, added to a text score of at
# most 1: enough to order rulings the words rank alike, not to outrank what the words say.
GROUP_BONUS = 0.25
REJECTED_FACTOR = 0.6  # "afvist": the Board did not judge the matter, only the complaint
MAX_QUERY_TERMS = 40  # the most telling words of the case; bounds the work per suggestion
# A word in more than this share of the rulings, and in more than MAX_COMMON of them, tells
# them too little apart to be worth its work (its postings are the longest).
MAX_SHARE, MAX_COMMON = 0.25, 1000
STATEMENTS = 20  # the newest statements read
JOURNAL_ENTRIES = 30  # the newest journal entries read
REASON_WORDS = 3  # words named per reason
MIN_GROUP_STEM = 6  # target groups match by prefix; shorter stems would match by chance
GROUP_SHARE = 0.6  # ... and the shorter stem is most of the longer
# Stems of target group and benefit names that name no group: "Personer med ...".
_GROUP_FILLER = frozenset(("modtag", "person", "maalgrupp"))


@dataclass(frozen=True)
class SimilarRuling:
    ruling_id: int
    number: str
    title: str
    score: float  # 0-100 within one suggestion list; higher is more similar
    reasons: tuple[str, ...]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of a folded word: 'rygsmerterne' -> 'rygsmert', 'laegelige' -> 'laeg'."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[: -len(ending)]
            break
    else:
        if word.endswith("s") and len(word) > MIN_STEM and word[-2] != "s":
            word = word[:-1]  # genitive and compounds: forløbs, arbejds
    for ending in _DERIVED:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[: -len(ending)]
            break
    if len(word) > MIN_STEM and word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]  # tilbuddet → tilbudd → tilbud
    return word


def words(text: str) -> Iterable[tuple[str, str]]:
    """(stem, word as written, lower-case) for each telling word of `text`."""
    for word in _WRITTEN.findall(text.lower()):
        for term in _terms(fold(word)):
            yield term, word


def _terms(folded: str) -> set[str]:
    """The stems of the telling words of folded text."""
    return set(map(stem, set(_FOLDED.findall(folded)) - _STOP_WORDS)) - _GENERIC_STEMS


class SimilarityIndex:
    """Which rulings use which stems. Read once, never changed: load a new one after an
    import."""

    def __init__(self) -> None:
        """An empty index; use `load`."""
        self._ids = array("q")  # position -> ruling id; positions are newest first
        self._strong: dict[str, array] = {}  # stem -> positions with it in title or keywords
        self._weak: dict[str, array] = {}  # stem -> positions with it only in the summary
        self._vocabulary: list[str] = []  # the strong stems, sorted, for prefix matches
        self._groups: dict[str, array] = {}  # target group or law text -> positions
        self._retired: set[int] = set()  # positions of rulings a newer ruling replaces
        self._rejected: set[int] = set()  # positions of rulings that rejected the complaint

    @classmethod
    def load(cls, ctx: Context) -> SimilarityIndex:
        """Read every ruling's title, keywords and summary and index them."""
        with reading(ctx) as session:
            return cls._load(session)

    @classmethod
    def _load(cls, session: Session) -> SimilarityIndex:
        return cls._from_rows(cls._rows(session))

    @classmethod
    def _rows(cls, session: Session) -> Sequence[Row[Any]]:
        """What the index is built from, read in the caller's transaction; `_from_rows`
        builds it after the transaction, so the connection (one of the app's two,
        data/db.py) is not held through seconds of building (ruling_library)."""
        return session.connection().execute(
            select(Ruling.id, Ruling.number, Ruling.title, Ruling.keywords, Ruling.summary,
                   Ruling.target_group, Ruling.law, Ruling.replaces, Ruling.outcome)
            .order_by(Ruling.decided_on.desc(), Ruling.id.desc())
        ).all()

    @classmethod
    def _from_rows(cls, rows: Sequence[Row[Any]]) -> SimilarityIndex:
        index = cls()
        strong: defaultdict[str, list[int]] = defaultdict(list)
        weak: defaultdict[str, list[int]] = defaultdict(list)
        groups: defaultdict[str, list[int]] = defaultdict(list)
        position_of: dict[str, int] = {}
        replaced: set[str] = set()
        for position, (rid, number, title, keywords, summary, group, law, replaces,
                       outcome) in enumerate(rows):
            index._ids.append(rid)
            if outcome == "rejected":
                index._rejected.add(position)
            position_of[number] = position
            replaced.update(replaces or ())
            # One fold for both parts: folding is most of the time spent per ruling.
            text = " ".join([title, *map(str, keywords or ()), "\x00", summary])
            for mark in _PUNCTUATION:
                if mark in text:
                    text = text.replace(mark, " ")
            named, _, summarised = fold(text).partition("\x00")
            named_terms = _terms(named)
            for term in named_terms:
                strong[term].append(position)
            for term in _terms(summarised) - named_terms:
                weak[term].append(position)
            for name in {group, law} - {""}:
                groups[name].append(position)
        index._strong = {term: array("i", ps) for term, ps in strong.items()}
        index._weak = {term: array("i", ps) for term, ps in weak.items()}
        index._vocabulary = sorted(index._strong)
        index._groups = {name: array("i", ps) for name, ps in groups.items()}
        index._retired = {position_of[n] for n in replaced if n in position_of}
        return index

    def __len__(self) -> int:
        return len(self._ids)

    def rank(self, case: CaseWords, limit: int) -> list[tuple[int, float, list[str]]]:
        """The `limit` rulings most like `case`: (ruling id, score 0-100, reasons)."""
        count = len(self._ids)
        if not count or limit <= 0:
            return []
        terms = self._telling_terms(case)
        totals: dict[int, float] = {}
        get = totals.get
        for term, weight in terms.items():
            for positions, field_weight in ((self._strong.get(term), 1.0),
                                            (self._weak.get(term), SUMMARY_WEIGHT)):
                if positions:
                    add = weight * field_weight
                    for position in positions:
                        totals[position] = get(position, 0.0) + add
        best_text = max(totals.values(), default=0.0) or 1.0
        scores = {position: total / best_text for position, total in totals.items()}
        in_group = self._about(case.group_stems)
        on_benefit = self._about(case.benefit_stems)
        for position in in_group | on_benefit:
            scores[position] = scores.get(position, 0.0) + GROUP_BONUS
        for position in self._retired:
            scores.pop(position, None)  # the ruling that replaced it is suggested instead
        for position in scores.keys() & self._rejected:
            scores[position] *= REJECTED_FACTOR
        # Positions are newest first: among equal scores the newer ruling wins.
        best = heapq.nsmallest(limit, scores, key=lambda p: (-scores[p], p))
        top = max((scores[p] for p in best), default=1.0)
        return [(self._ids[p], round(100 * scores[p] / top, 1),
                 self._reasons(p, case, terms, p in in_group, p in on_benefit))
                for p in best]

    def _telling_terms(self, case: CaseWords) -> dict[str, float]:
        """The case's words that tell rulings apart, each weighted by how often the case
        uses it and how rare it is among rulings (BM25's idf)."""
        count = len(self._ids)
        weights = {}
        for term, weight in case.weights.items():
            found = len(self._strong.get(term, ())) + len(self._weak.get(term, ()))
            if found and (found <= MAX_COMMON or found <= MAX_SHARE * count):
                weights[term] = weight * math.log(1 + (count - found + 0.5) / (found + 0.5))
        return dict(heapq.nlargest(MAX_QUERY_TERMS, weights.items(), key=lambda kv: kv[1]))

    def _about(self, group_stems: set[str]) -> set[int]:
        """The rulings whose target group, law, title or keywords name one of the stems:
        'sygedagpeng' is about 'Sygedagpengemodtagere' and 'Lov om sygedagpenge'."""
        found: set[int] = set()
        for name, positions in self._groups.items():
            if _names_group(_terms(fold(name)), group_stems):
                found.update(positions)
        for group_stem in group_stems:
            start = bisect_left(self._vocabulary, group_stem)
            for term in self._vocabulary[start:]:
                if not term.startswith(group_stem):
                    break
                if _same_group(term, group_stem):
                    found.update(self._strong[term])
            for end in range(MIN_GROUP_STEM, len(group_stem)):
                if _same_group(group_stem[:end], group_stem):
                    found.update(self._strong.get(group_stem[:end], ()))
        return found

    def _reasons(self, position: int, case: CaseWords, terms: dict[str, float],
                 in_group: bool, on_benefit: bool) -> list[str]:
        reasons = []
        if in_group:
            reasons.append(_("Same target group: {group}").format(group=case.group_name))
        if on_benefit:
            reasons.append(_("Same benefit: {benefit}").format(benefit=case.benefit_name))
        named = case.group_stems | case.benefit_stems  # named by the reasons above
        matched = [term for term in terms if term not in named and self._uses(position, term)]
        for source, title in (("statement", _("Words from statements: {words}")),
                              ("journal", _("Words from the journal: {words}"))):
            shown = [case.written[source][term] for term in matched
                     if term in case.written[source]][:REASON_WORDS]
            if shown:
                reasons.append(title.format(words=", ".join(shown)))
        return reasons

    def _uses(self, position: int, term: str) -> bool:
        return any(_contains(positions, position)
                   for positions in (self._strong.get(term), self._weak.get(term)) if positions)


def _contains(positions: array, position: int) -> bool:
    # Positions were appended in order, so each array is sorted.
    at = bisect_left(positions, position)
    return at < len(positions) and positions[at] == position


def _names_group(text_stems: set[str], group_stems: set[str]) -> bool:
    return any(_same_group(a, b) for a in text_stems for b in group_stems)


def _same_group(a: str, b: str) -> bool:
    """Whether one stem starts the other and is most of it: 'kontanthjaelp' and
    'kontanthjaelpsmodtag' name one group, 'aktivit' and 'aktivitetsparat' do not."""
    short, long = sorted((a, b), key=len)
    return (len(short) >= MIN_GROUP_STEM and len(short) >= GROUP_SHARE * len(long)
            and long.startswith(short))


@dataclass
class CaseWords:
    """What a citizen's case says, as stems: weights, and each stem as the case wrote it."""

    weights: dict[str, float]
    written: dict[str, dict[str, str]]  # source -> stem -> the word most often written
    group_name: str
    benefit_name: str
    group_stems: set[str]
    benefit_stems: set[str]

    @classmethod
    def from_texts(cls, group_name: str, benefit_name: str,
                   texts: dict[str, list[str]]) -> CaseWords:
        """`texts` per source ("statement", "journal"); the names are the citizen's target
        group and benefit (empty when none)."""
        weights: Counter[str] = Counter()
        written = {}
        for source, parts in texts.items():
            spelled: defaultdict[str, Counter[str]] = defaultdict(Counter)
            for part in parts:
                for term, word in words(part):
                    spelled[term][word] += 1
            for term, spellings in spelled.items():
                # Saturating: the tenth "smerter" in a journal adds little to the first.
                weights[term] += SOURCE_WEIGHTS[source] * (1 + math.log(spellings.total()))
            written[source] = {term: spellings.most_common(1)[0][0]
                               for term, spellings in spelled.items()}
        return cls(dict(weights), written, group_name.lower(), benefit_name.lower(),
                   _group_stems(group_name), _group_stems(benefit_name))


def _group_stems(name: str) -> set[str]:
    return {term for term, _word in words(name)
            if len(term) >= MIN_GROUP_STEM and term not in _GROUP_FILLER}


def _case_words(session: Session, citizen_id: int) -> CaseWords:
    """The citizen's target group and benefit, statements and recent journal entries."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        return CaseWords.from_texts("", "", {})
    group = session.get(TargetGroup, citizen.target_group_id) if citizen.target_group_id else None
    benefit = session.get(Benefit, citizen.benefit_id) if citizen.benefit_id else None
    statements = session.exec(
        select(Statement.title, Statement.work_capacity, Statement.restrictions, Statement.body)
        .where(Statement.citizen_id == citizen_id)
        .order_by(Statement.received_at.desc()).limit(STATEMENTS)
    ).all()
    journal = session.exec(
        select(JournalEntry.title, JournalEntry.body)
        .where(JournalEntry.citizen_id == citizen_id)
        .order_by(JournalEntry.occurred_at.desc()).limit(JOURNAL_ENTRIES)
    ).all()
    return CaseWords.from_texts(
        group.name if group else "", benefit.name if benefit else "",
        {"statement": [part for row in statements for part in row],
         "journal": [part for row in journal for part in row]},
    )


def similar_rulings(
    ctx: Context, citizen_id: int, *, limit: int = 5, library: RulingLibrary | None = None,
) -> list[SimilarRuling]:
    """The rulings most like the citizen's case, most similar first, with reasons. The
    user must have access to the citizen; the look is logged.

    Pass the workspace's `library` (core/ruling_library.py), which keeps the index and
    notices colleagues' imports; without it the whole library is read now. Rulings
    replaced by a newer ruling are left out.
    """
    # Outside the transaction: the first build reads the whole library (seconds).
    index = library.similarity_index(ctx) if library is not None else None
    with writing(ctx) as session:
        access.require(session, ctx, citizen_id, look="similar_rulings")
        if index is None:
            index = SimilarityIndex._load(session)
        case = _case_words(session, citizen_id)
        if not case.weights and not case.group_stems and not case.benefit_stems:
            return []
        ranked = index.rank(case, limit)
        found = dict(((rid, (number, title)) for rid, number, title in session.exec(
            select(Ruling.id, Ruling.number, Ruling.title)
            .where(Ruling.id.in_([rid for rid, _score, _reasons in ranked]))
        ).all()))
        return [SimilarRuling(rid, *found[rid], score, tuple(reasons))
                for rid, score, reasons in ranked if rid in found]
