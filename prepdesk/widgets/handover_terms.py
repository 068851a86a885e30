"""The terms of a handover, where a team lead starts one for a citizen or for a whole
caseload: why, the day the new caseworker takes over, and what moves along. A caseworker
asking for a handover gives only the reason (`day_and_moves=False`)."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Label, Select

from prepdesk.core.handover import reason_labels
from prepdesk.dates import parse_date
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.ui.fields import TextInput
from prepdesk.ui.safe import safe

FIRST_DAY_AFTER = 7  # the day offered for the new caseworker to take over: a week ahead


class HandoverTerms(Vertical):
    DEFAULT_CSS = """
    HandoverTerms {
        height: auto;
        .terms-row { height: auto; }
        .terms-row Label { width: 28; padding: 1 1 0 0; }
        #handover-reason, #handover-day { width: 40; }
    }
    """

    def __init__(self, today: date, reason: str | None = None, *,
                 day_and_moves: bool = True) -> None:
        super().__init__()
        self.today = today
        self.chosen = reason
        self.day_and_moves = day_and_moves

    def compose(self) -> ComposeResult:
        reasons = reason_labels()
        with Horizontal(classes="terms-row"):
            yield Label(_("Reason"))
            yield Select([(safe(words), code) for code, words in reasons.items()],
                         prompt=_("Choose a reason"), id="handover-reason",
                         value=self.chosen if self.chosen in reasons else Select.NULL)
        if self.day_and_moves:
            with Horizontal(classes="terms-row"):
                yield Label(_("Takes over from (dd.mm.yyyy)"))
                yield TextInput(f"{self.today + timedelta(days=FIRST_DAY_AFTER):%d.%m.%Y}",
                                id="handover-day")
            yield Checkbox(_("The outgoing caseworker's upcoming meetings move along"),
                           id="handover-meetings")
            yield Checkbox(_("The outgoing caseworker's open agreements move along"),
                           id="handover-agreements")

    def reason(self) -> str:
        """The reason's code. Raises UserError when none is chosen."""
        reason = self.query_one("#handover-reason", Select).value
        if reason == Select.NULL or reason is None:
            raise UserError(_("Choose a reason for the handover."))
        return str(reason)

    def day(self) -> date:
        """The day the new caseworker takes over. Raises UserError for a day not written
        as a date."""
        try:
            return parse_date(self.query_one("#handover-day", TextInput).value)
        except ValueError as problem:
            raise UserError(str(problem)) from None

    def moves(self) -> dict[str, bool]:
        """What moves along, as the core operations take it."""
        return {"move_meetings": self.query_one("#handover-meetings", Checkbox).value,
                "move_agreements": self.query_one("#handover-agreements", Checkbox).value}
