"""One hit of the citizen search, as the search dialog and the quick note show it."""

from __future__ import annotations

from textual.content import Content

from prepdesk.core.citizen_search import CitizenHit
from prepdesk.i18n import _
from prepdesk.text import strip_controls


def hit_prompt(hit: CitizenHit) -> Content:
    """One hit: the name as text (never markup), the masked CPR, and whether inactive."""
    name = " ".join(strip_controls(hit.name).split())
    parts: list[str | tuple[str, str]] = [(name, "bold"), "  ", hit.masked_cpr]
    if not hit.active:
        parts.append("  " + _("(case closed)"))
    return Content.assemble(*parts)
