"""Users and teams, for an administrator (R-SEC-3): the list, and small dialogs to add a
user or a team, deactivate a user or move them to another team.

Reached with u (or the palette) from my day and any other screen, for an administrator only
(app.py); core refuses anyone else too (core/users.py). Every change takes the version the list showed: a user changed
meanwhile by another administrator is refused with their name (Ctrl+R reloads).
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Input, Static

from prepdesk.core import users
from prepdesk.core.context import Context
from prepdesk.core.labels import label
from prepdesk.core.users import TeamLine, UserLine
from prepdesk.i18n import _
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DIALOG_CSS, ChoiceDialog, InputDialog, QuestionDialog
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core
from prepdesk.ui.screen import PrepDeskScreen

NO_TEAM = "-"


class NewUserDialog(PrepDeskScreen, ModalScreen[dict[str, str] | None]):
    """Initials, name, e-mail and direct phone of a new user; Enter in the last field
    gives them, Escape nothing. The role and the team are chosen next."""

    USER_COMMANDS = (
        Command("new_user.cancel", "escape", "cancel", _("Cancel"), _("Close without saving.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "NewUserDialog {" + DIALOG_CSS + "}"
    FIELDS = ("initials", "name", "email", "phone")

    def compose(self) -> ComposeResult:
        placeholders = {"initials": _("Initials"), "name": _("Name"), "email": _("E-mail"),
                        "phone": _("Direct phone number")}
        with Vertical():
            yield Static(_("New user"), classes="dialog-title", markup=False)
            for field in self.FIELDS:
                yield TextInput(placeholder=placeholders[field], id=f"new-{field}")
            yield Static(_("Enter goes to the next field · Escape cancels"), markup=False)
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        values = {field: self.query_one(f"#new-{field}", Input).value for field in self.FIELDS}
        empty = [field for field in self.FIELDS if not values[field].strip()]
        if empty:
            self.query_one(f"#new-{empty[0]}", Input).focus()
        else:
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class UsersScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("users.add", "n", "add_user", _("New user"), _("Create a user.")),
        Command("users.deactivate", "d", "deactivate", _("Deactivate"),
                _("The chosen user can no longer log in; what they wrote stays.")),
        Command("users.move", "m", "move", _("Move"),
                _("Move the chosen user to another team.")),
        Command("users.add_team", "t", "add_team", _("New team"), _("Create a team.")),
        Command("users.refresh", "ctrl+r", "refresh", _("Reload"), _("Load the users again."),
                show=False),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = """
    UsersScreen {
        #users-title { padding: 0 1; text-style: bold; }
        #users-table { height: 1fr; }
    }
    """

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self._users: dict[str, UserLine] = {}
        self._teams: tuple[TeamLine, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Users and teams"), id="users-title", markup=False)
        table: DataTable[Text] = DataTable(id="users-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("Initials"), _("Name"), _("Role"), _("Team"), _("E-mail"),
                          _("Status"))
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        run_core(self, partial(_users_and_teams, self.ctx), self._show, group="users")

    def _show(self, found: tuple[tuple[UserLine, ...], tuple[TeamLine, ...]]) -> None:
        lines, self._teams = found
        table = self.query_one(DataTable)
        chosen = self._chosen()
        table.clear()
        self._users = {}
        for line in lines:
            self._users[line.initials] = line
            table.add_row(*(Text(strip_controls(value)) for value in (
                line.initials, line.name, label("role", line.role), line.team or NO_TEAM,
                line.email, _("active") if line.active else _("deactivated"))),
                key=line.initials)
        if chosen is not None and chosen.initials in self._users:
            table.move_cursor(row=table.get_row_index(chosen.initials))
        self.refresh_bindings()

    def _chosen(self) -> UserLine | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._users.get(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("deactivate", "move"):
            chosen = self._users and self._chosen()
            return bool(chosen and chosen.active)
        return True

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    # --- the changes -----------------------------------------------------------------

    def _changed(self, sentence: str) -> None:
        self.app.notify(sentence, markup=False)
        self.action_refresh()

    def action_add_user(self) -> None:
        self.app.push_screen(NewUserDialog(), self._new_user)

    def _new_user(self, values: dict[str, str] | None) -> None:
        if values is None:
            return
        roles = [(role, label("role", role)) for role in users.ROLES]

        def role_chosen(role: str | None) -> None:
            if role is not None:
                self._choose_team(_("The new user's team"), partial(self._add, values, role),
                                  allow_none=True)

        self.app.push_screen(ChoiceDialog(_("Role"), _("Which role will {name} have?").format(
            name=values["name"].strip()), roles), role_chosen)

    def _add(self, values: dict[str, str], role: str, team: str | None) -> None:
        run_core(self, partial(users.add_user, self.ctx, role=role,
                               team=None if team == NO_TEAM else team, **values),
                 lambda line: self._changed(_("Created the user {initials}.").format(
                     initials=line.initials)))

    def _choose_team(self, title: str, chosen, *, allow_none: bool = False) -> None:  # type: ignore[no-untyped-def]
        choices = [(team.name, team.name) for team in self._teams]
        if allow_none:
            choices.append((NO_TEAM, _("No team (sees only the citizens assigned to them)")))

        def picked(team: str | None) -> None:
            if team is not None:
                chosen(team)

        self.app.push_screen(ChoiceDialog(title, _("Choose the team."), choices), picked)

    def action_deactivate(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                run_core(self, partial(users.deactivate, self.ctx, chosen.initials,
                                       chosen.version),
                         lambda line: self._changed(
                             _("{initials} is deactivated: they can no longer log in.").format(
                                 initials=line.initials)))

        self.app.push_screen(QuestionDialog(
            _("Deactivate {name} ({initials})? They can no longer log in; what they wrote "
              "stays.").format(name=chosen.name, initials=chosen.initials),
            yes=_("Deactivate")), answered)

    def action_move(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        self._choose_team(
            _("Move {name} to").format(name=chosen.name),
            lambda team: run_core(self, partial(users.move, self.ctx, chosen.initials, team,
                                                chosen.version),
                                  lambda line: self._changed(_("{initials} is now in {team}.").format(
                                      initials=line.initials, team=line.team))))

    def action_add_team(self) -> None:
        def named(name: str | None) -> None:
            if name:
                run_core(self, partial(users.add_team, self.ctx, name),
                         lambda team: self._changed(_("Created the team {name}.").format(
                             name=team.name)))

        self.app.push_screen(InputDialog(_("New team"), _("The new team's name."),
                                         placeholder=_("For example: Team Nord")), named)


def _users_and_teams(ctx: Context) -> tuple[tuple[UserLine, ...], tuple[TeamLine, ...]]:
    return users.users(ctx), users.teams(ctx)
