"""The citizen's timeline as one line per entry, for thousands of entries (R-FILE-4).

A ScrollView with the line API (shared/DESIGN.md, "Huge lists"): only the lines on
screen are rendered, each when Textual asks for it (and cached), so 5,000 entries cost
no more to paint than 50. DataTable builds every row up front and freezes the UI on
lists this long.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from prepdesk.core.labels import label
from prepdesk.core.timeline import KINDS, TimelineEntry
from prepdesk.dates import compact_datetime, long_date, long_datetime, short_date
from prepdesk.i18n import _
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings

# The core dates benefit periods and activities to the start of their day: a time of
# day would be made up.
DATED_KINDS = frozenset({"benefit", "activity"})
GAP = 2


def entry_time(kind: str, at: datetime, *, long: bool = False) -> str:
    if kind in DATED_KINDS:
        return long_date(at) if long else short_date(at)
    return long_datetime(at) if long else compact_datetime(at)


def one_line(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, safe, on one line, spaces collapsed."""
    return " ".join(strip_controls(text[:limit]).split())


def fit(text: str, width: int) -> str:
    """`text` padded or cut to exactly `width` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class TimelineView(ScrollView, can_focus=True):
    """Timeline entries, newest first, with a cursor; Enter or a double click opens one."""

    COMPONENT_CLASSES = {
        "timeline-view--cursor", "timeline-view--new", "timeline-view--date",
        "timeline-view--kind", "timeline-view--muted",
    }
    DEFAULT_CSS = """
    TimelineView {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        & > .timeline-view--cursor { background: $block-cursor-blurred-background; }
        &:focus > .timeline-view--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .timeline-view--new { color: $text-accent; text-style: bold; }
        & > .timeline-view--date { color: $text-muted; }
        & > .timeline-view--kind { color: $text-primary; }
        & > .timeline-view--muted { color: $text-muted; }
    }
    """
    BINDINGS = bindings([
        Command("timeline.open", "enter", "open", _("Open"), _("Read the chosen entry in full.")),
        Command("timeline.up", "up", "move(-1)", _("Up"), _("Choose the entry above."),
                show=False),
        Command("timeline.down", "down", "move(1)", _("Down"), _("Choose the entry below."),
                show=False),
        Command("timeline.page_up", "pageup", "page(-1)", _("Page up"),
                _("Go one screen up."), show=False),
        Command("timeline.page_down", "pagedown", "page(1)", _("Page down"),
                _("Go one screen down."), show=False),
        Command("timeline.first", "home", "first", _("Newest"), _("Go to the newest entry."),
                show=False),
        Command("timeline.last", "end", "last", _("Oldest"), _("Go to the oldest entry."),
                show=False),
    ])

    class Chosen(Message):
        """The user wants to read `entry` in full."""

        def __init__(self, entry: TimelineEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: Sequence[TimelineEntry] = ()
        self._empty_text = ""
        self._cursor = 0
        self._lines: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(256)
        self._widths: tuple[int, int, int] | None = None

    @property
    def entries(self) -> Sequence[TimelineEntry]:
        return self._entries

    @property
    def cursor(self) -> int:
        return self._cursor

    @property
    def cursor_entry(self) -> TimelineEntry | None:
        return self._entries[self._cursor] if self._entries else None

    def show(self, entries: Sequence[TimelineEntry], empty_text: str) -> None:
        """Show `entries`, keeping the chosen entry chosen if it is still there."""
        chosen = self.cursor_entry
        self._entries = entries
        self._empty_text = empty_text
        keys = (chosen.kind, chosen.id) if chosen else None
        self._cursor = next(
            (row for row, entry in enumerate(entries) if (entry.kind, entry.id) == keys), 0)
        self._lines.clear()
        self.virtual_size = Size(0, max(len(entries), 1))
        self.scroll_to(y=0, animate=False)
        self._scroll_to_cursor()
        self.refresh()

    def move_cursor(self, row: int) -> None:
        if not self._entries:
            return
        row = max(0, min(row, len(self._entries) - 1))
        if row != self._cursor:
            self.refresh_line(self._cursor)
            self._cursor = row
            self.refresh_line(row)
        self._scroll_to_cursor()

    def action_move(self, rows: int) -> None:
        self.move_cursor(self._cursor + rows)

    def action_page(self, pages: int) -> None:
        self.move_cursor(self._cursor + pages * max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._entries) - 1)

    def action_open(self) -> None:
        if (entry := self.cursor_entry) is not None:
            self.post_message(self.Chosen(entry))

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self.scroll_offset.y + offset.y
        if row < len(self._entries):
            self.move_cursor(row)
            if event.chain >= 2:
                self.action_open()

    def _scroll_to_cursor(self) -> None:
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif height and self._cursor >= top + height:
            self.scroll_to(y=self._cursor - height + 1, animate=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        key = (row, width, row == self._cursor, self.has_focus)
        if (strip := self._lines.get(key)) is None:
            strip = self._lines[key] = self._render_row(row, width)
        return strip

    def _render_row(self, row: int, width: int) -> Strip:
        base = self.rich_style
        if row >= len(self._entries):
            if row == 0 and self._empty_text:
                muted = base + self.get_component_rich_style("timeline-view--muted")
                return Strip([Segment(fit(self._empty_text, width), muted)], width)
            return Strip.blank(width, base)
        entry = self._entries[row]
        style = self.get_component_rich_style
        cursor = style("timeline-view--cursor") if row == self._cursor else Style()
        title_style = style("timeline-view--new") if entry.is_new else Style()
        mark_width, date_width, kind_width = self._column_widths()
        fixed = mark_width + date_width + kind_width
        title_width = max(16, min(48, (width - fixed) * 2 // 5)) + GAP
        preview = " · ".join(text for text in (entry.detail, entry.preview) if text)
        cells = [
            (_("NEW") if entry.is_new else "", mark_width, style("timeline-view--new")),
            (entry_time(entry.kind, entry.at), date_width, style("timeline-view--date")),
            (label("timeline", entry.kind), kind_width, style("timeline-view--kind")),
            (one_line(entry.title, title_width * 2), title_width, title_style),
            (one_line(preview, width * 2), max(width - fixed - title_width, 0), Style()),
        ]
        segments = [
            Segment(fit(text, cells_wide - GAP) + " " * GAP, base + part + cursor)
            for text, cells_wide, part in cells
        ]
        return Strip(segments).adjust_cell_length(width, base + cursor)

    def _column_widths(self) -> tuple[int, int, int]:
        """The mark's, the date's and the kind's columns, as wide as the language needs."""
        if self._widths is None:
            kinds = max(cell_len(label("timeline", kind)) for kind in KINDS)
            self._widths = (cell_len(_("NEW")) + GAP,
                            cell_len(compact_datetime(_WIDEST_MOMENT)) + GAP, kinds + GAP)
        return self._widths


_WIDEST_MOMENT = datetime(2026, 12, 31, 22, 59, tzinfo=UTC)
