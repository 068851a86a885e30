"""The first view of a citizen's file: who they are and what they want (R-FILE-2..6).

The citizen's own words come first and apart from the caseworker's assessment, in a box
of their own, quoted; the number of caseworker changes stands out (R-FILE-5). Every
text from the database goes through `safe()` (R-SEC-6).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from prepdesk.core.citizen_file import CaseworkerPeriod, CitizenOverview
from prepdesk.core.labels import agreement_owner, label
from prepdesk.core.queries import OpenAgreement
from prepdesk.dates import long_datetime, short_date
from prepdesk.i18n import _, ngettext
from prepdesk.ui.safe import safe
from prepdesk.widgets.notes_view import NotesPanel, rejected_banner

MUTED = "$text-muted"


def unread_flag(count: int) -> str:
    return ngettext("{count} new statement, not read", "{count} new statements, not read",
                    count).format(count=count)


def changes_text(count: int) -> str:
    return ngettext("{count} change of caseworker", "{count} changes of caseworker",
                    count).format(count=count)


class CitizenOverviewView(VerticalScroll):
    """Shows a `CitizenOverview`; empty until `show` is called."""

    DEFAULT_CSS = """
    CitizenOverviewView {
        padding: 0 1;
        .row { height: auto; }
        .box {
            width: 1fr;
            height: auto;
            border: round $border-blurred;
            border-title-color: $text;
            border-title-style: bold;
            padding: 0 1;
        }
        .citizen-words { border: round $accent; }
        .assessment { border: round $secondary; }
        .flag {
            background: $warning-muted;
            color: $text-warning;
            text-style: bold;
            padding: 0 1;
            margin: 1 0 0 0;
        }
        .changes {
            background: $boost;
            text-style: bold;
            padding: 0 1;
            margin-bottom: 1;
        }
        .changes.-many { background: $warning-muted; color: $text-warning; }
        .rejected-banner {
            height: auto; border: heavy $warning; border-title-color: $text-warning;
            border-title-style: bold; padding: 0 1; margin-bottom: 1;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._overview: CitizenOverview | None = None
        self._unread = 0

    def show(self, overview: CitizenOverview, unread: int) -> None:
        """Show the overview, with `unread` new statements not read by me flagged."""
        self._overview, self._unread = overview, unread
        self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        # One text per box, its lines joined, rather than a widget per line: opening a
        # file builds, styles and lays out each widget, and the overview is what the
        # caseworker waits for (issue 17).
        if (view := self._overview) is None:
            return
        if self._unread:
            yield Static(safe(unread_flag(self._unread) + " " + _("(see the Statements tab)")),
                         classes="flag", id="unread-flag")
        if view.rejected_corrections:  # at the top, for every later reader (R-APPR-3)
            yield rejected_banner(view.rejected_corrections, id="file-rejected")
        with Horizontal(classes="row"):
            yield self._box(_("In the citizen's own words"), "citizen-words", self._goals(view))
            yield self._box(_("The caseworker's assessment"), "assessment",
                            self._text_or(view.assessment, _("No assessment written yet.")))
        with Horizontal(classes="row"):
            yield self._box(_("Agreed accommodations"), "accommodations", lines(
                *self._accommodations(view),
                Content.assemble((_("Companion or representative"), "bold")),
                *self._representatives(view)))
            with self._box(_("Caseworkers"), "caseworkers"):
                yield from self._caseworkers(view.caseworkers)
        with Horizontal(classes="row"):
            yield self._box(_("Upcoming meetings"), "meetings", self._meetings(view))
            yield self._box(_("Open agreements"), "agreements", lines(
                *[self._agreement(a) for a in view.open_agreements])
                if view.open_agreements else self._muted(_("No open agreements.")))
        yield self._box(_("Contact and case"), "contact", self._contact(view))
        if view.latest_notes is not None:
            with Vertical(classes="box", id="box-latest-notes") as box:
                box.border_title = _("Notes of the last meeting, {time}").format(
                    time=long_datetime(view.latest_notes.meeting_starts_at))
                yield NotesPanel(view.latest_notes, rejected_on_top=False, id="latest-notes")

    def _box(self, title: str, name: str, text: Content | None = None) -> Vertical:
        """A box with a title around one text (or, with `with`, the widgets given)."""
        box = Vertical(*([] if text is None else [Static(text)]), classes=f"box {name}",
                       id=f"box-{name}")
        box.border_title = title
        return box

    def _goals(self, view: CitizenOverview) -> Content:
        if not view.goals:
            return self._muted(_("The citizen's goals and wishes are not recorded yet."))
        return lines(*(
            Content.assemble(
                (label("goal_kind", goal.kind) + ": ", "bold not italic"),
                "»", safe(goal.text), "«",
                (" " + _("(recorded {date})").format(date=short_date(goal.recorded_at)),
                 f"not italic {MUTED}"),
            ).stylize_before("italic")  # the citizen's words, quoted
            for goal in view.goals
        ))

    def _accommodations(self, view: CitizenOverview) -> list[Content]:
        if not view.accommodations:
            return [self._muted(_("No accommodations agreed."))]
        return [Content.assemble("• ", safe(a.description)) for a in view.accommodations]

    def _representatives(self, view: CitizenOverview) -> list[Content]:
        if not view.representatives:
            return [self._muted(_("None."))]
        found = []
        for person in view.representatives:
            role = label("representative_kind", person.kind)
            parts: list[Content | str] = ["• ", safe(person.name).stylize("bold"), f" ({role}"]
            if person.relation:
                parts += [", ", safe(person.relation)]
            parts.append(")")
            if person.phone:
                parts += [" · ", safe(_("phone {number}").format(number=person.phone))]
            if person.email:
                parts += [" · ", safe(person.email)]
            found.append(Content.assemble(*parts))
        return found

    def _caseworkers(self, periods: Sequence[CaseworkerPeriod]) -> list[Static]:
        if not periods:
            return [Static(self._muted(_("No caseworker recorded.")))]
        changes = len(periods) - 1
        found = []
        for period in periods:
            if period.ended_at is None:
                when = _("since {start} (current)").format(start=short_date(period.started_at))
            else:
                when = _("{start} – {end}").format(start=short_date(period.started_at),
                                                    end=short_date(period.ended_at))
            found.append(Content.assemble("• ", safe(period.name), "  ", (when, MUTED)))
        return [Static(safe(changes_text(changes)), id="caseworker-changes",
                       classes="changes -many" if changes else "changes"),
                Static(lines(*found))]

    def _meetings(self, view: CitizenOverview) -> Content:
        if not view.upcoming_meetings:
            return self._muted(_("No meetings planned."))
        return lines(*(
            Content.assemble(
                "• ", (long_datetime(meeting.starts_at), "bold"), " · ",
                label("meeting_kind", meeting.kind),
                *((" · ", safe(meeting.place)) if meeting.place else ()),
            )
            for meeting in view.upcoming_meetings
        ))

    def _agreement(self, agreement: OpenAgreement) -> Content:
        if agreement.due_on is None:
            due: tuple[str, str] = (_("no deadline"), MUTED)
        elif agreement.overdue:
            due = (_("OVERDUE since {date}").format(date=short_date(agreement.due_on)),
                   "bold $text-error")
        else:
            due = (_("by {date}").format(date=short_date(agreement.due_on)), MUTED)
        return Content.assemble(
            "• ", safe(agreement.what), " · ", safe(agreement_owner(agreement.who)), " · ", due,
        )

    def _contact(self, view: CitizenOverview) -> Content:
        missing = _("(not recorded)")
        facts = [
            (_("Address"), view.address or missing),
            (_("Phone"), view.phone or missing),
            (_("E-mail"), view.email or missing),
            (_("Prefers"), label("channel", view.preferred_channel)),
            (_("Target group"), view.target_group or missing),
            (_("Benefit"), view.benefit or missing),
        ]
        width = max(len(name) for name, _value in facts) + 2
        return lines(*(Content.assemble((name.ljust(width), "bold"), safe(value))
                       for name, value in facts))

    def _text_or(self, text: str, missing: str) -> Content:
        return safe(text) if text.strip() else self._muted(missing)

    def _muted(self, text: str) -> Content:
        return safe(text).stylize(MUTED)


def lines(*found: Content) -> Content:
    """The lines as one text."""
    return Content("\n").join(found)
