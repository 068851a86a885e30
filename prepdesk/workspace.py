"""Opening the workspace: settings, database, demo data and the current user, wired into
the `Context` that every core operation takes.

`open_workspace` runs in a worker thread after the first screen has painted: it is the
first place SQLAlchemy, SQLModel and keyring are imported (shared/DESIGN.md, "Start fast").
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from prepdesk.core.context import Context, Progress, settings_clock
from prepdesk.i18n import _

if TYPE_CHECKING:
    from prepdesk.config import Settings
    from prepdesk.core.approval import CitizenContext


def open_workspace(
    progress: Progress, *, demo: str | None = None, login: str | None = None,
    role: str | None = None, overrides: dict[str, Any] | None = None, rebuild_demo: bool = True,
) -> Context:
    """Load the settings, open and upgrade the database, and find the current user.

    With `demo` (a scale: "small" or "large"), the demo database is built first if it is
    missing or stale (only when missing with `rebuild_demo=False`: a command run beside the
    app keeps the demo the app has open), and the user is the first demo user with `role`.
    Raises UserError with a sentence for the user.
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
        from prepdesk.demo.settings import demo_settings, use_demo_secrets

        if not _demo_built_on(engine, clock().date()):
            from prepdesk.demo.build import ensure_demo  # the builder: ~0.1 s to import

            ensure_demo(engine, scale=demo, today=clock().date(), progress=progress,
                        rebuild=rebuild_demo)
        settings = demo_settings(settings, demo)
        use_demo_secrets(demo)
    sessions = db.session_factory(engine)
    with sessions() as session:
        user = find_user(session, login=login, role=role)
    progress(_("Ready"), 1.0)
    return Context(sessions=sessions, user=user, settings=settings, clock=clock, demo=demo)


def _demo_built_on(engine: Any, today: date) -> bool:
    """Whether the demo database holds demo data built `today`, as demo.build's
    `_needs_build` tells it, without importing the builder; anything else (no demo yet,
    another day, other data) is `ensure_demo`'s to handle."""
    from sqlalchemy import select

    from prepdesk.core.context import LOCAL_TIMEZONE
    from prepdesk.data.models import DemoInfo

    with engine.connect() as connection:
        built_at = connection.scalar(select(DemoInfo.built_at).order_by(DemoInfo.id.desc()))
    return built_at is not None and built_at.astimezone(LOCAL_TIMEZONE).date() == today


def open_portal_context(overrides: dict[str, Any] | None = None) -> tuple[CitizenContext, Settings]:
    """The approval page's wiring (`prepdesk portal`): the settings, the database (upgraded),
    the clock and the key that signs the links, as the context of the citizen's operations.

    The portal works for citizens, not for a PrepDesk user, so it gets no `Context`:
    core.approval's citizen operations take this one and check the link token themselves.
    The key must be the one the caseworkers' PrepDesk signs links with."""
    from prepdesk.config import load_settings
    from prepdesk.core.approval import CitizenContext, signing_key
    from prepdesk.data import db

    settings = load_settings(**(overrides or {}))
    engine = db.open_engine(settings.resolved_database_url())
    db.upgrade(engine)
    citizen = CitizenContext(sessions=db.session_factory(engine), key=signing_key(),
                             clock=settings_clock(settings))
    return citizen, settings


def close_workspace(ctx: Context) -> None:
    """Close the database connections the workspace's engine holds (the app does as it
    closes). The engine stays usable: a later session opens new connections."""
    # Some screen tests' contexts are doubles without sessions.
    engine = getattr(getattr(ctx, "sessions", None), "kw", {}).get("bind")
    if engine is not None and hasattr(engine, "dispose"):
        engine.dispose()
