"""Meetings with citizens: kinds, times, rooms and participants (R-PREP-1, R-FILE-6).

Every public operation takes the context first, checks access itself and returns frozen
views (`MeetingView`, `ParticipantView` ...), never a row. Moving a meeting takes the
version the caseworker saw: a colleague's change since is never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, exists
from sqlmodel import Session, select, update

from prepdesk.core import access
from prepdesk.core.calendar import (
    CLOSES,
    OPENS,
    holiday_name,
    is_working_day,
    next_opening,
    within_opening_hours,
)
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.transaction import check_version, reading, writing
from prepdesk.data.models import (
    Caseworker,
    CaseworkerAssignment,
    Citizen,
    Letter,
    Meeting,
    MeetingParticipant,
    OutboxMessage,
    Representative,
    Room,
)
from prepdesk.dates import clock_time, long_date, long_datetime
from prepdesk.errors import UserError
from prepdesk.i18n import _

# The kinds of letter that invite to their meeting: the invitation, and the handover's
# letter with its joint meeting (core/handover_letter.py). A move of the meeting makes them
# out of date; the preparation counts them as the invitation (core/prep.py).
INVITING_LETTERS = ("invitation", "handover")

# How far ahead the next free time is looked for, and how it is rounded.
_SEARCH_DAYS = 120
_ROUND_MINUTES = 5


class BookingRefused(UserError):
    """A time the meeting cannot have (a closed day, outside opening hours, the room or
    the caseworker already booked): the sentence says why and names `next_free`, the
    first time from the one asked for when the meeting can be held (None if none was
    found within four months)."""

    def __init__(self, message: str, next_free: datetime | None) -> None:
        super().__init__(message)
        self.next_free = next_free


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
    """A participant to add when planning a meeting."""

    role: str  # representative | companion | employer_consultant | other
    name: str
    organisation: str = ""
    representative_id: int | None = None


@dataclass(frozen=True)
class MeetingView:
    """A meeting as a screen shows it. `version` is what an edit of the meeting must
    name (`reschedule`); `agenda_version` what an edit of its agenda must name."""

    id: int
    citizen_id: int
    caseworker_id: int
    kind: str
    starts_at: datetime
    minutes: int
    room_id: int | None
    place: str  # as written, when the meeting is not in a room
    where: str  # the room and its location, or the place: for reading
    purpose: str
    job_goal: str
    status: str
    prepared_at: datetime | None
    version: int
    agenda_version: int


@dataclass(frozen=True)
class ParticipantView:
    id: int
    role: str
    name: str
    organisation: str
    representative_id: int | None
    invited_at: datetime | None


@dataclass(frozen=True)
class RepresentativeView:
    """One of the citizen's representatives or companions."""

    id: int
    kind: str
    name: str


@dataclass(frozen=True)
class RoomView:
    id: int
    name: str
    location: str

    @property
    def text(self) -> str:
        return ", ".join(part for part in (self.name, self.location) if part)


@dataclass(frozen=True)
class MeetingForm:
    """What the meeting form offers: the private rooms and, when a meeting is moved,
    the meeting as it is now."""

    citizen_id: int
    rooms: tuple[RoomView, ...]
    meeting: MeetingView | None


# --- operations -------------------------------------------------------------------------


def meeting_form(ctx: Context, citizen_id: int, meeting_id: int | None = None) -> MeetingForm:
    """The rooms to choose from, and the meeting to move (if `meeting_id`)."""
    with reading(ctx) as session:
        access.require(session, ctx, citizen_id)
        meeting = None
        if meeting_id is not None:
            row = access.require_meeting(session, ctx, meeting_id)
            if row.citizen_id != citizen_id:
                raise UserError(_("The meeting no longer exists. Go back and choose it again."))
            meeting = _meeting_view(session, row)
        rooms = tuple(RoomView(r.id, r.name, r.location) for r in session.exec(
            select(Room).where(Room.private).order_by(Room.name)))
        return MeetingForm(citizen_id, rooms, meeting)


def create_meeting(
    ctx: Context, citizen_id: int, *, kind: str, starts_at: datetime,
    minutes: int | None = None, room_id: int | None = None, place: str = "",
    purpose: str = "", job_goal: str = "", participants: Sequence[Participant] = (),
) -> MeetingView:
    """Plan a meeting. The citizen, the caseworker and the citizen's representative or
    companion, if they have one, are participants from the start (R-FILE-6)."""
    with writing(ctx) as session:
        citizen = access.require(session, ctx, citizen_id)
        meeting_kind = _kind(kind)
        meeting = Meeting(
            citizen_id=citizen_id, caseworker_id=ctx.user.id, kind=kind,
            starts_at=starts_at, minutes=minutes or meeting_kind.minutes, room_id=room_id,
            place=place.strip(), purpose=purpose.strip(), job_goal=job_goal.strip(),
        )
        _validate(session, meeting, meeting_kind, ctx.clock(), extra=participants)
        session.add(meeting)
        session.flush()
        session.add_all(_first_participants(session, meeting, citizen, ctx.user, participants))
        session.flush()
        return _meeting_view(session, meeting)


def reschedule(
    ctx: Context, meeting_id: int, *, seen_version: int, starts_at: datetime,
    minutes: int | None = None, room_id: int | None = None, place: str | None = None,
) -> MeetingView:
    """Move a meeting. `seen_version` is the version of the meeting the caseworker looked
    at: if a colleague has changed it since, nothing is overwritten and the sentence says
    who. A new time or place needs a new invitation, so the old one no longer counts and,
    if it has not gone out yet, never goes."""
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        check_version(session, ctx, meeting, seen_version, _("The meeting"))
        before = (meeting.starts_at, meeting.room_id, meeting.place)
        meeting.starts_at = starts_at
        meeting.minutes = minutes or meeting.minutes
        meeting.room_id = room_id
        if place is not None:
            meeting.place = place.strip()
        _validate(session, meeting, _kind(meeting.kind), ctx.clock())
        moved = (meeting.starts_at, meeting.room_id, meeting.place) != before
        if moved:
            meeting.prepared_at = None
        session.add(meeting)
        session.flush()  # the meeting first: a copy changed meanwhile stops here
        if moved:
            _outdate_invitations(session, ctx, meeting)
        return _meeting_view(session, meeting)


@dataclass(frozen=True)
class NextMeeting:
    """The meeting booked from the notes of another, and whether it was booked before
    (from this window or another): then nothing new was made."""

    meeting: MeetingView
    already: bool
    sentence: str


# Typed in the notes: "4.1." or "04.01.2027", and "kl. 10.00" or "10:00".
_WANTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.?(\d{4})?(?!\d)")
_WANTED_TIME = re.compile(r"(?:kl\.?\s*|\bat\s+)(\d{1,2})[.:](\d{2})\b|\b(\d{1,2}):(\d{2})\b",
                          re.IGNORECASE)
FOLLOW_UP_WEEKS = 4  # the next meeting when the notes name no date


def wanted_time(text: str, meeting_start: datetime) -> datetime | None:
    """The date and time the caseworker wrote for the next meeting ("Mandag 4.1. kl.
    10.00"), the first such date after `meeting_start`; None when the text names no
    date. Without a time, the time of day of `meeting_start`."""
    clock = _WANTED_TIME.search(text)
    taken = clock.span() if clock else (0, 0)
    found = next((match for match in _WANTED_DATE.finditer(text)
                  if not taken[0] <= match.start() < taken[1] and 1 <= int(match[2]) <= 12), None)
    if found is None:
        return None
    start = meeting_start.astimezone(LOCAL_TIMEZONE)
    day, month = int(found[1]), int(found[2])
    hour, minute = ((int(clock[1] or clock[3]), int(clock[2] or clock[4])) if clock
                    else (start.hour, start.minute))
    years = [int(found[3])] if found[3] else [start.year, start.year + 1]
    for year in years:
        try:
            moment = datetime(year, month, day, hour, minute, tzinfo=LOCAL_TIMEZONE)
        except ValueError:
            return None
        if moment > start or found[3]:
            return moment
    return None


def book_next_meeting(ctx: Context, meeting_id: int, *, wanted: datetime | None = None) -> NextMeeting:
    """From the notes of a meeting (R-NOTE-1, R-PREP-1): a real planned meeting with the
    same citizen and caseworker in the same room or place, a follow-up (a phone meeting's
    next meeting is a phone meeting too), at the first free time from `wanted` (by default
    four weeks after the meeting, at the same time of day). Asked again for the same
    meeting, the one booked before is returned, nothing new is made."""
    with writing(ctx) as session:
        held = access.require_meeting(session, ctx, meeting_id)
        citizen = session.get(Citizen, held.citizen_id)
        purpose = _("Follow-up on the meeting of {date}").format(date=long_date(held.starts_at))
        booked = session.exec(select(Meeting).where(
            Meeting.citizen_id == held.citizen_id, Meeting.status == "planned",
            Meeting.purpose == purpose, Meeting.id != held.id)).first()
        if booked is not None:
            shown = _meeting_view(session, booked)
            return NextMeeting(shown, True, _("The next meeting is already booked: {when}, "
                                              "{where}.").format(when=long_datetime(booked.starts_at),
                                                                 where=shown.where))
        kind = "phone" if held.kind == "phone" else "follow_up"
        meeting = Meeting(citizen_id=held.citizen_id, caseworker_id=held.caseworker_id, kind=kind,
                          starts_at=held.starts_at, minutes=MEETING_KINDS[kind].minutes,
                          room_id=held.room_id, place=held.place, purpose=purpose)
        if kind != "phone" and meeting.room_id is None and not meeting.place:
            meeting.place = _("The job centre")
        now = ctx.clock()
        start = wanted or held.starts_at + timedelta(weeks=FOLLOW_UP_WEEKS)
        overheard = session.get(Room, held.room_id) if held.room_id is not None else None
        if overheard is not None and overheard.private:
            overheard = None
        if overheard is not None:
            # R-PREP-1: not again where others can hear it, and the notes have no room to
            # choose: the private room free first from `start`.
            free = _in_a_private_room(session, meeting, max(start, _rounded_up(now)))
        else:
            free = _next_free(session, meeting, max(start, _rounded_up(now)))
        if free is None:
            raise UserError(_("No free time was found in the next four months. Plan the "
                              "meeting from the citizen's file (n)."))
        meeting.starts_at = free
        _validate(session, meeting, _kind(kind), now)
        session.add(meeting)
        session.flush()
        caseworker = session.get(Caseworker, held.caseworker_id)
        user = CurrentUser(caseworker.id, caseworker.name, caseworker.role, caseworker.team_id,
                           None, caseworker.email, caseworker.phone)
        session.add_all(_first_participants(session, meeting, citizen, user, ()))
        session.flush()
        shown = _meeting_view(session, meeting)
        moved = wanted is not None and free != wanted
        sentence = (_("The next meeting is booked: {when}, {where}. The time you wrote was "
                      "not free; this is the first free time after it.") if moved
                    else _("The next meeting is booked: {when}, {where}."))
        sentence = sentence.format(when=long_datetime(free), where=shown.where)
        if overheard is not None:
            sentence += " " + _("Not in {room}: others can hear the conversation there.").format(
                room=overheard.name)
        return NextMeeting(shown, False, sentence)


def _in_a_private_room(session: Session, meeting: Meeting, after: datetime) -> datetime | None:
    """Put `meeting` in the private room that is free first from `after` (at the job
    centre, without a room, when there is none) and return that time."""
    best: tuple[datetime, int] | None = None
    for room_id in session.exec(select(Room.id).where(Room.private).order_by(Room.id)):
        meeting.room_id = room_id
        free = _next_free(session, meeting, after)
        if free is not None and (best is None or free < best[0]):
            best = (free, room_id)
    if best is None:
        meeting.room_id, meeting.place = None, meeting.place or _("The job centre")
        return _next_free(session, meeting, after)
    meeting.room_id = best[1]
    return best[0]


def mark_invited(ctx: Context, meeting_id: int, representative_id: int) -> None:
    """Record that the caseworker invited a representative in another way (by phone or by
    post): one without an e-mail address gets no notice of the letter (core/letters.py)."""
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        include_representatives(session, meeting)
        participant = session.exec(
            select(MeetingParticipant).where(
                MeetingParticipant.meeting_id == meeting.id,
                MeetingParticipant.representative_id == representative_id)
        ).first()
        if participant is None:
            raise UserError(_("That person is no longer the citizen's representative."))
        # Conditional: a colleague who said the same a moment earlier keeps their time.
        session.exec(update(MeetingParticipant)
                     .where(MeetingParticipant.id == participant.id,
                            MeetingParticipant.invited_at.is_(None))
                     .values(invited_at=ctx.clock())
                     .execution_options(synchronize_session=False))


# --- helpers for core (they take the caller's session) -----------------------------------


def _meeting_view(session: Session, meeting: Meeting) -> MeetingView:
    return MeetingView(
        id=meeting.id, citizen_id=meeting.citizen_id, caseworker_id=meeting.caseworker_id,
        kind=meeting.kind, starts_at=meeting.starts_at, minutes=meeting.minutes,
        room_id=meeting.room_id, place=meeting.place, where=_place_of(session, meeting),
        purpose=meeting.purpose, job_goal=meeting.job_goal, status=meeting.status,
        prepared_at=meeting.prepared_at, version=meeting.version,
        agenda_version=meeting.agenda_version,
    )


def _outdate_invitations(session: Session, ctx: Context, meeting: Meeting) -> None:
    invitations = select(Letter.id).where(
        Letter.meeting_id == meeting.id, Letter.kind.in_(INVITING_LETTERS),
        Letter.status.in_(("queued", "sent")))
    # Only a message still waiting is withdrawn: the sender may hold one in "sending".
    session.exec(update(OutboxMessage)
                 .where(OutboxMessage.letter_id.in_(invitations),
                        OutboxMessage.status.in_(("queued", "failed")))
                 .values(status="withdrawn", version=OutboxMessage.version + 1)
                 .execution_options(synchronize_session=False))
    session.exec(update(Letter).where(Letter.id.in_(invitations))
                 .values(status="outdated", version=Letter.version + 1,
                         changed_by_id=ctx.user.id, changed_at=ctx.clock())
                 .execution_options(synchronize_session=False))
    session.exec(update(MeetingParticipant)
                 .where(MeetingParticipant.meeting_id == meeting.id,
                        MeetingParticipant.invited_at.is_not(None))
                 .values(invited_at=None)
                 .execution_options(synchronize_session=False))


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


def _uninvited(session: Session, meeting: Meeting) -> list[RepresentativeView]:
    """The citizen's active representatives and companions not yet invited to `meeting`."""
    invited = set(session.exec(
        select(MeetingParticipant.representative_id).where(
            MeetingParticipant.meeting_id == meeting.id, MeetingParticipant.invited_at.is_not(None))
    ))
    return [RepresentativeView(r.id, r.kind, r.name) for r in session.exec(
        select(Representative).where(Representative.citizen_id == meeting.citizen_id,
                                     Representative.active).order_by(Representative.id)
    ) if r.id not in invited]


def _place_of(session: Session, meeting: Meeting) -> str:
    """Where the meeting is, in words: the room and its location, or the place written."""
    room = session.get(Room, meeting.room_id) if meeting.room_id else None
    if room is None:
        return meeting.place
    return ", ".join(part for part in (room.name, room.location) if part)


def participants(session: Session, meeting_id: int) -> list[MeetingParticipant]:
    return list(session.exec(
        select(MeetingParticipant).where(MeetingParticipant.meeting_id == meeting_id)
        .order_by(MeetingParticipant.id)
    ))


def _participants(session: Session, meeting_id: int) -> tuple[ParticipantView, ...]:
    return tuple(ParticipantView(p.id, p.role, p.name, p.organisation, p.representative_id,
                                 p.invited_at)
                 for p in participants(session, meeting_id))


def _kind(code: str) -> MeetingKind:
    try:
        return MEETING_KINDS[code]
    except KeyError:
        raise UserError(_("Unknown kind of meeting: {kind}.").format(kind=code)) from None


def _validate(session: Session, meeting: Meeting, kind: MeetingKind, now: datetime,
              extra: Sequence[Participant] = ()) -> None:
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
    _check_time(session, meeting, now)


# --- when a meeting can be held (R-PREP-1) ----------------------------------------------------


@dataclass(frozen=True)
class _Busy:
    starts_at: datetime
    ends_at: datetime
    room_id: int | None
    caseworker_ids: frozenset[int]  # its own caseworker and those taking part (a joint meeting)


def taking_part(caseworker_ids: Sequence[int]) -> ColumnElement[bool]:
    """A condition on `Meeting`: one of `caseworker_ids` takes part in it as a caseworker
    (a MeetingParticipant with their caseworker_id), such as the outgoing caseworker in a
    handover's joint meeting, which is the incoming caseworker's.

    MeetingParticipant has no index on caseworker_id, and it is one of the largest tables
    (three rows a meeting): asking it directly reads all of it, for every my day and every
    booking. So the meetings looked at are those of their teams' caseworkers and of the
    citizens assigned to them now (indexed), and only those are checked for a participant
    row. A joint meeting is always one of them while the citizen is visible to the
    caseworker taking part (their team's, or assigned to them: access.visible_citizens),
    except a handover between two teams after the assignment has moved, when the outgoing
    caseworker no longer sees the citizen. With an index on MeetingParticipant.caseworker_id
    this becomes `Meeting.id.in_(select(MeetingParticipant.meeting_id).where(...))`."""
    ids = list(caseworker_ids)
    teams = select(Caseworker.team_id).where(Caseworker.id.in_(ids), Caseworker.team_id.is_not(None))
    colleagues = select(Caseworker.id).where(Caseworker.team_id.in_(teams))
    assigned = select(CaseworkerAssignment.citizen_id).where(
        CaseworkerAssignment.caseworker_id.in_(ids), CaseworkerAssignment.ended_at.is_(None))
    present = exists().where(MeetingParticipant.meeting_id == Meeting.id,
                             MeetingParticipant.caseworker_id.in_(ids))
    # Two terms, each with its own index: SQLite reads the meeting rows through both.
    return (Meeting.caseworker_id.in_(colleagues) & present) | (Meeting.citizen_id.in_(assigned) & present)


def _caseworkers(session: Session, meeting: Meeting) -> frozenset[int]:
    """The caseworkers a meeting takes: its own, and, once it is stored, every caseworker
    taking part (both caseworkers of a handover's joint meeting)."""
    others = set(session.exec(
        select(MeetingParticipant.caseworker_id).where(
            MeetingParticipant.meeting_id == meeting.id,
            MeetingParticipant.caseworker_id.is_not(None)))) if meeting.id is not None else set()
    return frozenset({meeting.caseworker_id, *others})


def _busy(session: Session, meeting: Meeting, start: datetime, end: datetime,
          caseworkers: frozenset[int], rooms: Sequence[int | None] | None = None) -> list[_Busy]:
    """The planned meetings (other than `meeting`) that start between `start` minus a day
    and `end` and take one of `caseworkers` (as its caseworker or taking part) or one of
    `rooms` (by default the meeting's room), as intervals."""
    wanted_rooms = {room for room in (rooms if rooms is not None else [meeting.room_id])
                    if room is not None}
    who = Meeting.caseworker_id.in_(caseworkers) | taking_part(sorted(caseworkers))
    if wanted_rooms:
        who = who | Meeting.room_id.in_(wanted_rooms)
    query = select(Meeting.id, Meeting.starts_at, Meeting.minutes, Meeting.room_id,
                   Meeting.caseworker_id).where(
        who, Meeting.status == "planned", Meeting.starts_at >= start - timedelta(days=1),
        Meeting.starts_at < end)
    if meeting.id is not None:
        query = query.where(Meeting.id != meeting.id)
    rows = session.exec(query).all()
    others: dict[int, set[int]] = {}
    for meeting_id, caseworker_id in session.exec(
            select(MeetingParticipant.meeting_id, MeetingParticipant.caseworker_id).where(
                MeetingParticipant.meeting_id.in_([row[0] for row in rows]),
                MeetingParticipant.caseworker_id.is_not(None))):
        others.setdefault(meeting_id, set()).add(caseworker_id)
    return [_Busy(at, at + timedelta(minutes=minutes), room_id,
                  frozenset({caseworker_id, *others.get(meeting_id, ())}))
            for meeting_id, at, minutes, room_id, caseworker_id in rows]


def _clashes(meeting: Meeting, busy: list[_Busy], start: datetime, minutes: int,
             caseworkers: frozenset[int]) -> list[_Busy]:
    end = start + timedelta(minutes=minutes)
    return [b for b in busy if b.starts_at < end and start < b.ends_at
            and (b.caseworker_ids & caseworkers
                 or (meeting.room_id is not None and b.room_id == meeting.room_id))]


def _next_free(session: Session, meeting: Meeting, after: datetime, *,
               caseworkers: frozenset[int] | None = None, until: datetime | None = None,
               busy: list[_Busy] | None = None) -> datetime | None:
    """The first time from `after` (and before `until`, by default four months on) when
    the meeting fits: a working day, within opening hours, its room and every one of its
    caseworkers (`caseworkers`, by default those it takes) free. `busy` (from `_busy`,
    covering the room and the caseworkers) saves reading the calendars again."""
    caseworkers = caseworkers if caseworkers is not None else _caseworkers(session, meeting)
    limit = until or after + timedelta(days=_SEARCH_DAYS)
    if busy is None:
        busy = _busy(session, meeting, after, limit, caseworkers)
    moment = after
    while moment < limit:
        moment = next_opening(moment, meeting.minutes)
        if not within_opening_hours(moment, meeting.minutes) or moment >= limit:
            return None  # longer than a working day, or past the limit
        clashes = _clashes(meeting, busy, moment, meeting.minutes, caseworkers)
        if not clashes:
            return moment
        moment = _rounded_up(max(b.ends_at for b in clashes))
    return None


def _free_times(session: Session, meeting: Meeting, after: datetime, until: datetime,
                caseworkers: frozenset[int], rooms: Sequence[int | None]) -> list[tuple[datetime, int | None]]:
    """The times from `after` to `until` when `meeting` fits for all of `caseworkers`, each
    with the first of `rooms` free then (None in `rooms`: no room needed), one after the
    other: the next is looked for from the end of the one before."""
    busy = _busy(session, meeting, after, until, caseworkers, rooms)
    found: list[tuple[datetime, int | None]] = []
    moment = after
    while True:
        best: tuple[datetime, int | None] | None = None
        for room_id in rooms:
            meeting.room_id = room_id
            free = _next_free(session, meeting, moment, caseworkers=caseworkers, until=until,
                              busy=busy)
            if free is not None and (best is None or free < best[0]):
                best = (free, room_id)
        if best is None:
            return found
        found.append(best)
        moment = best[0] + timedelta(minutes=meeting.minutes)


def _rounded_up(moment: datetime) -> datetime:
    local = moment.astimezone(LOCAL_TIMEZONE).replace(second=0, microsecond=0)
    extra = -local.minute % _ROUND_MINUTES
    return local + timedelta(minutes=extra)


def _check_time(session: Session, meeting: Meeting, now: datetime) -> None:
    """Refuse a time the meeting cannot have, with a sentence that offers the next free
    time (BookingRefused)."""
    start = meeting.starts_at.astimezone(LOCAL_TIMEZONE)
    day = start.date()
    if not is_working_day(day):
        holiday = holiday_name(day)
        why = (_("The job centre is closed on {day} ({holiday}).").format(
                   day=long_date(day), holiday=holiday) if holiday
               else _("The job centre is closed on {day}.").format(day=long_date(day)))
    elif not within_opening_hours(start, meeting.minutes):
        end = start + timedelta(minutes=meeting.minutes)
        why = _("The meeting would be from {start} to {end}; meetings are held between "
                "{opens} and {closes}.").format(
            start=clock_time(start), end=clock_time(end),
            opens=f"{OPENS:%H.%M}", closes=f"{CLOSES:%H.%M}")
    else:
        caseworkers = _caseworkers(session, meeting)
        clashes = _clashes(meeting, _busy(session, meeting, start, start + timedelta(
            minutes=meeting.minutes), caseworkers), start, meeting.minutes, caseworkers)
        if not clashes:
            return
        room_clash = next((b for b in clashes if meeting.room_id is not None
                           and b.room_id == meeting.room_id), None)
        if room_clash is not None:
            room = session.get(Room, meeting.room_id)
            why = _("{room} is booked from {start} to {end}.").format(
                room=room.name if room else _("The room"), start=clock_time(room_clash.starts_at),
                end=clock_time(room_clash.ends_at))
        else:
            clash = clashes[0]
            # The meeting's own caseworker if it is theirs that clashes, else the one taking part.
            taken = sorted(clash.caseworker_ids & caseworkers,
                           key=lambda worker: worker != meeting.caseworker_id)
            caseworker = session.get(Caseworker, taken[0])
            why = _("{name} already has a meeting from {start} to {end}.").format(
                name=caseworker.name if caseworker else _("The caseworker"),
                start=clock_time(clash.starts_at), end=clock_time(clash.ends_at))
    free = _next_free(session, meeting, max(start, _rounded_up(now)))
    if free is None:
        raise BookingRefused(why + " " + _("Choose another time."), None)
    raise BookingRefused(why + " " + _("The next free time is {when}.").format(
        when=long_datetime(free)), free)


def _first_participants(
    session: Session, meeting: Meeting, citizen: Citizen, user: CurrentUser,
    extra: Sequence[Participant],
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
