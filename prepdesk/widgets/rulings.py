"""What the ruling screens and the similar-rulings panel share: the workspace's ruling
library (its indexes, kept on the app), attaching a ruling to a meeting, and how a
ruling is shown, every value as text (R-SEC-6).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.content import Content
from textual.dom import DOMNode

from prepdesk.core.context import Context
from prepdesk.core.labels import label
from prepdesk.core.ruling_library import RulingLibrary
from prepdesk.core.ruling_search import RulingHit
from prepdesk.core.rulings import Attachment, MeetingContext, RulingText, attach_to_meeting
from prepdesk.dates import long_date, long_datetime, short_date
from prepdesk.i18n import _
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command
from prepdesk.ui.run import run_core


def ruling_library(app: App) -> RulingLibrary:
    """The app's ruling library: one per app, so the library is indexed once and every
    screen sees the same, up-to-date indexes. Call it on the app's thread (e.g. in
    `on_mount`) and hand it to workers."""
    library: RulingLibrary | None = getattr(app, "_prepdesk_ruling_library", None)
    if library is None:
        library = RulingLibrary()
        app._prepdesk_ruling_library = library  # type: ignore[attr-defined]
    return library


# --- attaching to a meeting -------------------------------------------------------------


def attach_commands(prefix: str) -> tuple[Command, Command]:
    """The keys that attach a ruling to the meeting a screen was opened for."""
    return (
        Command(f"{prefix}.attach", "ctrl+g", "attach(False)", _("Save to meeting"),
                _("Attach the ruling to the preparation of the meeting."), priority=True),
        Command(f"{prefix}.attach_agenda", "ctrl+l", "attach(True)", _("Put on agenda"),
                _("Attach the ruling to the meeting and put it on the agenda."), priority=True),
    )


def attach(node: DOMNode, ctx: Context, meeting_id: int, ruling_id: int,
           on_agenda: bool, after: Callable[[Attachment], object] | None = None) -> None:
    """Attach the ruling in a worker and say, in a notification, what happened (attached,
    and where on the agenda), then call `after`; a refusal goes to the screen's problem
    bar."""

    def done(attached: Attachment) -> None:
        node.app.notify(strip_controls(attached.sentence), markup=False)
        if after is not None:
            after(attached)

    run_core(node, lambda: attach_to_meeting(ctx, meeting_id, ruling_id, on_agenda=on_agenda),
             done, group="attach-ruling")


# --- showing a ruling -----------------------------------------------------------------------


def for_meeting(meeting: MeetingContext) -> str:
    return _("For the meeting: {kind}, {time}").format(
        kind=label("meeting_kind", meeting.kind), time=long_datetime(meeting.starts_at))


def hit_prompt(hit: RulingHit) -> Content:
    """A ruling in the list: number and title, then date, law and outcome, all as text."""
    return Content.assemble(
        (strip_controls(hit.number), "bold"), "  ", strip_controls(hit.title), "\n",
        (" · ".join(part for part in (short_date(hit.decided_on), strip_controls(hit.law),
                                      label("ruling_outcome", hit.outcome)) if part),
         "$text-muted"),
    )


def facts_lines(ruling: RulingText) -> list[tuple[str, str]]:
    """(label, value) for what is known about a ruling, in reading order."""
    law = " ".join(part for part in (ruling.law, ruling.section) if part)
    lines = [(_("Decided"), long_date(ruling.decided_on)), (_("Law"), law),
             (_("Outcome"), label("ruling_outcome", ruling.outcome)),
             (_("Target group"), ruling.target_group), (_("Keywords"), ", ".join(ruling.keywords)),
             (_("Replaces"), ", ".join(ruling.replaces)),
             (_("Replaced by"), ", ".join(ruling.replaced_by))]
    return [(name, value) for name, value in lines if value]


def ruling_heading(ruling: RulingText) -> Content:
    """Number, title and the facts of a ruling, each value as text (R-SEC-6)."""
    lines = [Content.styled(strip_controls(ruling.number), "bold $text-primary"),
             Content.styled(strip_controls(ruling.title), "bold"), Content("")]
    lines += [Content.assemble((f"{name}: ", "$text-muted"), strip_controls(value))
              for name, value in facts_lines(ruling)]
    return Content("\n").join(lines)


def preview(ruling: RulingText) -> Content:
    summary = strip_controls(ruling.summary) or _("The ruling has no summary.")
    return Content("\n").join([ruling_heading(ruling), Content(""),
                               Content.styled(_("Summary"), "bold"), Content(summary)])
