"""The preparation checklist, computed from the data, never ticked by hand (R-PREP-2).

A meeting is prepared when every line that applies to it is done; `prepared_at` records
when that became true, and is cleared when it stops being true (a statement arrives, the
agenda changes after the invitation went out), so the state is always honest.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from prepdesk.context import CurrentUser
from prepdesk.core.agenda import items as agenda_items
from prepdesk.core.timeline import timeline
from prepdesk.data.models import (
    AccessLog,
    Accommodation,
    AgendaItem,
    Agreement,
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
    entries = [e for e in timeline(session, meeting.citizen_id, now) if since is None or since < e.at <= now]
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
    pending = session.exec(
        select(func.count()).select_from(Correction).join(Note, Note.id == Correction.note_id)
        .where(Note.citizen_id == meeting.citizen_id, Correction.status == "pending")
    ).one()
    detail = (ngettext("{n} correction from the citizen awaits your answer",
                       "{n} corrections from the citizen await your answer", pending).format(n=pending)
              if pending else _("No corrections wait"))
    return CheckItem("corrections", _("Answer the citizen's corrections"), pending == 0, detail)


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
        return CheckItem("invitation", label, False, _("No invitation has been sent"))
    missing = [item.title for item in items if item.title not in body]
    if missing:
        return CheckItem("invitation", label, False,
                         _("The agenda changed after the invitation was sent: send it again"))
    return CheckItem("invitation", label, True, _("The invitation with the agenda has been sent"))


def _representative(session: Session, meeting: Meeting) -> CheckItem:
    """Every active representative or companion of the citizen is invited to the meeting."""
    label = _("Invite the representative or companion")
    representatives = dict(session.exec(
        select(Representative.id, Representative.name)
        .where(Representative.citizen_id == meeting.citizen_id, Representative.active)
    ).all())
    if not representatives:
        return CheckItem("representative", label, True, _("The citizen has no representative"), applies=False)
    invited = set(session.exec(
        select(MeetingParticipant.representative_id).where(
            MeetingParticipant.meeting_id == meeting.id, MeetingParticipant.invited_at.is_not(None))
    ))
    missing = [name for rid, name in representatives.items() if rid not in invited]
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
