"""The context of every core operation: who is working, on which database, at what time.

Passed in, never global, so a test can say "it is Friday 14:05" or "I am the team lead"
(shared/DESIGN.md, "Rules of the house"). Every layer may use these values; nothing here
imports SQLAlchemy, so the first paint stays light.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from prepdesk.config import Settings

# Meetings, deadlines and send windows are Danish local time.
LOCAL_TIMEZONE = ZoneInfo("Europe/Copenhagen")

Progress = Callable[[str, float], None]
"""Reports a step: a sentence for the user and the fraction done (0.0 to 1.0).

Call it per step or batch, not per row: each call waits for the screen. It may raise
(a BaseException) when the user quits meanwhile, so keep writes in transactions and
never catch BaseException around it."""


def system_clock() -> datetime:
    return datetime.now(LOCAL_TIMEZONE)


def settings_clock(settings: Settings) -> Callable[[], datetime]:
    """The computer's clock or, with the setting clock_start (training, end-to-end
    tests), a clock that starts there and runs on: "it is Friday at 14:05"."""
    start = settings.clock_start
    if start is None:
        return system_clock
    if start.tzinfo is None:
        start = start.replace(tzinfo=LOCAL_TIMEZONE)
    began = time.monotonic()
    return lambda: (start + timedelta(seconds=time.monotonic() - began)).astimezone(LOCAL_TIMEZONE)


@dataclass(frozen=True)
class CurrentUser:
    id: int
    name: str
    role: str  # "caseworker", "team_lead" or "admin"
    team_id: int | None
    team_name: str | None
    email: str
    phone: str


@dataclass(frozen=True)
class Context:
    """What a core operation needs besides ids and plain values. Only core opens sessions
    from `sessions` (core/transaction.py)."""

    sessions: sessionmaker[Session]
    user: CurrentUser
    settings: Settings
    clock: Callable[[], datetime] = system_clock
    demo: str | None = None  # the demo scale, when this is demo data

    def as_user(self, user: CurrentUser) -> Context:
        """The same database and clock, working as another user (tests, the CLI)."""
        return replace(self, user=user)
