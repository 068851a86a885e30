"""What every export shares (the aktindsigt export, the follow-up report): the folder the
files go to, writing a file only its owner may read, and a PDF in DejaVu Sans (shipped in
prepdesk/fonts/: every letter a name may have) with its language and metadata set."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from prepdesk.core.context import Context
from prepdesk.text import displayable

if TYPE_CHECKING:
    from fpdf import FPDF

FONTS = Path(__file__).resolve().parent.parent / "fonts"
REPORTS_FOLDER = "PrepDesk rapporter"  # reports and tables, unless export_dir is set
FONT = "dejavu"


def export_dir(ctx: Context, folder: str = "PrepDesk aktindsigt") -> Path:
    """Where exports are written: the setting `export_dir`, else `folder` in the user's
    documents ("PrepDesk aktindsigt", "PrepDesk rapporter")."""
    if ctx.settings.export_dir:
        return ctx.settings.export_dir.expanduser()
    return platformdirs.user_documents_path() / folder


def write_private(path: Path, content: bytes, *, new: bool = False) -> None:
    """Write `content` to `path`, readable by the user only (exports hold personal data);
    with `new`, only if no file has that name (FileExistsError)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if new else os.O_TRUNC)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)


def new_pdf(*, title: str, subject: str, author: str, made_at: datetime,
            orientation: str = "portrait") -> FPDF:
    """An A4 PDF in Danish with its metadata, DejaVu Sans (regular and bold) at 11 pt,
    20 mm margins and its first page added. fpdf2 is imported here, when a PDF is made."""
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, format="A4")
    pdf.set_lang("da")
    pdf.set_title(displayable(title))
    pdf.set_subject(displayable(subject))
    pdf.set_author(displayable(author))
    pdf.set_creator("PrepDesk")
    pdf.set_creation_date(made_at)
    pdf.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font(FONT, size=11)
    return pdf
