""""Similar to this case" (R-RULE-2): the rulings most like a citizen's case, with why.

Mount it wherever a case is prepared, on the citizen's file or a meeting's preparation:

    yield SimilarRulingsPanel(ctx, citizen_id)                 # on the file
    yield SimilarRulingsPanel(ctx, citizen_id, meeting_id=42)  # preparing meeting 42

It loads itself in a worker when mounted (the first time in an app, the library is
indexed: seconds at 100,000 rulings; later, milliseconds, and colleagues' imports are
noticed) and `reload()` loads again, e.g. after a new statement. Looking logs the look at
the citizen's file (core checks access). Enter reads the highlighted ruling in full; with a meeting, Ctrl+G
attaches it to the meeting's preparation and Ctrl+L puts it on the agenda too (R-RULE-3),
and the panel posts `SimilarRulingsPanel.Attached` so the screen can show the change.
With `meeting_when`, a line under the title says which meeting the keys attach to.
The keys work while the list has focus and show in the footer then.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from prepdesk.core.context import Context
from prepdesk.core.rulings import Attachment
from prepdesk.core.similar_rulings import SimilarRuling, similar_rulings
from prepdesk.dates import long_datetime
from prepdesk.i18n import _
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.navigation import go
from prepdesk.ui.run import run_core
from prepdesk.widgets.rulings import attach, attach_commands, ruling_library

PANEL_COMMANDS = (
    # Priority: the list would otherwise take Enter and hide the key from the footer.
    Command("similar.open", "enter", "open", _("Read ruling"),
            _("Read the highlighted ruling in full."), priority=True),
    *attach_commands("similar"),
)


def suggestion_prompt(suggestion: SimilarRuling) -> Content:
    """Number and title, then one line per reason; all of it as text."""
    parts: list[str | tuple[str, str]] = [
        (strip_controls(suggestion.number), "bold"), "  ", strip_controls(suggestion.title)]
    for reason in suggestion.reasons:
        parts += ["\n", ("  · " + strip_controls(reason), "$text-muted")]
    return Content.assemble(*parts)


class SimilarRulingsPanel(Vertical):
    BINDINGS = bindings(PANEL_COMMANDS)

    class Attached(Message):
        """A suggestion was attached to the meeting (and perhaps put on its agenda)."""

        def __init__(self, attachment: Attachment) -> None:
            super().__init__()
            self.attachment = attachment

    DEFAULT_CSS = """
    SimilarRulingsPanel {
        height: auto;
        & > #similar-title {
            text-style: bold;
        }
        & > #similar-status, & > #similar-meeting {
            color: $text-muted;
        }
        & > OptionList {
            height: auto;
            max-height: 24;
            border: none;
        }
    }
    """

    def __init__(self, ctx: Context, citizen_id: int, meeting_id: int | None = None,
                 *, meeting_when: datetime | None = None, limit: int = 5,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.ctx = ctx
        self.citizen_id = citizen_id
        self.meeting_id = meeting_id
        self.meeting_when = meeting_when
        self.limit = limit
        self._shown: dict[str, SimilarRuling] = {}

    def compose(self) -> ComposeResult:
        yield Static(_("Similar rulings"), id="similar-title", markup=False)
        if self.meeting_id is not None and self.meeting_when is not None:
            yield Static(_("Enter reads the ruling; Ctrl+G attaches it to the meeting {when}, "
                           "Ctrl+L puts it on that meeting's agenda.").format(
                when=long_datetime(self.meeting_when)), id="similar-meeting", markup=False)
        yield Static(_("Finding similar rulings …"), id="similar-status", markup=False)
        yield OptionList(id="similar-list")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Find the similar rulings again, e.g. after a new statement."""
        ctx, citizen_id, limit = self.ctx, self.citizen_id, self.limit
        library = ruling_library(self.app)
        run_core(self, lambda: similar_rulings(ctx, citizen_id, limit=limit, library=library),
                 self._show, group="similar-rulings", exclusive=True)

    def _show(self, suggestions: list[SimilarRuling]) -> None:
        self._shown = {str(s.ruling_id): s for s in suggestions}
        found = self.query_one("#similar-list", OptionList)
        found.set_options(Option(suggestion_prompt(s), id=str(s.ruling_id))
                          for s in suggestions)
        found.display = bool(suggestions)
        if suggestions:
            found.highlighted = 0
        status = self.query_one("#similar-status", Static)
        status.display = not suggestions
        status.update(Content(_("No similar rulings: the case has no target group, benefit, "
                                "statements or journal entries to go by yet.")))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "attach":
            return self.meeting_id is not None and bool(self._shown)
        if action == "open":
            return bool(self._shown)
        return True

    def _chosen(self) -> SimilarRuling | None:
        option = self.query_one("#similar-list", OptionList).highlighted_option
        return self._shown.get(option.id) if option is not None else None

    def action_open(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self._read(chosen.ruling_id)

    @on(OptionList.OptionSelected, "#similar-list")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self._read(int(event.option.id))

    def _read(self, ruling_id: int) -> None:
        go(self, "ruling", ruling_id=ruling_id, meeting_id=self.meeting_id)

    def action_attach(self, on_agenda: bool) -> None:
        chosen = self._chosen()
        if chosen is not None and self.meeting_id is not None:
            attach(self, self.ctx, self.meeting_id, chosen.ruling_id, on_agenda,
                   after=lambda attached: self.post_message(self.Attached(attached)))
