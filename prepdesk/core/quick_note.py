"""What the quick-note dialog shows about a citizen: their name and the inquiries still
waiting for an answer (R-NOTE-4, R-SERV-1). The writes are core.journal's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from prepdesk.core.access import open_citizen_record
from prepdesk.core.context import CurrentUser
from prepdesk.data.models import Inquiry


@dataclass(frozen=True)
class OpenInquiry:
    id: int
    channel: str
    received_at: datetime
    due_at: datetime
    summary: str
    acknowledged_at: datetime | None  # the clock has stopped, the answer is still due


@dataclass(frozen=True)
class CitizenContact:
    citizen_id: int
    name: str
    open_inquiries: list[OpenInquiry]  # oldest deadline first


def citizen_contact(session: Session, user: CurrentUser, citizen_id: int) -> CitizenContact:
    citizen = open_citizen_record(session, user, citizen_id)
    inquiries = session.exec(
        select(Inquiry).where(Inquiry.citizen_id == citizen_id, Inquiry.answered_at.is_(None))
        .order_by(Inquiry.due_at, Inquiry.id)
    )
    return CitizenContact(
        citizen_id, f"{citizen.first_name} {citizen.last_name}",
        [OpenInquiry(i.id, i.channel, i.received_at, i.due_at, i.summary, i.acknowledged_at)
         for i in inquiries],
    )
