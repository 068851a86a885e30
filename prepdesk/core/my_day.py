"""The caseworker's start screen: today, this week, and what waits for them."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from prepdesk.core.access import visible_citizens
from prepdesk.core.calendar import is_working_day, next_working_day
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.meetings import _place_of, taking_part
from prepdesk.core.outbox import FailedMessage, _failed
from prepdesk.core.practice import _not_my_own
from prepdesk.core.prep import _checklists
from prepdesk.core.queries import by_another_index, unread_statement_counts
from prepdesk.core.review_feedback import FeedbackView, _unread_feedback
from prepdesk.core.transaction import reading
from prepdesk.data.models import (
    ApprovalRequest,
    Citizen,
    Correction,
    Inquiry,
    Meeting,
    Note,
    PracticeChange,
    PracticeChangeAck,
    Room,
    Ruling,
)


@dataclass(frozen=True)
class DayMeeting:
    id: int
    citizen_id: int
    citizen_name: str
    starts_at: datetime
    minutes: int
    kind: str
    place: str  # the room's name, or the place written
    prepared_at: datetime | None  # as last recorded by the preparation
    unread_statements: int
    # From the meeting's checklist, the one the preparation shows (core/prep.py): prepared
    # only when nothing on it is missing, whatever was recorded before.
    missing: tuple[str, ...] = ()  # the checklist's lines not done, by key

    @property
    def prepared(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class WaitingInquiry:
    id: int
    citizen_id: int
    citizen_name: str
    channel: str
    received_at: datetime
    due_at: datetime
    summary: str


@dataclass(frozen=True)
class WaitingApproval:
    id: int
    note_id: int
    citizen_id: int
    citizen_name: str
    sent_at: datetime
    overdue: bool  # no answer after the configured number of days (R-APPR-4)
    channel: str = "email"  # how the notes reached the citizen (core/notes_given.py)


@dataclass(frozen=True)
class NotSent:
    """Finished notes of mine that have not reached the citizen: never sent, or sending
    failed (no e-mail address, no keyring). Sent or given another way, they leave."""

    note_id: int
    note_version: int  # what sending or giving them takes as the version seen
    citizen_id: int
    citizen_name: str
    meeting_starts_at: datetime
    has_email: bool  # the citizen has an e-mail address to send them to


@dataclass(frozen=True)
class WaitingCorrection:
    """Notes of mine with corrections from the citizen waiting for my answer: one per
    notes, however many parts the citizen corrected (the corrections screen answers them
    together)."""

    note_id: int
    citizen_id: int
    citizen_name: str
    received_at: datetime  # the first of them to arrive
    ids: tuple[int, ...]  # the corrections, in the order they arrived
    sections: tuple[str, ...]  # the part each corrects, in the same order

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class WaitingPracticeChange:
    id: int
    title: str
    ruling_number: str
    published_at: datetime


@dataclass(frozen=True)
class MyDay:
    day: date  # the day `today` lists: today, or the next working day when today is closed
    today: list[DayMeeting]
    later_this_week: list[DayMeeting]
    overdue_inquiries: list[WaitingInquiry]
    awaiting_approval: list[WaitingApproval]
    corrections: list[WaitingCorrection]
    practice_changes: list[WaitingPracticeChange]
    not_sent: list[NotSent] = field(default_factory=list)
    feedback: list[FeedbackView] = field(default_factory=list)  # the team lead's, unread
    # Letters and e-mails of mine the outbox could not send, with the sentence why.
    failed: tuple[FailedMessage, ...] = ()


def _name(citizen: Citizen) -> str:
    return f"{citizen.first_name} {citizen.last_name}"


def my_day(ctx: Context) -> MyDay:
    """The current user's day: their own meetings and what waits for them, about the
    citizens they may still see (a citizen moved to another team drops out). Lists, not
    a look at anyone's file: nothing is logged."""
    now = ctx.clock()
    days = ctx.settings.approval_reminder_days
    user = ctx.user
    # On a weekend or a holiday the job centre is closed: the day to prepare for is the
    # next working day, and its week.
    today = now.astimezone(LOCAL_TIMEZONE).date()
    day = today if is_working_day(today) else next_working_day(today)
    start = datetime.combine(day, time.min, tzinfo=LOCAL_TIMEZONE)
    next_day = start + timedelta(days=1)
    next_monday = start + timedelta(days=7 - day.weekday())
    with reading(ctx) as session:
        # Each list is read as it is mine; whom of their citizens I may still see is asked
        # once for all of them (`_visible`), not in each list's statement: the condition is
        # the largest part of compiling them, about 5 ms a statement before my day showed.
        rows = _meeting_rows(session, user, start, max(next_monday, next_day))
        inquiries = _overdue_inquiries(session, user, now)
        approvals = _awaiting_approval(session, user, now, days)
        not_sent = _not_sent(session, user)
        corrections = _corrections(session, user)
        feedback = _unread_feedback(session, user, visible_only=False)
        visible = _visible(session, user, {c.id for _m, c in rows} | {
            waiting.citizen_id for waiting in (*inquiries, *approvals, *not_sent, *corrections,
                                               *feedback)})
        meetings = _meetings(session, user, [(m, c) for m, c in rows if c.id in visible], now)
        return MyDay(
            day=day,
            today=[m for m in meetings if m.starts_at < next_day],
            later_this_week=[m for m in meetings if m.starts_at >= next_day],
            overdue_inquiries=[i for i in inquiries if i.citizen_id in visible],
            awaiting_approval=[a for a in approvals if a.citizen_id in visible],
            not_sent=[n for n in not_sent if n.citizen_id in visible],
            corrections=[c for c in corrections if c.citizen_id in visible],
            practice_changes=_practice_changes(session, user),
            feedback=[f for f in feedback if f.citizen_id in visible],
            failed=_failed(session, ctx),
        )


def _visible(session: Session, user: CurrentUser, citizen_ids: set[int]) -> set[int]:
    """Which of `citizen_ids` `user` may still see (access.visible_citizens): one statement
    for all of my day's lists."""
    if not citizen_ids:
        return set()
    return set(session.exec(
        select(Citizen.id).where(Citizen.id.in_(sorted(citizen_ids)), visible_citizens(user))))


# The lists below are mine whoever their citizens are: `my_day` keeps those `_visible`.


def _meeting_rows(session: Session, user: CurrentUser, start: datetime,
                  end: datetime) -> list[tuple[Meeting, Citizen]]:
    # My meetings, and those I take part in as a caseworker (a handover's joint meeting is
    # the incoming caseworker's, with the outgoing one taking part: on both my days).
    return list(session.exec(
        select(Meeting, Citizen)
        .join(Citizen, Citizen.id == Meeting.citizen_id)
        .where((Meeting.caseworker_id == user.id) | taking_part([user.id]),
               Meeting.status == "planned",
               Meeting.starts_at >= start, Meeting.starts_at < end)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all())


def _meetings(session: Session, user: CurrentUser, rows: list[tuple[Meeting, Citizen]],
              now: datetime) -> list[DayMeeting]:
    unread = unread_statement_counts(session, user.id, [citizen.id for _meeting, citizen in rows])
    # The same computation as each meeting's preparation checklist, for all at once.
    checklists = _checklists(session, user, [meeting for meeting, _citizen in rows], now,
                             details=False)  # what is missing, not the lines' words
    # The rooms read at once and held here, so that the place of each meeting (the same
    # words as its preparation, meetings._place_of) finds its room in the session.
    rooms = session.exec(select(Room).where(Room.id.in_({m.room_id for m, _c in rows}))).all()
    shown = [
        DayMeeting(m.id, c.id, _name(c), m.starts_at, m.minutes, m.kind, _place_of(session, m),
                   m.prepared_at, unread.get(c.id, 0),
                   tuple(item.key for item in checklists[m.id].missing))
        for m, c in rows
    ]
    del rooms  # held until here
    return shown


def _overdue_inquiries(session: Session, user: CurrentUser, now: datetime) -> list[WaitingInquiry]:
    rows = session.exec(
        select(Inquiry, Citizen)
        .join(Citizen, Citizen.id == Inquiry.citizen_id)
        .where(Inquiry.caseworker_id == user.id, Inquiry.acknowledged_at.is_(None),
               Inquiry.answered_at.is_(None), Inquiry.due_at < now)
        .order_by(Inquiry.due_at)
    )
    return [
        WaitingInquiry(i.id, c.id, _name(c), i.channel, i.received_at, i.due_at, i.summary)
        for i, c in rows
    ]


def _awaiting_approval(
    session: Session, user: CurrentUser, now: datetime, reminder_days: int
) -> list[WaitingApproval]:
    rows = session.exec(
        select(ApprovalRequest, Note, Citizen)
        .join(Note, Note.id == ApprovalRequest.note_id)
        .join(Citizen, Citizen.id == Note.citizen_id)
        .where(Note.author_id == user.id, by_another_index(ApprovalRequest.status) == "pending")
        .order_by(ApprovalRequest.sent_at)
    )
    limit = timedelta(days=reminder_days)
    return [
        WaitingApproval(a.id, n.id, c.id, _name(c), a.sent_at, now - a.sent_at > limit,
                        a.channel)
        for a, n, c in rows
    ]


def _not_sent(session: Session, user: CurrentUser) -> list[NotSent]:
    rows = session.exec(
        select(Note, Citizen, Meeting.starts_at)
        .join(Citizen, Citizen.id == Note.citizen_id)
        .join(Meeting, Meeting.id == Note.meeting_id)
        .where(Note.author_id == user.id, Note.status == "final")
        .order_by(Meeting.starts_at, Note.id)
    )
    return [NotSent(n.id, n.version, c.id, _name(c), starts_at, bool((c.email or "").strip()))
            for n, c, starts_at in rows]


def _corrections(session: Session, user: CurrentUser) -> list[WaitingCorrection]:
    rows = session.exec(
        select(Correction, Citizen)
        .join(Note, Note.id == Correction.note_id)
        .join(Citizen, Citizen.id == Note.citizen_id)
        .where(Note.author_id == user.id, by_another_index(Correction.status) == "pending")
        .order_by(Correction.received_at, Correction.id)
    )
    waiting: dict[int, WaitingCorrection] = {}
    for k, c in rows:
        known = waiting.get(k.note_id)
        waiting[k.note_id] = (
            WaitingCorrection(k.note_id, c.id, _name(c), k.received_at, (k.id,), (k.section,))
            if known is None else
            replace(known, ids=(*known.ids, k.id), sections=(*known.sections, k.section)))
    return list(waiting.values())  # in the order the first correction of each arrived


def _practice_changes(session: Session, user: CurrentUser) -> list[WaitingPracticeChange]:
    rows = session.exec(
        select(PracticeChange, Ruling.number)
        .join(Ruling, Ruling.id == PracticeChange.ruling_id)
        .outerjoin(PracticeChangeAck, (PracticeChangeAck.practice_change_id == PracticeChange.id)
                   & (PracticeChangeAck.caseworker_id == user.id))
        .where(PracticeChangeAck.acknowledged_at.is_(None),
               PracticeChange.team_id.is_(None) | (PracticeChange.team_id == user.team_id),
               _not_my_own(user.id))
        .order_by(PracticeChange.published_at.desc())
    )
    return [WaitingPracticeChange(p.id, p.title, number, p.published_at) for p, number in rows]
