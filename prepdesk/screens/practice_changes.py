"""Praksisændringer (R-RULE-4): after a ruling against us, practice changes and everyone
acknowledges it.

Everyone sees the changes they have still to acknowledge, with the text, and acknowledges
them. A team lead also sees the rulings that changed or sent back our decisions, publishes
a practice change after one (for the team or the whole job centre), and sees who has not
acknowledged what was published, and corrects a published change (everyone it concerns
then acknowledges it again). Who may publish is decided in core (`core.practice`); its
sentence is shown in the problem bar when it refuses, also when a colleague published or
changed the same meanwhile: `r` reloads.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Header,
    Input,
    Label,
    OptionList,
    Static,
    Switch,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.option_list import Option

from prepdesk.core.context import Context
from prepdesk.core.labels import label
from prepdesk.core.practice import (
    LEADS,
    PracticeChangeText,
    PracticeLists,
    PublishedChange,
    RulingAgainstUs,
    acknowledge,
    change_practice_change,
    practice_lists,
    publish_practice_change,
)
from prepdesk.dates import short_date
from prepdesk.i18n import _, ngettext
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.fields import TextEditor, TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen


def one_line(text: str) -> str:
    return " ".join(strip_controls(text).split())


def change_prompt(change: PracticeChangeText) -> Content:
    scope = _("whole job centre") if change.whole_job_centre else _("your team")
    return Content.assemble(
        (one_line(change.title), "bold"), "\n",
        (_("After ruling {number} · published {date} by {name} · {scope}").format(
            number=one_line(change.ruling_number), date=short_date(change.published_at),
            name=one_line(change.published_by), scope=scope), "$text-muted"))


def change_text(change: PracticeChangeText) -> Content:
    return Content.assemble(
        (strip_controls(change.title), "bold"), "\n",
        (_("After ruling {number}: {title}").format(
            number=strip_controls(change.ruling_number),
            title=strip_controls(change.ruling_title)), "$text-muted"), "\n\n",
        strip_controls(change.description))


def ruling_prompt(ruling: RulingAgainstUs) -> Content:
    state = (("✓ " + _("practice change published"), "$text-success") if ruling.published
             else ("! " + _("no practice change yet"), "$text-warning bold"))
    return Content.assemble(
        (one_line(ruling.number), "bold"), "  ", one_line(ruling.title), "\n",
        (f"{short_date(ruling.decided_on)} · {label('ruling_outcome', ruling.outcome)} · ",
         "$text-muted"), state)


def published_prompt(published: PublishedChange) -> Content:
    missing = len(published.missing)
    state = (("✓ " + _("everyone has acknowledged"), "$text-success") if not missing else
             ("! " + ngettext("{missing} of {count} has not acknowledged",
                              "{missing} of {count} have not acknowledged",
                              published.concerned).format(missing=missing,
                                                          count=published.concerned),
              "$text-warning bold"))
    return Content.assemble(change_prompt(published.change), "\n", state)


def published_text(published: PublishedChange) -> Content:
    if published.missing:
        who = Content.assemble((_("Not acknowledged yet:"), "bold"), "\n",
                               *(f"· {one_line(name)}\n" for name in published.missing))
    else:
        who = Content(_("Everyone has acknowledged the change."))
    return Content.assemble(who, "\n", change_text(published.change))


class PracticeChangesScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("practice.to_acknowledge", "1", "show_tab('to-acknowledge')",
                _("To acknowledge"), _("The practice changes you have still to acknowledge.")),
        Command("practice.against_us", "2", "show_tab('against-us')", _("Rulings against us"),
                _("The rulings that changed or sent back our decisions.")),
        Command("practice.published", "3", "show_tab('published')", _("Published"),
                _("The published practice changes and who has not acknowledged them.")),
        # Priority: the list would otherwise take Enter and hide the key from the footer.
        Command("practice.read", "enter", "read", _("Read ruling"),
                _("Read the ruling behind the chosen line in full."), priority=True),
        Command("practice.acknowledge", "k", "acknowledge", _("Acknowledge"),
                _("Confirm that you have read the practice change and work by it.")),
        Command("practice.publish", "n", "publish", _("New practice change"),
                _("Publish a practice change after the chosen ruling.")),
        Command("practice.change", "e", "change", _("Correct"),
                _("Correct the chosen published practice change; everyone acknowledges it "
                  "again.")),
        Command("practice.refresh", "r,ctrl+r,f5", "refresh", _("Reload"),
                _("Load the practice changes again, with colleagues' changes.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    PracticeChangesScreen Horizontal {
        height: 1fr;
    }
    PracticeChangesScreen OptionList {
        width: 1fr;
        height: 1fr;
    }
    PracticeChangesScreen .detail {
        width: 1fr;
        padding: 0 1;
        border-left: solid $primary;
    }
    PracticeChangesScreen .empty {
        padding: 1;
        color: $text-muted;
    }
    """

    def __init__(self, ctx: Context, chosen: int | None = None) -> None:
        """`chosen`: the practice change to start on (from my day), if still to acknowledge."""
        super().__init__()
        self.ctx = ctx
        self.lead = ctx.user.role in LEADS
        self._lists = PracticeLists((), (), ())
        self._chosen = chosen

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="practice-tabs"):
            yield self._pane("to-acknowledge", _("To acknowledge"))
            if self.lead:
                yield self._pane("against-us", _("Rulings against us"))
                yield self._pane("published", _("Published"))
        yield Footer()

    def _pane(self, key: str, title: str) -> TabPane:
        return TabPane(
            title,
            Static(classes="empty", id=f"{key}-empty"),
            Horizontal(OptionList(id=f"{key}-list"),
                       VerticalScroll(Static(id=f"{key}-text"), classes="detail")),
            id=key,
        )

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        ctx = self.ctx
        run_core(self, lambda: practice_lists(ctx), self._show, group="practice",
                 exclusive=True)

    def _show(self, lists: PracticeLists) -> None:
        self._lists = lists
        self._fill("to-acknowledge", [change_prompt(c) for c in lists.mine],
                   _("You have acknowledged every practice change."))
        chosen, self._chosen = self._chosen, None
        position = next((n for n, c in enumerate(lists.mine) if c.id == chosen), None)
        if position is not None:
            self.query_one("#to-acknowledge-list", OptionList).highlighted = position
        if self.lead:
            self._fill("against-us", [ruling_prompt(r) for r in lists.against_us],
                       _("No ruling has changed or sent back one of our decisions."))
            self._fill("published", [published_prompt(p) for p in lists.published],
                       _("No practice changes have been published for your team yet."))
        self._focus_list()

    def _fill(self, key: str, prompts: list[Content], empty: str) -> None:
        found = self.query_one(f"#{key}-list", OptionList)
        was = found.highlighted or 0
        found.set_options(Option(prompt, id=str(n)) for n, prompt in enumerate(prompts))
        self.query_one(f"#{key}-empty", Static).update(Content(empty))
        self.query_one(f"#{key}-empty").display = not prompts
        found.parent.display = bool(prompts)
        if prompts:
            found.highlighted = min(was, len(prompts) - 1)
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        key = event.option_list.id.removesuffix("-list")
        position = int(event.option_id)
        detail = {
            "to-acknowledge": lambda: change_text(self._lists.mine[position]),
            "against-us": lambda: self._ruling_text(self._lists.against_us[position]),
            "published": lambda: published_text(self._lists.published[position]),
        }[key]
        self.query_one(f"#{key}-text", Static).update(detail())
        self.refresh_bindings()

    def _ruling_text(self, ruling: RulingAgainstUs) -> Content:
        follow = (_("A practice change has been published after this ruling.")
                  if ruling.published else
                  _("No practice change has followed this ruling yet. Press N to publish one."))
        return Content.assemble((strip_controls(ruling.number), "bold"), "\n",
                                strip_controls(ruling.title), "\n\n", follow)

    # --- what is chosen ------------------------------------------------------------------

    def _tab(self) -> str:
        return self.query_one(TabbedContent).active

    def _position(self) -> int | None:
        found = self.query_one(f"#{self._tab()}-list", OptionList)
        return found.highlighted if found.option_count else None

    def _chosen_ruling(self) -> tuple[int, str, str] | None:
        """(id, number, title) of the ruling behind the chosen line."""
        position = self._position()
        if position is None:
            return None
        tab = self._tab()
        if tab == "against-us":
            ruling = self._lists.against_us[position]
            return ruling.id, ruling.number, ruling.title
        change = (self._lists.mine[position] if tab == "to-acknowledge"
                  else self._lists.published[position].change)
        return change.ruling_id, change.ruling_number, change.ruling_title

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted or not self.query(TabbedContent):
            return True
        tab = self._tab()
        if action == "show_tab":
            return self.lead or parameters == ("to-acknowledge",)
        if action == "acknowledge":
            return tab == "to-acknowledge" and self._position() is not None
        if action == "publish":
            return self.lead and tab == "against-us" and self._position() is not None
        if action == "change":
            return self.lead and tab == "published" and self._position() is not None
        if action == "read":
            return self._position() is not None
        return True

    # --- actions -------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_list()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self._focus_list()
        self.refresh_bindings()

    def _focus_list(self) -> None:
        found = self.query_one(f"#{self._tab()}-list", OptionList)
        if found.option_count:
            found.focus()

    def action_read(self) -> None:
        chosen = self._chosen_ruling()
        if chosen is not None:
            go(self, "ruling", ruling_id=chosen[0])

    @on(OptionList.OptionSelected)
    def _clicked(self) -> None:
        self.action_read()

    def action_acknowledge(self) -> None:
        position = self._position()
        if position is not None and self._tab() == "to-acknowledge":
            change = self._lists.mine[position]
            ctx = self.ctx
            run_core(self, lambda: acknowledge(ctx, change.id, change.version),
                     self._acknowledged, group="acknowledge")

    def _acknowledged(self, _result: None) -> None:
        self.notify(_("Thank you: the practice change is acknowledged."), markup=False)
        self.action_refresh()

    def action_publish(self) -> None:
        position = self._position()
        if position is not None and self._tab() == "against-us":
            ruling = self._lists.against_us[position]
            self.app.push_screen(PublishDialog(self.ctx, ruling), self._published)

    def action_change(self) -> None:
        position = self._position()
        if position is not None and self._tab() == "published":
            change = self._lists.published[position].change
            self.app.push_screen(PublishDialog(self.ctx, change=change), self._changed)

    def _published(self, published: bool | None) -> None:
        if published:
            self.notify(_("The practice change is published. Everyone it concerns will see it "
                          "in My day."), markup=False)
            self.action_refresh()

    def _changed(self, changed: bool | None) -> None:
        if changed:
            self.notify(_("The practice change is corrected. Everyone it concerns is asked to "
                          "acknowledge it again."), markup=False)
            self.action_refresh()


class PublishDialog(PrepDeskScreen, ModalScreen[bool]):
    """A new practice change after a ruling, or a correction of a published one: a title,
    what changes, and (when new) for whom."""

    USER_COMMANDS = (
        Command("publish.save", "ctrl+s", "publish", _("Publish"),
                _("Publish the practice change to those it concerns."), priority=True),
        Command("publish.cancel", "escape", "cancel", _("Cancel"),
                _("Close without publishing.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    PublishDialog {
        align: center middle;
    }
    #publish {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        background: $surface;
        border: thick $primary;
    }
    #publish-heading {
        text-style: bold;
    }
    #publish-description {
        height: 10;
    }
    #publish-scope {
        height: auto;
        margin-top: 1;
        & > Label {
            padding: 1 1;
        }
    }
    """

    def __init__(self, ctx: Context, ruling: RulingAgainstUs | None = None, *,
                 change: PracticeChangeText | None = None) -> None:
        """After `ruling` (a new practice change), or correcting `change`."""
        super().__init__()
        self.ctx = ctx
        self.ruling, self.change = ruling, change

    def compose(self) -> ComposeResult:
        change = self.change
        with Vertical(id="publish"):
            if change is None:
                heading = _("New practice change after ruling {number}").format(
                    number=self.ruling.number)
            else:
                heading = _("Correct the practice change after ruling {number}").format(
                    number=change.ruling_number)
            yield Static(safe(heading), id="publish-heading")
            yield Static(safe(self.ruling.title if change is None else change.ruling_title))
            yield Label(_("Title"))
            yield TextInput(plain(change.title) if change else "", id="publish-title",
                        placeholder=_("What changes, in a few words"))
            yield Label(_("What changes in practice, and from when"))
            yield TextEditor(plain(change.description) if change else "", id="publish-description")
            if change is None:
                with Horizontal(id="publish-scope"):
                    yield Switch(id="publish-whole")
                    yield Label(_("For the whole job centre (otherwise your team only)"))
        yield Footer()

    def action_publish(self) -> None:
        ctx, ruling, change = self.ctx, self.ruling, self.change
        title = self.query_one("#publish-title", Input).value
        description = self.query_one("#publish-description", TextArea).text
        if change is not None:
            run_core(self, lambda: change_practice_change(ctx, change.id, change.version, title,
                                                          description),
                     lambda _version: self.dismiss(True), group="publish", exclusive=True)
            return
        whole = self.query_one("#publish-whole", Switch).value
        run_core(self, lambda: publish_practice_change(
            ctx, ruling.id, title, description, whole_job_centre=whole,
            seen_changes=ruling.practice_changes),
                 lambda _id: self.dismiss(True), group="publish", exclusive=True)

    def action_cancel(self) -> None:
        self.dismiss(False)
