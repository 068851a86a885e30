"""The duty to record (R-NOTE-4) and inquiries answered within 24 hours (R-SERV-1).

Journal notes and inquiries are versioned: editing a note or closing an inquiry takes
the version the screen showed, and a colleague's change in between refuses the edit
with a sentence naming them (R-TEAM-1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from prepdesk.core import access
from prepdesk.core.calendar import deadline_after
from prepdesk.core.context import Context
from prepdesk.core.transaction import check_version, writing
from prepdesk.data.models import Inquiry, JournalEntry
from prepdesk.errors import UserError
from prepdesk.i18n import _

CHANNELS = ("phone", "email", "sms", "letter", "digital_post")


@dataclass(frozen=True)
class JournalNote:
    id: int
    citizen_id: int
    kind: str
    direction: str
    occurred_at: datetime
    title: str
    body: str
    version: int


@dataclass(frozen=True)
class InquiryView:
    id: int
    citizen_id: int
    channel: str
    received_at: datetime
    due_at: datetime
    summary: str
    acknowledged_at: datetime | None
    answered_at: datetime | None
    journal_entry_id: int | None
    version: int


def _note_view(entry: JournalEntry) -> JournalNote:
    return JournalNote(entry.id, entry.citizen_id, entry.kind, entry.direction, entry.occurred_at,
                       entry.title, entry.body, entry.version or 0)


def _inquiry_view(inquiry: Inquiry) -> InquiryView:
    return InquiryView(inquiry.id, inquiry.citizen_id, inquiry.channel, inquiry.received_at,
                       inquiry.due_at, inquiry.summary, inquiry.acknowledged_at,
                       inquiry.answered_at, inquiry.journal_entry_id, inquiry.version or 0)


def quick_note(
    ctx: Context, citizen_id: int, *, channel: str, direction: str, text: str, title: str = "",
) -> JournalNote:
    """A journal note of a phone call, e-mail or SMS in seconds: the first line is the title
    unless one is given."""
    with writing(ctx) as session:
        access.require(session, ctx, citizen_id)
        entry = _add_note(session, ctx, citizen_id, channel=channel, direction=direction,
                          text=text, title=title)
        session.flush()
        return _note_view(entry)


def _add_note(session: Session, ctx: Context, citizen_id: int, *, channel: str, direction: str,
              text: str, title: str) -> JournalEntry:
    if channel not in CHANNELS:
        raise UserError(_("Choose how the contact happened: phone, e-mail, SMS or letter."))
    body = text.strip()
    if not body:
        raise UserError(_("Write what the contact was about."))
    entry = JournalEntry(
        citizen_id=citizen_id, author_id=ctx.user.id,
        kind="letter" if channel == "digital_post" else channel, direction=direction,
        occurred_at=ctx.clock(), title=(title or body.splitlines()[0])[:120], body=body,
    )
    session.add(entry)
    return entry


def edit_note(ctx: Context, entry_id: int, *, seen_version: int, text: str,
              title: str = "") -> JournalNote:
    """Correct a journal note's text. Refused if someone changed it since `seen_version`."""
    with writing(ctx) as session:
        entry = session.get(JournalEntry, entry_id)
        if entry is None:
            raise UserError(_("The journal note no longer exists."))
        access.require(session, ctx, entry.citizen_id)
        check_version(session, ctx, entry, seen_version, _("The journal note"))
        body = text.strip()
        if not body:
            raise UserError(_("Write what the contact was about."))
        entry.body = body
        entry.title = (title or body.splitlines()[0])[:120]
        session.add(entry)
        session.flush()
        return _note_view(entry)


def log_inquiry(ctx: Context, citizen_id: int, *, channel: str, summary: str) -> InquiryView:
    """Log an inquiry from the citizen, received now; it is due 24 working hours later."""
    with writing(ctx) as session:
        access.require(session, ctx, citizen_id)
        if channel not in CHANNELS:
            raise UserError(_("Choose how the contact happened: phone, e-mail, SMS or letter."))
        if not summary.strip():
            raise UserError(_("Write what the citizen asked about."))
        received_at = ctx.clock()
        inquiry = Inquiry(citizen_id=citizen_id, caseworker_id=ctx.user.id, channel=channel,
                          received_at=received_at, due_at=deadline_after(received_at),
                          summary=summary.strip())
        session.add(inquiry)
        session.flush()
        return _inquiry_view(inquiry)


def close_inquiry(
    ctx: Context, inquiry_id: int, *, seen_version: int, answer: str,
    acknowledgement_only: bool = False,
) -> InquiryView:
    """Answer the inquiry (or only acknowledge it, with a promise of an answer): both stop the
    clock, and the reply is recorded in the journal. Refused if a colleague answered or
    changed it since `seen_version`."""
    with writing(ctx) as session:
        inquiry = session.get(Inquiry, inquiry_id)
        if inquiry is None:
            raise UserError(_("The inquiry no longer exists."))
        access.require(session, ctx, inquiry.citizen_id)
        check_version(session, ctx, inquiry, seen_version, _("The inquiry"))
        if inquiry.answered_at is not None:
            raise UserError(_("The inquiry has already been answered."))
        entry = _add_note(session, ctx, inquiry.citizen_id, channel=inquiry.channel,
                          direction="out", text=answer,
                          title=_("Acknowledged inquiry") if acknowledgement_only
                          else _("Answered inquiry"))
        session.flush()
        now = ctx.clock()
        if acknowledgement_only:
            inquiry.acknowledged_at = inquiry.acknowledged_at or now
        else:
            inquiry.answered_at = now
        inquiry.journal_entry_id = entry.id
        session.add(inquiry)
        session.flush()
        return _inquiry_view(inquiry)
