"""200 caseworkers on one PostgreSQL: each operation's p50 and p95 as a ratio to one
caseworker alone in the same run, the errors and the drafts lost (issue 12, item 6).

    python benchmarks/load.py [--caseworkers 200] [--seconds 120] [--processes 8]
                              [--citizens N] [--url postgresql+psycopg://...] [--quick]

The database: a throwaway PostgreSQL server (as the test suite starts it: tests/
postgres_server.py, in RAM, fsync off, max_connections raised for 2 per caseworker) with
the large demo built into it (50,000 citizens, 800 caseworkers in 40 teams; the build
takes long on a small machine: `--citizens` scales it down, 13,750 still has 220
caseworkers). `--url` uses a database you have instead: one holding a demo is used as
it is (nothing is changed but what the caseworkers do), an empty one gets the demo.
`--quick`: 20 caseworkers for 20 seconds on a demo of 2,000 citizens.

Each simulated caseworker is one of the demo's caseworkers and one PrepDesk: its own
engine (data/db.py: at most 2 connections), its own citizen index cache, and this loop,
calling core as the screens do, with a few seconds' thinking between the steps:

  open my day    core.my_day.my_day                 (the start screen)
  search         CitizenIndexCache.search, twice    (a part of the name, then all of it)
  open file      core.citizen_file.open_file         (the file opens; the look is logged)
  timeline       core.timeline.timeline              (the file's timeline, on mount)
  open notes     core.meeting_mode.start             (meeting mode on one of their meetings)
  save draft     core.notes.save_draft, every 2 s, 5 times, the text growing
  finish notes   core.notes.finish

After the last save the draft is read back (meeting_mode.start): a draft that is not what
was saved last is a lost draft. Every app's outbox thread looks for its user's due mail
every 30 s (the job centre's sender service sends the rest).
The citizen index itself (50,000 names) is built once per process and handed to each
caseworker's cache, as if each app had built its own at login; the fingerprint query
each search costs (a read of the change log) is paid per caseworker.

Processes, each running its share of the caseworkers in threads (most of a caseworker's
time is thinking), so that the clients' Python is not one process's GIL. First one
caseworker alone (no thinking, for enough calls), then all of them at once. On one small
machine the clients, the server and anything else running share the cores: the figures
are an upper bound of what a server of its own would show. Printed: p50 and p95 of each
operation under load as a ratio to alone (target: p95 at most 2x), errors (by kind) and
lost drafts; absolute times only as a noisy aside.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from datetime import time as clock_time
from functools import partial
from pathlib import Path

from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from prepdesk.config import Settings
from prepdesk.core import citizen_file, meeting_mode, notes, timeline
from prepdesk.core.citizen_search import CitizenIndexCache
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.my_day import my_day
from prepdesk.data import db
from prepdesk.data import models as m
from prepdesk.delivery.outbox import send_due
from prepdesk.demo.build import build_demo, meeting_day
from prepdesk.demo.settings import demo_settings

TESTS = Path(__file__).resolve().parent.parent / "tests"
MONDAY = date(2026, 11, 23)  # the day the benchmark builds its demo for
OPERATIONS = ("open my day", "search", "open file", "timeline", "open notes", "save draft",
              "finish notes")
DRAFT_EVERY = 2.0  # seconds, as meeting mode saves while the caseworker types
DRAFTS = 5
THINK = (1.0, 4.0)  # seconds between steps
OUTBOX_EVERY = 30.0
SOLO_CYCLES = 8  # rounds alone, before and after: enough calls of each for a p95


@dataclass
class Plan:
    """One simulated caseworker: who, and the meetings they will write notes for."""

    user: CurrentUser
    meetings: list[tuple[int, int, str]]  # meeting id, citizen id, citizen's name


@dataclass
class Outcome:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    statements: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    drafts_checked: int = 0
    drafts_lost: int = 0
    cpu_seconds: float = 0.0

    def add(self, other: Outcome) -> None:
        for name, values in other.times.items():
            self.times[name].extend(values)
        self.errors.update(other.errors)
        for name, values in other.statements.items():
            self.statements[name].extend(values)
        self.drafts_checked += other.drafts_checked
        self.drafts_lost += other.drafts_lost
        self.cpu_seconds += other.cpu_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caseworkers", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--citizens", type=int, help="scale the large demo down to N citizens")
    parser.add_argument("--url", help="a PostgreSQL database to use instead of a throwaway one")
    parser.add_argument("--quick", action="store_true",
                        help="20 caseworkers, 20 seconds, a demo of 2,000 citizens")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    if args.quick:
        args.caseworkers, args.seconds = 20, 20.0
        args.processes = min(args.processes, 2)
        args.citizens = args.citizens or 2_000
    server = None
    try:
        if args.url:
            url = args.url
        else:
            server, url = _throwaway_server(args.caseworkers)
        day, citizens = _demo(url, args.citizens)
        plans = _plans(url, args.caseworkers + 1)
        solo, crowd = plans[0], plans[1:]
        print(f"{len(crowd)} caseworkers in {args.processes} processes for {args.seconds:.0f} s "
              f"on one PostgreSQL; the demo has {citizens:,} citizens; meetings of {day}.",
              flush=True)
        # Alone before and after the crowd, half the rounds each: the machine's other work
        # drifts during a run, and both halves see it.
        print("One caseworker alone ...", flush=True)
        alone = _run([[solo]], url, day, seconds=None, seed=args.seed)
        print(f"{len(crowd)} caseworkers at once ...", flush=True)
        shares = [crowd[i::args.processes] for i in range(args.processes)]
        server_side = _ServerSide(url)
        crowded = _run([s for s in shares if s], url, day, seconds=args.seconds, seed=args.seed)
        server_side.stop()
        print("One caseworker alone again ...", flush=True)
        alone.add(_run([[Plan(solo.user, solo.meetings[SOLO_CYCLES:])]], url, day, seconds=None,
                       seed=args.seed + 1))
        _report(alone, crowded, len(crowd), args.seconds)
        server_side.report(args.seconds)
        return 0 if not crowded.errors and not crowded.drafts_lost else 1
    finally:
        if server is not None:
            server.stop()


# --- the database ----------------------------------------------------------------------------


def _throwaway_server(caseworkers: int):
    sys.path.insert(0, str(TESTS))
    import postgres_server

    bin_dir = postgres_server.find_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL's server programs (pg_ctl, initdb) are not installed.")
    # Two connections per app, the outbox's and some to spare; per-statement figures.
    postgres_server._FAST_SETTINGS += f" -c max_connections={2 * caseworkers + 50}"
    if (bin_dir.parent / "lib" / "pg_stat_statements.so").exists():
        postgres_server._FAST_SETTINGS += " -c shared_preload_libraries=pg_stat_statements"
    server = postgres_server.PostgresServer(bin_dir)
    server.start()
    name = server.create_database()
    return server, server.url(name)


def _demo(url: str, citizens: int | None) -> tuple[date, int]:
    """The demo's meeting day and its number of citizens; built first when empty."""
    engine = db.open_engine(url)
    try:
        db.upgrade(engine)
        with engine.connect() as connection:
            built_at = connection.scalar(select(m.DemoInfo.built_at).order_by(m.DemoInfo.id.desc()))
        if built_at is None:
            started = time.perf_counter()
            print("Building the large demo"
                  + (f" scaled to {citizens:,} citizens" if citizens else "") + " ...", flush=True)
            build_demo(engine, scale="large", today=MONDAY, citizens=citizens)
            print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
            built_on = MONDAY
        else:
            built_on = built_at.astimezone(LOCAL_TIMEZONE).date()
        with engine.connect() as connection:
            count = connection.scalar(select(func.count()).select_from(m.Citizen))
        return meeting_day(built_on), count
    finally:
        engine.dispose()


def _plans(url: str, wanted: int) -> list[Plan]:
    """The `wanted` active caseworkers with the most planned meetings whose notes are not
    written, with those meetings (their own citizens' only, as the screens offer them)."""
    engine = db.open_engine(url)
    try:
        with db.session_factory(engine)() as session:
            open_meetings = (
                select(m.Meeting.id, m.Meeting.caseworker_id, m.Citizen.id, m.Citizen.first_name,
                       m.Citizen.last_name)
                .join(m.Citizen, m.Citizen.id == m.Meeting.citizen_id)
                .join(m.CaseworkerAssignment,
                      (m.CaseworkerAssignment.citizen_id == m.Citizen.id)
                      & (m.CaseworkerAssignment.caseworker_id == m.Meeting.caseworker_id)
                      & m.CaseworkerAssignment.ended_at.is_(None))
                .outerjoin(m.Note, m.Note.meeting_id == m.Meeting.id)
                .where(m.Meeting.status == "planned", m.Note.id.is_(None))
                .order_by(m.Meeting.starts_at, m.Meeting.id)
            )
            meetings: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
            for meeting_id, worker_id, citizen_id, first, last in session.execute(open_meetings):
                meetings[worker_id].append((meeting_id, citizen_id, f"{first} {last}"))
            workers = session.execute(
                select(m.Caseworker, m.Team.name).outerjoin(m.Team, m.Team.id == m.Caseworker.team_id)
                .where(m.Caseworker.active, m.Caseworker.role == "caseworker")
            ).all()
    finally:
        engine.dispose()
    workers.sort(key=lambda row: (-len(meetings[row[0].id]), row[0].id))
    plans = [Plan(CurrentUser(w.id, w.name, w.role, w.team_id, team, w.email, w.phone),
                  meetings[w.id]) for w, team in workers[:wanted] if meetings[w.id]]
    if len(plans) < wanted:
        raise SystemExit(f"The demo has {len(plans)} caseworkers with planned meetings; "
                         f"{wanted} are needed. Build it with more citizens.")
    return plans


class _ServerSide:
    """What the server did meanwhile, when it runs on this machine: the CPU time of the
    postmaster and its backends (/proc), and the statements that took the most time
    (pg_stat_statements, when the server preloads it)."""

    def __init__(self, url: str) -> None:
        import psycopg

        parsed = make_url(url)
        self._connect = lambda: psycopg.connect(
            host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
            dbname=parsed.database, autocommit=True)
        self.statements: list[tuple] = []
        self.postmaster = None
        with self._connect() as connection:
            try:
                connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
                connection.execute("SELECT pg_stat_statements_reset()")
                self.measuring = True
            except psycopg.Error:
                self.measuring = False
            try:
                text = connection.execute("SELECT pg_read_file('postmaster.pid')").fetchone()[0]
                self.postmaster = int(text.split()[0])
            except (psycopg.Error, ValueError, IndexError):
                pass
        self.cpu = self._server_cpu()

    def _server_cpu(self) -> float | None:
        if self.postmaster is None or not Path(f"/proc/{self.postmaster}").exists():
            return None
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(stat.parent.name), int(fields[1])
            if pid == self.postmaster:  # its own time, and its ended children's
                total += sum(int(value) for value in fields[11:15])
            elif ppid == self.postmaster:
                total += int(fields[11]) + int(fields[12])
        return total / ticks

    def stop(self) -> None:
        after = self._server_cpu()
        self.cpu = None if after is None or self.cpu is None else after - self.cpu
        if self.measuring:
            with self._connect() as connection:
                self.statements = connection.execute(
                    "SELECT calls, total_exec_time, mean_exec_time, query FROM pg_stat_statements"
                    " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    " ORDER BY total_exec_time DESC LIMIT 6").fetchall()

    def report(self, seconds: float) -> None:
        if self.cpu is not None:
            print(f"The server used {self.cpu / seconds:.2f} CPU cores meanwhile.")
        if self.statements:
            print("The statements that took the server the most time under load:")
            for calls, total, mean, query in self.statements:
                print(f"  {total / seconds / 10:5.1f} % of a core  {calls:>7} calls  "
                      f"{mean:7.2f} ms  {' '.join(query.split())[:90]}")


# --- running them ----------------------------------------------------------------------------


def _run(shares: list[list[Plan]], url: str, day: date, *, seconds: float | None,
         seed: int) -> Outcome:
    """Run each share in a process of its own, all starting together; their outcomes."""
    processes = multiprocessing.get_context("fork")
    results = processes.Queue()
    ready = processes.Barrier(len(shares) + 1)
    workers = [processes.Process(target=_process, args=(share, url, day, seconds, seed + n,
                                                        ready, results))
               for n, share in enumerate(shares)]
    for worker in workers:
        worker.start()
    ready.wait()  # every process has opened its engines and its citizen index
    total = Outcome()
    for _ in workers:
        total.add(results.get())
    for worker in workers:
        worker.join()
    return total


def _process(share: list[Plan], url: str, day: date, seconds: float | None, seed: int,
             ready, results) -> None:
    import threading

    now = datetime.combine(day, clock_time(16, 0), tzinfo=LOCAL_TIMEZONE)
    settings = demo_settings(Settings(), "large")  # as `prepdesk demo` runs
    engines = [db.open_engine(url) for _plan in share]  # one PrepDesk each
    contexts = [Context(sessions=db.session_factory(engine), user=plan.user, settings=settings,
                        clock=lambda: now) for engine, plan in zip(engines, share, strict=True)]
    index_cache = CitizenIndexCache(contexts[0])
    index_cache.get()  # built once here, handed to every caseworker's cache below
    outcome = Outcome()
    lock = threading.Lock()
    ready.wait()
    started_cpu = time.process_time()
    deadline = None if seconds is None else time.monotonic() + seconds
    threads = [threading.Thread(target=_caseworker,
                                args=(ctx, plan, index_cache, deadline, random.Random(seed * 1000 + n),
                                      outcome, lock))
               for n, (ctx, plan) in enumerate(zip(contexts, share, strict=True))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.cpu_seconds = time.process_time() - started_cpu
    for engine in engines:
        engine.dispose()
    outcome.times, outcome.statements = dict(outcome.times), dict(outcome.statements)
    results.put(outcome)


class _Nowhere:
    """The outbox's transport: the demo's due letters are taken and dropped."""

    def send(self, *_args) -> None:
        pass

    def close(self) -> None:
        pass


def _caseworker(ctx: Context, plan: Plan, shared: CitizenIndexCache, deadline: float | None,
                rng: random.Random, outcome: Outcome, lock) -> None:
    """One caseworker's day: the loop of the module's text until the deadline (alone: for
    SOLO_CYCLES rounds without thinking)."""
    alone = deadline is None
    search = CitizenIndexCache(ctx)
    search._index = shared._index  # built at login
    search._seen = replace(shared._seen, gaps=dict(shared._seen.gaps))
    times: dict[str, list[float]] = defaultdict(list)
    statements: dict[str, list[int]] = defaultdict(list)
    errors: Counter = Counter()
    executed = [0]  # SQL statements this caseworker's app has sent (its own engine)
    event.listen(ctx.sessions.kw["bind"], "before_cursor_execute",
                 lambda *_args: executed.__setitem__(0, executed[0] + 1))
    checked = lost = 0
    next_outbox = time.monotonic() + rng.uniform(0, OUTBOX_EVERY)

    def over() -> bool:
        return deadline is not None and time.monotonic() >= deadline

    def think(low: float = THINK[0], high: float = THINK[1]) -> None:
        nonlocal next_outbox
        if not alone:
            time.sleep(min(rng.uniform(low, high), max(0.0, deadline - time.monotonic())))
        if time.monotonic() >= next_outbox:  # the app's outbox thread, on its own clock
            next_outbox += OUTBOX_EVERY
            call("outbox", lambda: send_due(ctx.sessions, ctx.settings, ctx.clock(),
                                            transport=_Nowhere(), author_id=ctx.user.id))

    def call(name: str, operation):
        before, started = executed[0], time.perf_counter()
        try:
            result = operation()
        except Exception as error:  # noqa: BLE001 - counted and reported by kind
            errors[f"{name}: {type(error).__name__}: {str(error).splitlines()[0][:120]}"] += 1
            return None
        times[name].append(time.perf_counter() - started)
        statements[name].append(executed[0] - before)
        return result

    try:
        if not alone:
            time.sleep(rng.uniform(0, THINK[1]))  # not all at the same second
        checked, lost = _cycles(ctx, plan, search, alone, rng, over, think, call)
    except Exception as error:  # noqa: BLE001 - a bug of the benchmark: counted, shown
        traceback.print_exc()
        errors[f"benchmark: {type(error).__name__}: {error}"] += 1
    with lock:
        for name, values in times.items():
            outcome.times[name].extend(values)
        for name, values in statements.items():
            outcome.statements[name].extend(values)
        outcome.errors.update(errors)
        outcome.drafts_checked += checked
        outcome.drafts_lost += lost


def _cycles(ctx, plan, search, alone, rng, over, think, call) -> tuple[int, int]:
    """The loop itself: (drafts read back, drafts lost)."""
    checked = lost = 0
    cycles = 0
    for meeting_id, citizen_id, name in plan.meetings:
        if over() or (alone and cycles >= SOLO_CYCLES):
            break
        cycles += 1
        call("open my day", lambda: my_day(ctx))
        think()
        if over():
            break
        call("search", partial(search.search, name[:3]))
        call("search", partial(search.search, name))
        think()
        call("open file", partial(citizen_file.open_file, ctx, citizen_id))
        call("timeline", partial(timeline.timeline, ctx, citizen_id))
        think()
        if over():
            break
        start = call("open notes", partial(meeting_mode.start, ctx, meeting_id))
        if start is None:
            continue
        content, version, saved = start.content, start.draft_version, None
        key = "facts"  # every meeting's notes have it, agenda or not
        text = ""
        for n in range(DRAFTS):
            if not alone:
                time.sleep(DRAFT_EVERY)
            text += f"Runde {n + 1}: borgeren fortalte om ugen, og vi talte om næste skridt. "
            content = content.with_text(key, text)
            answer = call("save draft", partial(notes.save_draft, ctx, meeting_id, content,
                                                seen_version=version))
            if answer is not None:
                version, saved = answer.version, content
        if saved is not None:
            back = call("read back", partial(meeting_mode.start, ctx, meeting_id))
            checked += 1
            if back is None or back.draft != saved or back.draft_version != version:
                lost += 1
        if over():
            break
        think()
        call("finish notes", partial(notes.finish, ctx, meeting_id, content))
        think()
    return checked, lost


# --- the figures -----------------------------------------------------------------------------


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def _report(alone: Outcome, crowd: Outcome, caseworkers: int, seconds: float) -> None:
    print()
    print(f"{'operation':14}{'calls':>8}{'p50':>9}{'p95':>9}{'SQL/call':>10}   "
          "(p50, p95: × one caseworker alone)")
    missed = []
    aside = []
    for name in OPERATIONS:
        solo, many = alone.times.get(name, []), crowd.times.get(name, [])
        if not solo or not many:
            print(f"{name:14}{len(many):>8}{'-':>9}{'-':>9}")
            continue
        p50 = statistics.median(many) / statistics.median(solo)
        p95 = _p95(many) / _p95(solo)
        if p95 > 2.0:
            missed.append(name)
        sql = statistics.mean(alone.statements.get(name) or [0])
        print(f"{name:14}{len(many):>8}{p50:>9.1f}{p95:>9.1f}{sql:>10.1f}")
        aside.append(f"{name} {statistics.median(solo) * 1000:.0f}/{_p95(solo) * 1000:.0f} → "
                     f"{statistics.median(many) * 1000:.0f}/{_p95(many) * 1000:.0f}")
    errors = sum(crowd.errors.values())
    print()
    print(f"errors: {errors}   lost drafts: {crowd.drafts_lost} of {crowd.drafts_checked} "
          "read back")
    for kind, count in crowd.errors.most_common(8):
        print(f"  {count:>6} × {kind}")
    for kind, count in alone.errors.most_common(8):
        print(f"  {count:>6} × (alone) {kind}")
    print("target (p95 at most 2× alone, no errors, no lost drafts): "
          + ("met" if not missed and not errors and not crowd.drafts_lost else
             "missed" + (f" for {', '.join(missed)}" if missed else "")))
    calls = sum(len(values) for values in crowd.times.values())
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"(noisy aside, this machine: p50/p95 ms alone → under load: {'; '.join(aside)}. "
          f"{calls / seconds:.0f} calls/s; the clients used {crowd.cpu_seconds / seconds:.2f} "
          f"CPU cores; load average {load}; {os.cpu_count()} cores.)")


if __name__ == "__main__":
    sys.exit(main())
