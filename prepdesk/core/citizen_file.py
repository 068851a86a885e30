"""The first screen of a citizen's file: who they are and what they want (R-FILE-2..6)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from prepdesk.core.access import mask_cpr
from prepdesk.data.models import (
    Accommodation,
    Agreement,
    Benefit,
    Caseworker,
    CaseworkerAssignment,
    Citizen,
    CitizenGoal,
    Meeting,
    Representative,
    TargetGroup,
)


@dataclass(frozen=True)
class CaseworkerPeriod:
    name: str
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class MeetingLine:
    id: int
    starts_at: datetime
    kind: str
    place: str


@dataclass(frozen=True)
class OpenAgreement:
    id: int
    what: str
    who: str
    due_on: date | None
    overdue: bool


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
    goals: list[CitizenGoal]  # in the citizen's own words
    assessment: str  # the caseworker's, kept apart
    accommodations: list[Accommodation]
    representatives: list[Representative]
    caseworkers: list[CaseworkerPeriod]  # oldest first
    upcoming_meetings: list[MeetingLine]
    open_agreements: list[OpenAgreement]

    @property
    def caseworker_changes(self) -> int:
        return max(len(self.caseworkers) - 1, 0)


def overview(session: Session, citizen: Citizen, now: datetime) -> CitizenOverview:
    """Everything the file's first screen shows. The caller has checked access and logged it."""
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
    caseworkers = [
        CaseworkerPeriod(name, started, ended)
        for name, started, ended in session.exec(
            select(Caseworker.name, CaseworkerAssignment.started_at, CaseworkerAssignment.ended_at)
            .join(Caseworker, Caseworker.id == CaseworkerAssignment.caseworker_id)
            .where(CaseworkerAssignment.citizen_id == cid)
            .order_by(CaseworkerAssignment.started_at)
        )
    ]
    meetings = [
        MeetingLine(m.id, m.starts_at, m.kind, m.place)
        for m in session.exec(
            select(Meeting).where(Meeting.citizen_id == cid, Meeting.status == "planned",
                                  Meeting.starts_at >= now).order_by(Meeting.starts_at)
        )
    ]
    today = now.date()
    agreements = [
        OpenAgreement(a.id, a.what, a.who, a.due_on, a.due_on is not None and a.due_on < today)
        for a in session.exec(
            select(Agreement).where(Agreement.citizen_id == cid, Agreement.status == "open")
            .order_by(Agreement.due_on, Agreement.id)
        )
    ]
    return CitizenOverview(
        id=cid, name=f"{citizen.first_name} {citizen.last_name}", masked_cpr=mask_cpr(citizen.cpr),
        address=", ".join(p for p in (citizen.address, f"{citizen.postcode} {citizen.city}".strip()) if p),
        phone=citizen.phone, email=citizen.email, preferred_channel=citizen.preferred_channel,
        target_group=target_group.name if target_group else None,
        benefit=benefit.name if benefit else None, goals=list(goals), assessment=citizen.assessment,
        accommodations=list(accommodations), representatives=list(representatives),
        caseworkers=caseworkers, upcoming_meetings=meetings, open_agreements=agreements,
    )
