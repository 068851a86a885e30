"""Deterministic, realistic demo data at any scale.

`build_demo` fills an empty database; `ensure_demo` builds or rebuilds it when the app
opens demo data; `build_demo_from_cli` does the same for `prepdesk demo` with a progress
bar in the terminal.

How the data is made
- Every choice comes from `random.Random` seeded from the seed (one generator per
  citizen, so citizens do not depend on each other) and every date from `today`: the same
  seed and day give the same rows, on SQLite and PostgreSQL alike.
- Rows go in with SQLAlchemy Core in batches, parents before children, one transaction
  per batch, with ids assigned here: the large demo's two million journal entries stream
  through bounded memory.
- The job centre has used PrepDesk for the last `structured_months`: only meetings since
  then have agendas, notes and approvals. Older contact is in the journal, as it is after
  moving from an older system.
- Time follows the product's calendar (prepdesk.core.calendar): meetings, letters and
  rulings fall on working days and letters go out when the product would send them. Built
  on a closed day (a weekend, a holiday, 24.12, 31.12, 5.6), "today's" meetings are on the
  next working day (`meeting_day`), and `prepdesk demo` says so.
- The people are fictitious and coherent: CPR numbers that no real person can have (see
  `_cpr`), and a situation (text.Profile) that decides the ages, the one occupation and
  the benefits that fit.
- The demo caseworker (the first user with the role caseworker) gets a full day: meetings
  today, overdue inquiries, notes awaiting approval, corrections, unread statements and
  practice changes to acknowledge. These are planned, not left to chance.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from random import Random
from string import Formatter
from typing import Any

from sqlalchemy import Engine, Table, delete, func, insert, select, text, update
from sqlmodel import SQLModel

from prepdesk.core import calendar, channels
from prepdesk.core.context import LOCAL_TIMEZONE, Progress, settings_clock
from prepdesk.core.handover_dossier import SECTIONS, HandoverDossier, StatementConclusion
from prepdesk.core.prep import RULINGS_EXPECTED
from prepdesk.core.search import fold
from prepdesk.data import models as m
from prepdesk.delivery.post import kombit_refusal
from prepdesk.demo import text as T
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.paths import data_dir


@dataclass(frozen=True)
class Scale:
    """How much of everything a demo has."""

    citizens: int
    rulings: int
    journal: tuple[int, int]  # journal entries per citizen, from the whole history
    heavy_journal: int  # two citizens get this many, for the timeline's performance
    teams: int
    caseworkers_per_team: int
    structured_months: int  # how long the job centre has used PrepDesk
    practice_changes: int
    batch_rows: int


SCALES = {
    "small": Scale(citizens=300, rulings=320, journal=(10, 60), heavy_journal=5000, teams=2,
                   caseworkers_per_team=4, structured_months=24, practice_changes=6,
                   batch_rows=10_000),
    "large": Scale(citizens=50_000, rulings=100_000, journal=(10, 70), heavy_journal=5000,
                   teams=40, caseworkers_per_team=20, structured_months=12,
                   practice_changes=40, batch_rows=10_000),
}

# The build's "now": the demo day starts at 08:00, before the first meeting.
START_OF_DAY = time(8, 0)


def build_demo(engine: Engine, *, scale: str = "small", seed: int = 2026, today: date,
               progress: Progress | None = None, citizens: int | None = None) -> None:
    """Fill an upgraded, empty database with demo data for `today`.

    `citizens` scales a demo down (rulings, teams and the rest follow), so tests can run
    the large demo's code on a few hundred citizens.
    """
    if _has_rows(engine):
        raise UserError(_("The database already holds data. The demo is only built into an "
                          "empty database."))
    _Build(engine, _scaled(scale, citizens), scale, seed, today, progress or _silent).run()


def ensure_demo(engine: Engine, *, scale: str, today: date, progress: Progress | None,
                rebuild: bool = True) -> None:
    """Make sure the database holds demo data built for `today`.

    An empty database is built. Demo data built on another day is dropped and built
    again, so that "today's meetings" in the demo are always today's; with `rebuild=False`
    (a command beside the app: `prepdesk --demo outbox send`) it is kept, as the app that
    has it open sees it. A database that holds anything but demo data is never touched:
    that raises UserError.
    """
    if not rebuild and _built_at(engine) is not None:
        return
    _ensure(engine, scale=scale, today=today, progress=progress or _silent, fresh=False)


def build_demo_from_cli(*, scale: str, fresh: bool) -> None:
    """`prepdesk demo --scale ... [--fresh] [--build-only]`: build with a progress bar.

    Builds when the demo database is missing or from another day, or always with
    `fresh`; then prints the rows per table.
    """
    import time as clock

    from babel.numbers import format_decimal
    from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as ProgressBar

    from prepdesk.config import load_settings
    from prepdesk.data.db import masked_url, open_engine, upgrade
    from prepdesk.i18n import current_language

    settings = load_settings()
    url = settings.resolved_database_url(demo=scale)
    try:
        engine = open_engine(url)
    except UserError:
        own = data_dir() / f"demo-{scale}.sqlite"
        if not (fresh and url == f"sqlite:///{own}"):
            raise
        # The demo's own file, unreadable (damaged, or another file in its place): --fresh
        # builds it anew, as it says, rather than sending the user to delete it by hand.
        for path in (own, own.with_name(own.name + "-wal"), own.with_name(own.name + "-shm")):
            path.unlink(missing_ok=True)
        engine = open_engine(url)
    try:
        upgrade(engine)
        # The app's own clock: with clock_start set, the app would otherwise find the demo
        # from another day and build it again at its next start.
        today = settings_clock(settings)().date()
        if not _needs_build(engine, today=today, fresh=fresh):
            print(_("The demo data in {url} is from today. Nothing to build; use --fresh to "
                    "build it anew.").format(url=masked_url(url)))
            _print_meeting_day(today)
            return
        started = clock.monotonic()
        # markup=False: the sentences are translations, which may contain brackets.
        with ProgressBar(TextColumn("{task.description}", markup=False), BarColumn(),
                         TaskProgressColumn(), TimeElapsedColumn()) as bar:
            task = bar.add_task(_("Preparing the demo data …"), total=1.0)
            _ensure(engine, scale=scale, today=today, fresh=fresh,
                    progress=lambda step, done: bar.update(task, description=step, completed=done))
        print(_("Built the {scale} demo data in {seconds} seconds: {url}").format(
            scale=scale, seconds=round(clock.monotonic() - started), url=masked_url(url)))
        print(_("Rows per table:"))
        with engine.connect() as connection:
            for table in SQLModel.metadata.sorted_tables:
                count = connection.scalar(select(func.count()).select_from(table))
                print(f"  {table.name:<24}{format_decimal(count, locale=current_language()):>14}")
        _print_meeting_day(today)
    finally:
        engine.dispose()


def _print_meeting_day(today: date) -> None:
    """Say where today's meetings went when the demo is built on a closed day."""
    from babel.dates import format_date

    from prepdesk.i18n import current_language

    day = meeting_day(today)
    if day != today:
        print(_("The job centre is closed on {today}. The demo's meetings for today are on "
                "{day}.").format(today=format_date(today, "full", locale=current_language()),
                                 day=format_date(day, "full", locale=current_language())))


# --- Building, clearing, checking ------------------------------------------------------


def _silent(step: str, fraction: float) -> None:
    """A progress report nobody listens to."""


def _scaled(name: str, citizens: int | None) -> Scale:
    if name not in SCALES:
        raise ValueError(f"unknown demo scale {name!r}; choose one of {', '.join(SCALES)}")
    scale = SCALES[name]
    if citizens is None:
        return scale
    ratio = citizens / scale.citizens
    return replace(scale, citizens=citizens, rulings=max(300, round(scale.rulings * ratio)),
                   teams=max(2, round(scale.teams * ratio)),
                   practice_changes=max(4, round(scale.practice_changes * ratio)))


def _ensure(engine: Engine, *, scale: str, today: date, progress: Progress, fresh: bool) -> None:
    if not _needs_build(engine, today=today, fresh=fresh):
        return
    if _has_rows(engine):  # demo data, or _needs_build would have refused
        progress(_("Removing the old demo data …"), 0.0)
        _clear(engine)
    build_demo(engine, scale=scale, today=today, progress=progress)


def _needs_build(engine: Engine, *, today: date, fresh: bool) -> bool:
    """True for an empty database and for demo data from another day (or with `fresh`);
    UserError for a database that holds anything else."""
    built_at = _built_at(engine)
    if built_at is None:
        if _has_rows(engine):
            raise UserError(_(
                "This database holds data that is not demo data. PrepDesk will not touch it. "
                "Set demo_database_url to another database."))
        return True
    return fresh or built_at.astimezone(LOCAL_TIMEZONE).date() != today


def _built_at(engine: Engine) -> datetime | None:
    """When the demo data in the database was built (None: there is none)."""
    with engine.connect() as connection:
        return connection.scalar(select(m.DemoInfo.built_at).order_by(m.DemoInfo.id.desc()))


def _has_rows(engine: Engine) -> bool:
    with engine.connect() as connection:
        return any(connection.execute(select(text("1")).select_from(table).limit(1)).first()
                   for table in SQLModel.metadata.sorted_tables)


def _clear(engine: Engine) -> None:
    """Delete every row, children first. Only ever called on demo data."""
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(delete(table))


class _Writer:
    """Buffers rows and inserts them in batches: parents before children in one
    transaction per batch, so memory stays bounded and foreign keys hold at every commit.

    Ids are assigned here, so a row's id is known before it is written and children can
    refer to it. Rows are final once added: compute first, then add.
    """

    def __init__(self, engine: Engine, batch_rows: int) -> None:
        self._engine = engine
        self._batch_rows = batch_rows
        self._tables = SQLModel.metadata.sorted_tables
        self._pending: dict[Table, list[dict[str, Any]]] = {table: [] for table in self._tables}
        self._templates = {table: _row_template(table) for table in self._tables}
        self._next_id = Counter()
        self._buffered = 0

    def add(self, model: type[SQLModel], **values: Any) -> int:
        table: Table = model.__table__  # type: ignore[attr-defined]
        row = self._templates[table].copy()
        row.update(values)
        if "id" in row and row["id"] is None:
            self._next_id[table.name] += 1
            row["id"] = self._next_id[table.name]
        self._pending[table].append(row)
        self._buffered += 1
        if self._buffered >= self._batch_rows:
            self.flush()
        return row.get("id", 0)

    def flush(self) -> None:
        with self._engine.begin() as connection:
            for table in self._tables:
                rows = self._pending[table]
                if rows:
                    connection.execute(insert(table), rows)
                    self._pending[table] = []
        self._buffered = 0


def _row_template(table: Table) -> dict[str, Any]:
    """Every column with its default, so all rows of a batch have the same keys."""
    row: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.name == "version":
            row[column.name] = 1  # ORM inserts set it; Core inserts must
        elif default is None or column.primary_key:
            row[column.name] = None
        elif default.is_scalar:
            row[column.name] = default.arg
        else:
            row[column.name] = default.arg(None)  # a factory such as list or dict
    return row


def _reset_sequences(engine: Engine) -> None:
    """PostgreSQL: ids were given here, so move each sequence past the highest id."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for table in SQLModel.metadata.sorted_tables:
            if "id" in table.columns and table.columns["id"].primary_key:
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))


# --- Time ------------------------------------------------------------------------------


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TIMEZONE)


class _Calendar:
    """The product's working days and send window (prepdesk.core.calendar), so the demo
    holds letters and places meetings exactly as the product would: weekends, public
    holidays, 24.12, 31.12 and 5.6 are closed, and letters are held to 09:00."""

    def __init__(self) -> None:
        self._working: dict[date, bool] = {}

    def working(self, day: date) -> bool:
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = calendar.is_working_day(day)
        return known

    def on_or_after(self, day: date) -> date:
        while not self.working(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        while not self.working(day):
            day -= timedelta(days=1)
        return day

    def add(self, day: date, days: int) -> date:
        """`days` working days after (or before, when negative) `day`."""
        step = timedelta(days=1 if days > 0 else -1)
        for _count in range(abs(days)):
            day += step
            while not self.working(day):
                day += step
        return day

    @staticmethod
    def send_time(created: datetime) -> datetime:
        """When a letter written at `created` goes out (R-LTR-4): the product's rule."""
        return calendar.send_time(created)


def meeting_day(today: date) -> date:
    """The day of "today's" meetings in a demo built on `today`: today, or the next
    working day when the job centre is closed today (a weekend or a holiday)."""
    return today if calendar.is_working_day(today) else calendar.next_working_day(today)


def _moment(rng: Random, day: date) -> datetime:
    """A time in office hours."""
    return _at(day, rng.randint(8, 15), rng.randrange(0, 60, 5))


def _days(rng: Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


# --- The plan: who works with whom, and who meets when ---------------------------------


@dataclass
class _Staff:
    id: int
    name: str
    role: str
    title: str
    team: int | None
    email: str
    phone: str
    active: bool = True

    @property
    def contact(self) -> tuple[str, str, str, str]:
        return (self.name, self.title, self.phone, self.email)


@dataclass
class _CitizenPlan:
    caseworker: int  # index into _Build.caseworkers
    active: bool = True
    upcoming: tuple[datetime, str] | None = None  # when and what kind
    flags: set[str] = field(default_factory=set)


# What the demo caseworker's first citizens are planned to have, in this order. The first
# four meet them today.
DEMO_STORIES = (
    # A pending correction keeps the first from being prepared (the checklist asks for an
    # answer first); the round table and the phone call are prepared, every line of them.
    {"unread_statement", "pending_correction", "representative"},
    {"overdue_inquiry", "heavy", "unread_statement"},
    {"round_table", "representative", "old_pending_approval", "unread_statement", "prepared"},
    {"phone", "pending_approval", "prepared", "overdue_inquiry_today"},
    # Exempt from Digital Post: letters go on paper, and the next invitation waits as a
    # draft, so its preview (Ctrl+O) shows the paper letter (issue 16).
    {"overdue_inquiry", "pending_correction", "access_request", "paper_post"},
    # Its invitation did not go out (Digital Post did not know the CPR number): on my day
    # under "Breve, der ikke kom af sted", to send again (issue 16).
    {"handover_in_progress", "unread_statement", "failed_letter"},
    {"old_pending_approval", "draft_yesterday", "unseen_feedback"},
    {"accepted_correction", "rejected_correction"},
)
TODAY_SLOTS = ((8, 30), (9, 30), (10, 30), (11, 30), (13, 0), (14, 0), (15, 0))
DEMO_TODAY = ((8, 30), (10, 0), (13, 0), (14, 30))  # room for the round table at 13


# --- The build -------------------------------------------------------------------------


class _Build:
    """One build: the organisation, the rulings, the plan, then citizen after citizen."""

    def __init__(self, engine: Engine, scale: Scale, scale_name: str, seed: int, today: date,
                 progress: Progress) -> None:
        self.engine = engine
        self.scale = scale
        self.scale_name = scale_name
        self.seed = seed
        self.today = today
        self.now = _at(today, START_OF_DAY.hour)
        self.progress = progress
        self.out = _Writer(engine, scale.batch_rows)
        self.calendar = _Calendar()
        self.meeting_day = meeting_day(today)
        # Letters are written on working days: built on a closed day, the last ones were
        # written on the working day before, by 20:00 at the latest (notes are written up to
        # three hours after a meeting that ends by 16:30).
        self.last_at_work = (self.now - timedelta(minutes=5) if self.calendar.working(today)
                             else _at(self.calendar.on_or_before(today), 20))
        self.era_start = today - timedelta(days=round(scale.structured_months * 30.4))
        self.used_cprs: set[str] = set()

    def run(self) -> None:
        self.progress(_("Creating the demo job centre …"), 0.01)
        # Written first with a long-gone date and stamped last: a build that stops half
        # way looks like old demo data, which ensure_demo rebuilds.
        info = self.out.add(m.DemoInfo, seed=self.seed, scale=self.scale_name,
                            built_at=_at(date(2000, 1, 1), 0))
        self._organisation()
        self._rulings()
        self._practice_changes()
        self._plan()
        total = self.scale.citizens
        step = max(1, total // 100)
        for index in range(total):
            if index % step == 0:
                self.progress(_("Creating citizens and their histories: {done} of {total} …")
                              .format(done=index, total=total), 0.15 + 0.83 * index / total)
            _Citizen(self, index).build()
        self.out.flush()
        _reset_sequences(self.engine)
        stamp = datetime.combine(self.today, datetime.now(LOCAL_TIMEZONE).time(),
                                 tzinfo=LOCAL_TIMEZONE)
        demo_info: Table = m.DemoInfo.__table__  # type: ignore[attr-defined]
        with self.engine.begin() as connection:
            connection.execute(update(demo_info).where(demo_info.c.id == info).values(built_at=stamp))
        self.progress(_("The demo data is ready."), 1.0)

    # -- organisation --

    def _organisation(self) -> None:
        rng = Random(f"{self.seed}:organisation")
        for code, name, _benefit, _family in T.TARGET_GROUPS:
            self.out.add(m.TargetGroup, code=code, name=name)
        for code, name in T.BENEFITS:
            self.out.add(m.Benefit, code=code, name=name)
        self.target_group_ids = {code: i for i, (code, *_rest) in enumerate(T.TARGET_GROUPS, 1)}
        self.benefit_ids = {code: i for i, (code, _name) in enumerate(T.BENEFITS, 1)}
        self.benefit_of = {code: benefit for code, _n, benefit, _f in T.TARGET_GROUPS}

        teams = self.scale.teams
        names = [f"Team {T.TEAM_AREAS[i % len(T.TEAM_AREAS)]}"
                 + (f" {i // len(T.TEAM_AREAS) + 1}" if i >= len(T.TEAM_AREAS) else "")
                 for i in range(teams)]
        self.team_ids = [self.out.add(m.Team, name=name, job_centre=T.JOB_CENTRE) for name in names]

        if teams == 2 and self.scale.caseworkers_per_team == 4:
            people = list(T.SMALL_STAFF)
        else:
            people = self._generated_staff(rng, teams)
        people += [(name, "caseworker", "Jobkonsulent", None) for name in T.FORMER_STAFF]
        self.staff: list[_Staff] = []
        initials: set[str] = set()
        for number, (name, role, title, team) in enumerate(people):
            active = number < len(people) - len(T.FORMER_STAFF)
            code = _initials(name, initials)
            email = f"{code.lower()}@{T.STAFF_DOMAIN}"
            phone = f"+45 72 34 {10 + number // 100:02d} {number % 100:02d}"
            staff_id = self.out.add(m.Caseworker, initials=code, name=name, role=role,
                                    title=title, email=email, phone=phone,
                                    team_id=self.team_ids[team] if team is not None else None,
                                    active=active)
            self.staff.append(_Staff(staff_id, name, role, title, team, email, phone, active))
        self.caseworkers = [s for s in self.staff if s.role == "caseworker" and s.active]
        self.former = [s for s in self.staff if not s.active]
        self.leads = {s.team: s for s in self.staff if s.role == "team_lead"}
        self.consultants = list(T.EMPLOYER_CONSULTANTS) + [
            _person_name(rng, rng.random() < 0.5) for _extra in range(max(0, teams - 4))]

        rooms = list(T.ROOMS) + [(f"Samtalerum {n}", "Jobcentret, 3. sal", True)
                                 for n in range(4, 4 + max(0, teams * 3 - len(T.ROOMS)))]
        self.room_ids = [self.out.add(m.Room, name=name, location=where, private=private)
                         for name, where, private in rooms]
        self.open_room = self.room_ids[len(T.ROOMS) - 1]
        self.private_rooms = [room for room in self.room_ids if room != self.open_room]
        self.room_names = {rid: name for rid, (name, _w, _p) in zip(self.room_ids, rooms, strict=True)}

    def _generated_staff(self, rng: Random, teams: int) -> list[tuple[str, str, str, int | None]]:
        people: list[tuple[str, str, str, int | None]] = []
        for team in range(teams):
            for _n in range(self.scale.caseworkers_per_team):
                people.append((_person_name(rng, rng.random() < 0.6), "caseworker",
                               rng.choice(("Jobkonsulent", "Sagsbehandler")), team))
        people += [(_person_name(rng, rng.random() < 0.5), "team_lead", "Teamleder", team)
                   for team in range(teams)]
        people += [(_person_name(rng, True), "admin", "Systemadministrator", None) for _a in range(2)]
        return people

    # -- rulings --

    def _rulings(self) -> None:
        """Rulings numbered as Ankestyrelsen numbers them: per year, `N-YY` since 2012 and
        `L-N-YY` in the older lettered series; dates from 2000 to last week."""
        rng = Random(f"{self.seed}:rulings")
        first = date(2000, 1, 1)
        span = (self.today - first).days - 7
        areas = T.RULING_AREAS
        # More recent years than old ones, as in any library that is kept up to date.
        # Ankestyrelsen decides on working days.
        dated = sorted((self.calendar.on_or_after(first + timedelta(days=int(span * rng.random() ** 0.6))),
                        rng.randrange(len(areas))) for _n in range(self.scale.rulings))
        series: Counter[tuple[str, int]] = Counter()
        earlier: dict[int, list[str]] = {i: [] for i in range(len(areas))}
        self.rulings_by_area: dict[str, list[tuple[int, int, str, str]]] = {a.key: [] for a in areas}
        total = len(dated)
        for number, (decided_on, area_index) in enumerate(dated):
            if number % 2000 == 0:
                self.progress(_("Writing appeals rulings: {done} of {total} …").format(
                    done=number, total=total), 0.02 + 0.1 * number / total)
            area = areas[area_index]
            letters = T.RULING_LETTERS
            letter = "" if decided_on.year >= 2012 else letters[area_index % len(letters)]
            series[(letter, decided_on.year)] += 1
            serial = f"{series[(letter, decided_on.year)]}-{decided_on.year % 100:02d}"
            ruling_number = f"{letter}-{serial}" if letter else serial
            outcome = rng.choices(("confirmed", "changed", "sent_back", "rejected"),
                                  (58, 18, 13, 11))[0]
            previous = earlier[area_index]
            replaces = (rng.sample(previous[-40:], min(len(previous), rng.randint(1, 2)))
                        if previous and not letter and rng.random() < 0.08 else [])
            content = T.ruling_text(rng, area, rng.randrange(len(area.topics)), outcome, replaces,
                                    decided_on)
            ruling_id = self.out.add(
                m.Ruling, number=ruling_number, is_principle=True, title=content["title"],
                decided_on=decided_on, law=content["law"], section=content["section"],
                target_group=area.target_group, keywords=content["keywords"],
                summary=content["summary"], outcome=outcome, facts=content["facts"],
                decision_text=content["decision_text"], reasoning=content["reasoning"],
                replaces=replaces)
            previous.append(ruling_number)
            self.rulings_by_area[area.key].append(
                (decided_on.toordinal(), ruling_id, outcome, ruling_number))
        self.areas = {area.key: area for area in areas}

    def _practice_changes(self) -> None:
        """Practice changes after recent rulings that changed or sent back a decision;
        the citizens whose appeals they were are linked when their appeals are made."""
        rng = Random(f"{self.seed}:practice")
        wanted = self.scale.practice_changes
        latest = (self.today - timedelta(days=21)).toordinal()
        candidates = sorted(
            (entry[0], entry[1], key, entry[2], entry[3])
            for key, entries in self.rulings_by_area.items() for entry in entries
            if entry[2] in ("changed", "sent_back") and entry[0] <= latest)
        # Spread over the last two years, or as far back as it takes to find enough.
        recent = [c for c in candidates if c[0] > latest - 730]
        if len(recent) < 2 * wanted:
            recent = candidates[-2 * wanted:]
        chosen = sorted(rng.sample(recent, min(len(recent), wanted)))
        self.practice_rulings: dict[str, list[tuple[int, int, str, str]]] = {}
        demo = self.caseworkers[0]
        for number, (ordinal, ruling_id, key, outcome, ruling_number) in enumerate(chosen):
            area = self.areas[key]
            team = rng.choice([None, None, rng.randrange(self.scale.teams)])
            lead = self.leads[team if team is not None else 0]
            # Published at work, by noon of the working day before the build at the latest.
            published = min(_moment(rng, self.calendar.on_or_after(
                date.fromordinal(ordinal) + _days(rng, 14, 35))),
                _at(self.calendar.add(self.today, -1), 12))
            description = rng.choice(T.PRACTICE_CHANGE_TEXTS).format(
                task=area.sent_back_task, verb=T.OUTCOME_VERBS[outcome])
            change_id = self.out.add(
                m.PracticeChange, ruling_id=ruling_id,
                team_id=self.team_ids[team] if team is not None else None,
                title=f"Ny praksis: {area.label.lower()} – {area.topics[0][0]} ({ruling_number})",
                description=description, published_by_id=lead.id, published_at=published)
            self.practice_rulings.setdefault(key, []).append(
                (ordinal, ruling_id, outcome, ruling_number))
            newest = number >= len(chosen) - 2
            for worker in self.caseworkers + list(self.leads.values()):
                if team is not None and worker.team != team:
                    continue
                acknowledged = published + timedelta(days=rng.randint(0, 9), hours=rng.randint(1, 6))
                if acknowledged >= self.now or (worker is demo and newest) or rng.random() < 0.05:
                    continue
                self.out.add(m.PracticeChangeAck, practice_change_id=change_id,
                             caseworker_id=worker.id, acknowledged_at=acknowledged)

    # -- plan --

    def _plan(self) -> None:
        """Which caseworker each citizen has, and who meets when in the next weeks."""
        rng = Random(f"{self.seed}:plan")
        workers = len(self.caseworkers)
        self.plans = [_CitizenPlan(caseworker=index % workers, active=rng.random() < 0.9)
                      for index in range(self.scale.citizens)]
        by_worker: list[list[int]] = [[] for _w in range(workers)]
        for index, plan in enumerate(self.plans):
            by_worker[plan.caseworker].append(index)
        for story, index in zip(DEMO_STORIES, by_worker[0], strict=False):
            self.plans[index].flags |= story | {"story"}
            self.plans[index].active = True
        # The other long timeline belongs to someone else's citizen.
        if workers > 1 and len(by_worker[1]) > 2:
            self.plans[by_worker[1][2]].flags.add("heavy")
        later_days = []
        day = self.meeting_day
        end_of_next_week = day + timedelta(days=13 - day.weekday())
        while (day := self.calendar.add(day, 1)) <= end_of_next_week:
            later_days.append(day)
        for worker, indices in enumerate(by_worker):
            active = [i for i in indices if self.plans[i].active]
            slots = DEMO_TODAY if worker == 0 else sorted(rng.sample(TODAY_SLOTS, rng.randint(3, 5)))
            moments = [_at(self.meeting_day, hour, minute) for hour, minute in slots]
            for day in later_days:
                moments += [_at(day, hour, minute) for hour, minute in
                            sorted(rng.sample(TODAY_SLOTS, rng.randint(1, 3)))]
            for number, (index, when) in enumerate(zip(active, moments, strict=False)):
                kind = self._kind_for(rng, self.plans[index].flags)
                following = moments[number + 1] if number + 1 < len(moments) else None
                if (kind == "round_table" and following is not None
                        and following < when + timedelta(minutes=T.MEETING_MINUTES[kind])):
                    kind = "follow_up"  # a round table takes 90 minutes
                self.plans[index].upcoming = (when, kind)
            for index in active[len(moments):]:
                if rng.random() < 0.8:
                    day = self.calendar.on_or_after(self.today + _days(rng, 15, 70))
                    self.plans[index].upcoming = (_at(day, *rng.choice(TODAY_SLOTS)),
                                                  self._kind_for(rng, set()))
            for index in active[len(DEMO_STORIES) if worker == 0 else 0:]:
                self.plans[index].flags |= _random_flags(rng)

    @staticmethod
    def _kind_for(rng: Random, flags: set[str]) -> str:
        if "round_table" in flags:
            return "round_table"
        if "phone" in flags:
            return "phone"
        if "handover_in_progress" in flags:
            return "handover"
        return rng.choices(("follow_up", "phone", "round_table"), (75, 15, 10))[0]




def _random_flags(rng: Random) -> set[str]:
    """Chance happenings for any citizen; the demo caseworker's first citizens get theirs
    by plan (DEMO_STORIES)."""
    odds = {"overdue_inquiry": 0.03, "pending_correction": 0.03,
            "representative": 0.28, "access_request": 0.01, "unseen_feedback": 0.02}
    return {flag for flag, chance in odds.items() if rng.random() < chance}


def _initials(name: str, taken: set[str]) -> str:
    """Three letters as Danish municipalities use them, made unique with more letters."""
    parts = [_ascii(part).upper() for part in name.replace("-", " ").split()]
    letters = "".join(parts)
    candidates = ["".join(p[0] for p in parts)] if len(parts) > 2 else []
    candidates += [parts[0][0] + parts[-1][:2], parts[0][:2] + parts[-1][0]]
    candidates += [parts[0][0] + letters[i:i + 2] for i in range(1, len(letters) - 1)]
    for candidate in candidates:
        if len(candidate) >= 3 and candidate not in taken:
            taken.add(candidate)
            return candidate
    number = 2
    while f"{candidates[0]}{number}" in taken:
        number += 1
    taken.add(f"{candidates[0]}{number}")
    return f"{candidates[0]}{number}"


def _years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 29 February becomes the 28th in other years."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _ascii(text: str) -> str:
    """Folded and reduced to what an e-mail address or initials may hold."""
    return re.sub(r"[^a-z0-9.-]", "", fold(text))


def _phone(rng: Random, first_digit: str) -> str:
    """A Danish eight-digit number as it is written: +45 21 43 65 87."""
    return (f"+45 {first_digit}{rng.randrange(10)} {rng.randrange(100):02d} "
            f"{rng.randrange(100):02d} {rng.randrange(100):02d}")


def _person_name(rng: Random, female: bool) -> str:
    first = rng.choice(T.FEMALE_NAMES if female else T.MALE_NAMES)
    return f"{first} {rng.choice(T.LAST_NAMES)}"


def _cpr(rng: Random, birth: date, female: bool, taken: set[str]) -> str:
    """A CPR number that is visibly fictitious and can never be a real person's.

    The scheme: DDMMYY is the (fictitious) birth date and the serial's first digit gives
    its century, as in a real number, so search by CPR and birth date, the birth-date check
    on the approval page and the masking DDMMYY-XXXX work as on real data; the last digit is
    even for a woman and odd for a man. But the number FAILS the modulus-11 check (the
    weighted sum 4,3,2,7,6,5,4,3,2,1 is not divisible by 11), and the birth date is never
    1 January. Until 1 October 2007 every CPR number passed modulus 11; since then the CPR
    office has issued numbers that do not only for people born on 1 January of some years
    (cpr.dk, "Personnumre uden kontrolciffer"). Any modulus-11 validator therefore flags a
    demo number, and none of them can belong to a living person.
    """
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    assert (birth.month, birth.day) != (1, 1)
    stem = f"{birth:%d%m%y}"
    centuries = "49" if birth.year >= 2000 else "0123"
    while True:
        serial = f"{rng.choice(centuries)}{rng.randrange(100):02d}"
        last = rng.randrange(0, 10, 2) + (0 if female else 1)
        digits = f"{stem}{serial}{last}"
        if sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0:
            continue
        cpr = f"{stem}-{serial}{last}"
        if cpr not in taken:
            taken.add(cpr)
            return cpr


# --- One citizen -----------------------------------------------------------------------


@dataclass
class _Period:
    code: str  # target group, or "pension"
    start: date
    end: date | None  # None: still running

    @property
    def family(self) -> str:
        return "" if self.code == "pension" else _FAMILIES[self.code]


_FAMILIES = {code: family for code, _n, _b, family in T.TARGET_GROUPS}


@dataclass
class _Held:
    """What later meetings and the journal need to know about a held meeting."""

    id: int
    day: date
    caseworker: _Staff
    agreements: list[tuple[int, str, str]]  # open ones: id, what, due (ISO)
    unreached: str | None


class _Tracked:
    """The writer, as one citizen's build sees it: it also notes what a preparation of
    the upcoming meeting has to answer for (core/prep.py's checklist): when each timeline
    entry happened and by whom, open agreements, pending corrections, complaints, and the
    statements the current caseworker has read."""

    def __init__(self, out: _Writer) -> None:
        self.out = out
        self.news: list[tuple[datetime, int | None]] = []  # when, by whom (None: from outside)
        self.open_agreements: list[tuple[int, str, str]] = []  # id, what, due (ISO)
        self.pending_corrections = 0
        self.complaints = 0
        self.reads: set[tuple[int, int]] = set()  # statement, caseworker

    _NEWS = {"JournalEntry": ("occurred_at", "author_id"), "Meeting": ("starts_at", "caseworker_id"),
             "Statement": ("received_at", None), "Letter": ("created_at", "author_id"),
             "Decision": ("decided_at", "decided_by_id"), "Complaint": ("received_at", None),
             "Activity": ("started_on", None), "BenefitPeriod": ("started_on", None)}

    def add(self, model: type[SQLModel], **values: Any) -> int:
        row_id = self.out.add(model, **values)
        name = model.__name__
        if name in self._NEWS and not (name == "JournalEntry" and values.get("meeting_id")):
            column, author = self._NEWS[name]
            at = values[column]
            if not isinstance(at, datetime):  # a day: at the start of it, as the timeline has it
                at = datetime.combine(at, time.min, tzinfo=LOCAL_TIMEZONE)
            self.news.append((at, values.get(author) if author else None))
        if name == "Agreement" and values["status"] == "open":
            self.open_agreements.append((row_id, values["what"], values["due_on"].isoformat()))
        elif name == "Correction" and values["status"] == "pending":
            self.pending_corrections += 1
        elif name == "Complaint":
            self.complaints += 1
        elif name == "StatementRead":
            self.reads.add((values["statement_id"], values["caseworker_id"]))
        return row_id


class _Citizen:
    """Builds one citizen and everything about them, oldest first."""

    def __init__(self, build: _Build, index: int) -> None:
        self.b = build
        self.out = _Tracked(build.out)
        self.plan = build.plans[index]
        self.flags = self.plan.flags
        self.rng = Random(f"{build.seed}:citizen:{index}")
        self.caseworker = build.caseworkers[self.plan.caseworker]

    def build(self) -> None:
        self._person()
        self._history()
        self._write_citizen()
        self._assignments()
        self._slots()
        self._representative()
        self._goals_and_accommodations()
        self._activities()
        self._statements()
        journal_budget = (self.b.scale.heavy_journal if "heavy" in self.flags
                          else self.rng.randint(*self.b.scale.journal))
        self.journal_written = 0
        self._decisions_and_complaints()
        self._meetings()
        self._inquiries()
        self._handover()
        self._access()
        self._journal(journal_budget - self.journal_written)
        self._prepare()
        self._complaint_about_a_decision()

    # -- who --

    def _person(self) -> None:
        rng, today = self.rng, self.b.today
        self.female = rng.random() < 0.5
        # A planned unread statement needs someone with a health problem; the situation
        # decides the ages and occupations that fit.
        profiles = [p for p in T.PROFILES
                    if (p.health or "unread_statement" not in self.flags)
                    and p.sex in ("", "female" if self.female else "male")]
        self.profile = rng.choices(profiles, [T.PROFILE_WEIGHTS[p.key] for p in profiles])[0]
        youngest, oldest = self.profile.ages
        born_after = _years_before(today, oldest + 1) + timedelta(days=1)
        born_before = _years_before(today, youngest) - timedelta(days=1)
        self.birth = born_after + timedelta(days=rng.randrange((born_before - born_after).days))
        if (self.birth.month, self.birth.day) == (1, 1):  # never 1 January: see _cpr
            self.birth += timedelta(days=1 if self.birth < born_before else -1)
        self.cpr = _cpr(rng, self.birth, self.female, self.b.used_cprs)
        self.age = _age(self.birth, today)
        self.other_origin = rng.random() < (0.6 if self.profile.key in ("ptsd", "sprog") else 0.06)
        if self.other_origin:
            self.first = rng.choice(T.OTHER_FEMALE_NAMES if self.female else T.OTHER_MALE_NAMES)
            self.last = rng.choice(T.OTHER_LAST_NAMES)
        else:
            self.first = rng.choice(T.FEMALE_NAMES if self.female else T.MALE_NAMES)
            self.last = rng.choice(T.LAST_NAMES)
            if rng.random() < 0.25:
                self.last = f"{rng.choice(T.MIDDLE_NAMES)} {self.last}"
        key = _ascii(self.first.split()[0].replace("-", "")) + "." + _ascii(self.last.split()[-1])
        self.email = (f"{key}{rng.choice(['', '', str(rng.randint(1, 99))])}@"
                      f"{rng.choice(T.CITIZEN_MAIL_DOMAINS)}" if rng.random() < 0.8 else None)
        self.phone = _phone(rng, rng.choice("2345")) if rng.random() < 0.92 else None
        channels = (["digital_post"] * 14 + ["email"] * 3 * bool(self.email)
                    + ["sms"] * 2 * bool(self.phone) + ["letter"])
        self.channel = rng.choice(channels)
        if "paper_post" in self.flags:
            self.channel = "letter"  # exempt from Digital Post (core/channels.py)
        # Slots for the texts about the citizen; _slots adds the rest once more is known.
        self.slots = {"fornavn": self.first, "Hun": "Hun" if self.female else "Han",
                      "hun": "hun" if self.female else "han",
                      "hende": "hende" if self.female else "ham",
                      "hendes": "hendes" if self.female else "hans",
                      "mor_far": "mor" if self.female else "far",
                      "job": rng.choice(self.profile.jobs or T.JOBS)}

    def _history(self) -> None:
        """Benefit periods from today backwards: the current course of the case, then
        earlier spells with gaps in between, 1–15 years in all."""
        rng, today = self.rng, self.b.today
        if self.profile.key == "ung" or (self.age < 30 and rng.random() < 0.5):
            arcs = T.YOUNG_ARCS
        else:
            arcs = T.HEALTH_ARCS if self.profile.health else T.HEALTHY_ARCS
        if self.age >= 30:  # uddannelseshjælp is for people under 30
            arcs = tuple(a for a in arcs if not any(code.startswith("uddannelses") for code in a))
        arc = list(rng.choice(arcs))
        ends_in = arc[-1] if arc[-1] in ("job", "pension") else None
        arc = [code for code in arc if code not in ("job", "pension")]
        if self.plan.active:
            ends_in = None
        elif ends_in is None:
            ends_in = "job"
        self.active = self.plan.active
        adult = _years_before(self.birth, -18)  # nobody is on benefits before 18
        self.closed_on = (None if self.active else
                          min(today - timedelta(days=1),
                              max(today - _days(rng, 30, 540), adult + timedelta(days=60))))
        periods: list[_Period] = []
        if ends_in == "pension":
            periods.append(_Period("pension", self.closed_on + timedelta(days=1), None))
        end = self.closed_on if self.closed_on else None
        cursor = self.closed_on or today
        # A few cases have just begun: their first meeting is still ahead.
        new_case = (self.active and self.plan.upcoming is not None and not self.flags
                    and rng.random() < 0.06)
        for position, code in enumerate(reversed(arc)):
            if position == 0 and new_case:
                length = rng.randint(14, 50)
            else:
                length = rng.randint(*_PERIOD_DAYS.get(_FAMILIES[code], (90, 900)))
            start = max(cursor - timedelta(days=length), adult)
            if start >= cursor:
                break
            periods.append(_Period(code, start, end))
            end = start - timedelta(days=1)
            cursor = start
        self.case_start = cursor
        years = rng.choices(range(1, 16), [15, 14, 12, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 2])[0]
        history_start = today - timedelta(days=365 * years)
        while cursor > max(history_start, adult) + timedelta(days=90):
            gap_end = cursor - _days(rng, 60, 900)
            start = gap_end - _days(rng, 45, 360)
            if start < adult:
                break
            # Uddannelseshjælp only while under 30; the others from 25.
            adult_spells = ("dagpenge", "kontanthjaelp_jobparat", "sygedagpenge")
            if _age(self.birth, gap_end) >= 30:
                code = rng.choice(adult_spells)
            elif _age(self.birth, start) < 25:
                code = "uddannelseshjaelp_uddannelsesparat"
            else:
                code = rng.choice(("uddannelseshjaelp_uddannelsesparat", *adult_spells))
            periods.append(_Period(code, start, gap_end))
            cursor = start
        self.periods = sorted(periods, key=lambda p: p.start)
        self.first_day = self.periods[0].start
        self.current = next(p for p in reversed(self.periods) if p.code != "pension")
        self.family = self.current.family

    def _write_citizen(self) -> None:
        rng = self.rng
        current = self.current
        benefit = ("foertidspension" if self.periods[-1].code == "pension"
                   else self.b.benefit_of[current.code])
        assessment = rng.choice(self.profile.assessment).format_map(self.slots)
        postcode, town = rng.choice(T.TOWNS)
        self.id = self.out.add(
            m.Citizen, cpr=self.cpr, first_name=self.first, last_name=self.last,
            search_name=fold(f"{self.first} {self.last}"),
            address=f"{rng.choice(T.STREETS)} {rng.randint(1, 120)}{rng.choice(T.FLOORS)}",
            postcode=postcode, city=town, email=self.email, phone=self.phone,
            preferred_channel=self.channel,
            target_group_id=self.b.target_group_ids[current.code] if self.active else None,
            benefit_id=(self.b.benefit_ids[benefit]
                        if self.active or benefit == "foertidspension" else None),
            team_id=self.b.team_ids[self.caseworker.team],
            # The day the first caseworker took the case ("Sagen oprettet", _assignments),
            # with the oldest benefit period: not the start of the current spell.
            case_opened_on=self.calendar_day(self.first_day), active=self.active,
            assessment=assessment)
        for period in self.periods:
            code = period.code
            self.out.add(m.BenefitPeriod, citizen_id=self.id,
                         benefit_id=self.b.benefit_ids["foertidspension" if code == "pension"
                                                       else self.b.benefit_of[code]],
                         target_group_id=None if code == "pension" else self.b.target_group_ids[code],
                         started_on=period.start, ended_on=period.end)

    def _assignments(self) -> None:
        """Caseworkers over time: most citizens have had 1–3 changes, some many more."""
        rng = self.rng
        changes = rng.choices((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (14, 28, 25, 21, 5, 2, 2, 1, 1, 1))[0]
        end = self.closed_on or self.b.today
        first = _moment(rng, self.calendar_day(self.first_day))
        span = max(1, (end - self.first_day).days)
        boundaries = sorted(self.first_day + timedelta(days=rng.randrange(1, span + 1))
                            for _c in range(min(changes, span // 20)))
        if "handover_in_progress" in self.flags:
            boundaries = [d for d in boundaries if d < self.b.today - timedelta(days=60)]
            boundaries.append(self.b.calendar.add(self.b.today, -2))
        starts = sorted([first] + [_moment(rng, self.calendar_day(day)) for day in boundaries])
        people = self.b.caseworkers + self.b.former
        workers = [self.caseworker]
        for _previous in starts[1:]:
            while (worker := rng.choice(people)) is workers[-1]:
                pass
            workers.append(worker)
        workers.reverse()  # the current caseworker is the last
        self.assigned: list[tuple[datetime, _Staff]] = list(zip(starts, workers, strict=True))
        self.assignment_starts = [start for start, _worker in self.assigned]
        for number, (start, worker) in enumerate(self.assigned):
            ended = self.assigned[number + 1][0] if number + 1 < len(self.assigned) else None
            if ended is None and not self.active:
                ended = _moment(rng, self.calendar_day(self.closed_on))
            reason = ("Sagen oprettet" if number == 0 else "Overdragelse"
                      if "handover_in_progress" in self.flags and ended is None
                      else rng.choice(T.ASSIGNMENT_REASONS))
            self.out.add(m.CaseworkerAssignment, citizen_id=self.id, caseworker_id=worker.id,
                         started_at=start, ended_at=ended, reason=reason)

    def calendar_day(self, day: date) -> date:
        return self.b.calendar.on_or_after(day)

    def _at_work(self, moment: datetime) -> datetime:
        """The same time of day on the working day on or before `moment`'s day."""
        day = self.b.calendar.on_or_before(moment.date())
        return moment if day == moment.date() else _at(day, moment.hour, moment.minute)

    def _in_office_hours(self, moment: datetime) -> datetime:
        """`moment` if it is in office hours (8–16) on a working day, else the next
        working day at 8 and `moment`'s minutes: when a caseworker acts on it."""
        local = moment.astimezone(LOCAL_TIMEZONE)
        if self.b.calendar.working(local.date()) and 8 <= local.hour < 16:
            return moment
        day = local.date() + timedelta(days=1) if local.hour >= 16 else local.date()
        return _at(self.calendar_day(day), 8, local.minute)

    def worker_at(self, moment: datetime) -> _Staff:
        index = bisect.bisect_right(self.assignment_starts, moment) - 1
        return self.assigned[max(index, 0)][1]

    def _slots(self) -> None:
        rng = self.rng
        profile = self.profile
        gp = _person_name(rng, rng.random() < 0.6)
        self.gp = gp
        self.slots.update({
            "navn": f"{self.first} {self.last}", "fornavns": T.genitive(self.first),
            "Hendes": "Hendes" if self.female else "Hans",
            "kvinde_mand": "kvinde" if self.female else "mand", "alder": str(self.age),
            "født": T.danish_date(self.birth, year=True),
            "gener": profile.complaints or "situationen",
            "gener_eller_fravær": profile.complaints or "fraværet",
            "læge": f"egen læge {gp}",
            "medicin": rng.choice(profile.medicine) if profile.medicine else "ingen medicin",
            "behandling": rng.choice(profile.treatment) if profile.treatment else "samtaler",
            "behandlingssted": rng.choice(T.PROVIDERS["treatment"]),
            "arbejdsgiver": rng.choice(T.EMPLOYERS), "vk": rng.choice(self.b.consultants),
            "bisidder": "", "mentor": _person_name(rng, rng.random() < 0.5),
            "kursus": rng.choice(T.COURSES), "år": str(rng.randint(2, 9)),
            "mentortimer": str(rng.randint(2, 5)),
        })

    def _representative(self) -> None:
        rng = self.rng
        self.rep: tuple[int, str, str, str] | None = None
        if "representative" not in self.flags:
            return
        kind = "companion" if rng.random() < 0.6 else "representative"
        name = _person_name(rng, rng.random() < 0.5)
        relation = rng.choice(T.COMPANION_RELATIONS if kind == "companion"
                              else T.REPRESENTATIVE_RELATIONS)
        if relation in ("mor", "far", "søster", "bror", "datter", "søn"):
            female = relation in ("mor", "søster", "datter")
            pool = ((T.OTHER_FEMALE_NAMES if female else T.OTHER_MALE_NAMES) if self.other_origin
                    else (T.FEMALE_NAMES if female else T.MALE_NAMES))
            name = f"{rng.choice(pool)} {self.last.split()[-1]}"
        rep_id = self.out.add(
            m.Representative, citizen_id=self.id, kind=kind, name=name, relation=relation,
            phone=_phone(rng, rng.choice("2345")),
            email=(None if kind == "companion"
                   else f"{_ascii(name.replace(' ', '.'))}@raadgivning.example"),
            since=self.case_start + _days(rng, 0, max(0, (self.b.today - self.case_start).days // 2)))
        self.rep = (rep_id, name, kind, relation)
        self.slots["bisidder"] = name

    def _goals_and_accommodations(self) -> None:
        rng, profile = self.rng, self.profile
        recorded = _moment(rng, self.calendar_day(max(self.case_start, self.b.era_start)))
        by = self.worker_at(recorded).id
        self.wish_ids: list[tuple[int, str]] = []
        self.goal_texts: list[str] = []
        for kind, pool, count in (("goal", profile.goals, rng.randint(1, 2)),
                                  ("wish", profile.wishes, 1),
                                  ("resource", profile.resources, rng.randint(1, 2))):
            for sentence in rng.sample(pool, min(count, len(pool))):
                text = sentence.format_map(self.slots)
                goal_id = self.out.add(m.CitizenGoal, citizen_id=self.id, kind=kind, text=text,
                                       recorded_at=recorded, recorded_by_id=by, active=self.active)
                if kind != "resource":
                    self.goal_texts.append(text)
                if kind == "wish":
                    self.wish_ids.append((goal_id, sentence))
        self.accommodations: list[str] = []
        chance = 0.55 if profile.health else 0.3
        pool = profile.accommodations or T.GENERIC_ACCOMMODATIONS
        if rng.random() < chance:
            self.accommodations = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
            for description in self.accommodations:
                self.out.add(m.Accommodation, citizen_id=self.id, description=description,
                             agreed_on=recorded.date(), agreed_by_id=by)

    def _activities(self) -> None:
        rng, today = self.rng, self.b.today
        placed = False
        count = rng.choices((0, 1, 2, 3, 4, 5), (15, 25, 25, 18, 10, 7))[0]
        starts = [self.case_start + _days(rng, 0, max(1, (today - self.case_start).days - 30))
                  for _n in range(count)]
        if starts and self.active and rng.random() < 0.5:
            starts[-1] = today - _days(rng, -20, 60)  # something going on now, or soon
        for start in sorted(starts):
            kind = rng.choices(("placement", "wage_subsidy", "mentor", "course", "treatment", "other"),
                               (35, 8, 15, 17, 15 if self.profile.health else 0, 10))[0]
            weeks = rng.randint(4, 26)
            end = start + timedelta(weeks=weeks)
            status = ("planned" if start > today else "running" if end >= today
                      else rng.choices(("completed", "stopped"), (75, 25))[0])
            if kind in ("placement", "wage_subsidy"):
                employer = rng.choice(T.EMPLOYERS)
                title = ("Virksomhedspraktik" if kind == "placement"
                         else "Løntilskud") + f" hos {employer}"
                provider = employer
                hours = float(rng.choice((6, 8, 10, 12, 15, 20) if kind == "placement"
                                         else (25, 30, 37)))
                self.slots["arbejdsgiver"] = employer  # the journal speaks of the latest
                placed = True
            elif kind == "course":
                course = rng.choice(T.COURSES).removeprefix("et ")
                title, provider, hours = (course[0].upper() + course[1:],
                                          rng.choice(T.PROVIDERS["course"]),
                                          float(rng.choice((10, 15, 20))))
            elif kind == "treatment":
                title, provider, hours = (f"Behandling: {self.slots['behandling']}",
                                          self.slots["behandlingssted"], float(rng.choice((2, 3, 4))))
            elif kind == "mentor":
                title, provider, hours = ("Mentorstøtte", rng.choice(T.PROVIDERS["mentor"]),
                                          float(rng.choice((2, 3, 5))))
            else:
                title, provider, hours = (rng.choice(("Afklaringsforløb", "Jobværksted")),
                                          rng.choice(T.PROVIDERS["other"]), float(rng.choice((10, 15))))
            slots = {**self.slots, "timer": f"{hours:g}"}
            self.out.add(m.Activity, citizen_id=self.id, kind=kind, title=title, provider=provider,
                         started_on=start,
                         ended_on=end if status != "running" or rng.random() < 0.7 else None,
                         hours_per_week=hours, status=status,
                         outcome=rng.choice([text for kinds, text in T.ACTIVITY_OUTCOMES[status]
                                             if not kinds or kind in kinds.split()]).format_map(slots))
        # What texts about the citizen may speak of: a health problem, a placement, a companion.
        needs = {"health"} if self.profile.health else set()
        if placed:
            needs.add("placement")
        if self.rep:
            needs.add("rep")
        self.needs = frozenset(needs)

    def _pick(self, pool: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
        """A random item of a tagged pool that fits this citizen."""
        return self.rng.choice(T.fitting(pool, self.needs))

    # -- statements --

    def _statements(self) -> None:
        """Statements across the health history. Unread ones are decided later, once the
        last meeting is known; the reads are written then too."""
        rng, profile = self.rng, self.profile
        self.statements: list[tuple[int, datetime, str, str]] = []  # id, received, title, author
        self.conclusions: dict[int, str] = {}
        if "unread_statement" in self.flags:
            received = self.b.calendar.add(self.b.today, -1)
            self._add_statement(received, "medical", self.gp, T.GENERAL_PRACTITIONER,
                                rng.choice(T.MEDICAL_TITLES))
        if not profile.health:
            return
        years = max(1, (self.b.today - self.case_start).days // 365)
        count = min(6, rng.randint(1, 2 + years))
        days = (self.b.today - self.case_start).days
        starts = sorted(self.case_start + _days(rng, 20, max(21, days - 3)) for _n in range(count))
        for day in starts:
            kind = rng.choices(("medical", "specialist", "psychologist", "other"),
                               (50, 25, 15 if profile.key in T.PSYCH_PROFILES else 0, 10))[0]
            if kind == "medical":
                author, profession = self.gp, T.GENERAL_PRACTITIONER
                title = rng.choice(T.MEDICAL_TITLES)
            elif kind == "specialist":
                author, profession = _person_name(rng, rng.random() < 0.5), profile.specialist
                title = f"Speciallægeerklæring – {profile.specialist.removeprefix('speciallæge i ')}"
            elif kind == "psychologist":
                author, profession, title = (_person_name(rng, rng.random() < 0.7), T.PSYCHOLOGIST,
                                             "Psykologudtalelse")
            else:
                profession, title = rng.choice(T.OTHER_AUTHORS)
                author = _person_name(rng, rng.random() < 0.6)
            self._add_statement(day, kind, author, profession, title)
        self.statements.sort(key=lambda statement: statement[1])

    def _add_statement(self, received_day: date, kind: str, author: str, profession: str,
                       title: str) -> None:
        rng = self.rng
        received = _moment(rng, self.b.calendar.on_or_before(received_day))
        written = received.date() - _days(self.rng, 3, 20)
        slots = {**self.slots, "alder": str(_age(self.birth, written))}
        content = T.statement_text(rng, self.profile, slots, kind, author, profession, title,
                                   written)
        statement_id = self.out.add(
            m.Statement, citizen_id=self.id, kind=kind, author_name=author,
            author_profession=profession, written_on=written, received_at=received,
            title=content["title"], body=content["body"], work_capacity=content["work_capacity"],
            hours_per_week=content["hours_per_week"], restrictions=content["restrictions"])
        self.statements.append((statement_id, received, title, author))
        self.conclusions[statement_id] = content["work_capacity"]

    def _statement_reads(self, last_held: datetime | None) -> None:
        """Read marks: each statement by the caseworker of the day; older ones also by the
        current caseworker; new ones since the last meeting stay unread when planned so."""
        rng = self.rng
        current = self.caseworker if self.active else None
        for statement_id, received, _title, _author in self.statements:
            new = last_held is not None and received > last_held
            readers = {}
            worker = self.worker_at(received)
            readers[worker.id] = received + timedelta(hours=rng.randint(1, 96))
            if current and current is not worker and not new and rng.random() < 0.7:
                taken_over = self.assignment_starts[-1]
                readers[current.id] = max(taken_over, received) + timedelta(hours=rng.randint(2, 200))
            if new and current:
                leave_unread = "unread_statement" in self.flags or rng.random() < 0.5
                if leave_unread:
                    readers.pop(current.id, None)
            for reader, at in readers.items():
                if at < self.b.now:
                    self.out.add(m.StatementRead, statement_id=statement_id, caseworker_id=reader,
                                 read_at=at)

    # -- decisions and appeals --

    def _decisions_and_complaints(self) -> None:
        rng = self.rng
        pool = [p for p in self.periods if p.code != "pension" and (p.end or self.b.today) > p.start]
        self.decided: list[tuple[int, datetime, str, str]] = []
        for _n in range(rng.randint(1, 4)):
            period = rng.choice(pool)
            subjects = T.DECISIONS.get(period.family)
            if not subjects:
                continue
            length = ((period.end or self.b.today) - period.start).days
            day = period.start + _days(rng, 0, max(0, length - 1))
            if day >= self.b.today:
                continue
            subject, outcome, law, section, reasoning = rng.choice(subjects)
            decision_id, at = self._decision(day, subject, outcome, law, section,
                                             reasoning.format_map(self.slots))
            self.decided.append((decision_id, at, subject, outcome))
        if rng.random() < (0.12 if self.profile.health else 0.05):
            self._appeal()
        if rng.random() < 0.03:
            received = _moment(rng, self.calendar_day(self.b.today - _days(rng, 10, 400)))
            summary = rng.choice(T.SERVICE_COMPLAINTS).format_map(self.slots)
            decided = received + _days(rng, 5, 25)
            decided = decided if decided < self.b.now else None
            self.out.add(m.Complaint, citizen_id=self.id, kind="complaint", received_at=received,
                         summary=summary, status="decided" if decided else "open",
                         outcome=rng.choice(("upheld", "confirmed")) if decided else None,
                         decided_at=decided)
            self._entry("complaint", "in", received, "Klage over sagsbehandlingen",
                        f"{summary} Klagen er sendt til teamlederen, som svarer inden fire uger.")

    def _complaint_about_a_decision(self) -> None:
        """Now and then a complaint to the job centre about a recent decision that refused
        or stopped something, which the job centre reconsidered: the follow-up report's
        complaints by area (issue 14 item 6). Written last, with its own random numbers,
        so the rest of the demo comes out as before; never a story citizen's
        (DEMO_STORIES), whose preparations are told as they are."""
        if "story" in self.flags:
            return
        rng = Random(f"{self.b.seed}:complaint-about-decision:{self.id}")
        recent = [d for d in self.decided if d[3] != "granted"
                  and d[1].date() >= self.b.today - timedelta(days=540)]
        if not recent or rng.random() >= 0.2:
            return
        decision_id, at, subject, _outcome = rng.choice(recent)
        received = _moment(rng, self.calendar_day(at.date() + _days(rng, 3, 20)))
        if received >= self.b.now:
            return
        answered = received + _days(rng, 5, 25)
        answered = answered if answered < self.b.now else None
        self.out.add(m.Complaint, citizen_id=self.id, decision_id=decision_id, kind="complaint",
                     received_at=received, status="decided" if answered else "open",
                     summary=f"{self.first} klager over afgørelsen om {subject.lower()} og beder "
                             "jobcentret se på sagen igen.",
                     outcome=rng.choice(("upheld", "confirmed")) if answered else None,
                     decided_at=answered)

    def _decision(self, day: date, subject: str, outcome: str, law: str, section: str,
                  reasoning: str) -> tuple[int, datetime]:
        decided = _moment(self.rng, self.calendar_day(day))
        worker = self.worker_at(decided)
        decision_id = self.out.add(m.Decision, citizen_id=self.id, decided_at=decided,
                                   decided_by_id=worker.id, subject=subject, outcome=outcome,
                                   law=law, section=section, reasoning=reasoning)
        self._entry("decision", "", decided, f"Afgørelse: {subject}",
                    f"{reasoning}\n\nAfgørelsen er truffet efter {law} {section} og sendt til "
                    f"{self.first} med Digital Post med klagevejledning.")
        return decision_id, decided

    def _appeal(self) -> None:
        """A decision appealed to Ankestyrelsen. A decided appeal ends in a ruling of the
        library dated after it; rulings that led to a practice change are used first."""
        rng, b = self.rng, self.b
        key = rng.choice(_APPEAL_AREAS.get(self.family) or ("oplysning",))
        area = b.areas[key]
        earliest = (self.case_start + timedelta(days=240)).toordinal()
        latest = (b.today - timedelta(days=20)).toordinal()
        practice = [c for c in b.practice_rulings.get(key, []) if earliest <= c[0] <= latest]
        if practice:
            ruling = practice[0]
            b.practice_rulings[key].remove(ruling)
        else:
            entries = b.rulings_by_area[key]
            low = bisect.bisect_left(entries, (earliest,))
            high = bisect.bisect_right(entries, (latest, 1 << 62))
            ruling = entries[rng.randrange(low, high)] if high > low and rng.random() < 0.8 else None
        subject, outcome = area.decision
        # Still with Ankestyrelsen, or decided some months before the ruling.
        day = b.today - _days(rng, 40, 150) if ruling is None else (
            date.fromordinal(ruling[0]) - _days(rng, 150, 230))
        law = T.law_on(area.law, day)
        decision_id, decided = self._decision(
            day, subject, outcome, law, area.sections[0],
            f"Afgørelsen bygger på {law[0].lower()}{law[1:]}. Vi har lagt vægt på de "
            "oplysninger, der var i sagen på afgørelsestidspunktet.")
        received = decided + _days(rng, 10, 28)
        summary = (f"{self.first} klager over afgørelsen om {subject.lower()} og anfører, at "
                   f"{area.argument}.")
        self._entry("complaint", "in", received, "Klage modtaget",
                    f"{self.first} har klaget over afgørelsen om {subject.lower()}. Afgørelsen "
                    "er genvurderet og fastholdt, og klagen er sendt til Ankestyrelsen.")
        if ruling is None:
            self.out.add(m.Complaint, citizen_id=self.id, decision_id=decision_id, kind="appeal",
                         received_at=received, status="forwarded", summary=summary)
            return
        ordinal, ruling_id, ruling_outcome, number = ruling
        ruled = date.fromordinal(ordinal)
        self.out.add(m.Complaint, citizen_id=self.id, decision_id=decision_id, kind="appeal",
                     received_at=received, status="decided", outcome=ruling_outcome,
                     decided_at=_at(ruled, 12), ruling_id=ruling_id, summary=summary)
        what = ("afvist at behandle klagen over" if ruling_outcome == "rejected"
                else f"{T.OUTCOME_PARTICIPLES[ruling_outcome]} kommunens")
        self._entry("letter", "in", _moment(rng, self.calendar_day(ruled + timedelta(days=3))),
                    f"Afgørelse fra Ankestyrelsen ({number})",
                    f"Ankestyrelsen har {what} afgørelse om {subject.lower()}. Afgørelsen er lagt "
                    f"på sagen og gennemgås med {self.first}.")

    # -- meetings --

    def _meeting_days(self) -> tuple[list[date], date | None]:
        """Days of held meetings in the PrepDesk era, oldest first, and the day of the
        draft-only meeting, if any."""
        rng, b = self.rng, self.b
        flags = self.flags
        if "draft_yesterday" in flags:
            last = b.calendar.add(b.today, -1)
        elif "pending_correction" in flags or "accepted_correction" in flags:
            last = b.calendar.add(b.today, -rng.randint(3, 5))
        elif "old_pending_approval" in flags:
            last = b.calendar.add(b.today, -rng.randint(8, 11))
        elif "pending_approval" in flags:
            last = b.calendar.add(b.today, -rng.randint(2, 4))
        else:
            last = (self.closed_on or b.today) - _days(rng, 5, 60)
        first_allowed = max(b.era_start, self.case_start + timedelta(days=7))
        days: list[date] = []
        day = b.calendar.on_or_before(last)
        while day >= first_allowed and day < b.today:
            days.append(day)
            day = b.calendar.on_or_before(day - _days(rng, 28, 70))
        days.reverse()
        return days, (days[-1] if "draft_yesterday" in flags and days else None)

    def _meetings(self) -> None:
        days, draft_day = self._meeting_days()
        self.held: list[_Held] = []
        unreached: str | None = None
        statements_seen = 0
        self.last_held: datetime | None = None
        self.upcoming_id: int | None = None
        self.attached_rulings: list[str] = []  # numbers, for a handover dossier
        self.waiting: list[str] = []  # what the last notes wait for, for a handover dossier
        for number, day in enumerate(days):
            start = _at(day, *self.rng.choice(TODAY_SLOTS))
            worker = self.worker_at(start)
            first = number == 0 and self.case_start >= self.b.era_start
            handover = number > 0 and self.worker_at(_at(days[number - 1], 12)) is not worker
            kind = ("first" if first else "handover" if handover and self.rng.random() < 0.5
                    else self.rng.choices(("follow_up", "phone", "round_table"), (75, 15, 10))[0])
            cancelled = day != draft_day and number < len(days) - 1 and self.rng.random() < 0.06
            new_statements = [s for s in self.statements[statements_seen:] if s[1] < start]
            statements_seen += len(new_statements)
            held = self._held_meeting(start, kind, worker, unreached, new_statements,
                                      cancelled=cancelled, draft=day == draft_day,
                                      last=number == len(days) - 1)
            if held is not None:
                self.held.append(held)
                unreached = held.unreached
                self.last_held = start
        self._statement_reads(self.last_held)
        if self.active and self.plan.upcoming:
            when, kind = self.plan.upcoming
            kind = "first" if not self.held and kind != "handover" else kind
            self._upcoming(when, kind, unreached)

    def _participants(self, meeting_id: int, kind: str, worker: _Staff, invited: datetime,
                      *, everyone: bool = False) -> list[dict[str, str]]:
        rng = self.rng
        people = [{"role": "citizen", "name": f"{self.first} {self.last}"},
                  {"role": "caseworker", "name": worker.name}]
        self.out.add(m.MeetingParticipant, meeting_id=meeting_id, role="citizen",
                     name=f"{self.first} {self.last}", invited_at=invited)
        self.out.add(m.MeetingParticipant, meeting_id=meeting_id, role="caseworker",
                     name=worker.name, organisation=T.JOB_CENTRE, caseworker_id=worker.id)
        if self.rep and (everyone or kind == "round_table" or rng.random() < 0.6):
            rep_id, name, rep_kind, relation = self.rep
            self.out.add(m.MeetingParticipant, meeting_id=meeting_id, role=rep_kind, name=name,
                         organisation=relation, representative_id=rep_id, invited_at=invited)
            people.append({"role": rep_kind, "name": name})
        if kind == "first" or (kind != "phone" and rng.random() < 0.2):
            name = self.slots["vk"]
            self.out.add(m.MeetingParticipant, meeting_id=meeting_id, role="employer_consultant",
                         name=name, organisation=f"{T.JOB_CENTRE}, Virksomhedsservice",
                         invited_at=invited)
            people.append({"role": "employer_consultant", "name": name})
        if kind == "round_table":
            name = _person_name(rng, rng.random() < 0.7)
            organisation = rng.choice(T.ORGANISATIONS)
            self.out.add(m.MeetingParticipant, meeting_id=meeting_id, role="other", name=name,
                         organisation=organisation, invited_at=invited)
            people.append({"role": "other", "name": name})
        return people

    def _agenda(self, meeting_id: int, kind: str, minutes: int, unreached: str | None,
                new_statements: list, open_agreements: list[tuple[int, str, str]],
                ruling: tuple[int, str] | None, *, held: bool, fit: bool = True,
                every_agreement: bool = False) -> tuple[list[tuple[str, str, int]], str | None]:
        """Ordered items with owner and minutes that add up to the meeting's length. The
        proposals (new statements, open agreements, what was not reached, an attached
        ruling, a wish) go in while there is time; with `fit` False they all go in and
        overrun, as a caseworker's draft sometimes does; with `every_agreement` every open
        agreement goes in, as a prepared meeting has them. A held meeting sometimes did not
        reach its last proposal. Returns the reached items' (title, source, id) and the title
        of the one not reached."""
        rng = self.rng
        opening = [(title, owner, mins, "manual", None)
                   for title, owner, mins in T.AGENDA_OPENINGS[kind]]
        closing = [(T.CLOSING_ITEM, "both", 5, "manual", None)]
        if kind != "phone":
            closing.insert(0, ("Dine egne punkter", "citizen", 5, "citizen_points", None))
        proposals = [(f"{title} fra {author}", "both", 10, "statement", statement_id)
                     for statement_id, _received, title, author in new_statements[-2:]]
        proposals += [(f"Opfølgning: {what}", "both", 5, "agreement", agreement_id)
                      for agreement_id, what, _due in
                      (open_agreements if every_agreement else open_agreements[:2])]
        if unreached:
            proposals.append((unreached, "both", 5, "carried", None))
        if ruling:
            proposals.append((f"Ankestyrelsens afgørelse {ruling[1]}", "caseworker", 5, "ruling",
                              ruling[0]))
        if self.wish_ids and kind in ("follow_up", "round_table") and rng.random() < 0.3:
            wish_id, wish = self.wish_ids[0]
            title = re.split(r"[,.]", wish.format_map(self.slots))[0]
            proposals.append((f"Dit ønske: {title}", "citizen", 5, "wish", wish_id))
        left = minutes - sum(item[2] for item in opening + closing)
        middle = []
        for item in proposals:
            if item[2] <= left or not fit or (every_agreement and item[3] == "agreement"):
                middle.append(item)
                left -= item[2]
        if left >= 5:
            middle.append((rng.choice(T.AGENDA_MAIN), "both", left, "manual", None))
        elif left > 0:
            closing[-1] = (*closing[-1][:2], 5 + left, *closing[-1][3:])
        unreached_item = middle[-1] if held and middle and rng.random() < 0.2 else None
        reached = []
        for position, item in enumerate(opening + middle + closing, start=1):
            title, owner, mins, source, source_id = item
            item_id = self.out.add(m.AgendaItem, meeting_id=meeting_id, position=position,
                                   title=title, owner=owner, minutes=mins, source=source,
                                   source_id=source_id,
                                   reached=(item is not unreached_item) if held else None)
            if item is not unreached_item:
                reached.append((title, source, item_id))
        return reached, unreached_item[0] if unreached_item else None

    def _held_meeting(self, start: datetime, kind: str, worker: _Staff, unreached: str | None,
                      new_statements: list, *, cancelled: bool, draft: bool, last: bool
                      ) -> _Held | None:
        rng, b = self.rng, self.b
        minutes = T.MEETING_MINUTES[kind]
        previous = self.held[-1] if self.held else None
        prepared = (None if rng.random() < 0.2  # at work, one or two working days before
                    else _moment(rng, b.calendar.add(start.date(), -rng.randint(1, 2))))
        room, place = self._place(kind)
        held_at = start + timedelta(minutes=minutes)
        meeting_id = self.out.add(
            m.Meeting, citizen_id=self.id, caseworker_id=worker.id, kind=kind, starts_at=start,
            minutes=minutes, room_id=room, place=place,
            purpose=rng.choice(T.MEETING_PURPOSES[kind]),
            job_goal=rng.choice(T.JOB_GOALS).format_map(self.slots) if kind == "first" else "",
            status="cancelled" if cancelled else "held", prepared_at=prepared,
            held_at=None if cancelled else held_at)
        invited = self._at_work(start - _days(rng, 7, 14))
        if cancelled:
            self._invitation(meeting_id, kind, start, worker, invited, [], place, status="sent")
            self._entry("phone", "in", _moment(rng, self.b.calendar.add(start.date(), -1)),
                        "Aflysning af samtale",
                        f"{self.first} ringede og aflyste samtalen. Ny tid sendes med Digital Post.")
            return None
        people = self._participants(meeting_id, kind, worker, invited)
        ruling = self._attach_ruling(meeting_id, worker, start) if rng.random() < 0.05 else None
        agenda, left_over = self._agenda(meeting_id, kind, minutes, unreached, new_statements,
                                         previous.agreements if previous else [], ruling, held=True)
        self._invitation(meeting_id, kind, start, worker, invited, [title for title, _s, _i in agenda],
                         place, status="sent")
        self._discuss(meeting_id, new_statements)
        self._log(worker, start - timedelta(minutes=rng.randint(10, 90)), "open_file")
        slots = {**self.slots, "antal": str(rng.randint(2, 14)),
                 "timer": str(rng.choice((6, 8, 10, 12, 15)))}
        agreements = self._agreements(meeting_id, start.date(), last)
        agreed = "; ".join(what for _i, what, _d, _s in agreements)
        next_meeting = self.plan.upcoming[0] if last and self.plan.upcoming and self.active else None
        facts = " ".join(fact for fact, in rng.sample(T.fitting(T.FACTS, self.needs), 2)
                         ).format_map(slots)
        # The shape of prepdesk.core.notes (see its docstring).
        content = {
            "participants": [person["name"] for person in people],
            "sections": [{"key": f"item-{item_id}", "title": title, "reached": True, "text": (
                              f"Vi aftalte: {agreed}." if title == T.CLOSING_ITEM
                              else self._pick(T.SECTION_TEXTS[source])[0].format_map(slots))}
                         for title, source, item_id in agenda],
            "citizen_view": self._pick(T.CITIZEN_VIEWS)[0],
            "facts": facts,
            "agreements": [{"what": what, "who": "citizen", "due_on": due or None}
                           for _i, what, due, _s in agreements],
            "next_steps": self._pick(T.NEXT_STEPS)[0].format_map(slots),
            "next_meeting": (f"{next_meeting.astimezone(LOCAL_TIMEZONE):%d.%m.%Y kl. %H.%M}"
                             if next_meeting else ""),
            "statements": [],
        }
        self._entry("meeting", "", start, T.MEETING_TITLES[kind],
                    f"{T.MEETING_TITLES[kind]} holdt med {self.first}. {self.first} sagde: "
                    f"»{content['citizen_view']}« {facts} Aftaler: {agreed}. Referatet er "
                    "skrevet i mødet.", meeting_id=meeting_id, author=worker)
        if draft:
            self.out.add(m.NoteDraft, meeting_id=meeting_id, author_id=worker.id, content=content,
                         saved_at=held_at + timedelta(minutes=rng.randint(1, 30)))
        else:
            self._note(meeting_id, worker, held_at, content, agreements, last)
        unseen = last and "unseen_feedback" in self.flags
        lead = b.leads.get(worker.team)
        if lead and (unseen or rng.random() < 0.08):
            created = min(held_at + _days(rng, 1, 5), b.now - timedelta(minutes=30))
            seen = created + _days(rng, 1, 7)
            self.out.add(m.ReviewFeedback, meeting_id=meeting_id, author_id=lead.id,
                         created_at=created, text=rng.choice(T.REVIEW_FEEDBACK),
                         seen_at=None if unseen or seen >= b.now else seen)
        still_open = [(i, what, due) for i, what, due, status in agreements if status == "open"]
        return _Held(meeting_id, start.date(), worker, still_open, left_over)

    def _place(self, kind: str) -> tuple[int | None, str]:
        """A room where the conversation cannot be overheard, nearly always."""
        rng = self.rng
        if kind == "phone":
            return None, "Telefon"
        if kind == "round_table" and rng.random() < 0.2:
            return None, "Hjemme hos borgeren"
        room = self.b.open_room if rng.random() < 0.04 else rng.choice(self.b.private_rooms)
        return room, self.b.room_names[room]

    def _attach_ruling(self, meeting_id: int, worker: _Staff, start: datetime
                       ) -> tuple[int, str] | None:
        rng = self.rng
        entries = self.b.rulings_by_area[rng.choice(_APPEAL_AREAS.get(self.family) or ("oplysning",))]
        limit = bisect.bisect_left(entries, (start.date().toordinal(),))
        if limit == 0:
            return None
        _ordinal, ruling_id, _outcome, number = entries[rng.randrange(max(0, limit - 30), limit)]
        self.attached_rulings.append(number)
        on_agenda = rng.random() < 0.7
        self.out.add(m.MeetingRuling, meeting_id=meeting_id, ruling_id=ruling_id,
                     attached_by_id=worker.id, attached_at=start - timedelta(days=1, hours=2),
                     on_agenda=on_agenda,
                     note="Kan have betydning for vurderingen af de lægelige oplysninger.")
        return (ruling_id, number) if on_agenda else None

    def _discuss(self, meeting_id: int, new_statements: list) -> None:
        for statement_id, _received, _title, _author in new_statements:
            if self.rng.random() < 0.8:
                deviates = self.rng.random() < 0.12
                self.out.add(m.StatementDiscussion, meeting_id=meeting_id, statement_id=statement_id,
                             deviates=deviates, deviation_reason=(
                                 "Praktikken viser, at borgeren kan flere timer end erklæringen "
                                 "anbefaler. Det er aftalt med borgeren at prøve 12 timer og "
                                 "følge op efter fire uger." if deviates else ""))

    def _agreements(self, meeting_id: int, day: date, last: bool) -> list[tuple[int, str, str, str]]:
        rng, today = self.rng, self.b.today
        made = []
        for what, who in rng.sample(T.fitting(T.AGREEMENTS, self.needs), rng.randint(1, 3)):
            due = day + _days(rng, 10, 42)
            if due >= today:
                status = "open"
            else:
                status = rng.choices(("done", "open", "cancelled"), (75, 15 if last else 3, 10))[0]
            closed = (_moment(rng, self.calendar_day(day + (due - day) / 2))
                      if status != "open" else None)
            text = what.format_map(self.slots)
            agreement_id = self.out.add(m.Agreement, citizen_id=self.id, meeting_id=meeting_id,
                                        what=text, who=who, due_on=due, status=status,
                                        closed_at=closed if closed and closed < self.b.now else None)
            made.append((agreement_id, text, due.isoformat(), status))
        return made

    def _note(self, meeting_id: int, worker: _Staff, held_at: datetime, content: dict,
              agreements: list, last: bool) -> None:
        """The notes, sent for approval the same day mostly, and the citizen's answer."""
        rng, b = self.rng, self.b
        age = (b.today - held_at.date()).days
        flags = self.flags if last else set()
        written = min(held_at + timedelta(hours=rng.randint(1, 3)), b.last_at_work)
        sent = b.calendar.send_time(written)
        if flags & {"pending_correction", "accepted_correction"}:
            answer = "corrected"
        elif flags & {"pending_approval", "old_pending_approval"}:
            answer = "pending"
        elif sent >= b.now:
            answer = "unsent"  # goes out when the send window opens
        elif age <= 14:
            answer = rng.choices(("pending", "approved", "corrected", "unsent"), (55, 30, 10, 5))[0]
        elif age <= 28:
            answer = rng.choices(("pending", "approved", "corrected"), (10, 80, 10))[0]
        else:
            answer = rng.choices(("approved", "corrected", "expired"), (75, 10, 15))[0]
        corrections = []
        if answer == "corrected":
            wrong, right, comment = (text.format_map(self.slots) for text in self._pick(T.CORRECTIONS))
            section = rng.choice(("facts", "citizen_view"))
            original = f"{content[section]} {wrong}"
            content = {**content, section: original}
            if "pending_correction" in flags or age <= 7:
                decision = "pending"
            elif "accepted_correction" in flags:
                decision = "accepted"
            else:
                decision = rng.choices(("accepted", "rejected"), (60, 40))[0]
            corrections.append((section, original, f"{content[section].removesuffix(wrong)}{right}",
                                comment, decision))
            if "rejected_correction" in flags:
                corrections.append(("next_steps", content["next_steps"],
                                    f"{content['next_steps']} Jeg skal også have hjælp til transport.",
                                    "Det sagde vi også på mødet.", "rejected"))
        accepted = any(c[4] == "accepted" for c in corrections)
        if last and answer == "pending":
            self.waiting.append("Referatet fra sidste samtale afventer borgerens godkendelse.")
        if last and any(c[4] == "pending" for c in corrections):
            self.waiting.append("Borgerens rettelse til sidste referat afventer svar.")
        status = {"pending": "sent", "expired": "sent", "unsent": "final"}.get(answer, answer)
        note_id = self.out.add(m.Note, meeting_id=meeting_id, citizen_id=self.id,
                               author_id=worker.id, current_version=2 if accepted else 1,
                               status=status)
        self.out.add(m.NoteVersion, note_id=note_id, number=1, content=content,
                     created_at=held_at + timedelta(minutes=20), created_by_id=worker.id)
        if answer == "unsent":
            return
        answered = (None if answer in ("pending", "expired")
                    else min(sent + timedelta(hours=rng.randint(3, 200)), b.now - timedelta(hours=1)))
        public_id = f"{rng.getrandbits(128):032x}"
        request_id = self.out.add(
            m.ApprovalRequest, note_id=note_id, note_version=1, public_id=public_id,
            nonce=f"{rng.getrandbits(128):032x}", sent_at=sent, expires_at=sent + timedelta(days=28),
            status=answer, answered_at=answered, nonce_used_at=answered)
        for section, original, proposed, comment, decision in corrections:
            decided = (None if decision == "pending" else
                       self._in_office_hours(answered + timedelta(hours=rng.randint(2, 48))))
            if decided is not None and decided >= b.now:  # the last moment at work, or at once
                decided = max(answered, min(b.last_at_work, b.now - timedelta(minutes=30)))
            self.out.add(m.Correction, approval_request_id=request_id, note_id=note_id,
                         section=section, original_text=original, proposed_text=proposed,
                         comment=comment, received_at=answered, status=decision,
                         decided_by_id=worker.id if decided else None, decided_at=decided,
                         rejection_reason=(rng.choice(T.CORRECTION_REJECTIONS)
                                           if decision == "rejected" else ""),
                         resulting_version=2 if decision == "accepted" else None)
            if decision == "accepted":
                self.out.add(m.NoteVersion, note_id=note_id, number=2, created_at=decided,
                             created_by_id=worker.id, content={**content, section: proposed},
                             change_summary=f"Rettelse fra borgeren accepteret: {comment}")
        subject, body = T.approval_letter(
            first_name=self.first, day=held_at.date(),
            agreements=[what for _i, what, _d, _s in agreements], next_steps=content["next_steps"],
            link=f"https://borger.{T.STAFF_DOMAIN}/referat/{public_id}", caseworker=worker.contact)
        self._letter("approval", meeting_id, worker, written, subject, body,
                     approval_request_id=request_id)

    def _invitation(self, meeting_id: int, kind: str, start: datetime, worker: _Staff,
                    created: datetime, agenda: list[str], place: str, *, status: str) -> None:
        titles = agenda or [title for title, _owner, _mins in T.AGENDA_OPENINGS[kind]] + [
            T.CLOSING_ITEM]
        subject, body = T.invitation_letter(
            first_name=self.first, kind=kind, day=start.date(),
            time_text=T.clock(start.hour, start.minute), place=place,
            purpose=self.rng.choice(T.MEETING_PURPOSES[kind]), agenda=titles,
            caseworker=worker.contact, consequence=self.family in ("kontant", "udd"))
        self._letter("invitation", meeting_id, worker, created, subject, body, status=status)

    def _letter(self, kind: str, meeting_id: int | None, worker: _Staff, created: datetime,
                subject: str, body: str, *, status: str = "sent",
                approval_request_id: int | None = None) -> int:
        b = self.b
        created = min(created, b.last_at_work)
        send = b.calendar.send_time(created)
        if status == "sent" and send >= b.now:
            status = "queued"
        letter_id = self.out.add(m.Letter, citizen_id=self.id, meeting_id=meeting_id, kind=kind,
                                 author_id=worker.id, created_at=created,
                                 status="queued" if status == "failed" else status)
        self.out.add(m.LetterVersion, letter_id=letter_id, number=1, created_at=created,
                     subject=subject, body=body, lix=T.lix(body))
        if status == "draft":
            return letter_id
        failed = status == "failed"
        # The way core/channels.py sends them: every demo letter carries case content (the
        # demo's approval letter lists the agreements, unlike core's e-mail with only the
        # link), so by Digital Post, or on paper to a citizen exempt from it. The random
        # Message-ID is drawn where the demo drew it before issue 16, so the rest of the
        # demo stays the same; the others are made from the letter's id.
        random_id = (f"<{self.rng.getrandbits(64):016x}@{T.STAFF_DOMAIN}>"
                     if self.email and (self.channel == "email" or approval_request_id) else None)
        channel = channels.route(channels.LETTER, self.channel).channel
        self.out.add(m.OutboxMessage,
                     message_id=random_id or f"<letter-{letter_id}@{T.STAFF_DOMAIN}>",
                     letter_id=letter_id, approval_request_id=approval_request_id,
                     citizen_id=self.id, channel=channel, to_address="",
                     subject=subject, body=body, created_at=created, not_before=send,
                     status="sent" if status == "sent" else "failed" if failed else "queued",
                     attempts=1 if status == "sent" or failed else 0,
                     sent_at=send + timedelta(seconds=30) if status == "sent" else None,
                     # Digital Post did not know the citizen: it waits for the caseworker
                     # on my day ("Breve, der ikke kom af sted"), who sends it again (s).
                     last_error=kombit_refusal(400, "Ukendt CPR-nummer").describe()
                     if failed else "")
        return letter_id

    def _upcoming(self, when: datetime, kind: str, unreached: str | None) -> None:
        """The next meeting, today or later, prepared or not."""
        rng, b = self.rng, self.b
        worker = self.caseworker
        minutes = T.MEETING_MINUTES[kind]
        soon = when.date() <= b.calendar.add(b.meeting_day, 2)
        # The demo caseworker's planned meetings are prepared as planned, so her day has
        # both kinds whatever the dice say.
        prepared = "prepared" in self.flags or (soon and "story" not in self.flags
                                                and rng.random() < 0.5)
        # A correction from the citizen waiting for an answer: not prepared yet.
        prepared = prepared and not self.out.pending_corrections
        # Prepared at work, on the working day before the meeting day.
        prepared_at = _moment(rng, b.calendar.add(b.meeting_day, -1)) if prepared else None
        room, place = self._place(kind)
        meeting_id = self.out.add(
            m.Meeting, citizen_id=self.id, caseworker_id=worker.id, kind=kind, starts_at=when,
            minutes=minutes, room_id=room, place=place, purpose=rng.choice(T.MEETING_PURPOSES[kind]),
            job_goal=rng.choice(T.JOB_GOALS).format_map(self.slots) if kind == "first" else "",
            status="planned", prepared_at=prepared_at)
        invited = min(b.last_at_work - timedelta(hours=1), self._at_work(when - _days(rng, 7, 14)))
        # The demo caseworker's planned meetings are half way there when not prepared: the
        # agenda drafted and sent with everyone invited, a few lines of the checklist left.
        story = "story" in self.flags
        self._participants(meeting_id, kind, worker, invited, everyone=prepared or story)
        previous = self.held[-1] if self.held else None
        new_statements = [s for s in self.statements if self.last_held is None or s[1] > self.last_held]
        agenda: list[tuple[str, str, int]] = []
        if prepared or story or rng.random() < 0.5:
            # Prepared: rulings looked at where the kind of meeting or a complaint asks for
            # them, and every open agreement followed up (core/prep.py's checklist).
            # (The demo caseworker has looked at rulings for her planned meetings.)
            rulings_expected = kind in RULINGS_EXPECTED or self.out.complaints
            ruling = (self._attach_ruling(meeting_id, worker, b.now)
                      if ((prepared or story) and rulings_expected) or rng.random() < 0.15 else None)
            # Not prepared yet, the demo caseworker has yet to follow up the newest agreement.
            every_agreement = prepared or story
            open_agreements = (self.out.open_agreements if prepared
                               else self.out.open_agreements[:-1] if story
                               else previous.agreements if previous else [])
            agenda, _none = self._agenda(meeting_id, kind, minutes, unreached, new_statements,
                                         open_agreements, ruling, held=False,
                                         fit=rng.random() < 0.9, every_agreement=every_agreement)
        letter_status = ("sent" if (prepared or story or rng.random() < 0.7)
                         and "paper_post" not in self.flags else "draft")
        if "failed_letter" in self.flags:
            letter_status = "failed"
        self._invitation(meeting_id, kind, when, worker, invited, [title for title, _s, _i in agenda],
                         place, status=letter_status)
        self.upcoming_id = meeting_id
        self.preparing = (worker, prepared_at) if prepared_at else None

    def _prepare(self) -> None:
        """The rest of the preparation of the upcoming meeting, once the whole story of the
        citizen is written: the caseworker reads the new statements, notes the accommodations
        (or that none are needed) and opens the file after the newest entry, as the
        checklist asks (core/prep.py). Something that came after the preparation moment
        (a statement, a letter) was looked at later that day, before the day was over."""
        if not getattr(self, "preparing", None):
            return
        rng, b = self.rng, self.b
        worker, prepared_at = self.preparing
        since = self.last_held
        news = [at for at, by in self.out.news
                if (since is None or at > since) and at <= b.now and by != worker.id]
        moment = prepared_at
        if news and max(news) >= moment:
            moment = min(max(news) + timedelta(minutes=rng.randint(5, 40)), b.now - timedelta(minutes=1))
        for statement_id, _received, _title, _author in self.statements:
            if (statement_id, worker.id) not in self.out.reads:
                self.out.add(m.StatementRead, statement_id=statement_id, caseworker_id=worker.id,
                             read_at=moment)
        if not self.accommodations:
            self.out.add(m.Accommodation, citizen_id=self.id, description=T.NO_ACCOMMODATIONS,
                         agreed_on=moment.date(), agreed_by_id=worker.id)
        self._log(worker, moment, "open_file")

    # -- inquiries, handover, access --

    def _inquiries(self) -> None:
        """Inquiries of the last year, answered within 24 working hours mostly."""
        if not self.active:
            return
        rng, b = self.rng, self.b
        received_list = [_moment(rng, self.calendar_day(b.today - _days(rng, 3, 365)))
                         for _n in range(rng.choices((0, 1, 2, 3, 4), (30, 30, 20, 12, 8))[0])]
        overdue = []
        if "overdue_inquiry" in self.flags:
            overdue.append(_at(b.calendar.add(b.today, -2), 10, rng.randrange(0, 60, 5)))
        if "overdue_inquiry_today" in self.flags:
            overdue.append(_at(b.calendar.add(b.today, -1), 9, 15))
        for received in sorted(received_list) + overdue:
            if received >= b.now:
                continue
            channel = rng.choice(tuple(T.INQUIRIES))
            summary = rng.choice(T.INQUIRIES[channel]).format_map(self.slots)
            # 24 working hours: the same time on the next working day.
            due = _at(b.calendar.add(received.date(), 1), received.hour, received.minute)
            worker = self.worker_at(received)
            acknowledged = answered = None
            if received not in overdue:
                late = rng.random() < 0.1
                answered = (_moment(rng, b.calendar.add(due.date(), 1)) if late
                            else received + timedelta(minutes=rng.randint(20, 360)))
                if answered >= b.now:
                    answered = None
                    acknowledged = received + timedelta(hours=1)
            kind = {"digital_post": "letter"}.get(channel, channel)
            entry = self._entry(kind, "in", received, f"Henvendelse fra {self.first}",
                                summary + (" Besvaret." if answered else ""), author=worker)
            self.out.add(m.Inquiry, citizen_id=self.id, caseworker_id=worker.id, channel=channel,
                         received_at=received, due_at=due, summary=summary,
                         acknowledged_at=acknowledged, answered_at=answered, journal_entry_id=entry)

    def _handover(self) -> None:
        """A handover dossier for the latest change of caseworker, when it was recent."""
        rng, b = self.rng, self.b
        in_progress = "handover_in_progress" in self.flags
        if len(self.assigned) < 2 or not self.active:
            return
        started, incoming = self.assigned[-1]
        outgoing = self.assigned[-2][1]
        if not in_progress and (started < _at(b.era_start, 8) or rng.random() > 0.12):
            return
        dossier = HandoverDossier(
            summary=rng.choice(self.profile.assessment).format_map(self.slots),
            goals=tuple(self.goal_texts),
            already_told=(f"{self.first} har fortalt om {self.slots['gener']} og om "
                          f"arbejdet som {self.slots['job']}.",),
            accommodations=tuple(self.accommodations),
            open_agreements=tuple(what for _i, what, _d in
                                  (self.held[-1].agreements if self.held else [])),
            pending=tuple(self.waiting),
            statements=tuple(StatementConclusion(title=title, author=author,
                                                 conclusion=self.conclusions[i])
                             for i, _received, title, author in self.statements[-3:]),
            rulings=tuple(self.attached_rulings),
            upcoming_meetings=(self.plan.upcoming[0],) if self.plan.upcoming else (),
        )
        subject, body = T.handover_letter(first_name=self.first, new=incoming.contact,
                                          old_name=outgoing.name)
        letter = self._letter("handover", None, incoming, started + timedelta(hours=2), subject, body)
        completed = (None if in_progress
                     else min(started + _days(rng, 1, 10), b.now - timedelta(hours=2)))
        joint = self.upcoming_id if in_progress else None
        handover_id = self.out.add(
            m.Handover, citizen_id=self.id, from_caseworker_id=outgoing.id,
            to_caseworker_id=incoming.id, created_at=started,
            personal_note=rng.choice(T.HANDOVER_NOTES).format_map(self.slots),
            dossier=dossier.to_stored(),
            completed_at=completed, letter_id=letter, joint_meeting_id=joint,
            # core/handover.py: started and moved on its day, the note written; complete
            # once every section is acknowledged.
            status="open" if in_progress else "complete", reason="workload",
            effective_on=started.astimezone(LOCAL_TIMEZONE).date(), dossier_at=started,
            note_done_at=started, moved_at=started)
        sections = SECTIONS[:3] if in_progress else SECTIONS
        for number, section in enumerate(sections):
            acknowledged = min(started + timedelta(hours=3 + number), b.now - timedelta(hours=1))
            self.out.add(m.HandoverAck, handover_id=handover_id, section=section,
                         acknowledged_at=acknowledged)

    def _access(self) -> None:
        """File openings besides meetings, CPR reveals, and requests for access."""
        rng, b = self.rng, self.b
        since = max(self.case_start, b.era_start)
        for _n in range(rng.randint(0, 4)):
            when = _moment(rng, self.calendar_day(since + _days(rng, 0, (b.today - since).days)))
            if when < b.now:
                action = rng.choices(("open_file", "reveal_cpr", "open_statement"), (70, 10, 20))[0]
                self._log(self.worker_at(when), when, action)
        if "access_request" in self.flags:
            received = _moment(rng, b.calendar.add(b.today, -rng.randint(2, 9)))
            due = b.calendar.add(received.date(), 7)
            answered = (received + _days(rng, 2, 6)) if rng.random() < 0.3 else None
            answered = answered if answered and answered < b.now else None
            self.out.add(m.AccessRequest, citizen_id=self.id, received_at=received, due_on=due,
                         answered_at=answered, handled_by_id=self.caseworker.id)
            if answered:
                self._log(self.caseworker, answered, "export", "Aktindsigt: hele sagen")

    def _log(self, worker: _Staff, when: datetime, action: str, detail: str = "") -> None:
        self.out.add(m.AccessLog, at=when, caseworker_id=worker.id, citizen_id=self.id,
                     action=action, detail=detail)

    # -- journal --

    def _entry(self, kind: str, direction: str, when: datetime, title: str, body: str, *,
               meeting_id: int | None = None, author: _Staff | None = None) -> int:
        self.journal_written += 1
        return self.out.add(m.JournalEntry, citizen_id=self.id,
                            author_id=(author or self.worker_at(when)).id, kind=kind,
                            direction=direction, occurred_at=when, title=title, body=body,
                            meeting_id=meeting_id)

    def _journal(self, count: int) -> None:
        """The rest of the journal: entries from templates, spread over the benefit
        periods with more of them in recent years."""
        if count <= 0:
            return
        rng, b = self.rng, self.b
        spans = []
        for period in self.periods:
            end = min(period.end or b.today, b.today) - timedelta(days=1)
            if period.code != "pension" and end > period.start:
                spans.append((period.start, (end - period.start).days, period.family))
        if not spans:
            return
        cumulative = []
        total = 0
        for _start, days, _family in spans:
            total += days
            cumulative.append(total)
        # Meetings since PrepDesk came into use are real meetings with their own entries.
        pools = {(family, era): _journal_pool(family, self.needs, meetings=not era)
                 for _s, _d, family in spans for era in (False, True)}
        offsets = sorted(total * rng.random() ** 0.6 for _n in range(count))
        slots = dict(self.slots)
        for offset in offsets:
            span = bisect.bisect_right(cumulative, offset)
            start, days, family = spans[min(span, len(spans) - 1)]
            day = start + timedelta(days=int(offset - (cumulative[span - 1] if span else 0)))
            day = b.calendar.on_or_before(day)
            hour, minute = rng.randint(8, 15), rng.randrange(0, 60, 5)
            kind, direction, title, body, fields = rng.choice(pools[family, day >= b.era_start])
            codas = _CODAS.get(kind)
            coda = rng.choice(codas) if codas and rng.random() < 0.35 else None
            if coda:
                body, fields = f"{body} {coda[0]}", fields | coda[1]
            slots.update(_entry_slots(rng, fields, day, hour, minute))
            when = datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TIMEZONE)
            self._entry(kind, direction, when, title, body.format_map(slots))


def _template_fields(template: str) -> frozenset[str]:
    return frozenset(name for _text, name, _spec, _conversion in Formatter().parse(template) if name)


def _entry_slots(rng: Random, fields: frozenset[str], day: date, hour: int, minute: int
                 ) -> dict[str, str]:
    """The per-entry slots a journal template uses, and only those: 2M entries."""
    values = {}
    if "kl" in fields:
        values["kl"] = T.clock(hour, minute)
    if "kl2" in fields:
        values["kl2"] = T.clock(rng.randint(9, 14), rng.choice((0, 15, 30)))
    if "dato" in fields:
        values["dato"] = T.danish_date(day)
    if "frist" in fields or "dag" in fields:
        later = day + timedelta(days=rng.randint(2, 21))
        values["frist"] = T.danish_date(later)
        values["dag"] = T.WEEKDAYS[min(later.weekday(), 4)]
    for name, low, high in (("uger", 2, 12), ("timer", 6, 20), ("antal", 2, 12), ("uge", 1, 52)):
        if name in fields:
            values[name] = str(rng.randint(low, high))
    return values


_PERIOD_DAYS = {"dagpenge": (60, 700), "kontant": (120, 1800), "udd": (90, 900),
                "syg": (60, 500), "afklaring": (180, 1500), "fleks": (90, 1200)}
_APPEAL_AREAS = {
    "syg": ("sygedagpenge", "jobafklaring", "partshoering", "begrundelse", "oplysning"),
    "kontant": ("sanktion", "oplysning", "hjemmel", "begrundelse", "aktindsigt"),
    "udd": ("uddannelseshjaelp", "sanktion"),
    "dagpenge": ("hjemmel", "aktindsigt"),
    "afklaring": ("ressourceforloeb", "foertidspension", "revalidering", "jobafklaring", "begrundelse"),
    "fleks": ("fleksjob", "ledighedsydelse", "foertidspension", "partshoering"),
}
_POOLS: dict[tuple[str, frozenset[str], bool], list[tuple[str, str, str, str, frozenset[str]]]] = {}
_CODAS = {kind: [(coda, _template_fields(coda)) for coda in codas]
          for kind, codas in T.JOURNAL_CODAS.items()}


def _journal_pool(family: str, needs: frozenset[str], *, meetings: bool
                  ) -> list[tuple[str, str, str, str, frozenset[str]]]:
    """The templates that fit a benefit family and what the citizen has, cached, each
    with the slots it uses."""
    key = (family, needs, meetings)
    if key not in _POOLS:
        _POOLS[key] = [(kind, direction, title, body, _template_fields(body))
                       for kind, direction, families, required, title, body in T.JOURNAL_TEMPLATES
                       if (not families or family in families.split())
                       and set(required.split()) <= needs and (meetings or kind != "meeting")]
    return _POOLS[key]

