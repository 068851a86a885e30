"""The home screen after login: who is working and which data is open.

A placeholder for "Min dag", the start screen.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Header, Static

from prepdesk.context import Workspace
from prepdesk.i18n import _
from prepdesk.screens import PrepDeskScreen
from prepdesk.text import safe


class HomeScreen(PrepDeskScreen):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._welcome(), id="welcome")
        yield Footer()

    def _welcome(self) -> Content:
        name = self.workspace.user.name
        if self.workspace.demo:
            line = _("Welcome, {name}. You are working in the demo data: the citizens are "
                     "made up.").format(name=name)
        else:
            database = describe_database(self.workspace.settings.resolved_database_url())
            line = _("Welcome, {name}. You are working in the database {database}.").format(
                name=name, database=database
            )
        return safe(line)


def describe_database(url: str) -> str:
    """Where the data is, for people: the SQLite file, or the PostgreSQL server and database.

    Never the user name or password a URL may carry.
    """
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return parts.path.removeprefix("/") or _("in memory")
    server = parts.hostname or "localhost"
    return f"{server}{parts.path}"
