"""Opfølgning på klager og ankesager (R-LEAD-3; issue 14 item 6): a team lead's report for
the committee, complaints per quarter and appeals of our decisions per half-year, with
their areas and the practice changes that followed.

Reached with F6 (or the palette) by a team lead (app.py); core refuses anyone else
(core/follow_up_reports.py). It opens on the team's figures for this year: `t` switches
between the team and the whole job centre, `-` and `+` go a year back and forth, `p`
writes what is shown as a PDF and says where it went. The tables are core's
(`report_tables`), the same the PDF shows; the report names no citizen.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from prepdesk.core.context import Context
from prepdesk.core.follow_up_reports import (
    FollowUpReport,
    ReportTable,
    definitions,
    follow_up_report,
    report_tables,
)
from prepdesk.dates import short_date
from prepdesk.export.follow_up_pdf import WrittenReport, title, write_report
from prepdesk.i18n import _
from prepdesk.ui.columns import fill_table
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen

WIDEST_WORDS = 60  # the widest a column of words is, on the widest screen
TABLES = ("complaints", "complaint_areas", "appeals", "appeal_areas", "practice_changes")


class FollowUpScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("follow_up.scope", "t", "switch_scope", _("Team/job centre"),
                _("Show the team's figures or the whole job centre's.")),
        # Not in the footer, which has room for two keys besides the app's: the line under
        # the title names them, F1 and the palette list them.
        Command("follow_up.previous_year", "minus", "year(-1)", _("Year before"),
                _("Show the year before."), show=False),
        Command("follow_up.next_year", "plus", "year(1)", _("Year after"),
                _("Show the year after."), show=False),
        Command("follow_up.pdf", "p", "pdf", _("PDF"),
                _("Save the report as shown as a PDF for the committee.")),
        Command("follow_up.refresh", "ctrl+r", "refresh", _("Reload"),
                _("Count the figures again, with what colleagues registered meanwhile."),
                show=False),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = """
    FollowUpScreen {
        #follow-up-title { padding: 0 1; text-style: bold; }
        #follow-up-period { padding: 0 1; color: $text-muted; }
        #follow-up-saved { padding: 0 1; color: $text-success; }
        #follow-up-body { height: 1fr; padding: 0 1; }
        .table-title { margin-top: 1; text-style: bold; }
        DataTable { height: auto; max-height: 100%; }
        .empty { color: $text-muted; }
        #follow-up-definitions { margin-top: 1; color: $text-muted; }
    }
    """

    def __init__(self, ctx: Context, year: int | None = None, scope: str = "team") -> None:
        super().__init__()
        self.ctx = ctx
        self.year = year or ctx.clock().year
        self.scope = scope
        self.report: FollowUpReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Follow-up on complaints and appeals"), id="follow-up-title")
        yield Static(_("Counting the figures …"), id="follow-up-period")
        with VerticalScroll(id="follow-up-body"):
            for key in TABLES:
                yield Static(classes="table-title", id=f"{key}-title")
                table: DataTable[Text] = DataTable(id=f"{key}-table", cursor_type="none",
                                                      zebra_stripes=True)
                table.can_focus = False
                yield table
                yield Static(classes="empty", id=f"{key}-empty")
            yield Static(id="follow-up-definitions")
        yield Static(id="follow-up-saved")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#follow-up-body").focus()
        self.query_one("#follow-up-definitions", Static).update(Content.assemble(
            (_("How the figures are counted"), "bold"), "\n",
            *(part for name, meaning in definitions()
              for part in ((f"{name}: ", "bold"), meaning, "\n"))))
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load(self.year, self.scope)

    def _load(self, year: int, scope: str) -> None:
        def failed(_problem: object) -> None:
            if self.report is not None:  # what is shown stays what the keys work from
                self.year, self.scope = self.report.year, self.report.scope

        self.year, self.scope = year, scope
        run_core(self, partial(follow_up_report, self.ctx, year, scope), self._show,
                 failed=failed, group="follow-up", exclusive=True)

    def _show(self, report: FollowUpReport) -> None:
        self.report = report
        self.year, self.scope = report.year, report.scope
        self.query_one("#follow-up-title", Static).update(
            safe(f"{title(report)} · {report.scope_name}"))
        year = report.quarters[-1].period
        period = _("The period {start} to {end}").format(
            start=short_date(year.starts_on), end=short_date(year.ends_on))
        if not year.begun:
            period += " " + _("(not begun)")
        elif year.counted_until < year.ends_on:
            period += " " + _("(counted until {day})").format(day=short_date(year.counted_until))
        years = [key for key, step in (("-", -1), ("+", 1))
                 if report.first_year <= report.year + step <= report.this_year]
        if years:
            period += " · " + _("{keys} another year").format(keys=_(" and ").join(years))
        self.query_one("#follow-up-period", Static).update(safe(period))
        for table in report_tables(report):
            self._fill(table)
        self.refresh_bindings()

    def _fill(self, shown: ReportTable) -> None:
        self.query_one(f"#{shown.key}-title", Static).update(safe(shown.title))
        table = self.query_one(f"#{shown.key}-table", DataTable)
        # Rich Text cells: the table measures them (Content would be one column wide) and
        # never parses them as markup. The first column names the row, the rest are numbers
        # (the practice changes' first four are words). The tables take no focus, so they
        # cannot be scrolled sideways: the words give way (the body's padding and scroll bar
        # take four cells), the figures never do.
        words = 4 if shown.key == "practice_changes" else 1
        fill_table(table, [[Text(plain(cell), justify="left" if index < words else "right")
                            for index, cell in enumerate(line)]
                           for line in (shown.columns, *shown.rows)],
                   [WIDEST_WORDS] * words + [None] * (len(shown.columns) - words),
                   self.app.size.width - 4)
        table.display = bool(shown.rows)
        empty = self.query_one(f"#{shown.key}-empty", Static)
        empty.update(safe(shown.empty) if not shown.rows else "")
        empty.display = not shown.rows

    def on_resize(self) -> None:
        if self.report is not None:
            for table in report_tables(self.report):
                self._fill(table)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "year" and self.report is not None:
            wanted = self.year + int(parameters[0])  # type: ignore[call-overload]
            return self.report.first_year <= wanted <= self.report.this_year
        if action == "pdf":
            return self.report is not None
        return True

    def action_switch_scope(self) -> None:
        self._load(self.year, "job_centre" if self.scope == "team" else "team")

    def action_year(self, step: int) -> None:
        self._load(self.year + step, self.scope)

    def action_pdf(self) -> None:
        if self.report is None:
            return
        report = self.report
        run_core(self, partial(write_report, self.ctx, report.year, report.scope), self._saved,
                 group="follow-up-pdf")

    def _saved(self, written: WrittenReport) -> None:
        self.query_one("#follow-up-saved", Static).update(safe(written.sentence))
        self.app.notify(written.sentence)
