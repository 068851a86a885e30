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
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass, field, replace

from sqlalchemy import and_, func
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.access import mask_cpr
from prepdesk.core.apart import AT_LEAST, Stopped, built_apart
from prepdesk.core.context import Context, CurrentUser
from prepdesk.core.fuzzy_index import FuzzyIndex, collector_paused
from prepdesk.core.mapped import owned
from prepdesk.core.packed import PackedStrings, give_back_memory, return_large_blocks
from prepdesk.core.transaction import reading, writing
from prepdesk.data.db import release_cache
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
    """One citizen as read, before the index packs it in its columns."""

    name: str
    cpr: str = field(repr=False)  # ten digits; used to find, never handed out
    team_id: int | None
    caseworker_ids: tuple[int, ...]  # current assignments; a tuple is a quarter of a set
    active: bool


class CitizenIndex:
    """Every citizen's name and CPR number, ready to search. Never changes (but for a
    cache of who may see whom): `refreshed` returns a new index, so a search in a worker
    never sees half a change.

    Kept in columns indexed by citizen id (issue 17: a dict of one object per citizen,
    and frozensets per team and caseworker, held 16 MB at 50,000 citizens): names and
    CPR numbers packed (`PackedStrings`), whether a citizen is active in a bytearray,
    the ids per team and per caseworker in arrays."""

    def __init__(self) -> None:
        """An empty index; use `load`."""
        self._names = FuzzyIndex(weights=(1.0,))
        self._name = PackedStrings().packed(0)
        self._cpr = PackedStrings().packed(0)  # digits: used to find, never handed out
        self._state = bytearray()  # id -> 0: no such citizen, 1: inactive, 2: active
        # Ids sorted by CPR number: a birth date is a range.
        self._cpr_order = array("i")
        self._by_team: dict[int, array] = {}
        self._by_caseworker: dict[int, array] = {}
        self._visible: dict[tuple[int, int | None], frozenset[int]] = {}  # per user, on demand

    @classmethod
    def load(cls, session: Session) -> CitizenIndex:
        """Index every citizen in the database, in one query of only the columns needed.
        Many citizens (`apart.AT_LEAST`) are read here, packed, and indexed in a process
        of its own (core/apart.py), its arrays mapped from a file (core/mapped.py): the
        build's small objects kept 9 MiB of the app's memory for an index of 3 (issue 17);
        now 3.5, 4.8 after a search, at 50,000 citizens."""
        with collector_paused():
            rows = _Rows.read(session)
        release_cache(session)
        if len(rows) >= AT_LEAST:
            index = built_apart(CitizenIndex._from_rows, rows, at_least=0, mapped=True)
        else:
            index = cls._from_rows(rows)
        del rows
        give_back_memory()
        return index

    @classmethod
    def _from_rows(cls, rows: Iterable[tuple[int, _Citizen, str]]) -> CitizenIndex:
        with collector_paused():
            return cls._load(rows)

    @classmethod
    def _load(cls, rows: Iterable[tuple[int, _Citizen, str]]) -> CitizenIndex:
        # Each citizen is packed as it is read: 150,000 rows held at once as objects, with
        # the index built among them, left the process 26 MB larger than its index.
        index = cls()
        names, cprs, state = PackedStrings(), PackedStrings(), bytearray()
        teams: defaultdict[int, array] = defaultdict(lambda: array("i"))
        caseworkers: defaultdict[int, array] = defaultdict(lambda: array("i"))
        ids = array("i")

        def records() -> Iterator[tuple[int, tuple[str]]]:
            for cid, citizen, key in rows:
                ids.append(cid)
                names.put(cid, citizen.name)
                cprs.put(cid, citizen.cpr)
                if cid >= len(state):
                    state.extend(bytes(max(cid + 1 - len(state), len(state))))
                state[cid] = 2 if citizen.active else 1
                if citizen.team_id is not None:
                    teams[citizen.team_id].append(cid)
                for caseworker_id in citizen.caseworker_ids:
                    caseworkers[caseworker_id].append(cid)
                yield cid, (key,)

        index._names = FuzzyIndex.build(records(), weights=(1.0,))
        size = max(ids, default=-1) + 1
        index._name, index._cpr, index._state = names.packed(size), cprs.packed(size), state[:size]
        index._cpr_order = array("i", sorted(ids, key=index._cpr_key))
        index._by_team, index._by_caseworker = dict(teams), dict(caseworkers)
        return index

    def _cpr_key(self, citizen_id: int) -> tuple[str, int]:
        return self._cpr[citizen_id], citizen_id

    def refreshed(self, session: Session, citizen_id: int) -> CitizenIndex:
        """A new index with this citizen read again: new, renamed, moved to another team,
        assigned to another caseworker, or deleted. Milliseconds, not a rebuild."""
        new = self._copy()
        if citizen_id in self:
            del new._cpr_order[new._cpr_order.index(citizen_id)]
            new._state[citizen_id] = 0
            for groups in (new._by_team, new._by_caseworker):
                for key, ids in list(groups.items()):
                    if citizen_id in ids:
                        rest = array("i", [i for i in ids if i != citizen_id])
                        if rest:
                            groups[key] = rest
                        else:
                            del groups[key]
        found = _read(session, citizen_id).get(citizen_id)
        if found is None:
            new._names = new._names.without_record(citizen_id)
            return new
        citizen, key = found
        new._names = new._names.with_record(citizen_id, (key,))
        new._name = new._name.with_changes({citizen_id: citizen.name})
        new._cpr = new._cpr.with_changes({citizen_id: citizen.cpr})
        if citizen_id >= len(new._state):
            new._state.extend(bytes(citizen_id + 1 - len(new._state)))
        new._state[citizen_id] = 2 if citizen.active else 1
        position = bisect_left(new._cpr_order, new._cpr_key(citizen_id), key=new._cpr_key)
        new._cpr_order.insert(position, citizen_id)
        # Copies: an index built apart has its large arrays mapped, read-only.
        if citizen.team_id is not None:
            new._by_team[citizen.team_id] = owned(new._by_team.get(citizen.team_id, array("i")))
            new._by_team[citizen.team_id].append(citizen_id)
        for caseworker_id in citizen.caseworker_ids:
            ids = new._by_caseworker[caseworker_id] = owned(
                new._by_caseworker.get(caseworker_id, array("i")))
            ids.append(citizen_id)
        return new

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, citizen_id: object) -> bool:
        return isinstance(citizen_id, int) and 0 <= citizen_id < len(self._state) \
            and self._state[citizen_id] != 0

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
        return [CitizenHit(citizen_id, self._name[citizen_id], mask_cpr(self._cpr[citizen_id]),
                           score, self._state[citizen_id] == 2)
                for citizen_id, score in found]

    def _visible_to(self, user: CurrentUser) -> frozenset[int] | None:
        """The ids `user` may find, None for everyone; computed once per user and index."""
        if user.role == "admin":
            return None
        key = (user.id, user.team_id)
        visible = self._visible.get(key)
        if visible is None:
            team = self._by_team.get(user.team_id, ()) if user.team_id is not None else ()
            visible = self._visible[key] = frozenset(team).union(
                self._by_caseworker.get(user.id, ()))
        return visible

    def _by_cpr(
        self, digits: str, visible: Set[int] | None, limit: int,
    ) -> list[tuple[int, float]]:
        # A whole birth date or a whole number, never a start of the serial number (see the
        # module's text): a CPR number is ten digits, so a birth date is a range of them.
        if len(digits) not in (BIRTH_DATE_DIGITS, CPR_DIGITS) or limit <= 0:
            return []
        cpr = self._cpr.__getitem__
        start = bisect_left(self._cpr_order, digits, key=cpr)
        end = bisect_left(self._cpr_order, digits[:-1] + chr(ord(digits[-1]) + 1), start,
                          key=cpr)
        found = set(self._cpr_order[start:end])
        if len(digits) == CPR_DIGITS:
            found = {cid for cid in found if cpr(cid) == digits}
        if visible is not None:
            found &= visible
        score = CPR_WHOLE if len(digits) == CPR_DIGITS else CPR_BIRTH_DATE
        return [(cid, score) for cid in sorted(found)][:limit]

    def _copy(self) -> CitizenIndex:
        new = CitizenIndex.__new__(CitizenIndex)
        new._names, new._name, new._cpr = self._names, self._name, self._cpr
        new._state, new._cpr_order = bytearray(self._state), owned(self._cpr_order)
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
        return_large_blocks()  # what each search lets go is given back (issue 17)
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
        except (UserError, Stopped):  # Stopped: the app closed while it was built
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


class _Rows:
    """Citizens read for a build, packed (name, CPR number and search key in one UTF-8
    buffer; team, state and caseworkers in arrays), to be built from here or sent to a
    process of its own (core/apart.py) as a few buffers."""

    def __init__(self) -> None:
        self._ids, self._teams = array("i"), array("i")  # team -1: none
        self._active = bytearray()
        self._sizes = array("I")  # name, cpr, key per citizen
        self._counts, self._caseworkers = array("H"), array("i")
        self._blob = bytearray()

    @classmethod
    def read(cls, session: Session) -> _Rows:
        rows = cls()
        for cid, citizen, key in _stream(session):
            rows._ids.append(cid)
            rows._teams.append(-1 if citizen.team_id is None else citizen.team_id)
            rows._active.append(citizen.active)
            rows._counts.append(len(citizen.caseworker_ids))
            rows._caseworkers.extend(citizen.caseworker_ids)
            for text in (citizen.name, citizen.cpr, key):
                data = text.encode()
                rows._sizes.append(len(data))
                rows._blob += data
        return rows

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[tuple[int, _Citizen, str]]:
        blob, sizes, at, worker_at = memoryview(self._blob), self._sizes, 0, 0
        for row, (cid, team, active, count) in enumerate(
                zip(self._ids, self._teams, self._active, self._counts, strict=True)):
            texts = []
            for size in sizes[3 * row : 3 * row + 3]:
                texts.append(str(blob[at : at + size], "utf-8"))
                at += size
            caseworkers = tuple(self._caseworkers[worker_at : worker_at + count])
            worker_at += count
            yield cid, _Citizen(texts[0], texts[1], None if team < 0 else team, caseworkers,
                                bool(active)), texts[2]


def _read(session: Session, citizen_id: int) -> dict[int, tuple[_Citizen, str]]:
    """One citizen, with its search key (the folded name)."""
    return {cid: (citizen, key) for cid, citizen, key in _stream(session, citizen_id)}


def _stream(session: Session, citizen_id: int | None = None) -> Iterator[tuple[int, _Citizen, str]]:
    """Every citizen, or one, with its search key (the folded name), in the order of
    their ids, as the database gives them.

    One query; a citizen with several current caseworkers comes in several rows, one
    after the other. Core rows, not ORM objects: reading 50,000 citizens takes half the
    time.
    """
    current = and_(CaseworkerAssignment.citizen_id == Citizen.id,
                   CaseworkerAssignment.ended_at.is_(None))
    query = (
        select(Citizen.id, Citizen.cpr, Citizen.first_name, Citizen.last_name,
               Citizen.search_name, Citizen.team_id, Citizen.active,
               CaseworkerAssignment.caseworker_id)
        .outerjoin(CaseworkerAssignment, current)
        .order_by(Citizen.id)
    )
    if citizen_id is not None:
        query = query.where(Citizen.id == citizen_id)
    # On the statement, not the connection: a connection's options stay for the statements
    # after (an INSERT in the same transaction became a server-side cursor on PostgreSQL).
    rows = session.connection().execute(query.execution_options(yield_per=2_000))
    last: tuple[int, _Citizen, str] | None = None
    for cid, cpr, first, last_name, key, team_id, active, caseworker_id in rows:
        if last is not None and last[0] == cid:
            if caseworker_id is not None:
                citizen = last[1]
                last = (cid, replace(citizen, caseworker_ids=(*citizen.caseworker_ids,
                                                              caseworker_id)), last[2])
            continue
        if last is not None:
            yield last
        name = f"{first} {last_name}"
        ids = () if caseworker_id is None else (caseworker_id,)
        last = (cid, _Citizen(name, _NOT_DIGIT.sub("", cpr), team_id, ids, active), key or name)
    if last is not None:
        yield last
