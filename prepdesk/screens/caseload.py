"""A whole caseload handed over in one pass (issue 13 item 1), when a caseworker leaves:
opened from the team's workload with `f` on the caseworker's row.

The leaving caseworker's citizens are a table; the team lead gives each an incoming
colleague from the keyboard: a number key (the colleagues are numbered above the table),
or Enter for a list; `j` proposes an even spread by workload (the fewest citizens and
incoming handovers first, no one away on the day), which the lead can change row by row;
Backspace takes a citizen out of the pass. One reason, one day the new caseworkers take
over, and whether meetings and agreements move along, for all; Ctrl+S starts them all
(core/handover.py `distribute_caseload`): all or nothing. A problem with one citizen is
core's sentence naming them on the problem bar, and every choice stays on the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from prepdesk.core import handover as core
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.handover import Caseload, HandoverView, Workload, WorkloadLine
from prepdesk.dates import short_date
from prepdesk.errors import UserError
from prepdesk.i18n import _, ngettext
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import ChoiceDialog, QuestionDialog
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core, show_problem
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.handover_terms import HandoverTerms

NUMBERED = 9  # colleagues reachable by a number key


@dataclass(frozen=True)
class Colleague:
    number: int  # its number key, 1-9 (0: only in the list)
    line: WorkloadLine


def colleagues_of(team: Workload, leaving_id: int) -> list[Colleague]:
    others = [line for line in team.lines if line.caseworker_id != leaving_id]
    return [Colleague(n + 1 if n < NUMBERED else 0, line) for n, line in enumerate(others)]


def away_on(line: WorkloadLine, day: date) -> bool:
    return line.away_until is not None and line.away_until >= day


def spread_evenly(citizens: Sequence[int], colleagues: Sequence[WorkloadLine],
                  day: date) -> dict[int, int]:
    """Each citizen to the caseworker with the lightest load so far (citizens and incoming
    handovers, then by name), leaving out who is away on `day` and the team leads (who may
    be chosen by hand): a proposal to change."""
    load = {c.caseworker_id: c.citizens + c.handovers_in
            for c in colleagues if not away_on(c, day) and c.role == "caseworker"}
    order = [c.caseworker_id for c in colleagues if c.caseworker_id in load]
    proposal: dict[int, int] = {}
    if not order:
        return proposal
    for citizen_id in citizens:
        chosen = min(order, key=lambda cid: (load[cid], order.index(cid)))
        proposal[citizen_id] = chosen
        load[chosen] += 1
    return proposal


def ngettext_citizens(count: int) -> str:
    return ngettext("{n} citizen", "{n} citizens", count).format(n=count)


def _caseload_data(ctx: Context, caseworker_id: int) -> tuple[Caseload, Workload]:
    return core.caseload(ctx, caseworker_id), core.workload(ctx)


def _digit(number: int) -> Command:
    return Command(f"caseload.colleague_{number}", str(number), f"give({number})",
                   _("To colleague {n}").format(n=number),
                   _("Give the chosen citizen to the colleague numbered {n}.").format(n=number),
                   show=False, in_palette=False)


class CaseloadScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("caseload.start", "ctrl+s", "start", _("Start"),
                _("Start the handover of every citizen given a colleague: all or none."),
                priority=True),
        Command("caseload.choose", "enter", "choose", _("Choose colleague"),
                _("Choose from a list who takes the chosen citizen over.")),
        Command("caseload.spread", "j", "spread", _("Spread evenly"),
                _("Propose an even spread over the caseworkers by workload, leaving out those "
                  "away on the day; change it row by row.")),
        Command("caseload.clear", "backspace", "clear", _("Leave out"),
                _("Take the chosen citizen out of this pass.")),
        *(_digit(n) for n in range(1, NUMBERED + 1)),
        Command("caseload.refresh", "ctrl+r", "refresh", _("Reload"),
                _("Load the caseload and the team again; your choices stay where they still "
                  "fit."), show=False),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = """
    CaseloadScreen {
        #caseload-title { padding: 0 1; text-style: bold; color: $text-primary; }
        #caseload-colleagues { padding: 0 1; }
        #caseload-table { height: 1fr; min-height: 5; }
        HandoverTerms { padding: 0 1; }
        #caseload-keys { padding: 0 1; }
    }
    """

    def __init__(self, ctx: Context, caseworker_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.caseworker_id = caseworker_id
        self.caseload: Caseload | None = None
        self.colleagues: list[Colleague] = []
        self.assigned: dict[int, int] = {}  # citizen id -> incoming caseworker id

    def compose(self) -> ComposeResult:
        today = self.ctx.clock().astimezone(LOCAL_TIMEZONE).date()
        yield Header()
        yield Static(_("Hand over a caseload"), id="caseload-title", markup=False)
        yield Static(id="caseload-colleagues")
        yield DataTable(id="caseload-table", cursor_type="row", zebra_stripes=True)
        yield HandoverTerms(today, "leaves")
        yield Static(_("1-9: to the colleague with that number · Enter: choose from a list · "
                       "j: spread evenly · Backspace: leave out · Ctrl+S: start all · "
                       "Escape: back"), id="caseload-keys", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    def action_refresh(self) -> None:
        self._load()

    def _load(self) -> None:
        run_core(self, partial(_caseload_data, self.ctx, self.caseworker_id), self._show,
                 group="caseload", exclusive=True)

    # --- showing --------------------------------------------------------------------

    def _show(self, data: tuple[Caseload, Workload]) -> None:
        if not self.is_attached:
            return
        self.caseload, team = data
        self.colleagues = colleagues_of(team, self.caseworker_id)
        ids = {c.line.caseworker_id for c in self.colleagues}
        free = {line.citizen_id for line in self.caseload.lines if not line.in_handover}
        self.assigned = {citizen: to for citizen, to in self.assigned.items()
                         if citizen in free and to in ids}
        self.query_one("#caseload-title", Static).update(safe(
            _("Hand over the caseload of {name}").format(name=self.caseload.caseworker_name)))
        self.query_one("#caseload-colleagues", Static).update(safe(self._legend()))
        table = self.query_one("#caseload-table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(_("Citizen"), key="citizen")
        table.add_column(_("Takes over"), key="to")
        for line in self.caseload.lines:
            table.add_row(Text(plain(line.citizen_name)), self._to_cell(line.citizen_id),
                          key=str(line.citizen_id))
        if self.caseload.lines:
            table.move_cursor(row=min(row, len(self.caseload.lines) - 1))
        table.focus()
        self.refresh_bindings()

    def _legend(self) -> str:
        if not self.colleagues:
            return _("The team has no other colleague to hand over to.")
        day = self._day_or_none()
        parts = []
        for colleague in self.colleagues:
            line = colleague.line
            words = ngettext_citizens(line.citizens)
            if day is not None and away_on(line, day):
                words += ", " + _("away until {date}").format(date=short_date(line.away_until))
            number = f"{colleague.number} " if colleague.number else ""
            parts.append(f"{number}{line.name} ({words})")
        return _("Colleagues: {list}").format(list=" · ".join(parts))

    def _to_cell(self, citizen_id: int) -> Text:
        line = next(x for x in self.caseload.lines if x.citizen_id == citizen_id)
        if line.in_handover:
            return Text(_("already being handed over"), style="italic")
        to = self.assigned.get(citizen_id)
        if to is None:
            return Text("–")
        colleague = next(c for c in self.colleagues if c.line.caseworker_id == to)
        return Text(plain(colleague.line.name))

    def _update_row(self, citizen_id: int) -> None:
        table = self.query_one("#caseload-table", DataTable)
        table.update_cell(str(citizen_id), "to", self._to_cell(citizen_id), update_width=True)

    def _chosen(self) -> int | None:
        """The chosen citizen, when they may be handed over in this pass."""
        if self.caseload is None or not self.caseload.lines:
            return None
        table = self.query_one("#caseload-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        line = next((x for x in self.caseload.lines if str(x.citizen_id) == key), None)
        return line.citizen_id if line is not None and not line.in_handover else None

    def _day_or_none(self) -> date | None:
        try:
            return self.query_one(HandoverTerms).day()
        except UserError:
            return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("give", "choose", "clear"):
            return self._chosen() is not None and bool(self.colleagues)
        if action in ("spread", "start"):
            return self.caseload is not None and bool(self.colleagues)
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def on_input_changed(self, event: TextInput.Changed) -> None:
        if self.caseload is not None:  # who is away on the day typed
            self.query_one("#caseload-colleagues", Static).update(safe(self._legend()))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # The table takes Enter itself: choose from the list, as the key says.
        self.action_choose()

    # --- choosing -------------------------------------------------------------------

    def _give(self, citizen_id: int, to: int | None, *, next_row: bool = True) -> None:
        if to is None:
            self.assigned.pop(citizen_id, None)
        else:
            self.assigned[citizen_id] = to
        self._update_row(citizen_id)
        table = self.query_one("#caseload-table", DataTable)
        if next_row and table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_give(self, number: int) -> None:
        citizen_id = self._chosen()
        colleague = next((c for c in self.colleagues if c.number == number), None)
        if citizen_id is None:
            return
        if colleague is None:
            show_problem(self, UserError(_("No colleague has the number {n}.").format(n=number)))
            return
        self._give(citizen_id, colleague.line.caseworker_id)

    def action_choose(self) -> None:
        citizen_id = self._chosen()
        if citizen_id is None or self.caseload is None:
            return
        name = next(x.citizen_name for x in self.caseload.lines if x.citizen_id == citizen_id)
        choices = [(str(c.line.caseworker_id),
                    f"{c.line.name} ({ngettext_citizens(c.line.citizens)})")
                   for c in self.colleagues]
        self.app.push_screen(
            ChoiceDialog(_("Who takes over {name}?").format(name=name),
                         _("The colleague's citizens now are in brackets."), choices),
            lambda chosen: self._give(citizen_id, int(chosen)) if chosen else None)

    def action_clear(self) -> None:
        citizen_id = self._chosen()
        if citizen_id is not None:
            self._give(citizen_id, None)

    def action_spread(self) -> None:
        if self.caseload is None:
            return
        day = self._day_or_none() or self.ctx.clock().astimezone(LOCAL_TIMEZONE).date()
        free = [x.citizen_id for x in self.caseload.lines if not x.in_handover]
        proposal = spread_evenly(free, [c.line for c in self.colleagues], day)
        if not proposal:
            show_problem(self, UserError(_("Every caseworker is away on that day. Choose "
                                           "another day, or a colleague by hand.")))
            return
        self.assigned = proposal
        for citizen_id in free:
            self._update_row(citizen_id)
        self.app.notify(_("A proposal: change a row with a number key or Enter, then Ctrl+S."))

    # --- starting -------------------------------------------------------------------

    def action_start(self) -> None:
        if self.caseload is None:
            return
        terms = self.query_one(HandoverTerms)
        try:
            reason, day = terms.reason(), terms.day()
        except UserError as problem:
            show_problem(self, problem)
            return
        assigned = dict(self.assigned)
        if not assigned:
            show_problem(self, UserError(_("Give each citizen a colleague first: a number key, "
                                           "Enter, or j to spread them evenly.")))
            return
        start = partial(self._start, assigned, reason, day)
        free = sum(1 for x in self.caseload.lines if not x.in_handover)
        if len(assigned) < free:
            self.app.push_screen(QuestionDialog(
                _("{given} of {all} citizens have a colleague. Start the handover of those "
                  "{given} only?").format(given=len(assigned), all=free),
                yes=_("Start")), lambda yes: start() if yes else None)
            return
        start()

    def _start(self, assigned: dict[int, int], reason: str, day: date) -> None:
        run_core(self, partial(
            core.distribute_caseload, self.ctx, self.caseworker_id, assigned, reason, day,
            **self.query_one(HandoverTerms).moves()),
            self._started, group="caseload-start")

    def _started(self, views: tuple[HandoverView, ...]) -> None:
        self.app.notify(_("{n} handovers are started; each is on my day under Handovers.")
                        .format(n=len(views)))
        self.dismiss()
