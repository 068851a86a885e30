"""The aktindsigt export as files the citizen can read (R-SEC-4; issue 12 item 4).

`write_export` takes core's `AktindsigtExport` (core/aktindsigt.py: everything about one
citizen, the export logged) and writes two files to a folder:

- a PDF: a plain-Danish cover letter with the caseworker's direct contact, then the file
  with headings (also the PDF's bookmarks), its language set to Danish. Made with fpdf2
  (pure Python: it installs from pip alone, no system libraries) from the Jinja2 template
  prepdesk/templates/aktindsigt.html.j2, in DejaVu Sans (prepdesk/fonts/: every letter a
  name may have, so "Łukasz" and "Ayşe" come out as written);
- the same content as JSON (`AktindsigtExport`'s fields), for a machine.

The folder is the setting `export_dir`, else "PrepDesk aktindsigt" in the user's documents
folder; the files are readable by the user only (they hold personal data).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from prepdesk.core import aktindsigt
from prepdesk.core.aktindsigt import AktindsigtExport
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.dates import deadline
from prepdesk.errors import UserError
from prepdesk.export.files import FONT, export_dir, new_pdf, write_private
from prepdesk.i18n import _
from prepdesk.text import displayable

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True)
class WrittenExport:
    pdf: Path
    json: Path
    sentence: str  # where the files went, for the screen


def write_export(ctx: Context, citizen_id: int, directory: Path | None = None) -> WrittenExport:
    """Export everything about the citizen (logged by core) and write the PDF and the JSON
    file to `directory` (default `export_dir`)."""
    made = aktindsigt.export(ctx, citizen_id)
    folder = directory or export_dir(ctx)
    local = made.made_at.astimezone(LOCAL_TIMEZONE)
    stem = f"aktindsigt-{made.citizen.id}-{local:%Y-%m-%d-%H%M%S}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        pdf_path, json_path = folder / f"{stem}.pdf", folder / f"{stem}.json"
        write_private(pdf_path, render_pdf(made))
        write_private(json_path, render_json(made).encode("utf-8"))
    except OSError as error:
        raise UserError(_("The export could not be written to {folder}: {reason}. Choose "
                          "another folder with the setting export_dir.").format(
            folder=folder, reason=error.strerror or error)) from None
    return WrittenExport(pdf_path, json_path, _(
        "The access to the file (aktindsigt) is saved as {pdf} with the same content for "
        "machines in {json}.").format(pdf=pdf_path, json=json_path.name))


def register_and_export(ctx: Context, citizen_id: int, received_on: date | None = None,
                        what_asked: str = "", directory: Path | None = None) -> WrittenExport:
    """The citizen file's key: register the request received `received_on` (today by
    default) and write the export at once; the sentence says where it went and by when the
    citizen must have it."""
    request = aktindsigt.register_request(ctx, citizen_id, received_on, what_asked)
    written = write_export(ctx, citizen_id, directory)
    due = datetime.combine(request.due_on + timedelta(days=1), time.min, tzinfo=LOCAL_TIMEZONE)
    return replace(written, sentence=" ".join((written.sentence, _(
        "Give it to the citizen {due} and record it on my day (u).").format(
            due=_("by {date}").format(date=deadline(due, ctx.clock()))))))


def render_json(made: AktindsigtExport) -> str:
    return made.model_dump_json(indent=2)


def render_html(made: AktindsigtExport) -> str:
    return _templates().get_template("aktindsigt.html.j2").render(x=made)


def render_pdf(made: AktindsigtExport) -> bytes:
    from fpdf.fonts import FontFace

    pdf = new_pdf(title=f"Aktindsigt: {made.citizen.name}",
                  subject="Aktindsigt efter forvaltningsloven § 9", author=made.contact.name,
                  made_at=made.made_at)
    styles = {
        "h1": FontFace(family=FONT, emphasis="BOLD", size_pt=20),
        "h2": FontFace(family=FONT, emphasis="BOLD", size_pt=15),
        "h3": FontFace(family=FONT, emphasis="BOLD", size_pt=12),
    }
    pdf.write_html(render_html(made), font_family=FONT, tag_styles=styles,
                   li_prefix_color=(0, 0, 0))
    return bytes(pdf.output())


@cache
def _templates() -> jinja2.Environment:
    # Imported here, at the first export: opening a citizen's file, whose screen offers the
    # export, does not need Jinja2's 2.7 MiB (issue 17).
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("prepdesk", "templates"), autoescape=True,
        trim_blocks=True, lstrip_blocks=True)
    environment.filters["text"] = _text
    environment.filters["moment"] = _moment
    environment.filters["day"] = _day
    environment.finalize = lambda value: (_clean(value) if isinstance(value, str)
                                          and not isinstance(value, Markup) else value)
    return environment


def _clean(text: str) -> str:
    return displayable(text)


def _text(text: str) -> Markup:
    """Data with its line breaks kept, escaped."""
    lines = _clean(text or "").strip().splitlines()
    return Markup("<br>").join(escape(line) for line in lines)


def _moment(moment: datetime) -> str:
    local = moment.astimezone(LOCAL_TIMEZONE)
    return f"{local:%d.%m.%Y} kl. {local:%H.%M}"


def _day(day: date) -> str:
    return f"{day:%d.%m.%Y}"
