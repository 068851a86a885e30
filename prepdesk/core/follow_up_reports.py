"""Follow-up reports for the committee (R-LEAD-3; issue 14 item 6): complaints per quarter
and the appeals of the job centre's decisions per half-year, for one calendar year.

What is counted (the words the screen and the PDF show are `definitions()`; their tables
`report_tables(report)`):

- A *complaint* is a `Complaint` of kind "complaint" (about the handling of a case or a
  decision, answered by the job centre); an *appeal* is one of kind "appeal": a citizen's
  appeal of one of the job centre's own decisions, sent to Ankestyrelsen, whose ruling is
  the outcome. The rulings library's other rulings (other municipalities' cases) are not
  counted.
- Received: `received_at` in the period. Decided: `decided_at` in the period, by outcome.
  Open at the end: received before the period's end (or now, in a running period) and not
  decided by then; a withdrawn complaint has no date of withdrawal and is never counted
  open.
- The *area* is the law of the decision complained of (`Decision.law`); a complaint
  without a decision is about the handling of the case ("Sagsbehandlingen").
- A *practice change follows an appeal* when it was published after the appeal's ruling:
  `PracticeChange.ruling_id` is the appeal's `Complaint.ruling_id`, as core/practice.py
  links "rulings against us" to their practice changes (R-RULE-4). "Against us" is an
  appeal whose ruling changed or sent back our decision.
- Scope: a team lead sees their team's (the citizens whose team is theirs now) or the
  whole job centre's. Nobody else does: a caseworker's figures are issue 14's review
  (core/review_figures.py), an administrator manages users. The report names no citizen,
  no caseworker and no CPR number: it goes to a committee, numbers and areas only (small
  counts are shown as they are).

Every figure is an SQL aggregate (a COUNT per period as a column, grouped by outcome or
area): no row is loaded into Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.labels import label
from prepdesk.core.transaction import reading
from prepdesk.data.models import Citizen, Complaint, Decision, PracticeChange, Ruling, Team
from prepdesk.dates import short_date
from prepdesk.errors import UserError
from prepdesk.i18n import _

SCOPES = ("team", "job_centre")
COMPLAINT_OUTCOMES = ("upheld", "confirmed")  # always shown; any other that occurs too
APPEAL_OUTCOMES = ("confirmed", "changed", "sent_back", "rejected")
ORDER = ("upheld", "confirmed", "changed", "sent_back", "rejected")
AGAINST_US = ("changed", "sent_back")  # R-RULE-4: a practice change is due
NO_DECISION = ""  # the area of a complaint about the handling, not a decision


@dataclass(frozen=True)
class ReportPeriod:
    label: str  # "1. kvt.", "2. halvår", "Hele året"
    starts_on: date
    ends_on: date  # the last day of the period
    begun: bool  # false: the period lies ahead, its figures are no figures yet
    counted_until: date  # the last day counted: ends_on, or today in a running period


@dataclass(frozen=True)
class OutcomeCount:
    outcome: str  # a code: upheld | confirmed | changed | sent_back | rejected
    count: int


@dataclass(frozen=True)
class CaseFigures:
    """Complaints (a quarter) or appeals (a half-year), or the whole year."""

    period: ReportPeriod
    received: int
    decided: int
    outcomes: tuple[OutcomeCount, ...]  # of those decided, in `ORDER`
    open_at_end: int  # received, not decided at the period's end (or now)
    against_us: int = 0  # appeals: decided changed or sent back
    followed: int = 0  # appeals: of those against us, how many a practice change followed

    def count(self, outcome: str) -> int:
        return next((o.count for o in self.outcomes if o.outcome == outcome), 0)

    @property
    def against_us_share(self) -> float | None:
        """Of the decided appeals, the share changed or sent back (None: none decided)."""
        return self.against_us / self.decided if self.decided else None


@dataclass(frozen=True)
class AreaRow:
    area: str  # the law; NO_DECISION ("") for complaints about the handling
    counts: tuple[int, ...]  # per period, then the year: received (complaints), decided (appeals)
    against_us: tuple[int, ...] = ()  # appeals: changed or sent back, per period, then the year


@dataclass(frozen=True)
class FollowingChange:
    """A practice change published after the ruling of an appeal decided in the year."""

    title: str
    ruling_number: str
    published_on: date
    whole_job_centre: bool
    team: str  # the team it was published for, "" for the whole job centre
    appeals: tuple[int, ...]  # the appeals it followed, per half-year, then the year


@dataclass(frozen=True)
class FollowUpReport:
    year: int
    scope: str  # team | job_centre
    scope_name: str  # "Team Vest", or the job centre's name
    job_centre: str
    made_at: datetime
    first_year: int  # the earliest year with a complaint or an appeal in scope (or this year)
    this_year: int
    quarters: tuple[CaseFigures, ...]  # complaints: the four quarters, then the year
    complaint_areas: tuple[AreaRow, ...]  # received per quarter, then the year
    halves: tuple[CaseFigures, ...]  # appeals: the two half-years, then the year
    appeal_areas: tuple[AreaRow, ...]  # decided (and against us) per half-year, then the year
    practice_changes: tuple[FollowingChange, ...]


def follow_up_report(ctx: Context, year: int | None = None, scope: str = "team") -> FollowUpReport:
    """The complaints per quarter and the appeals per half-year of `year` (this year by
    default), for the team lead's team (`scope` "team") or the whole job centre
    ("job_centre"). Only an active team lead may (see the module's text)."""
    if scope not in SCOPES:
        raise ValueError(scope)
    now = ctx.clock()
    today = now.astimezone(LOCAL_TIMEZONE).date()
    year = year or today.year
    with reading(ctx) as session:
        lead = access.require_team_lead(session, ctx)
        if not 2000 <= year <= today.year + 1:
            raise UserError(_("Choose a year from 2000 to next year."))
        team = session.get(Team, lead.team_id)
        job_centre = team.job_centre or session.exec(
            select(Team.job_centre).where(Team.job_centre != "").order_by(Team.id).limit(1)
        ).first() or _("The job centre")
        in_scope = _in_scope(lead.team_id if scope == "team" else None)
        quarters = _periods(year, 3, today, now)
        halves = _periods(year, 6, today, now)
        first = session.exec(select(func.min(Complaint.received_at)).where(in_scope)).one()
        return FollowUpReport(
            year=year, scope=scope, scope_name=team.name if scope == "team" else job_centre,
            job_centre=job_centre, made_at=now,
            first_year=min(first.astimezone(LOCAL_TIMEZONE).year, today.year) if first
            else today.year,
            this_year=today.year,
            quarters=_figures(session, "complaint", in_scope, quarters, None),
            complaint_areas=_areas(session, "complaint", in_scope, quarters),
            halves=_figures(session, "appeal", in_scope, halves,
                            _practice_followed(lead.team_id if scope == "team" else None)),
            appeal_areas=_areas(session, "appeal", in_scope, halves),
            practice_changes=_following_changes(
                session, in_scope, halves, lead.team_id if scope == "team" else None),
        )


# --- periods -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    period: ReportPeriod
    starts: datetime  # Danish midnight, aware
    ends: datetime  # the next period's start
    cut: datetime  # the end, or now in a running period: "open at the end" is counted here


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TIMEZONE)


def _periods(year: int, months: int, today: date, now: datetime) -> list[_Span]:
    """The year's quarters (`months` 3) or half-years (6), then the whole year."""
    bounds = [date(year, month, 1) for month in range(1, 13, months)] + [date(year + 1, 1, 1)]
    names = ([_("Q{number}").format(number=n) for n in range(1, 5)] if months == 3
             else [_("H{number}").format(number=n) for n in range(1, 3)])
    spans = [(name, start, end) for name, start, end in zip(names, bounds, bounds[1:], strict=False)]
    spans.append((_("Whole year"), bounds[0], bounds[-1]))
    made = []
    for name, start, end in spans:
        last = end - timedelta(days=1)
        made.append(_Span(
            ReportPeriod(name, start, last, begun=start <= today,
                         counted_until=min(last, today)),
            _midnight(start), _midnight(end), min(_midnight(end), now)))
    return made


# --- the aggregates ------------------------------------------------------------------


def _in_scope(team_id: int | None) -> Any:
    """Complaints of the team's citizens (now), or of every citizen (None)."""
    if team_id is None:
        return Complaint.id.is_not(None)
    return Complaint.citizen_id.in_(select(Citizen.id).where(Citizen.team_id == team_id))


def _practice_followed(team_id: int | None) -> Any:
    """The rulings after which a practice change was published for the scope: the team's
    own and the whole job centre's, or any."""
    query = select(PracticeChange.ruling_id).distinct()
    if team_id is not None:
        query = query.where(or_(PracticeChange.team_id.is_(None), PracticeChange.team_id == team_id))
    return query.subquery()


def _within(column: Any, span: _Span) -> Any:
    return and_(column >= span.starts, column < span.ends)


def _count(condition: Any) -> Any:
    return func.count(case((condition, 1)))


def _figures(session: Session, kind: str, in_scope: Any, spans: list[_Span],
             followed: Any | None) -> tuple[CaseFigures, ...]:
    year = spans[-1]
    of_kind = and_(Complaint.kind == kind, in_scope)
    received_open = session.exec(select(
        *(_count(_within(Complaint.received_at, s)) for s in spans),
        *(_count(and_(Complaint.received_at < s.cut, Complaint.status != "withdrawn",
                      or_(Complaint.decided_at.is_(None), Complaint.decided_at >= s.cut)))
          for s in spans),
    ).where(of_kind, Complaint.received_at < year.ends)).one()
    decided = [_count(_within(Complaint.decided_at, s)) for s in spans]
    query = select(Complaint.outcome, *decided)
    if followed is not None:
        against = Complaint.outcome.in_(AGAINST_US)
        query = (select(Complaint.outcome, *decided,
                        *(_count(and_(_within(Complaint.decided_at, s), against,
                                      followed.c.ruling_id.is_not(None))) for s in spans))
                 .outerjoin(followed, followed.c.ruling_id == Complaint.ruling_id))
    query = query.where(of_kind, _within(Complaint.decided_at, year))
    by_outcome = session.exec(query.group_by(Complaint.outcome)).all()
    shown = COMPLAINT_OUTCOMES if kind == "complaint" else APPEAL_OUTCOMES
    figures = []
    n = len(spans)
    for index, span in enumerate(spans):
        counts = {row[0]: row[1 + index] for row in by_outcome}
        outcomes = tuple(OutcomeCount(code, counts.get(code, 0)) for code in ORDER
                         if code in shown or counts.get(code))
        followed_count = (sum(row[1 + n + index] for row in by_outcome)
                          if followed is not None else 0)
        figures.append(CaseFigures(
            span.period, received=received_open[index], decided=sum(counts.values()),
            outcomes=outcomes, open_at_end=received_open[n + index] if span.period.begun else 0,
            against_us=sum(counts.get(code, 0) for code in AGAINST_US),
            followed=followed_count))
    return tuple(figures)


def _areas(session: Session, kind: str, in_scope: Any, spans: list[_Span]) -> tuple[AreaRow, ...]:
    """Complaints received per area, or appeals decided per area (and how many against us)."""
    column = Complaint.received_at if kind == "complaint" else Complaint.decided_at
    against = Complaint.outcome.in_(AGAINST_US)
    query = (select(Decision.law,
                    *(_count(_within(column, s)) for s in spans),
                    *(_count(and_(_within(column, s), against)) for s in spans))
             .select_from(Complaint)
             .outerjoin(Decision, Decision.id == Complaint.decision_id)
             .where(Complaint.kind == kind, in_scope, _within(column, spans[-1]))
             .group_by(Decision.law))
    n = len(spans)
    merged: dict[str, list[list[int]]] = {}
    for row in session.exec(query):
        # No decision (None) and a decision without a law ("") are one line each.
        area = NO_DECISION if row[0] is None else (row[0].strip() or _("Other"))
        counts = merged.setdefault(area, [[0] * n, [0] * n])
        for index in range(n):
            counts[0][index] += row[1 + index]
            counts[1][index] += row[1 + n + index]
    rows = [AreaRow(area, tuple(c), tuple(a) if kind == "appeal" else ())
            for area, (c, a) in merged.items()]
    return tuple(sorted(rows, key=lambda row: (-row.counts[-1], row.area == NO_DECISION, row.area)))


def _following_changes(session: Session, in_scope: Any, spans: list[_Span],
                       team_id: int | None) -> tuple[FollowingChange, ...]:
    query = (select(PracticeChange.id, PracticeChange.title, PracticeChange.published_at,
                    Team.name, Ruling.number,
                    *(_count(_within(Complaint.decided_at, s)) for s in spans))
             .select_from(Complaint)
             .join(PracticeChange, PracticeChange.ruling_id == Complaint.ruling_id)
             .join(Ruling, Ruling.id == PracticeChange.ruling_id)
             .outerjoin(Team, Team.id == PracticeChange.team_id)
             .where(Complaint.kind == "appeal", in_scope, _within(Complaint.decided_at, spans[-1]))
             .group_by(PracticeChange.id, PracticeChange.title, PracticeChange.published_at,
                       Team.name, Ruling.number)
             .order_by(PracticeChange.published_at, PracticeChange.id))
    if team_id is not None:
        query = query.where(or_(PracticeChange.team_id.is_(None), PracticeChange.team_id == team_id))
    return tuple(
        FollowingChange(title, number, published.astimezone(LOCAL_TIMEZONE).date(),
                        team is None, team or "", tuple(counts))
        for _id, title, published, team, number, *counts in session.exec(query))


# --- what is measured ----------------------------------------------------------------


def definitions() -> tuple[tuple[str, str], ...]:
    """What each figure counts, in the reader's language: the screen's and the PDF's notes."""
    return (
        (_("Complaints"), _(
            "Complaints to the job centre about the handling of a case or a decision, by the "
            "day they were received and the day they were decided. Open: received and not "
            "decided at the end of the quarter (today in the running quarter).")),
        (_("Appeals"), _(
            "Citizens' appeals of the job centre's own decisions, sent to Ankestyrelsen; the "
            "outcome is Ankestyrelsen's ruling. Counted by the day the appeal was received and "
            "the day it was decided.")),
        (_("Area"), _(
            "The law of the decision complained of or appealed; a complaint without a "
            "decision is about the handling of the case.")),
        (_("Practice changes"), _(
            "A practice change follows an appeal when it was published after the appeal's "
            "ruling. Changed or sent back: the rulings after which the job centre "
            "should change its practice.")),
        (_("Scope"), _(
            "A team's figures count the citizens of the team today; the job centre's count "
            "every citizen. The report names no citizen and no caseworker.")),
    )


# --- the tables the screen and the PDF show ---------------------------------------------


@dataclass(frozen=True)
class ReportTable:
    """One table of the report, as text: the screen and the PDF show the same."""

    key: str  # complaints | complaint_areas | appeals | appeal_areas | practice_changes
    title: str
    columns: tuple[str, ...]  # the first names the rows
    rows: tuple[tuple[str, ...], ...]
    empty: str = ""  # the sentence shown instead of an empty table


NOT_YET = "–"  # a period that has not begun has no figures yet


def report_tables(report: FollowUpReport) -> tuple[ReportTable, ...]:
    """The report's five tables, in the reader's language."""
    def cells(periods: tuple[CaseFigures, ...], value: Any) -> tuple[str, ...]:
        return tuple(str(value(p)) if p.period.begun else NOT_YET for p in periods)

    def share(figures: CaseFigures) -> str:
        part = figures.against_us_share
        return NOT_YET if part is None else f"{round(part * 100)} %"

    def outcome_rows(periods: tuple[CaseFigures, ...], group: str) -> list[tuple[str, ...]]:
        return [(_("  of which {outcome}").format(outcome=label(group, o.outcome)),
                 *cells(periods, lambda p, code=o.outcome: p.count(code)))
                for o in periods[-1].outcomes]

    def area(name: str) -> str:
        return name or _("The handling of the case (no decision)")

    quarters, halves = report.quarters, report.halves
    complaints = ReportTable(
        "complaints", _("Complaints per quarter"),
        ("", *(p.period.label for p in quarters)),
        ((_("Received"), *cells(quarters, lambda p: p.received)),
         (_("Decided"), *cells(quarters, lambda p: p.decided)),
         *outcome_rows(quarters, "complaint_outcome"),
         (_("Open at the end of the quarter"), *cells(quarters, lambda p: p.open_at_end))))
    complaint_areas = ReportTable(
        "complaint_areas", _("Complaints received, by area"),
        (_("Area"), *(p.period.label for p in quarters)),
        tuple((area(row.area), *(str(n) for n in row.counts)) for row in report.complaint_areas),
        _("No complaints were received in {year}.").format(year=report.year))
    appeals = ReportTable(
        "appeals", _("Appeals of our decisions per half-year"),
        ("", *(p.period.label for p in halves)),
        ((_("Received"), *cells(halves, lambda p: p.received)),
         (_("Decided by Ankestyrelsen"), *cells(halves, lambda p: p.decided)),
         *outcome_rows(halves, "ruling_outcome"),
         (_("Changed or sent back, share"), *(share(p) if p.period.begun else NOT_YET
                                               for p in halves)),
         (_("  followed by a practice change"), *cells(halves, lambda p: p.followed)),
         (_("Open at the end of the half-year"), *cells(halves, lambda p: p.open_at_end))))
    appeal_areas = ReportTable(
        "appeal_areas", _("Appeals decided, by area"),
        (_("Area"), *(p.period.label for p in halves),
         _("Of which changed or sent back")),
        tuple((area(row.area), *(str(n) for n in row.counts), str(row.against_us[-1]))
              for row in report.appeal_areas),
        _("Ankestyrelsen decided no appeals in {year}.").format(year=report.year))
    changes = ReportTable(
        "practice_changes", _("Practice changes after the appeals decided (appeals per half-year)"),
        (_("Practice change"), _("Ruling"), _("Published"), _("For"),
         *(p.period.label for p in halves[:-1])),
        tuple((change.title, change.ruling_number, short_date(change.published_on),
               change.team or _("the whole job centre"),
               *(str(n) for n in change.appeals[:-1]))
              for change in report.practice_changes),
        _("No practice change followed the appeals decided in {year}.").format(year=report.year))
    return complaints, complaint_areas, appeals, appeal_areas, changes
