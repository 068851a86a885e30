"""The demo's own settings: its database, its sender and where its letters go.

The demo sends like the product, to a folder it owns, never over the network: its
citizens are fictitious, and their addresses could still belong to someone. Its sender is
the demo job centre's address, a valid one, so that `prepdesk --demo outbox send` sends,
unless a sender is configured (the built-in default is deliberately no address: a real
deployment must set one).

`prepdesk demo` opens the app with these settings; `prepdesk --demo COMMAND` (cli.py)
points every other command at the same demo with `use_demo`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepdesk.i18n import _
from prepdesk.paths import data_dir

# The demo job centre's own domain (demo/text.py has the rest of its material, 3 MiB of
# Python the app need not hold for a setting: issue 17).
STAFF_DOMAIN = "fjordby.example"
DEMO_CVR = "12345678"  # no real CVR number (its check digit is wrong): the demo's MeMo sender

if TYPE_CHECKING:
    from prepdesk.config import Settings


def demo_outbox_dir(scale: str) -> Path:
    # A Path, as the setting's type: demo_settings' model_copy does not validate, and the
    # post transport makes the folder with Path.mkdir.
    return data_dir() / f"demo-{scale}-outbox"


def demo_overrides(settings: Settings, scale: str) -> dict[str, Any]:
    """What the demo of `scale` changes in `settings`."""
    from prepdesk.config import Settings

    sender = settings.sender_address
    if sender == Settings.model_fields["sender_address"].default:
        sender = f"jobcenter@{STAFF_DOMAIN}"
    return {
        "database_url": settings.resolved_database_url(demo=scale),
        "outbox_transport": "file",
        "outbox_dir": demo_outbox_dir(scale),
        "sender_address": sender,
        # Digital Post too goes to the folder, never to KOMBIT (issue 16), as a fictitious
        # municipality's unless a CVR number is configured.
        "digital_post": "file",
        "municipality_cvr": settings.municipality_cvr or DEMO_CVR,
    }


def demo_settings(settings: Settings, scale: str) -> Settings:
    return settings.model_copy(update=demo_overrides(settings, scale))


def demo_signing_key(scale: str) -> str:
    """The key that signs the demo's approval links: made for the demo alone on first use,
    in a file of its own that only the user may read. The demo's citizens are fictitious,
    so it needs no keyring, and no demo link is valid on a real approval page."""
    import os
    import secrets as random_tokens

    path = data_dir() / f"demo-{scale}-signing-key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = random_tokens.token_urlsafe(48)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key)
    return key


def use_demo_secrets(scale: str) -> None:
    """This process signs and checks approval links with the demo's own key."""
    from prepdesk import secrets

    secrets.use_demo_secrets({secrets.SIGNING_KEY: demo_signing_key(scale)})


def use_demo(scale: str, *, build: bool) -> None:
    """Every later `load_settings()` of this process gives the demo's settings. With
    `build`, the demo is built first if it is missing; demo data from another day is
    kept (the app may have it open: a command never drops what the caseworker is working
    in). A build says so on stderr, so that a command's own output stays clean."""
    from prepdesk.config import load_settings, override_settings
    from prepdesk.core.context import settings_clock
    from prepdesk.data import db
    from prepdesk.demo.build import ensure_demo

    settings = load_settings()
    override_settings(**demo_overrides(settings, scale))
    if not build:
        return
    use_demo_secrets(scale)
    engine = db.open_engine(settings.resolved_database_url(demo=scale))
    said = []

    def progress(_step: str, _fraction: float) -> None:
        if not said:
            print(_("Building the demo data; this takes a minute …"), file=sys.stderr)
            said.append(True)

    try:
        db.upgrade(engine)
        ensure_demo(engine, scale=scale, today=settings_clock(settings)().date(),
                    progress=progress, rebuild=False)
    finally:
        engine.dispose()
