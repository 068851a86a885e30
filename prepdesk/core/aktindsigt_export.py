"""The aktindsigt export: everything about one citizen for their access to their own file
(core/aktindsigt.py's module text says what is in it and what is left out). Its typed
model (`AktindsigtExport` and its parts, pydantic) lives here, apart from the requests,
so that my day, which lists the open requests, does not import it (issue 17, item 1):
`aktindsigt.export` and `aktindsigt.AktindsigtExport` still name it.

Every query here is by the one citizen's id: nothing about another citizen can reach the
export (tests/core/test_aktindsigt_isolation.py proves it on a database of many).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import or_
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.aktindsigt import internal_label
from prepdesk.core.channels import EMAIL
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.labels import agreement_owner, label
from prepdesk.core.note_content import NoteContent
from prepdesk.core.transaction import writing
from prepdesk.data.models import (
    AccessLog,
    AccessRequest,
    AgendaItem,
    Agreement,
    Caseworker,
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
from prepdesk.dates import short_date
from prepdesk.i18n import _


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
