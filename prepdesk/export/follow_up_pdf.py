"""The follow-up report as a PDF a committee can read (R-LEAD-3; issue 14 item 6).

`write_report` asks core for the report (core/follow_up_reports.py: a team lead's team or
the whole job centre, numbers and areas only, no citizen) and writes it as a PDF in
Danish: the title, the team or job centre and the municipality's job centre, the period,
the day it was made, the same five tables the screen shows (`report_tables`) and what
each figure counts. Made with fpdf2 in DejaVu Sans, as the aktindsigt export is
(export/files.py: the PDF's set-up, the folder, a file only its owner reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.follow_up_reports import (
    FollowUpReport,
    ReportTable,
    definitions,
    follow_up_report,
    report_tables,
)
from prepdesk.dates import medium_datetime, short_date
from prepdesk.errors import UserError
from prepdesk.export.files import FONT, REPORTS_FOLDER, export_dir, new_pdf, write_private
from prepdesk.i18n import _
from prepdesk.text import displayable

# How wide each table's columns are, as parts of the page's width: the first column names
# the row (or the area, or the practice change), the others hold numbers.
WIDTHS = {"practice_changes": (36, 15, 16, 15, 9, 9)}
WIDE_FIRST = 42


@dataclass(frozen=True)
class WrittenReport:
    pdf: Path
    sentence: str  # where the file went, for the screen


def title(report: FollowUpReport) -> str:
    return _("Follow-up on complaints and appeals {year}").format(year=report.year)


def write_report(ctx: Context, year: int, scope: str,
                 directory: Path | None = None) -> WrittenReport:
    """The report of `year` for `scope` ("team" or "job_centre"), as a PDF in `directory`
    (default the setting `export_dir`, else "PrepDesk rapporter" in the user's documents);
    the sentence says where it went."""
    report = follow_up_report(ctx, year, scope)
    folder = directory or export_dir(ctx, REPORTS_FOLDER)
    local = report.made_at.astimezone(LOCAL_TIMEZONE)
    whose = "team" if scope == "team" else "jobcenter"
    path = folder / f"opfoelgning-klager-ankesager-{year}-{whose}-{local:%Y-%m-%d-%H%M%S}.pdf"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_private(path, render_pdf(report))
    except OSError as error:
        raise UserError(_("The report could not be written to {folder}: {reason}. Choose "
                          "another folder with the setting export_dir.").format(
            folder=folder, reason=error.strerror or error)) from None
    return WrittenReport(path, _("The report for the committee is saved as {pdf}.").format(pdf=path))


def render_pdf(report: FollowUpReport) -> bytes:
    from fpdf.fonts import FontFace

    pdf = new_pdf(title=f"{title(report)}: {report.scope_name}",
                  subject=_("Complaints per quarter and appeals per half-year"),
                  author=report.job_centre, made_at=report.made_at)
    pages = _("Page {page} of {pages}")

    def footer() -> None:  # fpdf2 calls it at the end of every page
        pdf.set_y(-14)
        pdf.set_font(FONT, "", 8)
        pdf.cell(0, 5, displayable(f"{title(report)} · {report.scope_name} · ") + pages.format(
            page=pdf.page_no(), pages="{nb}"), align="C")

    pdf.footer = footer
    pdf.start_section(displayable(title(report)))
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, displayable(title(report)), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FONT, "", 11)
    year = report.quarters[-1].period
    period = _("The period {start} to {end}").format(
        start=short_date(year.starts_on), end=short_date(year.ends_on))
    if year.counted_until < year.ends_on:
        period += " " + _("(counted until {day})").format(day=short_date(year.counted_until))
    lines = ([report.scope_name, report.job_centre] if report.scope == "team"
             else [report.job_centre])
    lines += [period, _("Made {moment}").format(moment=medium_datetime(report.made_at))]
    for line in lines:
        pdf.multi_cell(0, 6, displayable(line), new_x="LMARGIN", new_y="NEXT", align="L")
    headings = FontFace(family=FONT, emphasis="BOLD", fill_color=(230, 230, 230))
    for table in report_tables(report):
        _table(pdf, table, headings)
    pdf.ln(4)
    pdf.start_section(_("How the figures are counted"), level=1)
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 8, _("How the figures are counted"), new_x="LMARGIN", new_y="NEXT", align="L")
    for name, meaning in definitions():
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 5, name, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, meaning, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1)
    return bytes(pdf.output())


def _table(pdf, table: ReportTable, headings) -> None:  # type: ignore[no-untyped-def]
    pdf.ln(4)
    pdf.start_section(table.title, level=1)
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 8, table.title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FONT, "", 9)
    if not table.rows:
        pdf.multi_cell(0, 6, table.empty, new_x="LMARGIN", new_y="NEXT", align="L")
        return
    count = len(table.columns)
    widths = WIDTHS.get(table.key) or (WIDE_FIRST, *([(100 - WIDE_FIRST) / (count - 1)] * (count - 1)))
    align = ("LEFT", *(["RIGHT"] * (count - 1))) if table.key != "practice_changes" else (
        "LEFT", "LEFT", "LEFT", "LEFT", *(["RIGHT"] * (count - 4)))
    with pdf.table(col_widths=widths, text_align=align, headings_style=headings,
                   line_height=6, padding=1) as made:
        for row in (table.columns, *table.rows):
            cells = made.row()
            for value in row:
                cells.cell(displayable(value))
