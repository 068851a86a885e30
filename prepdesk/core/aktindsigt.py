"""Aktindsigt: a citizen's access to their own file (R-SEC-4, R-SEC-7; forvaltningsloven
§ 9, GDPR art. 15; issue 12 item 4).

- `register_request`: the request is registered with the day it was received; it is due
  7 working days later (weekends and Danish public holidays do not count: core/calendar.py).
- `open_requests`: the requests not yet answered, for my day: a caseworker's own citizens,
  a team lead's whole team.
- `export`: everything about the one citizen, as a typed model (`AktindsigtExport`): the
  file's entries, statements, meetings with their agendas, agreements, every version of the
  notes with the citizen's corrections, letters as sent, decisions, and an extract of the
  access log with dates and purposes but no staff names (EU Court C-579/21). Internal
  working documents are left out and listed by title (`INTERNAL`). Exporting is logged
  (action "export"). prepdesk/export/aktindsigt.py renders it as a PDF and a JSON file.
- `answer`: the export was handed over (by Digital Post, e-mail, post or in person).

Every query here is by the one citizen's id: nothing about another citizen can reach the
export (tests/core/test_aktindsigt_isolation.py proves it on a database of many).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import or_
from sqlmodel import Session, select, update

from prepdesk.core import access
from prepdesk.core.calendar import add_working_days
from prepdesk.core.channels import EMAIL
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.labels import agreement_owner, handed_over, label
from prepdesk.core.note_content import NoteContent
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import (
    AccessLog,
    AccessRequest,
    AgendaItem,
    Agreement,
    Caseworker,
    CaseworkerAssignment,
    Citizen,
    Correction,
    Decision,
    Handover,
    HandoverRequest,
    JournalEntry,
    Letter,
    LetterVersion,
    Meeting,
    Note,
    NoteDraft,
    NoteVersion,
    OutboxMessage,
    ReviewFeedback,
    Statement,
    Team,
)
from prepdesk.dates import medium_datetime, short_date
from prepdesk.errors import UserError
from prepdesk.i18n import _

DEADLINE_WORKING_DAYS = 7  # forvaltningsloven § 16: an answer within 7 working days
HANDED_OVER = ("digital_post", "email", "post", "handed")  # words: labels.handed_over

# What counts as an internal working document (forvaltningsloven § 23), left out of the
# export with its title listed: the team lead's feedback on a meeting's preparation, the
# caseworker's unfinished drafts of notes (the finished notes are in), and the personal
# note one caseworker leaves the next at a handover. Everything else about the citizen is
# in, the caseworker's assessment included.
INTERNAL = ("review_feedback", "note_draft", "handover_note")


def internal_label(kind: str) -> str:
    return {
        "review_feedback": _("Team lead's feedback on a meeting's preparation"),
        "note_draft": _("Unfinished draft of meeting notes"),
        "handover_note": _("Personal note between caseworkers at a change of caseworker"),
    }.get(kind, kind)


# --- requests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenRequest:
    id: int
    citizen_id: int
    citizen_name: str
    received_on: date
    due_on: date
    what_asked: str
    overdue: bool  # past the day it was due


@dataclass(frozen=True)
class AnsweredRequest:
    id: int
    citizen_id: int
    answered_at: datetime
    how: str
    sentence: str  # what happened, for the screen


def due_on(received_on: date) -> date:
    """The day the answer is due: 7 working days after the request was received."""
    return add_working_days(received_on, DEADLINE_WORKING_DAYS)


def register_request(ctx: Context, citizen_id: int, received_on: date | None = None,
                     what_asked: str = "") -> OpenRequest:
    """Register the citizen's request for access to their file, received `received_on`
    (today when not given). Returns it with its deadline."""
    today = ctx.clock().astimezone(LOCAL_TIMEZONE).date()
    received_on = received_on or today
    if received_on > today:
        raise UserError(_("The request cannot be received in the future. Write the day it "
                          "came in."))
    with writing(ctx) as session:
        citizen = access.require(session, ctx, citizen_id)
        request = AccessRequest(
            citizen_id=citizen_id,
            received_at=datetime.combine(received_on, datetime.min.time(), tzinfo=LOCAL_TIMEZONE),
            due_on=due_on(received_on), registered_by_id=ctx.user.id,
            what_asked=what_asked.strip())
        session.add(request)
        session.flush()
        return _open(request, citizen, today)


def open_requests(ctx: Context) -> tuple[OpenRequest, ...]:
    """The requests not yet answered, soonest due first: for a caseworker those of the
    citizens assigned to them, for a team lead those of the team's citizens (R-SEC-3);
    an administrator handles none."""
    user = ctx.user
    if user.role == "admin":
        return ()
    today = ctx.clock().astimezone(LOCAL_TIMEZONE).date()
    query = (select(AccessRequest, Citizen)
             .join(Citizen, Citizen.id == AccessRequest.citizen_id)
             .where(AccessRequest.answered_at.is_(None)))
    if user.role == "team_lead":
        query = query.where(Citizen.team_id == user.team_id)
    else:
        assigned = (select(CaseworkerAssignment.id)
                    .where(CaseworkerAssignment.citizen_id == Citizen.id,
                           CaseworkerAssignment.ended_at.is_(None),
                           CaseworkerAssignment.caseworker_id == user.id).exists())
        query = query.where(assigned)
    with reading(ctx) as session:
        rows = session.exec(query.order_by(AccessRequest.due_on, AccessRequest.id)).all()
        return tuple(_open(request, citizen, today) for request, citizen in rows
                     if access.may_see(session, user, citizen.id))


def answer(ctx: Context, request_id: int, how: str = "digital_post") -> AnsweredRequest:
    """The export was handed over to the citizen `how` (digital_post, email, post, handed):
    the request is answered and leaves my day."""
    if how not in HANDED_OVER:
        raise UserError(_("Choose how the citizen received the export."))
    with writing(ctx) as session:
        request = session.get(AccessRequest, request_id)
        if request is None:
            raise UserError(_("The request no longer exists. Reload (Ctrl+R)."))
        access.require(session, ctx, request.citizen_id)
        now = ctx.clock()
        # Compare-and-set: of two people answering at the same moment, one answers.
        done = session.exec(
            update(AccessRequest)
            .where(AccessRequest.id == request_id, AccessRequest.answered_at.is_(None))
            .values(answered_at=now, handled_by_id=ctx.user.id, answered_how=how))
        if done.rowcount != 1:
            session.refresh(request)
            who = session.get(Caseworker, request.handled_by_id) if request.handled_by_id else None
            raise UserError(_("{name} already answered this request ({when}). Reload "
                              "(Ctrl+R).").format(name=who.name if who else _("A colleague"),
                                                  when=medium_datetime(request.answered_at)))
        return AnsweredRequest(
            request.id, request.citizen_id, now, how,
            _("The request for access is answered: the export was given {how}.").format(
                how=handed_over(how)))


def _open(request: AccessRequest, citizen: Citizen, today: date) -> OpenRequest:
    return OpenRequest(
        request.id, citizen.id, f"{citizen.first_name} {citizen.last_name}",
        request.received_at.astimezone(LOCAL_TIMEZONE).date(), request.due_on,
        request.what_asked, request.due_on < today)


# --- the export ----------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class ExportCitizen(_Frozen):
    id: int
    name: str
    cpr: str
    address: str
    postcode: str
    city: str
    email: str
    phone: str
    assessment: str  # the caseworker's assessment of the case


class ExportContact(_Frozen):
    """The caseworker who made the export: the citizen's direct contact (R-LTR-2)."""

    name: str
    title: str
    team: str
    email: str
    phone: str


class ExportRequest(_Frozen):
    received_on: date
    due_on: date
    what_asked: str


class ExportEntry(_Frozen):
    occurred_at: datetime
    kind: str  # in words
    title: str
    body: str


class ExportStatement(_Frozen):
    title: str
    kind: str
    author: str
    written_on: date
    received_at: datetime
    body: str
    work_capacity: str
    restrictions: str


class ExportMeeting(_Frozen):
    starts_at: datetime
    kind: str
    place: str
    purpose: str
    status: str
    agenda: tuple[str, ...]


class ExportAgreement(_Frozen):
    what: str
    who: str
    due_on: date | None
    status: str


class ExportCorrection(_Frozen):
    received_at: datetime
    part: str
    original: str
    proposed: str
    comment: str
    status: str
    reason: str  # why it was not accepted


class ExportNoteVersion(_Frozen):
    number: int
    created_at: datetime
    change_summary: str
    text: str


class ExportNotes(_Frozen):
    meeting_starts_at: datetime
    versions: tuple[ExportNoteVersion, ...]  # oldest first
    corrections: tuple[ExportCorrection, ...]


class ExportLetter(_Frozen):
    sent_at: datetime | None
    to: str  # the e-mail address; empty for Digital Post and paper
    channel: str = EMAIL  # email | digital_post | remote_print
    subject: str
    body: str


class ExportDecision(_Frozen):
    decided_at: datetime
    subject: str
    outcome: str
    law: str
    reasoning: str


class ExportHandover(_Frozen):
    """A change of caseworker: when, why and how far it got, never who (as the access
    log: C-579/21); the personal note between the caseworkers is left out (INTERNAL)."""

    started_on: date
    effective_on: date | None  # the day the new caseworker takes over
    reason: str  # in words
    status: str  # in words
    moved_on: date | None  # the day the case moved to the new caseworker


class ExportHandoverRequest(_Frozen):
    """A caseworker's request for a change of caseworker: when, why and the answer."""

    requested_on: date
    reason: str  # in words
    status: str  # in words
    decided_on: date | None


class ExportLook(_Frozen):
    """One line of the access log: when and why, never who (C-579/21)."""

    at: datetime
    purpose: str


class ExportLeftOut(_Frozen):
    title: str
    kind: str  # in words: why it is internal


class AktindsigtExport(_Frozen):
    format: str = "prepdesk-aktindsigt-1"  # the JSON file's shape: raised when it changes
    made_at: datetime
    citizen: ExportCitizen
    contact: ExportContact
    request: ExportRequest | None  # the open request it answers, if one is registered
    entries: tuple[ExportEntry, ...]
    statements: tuple[ExportStatement, ...]
    meetings: tuple[ExportMeeting, ...]
    agreements: tuple[ExportAgreement, ...]
    notes: tuple[ExportNotes, ...]
    letters: tuple[ExportLetter, ...]
    decisions: tuple[ExportDecision, ...]
    handovers: tuple[ExportHandover, ...] = ()  # changes of caseworker, oldest first
    handover_requests: tuple[ExportHandoverRequest, ...] = ()  # oldest first
    access_log: tuple[ExportLook, ...]
    left_out: tuple[ExportLeftOut, ...]  # internal working documents, by title


def purpose(action: str) -> str:
    """Why the file was looked at, in words for the citizen (no staff names)."""
    return {
        "open_file": _("Your file was opened"),
        "reveal_cpr": _("Your full CPR number was shown"),
        "access_log": _("The list of who looked at your file was read"),
        "notes": _("Notes of a meeting with you were read"),
        "corrections": _("Your corrections to meeting notes were read"),
        "letter": _("A letter to you was written or read"),
        "statements": _("Statements about you were read"),
        "open_statement": _("Statements about you were read"),
        "similar_rulings": _("Rulings like your case were looked up"),
        "rulings": _("Rulings were looked up for a meeting with you"),
        "ruling": _("A ruling was read for a meeting with you"),
        "attach_ruling": _("A ruling was added to a meeting with you"),
        "preparation": _("A meeting with you was prepared"),
        "agenda": _("The agenda of a meeting with you was read"),
        "export": _("Your file was copied for your access to your own file (aktindsigt)"),
        "letter_preview": _("A letter to you was written or read"),
        "answer": _("Your answer to meeting notes was recorded"),
        "quick_note": _("A note about a contact with you was written"),
        "search_cpr": _("You were looked up by your CPR number"),
        "admin_reason": _("An administrator opened your file and gave the reason"),
    }.get(action, _("Your file was read in the work on your case"))


def _status(code: str) -> str:
    """An agreement's or a correction's state, in words."""
    return {
        "open": _("open"), "done": _("done"), "cancelled": _("cancelled"),
        "pending": _("not answered yet"), "accepted": _("accepted"), "rejected": _("not accepted"),
    }.get(code, code)


def export(ctx: Context, citizen_id: int) -> AktindsigtExport:
    """Everything about the citizen for their access to their own file (see the module's
    text). The export is logged."""
    with writing(ctx) as session:
        citizen = access.require(session, ctx, citizen_id, look="export")
        session.flush()
        return _export(session, ctx, citizen)


def _export(session: Session, ctx: Context, citizen: Citizen) -> AktindsigtExport:
    cid = citizen.id
    team = session.get(Team, ctx.user.team_id) if ctx.user.team_id else None
    me = session.get(Caseworker, ctx.user.id)
    request = session.exec(
        select(AccessRequest).where(AccessRequest.citizen_id == cid,
                                    AccessRequest.answered_at.is_(None))
        .order_by(AccessRequest.received_at)).first()
    meetings = session.exec(select(Meeting).where(Meeting.citizen_id == cid)
                            .order_by(Meeting.starts_at, Meeting.id)).all()
    meeting_ids = [m.id for m in meetings]
    starts = {m.id: m.starts_at for m in meetings}
    agenda: dict[int, list[str]] = {}
    if meeting_ids:
        for item in session.exec(select(AgendaItem).where(AgendaItem.meeting_id.in_(meeting_ids))
                                 .order_by(AgendaItem.meeting_id, AgendaItem.position)):
            agenda.setdefault(item.meeting_id, []).append(item.title)
    return AktindsigtExport(
        made_at=ctx.clock(),
        citizen=ExportCitizen(
            id=cid, name=f"{citizen.first_name} {citizen.last_name}", cpr=citizen.cpr,
            address=citizen.address, postcode=citizen.postcode, city=citizen.city,
            email=citizen.email or "", phone=citizen.phone or "", assessment=citizen.assessment),
        contact=ExportContact(name=ctx.user.name, title=me.title if me else "",
                              team=team.name if team else "", email=ctx.user.email,
                              phone=ctx.user.phone),
        request=ExportRequest(received_on=request.received_at.astimezone(LOCAL_TIMEZONE).date(),
                              due_on=request.due_on, what_asked=request.what_asked)
        if request else None,
        entries=tuple(
            ExportEntry(occurred_at=e.occurred_at, kind=label("journal", e.kind),
                        title=e.title, body=e.body)
            for e in session.exec(select(JournalEntry).where(JournalEntry.citizen_id == cid)
                                  .order_by(JournalEntry.occurred_at, JournalEntry.id))),
        statements=tuple(
            ExportStatement(title=s.title, kind=label("statement_kind", s.kind),
                            author=f"{s.author_name}, {s.author_profession}".strip(", "),
                            written_on=s.written_on, received_at=s.received_at, body=s.body,
                            work_capacity=s.work_capacity, restrictions=s.restrictions)
            for s in session.exec(select(Statement).where(Statement.citizen_id == cid)
                                  .order_by(Statement.written_on, Statement.id))),
        meetings=tuple(
            ExportMeeting(starts_at=m.starts_at, kind=label("meeting_kind", m.kind),
                          place=m.place, purpose=m.purpose, status=label("meeting_status", m.status),
                          agenda=tuple(agenda.get(m.id, ())))
            for m in meetings),
        agreements=tuple(
            ExportAgreement(what=a.what, who=agreement_owner(a.who), due_on=a.due_on,
                            status=_status(a.status))
            for a in session.exec(select(Agreement).where(Agreement.citizen_id == cid)
                                  .order_by(Agreement.id))),
        notes=_notes(session, cid, starts),
        letters=_letters(session, cid),
        decisions=tuple(
            ExportDecision(decided_at=d.decided_at, subject=d.subject,
                           outcome=label("decision_outcome", d.outcome),
                           law=f"{d.law} {d.section}".strip(), reasoning=d.reasoning)
            for d in session.exec(select(Decision).where(Decision.citizen_id == cid)
                                  .order_by(Decision.decided_at, Decision.id))),
        handovers=_handovers(session, cid),
        handover_requests=_handover_requests(session, cid),
        access_log=tuple(
            ExportLook(at=at, purpose=purpose(action))
            for at, action in session.exec(
                select(AccessLog.at, AccessLog.action).where(AccessLog.citizen_id == cid)
                .order_by(AccessLog.at, AccessLog.id))),
        left_out=_left_out(session, cid, meeting_ids, starts),
    )


def _day_of(moment: datetime | None) -> date | None:
    return moment.astimezone(LOCAL_TIMEZONE).date() if moment is not None else None


def _handovers(session: Session, citizen_id: int) -> tuple[ExportHandover, ...]:
    return tuple(
        ExportHandover(started_on=_day_of(h.created_at), effective_on=h.effective_on,
                       reason=label("handover_reason", h.reason),
                       status=label("handover_status", h.status), moved_on=_day_of(h.moved_at))
        for h in session.exec(select(Handover).where(Handover.citizen_id == citizen_id)
                              .order_by(Handover.created_at, Handover.id)))


def _handover_requests(session: Session,
                       citizen_id: int) -> tuple[ExportHandoverRequest, ...]:
    statuses = {"open": _("not decided yet"), "started": _("a change of caseworker was started"),
                "declined": _("declined")}
    return tuple(
        ExportHandoverRequest(requested_on=_day_of(r.requested_at),
                              reason=label("handover_reason", r.reason),
                              status=statuses.get(r.status, r.status),
                              decided_on=_day_of(r.decided_at))
        for r in session.exec(select(HandoverRequest)
                              .where(HandoverRequest.citizen_id == citizen_id)
                              .order_by(HandoverRequest.requested_at, HandoverRequest.id)))


def _letters(session: Session, citizen_id: int) -> tuple[ExportLetter, ...]:
    """Every letter and e-mail as it was sent: the outbox's copy where there is one (with
    the address and the moment it went), else the letter's text marked sent."""
    sent = session.exec(
        select(OutboxMessage).outerjoin(Letter, Letter.id == OutboxMessage.letter_id)
        .where(OutboxMessage.status == "sent",
               or_(OutboxMessage.citizen_id == citizen_id, Letter.citizen_id == citizen_id))
    ).all()
    letters = [ExportLetter(sent_at=o.sent_at, to=o.to_address, channel=o.channel,
                            subject=o.subject, body=o.body)
               for o in sent]
    in_outbox = {o.letter_id for o in sent if o.letter_id is not None}
    for version in session.exec(
            select(LetterVersion).join(Letter, (Letter.id == LetterVersion.letter_id)
                                       & (LetterVersion.number == Letter.current_version))
            .where(Letter.citizen_id == citizen_id, Letter.status == "sent")):
        if version.letter_id not in in_outbox:
            letters.append(ExportLetter(sent_at=version.created_at, to="", subject=version.subject,
                                        body=version.body))
    return tuple(sorted(letters, key=lambda letter: (letter.sent_at is None, letter.sent_at)))


def _notes(session: Session, citizen_id: int,
           starts: dict[int, datetime]) -> tuple[ExportNotes, ...]:
    notes = []
    for note in session.exec(select(Note).where(Note.citizen_id == citizen_id)
                             .order_by(Note.id)):
        versions = session.exec(select(NoteVersion).where(NoteVersion.note_id == note.id)
                                .order_by(NoteVersion.number)).all()
        if not versions:
            continue
        current = NoteContent.from_stored(
            next((v.content for v in versions if v.number == note.current_version),
                 versions[-1].content))
        corrections = session.exec(select(Correction).where(Correction.note_id == note.id)
                                   .order_by(Correction.received_at, Correction.id))
        notes.append(ExportNotes(
            meeting_starts_at=starts.get(note.meeting_id, versions[0].created_at),
            versions=tuple(ExportNoteVersion(
                number=v.number, created_at=v.created_at, change_summary=v.change_summary,
                text=NoteContent.from_stored(v.content).citizen_text()) for v in versions),
            corrections=tuple(ExportCorrection(
                received_at=c.received_at, part=current.title_of(c.section),
                original=current.readable(c.section, c.original_text),
                proposed=current.readable(c.section, c.proposed_text), comment=c.comment,
                status=_status(c.status), reason=c.rejection_reason)
                for c in corrections)))
    return tuple(sorted(notes, key=lambda n: n.meeting_starts_at))


def _left_out(session: Session, citizen_id: int, meeting_ids: list[int],
              starts: dict[int, datetime]) -> tuple[ExportLeftOut, ...]:
    left: list[tuple[datetime, ExportLeftOut]] = []
    if meeting_ids:
        for feedback in session.exec(select(ReviewFeedback)
                                     .where(ReviewFeedback.meeting_id.in_(meeting_ids))):
            left.append((feedback.created_at, ExportLeftOut(
                title=_("Feedback on the preparation of the meeting {date}").format(
                    date=short_date(starts[feedback.meeting_id])),
                kind=internal_label("review_feedback"))))
        for draft in session.exec(select(NoteDraft).where(NoteDraft.meeting_id.in_(meeting_ids))):
            left.append((draft.saved_at, ExportLeftOut(
                title=_("Draft of the notes of the meeting {date}").format(
                    date=short_date(starts[draft.meeting_id])),
                kind=internal_label("note_draft"))))
    for handover in session.exec(select(Handover).where(Handover.citizen_id == citizen_id)):
        if handover.personal_note.strip() or handover.dossier:
            left.append((handover.created_at, ExportLeftOut(
                title=_("Handover note to your new caseworker {date}").format(
                    date=short_date(handover.created_at)),
                kind=internal_label("handover_note"))))
    return tuple(item for _at, item in sorted(left, key=lambda pair: pair[0]))
