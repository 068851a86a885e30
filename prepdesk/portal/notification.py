"""The e-mail that asks the citizen to approve the notes, queued in the outbox.

It holds the citizen's first name, the link and the caseworker's direct contact
(R-LTR-2), nothing else: an e-mail may be read by others, and the notes themselves are
behind the date of birth. Like every letter it waits for the send window (R-LTR-4).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

import jinja2
from babel.dates import format_date
from sqlmodel import Session

from prepdesk.core.calendar import send_time
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.data.models import ApprovalRequest, Caseworker, Citizen, Note, OutboxMessage
from prepdesk.delivery.outbox import enqueue, header_safe, valid_address
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.text import strip_controls


@cache
def _templates() -> jinja2.Environment:
    # Plain text: escaping would put &amp; in the e-mail. Values lose their control
    # characters instead, as in letters.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")), autoescape=False,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        finalize=lambda value: strip_controls(value) if isinstance(value, str) else value,
    )


def approval_link(base_url: str, token: str) -> str:
    """The address of the approval page for `token`, under the portal's public address."""
    return f"{base_url.rstrip('/')}/g/{token}"


def queue_approval_notification(session: Session, request: ApprovalRequest, token: str,
                                base_url: str, now: datetime, *, sender: str) -> OutboxMessage:
    """Put the e-mail with the link to `request` in the outbox and commit. The author of
    the notes signs it, as the outbox names them in From and Reply-To: the citizen's
    answers go to the one who wrote the notes, also when a team lead sent them.

    Raises UserError when the citizen has no e-mail address, or an address or name that
    cannot be sent.
    """
    note = session.get(Note, request.note_id)
    citizen = session.get(Citizen, note.citizen_id)
    author = session.get(Caseworker, note.author_id)
    header_safe(author.name, _("The name"))
    valid_address(author.email)
    if not citizen.email:
        raise UserError(_("The citizen has no e-mail address. Add it to the citizen's file, or "
                          "give them the notes on paper."))
    # The module of a rendered template holds its text and its `subject`.
    rendered = _templates().get_template("approval_notification.txt.j2").make_module(dict(
        first_name=citizen.first_name, link=approval_link(base_url, token),
        valid_until=format_date(request.expires_at.astimezone(LOCAL_TIMEZONE).date(),
                                "d. MMMM y", locale="da"),
        caseworker_name=author.name, caseworker_phone=author.phone, caseworker_email=author.email,
    ))
    message = enqueue(session, to_address=citizen.email, subject=rendered.subject,
                      body=str(rendered).strip() + "\n", not_before=send_time(now), now=now,
                      sender=sender, citizen_id=citizen.id)
    message.approval_request_id = request.id
    session.add(message)
    session.commit()
    return message
