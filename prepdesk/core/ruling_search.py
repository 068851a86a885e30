"""Search the library of appeals rulings, typos forgiven, with filters (R-RULE-2).

`RulingIndex.load(ctx)` reads number, title, keywords, summary and the filter columns
of every ruling once (a few seconds for 100,000; run it in a worker), and
`index.search(query, law=..., outcome=..., year=..., target_group=...)` answers each
keystroke in milliseconds. The text goes through the shared `FuzzyIndex`: the number,
title and keywords weigh more than the summary, so typing a ruling's number ("12-21",
"D-15-07") puts that ruling first. Filters are precomputed arrays of ids per value; the
set a choice of filters allows is made when the choice changes, not per keystroke. An
empty query lists the rulings that pass the filters, newest first.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from sqlmodel import Session, select

from prepdesk.core.context import Context
from prepdesk.core.fuzzy_index import FuzzyIndex, collector_paused
from prepdesk.core.search import fold
from prepdesk.core.transaction import reading
from prepdesk.data.models import Ruling

# The fields searched and their weights. Title first: among equal scores, the ruling with
# the shorter title ranks first.
WEIGHTS = {"title": 0.9, "number": 1.0, "keywords": 0.9, "summary": 0.6}
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


@dataclass(frozen=True, slots=True)
class _Ruling:
    number: str
    title: str
    decided_on: date
    law: str
    outcome: str
    target_group: str


class RulingIndex:
    """Every ruling's searchable text and filter values. Never changes (but for a cache of
    the last choice of filters): `refreshed` returns a new index, so a search in a worker
    never sees half a change."""

    def __init__(self) -> None:
        """An empty index; use `load`."""
        self._text = FuzzyIndex(tuple(WEIGHTS.values()), STOP_WORDS)
        self._rulings: dict[int, _Ruling] = {}
        # Per filter and value, the ids: arrays take a tenth of the memory of sets, and
        # the set of ids a choice of filters allows is made once, when the choice changes.
        self._filters: dict[str, dict[Any, array]] = {
            "law": {}, "outcome": {}, "year": {}, "target_group": {}}
        self._allowed: tuple[tuple[Any, ...], set[int] | None] = ((None,) * 4, None)
        self._newest: list[int] = []  # ids, newest decision first

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
        rows = _read(session)
        index = cls()
        index._text = FuzzyIndex.build(
            ((rid, texts) for rid, _, texts in rows), tuple(WEIGHTS.values()), STOP_WORDS)
        index._rulings = {rid: ruling for rid, ruling, _ in rows}
        for name in index._filters:
            groups: defaultdict[Any, list[int]] = defaultdict(list)
            for rid, ruling in index._rulings.items():
                groups[_filter_value(ruling, name)].append(rid)
            index._filters[name] = {value: array("i", ids) for value, ids in groups.items()}
        index._newest = sorted(index._rulings, key=index._newest_first)
        return index

    def refreshed(self, ctx: Context, ruling_ids: Iterable[int]) -> RulingIndex:
        """A new index with these rulings read again (imported, changed or deleted),
        without a rebuild: 0.1-0.2 s per ruling at 100,000 rulings. For a whole import,
        `load` again."""
        with reading(ctx) as session:
            return self._refreshed(session, ruling_ids)

    def _refreshed(self, session: Session, ruling_ids: Iterable[int]) -> RulingIndex:
        ids = set(ruling_ids)
        new = RulingIndex.__new__(RulingIndex)
        new._rulings = dict(self._rulings)
        new._filters = {name: dict(groups) for name, groups in self._filters.items()}
        new._allowed = ((None,) * 4, None)
        new._newest = [rid for rid in self._newest if rid not in ids]
        new._text = self._text
        for ruling_id in ids:
            old = new._rulings.pop(ruling_id, None)
            if old is not None:
                for name, groups in new._filters.items():
                    value = _filter_value(old, name)
                    groups[value] = array("i", [rid for rid in groups[value] if rid != ruling_id])
        found = {rid: (ruling, texts) for rid, ruling, texts in _read(session, ids)}
        for ruling_id in ids:
            if ruling_id not in found:
                if ruling_id in self._rulings:
                    new._text = new._text.without_record(ruling_id)
                continue
            ruling, texts = found[ruling_id]
            new._text = new._text.with_record(ruling_id, texts)
            new._rulings[ruling_id] = ruling
            for name, groups in new._filters.items():
                value = _filter_value(ruling, name)
                groups[value] = groups.get(value, array("i")) + array("i", [ruling_id])
            key = new._newest_first(ruling_id)
            new._newest.insert(bisect_left(new._newest, key, key=new._newest_first), ruling_id)
        return new

    def __len__(self) -> int:
        return len(self._rulings)

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
            found = self._text.search(query, limit=limit, allowed=allowed)
        else:
            listed = self._newest if allowed is None else (r for r in self._newest if r in allowed)
            found = [(rid, 0.0) for rid in islice(listed, max(limit, 0))]
        hits = []
        for rid, score in found:
            r = self._rulings[rid]
            hits.append(RulingHit(rid, r.number, r.title, r.decided_on, r.law, r.outcome, score))
        return hits

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

    def _newest_first(self, ruling_id: int) -> tuple[int, int]:
        return -self._rulings[ruling_id].decided_on.toordinal(), ruling_id


def _filter_value(ruling: _Ruling, name: str) -> Any:
    return ruling.decided_on.year if name == "year" else getattr(ruling, name)


def _read(
    session: Session, ruling_ids: set[int] | None = None,
) -> list[tuple[int, _Ruling, tuple[str, ...]]]:
    """(id, ruling, texts in the order of WEIGHTS) for every ruling, or those. Core rows,
    not ORM objects, and not the long texts (facts, decision, reasoning) the search
    ignores."""
    query = select(Ruling.id, Ruling.number, Ruling.title, Ruling.keywords, Ruling.summary,
                   Ruling.decided_on, Ruling.law, Ruling.outcome, Ruling.target_group)
    if ruling_ids is not None:
        query = query.where(Ruling.id.in_(ruling_ids))
    rows = session.connection().execute(query).all()
    # Laws, outcomes, target groups and dates repeat: one object each, not one per ruling
    # (20 MB at 100,000 rulings).
    shared = {}
    one = shared.setdefault
    return [
        (rid, _Ruling(number, title, one(decided_on, decided_on), one(law, law),
                      one(outcome, outcome), one(target_group, target_group)),
         (title, number, " ".join(map(str, keywords or ())), summary))
        for rid, number, title, keywords, summary, decided_on, law, outcome, target_group in rows
    ]
