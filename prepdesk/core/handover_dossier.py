"""The shape of a handover dossier: one typed model (R-HAND-1), in one module.

A change of caseworker carries a dossier (Handover.dossier, JSON) so the incoming
caseworker need not ask the citizen to retell anything: a summary, the citizen's goals in
their own words, what the citizen has already told, accommodations, open agreements,
pending approvals and corrections, statements and their conclusions, rulings attached and
upcoming meetings. Stored JSON is validated on the way in (`to_stored`) and out
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

from prepdesk.core.stored_json import StoredJson
from prepdesk.i18n import _


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class StatementConclusion(_Part):
    """A statement in the citizen's case and what it concluded."""

    title: str
    author: str = ""
    conclusion: str = ""


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

    @classmethod
    def unreadable(cls) -> str:
        return _("This handover dossier is stored in a form PrepDesk cannot read. "
                 "Nothing was changed; tell IT.")


SECTIONS: tuple[str, ...] = tuple(HandoverDossier.model_fields)
