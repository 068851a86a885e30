"""The one-line heading of a meeting, shared by the preparation, the agenda and the
letter screens."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from prepdesk.core.labels import label
from prepdesk.dates import long_datetime

HEADING_NAME_WIDTH = 40


class _Meeting(Protocol):
    kind: str
    starts_at: datetime


def meeting_heading(citizen_name: str, meeting: _Meeting) -> str:
    """"Søren Møller · Opfølgningssamtale · mandag 30. nov. 2026 kl. 10.00". A very long
    name is shortened, so the heading stays on a line or two and the time stays in it."""
    name = citizen_name
    if len(name) > HEADING_NAME_WIDTH:  # cut anywhere: a name may be one long word
        name = name[:HEADING_NAME_WIDTH - 1].rstrip() + "…"
    return " · ".join((name, label("meeting_kind", meeting.kind),
                       long_datetime(meeting.starts_at)))
