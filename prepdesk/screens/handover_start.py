"""Start a handover of a citizen, or ask for one (issue 13 item 1, R-FILE-5).

Opened from the citizen's file with `v` (Overdrag). A team lead sees the team's workload
(citizens, meetings in the next weeks, open handovers to and from each, who is away), the
citizen's caseworkers so far with the warning from the second change, chooses the incoming
caseworker in the table, a reason, the day the new caseworker takes over and whether the
outgoing caseworker's meetings and agreements move along, and starts it with Ctrl+S: the
handover screen opens. A caseworker sees the same, without the table, and asks their team
lead with Ctrl+S (core/handover.py `request_handover`). A problem is core's sentence on the
problem bar; what was chosen stays, also when Ctrl+R loads the rest again. A citizen being
handed over already (by a colleague or another window at the same moment) has that
handover opened instead; opened from a request, the form says so, and Ctrl+S answers the
request with that handover.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Label, Select, Static

from prepdesk.core import handover as core
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.handover import (
    CaseworkerChanges,
    HandoverLine,
    HandoverView,
    RequestView,
    Workload,
)
from prepdesk.dates import short_date
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import TextDialog
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.run import run_core, show_problem
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.handover_terms import HandoverTerms

StartData = tuple[CaseworkerChanges, Workload | None, HandoverLine | None]


def _start_data(ctx: Context, citizen_id: int) -> StartData:
    changes = core.caseworker_changes(ctx, citizen_id)
    team = core.workload(ctx) if ctx.user.role == "team_lead" else None
    return changes, team, core.running_handover(ctx, citizen_id)


def changes_text(changes: CaseworkerChanges) -> str:
    lines = [_("Changes of caseworker so far: {n}").format(n=changes.count)]
    for period in changes.periods:
        until = short_date(period.ended_at) if period.ended_at else _("now")
        lines.append(f"  {period.name}: {short_date(period.started_at)} – {until}"
                     + (f" ({period.reason})" if period.reason else ""))
    return "\n".join(lines)


class HandoverStartScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("handover_start.start", "ctrl+s", "start", _("Start"),
                _("Start the handover to the caseworker chosen in the table (a team lead), or "
                  "ask your team lead for one."), priority=True),
        Command("handover_start.decline_request", "d", "decline_request", _("Decline request"),
                _("Decline the caseworker's request for this handover, saying why (a team "
                  "lead).")),
        Command("handover_start.reload", "ctrl+r", "reload", _("Reload"),
                _("Load the citizen's caseworkers, the team's workload and a handover started "
                  "meanwhile again; what you chose stays."), priority=True),
        Command("handover_start.back", "escape", "back", _("Back"),
                _("Go back without starting anything."), show=False),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = """
    HandoverStartScreen {
        #start-title { padding: 0 1; text-style: bold; color: $text-primary; }
        #start-body { height: 1fr; padding: 0 1; }
        #start-changes { margin-bottom: 1; }
        #start-warning, #start-running { color: $text-warning; text-style: bold; }
        #start-workload { height: auto; max-height: 12; margin-bottom: 1; }
        .start-row { height: auto; }
        .start-row Label { width: 28; padding: 1 1 0 0; }
        #start-why { width: 40; }
    }
    """

    def __init__(self, ctx: Context, citizen_id: int, *,
                 request: RequestView | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.citizen_id = citizen_id
        # Opened from a caseworker's request (my day): its reason chosen, its words shown,
        # and the team lead starts it (Ctrl+S) or declines it (d).
        self.request = request
        self.lead = ctx.user.role == "team_lead"
        self.changes: CaseworkerChanges | None = None
        self.team: Workload | None = None
        self.running: HandoverLine | None = None  # the citizen's handover not over

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Handover"), id="start-title", markup=False)
        with VerticalScroll(id="start-body"):
            yield Static(id="start-changes")
            yield Static(id="start-warning")
            yield Static(id="start-running")
            if self.request is not None:
                yield Static(safe(_("{name} asked for it: {why}").format(
                    name=self.request.requested_by,
                    why=self.request.why or self.request.reason_label)), id="start-asked")
            if self.lead:
                yield Static(_("Choose who takes over in the table (↑↓):"), markup=False)
                table: DataTable[Text] = DataTable(id="start-workload", cursor_type="row",
                                                   zebra_stripes=True)
                yield table
            yield HandoverTerms(self.ctx.clock().astimezone(LOCAL_TIMEZONE).date(),
                                self.request.reason if self.request is not None else None,
                                day_and_moves=self.lead)
            if not self.lead:
                with Horizontal(classes="start-row"):
                    yield Label(_("Why (for your team lead)"))
                    yield TextInput(id="start-why")
            yield Static(_("Ctrl+S starts · Escape goes back") if self.lead else
                         _("Ctrl+S asks your team lead · Escape goes back"), markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        run_core(self, partial(_start_data, self.ctx, self.citizen_id), self._show,
                 group="handover-start")

    def _show(self, data: StartData) -> None:
        first = self.changes is None
        self.changes, self.team, self.running = data
        changes, running = self.changes, self.running
        if running is not None and self.request is None:
            # Nothing to start or ask for: the handover already running is what to see.
            self.app.notify(_("{name} is already being handed over: this is that "
                              "handover.").format(name=running.citizen_name))
            self.dismiss()
            go(self, "handover", handover_id=running.id)
            return
        title = (_("Hand over {name}") if self.lead else _("Ask for a handover of {name}"))
        self.query_one("#start-title", Static).update(safe(title.format(name=changes.citizen_name)))
        self.query_one("#start-changes", Static).update(safe(changes_text(changes)))
        warning = self.query_one("#start-warning", Static)
        warning.update(safe("! " + changes.warning) if changes.warning else "")
        warning.display = bool(changes.warning)
        self._show_running()
        if self.team is None:
            if first:
                self.query_one("#handover-reason", Select).focus()
            return
        table = self.query_one("#start-workload", DataTable)
        chosen = self._chosen() if table.row_count else None
        table.clear(columns=True)
        for title in (_("Caseworker"), _("Citizens"),
                      _("Meetings next {n} weeks").format(n=self.team.weeks),
                      _("Handovers to"), _("Handovers from"), _("Away until")):
            table.add_column(title)
        for line in self.team.lines:
            table.add_row(Text(plain(line.name)), Text(str(line.citizens)),
                          Text(str(line.meetings_ahead)), Text(str(line.handovers_in)),
                          Text(str(line.handovers_out)),
                          Text(short_date(line.away_until) if line.away_until else "–"),
                          key=str(line.caseworker_id))
        if chosen in {line.caseworker_id for line in self.team.lines}:
            table.move_cursor(row=table.get_row_index(str(chosen)))
        if first:
            table.focus()

    def _show_running(self) -> None:
        """Opened from a request while the citizen is being handed over already (a request
        from before a request and a start excluded each other): what to do with it."""
        running, line = self.running, self.query_one("#start-running", Static)
        line.display = running is not None
        if running is not None:
            line.update(safe("! " + _(
                "{name} is already being handed over to {to} (started {date}, {state}). "
                "Ctrl+S answers the request with that handover and opens it; d declines the "
                "request.").format(name=running.citizen_name, to=running.to_name,
                                   date=short_date(running.started_at),
                                   state=core.status_labels()[running.status])))

    def _chosen(self) -> int:
        table = self.query_one("#start-workload", DataTable)
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "decline_request":
            return self.lead and self.request is not None
        return True

    def action_decline_request(self) -> None:
        request = self.request
        if request is None or not self.lead:
            return
        self.app.push_screen(
            TextDialog(_("Decline the request to hand {name} over").format(
                name=request.citizen_name),
                _("Write why: {asker} sees it on their day.").format(asker=request.requested_by),
                partial(core.decline_request, self.ctx, request.id,
                        seen_version=request.version)),
            self._declined)

    def _declined(self, declined: RequestView | None) -> None:
        if declined is None:
            return
        self.app.notify(plain(_("The request to hand {name} over is declined.").format(
            name=declined.citizen_name)))
        self.dismiss()

    def action_start(self) -> None:
        if self.changes is None:
            return
        if self.running is not None and self.request is not None:
            run_core(self, partial(core.answer_by_running_handover, self.ctx, self.request.id,
                                   seen_version=self.request.version),
                     self._answered, group="handover-start")
            return
        terms = self.query_one(HandoverTerms)
        try:
            reason = terms.reason()
        except UserError as problem:
            show_problem(self, problem)
            return
        if not self.lead:
            why = self.query_one("#start-why", TextInput).value
            run_core(self, partial(core.request_handover, self.ctx, self.citizen_id, reason,
                                   why), self._asked, group="handover-start")
            return
        if self.team is None or not self.team.lines:
            return
        try:
            effective = terms.day()
        except UserError as problem:
            show_problem(self, problem)
            return
        run_core(self, partial(
            core.start_handover, self.ctx, self.citizen_id, self._chosen(), reason,
            effective, **terms.moves()),
            self._started, group="handover-start")

    def _started(self, view: HandoverView) -> None:
        self.app.notify(_("The handover of {name} to {incoming} is started.").format(
            name=view.citizen_name, incoming=view.to_name))
        self.dismiss()
        go(self, "handover", handover_id=view.id)

    def _answered(self, request: RequestView) -> None:
        self.app.notify(_("The request is answered by the handover of {name} that runs.").format(
            name=request.citizen_name))
        self.dismiss()
        go(self, "handover", handover_id=request.handover_id)

    def _asked(self, request: RequestView) -> None:
        self.app.notify(_("Your team lead is asked to hand {name} over.").format(
            name=request.citizen_name))
        self.dismiss()
