"""The indexes of the ruling library, shared by every screen of one workspace, and kept
up to date with what colleagues import on the same database (issue 9, "shared state is
shared").

The search index and the similarity index each take seconds to build at 100,000
rulings, so a workspace builds each once (on first use, in a worker) and keeps it in one
`RulingLibrary`. When an index is used, at most every `recheck_seconds`, a thread in
the background reads a fingerprint of the library (how many rulings, the highest id, the
latest import time: one query) to see whether someone has imported or changed rulings
since. A few changed rulings are read into the search index in place; more, or
deletions, rebuild it, in the background too, while the index as it was keeps
answering. The similarity index has no update in place: it is rebuilt.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from prepdesk.core.apart import Stopped, built_apart
from prepdesk.core.context import Context
from prepdesk.core.packed import give_back_memory, return_large_blocks
from prepdesk.core.ruling_search import RulingIndex
from prepdesk.core.similar_rulings import SimilarityIndex
from prepdesk.core.transaction import reading
from prepdesk.data.models import Ruling
from prepdesk.errors import UserError

log = logging.getLogger(__name__)

RECHECK_SECONDS = 2.0  # how stale a colleague's import may be seen at most (plus a search)
REFRESH_AT_MOST = 5  # changed rulings read into the search index in place; more: rebuilt


@dataclass(frozen=True)
class Fingerprint:
    """What changes when rulings are imported, changed or removed."""

    count: int
    max_id: int | None
    imported_at: datetime | None


class RulingLibrary:
    """The search and similarity indexes of one workspace's database. Every method may
    read the database: call them in a worker. Safe to share between threads."""

    def __init__(self, *, recheck_seconds: float = RECHECK_SECONDS,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.recheck_seconds = recheck_seconds
        self._monotonic = monotonic
        return_large_blocks()  # what each search lets go is given back (issue 17)
        self._lock = threading.Lock()  # guards the fields below
        self._first_search, self._first_similarity = threading.Lock(), threading.Lock()
        self._search: tuple[Fingerprint, RulingIndex] | None = None
        self._similarity: tuple[Fingerprint, SimilarityIndex] | None = None
        self._checked_at = -math.inf
        self._building: dict[str, threading.Thread] = {}
        self._again: set[str] = set()  # work asked for again while it ran

    # --- what the screens use ----------------------------------------------------------

    def search_index(self, ctx: Context) -> RulingIndex:
        """The search index: built now if no one has built it yet (seconds at 100,000
        rulings), then kept, and brought up to date with colleagues' changes."""
        with self._first_search:
            if self._search is None:
                self._search = _built(ctx, RulingIndex._rows, _search_built)
                return self._search[1]
        current = self._search[1]  # the answer now: a look started below may replace it
        self._notice_changes(ctx)
        return current

    def similarity_index(self, ctx: Context) -> SimilarityIndex:
        """The index behind "similar to this case", as `search_index`."""
        with self._first_similarity:
            if self._similarity is None:
                self._similarity = _built(ctx, SimilarityIndex._rows, SimilarityIndex._from_rows)
                return self._similarity[1]
        current = self._similarity[1]
        self._notice_changes(ctx)
        return current

    def warm(self, ctx: Context) -> None:
        """Build the search index now, if no one has: for a thread in the background once
        my day shows, so the first F2 answers as fast as the second (issue 17). The
        similarity index is left for the file's Similar tab: most days never need it.
        With the database away, the first F2 builds it instead, and says so."""
        try:
            # A first listing reads the pages it needs of an index mapped from its file
            # (core/mapped.py) from disk now, not when F2 is pressed.
            self.search_index(ctx).search("", limit=200)  # as many as F2 lists
        except UserError as error:
            log.warning("the ruling search index was not built in advance: %s", error.message)
        except Stopped:  # the app closed while it was built
            pass

    @property
    def ready(self) -> bool:
        """Whether the search index is built (a search then answers at once)."""
        return self._search is not None

    def changed(self) -> None:
        """Rulings were just imported here: look at the library at the next use, not
        `recheck_seconds` later."""
        with self._lock:
            self._checked_at = -math.inf

    def wait(self) -> None:
        """Wait until the looks and rebuilds running in the background are done (tests,
        benchmarks)."""
        while True:
            with self._lock:
                running = list(self._building.values())
            if not running:
                return
            for thread in running:
                thread.join()

    # --- keeping up --------------------------------------------------------------------

    def _notice_changes(self, ctx: Context) -> None:
        """At most every `recheck_seconds`, look in the background whether the library
        changed: the index in hand answers meanwhile (the look reads every ruling's
        import time: a tenth of a second at 100,000 rulings)."""
        now = self._monotonic()
        with self._lock:
            if now - self._checked_at < self.recheck_seconds:
                return
            self._checked_at = now
        self._in_background("check", lambda: self._catch_up(ctx))

    def _catch_up(self, ctx: Context) -> None:
        changed: set[int] | None = None
        with reading(ctx) as session:
            latest = _fingerprint(session)
            search, similarity = self._search, self._similarity
            if search is not None and search[0] != latest:
                changed = _changed_since(session, search[0], latest)
                if changed is not None:
                    index = search[1]._refreshed(session, changed)
                    with self._lock:
                        if self._search is search:  # not replaced meanwhile
                            self._search = (latest, index)
        if search is not None and search[0] != latest and changed is None:
            self._rebuild("search", ctx, RulingIndex._rows, _search_built)
        if similarity is not None and similarity[0] != latest:
            self._rebuild("similarity", ctx, SimilarityIndex._rows, SimilarityIndex._from_rows)

    def _rebuild(self, name: str, ctx: Context, read: Callable[[Session], Any],
                 build: Callable[[Any], object]) -> None:
        def run() -> None:
            built = _built(ctx, read, build)
            with self._lock:
                setattr(self, f"_{name}", built)

        self._in_background(name, run)

    def _in_background(self, name: str, work: Callable[[], None]) -> None:
        """Run `work` in a thread of its own. When the same work is running already, it
        runs once more after it: the running one may have begun before what is to be
        seen now."""
        def run() -> None:
            while True:
                try:
                    work()
                except UserError as error:  # the database away: the next use tries again
                    log.warning("the ruling library was not brought up to date (%s): %s",
                                name, error.message)
                    with self._lock:
                        self._checked_at = -math.inf
                except Stopped:  # the app closes
                    pass
                except Exception:
                    log.exception("the ruling library was not brought up to date (%s)", name)
                with self._lock:
                    if name not in self._again:
                        self._building.pop(name, None)
                        return
                    self._again.discard(name)

        with self._lock:
            if name in self._building:
                self._again.add(name)
                return
            thread = threading.Thread(target=run, name=f"ruling library: {name}", daemon=True)
            self._building[name] = thread
        thread.start()


def _built(ctx: Context, read: Callable[[Session], Any],
           build: Callable[[Any], object]) -> tuple[Fingerprint, Any]:
    """The library's fingerprint and an index of it. The fingerprint is read first: a
    change made during the build is then seen (again) at the next check, never missed.
    The index is built after the transaction: its connection, one of the app's two
    (data/db.py), goes back at once instead of waiting through seconds of building."""
    with reading(ctx) as session:
        fingerprint, rows = _fingerprint(session), read(session)
    built = build(rows)
    del rows
    give_back_memory()  # the rows, and the free lists the reading filled
    return fingerprint, built


def _search_built(rows: Any) -> RulingIndex:
    """The search index of `rows`, built in a process of its own when they are many: the
    build's small objects would otherwise keep 24 MiB of the app's memory at 100,000
    rulings for the rest of its life (core/apart.py). Its arrays come back in a file,
    mapped: only the pages a search reads are in memory (core/mapped.py)."""
    return built_apart(RulingIndex._from_rows, rows, mapped=True)


def _fingerprint(session: Session) -> Fingerprint:
    count, max_id, imported_at = session.exec(
        select(func.count(), func.max(Ruling.id), func.max(Ruling.imported_at)).select_from(Ruling)
    ).one()
    return Fingerprint(count, max_id, imported_at)


def _changed_since(session: Session, before: Fingerprint, now: Fingerprint) -> set[int] | None:
    """The ids of the rulings added or imported again since `before`, when they are few
    and none was removed; None when the index is better built again."""
    if before.count > now.count:
        return None
    newer = Ruling.id > (before.max_id or 0)
    if before.imported_at is None:
        newer = newer | Ruling.imported_at.is_not(None)
    else:
        newer = newer | (Ruling.imported_at > before.imported_at)
    ids = session.exec(select(Ruling.id).where(newer).limit(REFRESH_AT_MOST + 1)).all()
    added = sum(1 for rid in ids if rid > (before.max_id or 0))
    if len(ids) > REFRESH_AT_MOST or now.count != before.count + added:
        return None  # many changes, or some removed
    return set(ids)
