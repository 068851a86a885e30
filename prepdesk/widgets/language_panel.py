"""The language panel: what to improve in a text, with a hint for each (R-NOTE-2, R-LTR-1).

Editors run `prepdesk.core.language.check_text` on their fields (debounced, in a worker)
and hand the findings here, each with the title of the field it was found in. The panel
never takes focus, so Tab goes from field to field past it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from prepdesk.core.language import Finding, Lix
from prepdesk.i18n import _, current_language
from prepdesk.ui.safe import safe

LIX_TARGET = 40  # R-LTR-1
LANGUAGE_DEBOUNCE_SECONDS = 0.3  # editors check their text this long after typing stops
SHOWN_TEXT = 60  # characters of a long sentence shown before "…"


@dataclass(frozen=True)
class FieldFinding:
    field: str  # the title of the field the finding is in; "" when there is one field
    finding: Finding


def kind_label(kind: str) -> str:
    return {
        "subjective": _("Subjective word"), "jargon": _("Jargon"),
        "long_sentence": _("Long sentence"), "long_paragraph": _("Long paragraph"),
        "threat": _("Sounds like a threat"), "legal_reference_early": _("Law too early"),
    }.get(kind, kind)


def lix_score(score: float) -> str:
    """A LIX score as the reader writes numbers: "34,5" in Danish, one decimal at most."""
    from babel.numbers import format_decimal

    return format_decimal(score, format="0.#", locale=current_language())


def lix_line(lix: Lix) -> Content:
    band = {
        "very_easy": _("very easy to read"), "easy": _("easy to read"),
        "medium": _("medium difficulty"), "hard": _("hard to read"),
        "very_hard": _("very hard to read"),
    }[lix.band]
    text = _("LIX {score}: {band} (aim for at most {target})").format(
        score=lix_score(lix.score), band=band, target=LIX_TARGET)
    if lix.score > LIX_TARGET:
        return Content.assemble(("⚠ " + text, "$text-warning bold"))
    return Content.assemble(("✓ " + text, "$text-success"))


def finding_content(item: FieldFinding) -> Content:
    finding = item.finding
    quoted = " ".join(finding.text.split())
    if len(quoted) > SHOWN_TEXT:
        quoted = quoted[:SHOWN_TEXT - 1] + "…"
    field = Content.assemble(" · ", safe(item.field)).stylize("$text-muted") if item.field else ""
    return Content.assemble(
        (kind_label(finding.kind), "bold"), field, "\n",
        "»", (safe(quoted).stylize("$text-warning bold")), "«\n",
        safe(finding.hint),
    )


class LanguagePanel(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    LanguagePanel {
        border: round $border-blurred;
        border-title-color: $text;
        padding: 0 1;
        & > Static { height: auto; }
        & > #language-lix { margin-bottom: 1; }
        & > .language-finding { margin-bottom: 1; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.border_title = _("Language")

    def compose(self) -> ComposeResult:
        yield Static(id="language-lix")
        yield Static(_("Nothing to improve."), id="language-none", markup=False)

    def show(self, findings: Sequence[FieldFinding], lix: Lix | None = None) -> None:
        """Show `findings` in order, and the readability `lix` when given."""
        lix_static = self.query_one("#language-lix", Static)
        lix_static.display = lix is not None
        if lix is not None:
            lix_static.update(lix_line(lix))
        self.query_one("#language-none").display = not findings
        self.query(".language-finding").remove()
        self.mount_all(Static(finding_content(item), classes="language-finding")
                       for item in findings)
