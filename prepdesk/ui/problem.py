"""The problem bar: the one place a screen shows why an action did not happen.

`ui.run.run_core` fills it with the sentence of a `UserError` and empties it after the
next action that worked. A `Conflict` (a colleague changed the thing meanwhile) also says
which key reloads.
"""

from __future__ import annotations

from textual.widgets import Static

from prepdesk.errors import UserError
from prepdesk.ui.safe import safe


class ProblemBar(Static):
    DEFAULT_CSS = """
    ProblemBar {
        /* Docked like the footer, above it (its margin): the keys stay in view, and the
           screen above keeps every line of its own. */
        dock: bottom; margin-bottom: 1; height: auto; max-height: 6; padding: 0 1;
        background: $error-muted; color: $text; text-style: bold;
        display: none;
    }
    ProblemBar.-shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__(markup=False, id="problem")
        self.problem: UserError | None = None

    def show(self, problem: UserError) -> None:
        self.problem = problem
        self.update(safe("⚠ " + problem.message))
        self.add_class("-shown")

    def clear(self) -> None:
        if self.problem is not None:
            self.problem = None
            self.update("")
            self.remove_class("-shown")
