"""Find a citizen by name, part of a name or CPR number, as fast as one can type (R-FILE-1).

`CitizenIndex.load(session)` reads every citizen once (under a second for 50,000; run it
in a worker); `index.search(query, user=user)` then answers each keystroke in a
millisecond or two, from any thread. Names go through the shared `FuzzyIndex`; a query of
digits (dashes and spaces allowed anywhere) is a CPR number: six digits are a whole birth
date (DDMMYY: everyone born that day), ten digits a whole CPR number; any other count of
digits finds no one. So the search never tells more than the birth date a hit shows
anyway: no start of the serial number ("120294056" finds no one, where it once found the
one citizen whose number starts so, and 22 searches told the whole number), and no last
four digits (which, with the birth date shown in the hit, were the whole number).

A user finds only the citizens they may see, by the same rule as `access.may_see`
(R-SEC-3), and a hit never carries the full CPR number, only DDMMYY-XXXX (R-SEC-2). A
search by the whole CPR number tells that the caseworker knew it and looked the citizen up:
`CitizenIndexCache.search` writes it to the citizen's access log (look "search_cpr",
R-SEC-1), through `access.require`.
"""

from __future__ import annotations

import math
import re
import threading
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Set
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import and_, func
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.access import mask_cpr
from prepdesk.core.context import Context, CurrentUser
from prepdesk.core.fuzzy_index import FuzzyIndex, collector_paused
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import CaseworkerAssignment, Citizen, CitizenChange
from prepdesk.errors import UserError

_CPR_QUERY = re.compile(r"[\d\s-]*\d[\d\s-]*")
_NOT_DIGIT = re.compile(r"\D")
CPR_WHOLE, CPR_BIRTH_DATE = 100.0, 74.0
BIRTH_DATE_DIGITS, CPR_DIGITS = 6, 10


def cpr_digits(query: str) -> str | None:
    """The digits of a query that is a CPR number or a part of one (digits, with dashes and
    spaces), else None (a name)."""
    stripped = query.strip()[:40]
    return _NOT_DIGIT.sub("", stripped) if _CPR_QUERY.fullmatch(stripped) else None


def is_whole_cpr(query: str) -> bool:
    """A search by the whole CPR number (ten digits): it is logged when it finds someone."""
    digits = cpr_digits(query)
    return digits is not None and len(digits) == CPR_DIGITS


def finds_no_one_by_digits(query: str) -> bool:
    """Digits that are neither a whole birth date nor a whole CPR number: the screen says
    what to type instead of "no citizens found"."""
    digits = cpr_digits(query)
    return digits is not None and len(digits) not in (BIRTH_DATE_DIGITS, CPR_DIGITS)


@dataclass(frozen=True)
class CitizenHit:
    citizen_id: int
    name: str
    masked_cpr: str  # DDMMYY-XXXX
    score: float  # 0-100, higher is better
    active: bool


@dataclass(frozen=True, slots=True)
class _Citizen:
    name: str
    cpr: str = field(repr=False)  # ten digits; used to find, never handed out
    team_id: int | None
    caseworker_ids: tuple[int, ...]  # current assignments; a tuple is a quarter of a set
    active: bool


_EMPTY: frozenset[int] = frozenset()


class CitizenIndex:
    """Every citizen's name and CPR number, ready to search. Never changes (but for a
    cache of who may see whom): `refreshed` returns a new index, so a search in a worker
    never sees half a change."""

    def __init__(self) -> None:
        """An empty index; use `load`."""
        self._names = FuzzyIndex(weights=(1.0,))
        self._citizens: dict[int, _Citizen] = {}
        # CPR numbers sorted, with the citizen ids in the same order: a birth date is a range.
        self._cprs: list[str] = []
        self._cpr_ids: list[int] = []
        self._by_team: dict[int, frozenset[int]] = {}
        self._by_caseworker: dict[int, frozenset[int]] = {}
        self._visible: dict[tuple[int, int | None], frozenset[int]] = {}  # per user, on demand

    @classmethod
    def load(cls, session: Session) -> CitizenIndex:
        """Index every citizen in the database, in one query of only the columns needed."""
        with collector_paused():
            return cls._load(session)

    @classmethod
    def _load(cls, session: Session) -> CitizenIndex:
        found = _read(session)
        index = cls()
        index._names = FuzzyIndex.build(
            ((cid, (key,)) for cid, (_, key) in found.items()), weights=(1.0,))
        index._citizens = citizens = {cid: citizen for cid, (citizen, _) in found.items()}
        pairs = sorted((c.cpr, cid) for cid, c in citizens.items())
        index._cprs = [cpr for cpr, _ in pairs]
        index._cpr_ids = [cid for _, cid in pairs]
        teams, caseworkers = defaultdict(set), defaultdict(set)
        for cid, citizen in citizens.items():
            if citizen.team_id is not None:
                teams[citizen.team_id].add(cid)
            for caseworker_id in citizen.caseworker_ids:
                caseworkers[caseworker_id].add(cid)
        index._by_team = {k: frozenset(v) for k, v in teams.items()}
        index._by_caseworker = {k: frozenset(v) for k, v in caseworkers.items()}
        return index

    def refreshed(self, session: Session, citizen_id: int) -> CitizenIndex:
        """A new index with this citizen read again: new, renamed, moved to another team,
        assigned to another caseworker, or deleted. Milliseconds, not a rebuild."""
        new = self._copy()
        old = new._citizens.pop(citizen_id, None)
        if old is not None:
            position = bisect_left(new._cprs, old.cpr)
            while new._cpr_ids[position] != citizen_id:  # "010190-1234" and "0101901234"
                position += 1
            del new._cprs[position], new._cpr_ids[position]
            _discard(new._by_team, old.team_id, citizen_id)
            for caseworker_id in old.caseworker_ids:
                _discard(new._by_caseworker, caseworker_id, citizen_id)
        found = _read(session, citizen_id).get(citizen_id)
        if found is None:
            new._names = new._names.without_record(citizen_id)
            return new
        citizen, key = found
        new._citizens[citizen_id] = citizen
        new._names = new._names.with_record(citizen_id, (key,))
        position = bisect_left(new._cprs, citizen.cpr)
        new._cprs.insert(position, citizen.cpr)
        new._cpr_ids.insert(position, citizen_id)
        _include(new._by_team, citizen.team_id, citizen_id)
        for caseworker_id in citizen.caseworker_ids:
            _include(new._by_caseworker, caseworker_id, citizen_id)
        return new

    def __len__(self) -> int:
        return len(self._citizens)

    def search(self, query: str, *, user: CurrentUser, limit: int = 50) -> list[CitizenHit]:
        """The citizens `user` may see that best match `query`, best first.

        Any string is a valid query; an empty one finds no one.
        """
        visible = self._visible_to(user)
        digits = cpr_digits(query)
        if digits is not None:
            found = self._by_cpr(digits, visible, limit)
        else:
            found = self._names.search(query, limit=limit, allowed=visible)
        hits = []
        for citizen_id, score in found:
            citizen = self._citizens[citizen_id]
            hits.append(CitizenHit(citizen_id, citizen.name, mask_cpr(citizen.cpr), score,
                                   citizen.active))
        return hits

    def _visible_to(self, user: CurrentUser) -> frozenset[int] | None:
        """The ids `user` may find, None for everyone; computed once per user and index."""
        if user.role == "admin":
            return None
        key = (user.id, user.team_id)
        visible = self._visible.get(key)
        if visible is None:
            team = self._by_team.get(user.team_id, _EMPTY) if user.team_id is not None else _EMPTY
            visible = self._visible[key] = team | self._by_caseworker.get(user.id, _EMPTY)
        return visible

    def _by_cpr(
        self, digits: str, visible: Set[int] | None, limit: int,
    ) -> list[tuple[int, float]]:
        # A whole birth date or a whole number, never a start of the serial number (see the
        # module's text): a CPR number is ten digits, so a birth date is a range of them.
        if len(digits) not in (BIRTH_DATE_DIGITS, CPR_DIGITS) or limit <= 0:
            return []
        start = bisect_left(self._cprs, digits)
        end = bisect_left(self._cprs, digits[:-1] + chr(ord(digits[-1]) + 1), start)
        found = set(self._cpr_ids[start:end])
        if len(digits) == CPR_DIGITS:
            found = {cid for cid in found if self._citizens[cid].cpr == digits}
        if visible is not None:
            found &= visible
        score = CPR_WHOLE if len(digits) == CPR_DIGITS else CPR_BIRTH_DATE
        return [(cid, score) for cid in sorted(found)][:limit]

    def _copy(self) -> CitizenIndex:
        new = CitizenIndex.__new__(CitizenIndex)
        new._names = self._names
        new._citizens = dict(self._citizens)
        new._cprs, new._cpr_ids = list(self._cprs), list(self._cpr_ids)
        new._by_team, new._by_caseworker = dict(self._by_team), dict(self._by_caseworker)
        new._visible = {}
        return new


@dataclass
class _Seen:
    """How far the index has read the change log (data/models.py CitizenChange): every
    change up to `upto`, except the ids in `gaps`. A PostgreSQL transaction may commit its
    change after a later one has committed (ids are taken at insert); its id is a gap,
    looked for again until GAP_FOR has passed (an id never committed: a rolled-back one)."""

    upto: int
    gaps: dict[int, float] = field(default_factory=dict)  # id: when it was first missed


# A change that has not committed this long after a later one was rolled back.
GAP_FOR = 600.0
MOST_GAPS = 200
RECENT = 50  # the log's last rows read when the index is built, to find gaps among them
# A search within this many seconds of the last look at the log uses the index as it is:
# typing a name is one look, and a colleague's change shows a second later.
FRESH_FOR = 1.0
# More changes than this at once (an import): build the index anew rather than one by one.
MOST_REFRESHED = 500
# The same whole CPR number searched again within this many seconds (the dialog searching
# again as Enter is pressed, a letter typed and taken back) is the same look: one row.
SAME_SEARCH_FOR = 60.0


class CitizenIndexCache:
    """The citizen index of one workspace, shared by the app and its screens.

    Built on first use. Before a search it reads the citizens changed since it last looked
    from the change log the database's triggers write (CitizenChange, migration 0009: any
    program's change to a citizen's searchable fields or assignments), a read of the log's
    primary key that usually finds nothing; only those citizens are read again
    (milliseconds), or after an import of many the index is built anew. So a search finds
    what colleagues did a moment ago (issue 9,
    item 5)."""

    def __init__(self, ctx: Context, *, fresh_for: float = FRESH_FOR,
                 timer: Callable[[], float] = time.monotonic) -> None:
        self.ctx = ctx
        self.fresh_for = fresh_for
        self._timer = timer
        self._index: CitizenIndex | None = None
        self._seen: _Seen | None = None
        self._checked_at = -math.inf
        self._lock = threading.Lock()
        self._logged: dict[str, float] = {}  # whole CPR numbers searched: when last logged

    @property
    def ready(self) -> bool:
        return self._index is not None

    def get(self) -> CitizenIndex:
        """The index, up to date with the database (checked at most every `fresh_for`
        seconds: the keystrokes of one name cost one check). Blocks: call it in a worker."""
        with self._lock:
            if self._index is not None and self._timer() - self._checked_at < self.fresh_for:
                return self._index
            with reading(self.ctx) as session:
                if self._index is None or self._seen is None:
                    self._index, self._seen = self._built(session)
                else:
                    self._index = self._caught_up(session, self._index, self._seen)
            self._checked_at = self._timer()
            return self._index

    def warm(self) -> None:
        """Build the index ahead of the first search (the app does, after login). A
        database that does not answer now is no problem yet: the first search tries
        again and says so."""
        try:
            self.get()
        except UserError:
            pass

    def search(self, query: str, *, limit: int = 50) -> list[CitizenHit]:
        """The citizens the context's user may see that best match `query`, best first.

        A search by the whole CPR number that finds a citizen is a look at them, written
        to the access log (look "search_cpr") through `access.require`, which also has the
        last word on access: a hit it refuses is not shown. The same number searched again
        within `SAME_SEARCH_FOR` seconds is the same look (access is checked again, no new
        row); a name or a birth date is not logged."""
        hits = self.get().search(query, user=self.ctx.user, limit=limit)
        if not hits or not is_whole_cpr(query):
            return hits
        digits, now = cpr_digits(query) or "", self._timer()
        again = now - self._logged.get(digits, -math.inf) < SAME_SEARCH_FOR
        allowed = []
        with writing(self.ctx) as session:
            for hit in hits:
                try:
                    access.require(session, self.ctx, hit.citizen_id,
                                   look=None if again else "search_cpr")
                except UserError:
                    continue
                allowed.append(hit)
        if allowed and not again:
            self._logged[digits] = now
        return allowed

    def _built(self, session: Session) -> tuple[CitizenIndex, _Seen]:
        # Where the log ends is read first: a change made while the index is read is read
        # again at the next search, never missed.
        # The last ids missing from the log may be changes not committed yet: gaps.
        last = session.exec(select(CitizenChange.id).order_by(CitizenChange.id.desc())
                            .limit(RECENT)).all()
        seen = _Seen(max(last, default=0))
        for missing in set(range(min(last, default=0) + 1, seen.upto)) - set(last):
            seen.gaps[missing] = self._timer()
        return CitizenIndex.load(session), seen

    def _caught_up(self, session: Session, index: CitizenIndex, seen: _Seen) -> CitizenIndex:
        """The index with the citizens changed since it last looked read again (one read
        of the log's primary key, usually finding nothing), or built anew after an import
        of many or when the log was pruned past what it had read."""
        oldest = session.exec(select(func.min(CitizenChange.id))).one()
        if oldest is not None and oldest > seen.upto + 1:
            index, self._seen = self._built(session)  # `prepdesk maintenance` pruned it
            return index
        new = (CitizenChange.id > seen.upto) | CitizenChange.id.in_(seen.gaps)
        rows = session.exec(select(CitizenChange.id, CitizenChange.citizen_id).where(new)
                            .order_by(CitizenChange.id).limit(MOST_REFRESHED + 1)).all()
        if len(rows) > MOST_REFRESHED:
            index, self._seen = self._built(session)
            return index
        now = self._timer()
        ids = {change_id for change_id, _citizen in rows}
        for missing in range(seen.upto + 1, max(ids, default=seen.upto)):
            if missing not in ids:
                seen.gaps[missing] = now
        seen.upto = max(ids, default=seen.upto)
        for change_id in ids:
            seen.gaps.pop(change_id, None)
        for change_id, missed_at in sorted(seen.gaps.items()):
            if now - missed_at > GAP_FOR or len(seen.gaps) > MOST_GAPS:
                del seen.gaps[change_id]
        for citizen_id in sorted({citizen for _change, citizen in rows}):
            index = index.refreshed(session, citizen_id)
        return index


def _read(session: Session, citizen_id: int | None = None) -> dict[int, tuple[_Citizen, str]]:
    """Every citizen, or one, with its search key (the folded name).

    One query; a citizen with several current caseworkers comes in several rows. Core
    rows, not ORM objects: reading 50,000 citizens takes half the time.
    """
    current = and_(CaseworkerAssignment.citizen_id == Citizen.id,
                   CaseworkerAssignment.ended_at.is_(None))
    query = (
        select(Citizen.id, Citizen.cpr, Citizen.first_name, Citizen.last_name,
               Citizen.search_name, Citizen.team_id, Citizen.active,
               CaseworkerAssignment.caseworker_id)
        .outerjoin(CaseworkerAssignment, current)
    )
    if citizen_id is not None:
        query = query.where(Citizen.id == citizen_id)
    found: dict[int, tuple[_Citizen, str]] = {}
    rows = session.connection().execute(query).all()
    for cid, cpr, first, last, key, team_id, active, caseworker_id in rows:
        known = found.get(cid)
        if known is None:
            name = f"{first} {last}"
            ids = () if caseworker_id is None else (caseworker_id,)
            citizen = _Citizen(name, _NOT_DIGIT.sub("", cpr), team_id, ids, active)
            found[cid] = (citizen, key or name)
        elif caseworker_id is not None:
            citizen, key = known
            found[cid] = (replace(citizen, caseworker_ids=(*citizen.caseworker_ids, caseworker_id)),
                          key)
    return found


def _include(sets: dict[Any, frozenset[int]], key: object, citizen_id: int) -> None:
    if key is not None:
        sets[key] = sets.get(key, _EMPTY) | {citizen_id}


def _discard(sets: dict[Any, frozenset[int]], key: object, citizen_id: int) -> None:
    if key is not None and key in sets:
        rest = sets[key] - {citizen_id}
        if rest:
            sets[key] = rest
        else:
            del sets[key]
