"""One entry of the timeline, or one statement, in full: every word (R-STMT-1).

The document comes ready from core (`timeline.open_entry`, which logged the look), so
this screen only shows it; a held meeting's notes are shown by the one notes widget
(widgets/notes_view.NotesPanel), and `n` opens them on the notes screen. Title,
facts and body scroll as one page, so no part can squeeze out another. The text is a
wrapping Static: with a 100,000-character line it paints in about 0.15 s, faster than
a read-only TextArea.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from prepdesk.core.context import Context
from prepdesk.core.labels import label
from prepdesk.core.timeline import TimelineDocument
from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.notes_view import NotesPanel
from prepdesk.widgets.timeline_view import entry_time


class DocumentScreen(PrepDeskScreen):
    DEFAULT_CSS = """
    DocumentScreen {
        #document { padding: 1 2; }
        #document:focus { background-tint: $foreground 3%; }
        #document-title { text-style: bold; }
        #document-time { color: $text-muted; }
        #document-facts {
            grid-size: 2;
            grid-columns: auto 1fr;
            grid-gutter: 0 2;
            height: auto;
            padding: 0 1;
            margin: 1 0;
            border: round $border-blurred;
            border-title-color: $text;
        }
        #document-facts > Static { height: auto; }
        .fact-name { text-style: bold; }
        .fact-missing { color: $text-muted; }
        #notes { margin-top: 1; }
    }
    """
    USER_COMMANDS = (
        Command("document.back", "escape", "back", _("Back"),
                _("Close the document and go back.")),
        Command("document.notes", "n", "notes", _("Notes and corrections"),
                _("Open the meeting's notes: send them, or read the citizen's corrections "
                  "and their answers.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    def __init__(self, ctx: Context, document: TimelineDocument, citizen_name: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.document = document
        self.citizen_name = citizen_name

    def compose(self) -> ComposeResult:
        document = self.document
        yield Header()
        with VerticalScroll(id="document"):
            yield Static(Content.assemble(
                (label("timeline", document.kind) + " · ", "$text-muted"), safe(document.title),
            ), id="document-title")
            yield Static(Content.assemble(
                entry_time(document.kind, document.at, long=True), " · ", safe(self.citizen_name),
            ), id="document-time")
            if document.facts:
                facts = Grid(id="document-facts")
                facts.border_title = _("Facts")
                with facts:
                    for name, value in document.facts:
                        yield Static(safe(name), classes="fact-name")
                        if value.strip():
                            yield Static(safe(value))
                        else:
                            yield Static(safe(_("(not stated)")), classes="fact-missing")
            if document.notes is None:
                yield Static(safe(document.body or _("(no text)")), id="document-text")
            else:  # a held meeting: its notes as every reader sees them (R-APPR-3)
                if document.body.strip():
                    yield Static(safe(document.body), id="document-text")
                yield NotesPanel(document.notes, id="notes")
        yield Footer()

    def on_mount(self) -> None:
        # Arrow keys and page keys read on at once.
        self.query_one("#document").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "notes":
            return self.document.notes is not None
        return True

    def action_notes(self) -> None:
        if self.document.notes is not None:
            go(self, "notes", note_id=self.document.notes.note_id)

    def action_back(self) -> None:
        self.dismiss()
