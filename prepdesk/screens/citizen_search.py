"""Find a citizen from anywhere (R-FILE-1): a dialog with a search field and the best hits.

Results come as the caseworker types: each query runs in a thread worker, and a newer
query cancels the older one, so stale results never replace newer ones. The index is
shared by the workspace (`core.citizen_search.CitizenIndexCache`, started by the app after
login), catches up with colleagues' changes before each search, and only finds the
citizens the user may see (R-SEC-3); hits carry the masked CPR only (R-SEC-2).
"""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from prepdesk.core.citizen_search import CitizenHit, CitizenIndexCache, finds_no_one_by_digits
from prepdesk.core.fuzzy_index import warm_search
from prepdesk.i18n import _, ngettext
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.run import run_core
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.citizen_hit import hit_prompt

__all__ = ["CitizenSearchScreen", "hit_prompt"]

MAX_HITS = 50


class CitizenSearchScreen(PrepDeskScreen, ModalScreen[None]):
    USER_COMMANDS = (
        Command("search.open", "enter", "open", _("Open"),
                _("Open the chosen citizen's file."), priority=True),
        Command("search.close", "escape", "close", _("Close"),
                _("Close the search and go back to where you were.")),
        Command("search.next", "down", "move(1)", _("Next citizen"),
                _("Move to the next citizen in the list."), show=False, in_palette=False),
        Command("search.previous", "up", "move(-1)", _("Previous citizen"),
                _("Move to the previous citizen in the list."), show=False, in_palette=False),
    )
    BINDINGS = bindings(USER_COMMANDS)
    # Long enough to skip the keystrokes of a fast typist, short enough not to be noticed.
    DEBOUNCE_SECONDS = 0.08

    DEFAULT_CSS = """
    CitizenSearchScreen {
        align: center top;
    }
    #search-dialog {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        margin-top: 3;
        padding: 1 2;
        background: $surface;
        border: thick $primary;
    }
    #search-title {
        text-style: bold;
        margin-bottom: 1;
    }
    #search-status {
        margin: 1 0;
    }
    #search-results {
        height: auto;
        max-height: 20;
        & > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    def __init__(self, index: CitizenIndexCache) -> None:
        super().__init__()
        self._index = index
        self._debounce: Timer | None = None
        self._open_when_answered = False
        self.answered = ""
        """The query whose results are shown."""

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield Static(_("Find citizen"), id="search-title", markup=False)
            yield TextInput(placeholder=_("Name, part of a name or CPR number"), id="search-query",
                        select_on_focus=False)
            yield Static(self._hint(), id="search-status", markup=False)
            results = OptionList(id="search-results")
            results.can_focus = False  # typing stays in the field; up and down move here
            results.display = False
            yield results
        yield Footer()

    def on_mount(self) -> None:
        # What a search needs beyond the index, loaded while the caseworker types.
        run_core(self, warm_search, group="warm-search")

    def _hint(self) -> str:
        if self._index.ready:
            return _("Type a name, part of a name or a CPR number.")
        return _("Preparing the search … you can start typing.")

    @on(Input.Changed, "#search-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._open_when_answered = False
        if self._debounce is not None:
            self._debounce.stop()
        if not event.value.strip():
            self.workers.cancel_group(self, "citizen-search")
            self._show_status(self._hint())
            self.query_one(OptionList).clear_options().display = False
            self.answered = ""
            return
        self._debounce = self.set_timer(self.DEBOUNCE_SECONDS,
                                        lambda: self._search(event.value))

    def _search(self, query: str) -> None:
        run_core(self, partial(self._find, query), self._answered, group="citizen-search",
                 exclusive=True)

    def _find(self, query: str) -> tuple[str, list[CitizenHit]]:
        return query, self._index.search(query, limit=MAX_HITS)

    def _answered(self, answer: tuple[str, list[CitizenHit]]) -> None:
        query, hits = answer
        if self.is_attached and query == self.query_one(Input).value:  # not overtaken
            self._show_hits(query, hits)

    def _show_hits(self, query: str, hits: list[CitizenHit]) -> None:
        self.answered = query
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options(Option(hit_prompt(hit), id=str(hit.citizen_id)) for hit in hits)
        results.display = bool(hits)  # no empty box under "no citizens found"
        open_first, self._open_when_answered = self._open_when_answered, False
        if hits:
            results.highlighted = 0
            if open_first:
                results.action_select()
            status = ngettext("{count} citizen found.", "{count} citizens found.", len(hits))
            if len(hits) == MAX_HITS:
                status = _("The {count} best matches. Type more to narrow the search.")
            self._show_status(status.format(count=len(hits)))
        elif finds_no_one_by_digits(query):
            self._show_status(_("Type the whole birth date (DDMMYY) or the whole CPR number."))
        else:
            self._show_status(_("No citizens found. Check the spelling, or search by the "
                                "CPR number."))

    def _show_status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Content(text))

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            current = results.highlighted if results.highlighted is not None else -step
            results.highlighted = max(0, min(results.option_count - 1, current + step))

    def action_open(self) -> None:
        query = self.query_one(Input).value
        if query.strip() and query != self.answered:
            # Enter typed faster than the search: never open a hit of an older query.
            if self._debounce is not None:
                self._debounce.stop()
            self._open_when_answered = True
            self._search(query)
            return
        results = self.query_one(OptionList)
        if results.highlighted is not None:
            results.action_select()

    @on(OptionList.OptionSelected, "#search-results")
    def _open_citizen(self, event: OptionList.OptionSelected) -> None:
        go(self, "citizen_file", citizen_id=int(event.option.id))
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()
