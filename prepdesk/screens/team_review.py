"""Teamets tal: how well the team prepares and follows up its meetings (R-LEAD-1; issue 14,
items 1 to 4 and 7 on screen).

Reached from my day with F7 (or the palette) by a team lead and by a caseworker (app.py).
It opens on this quarter's figures: one row a figure, the team's column first (the default
view, item 7), then a column a caseworker: a team lead sees each of the team, a caseworker
only their own, exactly as the team lead sees it (core/review_figures.py decides). The
sentence of what is measured and why is always on the screen.

Keys: `p` switches the period (week, month, quarter), `-`/`[` and `+`/`]` step back and
forth, `d` shows the focused figure's definition with its numerator and denominator, `g`
draws the chart by week or by month (the focused figure of the focused column, as a
Sparkline and as numbers, so it reads without colour), Enter lists the rows behind the
focused number (`DrillScreen`), where Enter opens a row through the ordinary, logged
screens; `e` writes what is shown as a CSV file that Danish Excel opens (export/csv_tables)
and says where it went, `c` the chart's numbers (every figure by week or month), and `e`
on the rows the rows. Every count runs in a worker through `run_core`, with the table
loading and core's progress shown.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from babel.numbers import format_decimal
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Sparkline, Static

from prepdesk.core.context import Context
from prepdesk.core.review_figures import (
    Drill,
    DrillRow,
    Figure,
    FigureDefinition,
    Period,
    Review,
    Series,
    drill_down,
    review,
    series,
)
from prepdesk.dates import medium_datetime, parse_date, short_date
from prepdesk.errors import UserError
from prepdesk.export.csv_tables import (
    WrittenTable,
    drill_table,
    review_table,
    series_table,
    write_table,
)
from prepdesk.i18n import _, current_language
from prepdesk.ui.columns import fill_table
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DIALOG_CSS, InputDialog
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.run import from_thread, run_core, show_problem
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen

KINDS = ("week", "month", "quarter")
WIDEST_NAME, WIDEST_WHAT = 28, 40  # the drill-down's columns of words, on a wide screen
CHART_POINTS = 12  # weeks or months up to the period's end


def _number(value: float, decimals: int) -> str:
    locale = "da_DK" if current_language() == "da" else "en_GB"
    pattern = "0." + "#" * decimals if decimals else "0"
    return format_decimal(round(value, decimals), format=pattern, locale=locale)


def value_title(definition: FigureDefinition) -> str:
    """The heading of a row's own number behind a figure: a letter's LIX, or the days it
    took (notes sent after the meeting, an inquiry answered, a practice change
    acknowledged, a handover completed)."""
    return _("LIX") if definition.unit == "lix" else _("Days")


def shown_value(definition: FigureDefinition, figure: Figure) -> str:
    """A figure as the screen shows it: "62,5 %", "2,5 d", LIX "36", "0,25"; "—" when
    nothing was counted."""
    if figure.value is None:
        return "—"
    if definition.unit == "share":
        return f"{_number(figure.value * 100, 1)} %"
    if definition.unit == "days":
        return _("{days} d").format(days=_number(figure.value, 1))
    if definition.unit == "lix":
        return _number(figure.value, 0)
    return _number(figure.value, 2)


def chart_period(period: Period, step: str, today: date) -> Period:
    """The weeks or months of the chart: `CHART_POINTS` of them, ending with the period,
    or today when the period has not ended."""
    last = max(period.first, min(period.last, today))
    if step == "week":
        first = Period.week(last).first - timedelta(weeks=CHART_POINTS - 1)
    else:
        first = Period.month(last).first
        for _step in range(CHART_POINTS - 1):
            first = Period.month(first - timedelta(days=1)).first
    return Period.between(first, last)


def worst_first(drill: Drill) -> Drill:
    """"Why is this number low": the rows that pull a share the wrong way first (the
    meetings not prepared, the notes corrected ...), each part newest first as listed."""
    definition = drill.definition
    if definition.better is None or definition.unit != "share":
        return drill
    worse = definition.better == "lower"  # counted is worse: corrected, unread ...
    return replace(drill, rows=tuple(sorted(drill.rows, key=lambda row: row.counted != worse)))


class TeamReviewScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("team_review.period", "p", "switch_period", _("Period"),
                _("Show the figures by week, month or quarter.")),
        Command("team_review.range", "f", "choose_range", _("From–to"),
                _("Show the figures of any period: write its first and last day."), show=False),
        Command("team_review.previous", "minus,left_square_bracket", "step(-1)",
                _("Period before"), _("Show the period before."), show=False),
        Command("team_review.next", "plus,right_square_bracket", "step(1)",
                _("Period after"), _("Show the period after."), show=False),
        Command("team_review.definition", "d", "definition", _("Definition"),
                _("Show what the focused figure counts, and why.")),
        Command("team_review.chart", "g", "switch_chart", _("Chart by week/month"),
                _("Draw the focused figure's chart by week or by month."), show=False),
        Command("team_review.drill", "enter", "drill", _("Rows behind"),
                _("List the meetings, letters or citizens behind the focused number."),
                show=False),
        Command("team_review.export", "e", "export", _("Export CSV"),
                _("Save the figures as shown as a CSV file that Excel opens.")),
        Command("team_review.export_chart", "c", "export_chart", _("Export chart CSV"),
                _("Save the chart's numbers, every figure by week or month, as a CSV file "
                  "that Excel opens."), show=False),
        Command("team_review.refresh", "ctrl+r", "refresh", _("Reload"),
                _("Count the figures again, with what colleagues registered meanwhile."),
                show=False),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = """
    TeamReviewScreen {
        #review-title { padding: 0 1; text-style: bold; }
        #review-period { padding: 0 1; }
        #review-openly { padding: 0 1; color: $text-muted; }
        #review-status { padding: 0 1; color: $text-muted; }
        #review-saved { padding: 0 1; color: $text-success; }
        #review-table { height: auto; max-height: 1fr; }
        #review-side { height: auto; max-height: 12; padding: 0 1; border-top: solid $primary; }
        #review-chart-title { text-style: bold; }
        #review-sparkline { height: 3; margin: 0 0 1 0; }
    }
    """

    def __init__(self, ctx: Context, kind: str = "quarter") -> None:
        super().__init__()
        self.ctx = ctx
        self.period = Period.of(kind, ctx.clock().date())  # type: ignore[arg-type]
        self.step = "week"
        self.review: Review | None = None
        self.series: Series | None = None
        self._columns: list[int | None] = []  # the caseworker of each column (None: team)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("The team's figures"), id="review-title")
        yield Static(id="review-period")
        yield Static(id="review-openly")
        yield Static(_("Counting the figures …"), id="review-status")
        table: DataTable[Text] = DataTable(id="review-table", cursor_type="cell",
                                           zebra_stripes=True)
        yield table
        with VerticalScroll(id="review-side"):
            yield Static(id="review-chart-title")
            yield Sparkline([], id="review-sparkline")
            yield Static(id="review-points")
        yield Static(id="review-saved")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-table").focus()
        self.action_refresh()

    # --- loading ------------------------------------------------------------------

    def _progress(self, step: str, fraction: float) -> None:
        from_thread(self, self._status, _("{step} ({percent} %)").format(
            step=step, percent=round(100 * fraction)))

    def _status(self, text: str) -> None:
        self.query_one("#review-status", Static).update(safe(text))

    def action_refresh(self) -> None:
        self._load(self.period)

    def _load(self, period: Period) -> None:
        def failed(_problem: object) -> None:
            self.query_one("#review-table").loading = False
            self._status("")
            if self.review is not None:  # what is shown stays what the keys work from
                self.period = self.review.period
                self._show_period()

        self.period = period
        self._show_period()
        self._status(_("Counting the figures …"))
        self.query_one("#review-table").loading = True
        run_core(self, partial(review, self.ctx, period, progress=self._progress), self._show,
                 failed=failed, group="review", exclusive=True)

    def _show_period(self) -> None:
        kinds = {"week": _("week"), "month": _("month"), "quarter": _("quarter")}
        self.query_one("#review-period", Static).update(Content.assemble(
            (plain(self.period.label()), "bold"), " · ",
            _("p: {kind} · - and +: another {kind} · f: from–to").format(
                kind=kinds.get(self.period.kind, _("period")))))

    def _show(self, shown: Review) -> None:
        self.review = shown
        self.period = shown.period
        self._show_period()
        self._status(_("Counted {moment}").format(moment=medium_datetime(shown.computed_at)))
        self.query_one("#review-title", Static).update(safe(
            _("The team's figures · {team}").format(team=shown.team_name)))
        self.query_one("#review-openly", Static).update(safe(shown.measured_openly))
        table = self.query_one("#review-table", DataTable)
        row, column = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column(Text(_("Team"), justify="right"), key="team")
        self._columns = [None]
        for person in shown.caseworkers:
            table.add_column(Text(plain(person.initials or person.name), justify="right"))
            self._columns.append(person.caseworker_id)
        for definition in shown.definitions:
            figures = [shown.team.figure(definition.key),
                       *(person.figure(definition.key) for person in shown.caseworkers)]
            table.add_row(*(Text(shown_value(definition, figure), justify="right")
                            for figure in figures),
                          key=definition.key, label=Text(plain(definition.title)))
        table.loading = False
        table.move_cursor(row=row, column=column)
        self.refresh_bindings()
        self._load_series()

    # --- where the cursor is --------------------------------------------------------

    def _focused(self) -> tuple[FigureDefinition, int | None, Figure] | None:
        if self.review is None or not self.review.definitions:
            return None
        table = self.query_one("#review-table", DataTable)
        row, column = table.cursor_coordinate
        definition = self.review.definitions[min(row, len(self.review.definitions) - 1)]
        column = min(column, len(self._columns) - 1)
        caseworker_id = self._columns[column]
        person = self.review.team if column == 0 else self.review.caseworkers[column - 1]
        return definition, caseworker_id, person.figure(definition.key)

    @on(DataTable.CellHighlighted, "#review-table")
    def _highlighted(self) -> None:
        if self.review is None:
            return
        focused = self._focused()
        if focused is not None and self.series is not None and (
                self.series.caseworker_id != focused[1] or self.series.step != self.step
                or self.series.period.last != chart_period(self.period, self.step,
                                                           self.ctx.clock().date()).last):
            self._load_series()
        else:
            self._show_chart()

    @on(DataTable.CellSelected, "#review-table")
    def _selected(self) -> None:
        self.action_drill()

    # --- the chart ------------------------------------------------------------------

    def _load_series(self) -> None:
        focused = self._focused()
        if focused is None:
            return
        caseworker_id = focused[1]
        self.query_one("#review-chart-title", Static).update(safe(_("Drawing the chart …")))
        wanted = chart_period(self.period, self.step, self.ctx.clock().date())
        run_core(self, partial(series, self.ctx, wanted, self.step, caseworker_id=caseworker_id),
                 self._show_series, group="review-series", exclusive=True)

    def _show_series(self, shown: Series) -> None:
        self.series = shown
        self._show_chart()

    def _show_chart(self) -> None:
        focused = self._focused()
        if focused is None or self.series is None or self.series.caseworker_id != focused[1]:
            return
        definition = focused[0]
        line = self.series.line(definition.key)
        step = _("by week") if self.series.step == "week" else _("by month")
        self.query_one("#review-chart-title", Static).update(safe(
            f"{definition.title} · {self.series.name} · {step}"))
        values = [point.figure.value for point in line.points]
        self.query_one("#review-sparkline", Sparkline).data = [v or 0.0 for v in values]
        self.query_one("#review-points", Static).update(safe(" · ".join(
            f"{point.period.label()}: {shown_value(definition, point.figure)}"
            for point in line.points)))

    def action_switch_chart(self) -> None:
        self.step = "month" if self.step == "week" else "week"
        self._load_series()

    # --- the keys -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("definition", "drill", "export", "switch_chart"):
            return self.review is not None
        if action == "export_chart":
            return self.review is not None and self.series is not None
        return True

    def action_switch_period(self) -> None:
        kind = self.period.kind
        following = KINDS[(KINDS.index(kind) + 1) % len(KINDS)] if kind in KINDS else "quarter"
        # The week or month of today when the period holds it, else the period's first.
        today = self.ctx.clock().date()
        day = today if self.period.first <= today <= self.period.last else self.period.first
        self._load(Period.of(following, day))  # type: ignore[arg-type]

    def action_choose_range(self) -> None:
        shown = f"{short_date(self.period.first)}-{short_date(self.period.last)}"
        self.app.push_screen(InputDialog(
            _("The figures of a period"),
            _("Write the first and the last day, for example 01.11.2026-15.11.2026."),
            value=shown), self._range_chosen)

    def _range_chosen(self, typed: str | None) -> None:
        if typed is None:
            return
        parts = re.split(r"\s*[-–]\s*", typed.strip())
        try:
            if len(parts) != 2:
                raise UserError(_("Write the first and the last day, for example "
                                  "01.11.2026-15.11.2026."))
            try:
                first, last = parse_date(parts[0]), parse_date(parts[1])
            except ValueError as problem:  # its sentence says how to write a date
                raise UserError(str(problem)) from None
            chosen = Period.between(first, last)
        except UserError as problem:
            show_problem(self, problem)
            return
        self._load(chosen)

    def action_step(self, step: int) -> None:
        self._load(self.period.previous() if step < 0 else self.period.following())

    def action_definition(self) -> None:
        focused = self._focused()
        if focused is not None:
            definition, _caseworker, figure = focused
            self.app.push_screen(DefinitionDialog(definition, figure))

    def action_drill(self) -> None:
        focused = self._focused()
        if focused is not None:
            definition, caseworker_id, _figure = focused
            # Listed here first, so a refusal (a caseworker asking for the team's rows) is
            # said on this screen, and the rows' screen opens with its rows.
            period, ctx = self.period, self.ctx
            run_core(self, partial(drill_down, ctx, period, definition.key,
                                   caseworker_id=caseworker_id),
                     lambda drill: self.app.push_screen(DrillScreen(
                         ctx, period, definition.key, caseworker_id, drill=drill)),
                     group="review-drill", exclusive=True)

    def action_export(self) -> None:
        if self.review is None:
            return
        table = review_table(self.review)
        run_core(self, partial(write_table, self.ctx, table), self._saved, group="review-csv")

    def action_export_chart(self) -> None:
        if self.review is None or self.series is None:
            return
        table = series_table(self.series, self.review.definitions)
        run_core(self, partial(write_table, self.ctx, table), self._saved, group="review-csv")

    def _saved(self, written: WrittenTable) -> None:
        self.query_one("#review-saved", Static).update(safe(written.sentence))
        self.app.notify(written.sentence)


class DefinitionDialog(PrepDeskScreen, ModalScreen[None]):
    """What a figure counts and why, with the focused number's numerator and denominator."""

    USER_COMMANDS = (
        Command("definition.close", "escape,d,enter", "close", _("Close"),
                _("Close the definition.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "DefinitionDialog {" + DIALOG_CSS + "}"

    def __init__(self, definition: FigureDefinition, figure: Figure) -> None:
        super().__init__()
        self.definition, self.figure = definition, figure

    def compose(self) -> ComposeResult:
        definition, figure = self.definition, self.figure
        with Vertical():
            yield Static(safe(definition.title), classes="dialog-title", id="definition-title")
            yield Static(safe(definition.definition), classes="dialog-text", id="definition-text")
            if definition.numerator and figure.numerator is not None:
                counted = _("{numerator} {numerator_words} of {denominator} {denominator_words}"
                            ).format(numerator=_number(figure.numerator, 1),
                                     numerator_words=definition.numerator,
                                     denominator=figure.denominator,
                                     denominator_words=definition.denominator)
            else:
                counted = _("{denominator} {denominator_words}").format(
                    denominator=figure.denominator, denominator_words=definition.denominator)
            yield Static(safe(_("Here: {value} ({counted}).").format(
                value=shown_value(definition, figure), counted=counted)), id="definition-counted")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)


class DrillScreen(PrepDeskScreen):
    """The rows behind one number, those that pull it the wrong way first (the meetings not
    prepared, the statements left unread ...), then newest first: Enter opens a row
    through the ordinary, logged screen."""

    USER_COMMANDS = (
        Command("drill.open", "enter", "open", _("Open"),
                _("Open the meeting, letter or citizen of the row."), show=False),
        Command("drill.export", "e", "export", _("Export CSV"),
                _("Save the rows as a CSV file that Excel opens.")),
        Command("drill.refresh", "ctrl+r", "refresh", _("Reload"),
                _("List the rows again, with what colleagues registered meanwhile."),
                show=False),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = """
    DrillScreen {
        #drill-title { padding: 0 1; text-style: bold; }
        #drill-figure { padding: 0 1; }
        #drill-saved { padding: 0 1; color: $text-success; }
        #drill-table { height: 1fr; }
        #drill-empty { padding: 1; color: $text-muted; }
    }
    """

    def __init__(self, ctx: Context, period: Period, figure: str,
                 caseworker_id: int | None = None, *, drill: Drill | None = None) -> None:
        """`drill`: the rows, when they are already listed."""
        super().__init__()
        self.ctx, self.period, self.figure = ctx, period, figure
        self.caseworker_id = caseworker_id
        self.drill: Drill | None = None
        self._listed = drill

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("The rows behind the figure"), id="drill-title")
        yield Static(id="drill-figure")
        table: DataTable[Text] = DataTable(id="drill-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="drill-empty")
        yield Static(id="drill-saved")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#drill-table").focus()
        self.query_one("#drill-empty").display = False
        if self._listed is not None:
            self._show(self._listed)
        else:
            self.action_refresh()

    def action_refresh(self) -> None:
        def failed(_problem: object) -> None:
            self.query_one("#drill-table").loading = False

        self.query_one("#drill-table").loading = True
        run_core(self, partial(drill_down, self.ctx, self.period, self.figure,
                               caseworker_id=self.caseworker_id), self._show, failed=failed,
                 group="drill", exclusive=True)

    def _show(self, drill: Drill) -> None:
        drill = self.drill = worst_first(drill)
        definition = drill.definition
        self.query_one("#drill-title", Static).update(safe(
            f"{definition.title} · {drill.name} · {drill.period.label()}"))
        figure = shown_value(definition, drill.figure)
        line = _("{value}: {counted} of {rows} rows count").format(
            value=figure, counted=sum(row.counted for row in drill.rows), rows=len(drill.rows))
        if drill.truncated:
            line += " · " + _("only the newest {rows} are listed").format(rows=len(drill.rows))
        self.query_one("#drill-figure", Static).update(safe(line))
        self._fill(drill)
        self.query_one("#drill-table", DataTable).loading = False
        empty = self.query_one("#drill-empty", Static)
        empty.update(safe(_("No rows behind this figure in the period.")))
        empty.display = not drill.rows
        self.refresh_bindings()

    def _fill(self, drill: Drill) -> None:
        valued = any(row.value is not None for row in drill.rows)
        lines = [[Text(title) for title in (
            _("Date"), _("Citizen"), _("Caseworker"), _("What"), _("Counted"),
            *([value_title(drill.definition)] if valued else []))]]
        for row in drill.rows:
            lines.append([Text(medium_datetime(row.at)), Text(plain(row.citizen_name or "—")),
                          Text(plain(row.caseworker_name)), Text(plain(row.what)),
                          Text(_("yes") if row.counted else _("no"))])
            if valued:
                lines[-1].append(Text(_number(row.value, 2) if row.value is not None else "",
                                      justify="right"))
        # On a narrow screen the caseworker gives way first, then what it was, the citizen
        # last; whether the row counts never does (the table's scroll bar takes two cells).
        table = self.query_one("#drill-table", DataTable)
        cursor = table.cursor_row
        fill_table(table, lines, (None, WIDEST_NAME, WIDEST_NAME, WIDEST_WHAT, None, None)[
            :len(lines[0])], self.app.size.width - 2)
        table.move_cursor(row=cursor)

    def on_resize(self) -> None:
        if self.drill is not None:
            self._fill(self.drill)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "export"):
            return self.drill is not None and (action == "export" or bool(self.drill.rows))
        return True

    @on(DataTable.RowSelected, "#drill-table")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        if self.drill is None or not self.drill.rows:
            return
        row = self.drill.rows[min(self.query_one("#drill-table", DataTable).cursor_row,
                                  len(self.drill.rows) - 1)]
        open_row(self, row)

    def action_export(self) -> None:
        if self.drill is None:
            return
        run_core(self, partial(write_table, self.ctx, drill_table(self.drill)), self._saved,
                 group="drill-csv")

    def _saved(self, written: WrittenTable) -> None:
        self.query_one("#drill-saved", Static).update(safe(written.sentence))
        self.app.notify(written.sentence)


def open_row(screen: PrepDeskScreen, row: DrillRow) -> None:
    """Open what a drill-down row is, through the screen that opens it (and logs it)."""
    if row.kind == "practice_change":
        go(screen, "practice_changes", chosen=row.id)
    elif row.kind == "statement" and row.citizen_id is not None:
        go(screen, "citizen_file", citizen_id=row.citizen_id, tab="statements")
    elif row.kind == "letter" and row.citizen_id is not None:
        go(screen, "citizen_file", citizen_id=row.citizen_id, tab="timeline")
    elif row.meeting_id is not None:
        go(screen, "preparation", meeting_id=row.meeting_id)
    elif row.citizen_id is not None:
        go(screen, "citizen_file", citizen_id=row.citizen_id)
    else:
        screen.app.notify(_("This row has nothing to open."))
