"""The users screen (issue 12, item 2): an administrator reaches it from my day and adds,
deactivates and moves a user there with the keyboard. The rules themselves are core's
(tests/core/test_access_users.py, tests/test_cli.py)."""

from __future__ import annotations

from types import SimpleNamespace

from sqlmodel import select
from support.apps import make_app
from support.people import SIZE, context, staff, teams, user_of
from support.pilot import footer, on_my_day, paste_text, settled, until
from textual.widgets import DataTable

from prepdesk.data import db
from prepdesk.data import models as m
from prepdesk.screens.users import NewUserDialog, UsersScreen
from prepdesk.ui.dialogs import ChoiceDialog, QuestionDialog


def _rows(screen: UsersScreen) -> dict[str, list[str]]:
    table = screen.query_one(DataTable)
    return {row.key.value: [cell.plain for cell in table.get_row(row.key)]
            for row in table.ordered_rows}


async def test_an_administrator_adds_deactivates_and_moves_a_user(sqlite_db_url) -> None:
    engine = db.open_engine(sqlite_db_url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        made = teams(session)
        workers = staff(session, made, "mette", "admin")
        admin = user_of(workers["admin"])
        session.commit()
    settings = SimpleNamespace(approval_reminder_days=7,
                               resolved_database_url=lambda demo=None: sqlite_db_url)
    app = make_app(context(sessions, admin, settings))
    async with app.run_test(size=SIZE) as pilot:
        day = await on_my_day(pilot)
        assert "u Brugere" in footer(day)
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, UsersScreen))
        await settled(pilot)
        screen = app.screen
        assert _rows(screen)["MKJ"] == ["MKJ", "Mette Kjær", "sagsbehandler", "Team Vest",
                                        "mkj@fjordby.example", "aktiv"]

        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewUserDialog))
        for value in ("LJ", "Lise Jørgensen", "lj@fjordby.example", "72 11 22 33"):
            await paste_text(pilot, value)
            await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # team lead
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog)
                    and app.screen.title_text == "Den nye brugers team")
        await pilot.press("down", "enter")  # Team Øst
        await until(pilot, lambda: "LJ" in _rows(screen))
        assert _rows(screen)["LJ"][2:4] == ["teamleder", "Team Øst"]

        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("MKJ"))
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")
        await until(pilot, lambda: _rows(screen)["MKJ"][3] == "Team Øst")

        table.move_cursor(row=table.get_row_index("LJ"))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, QuestionDialog))
        await pilot.press("enter")
        await until(pilot, lambda: _rows(screen)["LJ"][5] == "deaktiveret")
        assert "d Deaktiver" not in footer(screen)  # not again: LJ is chosen, and inactive
    with sessions() as session:
        assert session.exec(select(m.Caseworker.initials, m.Caseworker.active)
                            .order_by(m.Caseworker.initials)).all() == [
            ("ADM", True), ("LJ", False), ("MKJ", True)]
    engine.dispose()
