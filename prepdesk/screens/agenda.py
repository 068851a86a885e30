"""The agenda of a meeting: its items with owner and minutes, and proposals from the case
(R-PREP-3, R-PREP-5).

The items are a table; the proposals (open agreements, items not reached last time, new
statements, attached rulings, the citizen's wishes, the template for the kind of meeting)
a list below it. Every change is saved at once, and the minutes are added up against the
meeting's length after each. Enter on an item changes it; a new item becomes the chosen
row; a removed item can be put back with u.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from prepdesk.core import agenda
from prepdesk.core.agenda import AgendaView, Budget, ItemView, Proposal
from prepdesk.core.context import Context
from prepdesk.core.labels import label
from prepdesk.i18n import _
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DIALOG_CSS
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.meeting_heading import meeting_heading

OWNERS = ("caseworker", "citizen", "both", "other")


def budget_line(budget: Budget) -> Content:
    planned = budget.summary()
    warning = budget.warning()
    if warning is None:
        return Content.assemble(("✓ " + planned, "$text-success"))
    style = "$text-error bold" if budget.difference > 0 else "$text-warning"
    return Content.assemble(planned, " ", ("⚠ " + warning, style))


def proposal_line(proposal: Proposal) -> Content:
    return Content.assemble("+ ", safe(proposal.title), (
        "  " + _("{owner}, {minutes} min").format(owner=label("agreement_owner", proposal.owner),
                                                   minutes=proposal.minutes), "$text-muted"))


class AgendaScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("agenda.back", "escape", "back", _("Back"), _("Go back to the preparation.")),
        Command("agenda.add", "a", "add_proposal", _("Add proposal"),
                _("Put the chosen proposal on the agenda.")),
        Command("agenda.new", "n", "new_item", _("New item"), _("Write an item of your own.")),
        Command("agenda.edit", "e", "edit_item", _("Edit"),
                _("Change the chosen item's title, owner or minutes.")),
        Command("agenda.remove", "delete,x", "remove_item", _("Remove"),
                _("Take the chosen item off the agenda (u puts it back).")),
        Command("agenda.undo", "u", "undo_remove", _("Undo"),
                _("Put the item you removed back where it was.")),
        Command("agenda.up", "shift+up,minus", "move(-1)", _("Move up"),
                _("Move the chosen item up.")),
        Command("agenda.down", "shift+down,plus", "move(1)", _("Move down"),
                _("Move the chosen item down.")),
        Command("agenda.reload", "r,ctrl+r,f5", "reload", _("Reload"),
                _("Show the agenda as it is now, with colleagues' changes.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    SHOWN_WHEN_LOADED = True

    DEFAULT_CSS = """
    #agenda-budget { padding: 0 1; margin-bottom: 1; }
    #items-title { padding: 0 1; text-style: bold; }
    #agenda-items { height: auto; max-height: 1fr; }
    #proposals-title { padding: 0 1; margin-top: 1; text-style: bold; }
    #proposals { height: 1fr; border: none; }
    """

    def __init__(self, ctx: Context, meeting_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.view: AgendaView | None = None
        self._keep_row: int | None = None  # where a moved item went
        self._choose_new = False  # the next view's new item becomes the chosen row
        self._removed: ItemView | None = None  # the item u puts back

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Agenda …"), id="agenda-title", classes="screen-title", markup=False)
        yield Static(id="agenda-budget")
        yield Static(_("The agenda: Enter changes the chosen item, x removes it"),
                     id="items-title", markup=False)
        table: DataTable[Text] = DataTable(id="agenda-items", cursor_type="row")
        # The title last: a narrow terminal cuts the end of a title, not the minutes.
        table.add_column(_("No."), key="position", width=4)
        table.add_column(_("Minutes"), key="minutes", width=8)
        table.add_column(_("Owner"), key="owner", width=16)
        table.add_column(_("Item"), key="title", width=80)
        yield table
        yield Static(_("Proposals from the case: Enter or a puts one on the agenda"),
                     id="proposals-title", markup=False)
        yield OptionList(id="proposals")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    # --- loading and changing -------------------------------------------------------------

    def action_reload(self) -> None:
        ctx, meeting_id, again = self.ctx, self.meeting_id, self.view is not None
        run_core(self, lambda: agenda.view(ctx, meeting_id, again=again), self._show,
                 group="agenda", exclusive=True)

    def _apply(self, change: Callable[[Context, int, int], AgendaView]) -> None:
        """Make `change` in core on the agenda as shown (its version), then show the agenda
        as it is after it. A colleague's change meanwhile refuses it with a sentence in the
        problem bar; r shows theirs."""
        ctx, meeting_id, seen = self.ctx, self.meeting_id, self.view.agenda_version
        run_core(self, lambda: change(ctx, meeting_id, seen), self._show, failed=self._refused,
                 group="agenda-change")

    def _refused(self, _problem: object) -> None:
        self._keep_row = None
        self._choose_new = False

    def _show(self, view: AgendaView) -> None:
        self.show_itself()
        first = self.view is None
        if self._choose_new and self.view is not None:
            before = {item.id for item in self.view.items}
            new = [index for index, item in enumerate(view.items) if item.id not in before]
            if new:
                self._keep_row = new[0]
        self._choose_new = False
        self.view = view
        meeting = view.meeting
        self.query_one("#agenda-title", Static).update(safe(_("Agenda · {meeting}").format(
            meeting=meeting_heading(view.citizen_name, meeting))))
        self.query_one("#agenda-budget", Static).update(budget_line(view.budget))
        table = self.query_one("#agenda-items", DataTable)
        row = table.cursor_row
        table.clear()
        for item in view.items:
            table.add_row(str(item.position), str(item.minutes),
                          label("agreement_owner", item.owner), Text(strip_controls(item.title)),
                          key=str(item.id))
        if view.items:
            keep = row if self._keep_row is None else self._keep_row
            table.move_cursor(row=min(keep, len(view.items) - 1))
        self._keep_row = None
        proposals = self.query_one("#proposals", OptionList)
        highlighted = proposals.highlighted
        proposals.set_options(Option(proposal_line(p)) for p in view.proposals)
        if view.proposals:
            proposals.highlighted = min(highlighted or 0, len(view.proposals) - 1)
        if first:
            (table if view.items else proposals).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.view is None:
            return action in ("back", "reload")
        if action == "add_proposal":  # the highlighted proposal, wherever the focus is
            return bool(self.view.proposals)
        if action in ("edit_item", "remove_item", "move"):
            return bool(self.view.items) and self.focused is self.query_one("#agenda-items")
        if action == "undo_remove":
            return self._removed is not None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def _chosen_item(self) -> ItemView | None:
        table = self.query_one("#agenda-items", DataTable)
        if not self.view.items or table.cursor_row >= len(self.view.items):
            return None
        return self.view.items[table.cursor_row]

    # --- actions -------------------------------------------------------------------------

    def action_add_proposal(self) -> None:
        index = self.query_one("#proposals", OptionList).highlighted
        if index is not None:
            self._add(self.view.proposals[index])

    @on(OptionList.OptionSelected, "#proposals")
    def _proposal_chosen(self, event: OptionList.OptionSelected) -> None:
        self._add(self.view.proposals[event.option_index])

    def _add(self, proposal: Proposal, position: int | None = None) -> None:
        # An addition overwrites nothing: core takes it on the agenda as it is now. The
        # new item becomes the chosen row, so e or x act on it.
        self._choose_new = True
        self._apply(lambda ctx, meeting_id, _seen: agenda.add(ctx, meeting_id, proposal,
                                                               position))

    def action_new_item(self) -> None:
        def written(result: tuple[str, str, int] | None) -> None:
            if result is not None:
                title, owner, minutes = result
                self._add(Proposal(title, owner, minutes, "own"))
                self.query_one("#agenda-items").focus()

        self.app.push_screen(AgendaItemDialog(), written)

    def action_edit_item(self) -> None:
        item = self._chosen_item()
        if item is None:
            return

        def written(result: tuple[str, str, int] | None) -> None:
            if result is not None:
                title, owner, minutes = result
                self._apply(lambda ctx, meeting_id, seen: agenda.change(
                    ctx, meeting_id, item.id, seen_agenda_version=seen, title=title, owner=owner,
                    minutes=minutes))

        self.app.push_screen(AgendaItemDialog(item), written)

    @on(DataTable.RowSelected, "#agenda-items")
    def _row_chosen(self) -> None:
        self.action_edit_item()  # Enter on an item, as the line above the table says

    def action_remove_item(self) -> None:
        """Remove at once, and say how to put it back: a removal by mistake costs one key."""
        item = self._chosen_item()
        if item is None:
            return

        def removed(view: AgendaView) -> None:
            self._removed = item
            self._show(view)
            self.notify(_("Removed: “{title}”. Press u to undo.").format(
                title=strip_controls(item.title)), markup=False)

        ctx, meeting_id, seen = self.ctx, self.meeting_id, self.view.agenda_version
        run_core(self, lambda: agenda.remove(ctx, meeting_id, item.id, seen_agenda_version=seen),
                 removed, failed=self._refused, group="agenda-change")

    def action_undo_remove(self) -> None:
        item, self._removed = self._removed, None
        if item is not None:
            self.query_one("#agenda-items").focus()
            self._add(Proposal(item.title, item.owner, item.minutes, item.source, item.source_id),
                      item.position)

    def action_move(self, steps: int) -> None:
        item = self._chosen_item()
        if item is None:
            return
        self._keep_row = max(0, min(item.position - 1 + steps, len(self.view.items) - 1))
        self._apply(lambda ctx, meeting_id, seen: agenda.move(
            ctx, meeting_id, item.id, steps, seen_agenda_version=seen))

    def action_back(self) -> None:
        self.dismiss()


class AgendaItemDialog(PrepDeskScreen, ModalScreen[tuple[str, str, int] | None]):
    """An item's title, owner and minutes: a new one, or `item` changed."""

    USER_COMMANDS = (
        Command("agenda_item.save", "ctrl+s", "save", _("Save"), _("Save the item."),
                priority=True),
        Command("agenda_item.cancel", "escape", "cancel", _("Cancel"),
                _("Close without saving.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "AgendaItemDialog {" + DIALOG_CSS + """
        & Label { margin-top: 1; color: $text-muted; }
    }"""

    def __init__(self, item: ItemView | None = None) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical():
            yield Static(_("Change the item") if item else _("New item"),
                         classes="dialog-title", markup=False)
            yield Label(_("Title"))
            yield TextInput(plain(item.title) if item else "", id="item-title")
            yield Label(_("Who leads it"))
            yield Select([(label("agreement_owner", owner), owner) for owner in OWNERS],
                         value=item.owner if item and item.owner in OWNERS else "both",
                         allow_blank=False, id="item-owner")
            yield Label(_("Minutes"))
            yield TextInput(str(item.minutes) if item else "5", type="integer", id="item-minutes")
            yield Static(classes="dialog-problem", id="item-problem")
            yield Static(_("Ctrl+S or Enter saves · Escape cancels"), markup=False)
        yield Footer()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        title = self.query_one("#item-title", Input).value.strip()
        minutes = self.query_one("#item-minutes", Input).value.strip()
        problem = self.query_one("#item-problem", Static)
        if not title:
            problem.update(_("An agenda item needs a title."))
        elif not minutes.isdigit() or not 1 <= int(minutes) <= 240:
            problem.update(_("An agenda item takes from 1 to 240 minutes."))
        else:
            self.dismiss((title, self.query_one("#item-owner", Select).value, int(minutes)))

    def action_cancel(self) -> None:
        self.dismiss(None)
