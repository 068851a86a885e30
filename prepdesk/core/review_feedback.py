"""A team lead's review feedback on a meeting's preparation (R-LEAD-2, issue 14 item 5).

- `leave_feedback`: a team lead of the caseworker's team (access.require_team_lead_of)
  writes feedback on one of the caseworker's meetings; never on their own meeting, never
  empty.
- `feedback_for_meeting`: everyone who may see the meeting reads its feedback, with who
  wrote it, when, and whether the caseworker has read it (the preparation shows it).
- `unread_feedback`: the feedback on my meetings I have not read yet (my day lists it,
  through `_unread_feedback`, in my day's own transaction).
- `mark_read`: the meeting's caseworker has read it. Marking twice, from a stale screen or
  in two windows at the same moment, is no error: the first time read is kept.

Feedback is an internal working document: an aktindsigt export names it without its text
(core/aktindsigt.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select, update

from prepdesk.core import access
from prepdesk.core.context import Context, CurrentUser
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import Caseworker, Citizen, Meeting, ReviewFeedback
from prepdesk.errors import UserError
from prepdesk.i18n import _


@dataclass(frozen=True)
class FeedbackView:
    id: int
    meeting_id: int
    meeting_starts_at: datetime
    citizen_id: int
    citizen_name: str
    caseworker_id: int  # the meeting's caseworker: the one who reads it and marks it read
    author_name: str  # the team lead who wrote it
    created_at: datetime
    text: str
    seen_at: datetime | None  # when the caseworker marked it read; None: not read yet

    @property
    def read(self) -> bool:
        return self.seen_at is not None


def leave_feedback(ctx: Context, meeting_id: int, text: str) -> FeedbackView:
    """The team lead's feedback on the meeting's preparation, for the meeting's caseworker.
    Refused, with a sentence, to anyone but an active team lead of the caseworker's team
    (by the rows as they are now), on the team lead's own meeting, and when empty."""
    text = text.strip()
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        access.require_team_lead_of(session, ctx, meeting.caseworker_id)
        if meeting.caseworker_id == ctx.user.id:
            raise UserError(_("This is your own meeting. Feedback is for the caseworkers of "
                              "your team."))
        if not text:
            raise UserError(_("Write the feedback before you save it."))
        feedback = ReviewFeedback(meeting_id=meeting.id, author_id=ctx.user.id,
                                  created_at=ctx.clock(), text=text)
        session.add(feedback)
        session.flush()
        return _views(session, select(ReviewFeedback.id).where(
            ReviewFeedback.id == feedback.id))[0]


def feedback_for_meeting(ctx: Context, meeting_id: int) -> list[FeedbackView]:
    """The meeting's feedback, oldest first, for everyone who may see the meeting. Part of
    reading the preparation (which logs the look): nothing is logged here."""
    with reading(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        return _views(session, select(ReviewFeedback.id).where(
            ReviewFeedback.meeting_id == meeting.id))


def unread_feedback(ctx: Context) -> list[FeedbackView]:
    """The feedback on my meetings that I have not marked read, oldest first, about the
    citizens I may still see. A list, not a look at anyone's file: nothing is logged."""
    with reading(ctx) as session:
        return _unread_feedback(session, ctx.user)


def mark_read(ctx: Context, feedback_id: int) -> FeedbackView:
    """The meeting's caseworker has read the feedback. Only they mark it; already read
    (a stale screen, another window, the same moment) it stays read since the first time."""
    with writing(ctx) as session:
        feedback = session.get(ReviewFeedback, feedback_id)
        if feedback is None:
            raise UserError(_("The feedback no longer exists. Reload (Ctrl+R)."))
        meeting = access.require_meeting(session, ctx, feedback.meeting_id)
        if meeting.caseworker_id != ctx.user.id:
            raise UserError(_("Only the caseworker of the meeting can mark the team lead's "
                              "feedback read."))
        # Compare-and-set: of two marks at the same moment, the first sets the time; the
        # other finds it set and changes nothing.
        session.exec(update(ReviewFeedback)
                     .where(ReviewFeedback.id == feedback_id, ReviewFeedback.seen_at.is_(None))
                     .values(seen_at=ctx.clock()))
        session.expire(feedback)
        return _views(session, select(ReviewFeedback.id).where(
            ReviewFeedback.id == feedback_id))[0]


def _unread_feedback(session: Session, user: CurrentUser, *,
                     visible_only: bool = True) -> list[FeedbackView]:
    """`unread_feedback` in the caller's transaction. Without `visible_only`, about every
    citizen: my day leaves out those `user` may no longer see, for all its lists at once."""
    mine = (select(ReviewFeedback.id)
            .join(Meeting, Meeting.id == ReviewFeedback.meeting_id)
            .where(Meeting.caseworker_id == user.id, ReviewFeedback.seen_at.is_(None)))
    if visible_only:
        mine = mine.join(Citizen, Citizen.id == Meeting.citizen_id).where(
            access.visible_citizens(user))
    return _views(session, mine)


def _views(session: Session, ids) -> list[FeedbackView]:  # type: ignore[no-untyped-def]
    """The feedback whose ids `ids` selects, as views, oldest first: one statement."""
    rows = session.exec(
        select(ReviewFeedback, Meeting.starts_at, Meeting.caseworker_id, Citizen.id,
               Citizen.first_name, Citizen.last_name, Caseworker.name)
        .join(Meeting, Meeting.id == ReviewFeedback.meeting_id)
        .join(Citizen, Citizen.id == Meeting.citizen_id)
        .join(Caseworker, Caseworker.id == ReviewFeedback.author_id)
        .where(ReviewFeedback.id.in_(ids))
        .order_by(ReviewFeedback.created_at, ReviewFeedback.id))
    return [FeedbackView(id=f.id, meeting_id=f.meeting_id, meeting_starts_at=starts_at,
                         citizen_id=citizen_id, citizen_name=f"{first} {last}",
                         caseworker_id=caseworker_id, author_name=author,
                         created_at=f.created_at, text=f.text, seen_at=f.seen_at)
            for f, starts_at, caseworker_id, citizen_id, first, last, author in rows]
