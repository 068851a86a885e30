"""The first screen of a citizen's file: who they are and what they want (R-FILE-2..6)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.access import mask_cpr
from prepdesk.core.context import Context
from prepdesk.core.note_page import (
    CorrectionLine,
    NotesView,
    _latest_notes,
    _rejected_of_citizen,
)
from prepdesk.core.queries import (
    MeetingLine,
    OpenAgreement,
    StatementSummary,
    last_held_meeting_at,
    open_agreements,
    statement_summaries,
    upcoming_meetings,
)
from prepdesk.core.transaction import writing
from prepdesk.data.models import (
    Accommodation,
    Benefit,
    Caseworker,
    CaseworkerAssignment,
    Citizen,
    CitizenGoal,
    Handover,
    Representative,
    Statement,
    StatementRead,
    TargetGroup,
)

__all__ = ["CitizenFile", "CitizenOverview", "MeetingLine", "OpenAgreement", "file_statements",
           "open_file"]


@dataclass(frozen=True)
class CaseworkerPeriod:
    name: str
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class Goal:
    kind: str  # goal | wish | resource
    text: str  # the citizen's own words
    recorded_at: datetime


@dataclass(frozen=True)
class AccommodationLine:
    description: str
    agreed_on: date | None


@dataclass(frozen=True)
class RepresentativeLine:
    kind: str  # companion | representative
    name: str
    relation: str
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class CitizenOverview:
    id: int
    name: str
    masked_cpr: str
    address: str
    phone: str | None
    email: str | None
    preferred_channel: str
    target_group: str | None
    benefit: str | None
    goals: tuple[Goal, ...]  # in the citizen's own words
    assessment: str  # the caseworker's, kept apart
    accommodations: tuple[AccommodationLine, ...]
    representatives: tuple[RepresentativeLine, ...]
    caseworkers: tuple[CaseworkerPeriod, ...]  # oldest first
    upcoming_meetings: tuple[MeetingLine, ...]
    open_agreements: tuple[OpenAgreement, ...]
    version: int  # of the citizen's own record
    # The notes (R-APPR-3): the newest finished notes as every reader sees them (the
    # current version and its history), and every correction not accepted in any notes.
    latest_notes: NotesView | None = None
    rejected_corrections: tuple[CorrectionLine, ...] = ()
    # A handover of the citizen in progress (core/handover.py: awaiting approval or open).
    handover_id: int | None = None

    @property
    def caseworker_changes(self) -> int:
        """The changes of caseworker so far, shown prominently (R-FILE-5): one fewer than
        the periods, each handover's move adding one."""
        return max(len(self.caseworkers) - 1, 0)


@dataclass(frozen=True)
class CitizenFile:
    """What opening the file shows at once: the overview, and how many new statements I
    have not read (the flag on the overview). The statements themselves and the timeline
    are read when their tab is first shown (`file_statements`, `timeline.timeline`)."""

    overview: CitizenOverview
    unread_statements: int


def open_file(ctx: Context, citizen_id: int) -> CitizenFile:
    """Open the citizen's file: access checked and the opening logged (R-SEC-1), then
    the overview and the number of new statements I have not read. Only what the first
    screen shows: no list of statements, no timeline (issue 17)."""
    with writing(ctx) as session:
        citizen = access.require(session, ctx, citizen_id, look="open_file")
        now = ctx.clock()
        return CitizenFile(_overview(session, citizen, now),
                           _unread_statements(session, ctx.user.id, citizen_id, now))


def file_statements(ctx: Context, citizen_id: int) -> tuple[StatementSummary, ...]:
    """The statements of an open file, newest first, with my read marks: for its
    Statements tab. Access is checked; not logged again (opening the file was, and it
    showed the statements at once before the tabs were built when first shown)."""
    with writing(ctx) as session:
        access.require(session, ctx, citizen_id)
        return tuple(statement_summaries(session, ctx.user.id, citizen_id, ctx.clock()))


def _unread_statements(session: Session, caseworker_id: int, citizen_id: int,
                       now: datetime) -> int:
    """How many statements came since the last held meeting and are not read by me: the
    `unread_and_new` of `statement_summaries`, counted by the database."""
    last_meeting = last_held_meeting_at(session, citizen_id, now)
    query = (
        select(func.count()).select_from(Statement)
        .outerjoin(StatementRead, (StatementRead.statement_id == Statement.id)
                   & (StatementRead.caseworker_id == caseworker_id))
        .where(Statement.citizen_id == citizen_id, StatementRead.read_at.is_(None))
    )
    if last_meeting is not None:
        query = query.where(Statement.received_at > last_meeting)
    return session.exec(query).one()


def _overview(session: Session, citizen: Citizen, now: datetime) -> CitizenOverview:
    cid = citizen.id
    target_group = session.get(TargetGroup, citizen.target_group_id) if citizen.target_group_id else None
    benefit = session.get(Benefit, citizen.benefit_id) if citizen.benefit_id else None
    goals = session.exec(
        select(CitizenGoal).where(CitizenGoal.citizen_id == cid, CitizenGoal.active)
        .order_by(CitizenGoal.kind, CitizenGoal.recorded_at.desc())
    ).all()
    accommodations = session.exec(
        select(Accommodation).where(Accommodation.citizen_id == cid, Accommodation.active)
        .order_by(Accommodation.id)
    ).all()
    representatives = session.exec(
        select(Representative).where(Representative.citizen_id == cid, Representative.active)
        .order_by(Representative.id)
    ).all()
    caseworkers = tuple(
        CaseworkerPeriod(name, started, ended)
        for name, started, ended in session.exec(
            select(Caseworker.name, CaseworkerAssignment.started_at, CaseworkerAssignment.ended_at)
            .join(Caseworker, Caseworker.id == CaseworkerAssignment.caseworker_id)
            .where(CaseworkerAssignment.citizen_id == cid)
            .order_by(CaseworkerAssignment.started_at)
        )
    )
    return CitizenOverview(
        id=cid, name=f"{citizen.first_name} {citizen.last_name}", masked_cpr=mask_cpr(citizen.cpr),
        address=", ".join(p for p in (citizen.address, f"{citizen.postcode} {citizen.city}".strip()) if p),
        phone=citizen.phone, email=citizen.email, preferred_channel=citizen.preferred_channel,
        target_group=target_group.name if target_group else None,
        benefit=benefit.name if benefit else None,
        goals=tuple(Goal(g.kind, g.text, g.recorded_at) for g in goals),
        assessment=citizen.assessment,
        accommodations=tuple(AccommodationLine(a.description, a.agreed_on) for a in accommodations),
        representatives=tuple(RepresentativeLine(r.kind, r.name, r.relation, r.phone, r.email)
                              for r in representatives),
        caseworkers=caseworkers,
        upcoming_meetings=tuple(upcoming_meetings(session, cid, now)),
        open_agreements=tuple(open_agreements(session, cid, now.date())),
        version=citizen.version or 0,
        latest_notes=_latest_notes(session, cid),
        rejected_corrections=_rejected_of_citizen(session, cid),
        handover_id=session.exec(select(Handover.id).where(
            Handover.citizen_id == cid, Handover.status.in_(("awaiting_approval", "open")))
            .order_by(Handover.id.desc())).first(),
    )
