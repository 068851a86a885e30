"""The team review's figures, as a ratio to hand-written SQL for the same figures.

    python benchmarks/review_figures.py [--runs 5] [--database PATH] [--citizens N]
    python benchmarks/review_figures.py --postgresql [--citizens N] [--url URL]

Issue 14, item 8: on the large demo (50,000 citizens, 2,000,000 journal entries) each view
of the review is computed by SQL aggregates, and takes at most 1.5x the time of
hand-written SQL that computes the same figures, measured in the same run on the same
database. SQLite by default (a file of the large demo, built once and reused when
--database names an existing one); --postgresql starts a throwaway server as the test
suite does (tests/postgres_server.py) and builds the demo in it (--citizens scales it down:
building 50,000 citizens takes long on a small machine), or uses --url.

The team is the demo's team with the most meetings, the viewer its team lead, the period
the quarter up to the demo's day. Measured, runs alternating, each against its baseline:
  review      `core.review_figures.review()`: every figure per caseworker and for the team
              (what the dashboard opens on), against the hand-written SQL of the same
              figures (GROUP BY caseworker; the team's medians and citizens counted apart);
  series      `core.review_figures.series()` by week over the quarter (the charts),
              against the same SQL grouped by week;
  drill-down  `core.review_figures.drill_down()` of the meetings behind "meetings prepared"
              for the team, against the plain SQL of the figure and its rows.
Printed: the ratio of medians for each (target: at most 1.5), the SQL statements each view
runs, and whether the figures agree with the hand-written ones. Absolute times depend on
the machine and are printed only as a noisy aside.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, func, select, text

from prepdesk.config import Settings
from prepdesk.core import calendar
from prepdesk.core.access import find_user
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.review_figures import Period, drill_down, review, series
from prepdesk.data import db
from prepdesk.data import models as m
from prepdesk.demo.build import build_demo

TARGET = 1.5
TESTS = Path(__file__).resolve().parent.parent / "tests"
MONDAY = date(2026, 11, 23)

MEMBERS = ("SELECT id FROM caseworker WHERE team_id = :team AND active"
           " AND role IN ('caseworker', 'team_lead')")

# Each figure's hand-written SQL. BUCKET[x] is the bucket x falls in (b is the table of
# buckets: i, bs, be), SPAN[x] bounds x to the whole span (so the indexes serve), {worker:x}
# is ", x AS worker" per caseworker and "" for the team, {group} the matching GROUP BY;
# d is the table of days with their notes' deadline (ds, de, dl).
HAND = {
    "meetings_prepared": """
        SELECT BUCKET[m.starts_at] AS bucket{worker:m.caseworker_id},
               SUM(CASE WHEN m.prepared_at IS NOT NULL AND m.prepared_at <= m.starts_at
                        THEN 1 ELSE 0 END), COUNT(*)
        FROM meeting m
        WHERE SPAN[m.starts_at] AND m.status <> 'cancelled' AND m.starts_at <= :now
          AND m.caseworker_id IN ({members})
        GROUP BY {group}""",
    "notes_on_time": """
        SELECT bucket{worker:worker}, SUM(CASE WHEN sent <= dl THEN 1 ELSE 0 END), COUNT(*)
        FROM (
          SELECT BUCKET[m.starts_at] AS bucket, m.caseworker_id AS worker,
                 (SELECT d.dl FROM d WHERE m.starts_at >= d.ds AND m.starts_at < d.de) AS dl,
                 (SELECT MIN(a.sent_at) FROM approvalrequest a WHERE a.note_id = n.id) AS sent
          FROM meeting m LEFT JOIN note n ON n.meeting_id = m.id
          WHERE SPAN[m.starts_at] AND m.status = 'held' AND m.caseworker_id IN ({members})) x
        WHERE dl <= :now OR sent IS NOT NULL GROUP BY {group}""",
    "approvals": """
        SELECT BUCKET[a.sent_at] AS bucket{worker:n.author_id},
               SUM(CASE WHEN a.status = 'approved' THEN 1 ELSE 0 END),
               SUM(CASE WHEN a.status = 'corrected' THEN 1 ELSE 0 END), COUNT(*)
        FROM approvalrequest a JOIN note n ON n.id = a.note_id
        WHERE SPAN[a.sent_at] AND n.author_id IN ({members}) GROUP BY {group}""",
    "corrections": """
        SELECT BUCKET[c.received_at] AS bucket{worker:n.author_id},
               SUM(CASE WHEN c.status = 'accepted' THEN 1 ELSE 0 END),
               SUM(CASE WHEN c.status = 'rejected' THEN 1 ELSE 0 END), COUNT(*)
        FROM correction c JOIN note n ON n.id = c.note_id
        WHERE SPAN[c.received_at] AND c.status IN ('accepted', 'rejected')
          AND n.author_id IN ({members})
        GROUP BY {group}""",
    "statements_unread": """
        SELECT BUCKET[m.starts_at] AS bucket{worker:m.caseworker_id},
               SUM(CASE WHEN NOT EXISTS (
                 SELECT 1 FROM statementread r WHERE r.statement_id = s.id
                 AND r.caseworker_id = m.caseworker_id AND r.read_at <= m.starts_at)
               THEN 1 ELSE 0 END), COUNT(*)
        FROM meeting m
        JOIN statement s ON s.citizen_id = m.citizen_id AND s.received_at < m.starts_at
        WHERE SPAN[m.starts_at] AND m.status <> 'cancelled' AND m.starts_at <= :now
          AND m.caseworker_id IN ({members})
          AND NOT EXISTS (SELECT 1 FROM meeting p WHERE p.citizen_id = m.citizen_id
                          AND p.status = 'held' AND p.starts_at < m.starts_at
                          AND p.starts_at >= s.received_at)
        GROUP BY {group}""",
    "statements_not_discussed": """
        SELECT BUCKET[s.received_at] AS bucket{worker:a.caseworker_id},
               SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM statementdiscussion sd
                                         WHERE sd.statement_id = s.id)
                   THEN 1 ELSE 0 END), COUNT(*)
        FROM statement s
        JOIN caseworkerassignment a ON a.citizen_id = s.citizen_id AND a.ended_at IS NULL
        WHERE SPAN[s.received_at] AND a.caseworker_id IN ({members})
          AND EXISTS (SELECT 1 FROM meeting m WHERE m.citizen_id = s.citizen_id
                      AND m.status = 'held' AND m.starts_at > s.received_at AND m.starts_at <= :now)
        GROUP BY {group}""",
    "inquiries_on_time": """
        SELECT BUCKET[q.received_at] AS bucket{worker:q.caseworker_id},
               SUM(CASE WHEN (q.acknowledged_at IS NOT NULL AND q.acknowledged_at <= q.due_at)
                          OR (q.answered_at IS NOT NULL AND q.answered_at <= q.due_at)
                   THEN 1 ELSE 0 END), COUNT(*)
        FROM inquiry q
        WHERE SPAN[q.received_at] AND q.caseworker_id IN ({members})
          AND (q.due_at <= :now OR q.acknowledged_at IS NOT NULL OR q.answered_at IS NOT NULL)
        GROUP BY {group}""",
    "letters_lix": """
        SELECT bucket{worker:worker}, AVG(lix), MAX(n) FROM (
          SELECT bucket, worker, lix,
                 ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY lix) AS rn,
                 COUNT(*) OVER (PARTITION BY {group}) AS n
          FROM (SELECT BUCKET[v.created_at] AS bucket, l.author_id AS worker, v.lix
                FROM letter l
                JOIN letterversion v ON v.letter_id = l.id AND v.number = l.current_version
                WHERE SPAN[v.created_at] AND l.status = 'sent' AND v.lix IS NOT NULL
                  AND l.author_id IN ({members})) y) x
        WHERE rn >= (n + 1) / 2 AND rn <= (n + 2) / 2 GROUP BY {group}""",
    "caseworker_changes": """
        SELECT b.i AS bucket{worker:a.caseworker_id},
               SUM(CASE WHEN a.ended_at IS NOT NULL AND a.ended_at >= b.bs
                         AND a.ended_at < b.be AND EXISTS (
                           SELECT 1 FROM caseworkerassignment l
                           WHERE l.citizen_id = a.citizen_id AND l.id <> a.id
                           AND l.started_at >= a.started_at)
                   THEN 1 ELSE 0 END), COUNT(DISTINCT a.citizen_id)
        FROM caseworkerassignment a
        JOIN b ON a.started_at < b.be AND (a.ended_at IS NULL OR a.ended_at >= b.bs)
        WHERE a.started_at < :span_e AND (a.ended_at IS NULL OR a.ended_at >= :span_s)
          AND a.started_at <= :now AND a.caseworker_id IN ({members}) GROUP BY {group}""",
    "practice": """
        SELECT BUCKET[p.published_at] AS bucket{worker:w.id},
               SUM(CASE WHEN k.caseworker_id IS NOT NULL THEN 1 ELSE 0 END), COUNT(*),
               SUM({days_ack}), COUNT(k.acknowledged_at)
        FROM practicechange p
        JOIN caseworker w ON p.team_id IS NULL OR p.team_id = w.team_id
        LEFT JOIN practicechangeack k ON k.practice_change_id = p.id AND k.caseworker_id = w.id
        WHERE SPAN[p.published_at] AND w.id <> p.published_by_id AND p.published_at <= :now
          AND w.id IN ({members})
        GROUP BY {group}""",
    "handovers": """
        SELECT BUCKET[h.created_at] AS bucket{worker:h.to_caseworker_id},
               SUM(CASE WHEN h.completed_at IS NOT NULL THEN 1 ELSE 0 END), COUNT(*),
               SUM({days_handover}), COUNT(h.completed_at)
        FROM handover h
        WHERE SPAN[h.created_at] AND h.to_caseworker_id IN ({members}) GROUP BY {group}""",
}
NOT_ADDITIVE = ("letters_lix", "caseworker_changes")  # the team's counted apart


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", type=Path, help="SQLite file of the large demo to build or reuse")
    parser.add_argument("--citizens", type=int, help="the large demo scaled to this many citizens")
    parser.add_argument("--postgresql", action="store_true", help="a throwaway PostgreSQL server")
    parser.add_argument("--url", help="a PostgreSQL database with the large demo (or empty)")
    args = parser.parse_args()
    server = None
    if args.url:
        url = args.url
    elif args.postgresql:
        server, url = _throwaway_server()
    else:
        path = args.database or Path("review-figures-large.sqlite")
        url = f"sqlite:///{path}"
    try:
        return run(url, args.runs, args.citizens)
    finally:
        if server is not None:
            server.stop()


def _throwaway_server():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(TESTS))
    import postgres_server

    bin_dir = postgres_server.find_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL's server programs (pg_ctl, initdb) are not installed.")
    server = postgres_server.PostgresServer(bin_dir)
    server.start()
    return server, server.url(server.create_database())


def run(url: str, runs: int, citizens: int | None) -> int:
    engine = db.open_engine(url)
    db.upgrade(engine)
    with engine.connect() as connection:
        built_at = connection.scalar(select(m.DemoInfo.built_at).order_by(m.DemoInfo.id.desc()))
    if built_at is None:
        started = time.perf_counter()
        print("Building the large demo" + (f" scaled to {citizens:,} citizens" if citizens else "")
              + " ...", flush=True)
        build_demo(engine, scale="large", today=MONDAY, citizens=citizens)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
        today = MONDAY
    else:
        today = built_at.astimezone(LOCAL_TIMEZONE).date()
    with engine.connect() as connection:
        engine_name = engine.dialect.name
        sizes = {t.__tablename__: connection.scalar(select(func.count()).select_from(t))
                 for t in (m.Citizen, m.JournalEntry, m.Meeting, m.Letter)}
    now = datetime.combine(today, datetime.min.time(), tzinfo=LOCAL_TIMEZONE).replace(hour=8)
    ctx = _lead_context(engine, now)
    quarter = Period.quarter(today)
    weeks = quarter.steps("week")
    print(f"{engine_name}: {sizes['citizen']:,} citizens, {sizes['journalentry']:,} journal "
          f"entries, {sizes['meeting']:,} meetings, {sizes['letter']:,} letters; team "
          f"{ctx.user.team_name}, {quarter.label()} up to {today}")

    hand_review = lambda: hand_figures(engine, ctx, [quarter], by_worker=True)  # noqa: E731
    hand_series = lambda: hand_figures(engine, ctx, weeks, by_worker=False)  # noqa: E731
    views = {
        "review": (lambda: review(ctx, quarter), hand_review),
        "series": (lambda: series(ctx, quarter, "week"), hand_series),
        "drill-down": (lambda: drill_down(ctx, quarter, "meetings_prepared"),
                       lambda: hand_drill(engine, ctx, quarter)),
    }
    statements = {name: count_statements(engine, core) for name, (core, _hand) in views.items()}
    agree = check(review(ctx, quarter), hand_review())
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in views}
    for _ in range(runs):
        for name, (core, hand) in views.items():
            times[name][1].append(timed(hand))
            times[name][0].append(timed(core))
    engine.dispose()
    worst = 0.0
    print(f"{'view':12} {'ratio':>6}  (target {TARGET}x)  SQL statements   core / hand-written, median")
    for name, (core, hand) in times.items():
        ratio = statistics.median(core) / statistics.median(hand)
        worst = max(worst, ratio)
        print(f"{name:12} {ratio:6.2f}x {'ok' if ratio <= TARGET else 'SLOW':>6}  {statements[name]:>14}"
              f"   {statistics.median(core) * 1000:.0f} ms / {statistics.median(hand) * 1000:.0f} ms")
    print("the figures agree with the hand-written SQL" if agree else "THE FIGURES DIFFER: " + agree)
    return 0 if worst <= TARGET and agree is True else 1


def _lead_context(engine, now: datetime) -> Context:  # type: ignore[no-untyped-def]
    """The team lead of the team with the most meetings in the quarter."""
    sessions = db.session_factory(engine)
    quarter = Period.quarter(now.date())
    with sessions() as session:
        team_id = session.execute(
            select(m.Caseworker.team_id).join(m.Meeting, m.Meeting.caseworker_id == m.Caseworker.id)
            .where(m.Meeting.starts_at >= quarter.start, m.Meeting.starts_at < quarter.end)
            .group_by(m.Caseworker.team_id).order_by(func.count().desc()).limit(1)).scalar_one()
        login = session.execute(
            select(m.Caseworker.initials).where(m.Caseworker.team_id == team_id,
                                                m.Caseworker.role == "team_lead",
                                                m.Caseworker.active)).scalars().first()
        user = find_user(session, login=login)
    return Context(sessions=sessions, user=user, settings=Settings(), clock=lambda: now)


def _moment(engine, moment: datetime):  # type: ignore[no-untyped-def]
    """A moment as the hand-written SQL binds it: the stored text of UTC on SQLite."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S.%f") if engine.dialect.name == "sqlite" else utc


def _values(engine, periods: list[Period], late: int) -> tuple[str, dict]:  # type: ignore[no-untyped-def]
    """The CTEs b (buckets) and d (days with the notes' deadline) as VALUES, with their
    parameters."""
    postgresql = engine.dialect.name == "postgresql"

    def bound(name: str, kind: str) -> str:
        return f"CAST(:{name} AS {kind})" if postgresql else f":{name}"

    params: dict = {}
    buckets, days = [], []
    for index, period in enumerate(periods):
        params.update({f"b{index}i": index, f"b{index}s": _moment(engine, period.start),
                       f"b{index}e": _moment(engine, period.end)})
        buckets.append(f"({bound(f'b{index}i', 'integer')}, {bound(f'b{index}s', 'timestamptz')}, "
                       f"{bound(f'b{index}e', 'timestamptz')})")
    first = min(p.first for p in periods)
    for n in range((max(p.last for p in periods) - first).days + 1):
        day = first + timedelta(days=n)
        due = day if calendar.is_working_day(day) else calendar.next_working_day(day)
        due = calendar.add_working_days(due, late)
        params.update({f"d{n}s": _moment(engine, _midnight(day)),
                       f"d{n}e": _moment(engine, _midnight(day + timedelta(days=1))),
                       f"d{n}l": _moment(engine, _midnight(due + timedelta(days=1)))})
        days.append(f"({bound(f'd{n}s', 'timestamptz')}, {bound(f'd{n}e', 'timestamptz')}, "
                    f"{bound(f'd{n}l', 'timestamptz')})")
    return (f"WITH b(i, bs, be) AS (VALUES {', '.join(buckets)}), "
            f"d(ds, de, dl) AS (VALUES {', '.join(days)}) "), params


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=LOCAL_TIMEZONE)


def _days(engine, later: str, earlier: str) -> str:  # type: ignore[no-untyped-def]
    if engine.dialect.name == "sqlite":
        return f"(julianday({later}) - julianday({earlier}))"
    return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)"


def hand_figures(engine, ctx: Context, periods: list[Period], *, by_worker: bool) -> dict:  # type: ignore[no-untyped-def]
    """Every figure by hand-written SQL on one connection: {(query, bucket, worker): row}."""
    head, params = _values(engine, periods, ctx.settings.notes_deadline_working_days)
    params.update(team=ctx.user.team_id, now=_moment(engine, ctx.clock()),
                  span_s=_moment(engine, min(p.start for p in periods)),
                  span_e=_moment(engine, max(p.end for p in periods)))
    found = {}
    with engine.connect() as connection:
        for name, sql in HAND.items():
            groups = [True, False] if by_worker and name in NOT_ADDITIVE else [by_worker]
            for per_worker in groups:
                filled = re.sub(r"\{worker:([\w.]+)\}", r", \1 AS worker" if per_worker else "", sql)
                filled = re.sub(r"BUCKET\[([\w.]+)\]",
                                r"(SELECT b.i FROM b WHERE \1 >= b.bs AND \1 < b.be)", filled)
                filled = re.sub(r"SPAN\[([\w.]+)\]", r"\1 >= :span_s AND \1 < :span_e", filled)
                filled = filled.format(
                    group="bucket, worker" if per_worker else "bucket", members=MEMBERS,
                    days_ack=_days(engine, "k.acknowledged_at", "p.published_at"),
                    days_handover=_days(engine, "h.completed_at", "h.created_at"))
                for row in connection.execute(text(head + filled), params):
                    key = (name, row[0], row[1] if per_worker else None)
                    found[key] = tuple(row[2 if per_worker else 1:])
    return found


def hand_drill(engine, ctx: Context, period: Period) -> list:  # type: ignore[no-untyped-def]
    """The figure "meetings prepared" of the team and its meetings, newest first."""
    head, params = _values(engine, [period], 0)
    params.update(team=ctx.user.team_id, now=_moment(engine, ctx.clock()))
    joined = "FROM meeting m JOIN b ON m.starts_at >= b.bs AND m.starts_at < b.be"
    where = (f"WHERE m.status <> 'cancelled' AND m.starts_at <= :now"
             f" AND m.caseworker_id IN ({MEMBERS})")
    prepared = "CASE WHEN m.prepared_at IS NOT NULL AND m.prepared_at <= m.starts_at THEN 1 ELSE 0 END"
    with engine.connect() as connection:
        total = connection.execute(text(f"{head} SELECT SUM({prepared}), COUNT(*) {joined} {where}"),
                                   params).one()
        rows = connection.execute(text(
            f"{head} SELECT m.id, m.citizen_id, m.caseworker_id, w.name, m.starts_at, {prepared},"
            f" c.first_name, c.last_name, m.kind {joined}"
            " JOIN caseworker w ON w.id = m.caseworker_id JOIN citizen c ON c.id = m.citizen_id"
            f" {where} ORDER BY m.starts_at DESC, m.id DESC LIMIT 1001"), params).all()
    return [total, rows]


def check(made, hand: dict) -> bool | str:  # type: ignore[no-untyped-def]
    """Whether review() and the hand-written SQL agree on every caseworker's figures."""
    pairs = {"meetings_prepared": ("meetings_prepared", 0, 1), "notes_on_time": ("notes_on_time", 0, 1),
             "approval_rate": ("approvals", 0, 2), "correction_rate": ("approvals", 1, 2),
             "corrections_accepted": ("corrections", 0, 2), "corrections_rejected": ("corrections", 1, 2),
             "statements_unread": ("statements_unread", 0, 1),
             "statements_not_discussed": ("statements_not_discussed", 0, 1),
             "inquiries_on_time": ("inquiries_on_time", 0, 1), "caseworker_changes": ("caseworker_changes", 0, 1),
             "practice_acknowledged": ("practice", 0, 1), "practice_ack_days": ("practice", 2, 3),
             "handovers_completed": ("handovers", 0, 1), "handover_wait_days": ("handovers", 2, 3)}
    for row in made.caseworkers:
        for key, (query, top, bottom) in pairs.items():
            figure = row.figure(key)
            theirs = hand.get((query, 0, row.caseworker_id))
            expected = (0, 0) if theirs is None else (float(theirs[top] or 0), int(theirs[bottom]))
            if (round(figure.numerator or 0, 6), figure.denominator) != (round(expected[0], 6), expected[1]):
                return f"{row.name}: {key} {figure} != {expected}"
        lix = hand.get(("letters_lix", 0, row.caseworker_id))
        if (lix is None) != (row.figure("letters_lix").value is None) or (
                lix is not None and abs(float(lix[0]) - row.figure("letters_lix").value) > 1e-6):
            return f"{row.name}: letters_lix {row.figure('letters_lix')} != {lix}"
    return True


def count_statements(engine, call) -> int:  # type: ignore[no-untyped-def]
    count = 0

    def counted(*_args) -> None:  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1

    event.listen(engine, "before_cursor_execute", counted)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count


def timed(call) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
