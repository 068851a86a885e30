"""The first screen: painted at once, while the workspace opens in a worker.

Kept light on purpose: it is imported before the first paint (shared/DESIGN.md,
"Start fast").
"""

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import ProgressBar, Static

from prepdesk.i18n import _
from prepdesk.ui.footer import Footer
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen


class LoadingScreen(PrepDeskScreen):
    def compose(self) -> ComposeResult:
        with Vertical(id="loading"):
            yield Static("PrepDesk", id="loading-title", markup=False)
            yield Static(_("Starting PrepDesk …"), id="loading-step", markup=False)
            with Center():
                # No ETA: it would make the screen depend on the clock.
                yield ProgressBar(total=1.0, show_eta=False, id="loading-bar")
        yield Footer()

    def show_progress(self, step: str, fraction: float) -> None:
        """Show the step the workspace is at; `fraction` runs from 0.0 to 1.0."""
        self.query_one("#loading-step", Static).update(safe(step))
        self.query_one(ProgressBar).update(progress=fraction)
