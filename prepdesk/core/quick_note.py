"""What the quick-note dialog shows about a citizen: their name and the inquiries still
waiting for an answer (R-NOTE-4, R-SERV-1). The writes are core.journal's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from prepdesk.core import access
from prepdesk.core.context import Context
from prepdesk.core.transaction import writing
from prepdesk.data.models import Inquiry


@dataclass(frozen=True)
class OpenInquiry:
    id: int
    channel: str
    received_at: datetime
    due_at: datetime
    summary: str
    acknowledged_at: datetime | None  # the clock has stopped, the answer is still due
    version: int  # what closing it refers to


@dataclass(frozen=True)
class CitizenContact:
    citizen_id: int
    name: str
    open_inquiries: tuple[OpenInquiry, ...]  # oldest deadline first


def citizen_contact(ctx: Context, citizen_id: int, *, again: bool = False) -> CitizenContact:
    """The citizen's name and open inquiries, for writing a note. Not the file, but a look
    at the citizen's inquiries all the same: logged (look "quick_note"), once per dialog;
    `again` (the open dialog reloading) is not a new look."""
    with writing(ctx) as session:
        citizen = access.require(session, ctx, citizen_id, look=None if again else "quick_note")
        inquiries = session.exec(
            select(Inquiry).where(Inquiry.citizen_id == citizen_id, Inquiry.answered_at.is_(None))
            .order_by(Inquiry.due_at, Inquiry.id)
        )
        return CitizenContact(
            citizen_id, f"{citizen.first_name} {citizen.last_name}",
            tuple(OpenInquiry(i.id, i.channel, i.received_at, i.due_at, i.summary,
                              i.acknowledged_at, i.version or 0) for i in inquiries),
        )
