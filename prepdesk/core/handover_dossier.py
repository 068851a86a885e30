"""The shape of a handover dossier: one typed model (R-HAND-1), in one module.

A change of caseworker carries a dossier (Handover.dossier, JSON) so the incoming
caseworker need not ask the citizen to retell anything: a summary, the citizen's goals in
their own words, what the citizen has already told, accommodations, open agreements,
pending approvals and corrections, statements and their conclusions, rulings attached and
upcoming meetings. Stored JSON is validated on the way in (`to_stored`) and out
(`from_stored`); dicts stored before this model existed (the demo's, older databases) load
as they are: missing parts are empty, unknown keys are ignored. A stored dossier that does
not have this shape is a UserError with a Danish sentence, never a crash.

The incoming caseworker acknowledges each section (HandoverAck.section, R-HAND-2); a
section's key is its field name here, and `SECTIONS` lists them in the dossier's order.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from prepdesk.errors import UserError
from prepdesk.i18n import _

log = logging.getLogger(__name__)


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class StatementConclusion(_Part):
    """A statement in the citizen's case and what it concluded."""

    title: str
    author: str = ""
    conclusion: str = ""


class HandoverDossier(_Part):
    summary: str = ""
    goals: tuple[str, ...] = ()  # the citizen's own words
    already_told: tuple[str, ...] = ()
    accommodations: tuple[str, ...] = ()
    open_agreements: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()  # approvals and corrections that wait
    statements: tuple[StatementConclusion, ...] = ()
    rulings: tuple[str, ...] = ()  # the numbers of the rulings attached
    upcoming_meetings: tuple[datetime, ...] = ()

    # --- stored JSON

    @classmethod
    def from_stored(cls, stored: dict[str, Any] | None) -> HandoverDossier:
        """The dossier of a Handover row. A stored dossier that does not have the dossier's
        shape (written by something other than PrepDesk) is a UserError that says so, and
        the details go to the log."""
        try:
            return cls.model_validate(stored or {})
        except ValidationError as error:
            log.error("stored handover dossier does not have the dossier's shape: %s", error)
            raise UserError(_("This handover dossier is stored in a form PrepDesk cannot read. "
                              "Nothing was changed; tell IT.")) from None

    def to_stored(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


SECTIONS: tuple[str, ...] = tuple(HandoverDossier.model_fields)
