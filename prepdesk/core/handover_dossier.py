"""The shape of a handover dossier: one typed model (R-HAND-1), in one module.

A change of caseworker carries a dossier (Handover.dossier, JSON) so the incoming
caseworker need not ask the citizen to retell anything: a summary, the citizen's goals in
their own words, what the citizen has already told, accommodations, open agreements,
pending approvals and corrections, statements and their conclusions, rulings attached,
upcoming meetings, and the meetings' notes as every reader sees them (`notes_in_dossier`,
from note_page's one view: the current version, its history, the corrections not
accepted on top). Stored JSON is validated on the way in (`to_stored`) and out
(`from_stored`; both from core/stored_json.py); dicts stored before this model existed
(the demo's, older databases) load as they are: missing parts are empty, unknown keys are
ignored. A stored dossier that does not have this shape is a UserError with a Danish
sentence, never a crash.

The incoming caseworker acknowledges each section (HandoverAck.section, R-HAND-2); a
section's key is its field name here, and `SECTIONS` lists them in the dossier's order.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from prepdesk.core.note_page import NotesView
from prepdesk.core.stored_json import StoredJson
from prepdesk.i18n import _


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class StatementConclusion(_Part):
    """A statement in the citizen's case and what it concluded."""

    title: str
    author: str = ""
    conclusion: str = ""


class RejectedInDossier(_Part):
    """A correction of the notes that was not accepted, and why (R-APPR-3)."""

    section: str
    proposed: str
    reason: str
    decided_by: str = ""
    decided_at: datetime | None = None


class VersionInDossier(_Part):
    """A version of the notes: when, who, what changed, and at whose request."""

    number: int
    created_at: datetime
    author: str = ""
    change_summary: str = ""
    requested_at: datetime | None = None  # the citizen's correction that made it
    accepted_by: str = ""


class NotesInDossier(_Part):
    """A meeting's notes as every reader sees them: the current version's text, its
    history and, on top, the corrections not accepted (R-APPR-3)."""

    meeting_at: datetime
    current_version: int = 1
    text: str = ""
    rejected: tuple[RejectedInDossier, ...] = ()
    history: tuple[VersionInDossier, ...] = ()


def notes_in_dossier(view: NotesView) -> NotesInDossier:
    """The dossier's part for one meeting's notes, from the one view of notes."""
    return NotesInDossier(
        meeting_at=view.meeting_starts_at, current_version=view.current_version,
        text=view.content.plain_text(),
        rejected=tuple(RejectedInDossier(section=c.section_title, proposed=c.proposed,
                                         reason=c.reason, decided_by=c.decided_by,
                                         decided_at=c.decided_at) for c in view.rejected),
        history=tuple(VersionInDossier(
            number=v.number, created_at=v.created_at, author=v.author,
            change_summary=v.change_summary,
            requested_at=v.change.received_at if v.change else None,
            accepted_by=v.change.decided_by if v.change else "") for v in view.history),
    )


class HandoverDossier(StoredJson):
    summary: str = ""
    goals: tuple[str, ...] = ()  # the citizen's own words
    already_told: tuple[str, ...] = ()
    accommodations: tuple[str, ...] = ()
    open_agreements: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()  # approvals and corrections that wait
    statements: tuple[StatementConclusion, ...] = ()
    rulings: tuple[str, ...] = ()  # the numbers of the rulings attached
    upcoming_meetings: tuple[datetime, ...] = ()
    notes: tuple[NotesInDossier, ...] = ()  # the meetings' notes, current version and history

    @classmethod
    def unreadable(cls) -> str:
        return _("This handover dossier is stored in a form PrepDesk cannot read. "
                 "Nothing was changed; tell IT.")


SECTIONS: tuple[str, ...] = tuple(HandoverDossier.model_fields)
