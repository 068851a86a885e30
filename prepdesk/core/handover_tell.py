"""The citizen told about their handover, once (issue 13 item 6): the letter and the joint
meeting of core/handover_letter.py for a started handover, with their ids kept on the
handover (`Handover.letter_id`, `joint_meeting_id`) in the same transaction, so a second
try (another screen, a colleague, the same screen opened again) is a sentence, not a
second letter.

The handover's start does not tell the citizen (core/handover.py): the handover screen does,
with `tell_about_handover`, after the user has chosen the joint meeting's time and seen the
letter (`handover_letter.preview_handover_letter`).
"""

from __future__ import annotations

from datetime import datetime

from prepdesk.core.context import Context
from prepdesk.core.handover import _handover
from prepdesk.core.handover_letter import HandoverLetter, _tell
from prepdesk.core.transaction import check_version, writing
from prepdesk.errors import UserError
from prepdesk.i18n import _


def tell_about_handover(ctx: Context, handover_id: int, joint_meeting_at: datetime | None, *,
                        room_id: int | None = None, seen_version: int | None = None) -> HandoverLetter:
    """Tell the citizen of the handover who their new caseworker is, with the joint meeting
    at `joint_meeting_at` (None: without one), as `handover_letter.tell_the_citizen` does,
    and keep the letter's and the meeting's ids on the handover. Refused when the citizen
    has been told already or the handover is declined; all or nothing."""
    with writing(ctx) as session:
        row, citizen = _handover(session, ctx, handover_id)
        check_version(session, ctx, row, seen_version, _("The handover"))
        if row.status == "declined":
            raise UserError(_("The handover is declined, so the citizen is not told about it."))
        if row.letter_id is not None:
            raise UserError(_("The citizen has been told about the new caseworker already: the "
                              "letter is in the outbox or sent."))
        told = _tell(session, ctx, citizen, row.from_caseworker_id, row.to_caseworker_id,
                     joint_meeting_at, room_id=room_id, effective_on=row.effective_on)
        row.letter_id, row.joint_meeting_id = told.letter_id, told.meeting_id
        session.flush()
        return told
