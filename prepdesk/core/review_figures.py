"""The team lead's review: how well the team prepares and follows up its meetings, per
caseworker and for the team, over a period (R-LEAD-1; issue 14, items 1, 2, 3, 7 and 8).

Measured openly (item 7). Monitoring staff through a system's logs is a control measure
under Danish labour agreements, so:
- every figure has its definition, a sentence saying what is counted and why
  (`figure_definitions()`), and its numerator and denominator;
- a caseworker sees their own figures exactly as their team lead sees them, and the
  team's totals (the default view); never a colleague's own figures or rows;
- a team lead sees their team and each of its caseworkers, and the rows behind them;
- an administrator sees no figures: they manage users and teams, and the review of how
  staff work is the team's and its lead's business, not the system administrator's.
  A caseworker or team lead of another team is refused like anyone else outside it.

The team is its active caseworkers and team leads as they are now: a colleague who moved
to another team takes their figures with them.

Every figure is computed by SQL aggregates grouped by caseworker (item 8), never by
loading the rows into Python. Each figure is one query of its rows (`_Spec.rows`): the
figures aggregate it, the drill-down lists it, and the charts aggregate it per week or
month, so the rows behind a number are exactly the rows it counts; figures over the same
rows (approved and corrected notes, say) are counted in one query. A period is given to
the database as a small table of its buckets (one for a figure, one a week or month for
a chart), and the deadline of notes as a table of the period's days with their deadlines
(Danish working days and holidays, core/calendar.py). Every value is a bound parameter,
so each statement is built once per shape (how many buckets and days, one caseworker or
the team) and cached. benchmarks/review_figures.py compares the views with hand-written
SQL on the large demo; migration 0008 holds the indexes they need.

Opening a drill-down row goes through the ordinary, logged operations (the meeting's
preparation, the letter, the citizen's file, a statement): listing rows opens nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache
from typing import Any, Literal

from sqlalchemy import (
    Float,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from prepdesk.core import calendar
from prepdesk.core.access import STAFF_ROLES, visible_citizens
from prepdesk.core.context import LOCAL_TIMEZONE, Context, Progress
from prepdesk.core.labels import label
from prepdesk.core.transaction import reading
from prepdesk.data.functions import days_between
from prepdesk.data.models import (
    ApprovalRequest,
    Caseworker,
    CaseworkerAssignment,
    Citizen,
    Correction,
    Handover,
    Inquiry,
    Letter,
    LetterVersion,
    Meeting,
    Note,
    PracticeChange,
    PracticeChangeAck,
    Statement,
    StatementDiscussion,
    StatementRead,
    Team,
)
from prepdesk.data.types import UtcDateTime
from prepdesk.errors import UserError
from prepdesk.i18n import _, ngettext

PeriodKind = Literal["week", "month", "quarter", "range"]
Step = Literal["week", "month"]
Unit = Literal["share", "days", "lix", "per_citizen"]
RowKind = Literal["meeting", "approval", "correction", "statement", "inquiry", "letter",
                  "citizen", "practice_change", "handover"]
Aggregate = Literal["share", "mean", "median", "per_citizen"]

LIX_TARGET = 40  # R-LTR-1
MAX_DAYS = 3 * 366 + 1  # the longest range: a deadline table of at most this many days


# --- Periods ------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole days from `first` to `last` (both included), Danish time: a week (Monday to
    Sunday), a month, a quarter, or any range (`Period.between`)."""

    kind: PeriodKind
    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise UserError(_("The period ends before it begins. Choose the first day, then "
                              "a last day on or after it."))
        if (self.last - self.first).days >= MAX_DAYS:
            raise UserError(_("Choose a period of at most three years."))

    @classmethod
    def week(cls, day: date) -> Period:
        monday = day - timedelta(days=day.weekday())
        return cls("week", monday, monday + timedelta(days=6))

    @classmethod
    def month(cls, day: date) -> Period:
        first = day.replace(day=1)
        return cls("month", first, _month_after(first) - timedelta(days=1))

    @classmethod
    def quarter(cls, day: date) -> Period:
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return cls("quarter", first, _month_after(_month_after(_month_after(first))) - timedelta(days=1))

    @classmethod
    def between(cls, first: date, last: date) -> Period:
        return cls("range", first, last)

    @classmethod
    def of(cls, kind: PeriodKind, day: date) -> Period:
        """The week, month or quarter that holds `day`."""
        if kind == "range":
            raise ValueError("a range is made with Period.between")
        return {"week": cls.week, "month": cls.month, "quarter": cls.quarter}[kind](day)

    @property
    def start(self) -> datetime:
        """Midnight at the beginning of the first day, Danish time."""
        return _midnight(self.first)

    @property
    def end(self) -> datetime:
        """Midnight after the last day, Danish time (not included)."""
        return _midnight(self.last + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The week, month or quarter before; a range of as many days before it."""
        if self.kind == "range":
            return Period.between(self.first - timedelta(days=self.days), self.first - timedelta(days=1))
        return Period.of(self.kind, self.first - timedelta(days=1))

    def following(self) -> Period:
        if self.kind == "range":
            return Period.between(self.last + timedelta(days=1), self.last + timedelta(days=self.days))
        return Period.of(self.kind, self.last + timedelta(days=1))

    def steps(self, step: Step) -> tuple[Period, ...]:
        """The whole weeks or months that overlap the period, in order: a chart's points."""
        made = Period.week if step == "week" else Period.month
        found, current = [], made(self.first)
        while current.first <= self.last:
            found.append(current)
            current = made(current.last + timedelta(days=1))
        return tuple(found)

    def label(self) -> str:
        """"uge 48, 2026", "november 2026", "4. kvartal 2026", "01.11.2026–15.11.2026"."""
        from prepdesk.dates import _format_date, short_date

        if self.kind == "week":
            year, week, _day = self.first.isocalendar()
            return _("week {week}, {year}").format(week=week, year=year)
        if self.kind == "month":
            # TRANSLATORS: a CLDR date pattern for a month and year; keep the letters.
            return _format_date(self.first, _("LLLL y"))
        if self.kind == "quarter":
            return _("quarter {quarter}, {year}").format(quarter=(self.first.month - 1) // 3 + 1,
                                                        year=self.first.year)
        return f"{short_date(self.first)}–{short_date(self.last)}"


def _month_after(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TIMEZONE)


# --- The figures and their definitions ---------------------------------------------


@dataclass(frozen=True)
class FigureDefinition:
    """What a figure is, for the screen: its name, the sentence of what it counts and why
    (item 7), how its value reads, and which way is better."""

    key: str
    title: str
    definition: str
    unit: Unit  # share: 0.0-1.0 (shown as %); days; lix; per_citizen: changes per citizen
    better: Literal["higher", "lower"] | None  # None: neither is better in itself
    rows: RowKind  # what the drill-down lists
    numerator: str  # what the numerator counts ("" for a median)
    denominator: str  # what the denominator counts


@dataclass(frozen=True)
class Figure:
    """One figure of one caseworker (or the team) in one period.

    `value` is numerator / denominator (a share 0.0-1.0, days on average, changes per
    citizen), or the median LIX (`numerator` is None); None when nothing was counted."""

    key: str
    numerator: float | None
    denominator: int
    value: float | None


@dataclass(frozen=True)
class FigureRow:
    """The figures of one caseworker, or of the team (`caseworker_id` None), in the order
    of `figure_definitions()`."""

    caseworker_id: int | None
    name: str
    initials: str
    figures: tuple[Figure, ...]

    def figure(self, key: str) -> Figure:
        return next(figure for figure in self.figures if figure.key == key)


@dataclass(frozen=True)
class Review:
    """The review of one team over one period, as the viewer may see it."""

    period: Period
    team_id: int
    team_name: str
    team: FigureRow  # the team's totals: the default view
    caseworkers: tuple[FigureRow, ...]  # a team lead: everyone, by name; a caseworker: their own
    definitions: tuple[FigureDefinition, ...]
    measured_openly: str  # the sentence the screen shows: what is measured and why
    viewer_is_lead: bool
    computed_at: datetime


@dataclass(frozen=True)
class Point:
    period: Period  # a week or a month
    figure: Figure


@dataclass(frozen=True)
class SeriesLine:
    key: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Series:
    """Each figure by week or month over the period (item 2): one line a figure, one point
    a week or month that overlaps the period (whole weeks and months)."""

    period: Period
    step: Step
    caseworker_id: int | None  # None: the team
    name: str
    lines: tuple[SeriesLine, ...]

    def line(self, key: str) -> SeriesLine:
        return next(line for line in self.lines if line.key == key)


@dataclass(frozen=True)
class DrillRow:
    """One row behind a figure: a meeting, a letter, a statement ... with the ids the
    screen opens it by (through the ordinary, logged operations: a meeting's preparation
    by `meeting_id`, the citizen's file by `citizen_id`, a letter by `id` ...).

    `counted`: the row counts in the figure's numerator (a prepared meeting, an inquiry
    answered in time); for an average or a median, the row has a value that the figure
    takes (an acknowledged practice change, a letter's LIX). `value`: the row's own number
    where it has one (the LIX, the days it took, the days until the notes were sent). `citizen_name` is None when there is no citizen, or when the viewer
    may not see them (a citizen of another team assigned to one of the team's caseworkers)."""

    kind: RowKind
    id: int
    citizen_id: int | None
    citizen_name: str | None
    meeting_id: int | None
    caseworker_id: int
    caseworker_name: str
    at: datetime
    counted: bool
    value: float | None
    what: str


@dataclass(frozen=True)
class Drill:
    """The rows behind one figure of one caseworker (or the team), newest first."""

    period: Period
    definition: FigureDefinition
    caseworker_id: int | None
    name: str
    figure: Figure
    rows: tuple[DrillRow, ...]
    truncated: bool  # more rows than the limit: the first `limit` are listed


def measured_openly() -> str:
    return _("What is measured, and why: these figures count what PrepDesk records anyway, so "
             "that the team can see how well meetings are prepared and followed up. You see your "
             "own figures exactly as your team lead sees them, and the team's; only the team "
             "lead sees a colleague's. Each figure says what it counts.")


def _notes_deadline(days: int) -> str:
    if days == 0:
        return _("the same working day")
    return ngettext("{n} working day after the meeting", "{n} working days after the meeting",
                    days).format(n=days)


def figure_definitions(notes_deadline_days: int = 0) -> tuple[FigureDefinition, ...]:
    """Every figure, in the order the screen shows them (the words in the current
    language). `notes_deadline_days` is the setting notes_deadline_working_days."""
    d = FigureDefinition
    return (
        d("meetings_prepared", _("Meetings prepared before they started"),
          _("Meetings that started in the period (not cancelled) whose preparation checklist was "
            "complete before they began. Counted because citizens would rather wait than meet a "
            "caseworker who is not up to date."),
          "share", "higher", "meeting", _("prepared meetings"), _("meetings")),
        d("notes_on_time", _("Notes sent within the deadline"),
          _("Meetings held in the period whose notes went to the citizen (by e-mail or given "
            "another way) by the end of {deadline}. Notes not sent before their deadline has "
            "passed are not counted yet. Counted because the citizen should have the notes "
            "while the meeting is fresh.").format(deadline=_notes_deadline(notes_deadline_days)),
          "share", "higher", "meeting", _("notes sent in time"), _("held meetings")),
        d("approval_rate", _("Notes approved by the citizen"),
          _("Of the notes sent to the citizen in the period, those the citizen approved as they "
            "were. Notes still waiting for an answer count as not approved."),
          "share", "higher", "approval", _("approved"), _("notes sent")),
        d("correction_rate", _("Notes the citizen corrected"),
          _("Of the notes sent to the citizen in the period, those the citizen answered with "
            "corrections. Counted because a correction means the notes said something the "
            "citizen does not recognise."),
          "share", "lower", "approval", _("corrected"), _("notes sent")),
        d("corrections_accepted", _("Corrections accepted"),
          _("Of the citizens' corrections received in the period and answered, those accepted: "
            "they changed the notes."),
          "share", None, "correction", _("accepted"), _("corrections answered")),
        d("corrections_rejected", _("Corrections not accepted"),
          _("Of the citizens' corrections received in the period and answered, those not "
            "accepted: they stay on the notes with the reason, for every reader."),
          "share", None, "correction", _("not accepted"), _("corrections answered")),
        d("statements_unread", _("Statements unread at the meeting"),
          _("Statements received since the citizen's previous held meeting that the meeting's "
            "caseworker had not read when a meeting in the period began. Counted because "
            "citizens have seen statements from doctors and psychologists set aside."),
          "share", "lower", "statement", _("unread"), _("new statements")),
        d("statements_not_discussed", _("Statements never discussed in a meeting"),
          _("Statements received in the period, whose citizen has had a meeting since, that no "
            "meeting's notes mark as discussed; counted for the citizen's caseworker now."),
          "share", "lower", "statement", _("not discussed"), _("statements")),
        d("inquiries_on_time", _("Inquiries answered within 24 working hours"),
          _("Inquiries received in the period that were answered or acknowledged within 24 "
            "working hours (weekends and holidays do not count). Inquiries still within their "
            "deadline are not counted yet."),
          "share", "higher", "inquiry", _("in time"), _("inquiries")),
        d("letters_lix", _("Median LIX of letters sent"),
          _("The middle LIX (how hard a text is to read) of the letters sent in the period, by "
            "their final text: half are easier, half harder. The target is at most {target}."
            ).format(target=LIX_TARGET),
          "lix", "lower", "letter", "", _("letters")),
        d("caseworker_changes", _("Caseworker changes per citizen"),
          _("How many of the caseworker's citizens got another caseworker in the period, per "
            "citizen they had in the period. Counted because a change of caseworker lowers a "
            "citizen's chance of a job."),
          "per_citizen", "lower", "citizen", _("changes"), _("citizens")),
        d("practice_acknowledged", _("Practice changes acknowledged"),
          _("Practice changes published in the period, for the team or the whole job centre, "
            "that the caseworker has acknowledged. Their own are not counted."),
          "share", "higher", "practice_change", _("acknowledged"), _("practice changes")),
        d("practice_ack_days", _("Days to acknowledge a practice change"),
          _("For the practice changes of the period that were acknowledged: the average number "
            "of days from publishing to acknowledging (all days)."),
          "days", "lower", "practice_change", _("days in all"), _("acknowledged")),
        d("handovers_completed", _("Handovers completed"),
          _("Handovers to the caseworker begun in the period that they have completed."),
          "share", "higher", "handover", _("completed"), _("handovers")),
        d("handover_wait_days", _("Days a handover waited"),
          _("For the completed handovers of the period: the average number of days from the "
            "handover until it was completed (all days)."),
          "days", "lower", "handover", _("days in all"), _("completed")),
    )


# --- The rows of each figure, as SQL -------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    """What a figure's SQL depends on besides the values bound to it: the statements are
    built once per shape and cached (building and keying a statement costs more than
    running it on a small team); the period, the team, now and the deadlines are bound."""

    buckets: int  # how many weeks or months (1: a period)
    days: int  # how many days the buckets span (the notes' deadline table)
    one_worker: bool  # the rows of one caseworker (bound as worker_id), or the team's


class _Env:
    """What every figure's rows are built from: the buckets (a small table of the period,
    or of its weeks or months), now, whose rows, and (made when a figure asks) the
    deadline of notes for each day; all bound parameters (see `_params`)."""

    def __init__(self, shape: _Shape) -> None:
        self.shape = shape
        self.buckets = _table("buckets", "b", _BUCKET_COLUMNS, shape.buckets)
        self.now = bindparam("now", type_=UtcDateTime())
        self.start = bindparam("span_start", type_=UtcDateTime())
        self.end = bindparam("span_end", type_=UtcDateTime())
        self.members = _members(bindparam("team_id", type_=Integer()))
        self.worker_id = bindparam("worker_id", type_=Integer()) if shape.one_worker else None

    def workers(self, worker: Any) -> Any:
        if self.worker_id is not None:
            return and_(worker == self.worker_id, worker.in_(self.members))
        return worker.in_(self.members)

    def within(self, moment: Any) -> Any:
        """`moment` within the whole span, as plain bounds the database's indexes serve."""
        return and_(moment >= self.start, moment < self.end)

    def bucket(self, moment: Any) -> Any:
        """The bucket `moment` falls in (the buckets are contiguous): a subquery per row,
        so the database reads the figure's table by its own indexes. Joining the buckets
        instead had SQLite read the whole table once per bucket."""
        b = self.buckets
        return (select(b.c.i).where(moment >= b.c.start, moment < b.c.end)
                .limit(1).scalar_subquery())

    @cached_property
    def deadlines(self) -> Any:
        return _table("deadlines", "d", _DEADLINE_COLUMNS, self.shape.days)


_BUCKET_COLUMNS = (("i", Integer()), ("start", UtcDateTime()), ("end", UtcDateTime()))
_DEADLINE_COLUMNS = (("start", UtcDateTime()), ("end", UtcDateTime()), ("deadline", UtcDateTime()))


@lru_cache(maxsize=32)
def _env_of(shape: _Shape) -> _Env:
    return _Env(shape)


def _rows(env: _Env, worker: Any, row_id: Any, citizen_id: Any, meeting_id: Any, at: Any,
          counted: Any, amount: Any = None, *, counted2: Any = None, bucket: Any = None,
          what: Any = None) -> Any:
    """The columns every figure's rows have, in this order; the bucket is the one `at`
    falls in unless given."""
    return select(
        (env.bucket(at) if bucket is None else bucket).label("bucket"), worker.label("worker"),
        row_id.label("row_id"),
        (citizen_id if citizen_id is not None else cast(null(), Integer)).label("citizen_id"),
        (meeting_id if meeting_id is not None else cast(null(), Integer)).label("meeting_id"),
        at.label("at"),
        (case((counted, 1), else_=0) if counted is not None else literal(0)).label("counted"),
        # A second figure over the same rows (approved and corrected, accepted and not).
        (case((counted2, 1), else_=0) if counted2 is not None else literal(0)).label("counted2"),
        (amount if amount is not None else cast(null(), Float)).label("amount"),
        # A few words for the drill-down: a code (the meeting's kind) or data text.
        (what if what is not None else cast(null(), String)).label("what"),
    )


def _meetings_prepared(env: _Env) -> Any:
    m = Meeting
    prepared = and_(m.prepared_at.is_not(None), m.prepared_at <= m.starts_at)
    return (_rows(env, m.caseworker_id, m.id, m.citizen_id, m.id, m.starts_at, prepared,
                  what=m.kind)
            .select_from(m).where(env.within(m.starts_at))
            .where(m.status != "cancelled", m.starts_at <= env.now, env.workers(m.caseworker_id)))


def _notes_on_time(env: _Env) -> Any:
    m, d = Meeting, env.deadlines
    sent = (select(func.min(ApprovalRequest.sent_at)).where(ApprovalRequest.note_id == Note.id)
            .correlate(Note).scalar_subquery())
    deadline = (select(d.c.deadline).where(m.starts_at >= d.c.start, m.starts_at < d.c.end)
                .limit(1).correlate(m).scalar_subquery())
    return (_rows(env, m.caseworker_id, m.id, m.citizen_id, m.id, m.starts_at,
                  sent <= deadline, days_between(sent, m.starts_at), what=m.kind)
            .select_from(m).outerjoin(Note, Note.meeting_id == m.id)
            .where(env.within(m.starts_at), m.status == "held", env.workers(m.caseworker_id),
                   or_(deadline <= env.now, sent.is_not(None))))


def _approvals(env: _Env) -> Any:
    a, n = ApprovalRequest, Note
    return (_rows(env, n.author_id, a.id, n.citizen_id, n.meeting_id, a.sent_at,
                  a.status == "approved", counted2=a.status == "corrected", what=a.status)
            .select_from(a).join(n, n.id == a.note_id)
            .where(env.within(a.sent_at), env.workers(n.author_id)))


def _corrections(env: _Env) -> Any:
    c, n = Correction, Note
    return (_rows(env, n.author_id, c.id, n.citizen_id, n.meeting_id, c.received_at,
                  c.status == "accepted", counted2=c.status == "rejected", what=c.comment)
            .select_from(c).join(n, n.id == c.note_id)
            .where(env.within(c.received_at), c.status.in_(("accepted", "rejected")),
                   env.workers(n.author_id)))


def _statements_unread(env: _Env) -> Any:
    m, s, before = Meeting, Statement, aliased(Meeting)
    previous = (select(func.max(before.starts_at))
                .where(before.citizen_id == m.citizen_id, before.status == "held",
                       before.starts_at < m.starts_at)
                .correlate(m).scalar_subquery())
    read = exists(select(StatementRead.statement_id).where(
        StatementRead.statement_id == s.id, StatementRead.caseworker_id == m.caseworker_id,
        StatementRead.read_at <= m.starts_at))
    return (_rows(env, m.caseworker_id, s.id, m.citizen_id, m.id, m.starts_at, ~read,
                  what=s.title)
            .select_from(m).where(env.within(m.starts_at))
            .join(s, and_(s.citizen_id == m.citizen_id, s.received_at < m.starts_at,
                          or_(previous.is_(None), s.received_at > previous)))
            .where(m.status != "cancelled", m.starts_at <= env.now, env.workers(m.caseworker_id)))


def _statements_not_discussed(env: _Env) -> Any:
    s, a = Statement, CaseworkerAssignment
    met_since = exists(select(Meeting.id).where(
        Meeting.citizen_id == s.citizen_id, Meeting.status == "held",
        Meeting.starts_at > s.received_at, Meeting.starts_at <= env.now))
    discussed = exists(select(StatementDiscussion.statement_id).where(
        StatementDiscussion.statement_id == s.id))
    return (_rows(env, a.caseworker_id, s.id, s.citizen_id, None, s.received_at, ~discussed,
                  what=s.title)
            .select_from(s).where(env.within(s.received_at))
            .join(a, and_(a.citizen_id == s.citizen_id, a.ended_at.is_(None)))
            .where(met_since, env.workers(a.caseworker_id)))


def _inquiries_on_time(env: _Env) -> Any:
    i = Inquiry
    in_time = or_(and_(i.acknowledged_at.is_not(None), i.acknowledged_at <= i.due_at),
                  and_(i.answered_at.is_not(None), i.answered_at <= i.due_at))
    replied = func.coalesce(i.acknowledged_at, i.answered_at)
    return (_rows(env, i.caseworker_id, i.id, i.citizen_id, None, i.received_at, in_time,
                  days_between(replied, i.received_at), what=i.summary)
            .select_from(i).where(env.within(i.received_at))
            .where(env.workers(i.caseworker_id),
                   or_(i.due_at <= env.now, i.acknowledged_at.is_not(None), i.answered_at.is_not(None))))


def _letters_lix(env: _Env) -> Any:
    letter, v = Letter, LetterVersion
    return (_rows(env, letter.author_id, letter.id, letter.citizen_id, letter.meeting_id,
                  v.created_at, None, v.lix, what=v.subject)
            .select_from(letter)
            .join(v, and_(v.letter_id == letter.id, v.number == letter.current_version))
            .where(env.within(v.created_at))
            .where(letter.status == "sent", v.lix.is_not(None), env.workers(letter.author_id)))


def _caseworker_changes(env: _Env) -> Any:
    a, later, b = CaseworkerAssignment, aliased(CaseworkerAssignment), env.buckets
    followed = exists(select(later.id).where(
        later.citizen_id == a.citizen_id, later.id != a.id, later.started_at >= a.started_at))
    # A time with the caseworker counts in every bucket it overlaps (joined: few rows).
    changed = and_(a.ended_at.is_not(None), a.ended_at >= b.c.start, a.ended_at < b.c.end, followed)
    return (_rows(env, a.caseworker_id, a.id, a.citizen_id, None,
                  case((changed, a.ended_at), else_=a.started_at), changed, bucket=b.c.i)
            .select_from(a)
            .join(b, and_(a.started_at < b.c.end, or_(a.ended_at.is_(None), a.ended_at >= b.c.start)))
            .where(a.started_at < env.end, or_(a.ended_at.is_(None), a.ended_at >= env.start),
                   a.started_at <= env.now, env.workers(a.caseworker_id)))


def _practice(env: _Env) -> Any:
    p, w, ack = PracticeChange, aliased(Caseworker), PracticeChangeAck
    return (_rows(env, w.id, p.id, None, None, p.published_at, ack.caseworker_id.is_not(None),
                  days_between(ack.acknowledged_at, p.published_at), what=p.title)
            .select_from(p).where(env.within(p.published_at))
            .join(w, or_(p.team_id.is_(None), p.team_id == w.team_id))
            .outerjoin(ack, and_(ack.practice_change_id == p.id, ack.caseworker_id == w.id))
            .where(w.id != p.published_by_id, p.published_at <= env.now, env.workers(w.id)))


def _handovers(env: _Env) -> Any:
    h, giver = Handover, aliased(Caseworker)
    return (_rows(env, h.to_caseworker_id, h.id, h.citizen_id, h.joint_meeting_id, h.created_at,
                  h.completed_at.is_not(None), days_between(h.completed_at, h.created_at),
                  what=select(giver.name).where(giver.id == h.from_caseworker_id).scalar_subquery())
            .select_from(h).where(env.within(h.created_at))
            .where(env.workers(h.to_caseworker_id)))


@dataclass(frozen=True)
class _Spec:
    key: str
    aggregate: Aggregate
    rows: Callable[[_Env], Any]  # figures with the same rows are counted in one query
    column: str = "counted"  # which of the rows' counted columns is the numerator's


_SPECS = (
    _Spec("meetings_prepared", "share", _meetings_prepared),
    _Spec("notes_on_time", "share", _notes_on_time),
    _Spec("approval_rate", "share", _approvals),
    _Spec("correction_rate", "share", _approvals, "counted2"),
    _Spec("corrections_accepted", "share", _corrections),
    _Spec("corrections_rejected", "share", _corrections, "counted2"),
    _Spec("statements_unread", "share", _statements_unread),
    _Spec("statements_not_discussed", "share", _statements_not_discussed),
    _Spec("inquiries_on_time", "share", _inquiries_on_time),
    _Spec("letters_lix", "median", _letters_lix),
    _Spec("caseworker_changes", "per_citizen", _caseworker_changes),
    _Spec("practice_acknowledged", "share", _practice),
    _Spec("practice_ack_days", "mean", _practice),
    _Spec("handovers_completed", "share", _handovers),
    _Spec("handover_wait_days", "mean", _handovers),
)
FIGURE_KEYS = tuple(spec.key for spec in _SPECS)
_SPEC = {spec.key: spec for spec in _SPECS}

# (bucket, caseworker id or None for the team) -> (numerator, denominator, value)
_Counts = dict[tuple[int, int | None], tuple[float | None, int, float | None]]


@lru_cache(maxsize=256)
def _statement(keys: tuple[str, ...], shape: _Shape, by_worker: bool) -> Any:
    """The aggregate of the figures `keys` (over the same rows) per bucket, and per
    caseworker when `by_worker`: a median alone, or shares and averages together."""
    specs = [_SPEC[key] for key in keys]
    sq = specs[0].rows(_env_of(shape)).subquery()
    group = [sq.c.bucket, sq.c.worker] if by_worker else [sq.c.bucket]
    if specs[0].aggregate == "median":
        ranked = (select(*group, sq.c.amount,
                         func.row_number().over(partition_by=group, order_by=sq.c.amount).label("rn"),
                         func.count().over(partition_by=group).label("n"))
                  .where(sq.c.amount.is_not(None)).subquery())
        kept = [ranked.c.bucket, ranked.c.worker] if by_worker else [ranked.c.bucket]
        return (select(*kept, func.avg(ranked.c.amount), func.max(ranked.c.n))
                .where(ranked.c.rn >= (ranked.c.n + 1) // 2, ranked.c.rn <= (ranked.c.n + 2) // 2)
                .group_by(*kept))
    columns = []
    for spec in specs:
        columns.append(func.sum(sq.c.amount) if spec.aggregate == "mean" else func.sum(sq.c[spec.column]))
        columns.append({"share": func.count(), "mean": func.count(sq.c.amount),
                        "per_citizen": func.count(func.distinct(sq.c.citizen_id))}[spec.aggregate])
    return select(*group, *columns).group_by(*group)


def _aggregated(session: Session, specs: Sequence[_Spec], shape: _Shape, params: dict[str, Any],
                *, by_worker: bool) -> dict[str, _Counts]:
    """The figures `specs` (over the same rows; a median alone), by bucket and caseworker."""
    found: dict[str, _Counts] = {spec.key: {} for spec in specs}
    statement = _statement(tuple(spec.key for spec in specs), shape, by_worker)
    width = 2 if by_worker else 1
    for row in session.execute(statement, params):
        key = (row[0], row[1] if by_worker else None)
        if specs[0].aggregate == "median":
            found[specs[0].key][key] = (None, int(row[-1]), float(row[-2]))
            continue
        for index, spec in enumerate(specs):
            top, bottom = float(row[width + 2 * index] or 0), int(row[width + 2 * index + 1])
            found[spec.key][key] = (top, bottom, top / bottom if bottom else None)
    return found


def _team_totals(spec: _Spec, per_worker: _Counts) -> _Counts:
    """The team's figure from its caseworkers' (each row belongs to one caseworker), for
    the figures that add up: shares and means."""
    totals: dict[int, list[float]] = {}
    for (bucket, _worker), (top, bottom, _value) in per_worker.items():
        total = totals.setdefault(bucket, [0.0, 0])
        total[0] += top or 0.0
        total[1] += bottom
    return {(bucket, None): (top, int(bottom), top / bottom if bottom else None)
            for bucket, (top, bottom) in totals.items()}


def _figure(key: str, counts: tuple[float | None, int, float | None] | None,
            median: bool) -> Figure:
    if counts is None:
        return Figure(key, None if median else 0.0, 0, None)
    return Figure(key, *counts)


# --- Who may see what ----------------------------------------------------------------


@dataclass(frozen=True)
class _Viewer:
    id: int
    team_id: int
    team_name: str
    is_lead: bool


def _viewer(session: Session, ctx: Context) -> _Viewer:
    """The viewer by their row as it is now: an active caseworker or team lead of a team."""
    worker = session.get(Caseworker, ctx.user.id)
    if worker is None or not worker.active:
        raise UserError(_("Your user is no longer active, so PrepDesk shows no figures. Ask an "
                          "administrator if this is a mistake."))
    if worker.role not in STAFF_ROLES:
        raise UserError(_("The team's figures are for the team and its team lead; an "
                          "administrator does not see them."))
    if worker.team_id is None:
        raise UserError(_("You belong to no team, so there are no team figures to show. Ask an "
                          "administrator to put you on your team."))
    team = session.get(Team, worker.team_id)
    return _Viewer(worker.id, worker.team_id, team.name if team else "", worker.role == "team_lead")


def _members(team_id: int) -> Any:
    # Never correlated: a query of caseworkers (the practice changes') asks about this list.
    return (select(Caseworker.id)
            .where(Caseworker.team_id == team_id, Caseworker.active,
                   Caseworker.role.in_(STAFF_ROLES)).correlate(None))


def _check_whom(session: Session, viewer: _Viewer, caseworker_id: int | None, *,
                team_rows: bool) -> None:
    """A team lead: anyone of their team. A caseworker: themselves, and the team's totals
    unless `team_rows` (the team's rows are their colleagues')."""
    if caseworker_id is None:
        if team_rows and not viewer.is_lead:
            raise UserError(_("Only the team lead sees the rows behind the team's figures. "
                              "Choose your own figures to see the rows behind them."))
        return
    if caseworker_id == viewer.id:
        return
    if not viewer.is_lead:
        raise UserError(_("You see your own figures and the team's, not a colleague's."))
    colleague = session.get(Caseworker, caseworker_id)
    if colleague is None or colleague.team_id != viewer.team_id:
        raise UserError(_("This caseworker is not on your team, so you do not see their figures."))


# --- The operations --------------------------------------------------------------------


def _env(ctx: Context, periods: Sequence[Period], team_id: int,
         worker_id: int | None = None) -> tuple[_Shape, dict[str, Any]]:
    """The shape of the statements for `periods`, and the values bound to them."""
    first, last = min(p.first for p in periods), max(p.last for p in periods)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    late = ctx.settings.notes_deadline_working_days
    params: dict[str, Any] = {"now": ctx.clock(), "span_start": _midnight(first),
                              "span_end": _midnight(last + timedelta(days=1)), "team_id": team_id}
    if worker_id is not None:
        params["worker_id"] = worker_id
    for row, period in enumerate(periods):
        params.update({f"b{row}_i": row, f"b{row}_start": period.start, f"b{row}_end": period.end})
    for row, day in enumerate(days):
        params.update({f"d{row}_start": _midnight(day), f"d{row}_end": _midnight(day + timedelta(days=1)),
                       f"d{row}_deadline": _midnight(_notes_due(day, late) + timedelta(days=1))})
    return _Shape(len(periods), len(days), worker_id is not None), params


_CHUNK = 400  # SQLite takes at most 500 terms in one compound SELECT


def _table(name: str, prefix: str, columns: Sequence[tuple[str, Any]], count: int) -> Any:
    """A small table of `count` rows of bound values (`{prefix}{row}_{column}`), as a CTE
    the database reads like any table: SELECTs joined by UNION ALL, in groups for
    SQLite's limit (a VALUES clause has no cache key, so SQLAlchemy would compile it anew
    every time)."""
    selects = [select(*(bindparam(f"{prefix}{row}_{label}", type_=kind).label(label)
                        for label, kind in columns))
               for row in range(count)]
    chunks = [union_all(*selects[i:i + _CHUNK]) if len(selects[i:i + _CHUNK]) > 1 else selects[i]
              for i in range(0, len(selects), _CHUNK)]
    if len(chunks) == 1:
        return chunks[0].cte(name)
    return union_all(*(select(chunk.subquery()) for chunk in chunks)).cte(name)


def _notes_due(day: date, working_days: int) -> date:
    """The last day notes of a meeting on `day` are in time: the same working day (the
    next one, for a meeting on a closed day), or `working_days` working days later."""
    due = day if calendar.is_working_day(day) else calendar.next_working_day(day)
    return calendar.add_working_days(due, working_days)


def _named_rows(session: Session, viewer: _Viewer, ids: Sequence[int] | None) -> list[tuple[int, str, str]]:
    """(id, name, initials) of the team's active staff, by name; only `ids` if given."""
    query = (select(Caseworker.id, Caseworker.name, Caseworker.initials)
             .where(Caseworker.id.in_(_members(viewer.team_id))).order_by(Caseworker.name))
    if ids is not None:
        query = query.where(Caseworker.id.in_(ids))
    return [tuple(row) for row in session.execute(query)]


def _compute(session: Session, shape: _Shape, params: dict[str, Any], *, by_worker: bool,
             team: bool, progress: Progress | None) -> dict[str, _Counts]:
    """Every figure, per caseworker (`by_worker`) and for the team (`team`): the figures
    over the same rows in one query; the team's shares and averages added up from its
    caseworkers', its medians and citizens counted apart."""
    found: dict[str, _Counts] = {spec.key: {} for spec in _SPECS}
    titles = {d.key: d.title for d in figure_definitions()} if progress is not None else {}
    families: dict[Any, list[_Spec]] = {}
    for spec in _SPECS:
        families.setdefault(spec.rows, []).append(spec)
    for done, specs in enumerate(families.values()):
        if progress is not None:
            progress(_("Counting: {figure}").format(figure=titles[specs[0].key]), done / len(families))
        additive = [spec for spec in specs if spec.aggregate in ("share", "mean")]
        if additive:
            counted = _aggregated(session, additive, shape, params, by_worker=by_worker)
            for spec in additive:
                found[spec.key].update(counted[spec.key])
                if team and by_worker:
                    found[spec.key].update(_team_totals(spec, counted[spec.key]))
        for spec in specs:
            if spec in additive:
                continue
            if by_worker:
                found[spec.key].update(_aggregated(session, [spec], shape, params, by_worker=True)[spec.key])
            if team:
                found[spec.key].update(_aggregated(session, [spec], shape, params, by_worker=False)[spec.key])
    if progress is not None:
        progress(_("All figures counted"), 1.0)
    return found


def review(ctx: Context, period: Period, *, progress: Progress | None = None) -> Review:
    """The figures of the viewer's team over `period`: the team's totals and, for a team
    lead, each caseworker's; for a caseworker, their own (see the module's text).

    Refused to an administrator, to a user without a team, and to a deactivated user."""
    with reading(ctx) as session:
        viewer = _viewer(session, ctx)
        # The same computation for everyone, so a caseworker's own figures are the very
        # numbers their team lead sees; a caseworker is shown only their own row.
        shape, params = _env(ctx, [period], viewer.team_id)
        counts = _compute(session, shape, params, by_worker=True, team=True, progress=progress)
        people = _named_rows(session, viewer, None if viewer.is_lead else [viewer.id])

        def row(worker_id: int | None, name: str, initials: str) -> FigureRow:
            return FigureRow(worker_id, name, initials, tuple(
                _figure(s.key, counts[s.key].get((0, worker_id)), s.aggregate == "median")
                for s in _SPECS))

        return Review(period, viewer.team_id, viewer.team_name, row(None, viewer.team_name, ""),
                      tuple(row(*person) for person in people), _definitions(ctx),
                      measured_openly(), viewer.is_lead, ctx.clock())


def series(ctx: Context, period: Period, step: Step = "week", *, caseworker_id: int | None = None,
           progress: Progress | None = None) -> Series:
    """Each figure by week or month over `period`, for the team (`caseworker_id` None) or
    one caseworker: a team lead any of their team, a caseworker themselves."""
    if step not in ("week", "month"):
        raise ValueError(f"step {step!r}")
    steps = period.steps(step)
    with reading(ctx) as session:
        viewer = _viewer(session, ctx)
        _check_whom(session, viewer, caseworker_id, team_rows=False)
        shape, params = _env(ctx, steps, viewer.team_id, caseworker_id)
        counts = _compute(session, shape, params, by_worker=False, team=True, progress=progress)
        lines = tuple(
            SeriesLine(s.key, tuple(
                Point(bucket, _figure(s.key, counts[s.key].get((index, None)), s.aggregate == "median"))
                for index, bucket in enumerate(steps)))
            for s in _SPECS)
        return Series(period, step, caseworker_id, _name(session, viewer, caseworker_id), lines)


def _name(session: Session, viewer: _Viewer, caseworker_id: int | None) -> str:
    if caseworker_id is None:
        return viewer.team_name
    named = _named_rows(session, viewer, [caseworker_id])
    return named[0][1] if named else ""


def _definitions(ctx: Context) -> tuple[FigureDefinition, ...]:
    return figure_definitions(ctx.settings.notes_deadline_working_days)


def drill_down(ctx: Context, period: Period, figure: str, *, caseworker_id: int | None = None,
               limit: int = 1000) -> Drill:
    """The rows behind one figure over `period`, of one caseworker or of the team
    (`caseworker_id` None: a team lead only), newest first, at most `limit`.

    The rows are exactly those the figure counts: as many as its denominator (for
    "caseworker_changes", one a citizen's time with the caseworker), `counted` for its
    numerator. Lists only: opening one goes through the operation that opens it, logged."""
    if figure not in _SPEC:
        raise ValueError(f"no figure {figure!r}")
    spec = _SPEC[figure]
    definition = next(d for d in _definitions(ctx) if d.key == figure)
    with reading(ctx) as session:
        viewer = _viewer(session, ctx)
        _check_whom(session, viewer, caseworker_id, team_rows=True)
        shape, params = _env(ctx, [period], viewer.team_id, caseworker_id)
        windowed = spec.aggregate in ("share", "mean")
        listed = session.execute(_listing(figure, shape), {**params, "limit": limit + 1}).all()
        if not windowed:
            total = _figure(figure, _aggregated(session, [spec], shape, params, by_worker=False)[
                figure].get((0, None)), spec.aggregate == "median")
        elif listed:
            top, bottom = float(listed[0][11] or 0), int(listed[0][12])
            total = Figure(figure, top, bottom, top / bottom if bottom else None)
        else:
            total = _figure(figure, None, False)
        by_count = spec.aggregate in ("share", "per_citizen")
        truncated = len(listed) > limit
        listed = listed[:limit]
        workers = {i: name for i, name, _initials in _named_rows(session, viewer, None)}
        # Names only of the citizens the viewer may see (R-SEC-3): the team's, and of the
        # others (one of another team assigned to one of the team's caseworkers) those
        # access.visible_citizens lets them see; the rest are listed without a name.
        others = {row[1] for row in listed if row[1] is not None and row[10] != viewer.team_id}
        seen = set(session.execute(select(Citizen.id).where(
            Citizen.id.in_(others), visible_citizens(ctx.user))).scalars()) if others else set()
        made = tuple(
            DrillRow(definition.rows, row_id, citizen_id,
                     f"{first} {last}" if citizen_id is not None and first is not None
                     and (team == viewer.team_id or citizen_id in seen) else None,
                     meeting_id, worker, workers.get(worker, ""), at,
                     bool(counted) if by_count else amount is not None,
                     round(float(amount), 2) if amount is not None else None,
                     _what(definition.rows, what))
            for row_id, citizen_id, meeting_id, worker, at, counted, amount, what, first, last,
            team, *_totals in listed)
        name = viewer.team_name if caseworker_id is None else workers.get(caseworker_id, "")
        return Drill(period, definition, caseworker_id, name, total, made, truncated)


@lru_cache(maxsize=64)
def _listing(figure: str, shape: _Shape) -> Any:
    """The rows of a figure, newest first, at most `limit` (bound). A share or an average
    is counted over all of them as they are listed (window totals: one query); a median
    or citizens counted apart need their own aggregate."""
    spec = _SPEC[figure]
    sq = spec.rows(_env_of(shape)).subquery()
    mean = spec.aggregate == "mean"
    totals = ([func.sum(sq.c.amount if mean else sq.c[spec.column]).over(),
               (func.count(sq.c.amount) if mean else func.count()).over()]
              if spec.aggregate in ("share", "mean") else [])
    return (select(sq.c.row_id, sq.c.citizen_id, sq.c.meeting_id, sq.c.worker, sq.c.at,
                   sq.c[spec.column], sq.c.amount, sq.c.what, Citizen.first_name,
                   Citizen.last_name, Citizen.team_id, *totals)
            .select_from(sq).outerjoin(Citizen, Citizen.id == sq.c.citizen_id)
            .order_by(sq.c.at.desc(), sq.c.row_id.desc())
            .limit(bindparam("limit", type_=Integer())))


def _what(kind: RowKind, what: str | None) -> str:
    """A few words per row: the kind of meeting, the state of the notes, or data text
    (the letter's subject, the statement's title ...: the screen shows it with `safe`)."""
    if what is None:
        return ""
    if kind == "meeting":
        return label("meeting_kind", what)
    if kind == "approval":
        return {"pending": _("waiting for the citizen"), "approved": _("approved"),
                "corrected": _("corrected"), "expired": _("expired")}.get(what, what)
    if kind == "handover":
        return _("from {name}").format(name=what)
    return what


__all__ = [
    "FIGURE_KEYS", "Drill", "DrillRow", "Figure", "FigureDefinition", "FigureRow", "Period",
    "Point", "Review", "Series", "SeriesLine", "drill_down", "figure_definitions",
    "measured_openly", "review", "series",
]
