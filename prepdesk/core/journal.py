"""The duty to record (R-NOTE-4) and inquiries answered within 24 hours (R-SERV-1)."""

from datetime import datetime

from sqlmodel import Session

from prepdesk.core.access import open_citizen_record
from prepdesk.core.calendar import deadline_after
from prepdesk.core.context import CurrentUser
from prepdesk.data.models import Inquiry, JournalEntry
from prepdesk.errors import UserError
from prepdesk.i18n import _

CHANNELS = ("phone", "email", "sms", "letter", "digital_post")


def quick_note(
    session: Session, user: CurrentUser, citizen_id: int, *, channel: str, direction: str,
    text: str, now: datetime, title: str = "",
) -> JournalEntry:
    """A journal note of a phone call, e-mail or SMS in seconds: the first line is the title
    unless one is given."""
    open_citizen_record(session, user, citizen_id)
    if channel not in CHANNELS:
        raise UserError(_("Choose how the contact happened: phone, e-mail, SMS or letter."))
    body = text.strip()
    if not body:
        raise UserError(_("Write what the contact was about."))
    entry = JournalEntry(
        citizen_id=citizen_id, author_id=user.id, kind="letter" if channel == "digital_post" else channel,
        direction=direction, occurred_at=now, title=(title or body.splitlines()[0])[:120], body=body,
    )
    session.add(entry)
    session.commit()
    return entry


def log_inquiry(
    session: Session, user: CurrentUser, citizen_id: int, *, channel: str, summary: str,
    received_at: datetime,
) -> Inquiry:
    """Log an inquiry from the citizen; it is due 24 working hours after it arrived."""
    open_citizen_record(session, user, citizen_id)
    if channel not in CHANNELS:
        raise UserError(_("Choose how the contact happened: phone, e-mail, SMS or letter."))
    if not summary.strip():
        raise UserError(_("Write what the citizen asked about."))
    inquiry = Inquiry(citizen_id=citizen_id, caseworker_id=user.id, channel=channel,
                      received_at=received_at, due_at=deadline_after(received_at), summary=summary.strip())
    session.add(inquiry)
    session.commit()
    return inquiry


def close_inquiry(
    session: Session, user: CurrentUser, inquiry_id: int, *, answer: str, now: datetime,
    acknowledgement_only: bool = False,
) -> Inquiry:
    """Answer the inquiry (or only acknowledge it, with a promise of an answer): both stop the
    clock, and the reply is recorded in the journal."""
    inquiry = session.get(Inquiry, inquiry_id)
    if inquiry is None:
        raise UserError(_("The inquiry no longer exists."))
    entry = quick_note(session, user, inquiry.citizen_id, channel=inquiry.channel, direction="out",
                       text=answer, now=now,
                       title=_("Acknowledged inquiry") if acknowledgement_only else _("Answered inquiry"))
    if acknowledgement_only:
        inquiry.acknowledged_at = inquiry.acknowledged_at or now
    else:
        inquiry.answered_at = now
    inquiry.journal_entry_id = entry.id
    session.add(inquiry)
    session.commit()
    return inquiry
