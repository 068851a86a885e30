"""Opening a long timeline in the citizen's file, as a ratio to the plain queries.

    python benchmarks/timeline_open.py [--runs 7] [--database PATH]

One citizen with 5,000 journal entries and some of every other kind, in a SQLite file
(built once, reused when --database names an existing one). The baseline, measured in
the same run on the same database, is the plain SQL that fetches the timeline's rows:
`select id, occurred_at, title, substr(body, 1, 160), kind from journalentry where
citizen_id = ?` and its like for the seven other kinds, on one connection, fetchall.

Measured against it, runs alternating:
  core      `core.timeline.timeline()`: the operation the screen calls (its transaction, the
            access check and the rows, sorted and labelled);
  reload    in the app, the timeline loaded again (key 0) until its first row is painted;
  open      in the app, from pushing the citizen's file until the timeline (key t as soon
            as the file is open) has painted its first row: access check and log, overview,
            statements and timeline;
  open, one the same for a citizen with a single entry: the cost of building the file's
            screen whatever the history; `open` minus this is what a long history adds
            (the timeline, and an overview and statements list with more in them);
  overview  from pushing the citizen's file until its overview (the first tab, what the
            caseworker waits for) is painted, for the long history and for the single
            entry (issue 17: at most 0.25 s on the large demo, whatever the history).
Printed: the ratio of medians for each (target for `reload`: at most 2), and `reload` over
`core`: what the screen adds; `overview` also as a ratio to a bare Textual app's first
paint (`App.run_test` until its one line is painted), measured in the same run.
Absolute times depend on the machine and are printed only as a noisy aside.

The paints are waited for on an event the paint sets. Until session 10 they were polled
with `pilot.pause(0)`, which posts a callback to every widget of the screen at each turn:
the polling took most of the CPU from the opening it timed (overview 0.64-1.3 s, now
0.10 s on an idle machine).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import insert, select, text
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from prepdesk.app import PrepDeskApp
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.timeline import timeline
from prepdesk.data import db
from prepdesk.data import models as m
from prepdesk.screens.citizen_file import CitizenFileScreen
from prepdesk.widgets.timeline_view import TimelineView

TARGET = 2.0
TIMEOUT_SECONDS = 60.0
JOURNAL = 5000
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=LOCAL_TIMEZONE)
PLAIN = [
    "select id, occurred_at, title, substr(body, 1, 160), kind from journalentry"
    " where citizen_id = :c",
    "select id, starts_at, kind, substr(purpose, 1, 160), status from meeting where citizen_id = :c",
    "select id, received_at, title, author_name, author_profession from statement"
    " where citizen_id = :c",
    "select l.id, l.created_at, v.subject, substr(v.body, 1, 160), l.status from letter l"
    " join letterversion v on v.letter_id = l.id and v.number = l.current_version"
    " where l.citizen_id = :c",
    "select id, started_on, title, provider, status from activity where citizen_id = :c",
    "select p.id, p.started_on, p.ended_on, b.name from benefitperiod p"
    " join benefit b on b.id = p.benefit_id where p.citizen_id = :c",
    "select id, decided_at, subject, outcome from decision where citizen_id = :c",
    "select id, received_at, kind, substr(summary, 1, 160), status from complaint"
    " where citizen_id = :c",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", type=Path, help="SQLite file to build or reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.database or Path(scratch) / "timeline.sqlite"
        engine = db.open_engine(f"sqlite:///{path}")
        db.upgrade(engine)
        workspace, citizen_id, short_id = ensure_citizens(engine)
        times: dict[str, list[float]] = {
            "plain": [], "bare": [], "core": [], "reload": [], "open": [], "open, one": [],
            "overview": [], "overview, one": [], "bare CPU": [], "overview CPU": [],
            "overview, one CPU": []}
        for _ in range(args.runs):
            times["plain"].append(plain(engine, citizen_id))
            for name, (wall, cpu) in [("bare", asyncio.run(bare_first_paint())),
                                      ("overview", asyncio.run(overview_painted(workspace,
                                                                                citizen_id)))]:
                times[name].append(wall)
                times[name + " CPU"].append(cpu)
            times["core"].append(core(workspace, citizen_id))
            reload, opening = asyncio.run(in_the_app(workspace, citizen_id))
            times["reload"].append(reload)
            times["open"].append(opening)
            wall, cpu = asyncio.run(overview_painted(workspace, short_id))
            times["overview, one"].append(wall)
            times["overview, one CPU"].append(cpu)
            times["open, one"].append(asyncio.run(in_the_app(workspace, short_id))[1])
        engine.dispose()
    report(times)
    return 0


def ensure_citizens(engine) -> tuple[Context, int, int]:
    """The workspace, the citizen with the long timeline and one with a single entry."""
    sessions = db.session_factory(engine)
    with sessions() as session:
        worker = session.scalars(select(m.Caseworker)).first() or build(session)
        citizen_id, short_id = [*session.scalars(select(m.Citizen.id).order_by(m.Citizen.id)),
                                None][:2]
        short_id = short_id or build_short(session, worker)
        user = CurrentUser(worker.id, worker.name, worker.role, worker.team_id, "Team",
                           worker.email, worker.phone)
    settings = SimpleNamespace(resolved_database_url=lambda demo=None: str(engine.url))
    workspace = Context(sessions=sessions, user=user, settings=settings, clock=lambda: NOW)
    return workspace, citizen_id, short_id


def build_short(session, worker: m.Caseworker) -> int:
    citizen = m.Citizen(cpr="240470-1234", first_name="Birgit", last_name="Nielsen",
                        search_name="birgit nielsen", team_id=worker.team_id)
    session.add(citizen)
    session.flush()
    session.add(m.JournalEntry(citizen_id=citizen.id, author_id=worker.id, kind="phone",
                               direction="", occurred_at=NOW - timedelta(hours=1),
                               title="Notat", body="Borgeren ringede."))
    session.commit()
    return citizen.id


def build(session) -> m.Caseworker:
    team = m.Team(name="Team Vest")
    session.add(team)
    session.flush()
    worker = m.Caseworker(initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example",
                          phone="72 10 20 30", team_id=team.id)
    benefit = m.Benefit(code="kh", name="Kontanthjælp")
    session.add_all([worker, benefit])
    session.flush()
    citizen = m.Citizen(cpr="120587-1234", first_name="Søren", last_name="Møller",
                        search_name="soeren moeller", team_id=team.id)
    session.add(citizen)
    session.flush()
    cid, wid = citizen.id, worker.id

    def ago(hours: int) -> datetime:
        return NOW - timedelta(hours=hours)

    body = "Borgeren fortalte om sin uge, sin søvn og sine planer for praktikken. " * 12
    session.execute(insert(m.JournalEntry), [
        {"citizen_id": cid, "author_id": wid, "kind": ("phone", "email", "note", "sms")[n % 4],
         "direction": "", "occurred_at": ago(3 * n + 1), "title": f"Notat {n}", "body": body,
         "version": 1}
        for n in range(JOURNAL)
    ])
    session.add_all(
        [m.Meeting(citizen_id=cid, caseworker_id=wid, kind="follow_up", starts_at=ago(200 * n),
                   status="held", purpose="Opfølgning på praktik") for n in range(1, 61)]
        + [m.Statement(citizen_id=cid, kind="medical", author_name="Dr. Lund",
                       author_profession="læge", written_on=date(2025, 1, n), received_at=ago(900 * n),
                       title=f"Lægeerklæring {n}", body=body) for n in range(1, 11)]
        + [m.Activity(citizen_id=cid, kind="placement", title=f"Praktik {n}", provider="Fjordby Zoo",
                      started_on=date(2020 + n, 3, 1), status="completed") for n in range(1, 6)]
        + [m.BenefitPeriod(citizen_id=cid, benefit_id=benefit.id, started_on=date(2018 + n, 1, 1))
           for n in range(1, 6)]
        + [m.Decision(citizen_id=cid, decided_at=ago(1000 * n), subject=f"Afgørelse {n}",
                      outcome="granted") for n in range(1, 11)]
        + [m.Complaint(citizen_id=cid, received_at=ago(1500 * n), summary=body) for n in range(1, 4)]
    )
    session.flush()
    for n in range(1, 31):
        letter = m.Letter(citizen_id=cid, kind="other", author_id=wid, created_at=ago(400 * n))
        session.add(letter)
        session.flush()
        session.add(m.LetterVersion(letter_id=letter.id, number=1, created_at=letter.created_at,
                                    subject=f"Brev {n}", body=body))
    session.commit()
    return worker


def plain(engine, citizen_id: int) -> float:
    with engine.connect() as connection:
        start = time.perf_counter()
        for query in PLAIN:
            connection.execute(text(query), {"c": citizen_id}).fetchall()
        return time.perf_counter() - start


def core(workspace: Context, citizen_id: int) -> float:
    """The whole core operation, as a screen calls it: its transaction, the access check
    and the rows."""
    start = time.perf_counter()
    timeline(workspace, citizen_id)
    return time.perf_counter() - start


class Host(PrepDeskApp):
    """PrepDesk on an empty screen, from which the benchmark opens the file."""

    CSS_PATH = str(Path(__file__).resolve().parents[1] / "prepdesk" / "app.tcss")

    def _show_workspace(self, workspace: Context) -> None:
        self.ctx = workspace
        self.switch_screen(Screen(id="start"))


class Painted:
    """Notes when the timeline first paints a row of a new list of entries.

    Waited for on an event the paint sets, not by polling with `pilot.pause`: each pause
    posts a callback to every widget on the screen and waits for them, and a loop of them
    took most of the CPU from the work it waited for."""

    def __init__(self) -> None:
        self.entries: object = None
        self.at: float | None = None
        self.changed = asyncio.Event()
        original = self.original = TimelineView.render_line

        def render_line(view: TimelineView, y: int):
            strip = original(view, y)
            if view.entries and view.entries is not self.entries:
                self.entries, self.at = view.entries, time.perf_counter()
                self.changed.set()
            return strip

        TimelineView.render_line = render_line  # type: ignore[method-assign]

    async def wait(self, since: float, previous: object) -> float:
        while self.entries is previous or self.at is None or self.at < since:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), TIMEOUT_SECONDS)
        return self.at - since

    def close(self) -> None:
        TimelineView.render_line = self.original  # type: ignore[method-assign]


class FirstPaint:
    """Notes when a widget with this id is first painted."""

    def __init__(self, widget_id: str) -> None:
        self.at: float | None = None
        self.cpu_at = 0.0  # the process's CPU time then (every thread's)
        self.done = asyncio.Event()  # waited for, not polled (see Painted)
        self._original = Widget.render_lines

        def render_lines(widget: Widget, crop):  # type: ignore[no-untyped-def]
            if self.at is None and widget.id == widget_id:
                self.at, self.cpu_at = time.perf_counter(), time.process_time()
                self.done.set()
            return self._original(widget, crop)

        Widget.render_lines = render_lines  # type: ignore[method-assign]

    async def wait(self, since: float, cpu_since: float) -> tuple[float, float]:
        """(wall clock, CPU time) from `since`, `cpu_since` until the paint."""
        try:
            await asyncio.wait_for(self.done.wait(), TIMEOUT_SECONDS)
            return self.at - since, self.cpu_at - cpu_since
        finally:
            Widget.render_lines = self._original  # type: ignore[method-assign]


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare", id="bare")


async def bare_first_paint() -> tuple[float, float]:
    """A bare Textual app, from starting it until its one line is painted."""
    painted = FirstPaint("bare")
    start, cpu = time.perf_counter(), time.process_time()
    async with Bare().run_test(size=(120, 36)):
        return await painted.wait(start, cpu)


async def overview_painted(workspace: Context, citizen_id: int) -> tuple[float, float]:
    """From pushing the citizen's file until its overview is painted."""
    app = Host(open_workspace=lambda progress: workspace, theme_name="textual-light")
    async with app.run_test(size=(120, 36)) as pilot:
        while app.screen.id != "start":
            await pilot.pause(0)
        await pilot.pause()
        painted = FirstPaint("box-citizen-words")  # the overview's first box
        start, cpu = time.perf_counter(), time.process_time()
        app.push_screen(CitizenFileScreen(workspace, citizen_id))
        took = await painted.wait(start, cpu)
        await app.workers.wait_for_complete()
    return took


async def in_the_app(workspace: Context, citizen_id: int) -> tuple[float, float]:
    app = Host(open_workspace=lambda progress: workspace, theme_name="textual-light")
    painted = Painted()
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            while app.screen.id != "start":
                await pilot.pause(0)
            start = time.perf_counter()
            screen = CitizenFileScreen(workspace, citizen_id)
            app.push_screen(screen)
            while not screen.has_class("-open"):
                await asyncio.sleep(0.002)  # not pilot.pause: see Painted
            await pilot.press("t")
            opening = await painted.wait(start, None)
            await app.workers.wait_for_complete()
            await pilot.pause()
            previous, start = painted.entries, time.perf_counter()
            await pilot.press("0")
            reload = await painted.wait(start, previous)
    finally:
        painted.close()
    return reload, opening


def report(times: dict[str, list[float]]) -> None:
    base = statistics.median(times["plain"])
    print(f"Timeline of one citizen: {JOURNAL} journal entries and 123 other entries; "
          f"{len(times['plain'])} runs, medians.")
    for name, label in [("core", "core.timeline()"), ("reload", "in the app, reload (key 0)"),
                        ("open", "in the app, open file → timeline")]:
        ratio = statistics.median(times[name]) / base
        target = f"  (target ≤ {TARGET:g}: {'met' if ratio <= TARGET else 'NOT met'})" \
            if name == "reload" else ""
        print(f"  {label:36} {ratio:5.1f} × the plain queries{target}")
    print(f"  {'open, a file with one entry':36} "
          f"{statistics.median(times['open, one']) / base:5.1f} × (building the screen)")
    bare = statistics.median(times["bare"])
    for name, label in [("overview", "open file → overview painted"),
                        ("overview, one", "the same, a file with one entry")]:
        took = statistics.median(times[name])
        cpu = statistics.median(times[name + " CPU"]) / statistics.median(times["bare CPU"])
        print(f"  {label:36} {took / base:5.1f} × the plain queries, "
              f"{took / bare:4.2f} × a bare Textual app's first paint ({cpu:4.2f} × in CPU "
              f"time, the steadier on a busy machine)")
    history = (statistics.median(times["open"]) - statistics.median(times["open, one"])) / base
    print(f"  {'open, what the long history adds':36} {history:5.1f} × the plain queries")
    added = statistics.median(times["reload"]) / statistics.median(times["core"])
    print(f"  {'reload ÷ core.timeline()':36} {added:5.1f} × (what the screen adds to core)")
    aside = ", ".join(f"{name} {statistics.median(values) * 1000:.0f} ms"
                      for name, values in times.items() if "CPU" not in name)
    print(f"  (noisy aside, this machine: {aside})")


if __name__ == "__main__":
    sys.exit(main())
