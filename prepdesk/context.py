"""The Workspace: everything a screen needs to call core, passed in rather than global.

`open_workspace` runs in a worker thread after the first screen has painted: it is the
first place SQLAlchemy, SQLModel and keyring are imported (shared/DESIGN.md, "Start fast").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from prepdesk.i18n import _

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
class Workspace:
    sessions: sessionmaker[Session]
    user: CurrentUser
    settings: Settings
    clock: Callable[[], datetime] = system_clock
    demo: str | None = None  # the demo scale, when this is demo data

    def session(self) -> Session:
        return self.sessions()


def demo_sender(settings: Settings) -> Settings:
    """The demo's letters come from the demo job centre, unless a sender is configured: the
    built-in default is deliberately not an address, so a real deployment must set one."""
    from prepdesk.config import Settings
    from prepdesk.data.demo_text import STAFF_DOMAIN

    if settings.sender_address != Settings.model_fields["sender_address"].default:
        return settings
    return settings.model_copy(update={"sender_address": f"jobcenter@{STAFF_DOMAIN}"})


def open_workspace(
    progress: Progress, *, demo: str | None = None, login: str | None = None,
    role: str | None = None, overrides: dict[str, Any] | None = None,
) -> Workspace:
    """Load the settings, open and upgrade the database, and find the current user.

    With `demo` (a scale: "small" or "large"), the demo database is built first if it is
    missing or stale, and the user is the first demo user with `role`. Raises UserError
    with a sentence for the user.
    """
    from prepdesk.config import load_settings
    from prepdesk.core.access import find_user
    from prepdesk.data import db

    settings = load_settings(**(overrides or {}))
    progress(_("Opening the database …"), 0.0)
    clock = settings_clock(settings)
    engine = db.open_engine(settings.resolved_database_url(demo=demo))
    db.upgrade(engine)
    if demo:
        from prepdesk.data.demo import ensure_demo

        ensure_demo(engine, scale=demo, today=clock().date(), progress=progress)
        settings = demo_sender(settings)
    sessions = db.session_factory(engine)
    with sessions() as session:
        user = find_user(session, login=login, role=role)
    progress(_("Ready"), 1.0)
    return Workspace(sessions=sessions, user=user, settings=settings, clock=clock, demo=demo)
