"""One ruling in full (R-RULE-1): its facts, then the summary, the facts of the case
(sagsfremstilling), the decision (afgørelse) and the reasoning (begrundelse), and the
rulings it replaces or is replaced by. Opened for a meeting, it can be attached to the
meeting's preparation or agenda (R-RULE-3).

The text is read in a worker and shown as literal text, however it was written (R-SEC-6).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from prepdesk.core.context import Context
from prepdesk.core.rulings import RulingText, read_ruling
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.rulings import attach, attach_commands, for_meeting, ruling_heading


def parts(ruling: RulingText) -> list[tuple[str, str, str]]:
    """(id, title, text) of the parts of the full text, in reading order."""
    return [("summary", _("Summary"), ruling.summary),
            ("facts", _("Facts of the case"), ruling.facts),
            ("decision", _("Decision"), ruling.decision_text),
            ("reasoning", _("Reasoning"), ruling.reasoning)]


def replaced_notice(newer: tuple[str, ...]) -> str:
    """The sentence that says a ruling has been replaced, and by which: '' when not."""
    if not newer:
        return ""
    return _("Replaced by {numbers}: read the newer ruling before you use this one.").format(
        numbers=", ".join(newer))


class RulingScreen(PrepDeskScreen):
    USER_COMMANDS = (
        *attach_commands("ruling"),
        # Out of the footer, which has no room for them; in the help and the palette.
        Command("ruling.summary", "r", "jump('summary')", _("Summary"),
                _("Go to the ruling's summary (resumé)."), show=False),
        Command("ruling.facts", "s", "jump('facts')", _("Facts of the case"),
                _("Go to the facts of the case (sagsfremstilling)."), show=False),
        Command("ruling.decision", "a", "jump('decision')", _("Decision"),
                _("Go to the Board's decision (afgørelse)."), show=False),
        Command("ruling.reasoning", "b", "jump('reasoning')", _("Reasoning"),
                _("Go to the reasons for the decision (begrundelse)."), show=False),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    #ruling-meeting {
        padding: 0 1;
        color: $text-muted;
    }
    #ruling-replaced {
        padding: 0 1;
        color: $text-warning;
        text-style: bold;
    }
    #ruling-text {
        padding: 0 2;
    }
    .ruling-part-title {
        margin-top: 1;
        text-style: bold;
        color: $text-primary;
    }
    """

    def __init__(self, ctx: Context, ruling_id: int,
                 meeting_id: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.ruling_id = ruling_id
        self.meeting_id = meeting_id
        self.ruling: RulingText | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="ruling-meeting")
        yield Static(id="ruling-replaced")
        with VerticalScroll(id="ruling-text"):
            yield Static(safe(_("Reading the ruling …")), id="ruling-heading")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ruling-meeting").display = self.meeting_id is not None
        self.query_one("#ruling-replaced").display = False
        self.query_one("#ruling-text").focus()  # up, down and page keys scroll the text
        self._load()

    def _load(self) -> None:
        ctx, ruling_id, meeting_id = self.ctx, self.ruling_id, self.meeting_id
        run_core(self, lambda: read_ruling(ctx, ruling_id, meeting_id=meeting_id), self._show,
                 failed=self._not_shown, group="ruling")

    def _not_shown(self, _problem: UserError) -> None:
        # The problem bar says why.
        self.query_one("#ruling-heading", Static).update("")

    def _show(self, ruling: RulingText) -> None:
        self.ruling = ruling
        if ruling.meeting is not None:
            self.query_one("#ruling-meeting", Static).update(safe(for_meeting(ruling.meeting)))
        self.query_one("#ruling-heading", Static).update(ruling_heading(ruling))
        replaced = self.query_one("#ruling-replaced", Static)
        replaced.display = bool(ruling.replaced_by)
        replaced.update(safe(replaced_notice(ruling.replaced_by)))
        text = self.query_one("#ruling-text", VerticalScroll)
        for key, title, body in parts(ruling):
            text.mount(Static(Content(title), id=f"part-{key}", classes="ruling-part-title"),
                       Static(safe(body) if body.strip() else
                              Content.styled(_("Not given in the imported file."),
                                             "italic $text-muted")))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "attach":
            return self.meeting_id is not None and self.ruling is not None
        if action == "jump":
            return self.ruling is not None
        return True

    def action_jump(self, part: str) -> None:
        self.query_one("#ruling-text", VerticalScroll).scroll_to_widget(
            self.query_one(f"#part-{part}"), top=True, animate=False)

    def action_attach(self, on_agenda: bool) -> None:
        if self.ruling is not None and self.meeting_id is not None:
            attach(self, self.ctx, self.meeting_id, self.ruling.id, on_agenda)
