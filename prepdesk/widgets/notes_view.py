"""Finished notes as every reader sees them (R-APPR-3): THE widget for a `NotesView`.

At the top, every correction the caseworker did not accept, with the reason; then which
version this is; then the notes, structured as they were written (R-NOTE-1); then every
version with who made it, when, and at whose request. The notes screen, the timeline's
meeting, the citizen's file and the next meeting's preparation all show notes with
`NotesPanel`, so they show the same thing. Every text from the database goes through
`safe()` (R-SEC-6).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from prepdesk.core.note_content import NoteContent
from prepdesk.core.note_page import CorrectionLine, NotesView, StatementLine, VersionLine
from prepdesk.dates import medium_datetime, short_date
from prepdesk.i18n import _, ngettext
from prepdesk.ui.safe import safe


def status_label(status: str) -> str:
    return {
        "final": _("finished, not sent"), "sent": _("sent to the citizen for approval"),
        "approved": _("approved by the citizen"), "corrected": _("corrected by the citizen"),
    }.get(status, status)


def quoted(text: str) -> Content:
    return Content.assemble("»", safe(text), "«")


def version_status(view: NotesView) -> Content:
    return Content(_("Version {number}, {status}").format(
        number=view.current_version, status=status_label(view.status)))


def rejected_banner(lines: tuple[CorrectionLine, ...], *, id: str = "rejected") -> Vertical:
    """The corrections not accepted, with the reasons: at the top, for every reader."""
    banner = Vertical(*[
        Static(Content.assemble(
            *([(_("The notes of the meeting {date}").format(
                date=short_date(line.meeting_starts_at)) + " · ", "$text-muted")]
              if line.meeting_starts_at else []),
            safe(_("About “{section}”, the citizen proposed:").format(
                section=line.section_title)).stylize("bold"), "\n", quoted(line.proposed),
            *(["\n", _("The citizen's comment: "), quoted(line.comment)] if line.comment else []),
            "\n", safe(_("Not accepted by {name} on {time}. Reason: ").format(
                name=line.decided_by or "?",
                time=medium_datetime(line.decided_at) if line.decided_at else "?")).stylize("bold"),
            quoted(line.reason),
        ), classes="rejected-correction")
        for line in lines
    ], id=id, classes="rejected-banner")
    banner.border_title = ngettext(
        "⚠ The citizen disagrees: {n} correction was not accepted",
        "⚠ The citizen disagrees: {n} corrections were not accepted", len(lines),
    ).format(n=len(lines))
    return banner


def requested_by(change: CorrectionLine) -> str:
    """At whose request a version was made: "Corrected at the citizen's request 12.03. at
    10.14, accepted by Mette Kjær"."""
    return _("Corrected at the citizen's request {received}, accepted by {name}").format(
        received=medium_datetime(change.received_at), name=change.decided_by or "?")


def version_line(version: VersionLine) -> Content:
    parts: list[Any] = [
        (_("Version {number}").format(number=version.number), "bold"),
        f" · {medium_datetime(version.created_at)}",
    ]
    if version.author:
        parts += [" · ", safe(version.author)]
    if version.change_summary:
        parts += ["\n", safe(version.change_summary)]
    if version.change is not None:
        parts += ["\n", safe(requested_by(version.change)).stylize("italic"),
                  "\n", (_("Before: "), "$text-muted"), quoted(version.change.original),
                  "\n", (_("Now: "), "$text-muted"), quoted(version.change.proposed)]
    return Content.assemble(*parts)


def history_widgets(view: NotesView) -> Vertical:
    """Every version: number, when, who, what changed and at whose request."""
    versions = Vertical(*[Static(version_line(v), classes="version") for v in view.history],
                        id="history", classes="notes-history")
    versions.border_title = _("Versions")
    return versions


def agreement_text(content: NoteContent) -> list[Any]:
    parts: list[Any] = []
    for agreement in content.agreements:
        due = (" · " + _("by {date}").format(date=short_date(agreement.due_on))
               if agreement.due_on else "")
        parts += ["\n• ", safe(agreement.what), " · ",
                  safe(agreement.owner()), due]
    return parts or ["\n–"]


def note_text(content: NoteContent, statements: tuple[StatementLine, ...]) -> Content:
    """The notes, structured as they were written (R-NOTE-1)."""
    heading = "$text-primary bold"
    parts: list[Any] = [(_("Participants"), heading), "\n",
                        safe(", ".join(content.participants) or "–")]
    for number, section in enumerate(content.sections, start=1):
        parts += ["\n\n", (f"{number}. ", heading), safe(section.title).stylize(heading)]
        if not section.reached:
            parts.append(("  ✗ " + _("not reached"), "$text-warning"))
        parts += ["\n", safe(section.text or "–")]
    for key, title in (("citizen_view", _("The citizen's view, in their own words")),
                       ("facts", _("Facts"))):
        parts += ["\n\n", (title, heading), "\n", safe(getattr(content, key) or "–")]
    parts += ["\n\n", (_("Agreements"), heading), *agreement_text(content)]
    for key, title in (("next_steps", _("Next steps")), ("next_meeting", _("Next meeting"))):
        parts += ["\n\n", (title, heading), "\n", safe(getattr(content, key) or "–")]
    if statements:
        parts += ["\n\n", (_("Statements discussed"), heading)]
        for statement in statements:
            parts += ["\n• ", safe(statement.title)]
            if statement.deviates:
                parts += [(" · " + _("the notes deviate, because: "), "$text-warning"),
                          safe(statement.reason)]
    return Content.assemble(*parts)


class NotesPanel(Vertical):
    """A `NotesView`: rejected corrections on top (unless the screen shows them above
    already: `rejected_on_top=False`), the version, the text, the history."""

    DEFAULT_CSS = """
    NotesPanel {
        height: auto;
        .rejected-banner {
            height: auto; border: heavy $warning; border-title-color: $text-warning;
            border-title-style: bold; padding: 0 1; margin-bottom: 1;
        }
        .rejected-correction { margin-bottom: 1; }
        .notes-version { color: $text-muted; margin-bottom: 1; }
        .notes-history {
            height: auto; border: round $border-blurred; border-title-color: $text;
            padding: 0 1; margin-top: 1;
        }
        .version { margin-bottom: 1; }
    }
    """

    def __init__(self, view: NotesView, *, rejected_on_top: bool = True,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        self.rejected_on_top = rejected_on_top

    def compose(self) -> ComposeResult:
        view = self.view
        if view.rejected and self.rejected_on_top:
            yield rejected_banner(view.rejected)
        yield Static(version_status(view), classes="notes-version")
        yield Static(note_text(view.content, view.statements), id="note-text")
        yield history_widgets(view)
