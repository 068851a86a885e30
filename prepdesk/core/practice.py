"""Rulings at work: attached to meetings (R-RULE-3), and practice changes (R-RULE-4)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from prepdesk.core.context import CurrentUser
from prepdesk.data.models import (
    Caseworker,
    Complaint,
    Meeting,
    MeetingRuling,
    PracticeChange,
    PracticeChangeAck,
    Ruling,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _

# A ruling that changed or sent back one of our decisions means our practice was wrong.
PRACTICE_OUTCOMES = ("changed", "sent_back")


def attach_ruling(
    session: Session, user: CurrentUser, meeting_id: int, ruling_id: int, now: datetime,
    *, on_agenda: bool = False, note: str = "",
) -> MeetingRuling:
    """Attach a ruling to a meeting's preparation; attaching it again updates it."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or session.get(Ruling, ruling_id) is None:
        raise UserError(_("The meeting or the ruling no longer exists."))
    link = session.get(MeetingRuling, (meeting_id, ruling_id))
    if link is None:
        link = MeetingRuling(meeting_id=meeting_id, ruling_id=ruling_id, attached_by_id=user.id,
                             attached_at=now)
    link.on_agenda, link.note = on_agenda, note
    session.add(link)
    session.commit()
    return link


def detach_ruling(session: Session, meeting_id: int, ruling_id: int) -> None:
    link = session.get(MeetingRuling, (meeting_id, ruling_id))
    if link is not None:
        session.delete(link)
        session.commit()


def attached_rulings(session: Session, meeting_id: int) -> list[tuple[MeetingRuling, Ruling]]:
    return list(session.exec(
        select(MeetingRuling, Ruling).join(Ruling, Ruling.id == MeetingRuling.ruling_id)
        .where(MeetingRuling.meeting_id == meeting_id).order_by(MeetingRuling.attached_at)
    ))


def rulings_against_us(session: Session) -> list[Ruling]:
    """Rulings that changed or sent back one of the job centre's own decisions, newest first."""
    return list(session.exec(
        select(Ruling)
        .where(Ruling.outcome.in_(PRACTICE_OUTCOMES), Ruling.id.in_(select(Complaint.ruling_id)))
        .order_by(Ruling.decided_on.desc())
    ))


def publish_practice_change(
    session: Session, user: CurrentUser, ruling_id: int, title: str, description: str, now: datetime,
    *, whole_job_centre: bool = False,
) -> PracticeChange:
    """A team lead tells the team (or the whole job centre) how practice changes."""
    if user.role not in ("team_lead", "admin"):
        raise UserError(_("Only a team lead can publish a practice change."))
    ruling = session.get(Ruling, ruling_id)
    if ruling is None:
        raise UserError(_("The ruling no longer exists."))
    if ruling.outcome not in PRACTICE_OUTCOMES:
        raise UserError(_("A practice change follows a ruling that changed or sent back a decision; "
                          "ruling {number} confirmed it.").format(number=ruling.number))
    if not title.strip() or not description.strip():
        raise UserError(_("Write a title and what changes in practice."))
    change = PracticeChange(
        ruling_id=ruling_id, team_id=None if whole_job_centre else user.team_id, title=title.strip(),
        description=description.strip(), published_by_id=user.id, published_at=now,
    )
    session.add(change)
    session.commit()
    return change


def acknowledge(session: Session, user: CurrentUser, practice_change_id: int, now: datetime) -> None:
    """I have read the practice change and work by it. Acknowledging twice is harmless."""
    if session.get(PracticeChangeAck, (practice_change_id, user.id)) is not None:
        return
    session.add(PracticeChangeAck(practice_change_id=practice_change_id, caseworker_id=user.id,
                                  acknowledged_at=now))
    try:
        session.commit()
    except IntegrityError:  # acknowledged at the same moment in another window
        session.rollback()


@dataclass(frozen=True)
class Acknowledgement:
    caseworker_id: int
    name: str
    acknowledged_at: datetime | None


def acknowledgements(session: Session, practice_change_id: int) -> list[Acknowledgement]:
    """Everyone the change concerns, and whether and when they acknowledged: missing first."""
    change = session.get(PracticeChange, practice_change_id)
    concerned = select(Caseworker).where(Caseworker.active, Caseworker.role != "admin")
    if change.team_id is not None:
        concerned = concerned.where(Caseworker.team_id == change.team_id)
    acks = dict(session.exec(
        select(PracticeChangeAck.caseworker_id, PracticeChangeAck.acknowledged_at)
        .where(PracticeChangeAck.practice_change_id == practice_change_id)
    ).all())
    rows = [Acknowledgement(c.id, c.name, acks.get(c.id)) for c in session.exec(concerned)]
    return sorted(rows, key=lambda a: (a.acknowledged_at is not None, a.name))
