"""The team's workload (issue 13 item 1): a team lead's view of the team, opened with F9 or
from the palette.

One row per active caseworker and team lead of the team: the citizens assigned now, the
meetings in the next weeks, the open handovers to and from them, and until when they are
away (core/handover.py `workload`). On a caseworker's row `f` hands their whole caseload
over in one pass (the caseload screen: core `distribute_caseload`), and `a` sets or clears
the day they are away until (core `set_away`): no handover to them takes effect before.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from prepdesk.core import handover as core
from prepdesk.core.context import Context
from prepdesk.core.handover import Away, Workload, WorkloadLine
from prepdesk.dates import parse_date, short_date
from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import ChoiceDialog, InputDialog
from prepdesk.ui.footer import Footer
from prepdesk.ui.navigation import go
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen


def workload_columns(team: Workload) -> list[str]:
    return [_("Caseworker"), _("Citizens"),
            _("Meetings next {n} weeks").format(n=team.weeks), _("Handovers to"),
            _("Handovers from"), _("Away until")]


def workload_cells(line: WorkloadLine) -> list[Text]:
    return [Text(plain(line.name)), Text(str(line.citizens)), Text(str(line.meetings_ahead)),
            Text(str(line.handovers_in)), Text(str(line.handovers_out)),
            Text(short_date(line.away_until) if line.away_until else "–")]


class WorkloadScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("workload.distribute", "f", "distribute", _("Hand over caseload"),
                _("Hand the chosen caseworker's citizens over to colleagues in one pass: "
                  "when a caseworker leaves.")),
        Command("workload.away", "a", "away", _("Away"),
                _("Set or clear the day the chosen caseworker is away until; no handover to "
                  "them takes effect before.")),
        Command("workload.refresh", "ctrl+r", "refresh", _("Reload"),
                _("Load the team's workload again."), show=False),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = """
    WorkloadScreen {
        #workload-title { padding: 0 1; text-style: bold; color: $text-primary; }
        #workload-help { padding: 0 1; }
        #workload-table { height: 1fr; }
    }
    """

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.team: Workload | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("The team's workload"), id="workload-title", markup=False)
        yield Static(_("f: hand the chosen caseworker's caseload over · a: away until · "
                       "Reload (Ctrl+R)"), id="workload-help", markup=False)
        yield DataTable(id="workload-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    def on_screen_resume(self) -> None:
        if self.team is not None:  # back from handing a caseload over: the new figures
            self._load()

    def action_refresh(self) -> None:
        self._load()

    def _load(self) -> None:
        run_core(self, partial(core.workload, self.ctx), self._show, group="workload",
                 exclusive=True)

    def _show(self, team: Workload) -> None:
        if not self.is_attached:
            return
        self.team = team
        self.query_one("#workload-title", Static).update(safe(
            _("The workload of {team}").format(team=team.team_name)))
        table = self.query_one("#workload-table", DataTable)
        was = self._chosen()
        table.clear(columns=True)
        for title in workload_columns(team):
            table.add_column(title)
        for line in team.lines:
            table.add_row(*workload_cells(line), key=str(line.caseworker_id))
        if was is not None and any(line.caseworker_id == was.caseworker_id for line in team.lines):
            table.move_cursor(row=table.get_row_index(str(was.caseworker_id)))
        table.focus()
        self.refresh_bindings()

    def _chosen(self) -> WorkloadLine | None:
        if self.team is None or not self.team.lines:
            return None
        table = self.query_one("#workload-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((line for line in self.team.lines if str(line.caseworker_id) == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "distribute":
            line = self._chosen()
            return line is not None and line.citizens > 0
        if action == "away":
            return self._chosen() is not None
        return True

    def action_distribute(self) -> None:
        line = self._chosen()
        if line is not None:
            go(self, "caseload", caseworker_id=line.caseworker_id)

    # --- away -----------------------------------------------------------------------

    def action_away(self) -> None:
        line = self._chosen()
        if line is None:
            return
        if line.away_until is None:
            self._ask_day(line)
            return
        self.app.push_screen(
            ChoiceDialog(_("{name} is away until {date}").format(
                name=line.name, date=short_date(line.away_until)),
                _("Change the day, or say they are back."),
                [("change", _("Change the day")), ("clear", _("Not away any more"))]),
            partial(self._away_choice, line))

    def _away_choice(self, line: WorkloadLine, choice: str | None) -> None:
        if choice == "change":
            self._ask_day(line)
        elif choice == "clear":
            self._set_away(line, None)

    def _ask_day(self, line: WorkloadLine) -> None:
        value = f"{line.away_until:%d.%m.%Y}" if line.away_until else ""
        self.app.push_screen(
            InputDialog(_("{name} is away until").format(name=line.name),
                        _("The last day they are away (dd.mm.yyyy). No handover to them takes "
                          "effect before the day after."),
                        placeholder=_("For example 31.12.2026"), value=value, check=parse_date),
            partial(self._typed_day, line))

    def _typed_day(self, line: WorkloadLine, typed: str | None) -> None:
        if typed is not None:
            self._set_away(line, parse_date(typed))

    def _set_away(self, line: WorkloadLine, day: date | None) -> None:
        run_core(self, partial(core.set_away, self.ctx, line.caseworker_id, day,
                               seen_version=line.version), self._away_set, group="workload-away")

    def _away_set(self, away: Away) -> None:
        if away.away_until is None:
            self.app.notify(_("{name} is not away any more.").format(name=away.name))
        else:
            self.app.notify(_("{name} is away until {date}.").format(
                name=away.name, date=short_date(away.away_until)))
        self._load()
