"""The shape of a handover dossier: one typed model (R-HAND-1), in one module, and the one
function that builds it from the case (`_built`, never typed by hand).

A change of caseworker carries a dossier (Handover.dossier, JSON) so the incoming
caseworker need not ask the citizen to retell anything: a summary, the citizen's goals and
wishes in their own words, what the citizen has already told (their own view from every
meeting's notes), accommodations, the representative or companion, open agreements (who,
by when), notes waiting for approval and corrections (the rejected ones on top),
statements with their conclusions and whether a meeting discussed them, rulings attached,
upcoming meetings, open inquiries and aktindsigt requests, the caseworker history, and the
meetings' notes as every reader sees them (`notes_in_dossier`, from note_page's one view:
the current version, its history, the corrections not accepted on top). Screens, the
export and the tests read the same sections (`SECTIONS`, in the dossier's order).

Stored JSON is validated on the way in (`to_stored`) and out (`from_stored`; both from
core/stored_json.py); dicts stored before this model existed (the demo's, older databases)
load as they are: missing parts are empty, unknown keys are ignored, and a section stored
as plain texts (before its parts were typed) loads each text as a part. A stored dossier
that does not have this shape is a UserError with a Danish sentence, never a crash.

The incoming caseworker acknowledges each section with content (HandoverAck.section,
R-HAND-2; core/handover.py); a section's key is its field name here.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from sqlmodel import Session, select

from prepdesk.core.labels import agreement_owner
from prepdesk.core.note_page import NotesView, _notes_view, _rejected_of_citizen, _written
from prepdesk.core.queries import last_held_meeting_at, open_agreements
from prepdesk.core.stored_json import StoredJson
from prepdesk.data.models import (
    AccessRequest,
    Accommodation,
    Activity,
    ApprovalRequest,
    Benefit,
    Caseworker,
    CaseworkerAssignment,
    Citizen,
    CitizenGoal,
    Correction,
    Inquiry,
    Meeting,
    MeetingRuling,
    Note,
    Representative,
    Ruling,
    Statement,
    StatementDiscussion,
    TargetGroup,
)
from prepdesk.dates import short_date
from prepdesk.i18n import _


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)


class StatementConclusion(_Part):
    """A statement in the citizen's case and what it concluded."""

    title: str
    author: str = ""
    conclusion: str = ""
    received_at: datetime | None = None
    discussed: bool = False  # discussed in a meeting (R-STMT-3)
    deviation: str = ""  # why the notes of a meeting deviate from its conclusion


class RejectedInDossier(_Part):
    """A correction of the notes that was not accepted, and why (R-APPR-3)."""

    section: str
    proposed: str
    reason: str
    decided_by: str = ""
    decided_at: datetime | None = None


class VersionInDossier(_Part):
    """A version of the notes: when, who, what changed, and at whose request."""

    number: int
    created_at: datetime
    author: str = ""
    change_summary: str = ""
    requested_at: datetime | None = None  # the citizen's correction that made it
    accepted_by: str = ""


class NotesInDossier(_Part):
    """A meeting's notes as every reader sees them: the current version's text, its
    history and, on top, the corrections not accepted (R-APPR-3)."""

    meeting_at: datetime
    current_version: int = 1
    text: str = ""
    rejected: tuple[RejectedInDossier, ...] = ()
    history: tuple[VersionInDossier, ...] = ()


def notes_in_dossier(view: NotesView) -> NotesInDossier:
    """The dossier's part for one meeting's notes, from the one view of notes."""
    return NotesInDossier(
        meeting_at=view.meeting_starts_at, current_version=view.current_version,
        text=view.content.plain_text(),
        rejected=tuple(RejectedInDossier(section=c.section_title, proposed=c.proposed,
                                         reason=c.reason, decided_by=c.decided_by,
                                         decided_at=c.decided_at) for c in view.rejected),
        history=tuple(VersionInDossier(
            number=v.number, created_at=v.created_at, author=v.author,
            change_summary=v.change_summary,
            requested_at=v.change.received_at if v.change else None,
            accepted_by=v.change.decided_by if v.change else "") for v in view.history),
    )


class GoalInDossier(_Part):
    """A goal, wish or resource in the citizen's own words (R-FILE-2)."""

    text: str
    kind: str = "goal"  # goal | wish | resource
    recorded_at: datetime | None = None


class ToldInDossier(_Part):
    """What the citizen told in a meeting, in the notes' part "your view, in your own
    words": so they need not tell it again."""

    text: str
    meeting_at: datetime | None = None


class RepresentativeInDossier(_Part):
    """A companion (bisidder) or representative, with contact details (R-FILE-6)."""

    name: str
    kind: str = "companion"  # companion | representative
    relation: str = ""
    phone: str = ""
    email: str = ""


class AgreementInDossier(_Part):
    """An open agreement: what, who (as every reader sees it), by when."""

    what: str
    who: str = ""
    due_on: date | None = None


class PendingInDossier(_Part):
    """What waits: a correction not accepted (`rejected`, on top), a correction not yet
    answered (`correction`), notes waiting for the citizen's approval (`approval`)."""

    text: str
    kind: str = "approval"  # rejected | correction | approval
    meeting_at: datetime | None = None
    reason: str = ""  # why a rejected correction was not accepted


class RulingInDossier(_Part):
    """A ruling attached to one of the citizen's meetings."""

    number: str
    title: str = ""
    meeting_at: datetime | None = None


class MeetingInDossier(_Part):
    """A planned meeting: when, what kind, where, with whom."""

    starts_at: datetime
    kind: str = ""
    place: str = ""
    caseworker: str = ""


class OpenMatterInDossier(_Part):
    """An inquiry not yet answered, or an aktindsigt request not yet answered."""

    kind: str  # inquiry | access_request
    received_at: datetime
    text: str = ""
    due_at: datetime | None = None  # an inquiry: answered or acknowledged by then
    due_on: date | None = None  # an aktindsigt request: answered by then


class CaseworkerInDossier(_Part):
    """A period as the citizen's caseworker (R-FILE-5)."""

    name: str
    started_at: datetime
    ended_at: datetime | None = None
    reason: str = ""


def _plain(make: Callable[[Any], dict[str, Any]]) -> Callable[[Any], Any]:
    """A section stored before its parts were typed (plain texts or times: the demo's and
    older databases' dossiers) loads: each plain value becomes a part through `make`."""

    def convert(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return tuple(make(v) if isinstance(v, (str, datetime)) else v for v in value)
        return value

    return convert


class HandoverDossier(StoredJson):
    """The sections, in the dossier's order; each key is what the incoming caseworker
    acknowledges (`SECTIONS`)."""

    summary: str = ""
    goals: tuple[GoalInDossier, ...] = ()  # the citizen's own words
    already_told: tuple[ToldInDossier, ...] = ()  # the citizen's view, from every meeting
    accommodations: tuple[str, ...] = ()
    representatives: tuple[RepresentativeInDossier, ...] = ()
    open_agreements: tuple[AgreementInDossier, ...] = ()
    pending: tuple[PendingInDossier, ...] = ()  # approvals and corrections; rejected on top
    statements: tuple[StatementConclusion, ...] = ()
    rulings: tuple[RulingInDossier, ...] = ()  # attached to the citizen's meetings
    upcoming_meetings: tuple[MeetingInDossier, ...] = ()
    open_matters: tuple[OpenMatterInDossier, ...] = ()  # inquiries and aktindsigt requests
    caseworkers: tuple[CaseworkerInDossier, ...] = ()  # the history, oldest first
    notes: tuple[NotesInDossier, ...] = ()  # the meetings' notes, current version and history

    _texts = field_validator("goals", "already_told", "pending", mode="before")(
        _plain(lambda v: {"text": v}))
    _whats = field_validator("open_agreements", mode="before")(_plain(lambda v: {"what": v}))
    _numbers = field_validator("rulings", mode="before")(_plain(lambda v: {"number": v}))
    _times = field_validator("upcoming_meetings", mode="before")(
        _plain(lambda v: {"starts_at": v}))

    @classmethod
    def unreadable(cls) -> str:
        return _("This handover dossier is stored in a form PrepDesk cannot read. "
                 "Nothing was changed; tell IT.")

    def is_empty(self, section: str) -> bool:
        """Whether the section has nothing to read."""
        return not getattr(self, section)

    def part(self, section: str) -> Any:
        """The section's content as stored (for comparing two dossiers section by section)."""
        return self.model_dump(mode="json", include={section})[section]


SECTIONS: tuple[str, ...] = tuple(HandoverDossier.model_fields)


# --- the dossier, built from the case (never typed) ------------------------------------


def _built(session: Session, citizen: Citizen, now: datetime) -> HandoverDossier:
    """The dossier of the citizen's case as it is at `now`: every section from the rows
    (R-HAND-1). A building block of core/handover.py, whose caller has checked access."""
    cid = citizen.id
    notes = [_notes_view(session, note, citizen) for note in session.exec(
        select(Note).join(Meeting, Meeting.id == Note.meeting_id)
        .where(Note.citizen_id == cid, _written())
        .order_by(Meeting.starts_at.desc(), Note.id.desc()))]
    return HandoverDossier(
        summary=_summary(session, citizen, now),
        goals=tuple(GoalInDossier(text=g.text, kind=g.kind, recorded_at=g.recorded_at)
                    for g in session.exec(
                        select(CitizenGoal).where(CitizenGoal.citizen_id == cid, CitizenGoal.active)
                        .order_by(CitizenGoal.kind, CitizenGoal.recorded_at.desc(), CitizenGoal.id))),
        already_told=tuple(ToldInDossier(text=view.content.citizen_view,
                                         meeting_at=view.meeting_starts_at)
                           for view in notes if view.content.citizen_view.strip()),
        accommodations=tuple(session.exec(
            select(Accommodation.description)
            .where(Accommodation.citizen_id == cid, Accommodation.active)
            .order_by(Accommodation.id))),
        representatives=tuple(
            RepresentativeInDossier(name=r.name, kind=r.kind, relation=r.relation,
                                    phone=r.phone or "", email=r.email or "")
            for r in session.exec(select(Representative).where(
                Representative.citizen_id == cid, Representative.active).order_by(Representative.id))),
        open_agreements=tuple(AgreementInDossier(what=a.what, who=agreement_owner(a.who),
                                                 due_on=a.due_on)
                              for a in open_agreements(session, cid, now.date())),
        pending=_pending(session, cid),
        statements=_statements(session, cid),
        rulings=tuple(RulingInDossier(number=number, title=title, meeting_at=at)
                      for number, title, at in session.exec(
                          select(Ruling.number, Ruling.title, Meeting.starts_at)
                          .join(MeetingRuling, MeetingRuling.ruling_id == Ruling.id)
                          .join(Meeting, Meeting.id == MeetingRuling.meeting_id)
                          .where(Meeting.citizen_id == cid)
                          .order_by(Meeting.starts_at.desc(), Ruling.number))),
        upcoming_meetings=tuple(
            MeetingInDossier(starts_at=m.starts_at, kind=m.kind, place=m.place, caseworker=name)
            for m, name in session.exec(
                select(Meeting, Caseworker.name)
                .join(Caseworker, Caseworker.id == Meeting.caseworker_id)
                .where(Meeting.citizen_id == cid, Meeting.status == "planned",
                       Meeting.starts_at >= now).order_by(Meeting.starts_at, Meeting.id))),
        open_matters=_open_matters(session, cid),
        caseworkers=tuple(
            CaseworkerInDossier(name=name, started_at=a.started_at, ended_at=a.ended_at,
                                reason=a.reason)
            for a, name in session.exec(
                select(CaseworkerAssignment, Caseworker.name)
                .join(Caseworker, Caseworker.id == CaseworkerAssignment.caseworker_id)
                .where(CaseworkerAssignment.citizen_id == cid)
                .order_by(CaseworkerAssignment.started_at, CaseworkerAssignment.id))),
        notes=tuple(notes_in_dossier(view) for view in notes),
    )


def _summary(session: Session, citizen: Citizen, now: datetime) -> str:
    """Who the citizen is in the case, in a few lines: group, benefit, since when, the
    activities running, the last meeting held, and the caseworker's assessment."""
    lines = [f"{citizen.first_name} {citizen.last_name}"]
    group = session.get(TargetGroup, citizen.target_group_id) if citizen.target_group_id else None
    benefit = session.get(Benefit, citizen.benefit_id) if citizen.benefit_id else None
    if group:
        lines.append(_("Target group: {name}").format(name=group.name))
    if benefit:
        lines.append(_("Benefit: {name}").format(name=benefit.name))
    if citizen.case_opened_on:
        lines.append(_("Case opened: {date}").format(date=f"{citizen.case_opened_on:%d.%m.%Y}"))
    running = session.exec(select(Activity.title).where(
        Activity.citizen_id == citizen.id, Activity.status == "running").order_by(Activity.started_on)).all()
    if running:
        lines.append(_("Activities running: {titles}").format(titles=", ".join(running)))
    held = last_held_meeting_at(session, citizen.id, now)
    if held:
        lines.append(_("Last meeting held: {date}").format(date=short_date(held)))
    if citizen.assessment.strip():
        lines.append(_("The caseworker's assessment: {text}").format(text=citizen.assessment))
    return "\n".join(lines)


def _pending(session: Session, citizen_id: int) -> tuple[PendingInDossier, ...]:
    """Corrections not accepted on top (R-APPR-3), then corrections not yet answered, then
    notes waiting for the citizen's approval."""
    rejected = [PendingInDossier(kind="rejected", text=line.proposed, reason=line.reason,
                                 meeting_at=line.meeting_starts_at)
                for line in _rejected_of_citizen(session, citizen_id)]
    waiting = [PendingInDossier(kind="correction", text=proposed, meeting_at=at)
               for proposed, at in session.exec(
                   select(Correction.proposed_text, Meeting.starts_at)
                   .join(Note, Note.id == Correction.note_id)
                   .join(Meeting, Meeting.id == Note.meeting_id)
                   .where(Note.citizen_id == citizen_id, Correction.status == "pending")
                   .order_by(Correction.received_at, Correction.id))]
    approvals = [PendingInDossier(
        kind="approval", meeting_at=at,
        text=_("The notes of the meeting on {date} wait for the citizen's approval.").format(
            date=short_date(at)))
        for at in session.exec(
            select(Meeting.starts_at)
            .join(Note, Note.meeting_id == Meeting.id)
            .join(ApprovalRequest, ApprovalRequest.note_id == Note.id)
            .where(Note.citizen_id == citizen_id, ApprovalRequest.status == "pending")
            .order_by(Meeting.starts_at, ApprovalRequest.id))]
    return tuple(rejected + waiting + approvals)


def _statements(session: Session, citizen_id: int) -> tuple[StatementConclusion, ...]:
    """Every statement, newest first, with its conclusion and whether a meeting discussed
    it (and why its notes deviate, when they do)."""
    discussed: dict[int, str] = {}
    for statement_id, deviates, reason in session.exec(
            select(StatementDiscussion.statement_id, StatementDiscussion.deviates,
                   StatementDiscussion.deviation_reason)
            .join(Statement, Statement.id == StatementDiscussion.statement_id)
            .where(Statement.citizen_id == citizen_id)):
        discussed[statement_id] = discussed.get(statement_id) or (reason if deviates else "")
    conclusions = []
    for s in session.exec(select(Statement).where(Statement.citizen_id == citizen_id)
                          .order_by(Statement.received_at.desc(), Statement.id.desc())):
        conclusion = "\n".join(part for part in (s.work_capacity, s.restrictions) if part.strip())
        conclusions.append(StatementConclusion(
            title=s.title, author=f"{s.author_name}, {s.author_profession}".strip(", "),
            conclusion=conclusion, received_at=s.received_at, discussed=s.id in discussed,
            deviation=discussed.get(s.id, "")))
    return tuple(conclusions)


def _open_matters(session: Session, citizen_id: int) -> tuple[OpenMatterInDossier, ...]:
    """Inquiries not answered and aktindsigt requests not answered, the oldest first."""
    inquiries = [OpenMatterInDossier(kind="inquiry", received_at=i.received_at, text=i.summary,
                                     due_at=i.due_at)
                 for i in session.exec(select(Inquiry).where(
                     Inquiry.citizen_id == citizen_id, Inquiry.answered_at.is_(None)))]
    requests = [OpenMatterInDossier(kind="access_request", received_at=r.received_at,
                                    text=r.what_asked, due_on=r.due_on)
                for r in session.exec(select(AccessRequest).where(
                    AccessRequest.citizen_id == citizen_id, AccessRequest.answered_at.is_(None)))]
    return tuple(sorted(inquiries + requests, key=lambda matter: matter.received_at))
