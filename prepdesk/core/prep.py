"""The preparation checklist, computed from the data, never ticked by hand (R-PREP-2).

A meeting is prepared when every line that applies to it is done; `prepared_at` records
when that became true, and is cleared when it stops being true (a statement arrives, the
agenda changes after the invitation went out), so the state is always honest.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from prepdesk.core.access import open_citizen_record
from prepdesk.core.agenda import Budget, budget
from prepdesk.core.agenda import items as agenda_items
from prepdesk.core.context import LOCAL_TIMEZONE, CurrentUser
from prepdesk.core.meetings import (
    open_meeting,
    participants,
    place_of,
    uninvited_representatives,
)
from prepdesk.core.queries import timeline_entries
from prepdesk.data.models import (
    AccessLog,
    Accommodation,
    AgendaItem,
    Agreement,
    Citizen,
    Complaint,
    Correction,
    Letter,
    LetterVersion,
    Meeting,
    MeetingParticipant,
    MeetingRuling,
    Note,
    Representative,
    Statement,
    StatementRead,
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
    items: list[CheckItem]

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items if item.applies)

    @property
    def missing(self) -> list[CheckItem]:
        return [item for item in self.items if item.applies and not item.done]


def checklist(session: Session, user: CurrentUser, meeting: Meeting, now: datetime) -> Checklist:
    since = _last_meeting_before(session, meeting)
    return Checklist(meeting.id, [
        _statements(session, user, meeting, since),
        _agreements(session, meeting),
        _new_entries(session, user, meeting, since, now),
        _corrections(session, meeting),
        _rulings(session, meeting),
        _invitation(session, meeting),
        _representative(session, meeting),
        _accommodations(session, meeting),
    ])


def refresh_prepared(session: Session, user: CurrentUser, meeting: Meeting, now: datetime) -> Checklist:
    """Compute the checklist and record whether, and since when, the meeting is prepared."""
    result = checklist(session, user, meeting, now)
    if result.complete and meeting.prepared_at is None:
        meeting.prepared_at = now
    elif not result.complete and meeting.prepared_at is not None:
        meeting.prepared_at = None
    else:
        return result
    session.add(meeting)
    session.commit()
    return result


@dataclass(frozen=True)
class Preparation:
    """Everything the preparation screen shows about one meeting."""

    meeting: Meeting
    citizen_name: str
    place: str
    participants: list[MeetingParticipant]
    checklist: Checklist
    agenda: list[AgendaItem]
    budget: Budget
    uninvited: list[Representative]  # representatives and companions not yet invited


def preparation(session: Session, user: CurrentUser, meeting_id: int, now: datetime) -> Preparation:
    """The meeting with its checklist, recorded as prepared or not (see the module doc)."""
    meeting = open_meeting(session, user, meeting_id)
    citizen = session.get(Citizen, meeting.citizen_id)
    return Preparation(
        meeting=meeting, citizen_name=f"{citizen.first_name} {citizen.last_name}",
        place=place_of(session, meeting), participants=participants(session, meeting.id),
        checklist=refresh_prepared(session, user, meeting, now),
        agenda=agenda_items(session, meeting.id), budget=budget(session, meeting),
        uninvited=uninvited_representatives(session, meeting),
    )


def note_accommodation(session: Session, user: CurrentUser, citizen_id: int, description: str,
                       now: datetime) -> Accommodation:
    """Note a need agreed with the citizen, or that they need none (R-FILE-3)."""
    if not description.strip():
        raise UserError(_("Write the accommodation, or that the citizen needs none."))
    open_citizen_record(session, user, citizen_id)
    accommodation = Accommodation(citizen_id=citizen_id, description=description.strip(),
                                  agreed_on=now.astimezone(LOCAL_TIMEZONE).date(),
                                  agreed_by_id=user.id)
    session.add(accommodation)
    session.commit()
    return accommodation


def _last_meeting_before(session: Session, meeting: Meeting) -> datetime | None:
    return session.exec(
        select(func.max(Meeting.starts_at)).where(
            Meeting.citizen_id == meeting.citizen_id, Meeting.status == "held",
            Meeting.starts_at < meeting.starts_at)
    ).one()


def _statements(session: Session, user: CurrentUser, meeting: Meeting, since: datetime | None) -> CheckItem:
    query = (
        select(func.count()).select_from(Statement)
        .outerjoin(StatementRead, (StatementRead.statement_id == Statement.id)
                   & (StatementRead.caseworker_id == user.id))
        .where(Statement.citizen_id == meeting.citizen_id, StatementRead.read_at.is_(None))
    )
    if since is not None:
        query = query.where(Statement.received_at > since)
    unread = session.exec(query).one()
    detail = (ngettext("{n} new statement not read", "{n} new statements not read", unread).format(n=unread)
              if unread else _("All new statements are read"))
    return CheckItem("statements", _("Read the new statements"), unread == 0, detail)


def _agreements(session: Session, meeting: Meeting) -> CheckItem:
    open_ids = set(session.exec(
        select(Agreement.id).where(Agreement.citizen_id == meeting.citizen_id, Agreement.status == "open")
    ))
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
    entries = [e for e in timeline_entries(session, meeting.citizen_id, now) if since is None or since < e.at <= now]
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
    missing = [r.name for r in uninvited_representatives(session, meeting)]
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
