"""A change of caseworker (issue 13, R-HAND-1, R-HAND-2, R-FILE-5): the team's workload, the
start (one citizen, a request, a whole caseload), the dossier, the outgoing caseworker's
note, the incoming caseworker's acknowledgements, the move of the assignment, and what a
team lead sees waiting.

The life of a handover (Handover.status):

- A caseworker asks for one (`request_handover`: a HandoverRequest); the team lead of the
  citizen's team starts it from the request or declines it (`decline_request`). A request
  and a start exclude each other, also at the same moment (`_claim`: the citizen's
  version); a request left open beside a running handover (data from before) is answered
  by that handover (`answer_by_running_handover`).
- The team lead of the citizen's team starts it (`start_handover`, `distribute_caseload`):
  the dossier is generated from the case then and stored (`Handover.dossier`), so a later
  read shows what was handed over; `refresh_dossier` generates it again while the handover
  is not complete (acknowledgements of the sections that changed are withdrawn). Screens
  show the stored dossier.
- To a caseworker of another team it is `awaiting_approval` until a team lead of that team
  approves it (`approve_handover`) or declines it (`decline_handover`); within the team it
  is `open` at once. The team lead of the citizen's team may also decline (withdraw) it
  until the assignment has moved.
- The outgoing caseworker writes the note (`write_note`: for the whole and per section) or
  skips it (`skip_note`; the team lead may skip it for a caseworker who has left). Until
  then it is not sent on: the incoming caseworker cannot acknowledge yet.
- The incoming caseworker may read the citizen's file from the start (approved, across
  teams: core/access.py), and acknowledges each section that has content (`acknowledge`);
  when every one is, the handover is `complete`.
- The assignment moves on the effective day (`effective_on`), complete or not: the
  outgoing caseworker's assignment ends, the incoming's begins, the citizen moves to the
  incoming caseworker's team. It is applied by `apply_due_moves` (the app's start and tests
  call it; it is idempotent) and by every operation on the handover from that day on. The
  outgoing caseworker's upcoming meetings move along only when the team lead said so
  (`move_meetings`), and so do their open agreements (`move_agreements`; an agreement that
  stays is kept by the outgoing caseworker by name). `set_moves` changes both until the move.

Bad input is a UserError with a Danish sentence and nothing written: a reason not on the
list, an effective day in the past, to the citizen's own caseworker, to an inactive user or
an administrator, to someone away on the effective day (Caseworker.away_until, set by
`set_away`), a citizen already in a handover, a citizen without a caseworker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, update
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.handover_dossier import SECTIONS, HandoverDossier, _built
from prepdesk.core.labels import label
from prepdesk.core.note_content import split_who
from prepdesk.core.transaction import check_version, reading, stale_sentence, writing
from prepdesk.data.models import (
    Agreement,
    Caseworker,
    CaseworkerAssignment,
    Citizen,
    Handover,
    HandoverAck,
    HandoverRequest,
    Letter,
    Meeting,
    MeetingParticipant,
    OutboxMessage,
    Team,
)
from prepdesk.dates import short_date
from prepdesk.errors import Conflict, UserError
from prepdesk.i18n import _

REASONS = ("leaves", "specialisation", "citizen_wish", "workload")
OPEN = ("awaiting_approval", "open")  # a citizen is "in a handover"
# A complete handover stays in the lists until the citizen has moved and for this long after
# it was completed, so the team lead and both caseworkers see it end.
SHOWN_COMPLETE = timedelta(days=7)
WORKLOAD_WEEKS = 2  # meetings counted ahead in the workload, by default
WARN_FROM_CHANGE = 2  # the change of caseworker from which the team lead is warned
NOTE_MAX = 5000


def reason_labels() -> dict[str, str]:
    """The reasons, in the order to offer them, with their words (core/labels.py)."""
    return {code: label("handover_reason", code) for code in REASONS}


def status_labels() -> dict[str, str]:
    return {code: label("handover_status", code)
            for code in ("awaiting_approval", "open", "complete", "declined")}


def section_titles() -> dict[str, str]:
    """The dossier's sections (handover_dossier.SECTIONS) with their titles, in order."""
    titles = {
        "summary": _("Summary"), "goals": _("Goals and wishes, in the citizen's words"),
        "already_told": _("What the citizen has already told"),
        "accommodations": _("Accommodations"),
        "representatives": _("Representative or companion"),
        "open_agreements": _("Open agreements"),
        "pending": _("Notes waiting for approval, and corrections"),
        "statements": _("Statements and their conclusions"), "rulings": _("Attached rulings"),
        "upcoming_meetings": _("Upcoming meetings"),
        "open_matters": _("Open inquiries and aktindsigt requests"),
        "caseworkers": _("Caseworker history"), "notes": _("The meetings' notes"),
    }
    return {key: titles[key] for key in SECTIONS}


# --- views ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkloadLine:
    caseworker_id: int
    initials: str
    name: str
    role: str  # caseworker | team_lead
    citizens: int  # assigned now
    meetings_ahead: int  # planned, from now until `Workload.until`
    handovers_in: int  # open handovers to them
    handovers_out: int  # open handovers from them
    away_until: date | None
    version: int  # the user's row: what `set_away` is checked against


@dataclass(frozen=True)
class Away:
    caseworker_id: int
    name: str
    away_until: date | None
    version: int


@dataclass(frozen=True)
class Workload:
    team_id: int
    team_name: str
    weeks: int
    until: datetime
    lines: tuple[WorkloadLine, ...]  # active caseworkers and team leads, by name


@dataclass(frozen=True)
class CaseworkerPeriod:
    name: str
    started_at: datetime
    ended_at: datetime | None
    reason: str


@dataclass(frozen=True)
class CaseworkerChanges:
    """A citizen's caseworkers so far (R-FILE-5): how many changes, and a warning when the
    next one would be the second or later."""

    citizen_id: int
    citizen_name: str
    periods: tuple[CaseworkerPeriod, ...]  # oldest first
    count: int  # changes so far
    warning: str  # "" when none is due


@dataclass(frozen=True)
class SectionState:
    key: str  # a field of HandoverDossier
    title: str
    empty: bool  # nothing to read: need not be acknowledged
    acknowledged_at: datetime | None
    note: str  # the outgoing caseworker's note on this section


@dataclass(frozen=True)
class HandoverView:
    id: int
    version: int  # what an edit of the handover is checked against
    citizen_id: int
    citizen_name: str
    status: str  # awaiting_approval | open | complete | declined
    reason: str
    reason_label: str
    effective_on: date | None
    from_caseworker_id: int
    from_name: str
    to_caseworker_id: int
    to_name: str
    started_at: datetime
    started_by: str
    approved_by: str
    approved_at: datetime | None
    declined_reason: str
    note: str  # the outgoing caseworker's note for the whole
    note_skipped: bool
    note_done_at: datetime | None  # written or skipped: sent on
    dossier: HandoverDossier  # as stored at the start (or the last refresh)
    dossier_at: datetime | None
    sections: tuple[SectionState, ...]  # in the dossier's order
    move_meetings: bool
    move_agreements: bool
    moved_at: datetime | None
    completed_at: datetime | None
    caseworker_changes: int  # the citizen's changes of caseworker before this one
    changes_warning: str
    letter_id: int | None
    letter_status: str  # the letter to the citizen: "" (none) | queued | sent | outdated (withdrawn)
    joint_meeting_id: int | None

    @property
    def sent_on(self) -> bool:
        """The note is written or skipped: the incoming caseworker can acknowledge."""
        return self.note_done_at is not None

    @property
    def missing(self) -> tuple[str, ...]:
        """The sections with content not yet acknowledged."""
        return tuple(s.key for s in self.sections if not s.empty and s.acknowledged_at is None)


@dataclass(frozen=True)
class RequestView:
    id: int
    version: int
    citizen_id: int
    citizen_name: str
    requested_by: str
    requested_at: datetime
    reason: str
    reason_label: str
    why: str
    status: str  # open | started | declined
    declined_reason: str
    handover_id: int | None


@dataclass(frozen=True)
class HandoverLine:
    """A handover in a list: who, from whom to whom, since when, what it waits for."""

    id: int
    citizen_id: int
    citizen_name: str
    from_name: str
    to_name: str
    status: str
    reason_label: str
    started_at: datetime
    effective_on: date | None
    waits_for: str  # approval | note | acknowledgements | "" (complete)
    missing_sections: int
    waited: timedelta  # since the start (or the note, for acknowledgements; complete: since then)
    moved: bool  # the assignment has moved to the incoming caseworker


@dataclass(frozen=True)
class Waiting:
    """What a team lead sees waiting: open handovers of their team (and those to their team
    waiting for their approval), the longest waiting first, and open requests."""

    handovers: tuple[HandoverLine, ...]
    requests: tuple[RequestView, ...]


@dataclass(frozen=True)
class Moved:
    handovers: int  # assignments moved by this call


@dataclass(frozen=True)
class CaseloadLine:
    citizen_id: int
    citizen_name: str
    in_handover: bool  # already being handed over: not handed over again in this pass


@dataclass(frozen=True)
class Caseload:
    """A caseworker's citizens, for the team lead handing them over in one pass."""

    caseworker_id: int
    caseworker_name: str
    lines: tuple[CaseloadLine, ...]  # by name


# --- the team ------------------------------------------------------------------------


def workload(ctx: Context, team_id: int | None = None, *,
             weeks: int = WORKLOAD_WEEKS) -> Workload:
    """Per active caseworker and team lead of the team (the user's own by default): the
    citizens assigned now, the meetings planned in the next `weeks`, and the open handovers
    to and from them. For the team's own members only (read-only), to choose whom to hand
    over to or to ask for a handover."""
    with reading(ctx) as session:
        worker = access.require_staff(session, ctx)
        team_id = worker.team_id if team_id is None else team_id
        if team_id is None or team_id != worker.team_id:
            raise UserError(_("You see the workload of your own team only."))
        now = ctx.clock()
        until = now + timedelta(weeks=max(weeks, 0))
        members = session.exec(select(Caseworker).where(
            Caseworker.team_id == team_id, Caseworker.active,
            Caseworker.role.in_(access.STAFF_ROLES)).order_by(Caseworker.name)).all()
        ids = [m.id for m in members]
        citizens = dict(session.exec(
            select(CaseworkerAssignment.caseworker_id, func.count())
            .where(CaseworkerAssignment.caseworker_id.in_(ids),
                   CaseworkerAssignment.ended_at.is_(None))
            .group_by(CaseworkerAssignment.caseworker_id)).all())
        meetings = dict(session.exec(
            select(Meeting.caseworker_id, func.count())
            .where(Meeting.caseworker_id.in_(ids), Meeting.status == "planned",
                   Meeting.starts_at >= now, Meeting.starts_at < until)
            .group_by(Meeting.caseworker_id)).all())
        coming = dict(session.exec(
            select(Handover.to_caseworker_id, func.count())
            .where(Handover.to_caseworker_id.in_(ids), Handover.status.in_(OPEN))
            .group_by(Handover.to_caseworker_id)).all())
        going = dict(session.exec(
            select(Handover.from_caseworker_id, func.count())
            .where(Handover.from_caseworker_id.in_(ids), Handover.status.in_(OPEN))
            .group_by(Handover.from_caseworker_id)).all())
        team = session.get(Team, team_id)
        return Workload(team_id, team.name, weeks, until, tuple(
            WorkloadLine(m.id, m.initials, m.name, m.role, citizens.get(m.id, 0),
                         meetings.get(m.id, 0), coming.get(m.id, 0), going.get(m.id, 0),
                         m.away_until, m.version)
            for m in members))


def set_away(ctx: Context, caseworker_id: int, until: date | None,
             seen_version: int | None = None) -> Away:
    """The user is away up to and including `until` (None: not away): no handover to them
    takes effect before. Set by the user themself or a team lead of their team."""
    with writing(ctx) as session:
        worker = access.require_staff(session, ctx)
        person = session.get(Caseworker, caseworker_id)
        if person is None or not (person.id == worker.id or (
                worker.role == "team_lead" and worker.team_id is not None
                and person.team_id == worker.team_id)):
            raise UserError(_("You set when you are away yourself; a team lead sets it for "
                              "the team's caseworkers."))
        check_version(session, ctx, person, seen_version, _("The user"))
        person.away_until = until
        session.flush()
        return Away(person.id, person.name, person.away_until, person.version)


def caseworker_changes(ctx: Context, citizen_id: int) -> CaseworkerChanges:
    """The citizen's caseworkers so far and the number of changes, with a warning when a
    handover now would be the second change or later (R-FILE-5)."""
    with reading(ctx) as session:
        citizen = access.require(session, ctx, citizen_id)
        return _changes(session, citizen)


def running_handover(ctx: Context, citizen_id: int) -> HandoverLine | None:
    """The citizen's handover that is not over, if any: what the form that would start or
    ask for another shows instead."""
    with reading(ctx) as session:
        citizen = access.require(session, ctx, citizen_id)
        row = _running(session, citizen.id)
        return _line(session, row, ctx.clock()) if row is not None else None


def caseload(ctx: Context, caseworker_id: int) -> Caseload:
    """The citizens assigned now to a caseworker of the team lead's own team, by name, each
    with whether it is in a handover already: what `distribute_caseload` hands over."""
    with reading(ctx) as session:
        worker = access.require_staff(session, ctx)
        person = session.get(Caseworker, caseworker_id)
        if (person is None or worker.role != "team_lead" or worker.team_id is None
                or person.team_id != worker.team_id):
            raise UserError(_("Only the team lead of the caseworker's team sees their "
                              "caseload."))
        citizens = session.exec(
            select(Citizen).join(CaseworkerAssignment,
                                 CaseworkerAssignment.citizen_id == Citizen.id)
            .where(CaseworkerAssignment.caseworker_id == person.id,
                   CaseworkerAssignment.ended_at.is_(None),
                   Citizen.team_id == worker.team_id)  # the lead's to hand over
            .order_by(Citizen.last_name, Citizen.first_name, Citizen.id)).all()
        ids = [c.id for c in citizens]
        busy = set(session.exec(select(Handover.citizen_id).where(
            Handover.citizen_id.in_(ids), Handover.status.in_(OPEN)))) if ids else set()
        return Caseload(person.id, person.name, tuple(
            CaseloadLine(c.id, _name(c), c.id in busy) for c in citizens))


def my_requests(ctx: Context, *, days: int = 14) -> tuple[RequestView, ...]:
    """The user's own requests for a handover that are open, or were declined in the last
    `days` days (so the caseworker sees the team lead's answer), the newest first."""
    with reading(ctx) as session:
        access.require_staff(session, ctx)
        since = ctx.clock() - timedelta(days=days)
        rows = session.exec(
            select(HandoverRequest).join(Citizen, Citizen.id == HandoverRequest.citizen_id)
            .where(HandoverRequest.requested_by_id == ctx.user.id,
                   access.visible_citizens(ctx.user),
                   (HandoverRequest.status == "open")
                   | ((HandoverRequest.status == "declined")
                      & (HandoverRequest.decided_at >= since)))
            .order_by(HandoverRequest.requested_at.desc(), HandoverRequest.id.desc())).all()
        return tuple(_request_view(session, row) for row in rows)


# --- starting ------------------------------------------------------------------------


def request_handover(ctx: Context, citizen_id: int, reason: str, why: str = "") -> RequestView:
    """The citizen's caseworker asks their team lead to hand the citizen over."""
    with writing(ctx) as session:
        citizen = access.require(session, ctx, citizen_id)
        current = _current_caseworker(session, citizen.id)
        if current is None or current.id != ctx.user.id:
            raise UserError(_("Only the citizen's caseworker asks for a handover. A team lead "
                              "starts one."))
        _check_reason(reason)
        _check_not_in_handover(session, citizen)
        if _open_request(session, citizen.id) is not None:
            raise UserError(_("A handover of {name} has been asked for already. Your team lead "
                              "decides.").format(name=_name(citizen)))
        _claim(session, ctx, citizen, starting=False)
        request = HandoverRequest(citizen_id=citizen.id, requested_by_id=ctx.user.id,
                                  requested_at=ctx.clock(), reason=reason, why=why.strip())
        session.add(request)
        session.flush()
        return _request_view(session, request, citizen)


def decline_request(ctx: Context, request_id: int, why: str,
                    seen_version: int | None = None) -> RequestView:
    """The team lead of the citizen's team declines a request, saying why."""
    with writing(ctx) as session:
        request, citizen = _request_to_answer(session, ctx, request_id, seen_version)
        if not why.strip():
            raise UserError(_("Write why you decline the request."))
        request.status, request.declined_reason = "declined", why.strip()
        request.decided_by_id, request.decided_at = ctx.user.id, ctx.clock()
        session.flush()
        return _request_view(session, request, citizen)


def _request_to_answer(session: Session, ctx: Context, request_id: int,
                       seen_version: int | None) -> tuple[HandoverRequest, Citizen]:
    """The open request the team lead of the citizen's team answers, as their screen saw it."""
    request = session.get(HandoverRequest, request_id)
    if request is None:
        raise UserError(_("The request no longer exists."))
    citizen = access.require(session, ctx, request.citizen_id)
    _require_lead_of(session, ctx, citizen.team_id)
    check_version(session, ctx, request, seen_version, _("The request"))
    if request.status != "open":
        raise UserError(_("The request has been decided already. Reload (Ctrl+R)."))
    return request, citizen


def answer_by_running_handover(ctx: Context, request_id: int,
                               seen_version: int | None = None) -> RequestView:
    """The team lead of the citizen's team answers a request with the handover already
    running for the citizen (a request left open beside it, in data from before the two
    excluded each other): the request is started by that handover."""
    with writing(ctx) as session:
        request, citizen = _request_to_answer(session, ctx, request_id, seen_version)
        running = _running(session, citizen.id)
        if running is None:
            raise UserError(_("{name} is in no handover now. Start one, or decline the "
                              "request.").format(name=_name(citizen)))
        _answer(ctx, request, running)
        session.flush()
        return _request_view(session, request, citizen)


def start_handover(ctx: Context, citizen_id: int, to_caseworker_id: int, reason: str,
                   effective_on: date, *, move_meetings: bool = False,
                   move_agreements: bool = False) -> HandoverView:
    """The team lead of the citizen's team hands the citizen over from their caseworker to
    `to_caseworker_id`, from `effective_on`; the dossier is generated now. A request for
    the citizen is started by it. To another team, it waits for that team's team lead."""
    with writing(ctx) as session:
        citizen = access.require(session, ctx, citizen_id)
        _require_lead_of(session, ctx, citizen.team_id)
        handover = _start(session, ctx, citizen, to_caseworker_id, reason, effective_on,
                          move_meetings, move_agreements)
        return _view(session, handover)


def distribute_caseload(ctx: Context, from_caseworker_id: int, assignments: dict[int, int],
                        reason: str, effective_on: date, *, move_meetings: bool = False,
                        move_agreements: bool = False) -> tuple[HandoverView, ...]:
    """A caseload handed over in one pass, citizen id -> incoming caseworker id: one
    handover each, all or none (a problem with one citizen names them, and nothing is
    started)."""
    if not assignments:
        raise UserError(_("Choose at least one citizen and who takes them over."))
    with writing(ctx) as session:
        citizens = [access.require(session, ctx, citizen_id) for citizen_id in assignments]
        handovers = []
        for citizen in citizens:
            _require_lead_of(session, ctx, citizen.team_id)
            try:
                current = _current_caseworker(session, citizen.id)
                if current is None or current.id != from_caseworker_id:
                    raise UserError(_("The citizen is not in this caseworker's caseload (any "
                                      "more). Reload (Ctrl+R)."))
                handovers.append(_start(session, ctx, citizen, assignments[citizen.id], reason,
                                        effective_on, move_meetings, move_agreements))
            except UserError as problem:
                raise UserError(f"{_name(citizen)}: {problem.message}") from None
        return tuple(_view(session, handover) for handover in handovers)


def approve_handover(ctx: Context, handover_id: int,
                     seen_version: int | None = None) -> HandoverView:
    """A team lead of the receiving team approves a handover to their team."""
    with writing(ctx) as session:
        handover, _citizen = _handover(session, ctx, handover_id)
        check_version(session, ctx, handover, seen_version, _("The handover"))
        if handover.status != "awaiting_approval":
            raise UserError(_("This handover waits for no approval."))
        incoming = session.get(Caseworker, handover.to_caseworker_id)
        _require_lead_of(session, ctx, incoming.team_id,
                         _("Only a team lead of the receiving team approves this handover."))
        handover.status = "open"
        handover.approved_by_id, handover.approved_at = ctx.user.id, ctx.clock()
        _apply_if_due(session, handover, ctx.clock())
        session.flush()
        return _view(session, handover)


def decline_handover(ctx: Context, handover_id: int, why: str,
                     seen_version: int | None = None) -> HandoverView:
    """Declined by a team lead of the receiving team while it waits for their approval, or
    withdrawn by the team lead of the citizen's team until the assignment has moved."""
    with writing(ctx) as session:
        handover, citizen = _handover(session, ctx, handover_id)
        check_version(session, ctx, handover, seen_version, _("The handover"))
        if handover.status not in OPEN and not (handover.status == "complete"
                                                and handover.moved_at is None):
            raise UserError(_("This handover is over and cannot be declined."))
        if handover.moved_at is not None:
            raise UserError(_("The citizen has moved to the new caseworker already; start a new "
                              "handover to move them again."))
        worker = access.require_staff(session, ctx)
        incoming = session.get(Caseworker, handover.to_caseworker_id)
        receiving = (handover.status == "awaiting_approval" and worker.role == "team_lead"
                     and worker.team_id is not None and worker.team_id == incoming.team_id)
        if not receiving:
            _require_lead_of(session, ctx, citizen.team_id,
                             _("Only the team lead of the citizen's team, or of the receiving "
                               "team while it waits for approval, declines a handover."))
        if not why.strip():
            raise UserError(_("Write why you decline the handover."))
        handover.status, handover.declined_reason = "declined", why.strip()
        _call_off_the_letter(session, handover)
        session.flush()
        return _view(session, handover)


def _call_off_the_letter(session: Session, handover: Handover) -> None:
    """A declined handover's letter to the citizen is withdrawn while it waits in the outbox,
    and its joint meeting is cancelled: the citizen is not invited to meet a caseworker who
    does not take over. A letter that has gone out stays sent, and its meeting stays: the
    caseworkers tell the citizen themselves."""
    if handover.letter_id is None:
        return
    # Only a message still waiting is withdrawn: the sender may hold one in "sending".
    withdrawn = session.exec(update(OutboxMessage)
                             .where(OutboxMessage.letter_id == handover.letter_id,
                                    OutboxMessage.status.in_(("queued", "failed")))
                             .values(status="withdrawn", version=OutboxMessage.version + 1)
                             .execution_options(synchronize_session=False))
    letter = session.get(Letter, handover.letter_id)
    if withdrawn.rowcount == 0 or letter is None or letter.status == "sent":
        return
    letter.status = "outdated"
    meeting = session.get(Meeting, handover.joint_meeting_id) if handover.joint_meeting_id else None
    if meeting is not None and meeting.status == "planned":
        meeting.status = "cancelled"


def set_moves(ctx: Context, handover_id: int, move_meetings: bool, move_agreements: bool,
              seen_version: int | None = None) -> HandoverView:
    """Whether the outgoing caseworker's upcoming meetings and open agreements move with
    the citizen: the team lead of the citizen's team decides until the move."""
    with writing(ctx) as session:
        handover, citizen = _handover(session, ctx, handover_id)
        _require_lead_of(session, ctx, citizen.team_id)
        check_version(session, ctx, handover, seen_version, _("The handover"))
        if handover.moved_at is not None or handover.status == "declined":
            raise UserError(_("The citizen has moved to the new caseworker already; meetings "
                              "and agreements are moved one by one now."))
        handover.move_meetings, handover.move_agreements = move_meetings, move_agreements
        session.flush()
        return _view(session, handover)


# --- the handover itself ---------------------------------------------------------------


def handover(ctx: Context, handover_id: int, *, again: bool = False) -> HandoverView:
    """The handover with its stored dossier, the note and the acknowledgements. Reading it
    is a look at the citizen's file (logged; `again`, the open screen reloading, is not)."""
    with writing(ctx) as session:
        row, _citizen = _handover(session, ctx, handover_id,
                                  look=None if again else "open_file", lock=False)
        return _view(session, row)


def refresh_dossier(ctx: Context, handover_id: int,
                    seen_version: int | None = None) -> HandoverView:
    """The dossier generated again from the case as it is now, while the handover is not
    complete; a section that changed must be acknowledged again."""
    with writing(ctx) as session:
        row, citizen = _handover(session, ctx, handover_id)
        check_version(session, ctx, row, seen_version, _("The handover"))
        if row.status not in OPEN:
            raise UserError(_("The handover is over, so its dossier stays as it was handed over."))
        now = ctx.clock()
        old = HandoverDossier.from_stored(row.dossier)
        new = _built(session, citizen, now)
        changed = [key for key in SECTIONS if old.part(key) != new.part(key)]
        for ack in session.exec(select(HandoverAck).where(HandoverAck.handover_id == row.id,
                                                          HandoverAck.section.in_(changed))):
            session.delete(ack)
        row.dossier, row.dossier_at = new.to_stored(), now
        session.flush()
        return _view(session, row)


def write_note(ctx: Context, handover_id: int, whole: str, per_section: dict[str, str],
               seen_version: int | None = None) -> HandoverView:
    """The outgoing caseworker's personal note (R-HAND-2): for the whole and, where they
    want, per section. Sends the handover on; may be written again until it is complete."""
    with writing(ctx) as session:
        row, _citizen = _handover(session, ctx, handover_id)
        _require_outgoing(ctx, row)
        check_version(session, ctx, row, seen_version, _("The handover"))
        if row.status not in OPEN:
            raise UserError(_("The handover is over, so its note stays as it was."))
        unknown = set(per_section) - set(SECTIONS)
        if unknown:
            raise UserError(_("The dossier has no section {key}.").format(key=sorted(unknown)[0]))
        notes = {key: text.strip() for key, text in per_section.items() if text.strip()}
        whole = whole.strip()
        if not whole and not notes:
            raise UserError(_("Write the note, or skip it if there is nothing to add."))
        if len(whole) > NOTE_MAX or any(len(text) > NOTE_MAX for text in notes.values()):
            raise UserError(_("A note is at most {most} characters. Shorten it.").format(
                most=NOTE_MAX))
        row.personal_note, row.section_notes = whole, notes
        row.note_skipped, row.note_done_at = False, ctx.clock()
        session.flush()
        return _view(session, row)


def skip_note(ctx: Context, handover_id: int, seen_version: int | None = None) -> HandoverView:
    """The handover is sent on without a note: by the outgoing caseworker, or by the team
    lead of the citizen's team (a caseworker who has left)."""
    with writing(ctx) as session:
        row, citizen = _handover(session, ctx, handover_id)
        if row.from_caseworker_id != ctx.user.id:
            _require_lead_of(session, ctx, citizen.team_id,
                             _("Only the outgoing caseworker, or the team lead, skips the note."))
        check_version(session, ctx, row, seen_version, _("The handover"))
        if row.status not in OPEN:
            raise UserError(_("The handover is over, so its note stays as it was."))
        if row.note_done_at is not None:
            raise UserError(_("The note has been written or skipped already."))
        row.note_skipped, row.note_done_at = True, ctx.clock()
        session.flush()
        return _view(session, row)


def acknowledge(ctx: Context, handover_id: int, section: str,
                seen_version: int | None = None) -> HandoverView:
    """The incoming caseworker has read a section of the dossier (R-HAND-2). When every
    section with content is acknowledged, the handover is complete. Acknowledging a section
    again changes nothing."""
    with writing(ctx) as session:
        row, _citizen = _handover(session, ctx, handover_id)
        if row.to_caseworker_id != ctx.user.id:
            raise UserError(_("Only the incoming caseworker acknowledges the dossier."))
        check_version(session, ctx, row, seen_version, _("The handover"))
        if section not in SECTIONS:
            raise UserError(_("The dossier has no section {key}.").format(key=section))
        if row.status == "awaiting_approval":
            raise UserError(_("The handover waits for the receiving team lead's approval."))
        if row.status != "open":
            raise UserError(_("The handover is over; nothing is left to acknowledge."))
        if row.note_done_at is None:
            raise UserError(_("The outgoing caseworker has not written the handover note yet. "
                              "Acknowledge the dossier when it is sent on."))
        now = ctx.clock()
        if session.get(HandoverAck, (row.id, section)) is None:
            session.add(HandoverAck(handover_id=row.id, section=section, acknowledged_at=now))
            session.flush()
        dossier = HandoverDossier.from_stored(row.dossier)
        done = set(session.exec(select(HandoverAck.section)
                                .where(HandoverAck.handover_id == row.id)))
        if all(key in done or dossier.is_empty(key) for key in SECTIONS):
            row.status, row.completed_at = "complete", now
        flag_modified(row, "status")  # the handover's version moves with every acknowledgement
        _apply_if_due(session, row, now)
        session.flush()
        return _view(session, row)


# --- lists and the move ----------------------------------------------------------------


def handovers_waiting(ctx: Context) -> Waiting:
    """For a team lead: the open handovers of their team's citizens and those to their team
    waiting for their approval, the longest waiting first, with what each waits for, then
    the complete ones still shown (`_shown`); and the open requests of their team's citizens."""
    with reading(ctx) as session:
        worker = access.require_staff(session, ctx)
        if worker.role != "team_lead" or worker.team_id is None:
            raise UserError(_("Only a team lead sees the team's handovers waiting."))
        incoming = aliased(Caseworker)
        rows = session.exec(
            select(Handover).join(Citizen, Citizen.id == Handover.citizen_id)
            .join(incoming, incoming.id == Handover.to_caseworker_id)
            .where(_shown(ctx.clock()),
                   (Citizen.team_id == worker.team_id)
                   | ((Handover.status == "awaiting_approval")
                      & (incoming.team_id == worker.team_id)))).all()
        now = ctx.clock()
        lines = sorted((_line(session, row, now) for row in rows),
                       key=lambda line: (line.waits_for != "", line.waited), reverse=True)
        requests = session.exec(
            select(HandoverRequest).join(Citizen, Citizen.id == HandoverRequest.citizen_id)
            .where(HandoverRequest.status == "open", Citizen.team_id == worker.team_id)
            .order_by(HandoverRequest.requested_at)).all()
        return Waiting(tuple(lines), tuple(_request_view(session, r) for r in requests))


def my_handovers(ctx: Context) -> tuple[HandoverLine, ...]:
    """The user's handovers, to them and from them, open or complete and still shown
    (`_shown`), the oldest first."""
    with reading(ctx) as session:
        worker = access.require_staff(session, ctx)
        rows = session.exec(
            select(Handover).where(_shown(ctx.clock()),
                                   (Handover.to_caseworker_id == worker.id)
                                   | (Handover.from_caseworker_id == worker.id))
            .order_by(Handover.created_at, Handover.id)).all()
        now = ctx.clock()
        return tuple(_line(session, row, now) for row in rows)


def apply_due_moves(ctx: Context) -> Moved:
    """Move the assignment of every started handover whose effective day has come, of the
    citizens the user may see (the app's start calls it; so may tests): for an
    administrator, or a user no longer active, none. Idempotent."""
    with writing(ctx) as session:
        now = ctx.clock()
        today = now.astimezone(LOCAL_TIMEZONE).date()
        due = session.exec(
            select(Handover).join(Citizen, Citizen.id == Handover.citizen_id)
            .where(Handover.status.in_(access.HANDOVER_STARTED), Handover.moved_at.is_(None),
                   Handover.effective_on.is_not(None), Handover.effective_on <= today,
                   access.visible_citizens(ctx.user))
            .order_by(Handover.id)).all()
        moved = sum(_move(session, row, now) for row in due)
        session.flush()
        return Moved(moved)


# --- helpers ------------------------------------------------------------------------


def _name(citizen: Citizen) -> str:
    return f"{citizen.first_name} {citizen.last_name}"


def _check_reason(reason: str) -> None:
    if reason not in REASONS:
        raise UserError(_("Choose the reason for the handover: {reasons}.").format(
            reasons=", ".join(reason_labels().values())))


def _require_lead_of(session: Session, ctx: Context, team_id: int | None,
                     sentence: str | None = None) -> Caseworker:
    worker = access.require_staff(session, ctx)
    if worker.role != "team_lead" or team_id is None or worker.team_id != team_id:
        raise UserError(sentence or _("Only the team lead of the citizen's team starts or "
                                      "decides a handover. A caseworker can ask for one."))
    return worker


def _require_outgoing(ctx: Context, row: Handover) -> None:
    if row.from_caseworker_id != ctx.user.id:
        raise UserError(_("Only the outgoing caseworker writes the handover note."))


def _current_caseworker(session: Session, citizen_id: int) -> Caseworker | None:
    """The citizen's caseworker now: the latest assignment that has not ended."""
    return session.exec(
        select(Caseworker).join(CaseworkerAssignment,
                                CaseworkerAssignment.caseworker_id == Caseworker.id)
        .where(CaseworkerAssignment.citizen_id == citizen_id,
               CaseworkerAssignment.ended_at.is_(None))
        .order_by(CaseworkerAssignment.started_at.desc(), CaseworkerAssignment.id.desc())
    ).first()


def _open_request(session: Session, citizen_id: int) -> HandoverRequest | None:
    return session.exec(select(HandoverRequest).where(
        HandoverRequest.citizen_id == citizen_id, HandoverRequest.status == "open")).first()


def _running(session: Session, citizen_id: int) -> Handover | None:
    """The citizen's handover that is not over, if any."""
    return session.exec(select(Handover).where(Handover.citizen_id == citizen_id,
                                               Handover.status.in_(OPEN))).first()


def _check_not_in_handover(session: Session, citizen: Citizen) -> None:
    row = _running(session, citizen.id)
    if row is None:
        return
    incoming = session.get(Caseworker, row.to_caseworker_id)
    raise UserError(_("{name} is already being handed over (to {to}, started {date}). Finish "
                      "or decline that handover first.").format(
        name=_name(citizen), to=incoming.name, date=short_date(row.created_at)))


def _claim(session: Session, ctx: Context, citizen: Citizen, *, starting: bool) -> None:
    """A start or a request takes the citizen by a compare-and-set on its version (as read
    before the checks). Two at the same moment (two apps, two windows) both pass the checks,
    which cannot see the other's uncommitted row: the second to claim is refused with what
    the first did, so a request is never left open beside a running handover, nor are two
    handovers running."""
    claimed = session.execute(
        update(Citizen).where(Citizen.id == citizen.id, Citizen.version == citizen.version)
        .values(version=Citizen.version + 1, changed_by_id=ctx.user.id,
                changed_at=ctx.clock())).rowcount
    if claimed != 1:
        raise Conflict(_claimed_by(session, ctx, citizen, starting=starting))


def _claimed_by(session: Session, ctx: Context, citizen: Citizen, *, starting: bool) -> str:
    """For the one refused by `_claim`: who started or asked for a handover meanwhile, and
    how to go on."""
    name = _name(citizen)
    running = _running(session, citizen.id)
    if running is not None:
        to, who = (_person(session, running.to_caseworker_id),
                   _who(session, ctx, running.started_by_id))
        if starting:
            return _("A handover of {name} to {to} was started by {who} just now, so yours was "
                     "not started. Reload (Ctrl+R) to see it.").format(name=name, to=to, who=who)
        return _("A handover of {name} to {to} was started by {who} just now, so your request "
                 "was not saved: it is not needed. You find the handover on your day.").format(
            name=name, to=to, who=who)
    request = _open_request(session, citizen.id)
    if request is not None:
        who = _who(session, ctx, request.requested_by_id)
        if starting:
            return _("A request to hand {name} over was sent by {who} just now, so the handover "
                     "was not started. Press Ctrl+S again to start it; that answers the "
                     "request.").format(name=name, who=who)
        return _("A request to hand {name} over was sent by {who} just now, so yours was not "
                 "saved. Your team lead decides.").format(name=name, who=who)
    session.refresh(citizen)  # changed otherwise meanwhile
    return stale_sentence(session, ctx, citizen, _("The citizen's details"))


def _who(session: Session, ctx: Context, caseworker_id: int | None) -> str:
    if caseworker_id == ctx.user.id:
        return _("you in another window")
    return _person(session, caseworker_id) or _("a colleague")


def _answer(ctx: Context, request: HandoverRequest, row: Handover) -> None:
    """The request is started by the handover `row`."""
    request.status, request.handover_id = "started", row.id
    request.decided_by_id, request.decided_at = ctx.user.id, ctx.clock()


def _start(session: Session, ctx: Context, citizen: Citizen, to_id: int, reason: str,
           effective_on: date, move_meetings: bool, move_agreements: bool) -> Handover:
    now = ctx.clock()
    today = now.astimezone(LOCAL_TIMEZONE).date()
    _check_reason(reason)
    if effective_on < today:
        raise UserError(_("The handover cannot take effect before today. Choose today or a "
                          "later day."))
    current = _current_caseworker(session, citizen.id)
    if current is None:
        raise UserError(_("{name} has no caseworker now, so there is no one to hand over "
                          "from.").format(name=_name(citizen)))
    incoming = session.get(Caseworker, to_id)
    if incoming is None:
        raise UserError(_("That colleague no longer exists. Reload (Ctrl+R)."))
    if incoming.id == current.id:
        raise UserError(_("{to} is {name}'s caseworker already. Choose another colleague.").format(
            to=incoming.name, name=_name(citizen)))
    if not incoming.active:
        raise UserError(_("{to} is no longer active. Choose another colleague.").format(
            to=incoming.name))
    if incoming.role not in access.STAFF_ROLES:
        raise UserError(_("{to} is an administrator, not a caseworker. Choose a caseworker.").format(
            to=incoming.name))
    if incoming.away_until is not None and incoming.away_until >= effective_on:
        raise UserError(_("{to} is away until {date}. Choose another colleague, or a day after "
                          "that.").format(to=incoming.name, date=short_date(incoming.away_until)))
    _check_not_in_handover(session, citizen)
    _claim(session, ctx, citizen, starting=True)
    across = incoming.team_id != citizen.team_id
    row = Handover(
        citizen_id=citizen.id, from_caseworker_id=current.id, to_caseworker_id=incoming.id,
        created_at=now, status="awaiting_approval" if across else "open", reason=reason,
        effective_on=effective_on, started_by_id=ctx.user.id,
        dossier=_built(session, citizen, now).to_stored(), dossier_at=now,
        move_meetings=move_meetings, move_agreements=move_agreements)
    session.add(row)
    session.flush()
    request = _open_request(session, citizen.id)
    if request is not None:
        _answer(ctx, request, row)
    _apply_if_due(session, row, now)
    session.flush()
    return row


def _apply_if_due(session: Session, row: Handover, now: datetime) -> None:
    if (row.status in access.HANDOVER_STARTED and row.moved_at is None
            and row.effective_on is not None
            and row.effective_on <= now.astimezone(LOCAL_TIMEZONE).date()):
        _move(session, row, now)


def _move(session: Session, row: Handover, now: datetime) -> bool:
    """The assignment moves to the incoming caseworker (and the citizen to their team);
    the meetings and agreements as the handover says. Claimed by a compare-and-set on
    `moved_at` first: two apps applying it at the same moment move it once."""
    claimed = session.execute(
        update(Handover).where(Handover.id == row.id, Handover.moved_at.is_(None))
        .values(moved_at=now, version=Handover.version + 1)).rowcount
    if claimed != 1:
        session.refresh(row)
        return False
    citizen = session.get(Citizen, row.citizen_id)
    outgoing = session.get(Caseworker, row.from_caseworker_id)
    incoming = session.get(Caseworker, row.to_caseworker_id)
    for assignment in session.exec(select(CaseworkerAssignment).where(
            CaseworkerAssignment.citizen_id == citizen.id, CaseworkerAssignment.ended_at.is_(None))):
        assignment.ended_at = now
    session.add(CaseworkerAssignment(citizen_id=citizen.id, caseworker_id=incoming.id,
                                     started_at=now, reason=reason_labels().get(row.reason, "")))
    if incoming.team_id is not None and incoming.team_id != citizen.team_id:
        citizen.team_id = incoming.team_id
    if row.move_meetings:
        for meeting in session.exec(select(Meeting).where(
                Meeting.citizen_id == citizen.id, Meeting.caseworker_id == outgoing.id,
                Meeting.status == "planned", Meeting.starts_at >= now)):
            meeting.caseworker_id = incoming.id
            for participant in session.exec(select(MeetingParticipant).where(
                    MeetingParticipant.meeting_id == meeting.id,
                    MeetingParticipant.caseworker_id == outgoing.id)):
                participant.caseworker_id, participant.name = incoming.id, incoming.name
    for agreement in session.exec(select(Agreement).where(
            Agreement.citizen_id == citizen.id, Agreement.status == "open")):
        who, name = split_who(agreement.who)
        if who != "caseworker" or name not in ("", outgoing.name):
            continue
        # Moved: the citizen's caseworker's (now the incoming); kept: the outgoing's, by name.
        agreement.who = "caseworker" if row.move_agreements else f"caseworker:{outgoing.name}"
    return True


def _handover(session: Session, ctx: Context, handover_id: int, *,
              look: str | None = None, lock: bool = True) -> tuple[Handover, Citizen]:
    """The handover and its citizen, access checked. With `lock` (every change) the
    handover's row is taken first, by an update that changes nothing: two people changing
    one handover at the same moment take turns (SQLite's write lock, PostgreSQL's row lock),
    so the second reads what the first saved and `check_version` says who changed it; they
    got a sentence that cannot say who (transaction.py, StaleDataError)."""
    if lock:
        session.exec(update(Handover).where(Handover.id == handover_id)
                     .values(version=Handover.version)
                     .execution_options(synchronize_session=False))
    row = session.get(Handover, handover_id)
    if row is None:
        raise UserError(_("The handover no longer exists."))
    citizen = access.require(session, ctx, row.citizen_id, look=look)
    return row, citizen


def _changes(session: Session, citizen: Citizen) -> CaseworkerChanges:
    periods = tuple(
        CaseworkerPeriod(name, started, ended, reason)
        for name, started, ended, reason in session.exec(
            select(Caseworker.name, CaseworkerAssignment.started_at,
                   CaseworkerAssignment.ended_at, CaseworkerAssignment.reason)
            .join(Caseworker, Caseworker.id == CaseworkerAssignment.caseworker_id)
            .where(CaseworkerAssignment.citizen_id == citizen.id)
            .order_by(CaseworkerAssignment.started_at, CaseworkerAssignment.id)))
    count = max(len(periods) - 1, 0)
    warning = ""
    if count + 1 >= WARN_FROM_CHANGE:
        warning = _("{name} has had {count} change(s) of caseworker already; another one "
                    "would be change number {next}. Every change costs the citizen: make sure "
                    "it is needed.").format(name=_name(citizen), count=count, next=count + 1)
    return CaseworkerChanges(citizen.id, _name(citizen), periods, count, warning)


def _person(session: Session, caseworker_id: int | None) -> str:
    person = session.get(Caseworker, caseworker_id) if caseworker_id else None
    return person.name if person else ""


def _view(session: Session, row: Handover) -> HandoverView:
    citizen = session.get(Citizen, row.citizen_id)
    dossier = HandoverDossier.from_stored(row.dossier)
    acks = dict(session.exec(select(HandoverAck.section, HandoverAck.acknowledged_at)
                             .where(HandoverAck.handover_id == row.id)).all())
    notes = row.section_notes or {}
    titles = section_titles()
    changes = _changes(session, citizen)
    # The changes before this one: once the assignment moved, it is one of them.
    before = changes.count - (1 if row.moved_at is not None else 0)
    return HandoverView(
        id=row.id, version=row.version, citizen_id=citizen.id, citizen_name=_name(citizen),
        status=row.status, reason=row.reason, reason_label=reason_labels().get(row.reason, ""),
        effective_on=row.effective_on, from_caseworker_id=row.from_caseworker_id,
        from_name=_person(session, row.from_caseworker_id),
        to_caseworker_id=row.to_caseworker_id, to_name=_person(session, row.to_caseworker_id),
        started_at=row.created_at, started_by=_person(session, row.started_by_id),
        approved_by=_person(session, row.approved_by_id), approved_at=row.approved_at,
        declined_reason=row.declined_reason, note=row.personal_note,
        note_skipped=row.note_skipped, note_done_at=row.note_done_at, dossier=dossier,
        dossier_at=row.dossier_at,
        sections=tuple(SectionState(key, titles[key], dossier.is_empty(key), acks.get(key),
                                    str(notes.get(key, ""))) for key in SECTIONS),
        move_meetings=row.move_meetings, move_agreements=row.move_agreements,
        moved_at=row.moved_at, completed_at=row.completed_at, caseworker_changes=before,
        changes_warning=changes.warning if before + 1 >= WARN_FROM_CHANGE else "",
        letter_id=row.letter_id, joint_meeting_id=row.joint_meeting_id,
        letter_status=(session.exec(select(Letter.status).where(Letter.id == row.letter_id))
                       .one_or_none() or "") if row.letter_id is not None else "",
    )


def _shown(now: datetime):  # type: ignore[no-untyped-def]
    """The handovers a list shows: open ones, and complete ones until the citizen has moved
    and for SHOWN_COMPLETE after they were completed."""
    return Handover.status.in_(OPEN) | (
        (Handover.status == "complete")
        & (Handover.moved_at.is_(None) | (Handover.completed_at >= now - SHOWN_COMPLETE)))


def _line(session: Session, row: Handover, now: datetime) -> HandoverLine:
    citizen = session.get(Citizen, row.citizen_id)
    dossier = HandoverDossier.from_stored(row.dossier)
    done = set(session.exec(select(HandoverAck.section).where(HandoverAck.handover_id == row.id)))
    missing = sum(1 for key in SECTIONS if key not in done and not dossier.is_empty(key))
    if row.status == "awaiting_approval":
        waits_for, since = "approval", row.created_at
    elif row.note_done_at is None:
        waits_for, since = "note", row.created_at
    elif row.status == "open":
        waits_for, since = "acknowledgements", row.note_done_at
    else:
        waits_for, since = "", row.completed_at or row.created_at
    return HandoverLine(
        id=row.id, citizen_id=citizen.id, citizen_name=_name(citizen),
        from_name=_person(session, row.from_caseworker_id),
        to_name=_person(session, row.to_caseworker_id), status=row.status,
        reason_label=reason_labels().get(row.reason, ""), started_at=row.created_at,
        effective_on=row.effective_on, waits_for=waits_for, missing_sections=missing,
        waited=max(now - since, timedelta(0)), moved=row.moved_at is not None)


def _request_view(session: Session, request: HandoverRequest,
                  citizen: Citizen | None = None) -> RequestView:
    citizen = citizen or session.get(Citizen, request.citizen_id)
    return RequestView(
        id=request.id, version=request.version, citizen_id=citizen.id,
        citizen_name=_name(citizen), requested_by=_person(session, request.requested_by_id),
        requested_at=request.requested_at, reason=request.reason,
        reason_label=reason_labels().get(request.reason, ""), why=request.why,
        status=request.status, declined_reason=request.declined_reason,
        handover_id=request.handover_id)
