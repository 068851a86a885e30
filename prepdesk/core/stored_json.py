"""Typed content stored as JSON in one column (the notes, the handover dossier).

A `StoredJson` model is frozen, validated on the way in (`to_stored`) and out
(`from_stored`). What was stored before the model existed loads as it is: missing parts
are empty, unknown keys are ignored. What does not have the model's shape at all (written
by something other than PrepDesk) is a UserError with the model's own sentence
(`unreadable`), never a crash, and the details go to the log.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from prepdesk.errors import UserError

log = logging.getLogger(__name__)


class StoredJson(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    @classmethod
    def unreadable(cls) -> str:
        """The sentence a caseworker reads when the stored JSON cannot be read."""
        raise NotImplementedError

    @classmethod
    def from_stored(cls, stored: dict[str, Any] | None) -> Self:
        try:
            return cls.model_validate(stored or {})
        except ValidationError as error:
            log.error("stored %s does not have its shape: %s", cls.__name__, error)
            raise UserError(cls.unreadable()) from None

    def to_stored(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
