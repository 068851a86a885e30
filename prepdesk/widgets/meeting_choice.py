"""Which of the citizen's planned meetings: a small dialog that returns the meeting's id.

Used by the citizen's file (m, with several planned meetings).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from prepdesk.core.labels import label
from prepdesk.core.queries import MeetingLine
from prepdesk.dates import long_datetime
from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DIALOG_CSS
from prepdesk.ui.footer import Footer
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen


class MeetingChoiceScreen(PrepDeskScreen, ModalScreen[int | None]):
    """The citizen's planned meetings; Enter chooses one."""

    USER_COMMANDS = (
        Command("meeting_choice.cancel", "escape", "cancel", _("Cancel"),
                _("Close without choosing.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "MeetingChoiceScreen {" + DIALOG_CSS + "}"

    def __init__(self, meetings: Sequence[MeetingLine]) -> None:
        super().__init__()
        self.meetings = meetings

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Which meeting do you want to prepare?"), classes="dialog-title",
                         markup=False)
            yield OptionList(*(
                Option(safe(" · ".join((long_datetime(m.starts_at), label("meeting_kind", m.kind),
                                        m.place))), id=str(m.id))
                for m in self.meetings))
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
