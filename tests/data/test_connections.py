"""An app holds at most two connections to a PostgreSQL server (issue 12, item 6;
docs/scaling.md), its threads never wait on each other for one, and a wait that lasts too
long is a sentence, not a traceback."""

from __future__ import annotations

import threading
import time
from contextlib import ExitStack
from dataclasses import replace

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url
from support.notes import meeting_desk
from support.people import NOW

from prepdesk.core import citizen_file, meeting_mode, notes, timeline
from prepdesk.core.citizen_search import CitizenIndexCache
from prepdesk.core.my_day import my_day
from prepdesk.data import db
from prepdesk.delivery.outbox import send_due
from prepdesk.errors import DatabaseAway
from prepdesk.i18n import _

# The app's worker threads: asyncio.to_thread's pool has min(32, cores + 4) threads, six
# on a two-core desk; the outbox thread and the citizen index's warm-up come on top.
WORKERS = 6
ROUNDS = 8

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(postgres_server, migrated_postgres):
    """A migrated database on the test server (db_url would run these on SQLite too: the
    cap is about a server's connections)."""
    name = postgres_server.create_database()
    postgres_server.recreate_database(name, template=migrated_postgres)
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


class _NoMail:
    """The outbox's transport, for a round with nothing to send."""

    def send(self, *_args) -> None:
        raise AssertionError("nothing is due")

    def close(self) -> None:
        pass


def _server_connections(monitor: psycopg.Connection, database: str) -> int:
    """The clients' connections to `database`: not the server's own autovacuum workers,
    which visit a database that was just written to (the demo) on their own schedule."""
    return monitor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        " AND backend_type = 'client backend'", (database,)).fetchone()[0]


def _wait_until_gone(monitor: psycopg.Connection, database: str) -> None:
    """A closed connection's server process ends a moment after the client lets go; on a
    loaded machine it is still listed when the next ones open, and would count as a third."""
    for _attempt in range(500):
        if _server_connections(monitor, database) == 0:
            return
        time.sleep(0.02)
    raise AssertionError("the set-up's connections never left the server")


class _Watch:
    """What the pool does per thread: a thread that takes a second connection while it
    holds one could wait forever on a pool of two (two such threads deadlock)."""

    def __init__(self, engine) -> None:
        self.held: dict[int, int] = {}
        self.nested: list[str] = []
        self._lock = threading.Lock()
        event.listen(engine, "checkout", self._out)
        event.listen(engine, "checkin", self._in)

    def _out(self, _dbapi, record, _proxy) -> None:
        me = threading.get_ident()
        with self._lock:
            if self.held.get(me):
                self.nested.append(threading.current_thread().name)
            self.held[me] = self.held.get(me, 0) + 1
        record.info["watch_thread"] = me

    def _in(self, _dbapi, record) -> None:
        me = record.info.pop("watch_thread", None)
        if me is not None:
            with self._lock:
                self.held[me] -= 1


def test_the_engine_keeps_two_connections_and_no_overflow(pg_url):
    engine = db.open_engine(pg_url)
    try:
        assert engine.pool.size() == db.POOL_SIZE == 2
        assert engine.pool._max_overflow == 0
        assert engine.pool.timeout() == db.POOL_TIMEOUT
    finally:
        engine.dispose()


def test_an_app_at_work_holds_two_connections_and_every_call_succeeds(pg_url):
    """The screens' workers opening my day, searching, opening files and saving a draft,
    with the outbox thread sending, all at once: never more than two connections on the
    server, no thread ever holding two, and every call answered."""
    the_desk = meeting_desk(pg_url)
    ctx, ids = the_desk.workspace, the_desk.ids
    engine = ctx.sessions.kw["bind"]
    search = CitizenIndexCache(ctx, fresh_for=0)  # a fingerprint query at every search
    content = meeting_mode.start(ctx, ids["meeting_today"]).content
    engine.dispose()  # the set-up's connections are not the app's at work
    watch = _Watch(engine)
    draft = {"version": None}
    draft_lock = threading.Lock()

    def save(n: int) -> None:
        with draft_lock:  # one draft save at a time, as the screen's `_saving` flag does
            saved = notes.save_draft(ctx, ids["meeting_today"],
                                     content.with_text(content.sections[0].key, f"Runde {n}"),
                                     seen_version=draft["version"])
            draft["version"] = saved.version

    calls = [
        lambda n: my_day(ctx),
        lambda n: search.search("Søren"),
        lambda n: citizen_file.open_file(ctx, ids["soeren"]),
        lambda n: timeline.timeline(ctx, ids["soeren"]),
        save,
        lambda n: send_due(ctx.sessions, ctx.settings, NOW, transport=_NoMail()),
    ]
    database = make_url(pg_url).database
    errors: list[BaseException] = []
    in_flight, most_in_flight, most_connections = [0], [0], [0]
    counting = threading.Lock()
    done = threading.Event()
    start = threading.Barrier(WORKERS)

    def worker(number: int) -> None:
        start.wait()
        for n in range(ROUNDS):
            call = calls[(number + n) % len(calls)]
            with counting:
                in_flight[0] += 1
                most_in_flight[0] = max(most_in_flight[0], in_flight[0])
            try:
                call(n)
            except BaseException as error:  # noqa: BLE001 - the test reports every one
                errors.append(error)
            finally:
                with counting:
                    in_flight[0] -= 1

    with ExitStack() as stack:
        monitor = stack.enter_context(psycopg.connect(
            host=engine.url.host, port=engine.url.port, user=engine.url.username,
            dbname="postgres", autocommit=True))
        _wait_until_gone(monitor, database)

        def look() -> None:
            while not done.is_set():
                most_connections[0] = max(most_connections[0],
                                          _server_connections(monitor, database))

        looking = threading.Thread(target=look, name="monitor")
        looking.start()
        threads = [threading.Thread(target=worker, args=(i,), name=f"worker {i}")
                   for i in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        done.set()
        looking.join()
        most_connections[0] = max(most_connections[0], _server_connections(monitor, database))
    engine.dispose()
    assert not any(thread.is_alive() for thread in threads), "a call never came back"
    assert errors == []
    assert watch.nested == []
    assert most_in_flight[0] >= 3  # more calls at once than connections: the cap was tried
    assert 1 <= most_connections[0] <= 2


def test_no_free_connection_in_time_is_the_busy_sentence(pg_url, monkeypatch):
    monkeypatch.setattr(db, "POOL_TIMEOUT", 0.2)
    the_desk = meeting_desk(pg_url)
    ctx = the_desk.workspace
    engine = ctx.sessions.kw["bind"]
    engine.dispose()
    fresh = db.open_engine(pg_url)
    ctx = replace(ctx, sessions=db.session_factory(fresh))
    try:
        with fresh.connect(), fresh.connect():  # both connections busy elsewhere in the app
            with pytest.raises(DatabaseAway) as refused:
                my_day(ctx)
        assert refused.value.message == _(
            "The database is busy right now, so nothing was saved. Try again in a moment "
            "(Reload: Ctrl+R); if it goes on, tell IT.")
        my_day(ctx)  # the connections free again: the same call works
    finally:
        fresh.dispose()


def test_prepared_statements_can_be_turned_off_for_pgbouncer(pg_url):
    engine = db.open_engine(f"{pg_url}?prepare_threshold=none")
    try:
        with engine.connect() as connection:
            assert connection.connection.dbapi_connection.prepare_threshold is None
    finally:
        engine.dispose()
    engine = db.open_engine(pg_url)
    try:
        with engine.connect() as connection:
            assert connection.connection.dbapi_connection.prepare_threshold == 5
    finally:
        engine.dispose()


def test_the_ruling_library_builds_its_indexes_with_no_connection_held(pg_url, monkeypatch):
    """Building an index takes seconds at 100,000 rulings: held through them, the search
    index and the similarity index building at once would take both of the app's
    connections, and every screen would wait."""
    from prepdesk.core import ruling_search, similar_rulings
    from prepdesk.core.ruling_library import RulingLibrary

    the_desk = meeting_desk(pg_url)
    ctx = the_desk.workspace
    engine = ctx.sessions.kw["bind"]
    held_while_building: dict[str, int] = {}

    def watched(name, build):
        def run(*args, **kwargs):
            held_while_building.setdefault(name, engine.pool.checkedout())
            return build(*args, **kwargs)
        return run

    monkeypatch.setattr(ruling_search.FuzzyIndex, "build",
                        watched("search", ruling_search.FuzzyIndex.build))
    monkeypatch.setattr(similar_rulings, "_terms", watched("similarity", similar_rulings._terms))
    with ctx.sessions() as session:
        from prepdesk.data import models as m

        session.add(m.Ruling(number="1-24", title="Førtidspension", decided_on=NOW.date(),
                             summary="Om arbejdsevnen."))
        session.commit()
    library = RulingLibrary()
    assert len(library.search_index(ctx)) >= 1
    library.similarity_index(ctx)
    assert held_while_building == {"search": 0, "similarity": 0}


def test_a_database_file_replaced_while_the_app_runs_is_a_sentence(sqlite_db_url):
    """Another file in the database's place (or a damaged one): the next operation says
    so in Danish. It was a traceback that ended the app, with the caseworker's data in it."""
    from prepdesk.errors import UserError

    the_desk = meeting_desk(sqlite_db_url)
    path = make_url(sqlite_db_url).database
    the_desk.workspace.sessions.kw["bind"].dispose()  # no connection holds the old file
    with open(path, "wb") as file:
        file.write(b"this is no database" * 1000)
    with pytest.raises(UserError, match="Databasefilen kan ikke læses"):
        my_day(the_desk.workspace)
