"""The citizen is told: the letter introducing the new caseworker, and the joint meeting
(R-HAND-2, R-LTR-1..4, issue 13 item 6).

A handover ends with a letter to the citizen in plain Danish: who their new caseworker is,
with the new caseworker's name, direct phone and e-mail, so that the citizen need not
start again. With it goes an invitation to a joint meeting with both caseworkers, in a
time free in both calendars within `joint_meeting_working_days` working days (a setting,
10 by default).

The operations take plain values (the citizen, the outgoing and the incoming caseworker),
so the handover (core/handover.py) can call them when it starts or completes and store the
ids it gets back (Handover.letter_id, Handover.joint_meeting_id):

- `joint_meeting_slots`: the times when every caseworker named is free, on working days
  within opening hours, with a private room free too (a handover meeting needs one);
  the same calendar rules as every booking (core/meetings.py).
- `preview_handover_letter`: the letter as the citizen will receive it, and when it goes,
  before anything is stored (the screens' Ctrl+O preview).
- `tell_the_citizen`: books the joint meeting (if a time is given) and puts the letter in
  the outbox, held for the send window (R-LTR-4) as every letter is.

How it is made, reusing the invitation's pieces (core/letters.py):
- The letter is the new caseworker's: written in their words, signed by them with their
  direct contact (R-LTR-2), and its From name and Reply-To are theirs (Letter.author_id),
  so an answer reaches them. Who made it is the letter's `changed_by` (the outgoing
  caseworker, the incoming one, or the team lead).
- Its text is templates/handover_letter.txt.j2, which extends the handover meeting's
  invitation: with a joint meeting the letter carries the invitation (time, place, the
  agenda, who may come along, the law); without one, only the introduction. One letter,
  kind "handover", tied to the joint meeting: the meeting's preparation counts it as the
  invitation, and moving the meeting makes it out of date, as an invitation.
- The joint meeting is the incoming caseworker's (Meeting.caseworker_id), with the
  outgoing caseworker taking part (a MeetingParticipant with their caseworker_id), so it is
  on both caseworkers' my day and blocks both calendars. Its agenda is the handover
  meeting's template (templates/agendas.toml) with the citizen's own points.
- The letter's LIX (core/language.py, as the language panel counts it) is in the view; the
  text is written to stay at or below 40.

Who may: the team lead, or one of the two caseworkers, of a citizen they may see
(`access.require`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.agenda import CITIZEN_POINTS, _add, _proposals
from prepdesk.core.calendar import (
    add_working_days,
    describe_send_time,
    is_working_day,
    next_working_day,
    send_time,
)
from prepdesk.core.channels import REMOTE_PRINT
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.language import check_text
from prepdesk.core.letters import (
    _danish_date,
    _letter_context,
    _meeting_context,
    _postal_lines,
    _queue,
    _version,
    letter_route,
    render_letter,
)
from prepdesk.core.meetings import (
    MEETING_KINDS,
    _first_participants,
    _free_times,
    _in_a_private_room,
    _place_of,
    _rounded_up,
    _validate,
)
from prepdesk.core.outbox import header_safe
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import Caseworker, Citizen, Letter, Meeting, MeetingParticipant, Room
from prepdesk.dates import long_date, long_datetime
from prepdesk.errors import UserError
from prepdesk.i18n import _

KIND = "handover"  # the joint meeting's kind (core/meetings.MEETING_KINDS), and the letter's


class NoJointTime(UserError):
    """No time within the working days asked for suits every caseworker (and a room)."""


@dataclass(frozen=True)
class JointSlot:
    """A time for the joint meeting: free for every caseworker named, in `room_id`."""

    starts_at: datetime
    minutes: int
    room_id: int | None  # None: no private room exists, the meeting is at the job centre
    where: str  # the room and its location, for reading


@dataclass(frozen=True)
class JointMeetingSlots:
    """The free times from `first_day` to `last_day` (working days), the earliest first,
    one after the other (the next starts when the one before ends, or later)."""

    citizen_id: int
    caseworker_ids: tuple[int, ...]
    first_day: date
    last_day: date
    slots: tuple[JointSlot, ...]


@dataclass(frozen=True)
class HandoverLetterPreview:
    """The letter as the citizen will read it (title and text, `text`), its subject and
    body apart, its LIX, when it would go if it were sent now, and the way it goes and why
    (core/channels.py: Digital Post, or paper for a citizen exempt from it)."""

    subject: str
    body: str
    lix: float
    text: str
    sends_at: datetime
    when: str  # "The letter goes out today at 09:00."
    channel: str  # digital_post | remote_print
    channel_label: str  # "Digital Post", "Paper letter"
    reason: str  # "The letter goes by Digital Post: it may contain health details."


@dataclass(frozen=True)
class HandoverLetter:
    """The letter put in the outbox, and the joint meeting booked with it (None without
    one): the ids for the handover to keep, the text, and a sentence for the screen."""

    letter_id: int
    meeting_id: int | None
    message_id: int  # the citizen's message in the outbox
    channel: str  # how it goes: digital_post | remote_print
    subject: str
    body: str
    lix: float
    sends_at: datetime
    sentence: str


# --- Operations -----------------------------------------------------------------------------


def joint_meeting_slots(ctx: Context, citizen_id: int, caseworker_ids: Sequence[int],
                        earliest: date, within_working_days: int | None = None) -> JointMeetingSlots:
    """The times for a joint meeting with the citizen when all of `caseworker_ids` are
    free, within `within_working_days` working days from `earliest` (that day counts when
    it is a working day; by default the setting `joint_meeting_working_days`), never before
    the working day after the letter would go out if it were sent now (the send window). Without a private room in the job centre, the times are
    at the job centre (`room_id` None). Raises NoJointTime with a sentence when there is
    none."""
    days = within_working_days or ctx.settings.joint_meeting_working_days
    if days < 1:
        raise UserError(_("The joint meeting needs at least one working day to be planned in."))
    wanted = tuple(dict.fromkeys(caseworker_ids))
    now = ctx.clock()
    with reading(ctx) as session:
        access.require(session, ctx, citizen_id)
        workers = _caseworkers(session, wanted)
        _require_party(session, ctx, wanted)
        # Never before the working day after the letter goes out (the send window may hold
        # it until tomorrow morning): the citizen reads of the meeting a day before at least.
        goes_out = send_time(now).astimezone(LOCAL_TIMEZONE).date()
        earliest = max(earliest, next_working_day(goes_out))
        first = earliest if is_working_day(earliest) else next_working_day(earliest)
        last = add_working_days(first, days - 1)
        after = max(datetime.combine(first, time.min, tzinfo=LOCAL_TIMEZONE), _rounded_up(now))
        until = datetime.combine(last + timedelta(days=1), time.min, tzinfo=LOCAL_TIMEZONE)
        kind = MEETING_KINDS[KIND]
        rooms: list[int | None] = list(session.exec(
            select(Room.id).where(Room.private).order_by(Room.name, Room.id))) if kind.needs_room else []
        place = _("The job centre") if kind.needs_room and not rooms else ""
        probe = Meeting(citizen_id=citizen_id, caseworker_id=wanted[0], kind=KIND,
                        starts_at=after, minutes=kind.minutes, place=place)
        found = _free_times(session, probe, after, until, frozenset(wanted), rooms or [None])
        if not found:
            raise NoJointTime(_no_joint_time(workers, days, first, last, bool(rooms)))
        slots = []
        for starts_at, room_id in found:
            probe.room_id = room_id
            slots.append(JointSlot(starts_at, kind.minutes, room_id, _place_of(session, probe)))
        return JointMeetingSlots(citizen_id, wanted, first, last, tuple(slots))


def preview_handover_letter(
    ctx: Context, citizen_id: int, from_caseworker_id: int, to_caseworker_id: int,
    joint_meeting_at: datetime | None, *, room_id: int | None = None,
    effective_on: date | None = None, again: bool = False,
) -> HandoverLetterPreview:
    """The letter `tell_the_citizen` would send with the same values, as the citizen will
    read it (the title, then the text; on paper first the citizen's name and address), the
    way it goes and why, and when it would go. Nothing is stored: the joint meeting is tried
    and undone, so a time that is not free is refused here already, with the same sentence.
    A look at the citizen's file, written to the access log (look "letter_preview");
    `again` (the same preview shown anew) is not."""
    now = ctx.clock()
    with writing(ctx) as session:
        citizen = access.require(session, ctx, citizen_id,
                                 look=None if again else "letter_preview", detail="handover")
        outgoing, incoming = _handing(session, ctx, from_caseworker_id, to_caseworker_id)
        session.flush()  # the look stays; what follows is undone
        attempt = session.begin_nested()
        try:
            meeting = (_book(session, ctx, citizen, outgoing, incoming, joint_meeting_at, room_id)
                       if joint_meeting_at is not None else None)
            subject, body = _text(session, citizen, outgoing, incoming, meeting, effective_on, now)
        finally:
            attempt.rollback()
        sends_at = send_time(now)
        way = letter_route(citizen)
        text = header_safe(subject, _("The subject")) + "\n\n" + body
        if way.channel == REMOTE_PRINT:
            text = "\n".join(_postal_lines(citizen)) + "\n\n" + text
    return HandoverLetterPreview(subject, body, _lix(body), text, sends_at,
                                 describe_send_time(sends_at, now), way.channel, way.label,
                                 way.reason)


def tell_the_citizen(
    ctx: Context, citizen_id: int, from_caseworker_id: int, to_caseworker_id: int,
    joint_meeting_at: datetime | None, *, room_id: int | None = None,
    effective_on: date | None = None,
) -> HandoverLetter:
    """Tell the citizen who their new caseworker is: with `joint_meeting_at`, book the
    joint meeting (in `room_id`, or the first private room free then) and invite to it in
    the same letter; put the letter in the outbox for the citizen, by Digital Post or on
    paper (core/channels.py: never by e-mail), held for the send window (R-LTR-4), with a
    notice to a representative who has an e-mail address, as an invitation has. `effective_on`: the
    day the new caseworker takes over, named in the letter when it is still to come.

    All or nothing: a time that is not free (BookingRefused, with the next free time), a
    letter that would go out after the meeting has begun, or a paper letter without the
    citizen's postal address stores nothing."""
    with writing(ctx) as session:
        citizen = access.require(session, ctx, citizen_id)
        return _tell(session, ctx, citizen, from_caseworker_id, to_caseworker_id,
                     joint_meeting_at, room_id=room_id, effective_on=effective_on)


# --- Inside a transaction -------------------------------------------------------------------


def _tell(session: Session, ctx: Context, citizen: Citizen, from_caseworker_id: int,
          to_caseworker_id: int, joint_meeting_at: datetime | None, *, room_id: int | None = None,
          effective_on: date | None = None) -> HandoverLetter:
    """`tell_the_citizen` in the caller's transaction, after its access check
    (`access.require` on `citizen`): for the handover (core/handover.py), which stores the
    ids it returns on the Handover row in the same transaction, so the citizen is told
    once."""
    now = ctx.clock()
    outgoing, incoming = _handing(session, ctx, from_caseworker_id, to_caseworker_id)
    meeting = (_book(session, ctx, citizen, outgoing, incoming, joint_meeting_at, room_id)
               if joint_meeting_at is not None else None)
    subject, body = _text(session, citizen, outgoing, incoming, meeting, effective_on, now)
    letter = Letter(citizen_id=citizen.id, meeting_id=meeting.id if meeting else None,
                    kind=KIND, author_id=incoming.id, created_at=now)
    session.add(letter)
    session.flush()
    version = _version(letter.id, 1, subject, body, now)
    session.add(version)
    session.flush()
    queued = _queue(session, ctx, letter, now)
    sends = describe_send_time(queued.not_before, now)
    if meeting is None:
        sentence = _("The letter about the new caseworker is in the outbox. {sends}").format(
            sends=sends)
    else:
        sentence = _("The joint meeting is booked: {when}, {where}. The letter about the new "
                     "caseworker invites to it and is in the outbox. {sends}").format(
            when=long_datetime(meeting.starts_at), where=_place_of(session, meeting), sends=sends)
    return HandoverLetter(letter.id, meeting.id if meeting else None, queued.message_id,
                          queued.channel, subject, body, version.lix, queued.not_before,
                          sentence)


def _caseworkers(session: Session, ids: Sequence[int]) -> list[Caseworker]:
    if not ids:
        raise UserError(_("Choose the caseworkers of the joint meeting."))
    workers = [session.get(Caseworker, worker_id) for worker_id in ids]
    if any(worker is None for worker in workers):
        raise UserError(_("One of the caseworkers no longer exists. Choose them again."))
    return workers


def _require_party(session: Session, ctx: Context, caseworker_ids: Sequence[int]) -> None:
    """The team lead, or one of the caseworkers of the handover; `access.require` has
    already let the user at the citizen."""
    if ctx.user.id in caseworker_ids:
        return
    me = session.get(Caseworker, ctx.user.id)
    if me is None or me.role != "team_lead":
        raise UserError(_("Only the team lead or the two caseworkers of the handover can tell "
                          "the citizen and plan the joint meeting."))


def _handing(session: Session, ctx: Context, from_id: int,
             to_id: int) -> tuple[Caseworker, Caseworker]:
    """The outgoing and the incoming caseworker, checked."""
    if from_id == to_id:
        raise UserError(_("The new caseworker must be someone other than the caseworker who "
                          "hands the case over."))
    outgoing, incoming = _caseworkers(session, (from_id, to_id))
    _require_party(session, ctx, (from_id, to_id))
    if not incoming.active or incoming.role not in access.STAFF_ROLES:
        raise UserError(_("{name} cannot take over the case: they are no longer an active "
                          "caseworker.").format(name=incoming.name))
    return outgoing, incoming


def _book(session: Session, ctx: Context, citizen: Citizen, outgoing: Caseworker,
          incoming: Caseworker, starts_at: datetime, room_id: int | None) -> Meeting:
    """The joint meeting, stored in the caller's transaction: the incoming caseworker's,
    the outgoing one taking part, in `room_id` or the first private room free at
    `starts_at`, with the handover agenda. Refused (BookingRefused) as any booking."""
    kind = MEETING_KINDS[KIND]
    meeting = Meeting(
        citizen_id=citizen.id, caseworker_id=incoming.id, kind=KIND, starts_at=starts_at,
        minutes=kind.minutes, room_id=room_id,
        purpose=_("Joint meeting at the handover from {outgoing} to {incoming}").format(
            outgoing=outgoing.name, incoming=incoming.name))
    session.add(meeting)
    session.flush()
    owner = CurrentUser(incoming.id, incoming.name, incoming.role, incoming.team_id, None,
                        incoming.email, incoming.phone)
    session.add_all(_first_participants(session, meeting, citizen, owner, ()))
    session.add(MeetingParticipant(meeting_id=meeting.id, role="caseworker", name=outgoing.name,
                                   caseworker_id=outgoing.id))
    session.flush()
    if room_id is None and kind.needs_room:
        _in_a_private_room(session, meeting, starts_at)
    _validate(session, meeting, kind, ctx.clock())
    current: list = []
    for proposal in _proposals(session, meeting):
        if proposal.source in ("template", CITIZEN_POINTS):
            _add(session, ctx, current, meeting, proposal, None)
    session.flush()
    return meeting


def _text(session: Session, citizen: Citizen, outgoing: Caseworker, incoming: Caseworker,
          meeting: Meeting | None, effective_on: date | None, now: datetime) -> tuple[str, str]:
    """The subject and text of the letter (templates/handover_letter.txt.j2)."""
    today = now.astimezone(LOCAL_TIMEZONE).date()
    context = {
        **(_meeting_context(session, meeting) if meeting is not None else {}),
        **_letter_context(session, citizen, incoming.id),
        "has_meeting": meeting is not None,
        "previous_name": outgoing.name,
        "effective_date": (_danish_date(datetime.combine(effective_on, time(12), LOCAL_TIMEZONE),
                                        "EEEE 'den' d. MMMM")
                           if effective_on is not None and effective_on > today else ""),
    }
    return render_letter(["handover_letter.txt.j2"], "handover_subject.txt.j2", context)


def _lix(body: str) -> float:
    """The letter's LIX as the language panel counts it (the law at the end left out)."""
    return check_text(body, kind="letter").lix.score


def _no_joint_time(workers: Sequence[Caseworker], days: int, first: date, last: date,
                   with_room: bool) -> str:
    names = [worker.name for worker in workers]
    who = names[0] if len(names) == 1 else _("{names} and {last}").format(
        names=", ".join(names[:-1]), last=names[-1])
    if with_room:
        sentence = _("{who} have no free time together with a private room free within {days} "
                     "working days ({first} to {last}).")
    else:
        sentence = _("{who} have no free time together within {days} working days ({first} to "
                     "{last}).")
    return sentence.format(who=who, days=days, first=long_date(first), last=long_date(last)) + " " + _(
        "Choose a later first day, or send the letter without a joint meeting.")
