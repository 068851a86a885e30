"""Afgørelser: search Ankestyrelsen's rulings as you type, filter, preview (R-RULE-2, R-RULE-3).

The indexes live in `RulingIndexCache`, one per ctx, kept on the app
(`ruling_index(app)`): each is built on first use in a worker, so the library is read once.
Each keystroke runs the search in a thread worker; a newer one supersedes the older, and a
result is only shown if it answers what the field and filters say now. At most MAX_HITS
rulings are listed, so the screen stays quick with 100,000 rulings. The preview of the
highlighted ruling is read in a worker too; Enter opens the full text (`RulingScreen`).

Opened for a meeting (`meeting_id`), the screen can attach the highlighted ruling to the
meeting's preparation, or put it on the agenda as well.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from prepdesk.core.context import Context
from prepdesk.core.labels import label
from prepdesk.core.practice import attach_ruling
from prepdesk.core.ruling_search import RulingHit, RulingIndex
from prepdesk.core.rulings import MeetingContext, RulingText, meeting_context, read_ruling
from prepdesk.core.similar_rulings import SimilarityIndex
from prepdesk.dates import long_date, long_datetime, short_date
from prepdesk.errors import UserError
from prepdesk.i18n import _, ngettext
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.screen import PrepDeskScreen

MAX_HITS = 200  # listed at most: enough to browse, few enough to list at every keystroke
FILTERS = ("law", "outcome", "year", "target_group")


# --- the indexes, once per workspace ---------------------------------------------------


class RulingIndexCache:
    """The search index and the similarity index of one ctx: each built on first
    use, then shared; `forget` them after an import so the next use reads the library."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._search: RulingIndex | None = None
        self._similarity: SimilarityIndex | None = None
        self._search_lock, self._similarity_lock = threading.Lock(), threading.Lock()

    def get(self) -> RulingIndex:
        """The search index, built now if no one has built it yet. Blocks: call it in a
        worker."""
        with self._search_lock:
            if self._search is None:
                with self.ctx.session() as session:
                    self._search = RulingIndex.load(session)
            return self._search

    def similarity(self) -> SimilarityIndex:
        """The index behind "similar to this case", as `get`."""
        with self._similarity_lock:
            if self._similarity is None:
                with self.ctx.session() as session:
                    self._similarity = SimilarityIndex.load(session)
            return self._similarity

    @property
    def ready(self) -> bool:
        return self._search is not None

    def forget(self) -> None:
        with self._search_lock, self._similarity_lock:
            self._search = self._similarity = None


def ruling_index(app: App, ctx: Context | None = None) -> RulingIndexCache:
    """The ruling indexes of `ctx` (the app's by default), kept on the app.

    Call it on the app's thread (e.g. in `on_mount`) and hand the cache to workers, so
    that two workers never make two caches.
    """
    ctx = ctx if ctx is not None else app.ctx
    cache: RulingIndexCache | None = getattr(app, "_prepdesk_ruling_index", None)
    if cache is None or cache.ctx is not ctx:
        cache = RulingIndexCache(ctx)
        app._prepdesk_ruling_index = cache
    return cache


# --- shared by the screens that show rulings -------------------------------------------


def attach_commands(prefix: str) -> tuple[Command, Command]:
    """The keys that attach a ruling to the meeting a screen was opened for."""
    return (
        Command(f"{prefix}.attach", "ctrl+g", "attach(False)", _("Save to meeting"),
                _("Attach the ruling to the preparation of the meeting."), priority=True),
        Command(f"{prefix}.attach_agenda", "ctrl+l", "attach(True)", _("Put on agenda"),
                _("Attach the ruling to the meeting and put it on the agenda."), priority=True),
    )


def attach(node: Widget, ctx: Context, meeting_id: int, ruling_id: int, number: str,
           on_agenda: bool) -> None:
    """Attach the ruling in a worker and say, in a notification, that it was done."""

    def run() -> None:
        try:
            with ctx.session() as session:
                attach_ruling(session, ctx.user, meeting_id, ruling_id, ctx.clock(),
                              on_agenda=on_agenda)
        except UserError as error:
            node.app.call_from_thread(node.notify, error.message, severity="error",
                                      markup=False)
            return
        done = (_("Ruling {number} is attached to the meeting and put on the agenda.")
                if on_agenda else _("Ruling {number} is attached to the meeting's preparation."))
        node.app.call_from_thread(node.notify, done.format(number=strip_controls(number)),
                                  markup=False)

    node.run_worker(run, thread=True, group="attach-ruling", name="attach ruling")


def for_meeting(meeting: MeetingContext) -> str:
    return _("For the meeting: {kind}, {time}").format(
        kind=label("meeting_kind", meeting.kind), time=long_datetime(meeting.starts_at))


def hit_prompt(hit: RulingHit) -> Content:
    """A ruling in the list: number and title, then date, law and outcome, all as text."""
    return Content.assemble(
        (strip_controls(hit.number), "bold"), "  ", strip_controls(hit.title), "\n",
        (" · ".join(part for part in (short_date(hit.decided_on), strip_controls(hit.law),
                                      label("ruling_outcome", hit.outcome)) if part),
         "$text-muted"),
    )


def facts_lines(ruling: RulingText) -> list[tuple[str, str]]:
    """(label, value) for what is known about a ruling, in reading order."""
    law = " ".join(part for part in (ruling.law, ruling.section) if part)
    lines = [(_("Decided"), long_date(ruling.decided_on)), (_("Law"), law),
             (_("Outcome"), label("ruling_outcome", ruling.outcome)),
             (_("Target group"), ruling.target_group), (_("Keywords"), ", ".join(ruling.keywords)),
             (_("Replaces"), ", ".join(ruling.replaces)),
             (_("Replaced by"), ", ".join(ruling.replaced_by))]
    return [(name, value) for name, value in lines if value]


def ruling_heading(ruling: RulingText) -> Content:
    """Number, title and the facts of a ruling, each value as text (R-SEC-6)."""
    lines = [Content.styled(strip_controls(ruling.number), "bold $text-primary"),
             Content.styled(strip_controls(ruling.title), "bold"), Content("")]
    lines += [Content.assemble((f"{name}: ", "$text-muted"), strip_controls(value))
              for name, value in facts_lines(ruling)]
    return Content("\n").join(lines)


def preview(ruling: RulingText) -> Content:
    summary = strip_controls(ruling.summary) or _("The ruling has no summary.")
    return Content("\n").join([ruling_heading(ruling), Content(""),
                               Content.styled(_("Summary"), "bold"), Content(summary)])


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
        self._index: RulingIndexCache | None = None  # the app's, once mounted

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Rulings from Ankestyrelsen"), id="rulings-title", markup=False)
        yield Input(placeholder=_("Search by number, title, keyword or summary; typing "
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
        self._index = ruling_index(self.app, self.ctx)
        self._prepare()
        if self.meeting_id is not None:
            self._load_meeting()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "attach":
            return self.meeting_id is not None
        if action == "open":  # in a menu of filters, Enter chooses
            return isinstance(self.focused, Input)
        return True

    # --- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="ruling-index", name="ruling index")
    def _prepare(self) -> dict[str, list[Any]]:
        return self._index.get().choices()

    @work(thread=True, name="meeting")
    def _load_meeting(self) -> MeetingContext | UserError:
        with self.ctx.session() as session:
            try:
                return meeting_context(session, self.meeting_id)
            except UserError as error:
                return error

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.state != WorkerState.SUCCESS:
            return
        handlers: dict[str, Callable[[Any], None]] = {
            "ruling index": self._show_choices, "ruling search": self._show_hits,
            "ruling preview": self._show_preview, "meeting": self._show_meeting,
        }
        if worker.name in handlers:
            handlers[worker.name](worker.result)

    def _show_choices(self, choices: dict[str, list[Any]]) -> None:
        # Rich Text, not Content: a menu finds what is typed in Text and str options only.
        shown = {
            "law": lambda law: Text(strip_controls(law)),
            "outcome": lambda code: Text(label("ruling_outcome", code)),
            "year": lambda year: Text(str(year)),
            "target_group": lambda group: Text(strip_controls(group)),
        }
        for name in FILTERS:
            self.query_one(f"#filter-{name}", Select).set_options(
                (shown[name](value), value) for value in choices[name])
        self._search_now()

    def _show_meeting(self, meeting: MeetingContext | UserError) -> None:
        if isinstance(meeting, UserError):
            self.notify(meeting.message, severity="error", markup=False)
            return
        self.query_one("#rulings-title", Static).update(Content(
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
        if self._index.ready:
            self._search(*self._request())
        else:  # not built yet, or forgotten after an import: searches when built
            self._prepare()

    @work(thread=True, exclusive=True, group="ruling-search", name="ruling search")
    def _search(self, query: str, filters: dict[str, Any]) -> tuple[tuple, list[RulingHit]]:
        return (query, filters), self._index.get().search(query, limit=MAX_HITS, **filters)

    def _show_hits(self, result: tuple[tuple, list[RulingHit]]) -> None:
        asked, hits = result
        if asked != self._request():  # overtaken by more typing or another filter
            return
        self._shown = {str(hit.ruling_id): hit for hit in hits}
        results = self.query_one("#rulings-results", OptionList)
        results.set_options(Option(hit_prompt(hit), id=str(hit.ruling_id)) for hit in hits)
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

    @work(thread=True, exclusive=True, group="ruling-preview", name="ruling preview")
    def _read_preview(self, ruling_id: int) -> RulingText | None:
        with self.ctx.session() as session:
            try:
                return read_ruling(session, ruling_id)
            except UserError:
                return None  # deleted meanwhile: the list is refreshed on the next search

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
        from prepdesk.screens.ruling import RulingScreen

        hit = self._chosen()
        if hit is not None:
            self.app.push_screen(RulingScreen(self.ctx, hit.ruling_id, self.meeting_id))

    def action_attach(self, on_agenda: bool) -> None:
        hit = self._chosen()
        if hit is not None and self.meeting_id is not None:
            attach(self, self.ctx, self.meeting_id, hit.ruling_id, hit.number, on_agenda)

    def action_clear_filters(self) -> None:
        for name in FILTERS:
            self.query_one(f"#filter-{name}", Select).clear()
        self.query_one("#rulings-query", Input).focus()
