"""A letter to a citizen as the PDF they receive by Digital Post or on paper (issue 16).

The main document of a MeMo message (delivery/memo.py) and the paper of remote print: an
A4 page in Danish with the job centre at the top, the citizen's name and postal address
where a window envelope shows them (remote print reads the address there), the date, the
subject as the heading, then the letter's text exactly as the caseworker wrote and saw it
(its agenda, the companion sentence and the caseworker's direct contact are in the text,
R-PREP-4, R-LTR-2, R-LTR-3). Made with fpdf2 in DejaVu Sans, as the aktindsigt export is
(export/files.py): real text, never an image of it, the document's language set to Danish,
its title shown by the reader instead of the file name, the heading as a bookmark.

It is made from plain values (`LetterDocument`): the sender reads them from the database
(delivery/post.py); this module never does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from prepdesk.export.files import FONT, new_pdf
from prepdesk.i18n import _
from prepdesk.text import displayable

# Where a C5/C65 window envelope shows the address (mm from the page's top left corner).
ADDRESS_X, ADDRESS_Y, ADDRESS_WIDTH = 20, 50, 85


@dataclass(frozen=True)
class Contact:
    """The caseworker who wrote the letter, as the citizen reaches them directly."""

    name: str
    title: str
    phone: str
    email: str


@dataclass(frozen=True)
class LetterDocument:
    subject: str
    body: str
    recipient_name: str
    recipient_address: tuple[str, ...]  # the lines under the name; may be empty
    job_centre: str
    author: Contact
    written_at: datetime  # aware: the day the letter is dated


def render_pdf(letter: LetterDocument) -> bytes:
    from fpdf import ViewerPreferences

    from prepdesk.dates import long_date

    pdf = new_pdf(title=letter.subject, subject=letter.subject,
                  author=f"{letter.author.name}, {letter.job_centre}", made_at=letter.written_at)
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pages = _("Page {page} of {pages}")

    def footer() -> None:  # fpdf2 calls it at the end of every page
        pdf.set_y(-14)
        pdf.set_font(FONT, "", 8)
        pdf.cell(0, 5, pages.format(page=pdf.page_no(), pages="{nb}"), align="C")

    pdf.footer = footer
    width = pdf.epw
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(width, 6, displayable(letter.job_centre), new_x="LMARGIN", new_y="NEXT",
                   align="R")
    pdf.set_font(FONT, "", 9)
    for line in (letter.author.name, _("Phone: {phone}").format(phone=letter.author.phone),
                 _("E-mail: {email}").format(email=letter.author.email)):
        pdf.multi_cell(width, 4.5, displayable(line), new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.set_xy(ADDRESS_X, max(pdf.get_y() + 4, ADDRESS_Y))
    pdf.set_font(FONT, "", 11)
    for line in (letter.recipient_name, *letter.recipient_address):
        pdf.set_x(ADDRESS_X)
        pdf.multi_cell(ADDRESS_WIDTH, 5.5, displayable(line), new_x="LMARGIN", new_y="NEXT",
                       align="L")
    pdf.ln(8)
    pdf.multi_cell(width, 6, long_date(letter.written_at).capitalize(), new_x="LMARGIN",
                   new_y="NEXT", align="R")
    pdf.ln(6)
    subject = displayable(letter.subject)
    pdf.start_section(subject)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(width, 8, subject, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(3)
    pdf.set_font(FONT, "", 11)
    for paragraph in _paragraphs(letter.body):
        pdf.multi_cell(width, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(3)
    return bytes(pdf.output())


def _paragraphs(body: str) -> list[str]:
    """The text's paragraphs (separated by empty lines), each with its line breaks."""
    lines = displayable(body.replace("\r\n", "\n")).split("\n")
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs
