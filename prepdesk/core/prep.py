"""The preparation checklist, computed from the data, never ticked by hand (R-PREP-2).

A meeting is prepared when every line that applies to it is done; `prepared_at` records
when that became true, and is cleared when it stops being true (a statement arrives, the
agenda changes after the invitation went out), so the state is always honest.

Looking at a preparation never writes a row another viewer could conflict on (R-TEAM-1):
`prepared_at` is recorded with a conditional UPDATE that leaves the meeting's version
alone and writes only when the state changes, and only for the meeting's own caseworker
(the checklist is theirs: a colleague who has not read the statements must not clear it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select, update

from prepdesk.core import access, queries
from prepdesk.core.agenda import Budget, ItemView, _budget, _item_views
from prepdesk.core.agenda import items as agenda_items
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.meetings import (
    MeetingView,
    ParticipantView,
    RepresentativeView,
    _meeting_view,
    _participants,
    _uninvited,
)
from prepdesk.core.ruling_changes import changed_since_attached
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import (
    AccessLog,
    Accommodation,
    AgendaItem,
    Citizen,
    Complaint,
    Correction,
    Letter,
    LetterVersion,
    Meeting,
    MeetingRuling,
    Note,
    Representative,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _, ngettext

# Kinds of meeting where earlier rulings must be looked at even without a complaint.
_RULINGS_EXPECTED = ("first", "round_table", "handover")


@dataclass(frozen=True)
class CheckItem:
    key: str  # statements | agreements | new_entries | corrections | rulings | invitation | representative | accommodations
    label: str
    done: bool
    detail: str
    applies: bool = True
    target_id: int | None = None  # what the line opens, where it is one thing (a note)


@dataclass(frozen=True)
class Checklist:
    meeting_id: int
    items: tuple[CheckItem, ...]

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items if item.applies)

    @property
    def missing(self) -> list[CheckItem]:
        return [item for item in self.items if item.applies and not item.done]


@dataclass(frozen=True)
class Preparation:
    """Everything the preparation screen shows about one meeting."""

    meeting: MeetingView  # with prepared_at as recorded
    citizen_name: str
    place: str
    participants: tuple[ParticipantView, ...]
    checklist: Checklist
    agenda: tuple[ItemView, ...]
    budget: Budget
    uninvited: tuple[RepresentativeView, ...]  # representatives and companions not yet invited


@dataclass(frozen=True)
class AccommodationView:
    id: int
    citizen_id: int
    description: str
    agreed_on: date | None
    agreed_by_id: int | None


def preparation(ctx: Context, meeting_id: int, *, again: bool = False) -> Preparation:
    """The meeting with its checklist, recorded as prepared or not (see the module's text).
    Opening it is a look at the citizen's data, written to the access log (R-SEC-1);
    `again` (the open screen computing the list again, after r or back from a thing to
    do) is not a new look. Access is checked either way."""
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id,
                                         look=None if again else "preparation")
        citizen = session.get(Citizen, meeting.citizen_id)
        result = _checklist(session, ctx.user, meeting, ctx.clock())
        if meeting.caseworker_id == ctx.user.id:
            _record_prepared(session, meeting, result.complete, ctx.clock())
        shown = _meeting_view(session, meeting)
        return Preparation(
            meeting=shown, citizen_name=f"{citizen.first_name} {citizen.last_name}",
            place=shown.where,
            participants=_participants(session, meeting.id), checklist=result,
            agenda=_item_views(session, meeting.id), budget=_budget(session, meeting),
            uninvited=tuple(_uninvited(session, meeting)),
        )


def checklist(ctx: Context, meeting_id: int) -> Checklist:
    """The checklist of the meeting for the current user, computed; nothing is written."""
    with reading(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        return _checklist(session, ctx.user, meeting, ctx.clock())


def note_accommodation(ctx: Context, citizen_id: int, description: str) -> AccommodationView:
    """Note a need agreed with the citizen, or that they need none (R-FILE-3)."""
    if not description.strip():
        raise UserError(_("Write the accommodation, or that the citizen needs none."))
    with writing(ctx) as session:
        access.require(session, ctx, citizen_id)
        accommodation = Accommodation(citizen_id=citizen_id, description=description.strip(),
                                      agreed_on=ctx.clock().astimezone(LOCAL_TIMEZONE).date(),
                                      agreed_by_id=ctx.user.id)
        session.add(accommodation)
        session.flush()
        return AccommodationView(accommodation.id, citizen_id, accommodation.description,
                                 accommodation.agreed_on, accommodation.agreed_by_id)


def _checklist(session: Session, user: CurrentUser, meeting: Meeting, now: datetime) -> Checklist:
    previous = queries.held_before(session, meeting.citizen_id, meeting.starts_at)
    since = previous.starts_at if previous else None
    return Checklist(meeting.id, (
        _statements(session, user, meeting),
        _agreements(session, meeting, now),
        _new_entries(session, user, meeting, since, now),
        _corrections(session, meeting),
        _rulings(session, meeting),
        _invitation(session, meeting),
        _representative(session, meeting),
        _accommodations(session, meeting),
    ))


def _record_prepared(session: Session, meeting: Meeting, complete: bool, now: datetime) -> None:
    """Record since when the meeting is prepared, or that it is not, only if that changed:
    a conditional UPDATE that leaves the meeting's version alone, so a colleague's edit
    of the meeting is never refused because someone looked at it, and two people looking
    at once never conflict (the second finds nothing to change)."""
    query = update(Meeting).where(Meeting.id == meeting.id)
    if complete:
        query = query.where(Meeting.prepared_at.is_(None)).values(prepared_at=now)
    else:
        query = query.where(Meeting.prepared_at.is_not(None)).values(prepared_at=None)
    if complete == (meeting.prepared_at is None):  # it changes, as far as this session knows
        session.exec(query.execution_options(synchronize_session=False))
        session.refresh(meeting)


def _statements(session: Session, user: CurrentUser, meeting: Meeting) -> CheckItem:
    unread = queries.unread_statement_counts(session, user.id, [meeting.citizen_id],
                                             before=meeting.starts_at).get(meeting.citizen_id, 0)
    detail = (ngettext("{n} new statement not read", "{n} new statements not read", unread).format(n=unread)
              if unread else _("All new statements are read"))
    return CheckItem("statements", _("Read the new statements"), unread == 0, detail)


def _agreements(session: Session, meeting: Meeting, now: datetime) -> CheckItem:
    today = now.astimezone(LOCAL_TIMEZONE).date()
    open_ids = {a.id for a in queries.open_agreements(session, meeting.citizen_id, today)}
    on_agenda = set(session.exec(
        select(AgendaItem.source_id).where(AgendaItem.meeting_id == meeting.id, AgendaItem.source == "agreement")
    ))
    missing = len(open_ids - on_agenda)
    detail = (ngettext("{n} open agreement is not on the agenda", "{n} open agreements are not on the agenda",
                       missing).format(n=missing)
              if missing else _("Every open agreement is on the agenda"))
    return CheckItem("agreements", _("Follow up on open agreements"), missing == 0, detail, bool(open_ids))


def _new_entries(session: Session, user: CurrentUser, meeting: Meeting, since: datetime | None,
                 now: datetime) -> CheckItem:
    """Done when I have opened the file after the newest entry since the last meeting."""
    entries = [e for e in queries.timeline_entries(session, meeting.citizen_id, now) if since is None or since < e.at <= now]
    if not entries:
        return CheckItem("new_entries", _("Look through what is new since the last meeting"), True,
                         _("Nothing new since the last meeting"), applies=False)
    newest = max(e.at for e in entries)
    opened = session.exec(
        select(func.max(AccessLog.at)).where(AccessLog.citizen_id == meeting.citizen_id,
                                             AccessLog.caseworker_id == user.id,
                                             AccessLog.action == "open_file")
    ).one()
    done = opened is not None and opened >= newest
    detail = ngettext("{n} entry is new since the last meeting", "{n} entries are new since the last meeting",
                      len(entries)).format(n=len(entries))
    return CheckItem("new_entries", _("Look through what is new since the last meeting"), done, detail)


def _corrections(session: Session, meeting: Meeting) -> CheckItem:
    notes = list(session.exec(
        select(Correction.note_id).join(Note, Note.id == Correction.note_id)
        .where(Note.citizen_id == meeting.citizen_id, Correction.status == "pending")
        .order_by(Correction.id)
    ))
    pending = len(notes)
    detail = (ngettext("{n} correction from the citizen awaits your answer",
                       "{n} corrections from the citizen await your answer", pending).format(n=pending)
              if pending else _("No corrections wait"))
    return CheckItem("corrections", _("Answer the citizen's corrections"), pending == 0, detail,
                     target_id=notes[0] if notes else None)


def _rulings(session: Session, meeting: Meeting) -> CheckItem:
    attached = session.exec(
        select(func.count()).select_from(MeetingRuling).where(MeetingRuling.meeting_id == meeting.id)
    ).one()
    has_complaint = session.exec(
        select(func.count()).select_from(Complaint).where(Complaint.citizen_id == meeting.citizen_id)
    ).one() > 0
    applies = meeting.kind in _RULINGS_EXPECTED or has_complaint
    detail = (ngettext("{n} ruling attached", "{n} rulings attached", attached).format(n=attached)
              if attached else _("No ruling attached yet"))
    # Issue 15, item 5: an attached ruling that an import changed or replaced since.
    changed = changed_since_attached(session, meeting.id) if attached else []
    if changed:
        detail = " ".join([f"{detail}.", *(ruling.sentence() for ruling in changed)])
    return CheckItem("rulings", _("Look at rulings in similar cases"), attached > 0, detail, applies)


def _invitation(session: Session, meeting: Meeting) -> CheckItem:
    """Done when an invitation went out (or waits in the outbox) with every agenda item in it."""
    label = _("Send the agenda with the invitation")
    items = agenda_items(session, meeting.id)
    if not items:
        return CheckItem("invitation", label, False, _("The agenda is empty"))
    body = session.exec(
        select(LetterVersion.body)
        .join(Letter, (Letter.id == LetterVersion.letter_id) & (LetterVersion.number == Letter.current_version))
        .where(Letter.meeting_id == meeting.id, Letter.kind == "invitation",
               Letter.status.in_(("queued", "sent")))
        .order_by(Letter.created_at.desc())
    ).first()
    if body is None:
        moved = session.exec(select(func.count()).select_from(Letter).where(
            Letter.meeting_id == meeting.id, Letter.kind == "invitation",
            Letter.status == "outdated")).one()
        return CheckItem("invitation", label, False,
                         _("The meeting was moved after the invitation: send a new one")
                         if moved else _("No invitation has been sent"))
    missing = [item.title for item in items if item.title not in body]
    if missing:
        return CheckItem("invitation", label, False,
                         _("The agenda changed after the invitation was sent: send it again"))
    return CheckItem("invitation", label, True, _("The invitation with the agenda has been sent"))


def _representative(session: Session, meeting: Meeting) -> CheckItem:
    """Every active representative or companion of the citizen is invited to the meeting."""
    label = _("Invite the representative or companion")
    has_any = session.exec(
        select(func.count()).select_from(Representative)
        .where(Representative.citizen_id == meeting.citizen_id, Representative.active)
    ).one() > 0
    if not has_any:
        return CheckItem("representative", label, True, _("The citizen has no representative"), applies=False)
    missing = [r.name for r in _uninvited(session, meeting)]
    if missing:
        return CheckItem("representative", label, False,
                         _("Not invited yet: {names}").format(names=", ".join(missing)))
    return CheckItem("representative", label, True, _("Invited"))


def _accommodations(session: Session, meeting: Meeting) -> CheckItem:
    noted = session.exec(
        select(func.count()).select_from(Accommodation)
        .where(Accommodation.citizen_id == meeting.citizen_id, Accommodation.active)
    ).one()
    detail = (ngettext("{n} accommodation noted", "{n} accommodations noted", noted).format(n=noted)
              if noted else _("None noted: ask the citizen, and note them (or that none are needed)"))
    return CheckItem("accommodations", _("Note the citizen's accommodations"), noted > 0, detail)
