"""Loading my day, as a ratio to the plain query of the week's meetings.

    python benchmarks/my_day.py [--runs 7] [--scale small] [--citizens N] [--database PATH]

A demo job centre (built once into a SQLite file, reused when --database names an
existing one) on a Monday morning; the caseworker with the most meetings this week.

The baseline, measured in the same run on the same database, is the plain SQL of the
week's meetings with their citizens: `select ... from meeting join citizen ... where
caseworker_id = ? and starts_at in the week`, on one connection, fetchall.

Measured against it, runs alternating:
  my day        `core.my_day.my_day()`: what the start screen loads (every meeting's
                preparation state is computed by the checklist's own function);
  checklists    `core.prep.checklist()` once for each of those meetings: what opening
                each meeting's preparation computes (the same work, one call each).
Printed: the ratio of medians for each, and the number of SQL statements my day runs
(in all, and per meeting of the week). Absolute times depend on the machine and are
printed only as a noisy aside.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from sqlalchemy import event, func, select, text

from prepdesk.config import Settings
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.my_day import my_day
from prepdesk.core.prep import checklist
from prepdesk.data import db
from prepdesk.data import models as m
from prepdesk.demo.build import build_demo

MONDAY = date(2026, 11, 23)
NOW = datetime.combine(MONDAY, clock(8, 0), tzinfo=LOCAL_TIMEZONE)
WEEK_END = NOW + timedelta(days=7)
PLAIN = ("select m.id, m.starts_at, m.minutes, m.kind, m.place, m.prepared_at, c.first_name,"
         " c.last_name from meeting m join citizen c on c.id = m.citizen_id"
         " where m.caseworker_id = :w and m.status = 'planned' and m.starts_at >= :start"
         " and m.starts_at < :end order by m.starts_at")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scale", default="small")
    parser.add_argument("--citizens", type=int)
    parser.add_argument("--database", type=Path, help="SQLite file to build or reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.database or Path(scratch) / "my_day.sqlite"
        engine = db.open_engine(f"sqlite:///{path}")
        db.upgrade(engine)
        with engine.connect() as connection:
            empty = connection.scalar(select(func.count()).select_from(m.Caseworker)) == 0
        if empty:
            build_demo(engine, scale=args.scale, today=MONDAY, citizens=args.citizens)
        ctx, meeting_ids = busiest(engine)
        statements = count_statements(engine, lambda: my_day(ctx))
        times: dict[str, list[float]] = {"plain": [], "my day": [], "checklists": []}
        for _ in range(args.runs):
            times["plain"].append(plain(engine, ctx.user.id))
            times["my day"].append(timed(lambda: my_day(ctx)))
            times["checklists"].append(timed(lambda: [checklist(ctx, i) for i in meeting_ids]))
        engine.dispose()
    report(times, len(meeting_ids), statements)
    return 0


def busiest(engine) -> tuple[Context, list[int]]:
    """A context for the caseworker with the most planned meetings this week, and their ids."""
    sessions = db.session_factory(engine)
    with sessions() as session:
        worker_id = session.exec(
            select(m.Meeting.caseworker_id)
            .where(m.Meeting.status == "planned", m.Meeting.starts_at >= NOW,
                   m.Meeting.starts_at < WEEK_END)
            .group_by(m.Meeting.caseworker_id).order_by(func.count().desc())
        ).first()[0]
        worker = session.get(m.Caseworker, worker_id)
        team = session.get(m.Team, worker.team_id) if worker.team_id else None
        user = CurrentUser(worker.id, worker.name, worker.role, worker.team_id,
                           team.name if team else "", worker.email, worker.phone)
        ids = [row[0] for row in session.exec(
            select(m.Meeting.id).where(m.Meeting.caseworker_id == worker_id,
                                       m.Meeting.status == "planned", m.Meeting.starts_at >= NOW,
                                       m.Meeting.starts_at < WEEK_END))]
    ctx = Context(sessions=sessions, user=user, settings=Settings(), clock=lambda: NOW)
    return ctx, ids


def count_statements(engine, call) -> int:
    seen = []

    def executed(*_args) -> None:
        seen.append(1)

    event.listen(engine, "before_cursor_execute", executed)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", executed)
    return len(seen)


def plain(engine, worker_id: int) -> float:
    with engine.connect() as connection:
        start = time.perf_counter()
        connection.execute(text(PLAIN), {"w": worker_id, "start": NOW, "end": WEEK_END}).fetchall()
        return time.perf_counter() - start


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def report(times: dict[str, list[float]], meetings: int, statements: int) -> None:
    base = statistics.median(times["plain"])
    print(f"My day of the busiest caseworker: {meetings} meetings this week; "
          f"{len(times['plain'])} runs, medians.")
    print(f"  {'core.my_day()':34} {statistics.median(times['my day']) / base:7.1f} "
          "× the plain query")
    print(f"  {'core.prep.checklist() per meeting':34} "
          f"{statistics.median(times['checklists']) / base:7.1f} × the plain query")
    print(f"  SQL statements of my day: {statements} "
          f"({statements / max(meetings, 1):.1f} per meeting of the week)")
    aside = ", ".join(f"{name} {statistics.median(values) * 1000:.1f} ms"
                      for name, values in times.items())
    print(f"  (noisy aside, this machine: {aside})")


if __name__ == "__main__":
    sys.exit(main())
