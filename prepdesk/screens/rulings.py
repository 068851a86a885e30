"""Afgørelser: search Ankestyrelsen's rulings as you type, filter, preview (R-RULE-2, R-RULE-3).

The indexes live in the app's `RulingLibrary` (`widgets.rulings.ruling_library`): built
on first use in a worker, then shared by every screen, and kept up to date with what
colleagues import. Each keystroke runs the search through `run_core`; a newer one
supersedes the older, and a result is only shown if it answers what the field and filters
say now. At most MAX_HITS rulings are listed, so the screen stays quick with 100,000
rulings. The preview of the highlighted ruling is read in a worker too; Enter opens the
full text (the "ruling" screen).

Opened for a meeting (`meeting_id`), the screen can attach the highlighted ruling to the
meeting's preparation, or put it on the agenda as well.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from prepdesk.core.context import Context
from prepdesk.core.fuzzy_index import warm_search
from prepdesk.core.labels import label
from prepdesk.core.ruling_library import RulingLibrary
from prepdesk.core.ruling_search import RulingHit
from prepdesk.core.rulings import MeetingContext, RulingText, meeting_context, read_ruling
from prepdesk.errors import UserError
from prepdesk.i18n import _, ngettext
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.rulings import (
    attach,
    attach_commands,
    for_meeting,
    hit_prompt,
    preview,
    ruling_library,
)

MAX_HITS = 200  # listed at most: enough to browse, few enough to list at every keystroke
FILTERS = ("law", "outcome", "year", "target_group")


# --- the screen ----------------------------------------------------------------------------


class RulingsScreen(PrepDeskScreen):
    USER_COMMANDS = (
        # Priority: the search field would take Enter. Left to a menu that has focus.
        Command("rulings.open", "enter", "open", _("Read"),
                _("Read the chosen ruling in full: facts, decision and reasoning."),
                priority=True),
        *attach_commands("rulings"),
        Command("rulings.clear_filters", "ctrl+r", "clear_filters", _("Clear filters"),
                _("Show rulings of every law, outcome, year and target group again.")),
        Command("rulings.next", "down", "move(1)", _("Next ruling"),
                _("Move to the next ruling in the list."), show=False, in_palette=False),
        Command("rulings.previous", "up", "move(-1)", _("Previous ruling"),
                _("Move to the previous ruling in the list."), show=False, in_palette=False),
        Command("rulings.page_down", "pagedown", "move(10)", _("Ten rulings down"),
                _("Move ten rulings down the list."), show=False, in_palette=False),
        Command("rulings.page_up", "pageup", "move(-10)", _("Ten rulings up"),
                _("Move ten rulings up the list."), show=False, in_palette=False),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEBOUNCE_SECONDS = 0.05  # skips the keystrokes of a fast typist; not noticed

    DEFAULT_CSS = """
    #rulings-title {
        padding: 0 1;
        text-style: bold;
        color: $text-primary;
    }
    #rulings-filters {
        height: auto;
        & > Select {
            width: 1fr;
        }
    }
    #rulings-status {
        padding: 0 1;
        color: $text-muted;
    }
    #rulings-body {
        height: 1fr;
    }
    #rulings-results {
        width: 3fr;
        height: 1fr;
        border: none;
        & > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    #rulings-preview {
        width: 2fr;
        padding: 0 1;
        border-left: solid $primary;
    }
    """

    def __init__(self, ctx: Context, meeting_id: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.meeting_id = meeting_id
        self._debounce: Timer | None = None
        self._shown: dict[str, RulingHit] = {}
        self._library: RulingLibrary | None = None  # the app's, once mounted

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Rulings from Ankestyrelsen"), id="rulings-title", markup=False)
        yield TextInput(placeholder=_("Search by number, title, keyword or summary; typing "
                                  "errors are fine"), id="rulings-query", select_on_focus=False)
        with Horizontal(id="rulings-filters"):
            yield Select([], prompt=_("All laws"), id="filter-law")
            yield Select([], prompt=_("All outcomes"), id="filter-outcome")
            yield Select([], prompt=_("All years"), id="filter-year")
            yield Select([], prompt=_("All target groups"), id="filter-target_group")
        yield Static(_("Preparing the search … you can start typing."), id="rulings-status",
                     markup=False)
        with Horizontal(id="rulings-body"):
            results = OptionList(id="rulings-results")
            results.can_focus = False  # typing stays in the field; up and down move here
            yield results
            with VerticalScroll(id="rulings-preview"):
                yield Static(id="rulings-preview-text")
        yield Footer()

    def on_mount(self) -> None:
        self._library = ruling_library(self.app)
        self._prepare()
        run_core(self, warm_search, group="warm-search")  # what a search needs beyond the index
        if self.meeting_id is not None:
            ctx, meeting_id = self.ctx, self.meeting_id
            run_core(self, lambda: meeting_context(ctx, meeting_id), self._show_meeting,
                     group="meeting")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "attach":
            return self.meeting_id is not None
        if action == "open":  # in a menu of filters, Enter chooses
            return isinstance(self.focused, Input)
        return True

    # --- loading -------------------------------------------------------------------------

    def _prepare(self) -> None:
        ctx, library = self.ctx, self._library
        run_core(self, lambda: library.search_index(ctx).choices(), self._show_choices,
                 group="ruling-index", exclusive=True)

    def _show_choices(self, choices: dict[str, list[Any]]) -> None:
        # Rich Text, not Content: a menu finds what is typed in Text and str options only.
        shown = {
            "law": lambda law: Text(strip_controls(law)),
            "outcome": lambda code: Text(label("ruling_outcome", code)),
            "year": lambda year: Text(str(year)),
            "target_group": lambda group: Text(strip_controls(group)),
        }
        for name in FILTERS:
            select = self.query_one(f"#filter-{name}", Select)
            if select.selection is None:  # a choice being made is left alone
                select.set_options((shown[name](value), value) for value in choices[name])
        self._search_now()

    def _show_meeting(self, meeting: MeetingContext) -> None:
        self.query_one("#rulings-title", Static).update(safe(
            _("Rulings from Ankestyrelsen") + " – " + for_meeting(meeting)))

    # --- searching -----------------------------------------------------------------------

    def _request(self) -> tuple[str, dict[str, Any]]:
        filters = {name: self.query_one(f"#filter-{name}", Select).selection
                   for name in FILTERS}
        return self.query_one("#rulings-query", Input).value, filters

    @on(Input.Changed, "#rulings-query")
    def _query_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(self.DEBOUNCE_SECONDS, self._search_now)

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self._search_now()

    def _search_now(self) -> None:
        if self._library.ready:
            self._search(*self._request())
        else:  # not built yet: searches when built
            self._prepare()

    def _search(self, query: str, filters: dict[str, Any]) -> None:
        ctx, library = self.ctx, self._library

        def search() -> tuple[tuple, list[RulingHit]]:
            index = library.search_index(ctx)
            return (query, filters), index.search(query, limit=MAX_HITS, **filters)

        run_core(self, search, self._show_hits, group="ruling-search", exclusive=True)

    def _show_hits(self, result: tuple[tuple, list[RulingHit]]) -> None:
        asked, hits = result
        if asked != self._request():  # overtaken by more typing or another filter
            return
        self._shown = {str(hit.ruling_id): hit for hit in hits}
        results = self.query_one("#rulings-results", OptionList)
        results.set_options(Option(_listed(hit), id=str(hit.ruling_id)) for hit in hits)
        if hits:
            results.highlighted = 0
        else:
            self.query_one("#rulings-preview-text", Static).update("")
        self.query_one("#rulings-status", Static).update(Content(self._status(asked, hits)))

    def _status(self, asked: tuple[str, dict[str, Any]], hits: list[RulingHit]) -> str:
        query, filters = asked
        if not hits:
            return _("No rulings found. Check the spelling, or clear a filter (Ctrl+R).")
        if not query.strip():
            if not any(value is not None for value in filters.values()):
                return _("The newest rulings. Type to search.")
            if len(hits) < MAX_HITS:
                return ngettext("{count} ruling, newest first.", "{count} rulings, newest first.",
                                len(hits)).format(count=len(hits))
        if len(hits) == MAX_HITS:
            return _("The {count} best matches. Type more or choose a filter to narrow the "
                     "search.").format(count=MAX_HITS)
        return ngettext("{count} ruling found.", "{count} rulings found.",
                        len(hits)).format(count=len(hits))

    # --- the preview ---------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#rulings-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._read_preview(int(event.option_id))

    def _read_preview(self, ruling_id: int) -> None:
        ctx = self.ctx

        def read() -> RulingText | None:
            try:
                return read_ruling(ctx, ruling_id)
            except UserError:
                return None  # deleted meanwhile: the list is refreshed on the next search

        run_core(self, read, self._show_preview, group="ruling-preview", exclusive=True)

    def _show_preview(self, ruling: RulingText | None) -> None:
        highlighted = self.query_one("#rulings-results", OptionList).highlighted_option
        if ruling is not None and highlighted is not None and highlighted.id == str(ruling.id):
            self.query_one("#rulings-preview-text", Static).update(preview(ruling))
            self.query_one("#rulings-preview", VerticalScroll).scroll_home(animate=False)

    # --- actions -------------------------------------------------------------------------

    def _chosen(self) -> RulingHit | None:
        option = self.query_one("#rulings-results", OptionList).highlighted_option
        return self._shown.get(option.id) if option is not None else None

    def action_move(self, step: int) -> None:
        results = self.query_one("#rulings-results", OptionList)
        if results.option_count:
            current = results.highlighted if results.highlighted is not None else -step
            results.highlighted = max(0, min(results.option_count - 1, current + step))

    def action_open(self) -> None:
        hit = self._chosen()
        if hit is not None:
            go(self, "ruling", ruling_id=hit.ruling_id, meeting_id=self.meeting_id)

    def action_attach(self, on_agenda: bool) -> None:
        hit = self._chosen()
        if hit is not None and self.meeting_id is not None:
            attach(self, self.ctx, self.meeting_id, hit.ruling_id, on_agenda)

    def action_clear_filters(self) -> None:
        for name in FILTERS:
            self.query_one(f"#filter-{name}", Select).clear()
        self.query_one("#rulings-query", Input).focus()


def _listed(hit: RulingHit) -> Content:
    """A hit in the list; a replaced ruling says by which (it is ranked below it)."""
    if not hit.replaced_by:
        return hit_prompt(hit)
    return Content.assemble(hit_prompt(hit), "  ", (_("replaced by {number}").format(
        number=strip_controls(hit.replaced_by)), "bold $text-warning"))
