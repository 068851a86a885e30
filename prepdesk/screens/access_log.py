"""Who has opened a citizen's file, and who has seen the CPR number (R-SEC-1, R-SEC-2).

Reached from the citizen's file. Looking at the log is a look at the citizen's data too:
core checks access and logs it (`access.access_log`).
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from prepdesk.core import access
from prepdesk.core.access import AccessLogLine
from prepdesk.core.context import Context
from prepdesk.core.labels import label
from prepdesk.core.timeline import KINDS
from prepdesk.dates import medium_datetime
from prepdesk.i18n import _
from prepdesk.text import strip_controls
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen


def describe_action(code: str) -> str:
    """What the user did, in words, for each look core logs (`access.LOOKS` lists them and
    says which operation writes each; a test checks that every one has words here)."""
    names = {"open_file": _("opened the file"), "reveal_cpr": _("showed the CPR number"),
             "search_cpr": _("searched by the whole CPR number"),
             "export": _("exported the file"), "open_statement": _("read a statement"),
             "open_entry": _("read an entry of the timeline"),
             "statements": _("looked at the statements"),
             "access_log": _("looked at the access log"),
             "preparation": _("prepared a meeting"), "agenda": _("looked at the agenda"),
             "letter": _("opened a letter"),
             "letter_preview": _("looked at a letter as the citizen receives it"),
             "notes": _("read the notes"), "corrections": _("opened the citizen's corrections"),
             "answer": _("opened the notes to record the citizen's answer"),
             "quick_note": _("opened a quick note"),
             "similar_rulings": _("looked at similar rulings"),
             "rulings": _("looked for rulings for a meeting"),
             "ruling": _("read a ruling for a meeting"),
             "attach_ruling": _("attached a ruling to a meeting"),
             "admin_reason": _("opened the file as administrator, with a reason")}
    return names.get(code, code)


def describe_detail(detail: str) -> str:
    """"statement 12" (what core records for an opened entry) as "Erklæring nr. 12",
    "note 7" (the notes read) as "Referat nr. 7"."""
    kind, _space, number = detail.partition(" ")
    if kind in KINDS and number.isdigit():
        return _("{kind} no. {number}").format(kind=label("timeline", kind), number=number)
    if kind == "note" and number.isdigit():
        return _("{kind} no. {number}").format(kind=_("Notes"), number=number)
    return detail


class AccessLogScreen(PrepDeskScreen):
    DEFAULT_CSS = """
    AccessLogScreen {
        #access-title { padding: 1 2; text-style: bold; }
        #access-table { height: 1fr; margin: 0 2; }
    }
    """
    USER_COMMANDS = (
        Command("access_log.back", "escape", "back", _("Back"),
                _("Close the access log and go back to the file.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    def __init__(self, ctx: Context, citizen_id: int, citizen_name: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.citizen_id = citizen_id
        self.citizen_name = citizen_name

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content.assemble(_("Access log for") + " ", safe(self.citizen_name)),
                     id="access-title")
        table: DataTable[Text] = DataTable(id="access-table", cursor_type="row",
                                           zebra_stripes=True)
        table.add_columns(_("Time"), _("Who"), _("What"), _("Detail"))
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).loading = True
        run_core(self, partial(access.access_log, self.ctx, self.citizen_id), self._show,
                 failed=self._not_shown)

    def _not_shown(self, problem: object) -> None:
        if self.is_attached:
            self.query_one(DataTable).loading = False

    def _show(self, rows: list[AccessLogLine]) -> None:
        if not self.is_attached:  # closed while the log was loading
            return
        table = self.query_one(DataTable)
        for line in rows:
            table.add_row(*(Text(strip_controls(cell)) for cell in (
                medium_datetime(line.at), line.who, describe_action(line.action),
                describe_detail(line.detail),
            )))
        table.loading = False
        table.focus()

    def action_back(self) -> None:
        self.dismiss()
