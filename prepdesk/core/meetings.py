"""Meetings with citizens: kinds, times, rooms and participants (R-PREP-1, R-FILE-6)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select, update

from prepdesk.core.access import open_citizen_record
from prepdesk.core.context import CurrentUser
from prepdesk.data.models import (
    Citizen,
    Letter,
    Meeting,
    MeetingParticipant,
    OutboxMessage,
    Representative,
    Room,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _


@dataclass(frozen=True)
class MeetingKind:
    code: str
    minutes: int
    needs_job_goal: bool = False
    needs_employer_consultant: bool = False
    needs_room: bool = True


# A first meeting is 60 minutes with a job goal and the employer consultant (R-PREP-1).
MEETING_KINDS = {
    kind.code: kind
    for kind in (
        MeetingKind("first", 60, needs_job_goal=True, needs_employer_consultant=True),
        MeetingKind("follow_up", 45),
        MeetingKind("round_table", 90),
        MeetingKind("handover", 60),
        MeetingKind("phone", 20, needs_room=False),
    )
}


@dataclass(frozen=True)
class Participant:
    role: str  # representative | companion | employer_consultant | other
    name: str
    organisation: str = ""
    representative_id: int | None = None


def create_meeting(
    session: Session, user: CurrentUser, citizen_id: int, *, kind: str, starts_at: datetime,
    now: datetime, minutes: int | None = None, room_id: int | None = None, place: str = "",
    purpose: str = "", job_goal: str = "", participants: list[Participant] = (),
) -> Meeting:
    """Plan a meeting. The citizen, the caseworker and the citizen's representative or
    companion, if they have one, are participants from the start (R-FILE-6)."""
    citizen = open_citizen_record(session, user, citizen_id)
    meeting_kind = _kind(kind)
    meeting = Meeting(
        citizen_id=citizen_id, caseworker_id=user.id, kind=kind,
        starts_at=starts_at, minutes=minutes or meeting_kind.minutes, room_id=room_id,
        place=place.strip(), purpose=purpose.strip(), job_goal=job_goal.strip(),
    )
    _validate(session, meeting, meeting_kind, now, extra=participants)
    session.add(meeting)
    session.flush()
    session.add_all(_participants(session, meeting, citizen, user, participants))
    session.commit()
    return meeting


def reschedule(
    session: Session, meeting: Meeting, *, starts_at: datetime, now: datetime,
    minutes: int | None = None, room_id: int | None = None, place: str | None = None,
) -> Meeting:
    """Move a meeting. `meeting` is the copy the caseworker looked at: if someone else has
    changed it since, nothing is overwritten and they are told to look again. A new time
    or place needs a new invitation, so the old one no longer counts and, if it has not
    gone out yet, never goes."""
    before = (meeting.starts_at, meeting.room_id, meeting.place)
    meeting.starts_at = starts_at
    meeting.minutes = minutes or meeting.minutes
    meeting.room_id = room_id
    if place is not None:
        meeting.place = place.strip()
    _validate(session, meeting, _kind(meeting.kind), now)
    moved = (meeting.starts_at, meeting.room_id, meeting.place) != before
    if moved:
        meeting.prepared_at = None
    session.add(meeting)
    try:
        session.flush()  # the meeting first: a stale copy stops here, before anything else
        if moved:
            _outdate_invitations(session, meeting)
        session.commit()
    except StaleDataError:
        session.rollback()
        raise UserError(_("Someone else changed this meeting meanwhile. Open it again and "
                          "make your change once more.")) from None
    return meeting


def _outdate_invitations(session: Session, meeting: Meeting) -> None:
    invitations = select(Letter.id).where(
        Letter.meeting_id == meeting.id, Letter.kind == "invitation",
        Letter.status.in_(("queued", "sent")))
    # Only a message still waiting is withdrawn: the sender may hold one in "sending".
    session.exec(update(OutboxMessage)
                 .where(OutboxMessage.letter_id.in_(invitations),
                        OutboxMessage.status.in_(("queued", "failed")))
                 .values(status="withdrawn", version=OutboxMessage.version + 1))
    session.exec(update(Letter).where(Letter.id.in_(invitations)).values(status="outdated", version=Letter.version + 1))
    session.exec(update(MeetingParticipant)
                 .where(MeetingParticipant.meeting_id == meeting.id,
                        MeetingParticipant.invited_at.is_not(None))
                 .values(invited_at=None))


def open_meeting(session: Session, user: CurrentUser, meeting_id: int) -> Meeting:
    """The meeting, if it exists and the user may see the citizen's file."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise UserError(_("The meeting no longer exists. Go back and choose it again."))
    open_citizen_record(session, user, meeting.citizen_id)
    return meeting


def include_representatives(session: Session, meeting: Meeting) -> None:
    """Make the citizen's active representatives and companions participants of the
    meeting: one appointed after the meeting was planned must be invited too (R-FILE-6)."""
    present = set(session.exec(
        select(MeetingParticipant.representative_id).where(MeetingParticipant.meeting_id == meeting.id)
    ))
    for representative in session.exec(
        select(Representative).where(Representative.citizen_id == meeting.citizen_id,
                                     Representative.active).order_by(Representative.id)
    ):
        if representative.id not in present:
            session.add(MeetingParticipant(
                meeting_id=meeting.id, role=representative.kind, name=representative.name,
                organisation=representative.relation, representative_id=representative.id))
    session.flush()


def uninvited_representatives(session: Session, meeting: Meeting) -> list[Representative]:
    """The citizen's active representatives and companions not yet invited to `meeting`."""
    invited = set(session.exec(
        select(MeetingParticipant.representative_id).where(
            MeetingParticipant.meeting_id == meeting.id, MeetingParticipant.invited_at.is_not(None))
    ))
    return [r for r in session.exec(
        select(Representative).where(Representative.citizen_id == meeting.citizen_id,
                                     Representative.active).order_by(Representative.id)
    ) if r.id not in invited]


def mark_invited(session: Session, meeting: Meeting, representative_id: int, now: datetime) -> None:
    """Record that the caseworker invited a representative in another way (by phone or by
    post): one without an e-mail address gets no copy of the letter."""
    include_representatives(session, meeting)
    participant = session.exec(
        select(MeetingParticipant).where(MeetingParticipant.meeting_id == meeting.id,
                                         MeetingParticipant.representative_id == representative_id)
    ).first()
    if participant is None:
        raise UserError(_("That person is no longer the citizen's representative."))
    participant.invited_at = participant.invited_at or now
    session.add(participant)
    session.commit()


def place_of(session: Session, meeting: Meeting) -> str:
    """Where the meeting is, in words: the room and its location, or the place written."""
    room = session.get(Room, meeting.room_id) if meeting.room_id else None
    if room is None:
        return meeting.place
    return ", ".join(part for part in (room.name, room.location) if part)


def _kind(code: str) -> MeetingKind:
    try:
        return MEETING_KINDS[code]
    except KeyError:
        raise UserError(_("Unknown kind of meeting: {kind}.").format(kind=code)) from None


def _validate(session: Session, meeting: Meeting, kind: MeetingKind, now: datetime,
              extra: list[Participant] = ()) -> None:
    if meeting.starts_at <= now:
        raise UserError(_("The meeting must start later than now."))
    if not 5 <= meeting.minutes <= 480:
        raise UserError(_("A meeting lasts from 5 minutes to 8 hours."))
    if kind.needs_job_goal and not meeting.job_goal:
        raise UserError(_("A first meeting needs a job goal: write what the citizen wants to work towards."))
    if kind.needs_employer_consultant and not any(p.role == "employer_consultant" for p in extra) \
            and meeting.id is None:
        raise UserError(_("A first meeting needs an employer consultant among the participants."))
    if kind.needs_room:
        room = session.get(Room, meeting.room_id) if meeting.room_id else None
        if room is None and not meeting.place:
            raise UserError(_("Choose a room, or write where the meeting takes place."))
        if room is not None and not room.private:
            raise UserError(_("The room {room} is not private: others can hear the conversation. "
                              "Choose a room where the conversation cannot be overheard.").format(room=room.name))


def _participants(
    session: Session, meeting: Meeting, citizen: Citizen, user: CurrentUser, extra: list[Participant]
) -> list[MeetingParticipant]:
    rows = [
        MeetingParticipant(meeting_id=meeting.id, role="citizen", name=f"{citizen.first_name} {citizen.last_name}"),
        MeetingParticipant(meeting_id=meeting.id, role="caseworker", name=user.name, caseworker_id=user.id),
    ]
    named = {p.representative_id for p in extra if p.representative_id}
    for representative in session.exec(
        select(Representative).where(Representative.citizen_id == citizen.id, Representative.active)
    ):
        if representative.id not in named:
            rows.append(MeetingParticipant(meeting_id=meeting.id, role=representative.kind,
                                           name=representative.name, organisation=representative.relation,
                                           representative_id=representative.id))
    rows += [
        MeetingParticipant(meeting_id=meeting.id, role=p.role, name=p.name.strip(),
                           organisation=p.organisation.strip(), representative_id=p.representative_id)
        for p in extra
    ]
    return rows


def participants(session: Session, meeting_id: int) -> list[MeetingParticipant]:
    return list(session.exec(
        select(MeetingParticipant).where(MeetingParticipant.meeting_id == meeting_id)
        .order_by(MeetingParticipant.id)
    ))


def private_rooms(session: Session) -> list[Room]:
    return list(session.exec(select(Room).where(Room.private).order_by(Room.name)))
