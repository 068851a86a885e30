"""Aktindsigt on screen (issue 12 item 4): `i` in the citizen's file registers the request
(received today by default) and writes the export, saying where; my day shows the open
requests with their deadline in a section of its own, only when there are any, and `u`
records how the export was handed over."""

from __future__ import annotations

from datetime import date

from support.apps import FileApp, make_app
from support.desk import desk
from support.people import SIZE
from support.pilot import on_my_day, rendered, settled, until
from textual.widgets import Input, OptionList

from prepdesk.core import aktindsigt
from prepdesk.export import aktindsigt as export
from prepdesk.ui.dialogs import ChoiceDialog, InputDialog


async def test_i_in_the_file_registers_the_request_and_writes_the_export(db_url, tmp_path,
                                                                          monkeypatch) -> None:
    # The PDF itself is proved in tests/core/test_aktindsigt_isolation.py; here the key.
    monkeypatch.setattr(export, "render_pdf", lambda made: b"%PDF-1.7 " + made.citizen.name.encode())
    the_desk = desk(db_url)
    the_desk.workspace.settings.export_dir = tmp_path
    app = FileApp(the_desk.workspace, the_desk.ids["soeren"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, InputDialog))
        assert app.screen.query_one(Input).value == "23.11.2026"  # today, the desk's Monday
        await pilot.press("enter")
        await until(pilot, lambda: len(list(tmp_path.glob("*.json"))) == 1)
        await settled(pilot)
        [pdf] = tmp_path.glob("*.pdf")
        assert "Søren Møller" in pdf.read_text(encoding="utf-8")
        said = [n.message for n in app._notifications][-1]
        assert str(pdf) in said and "senest onsdag 2. dec. 2026" in said
    [request] = aktindsigt.open_requests(the_desk.workspace)
    assert (request.citizen_id, request.received_on, request.due_on) == (
        the_desk.ids["soeren"], date(2026, 11, 23), date(2026, 12, 2))


async def test_a_day_that_does_not_exist_is_said_in_the_dialog_which_stays_open(db_url,
                                                                                tmp_path) -> None:
    the_desk = desk(db_url)
    the_desk.workspace.settings.export_dir = tmp_path
    app = FileApp(the_desk.workspace, the_desk.ids["soeren"])
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, InputDialog))
        dialog = app.screen
        dialog.query_one(Input).value = "31.02.2026"
        await pilot.press("enter")
        await settled(pilot)
        assert app.screen is dialog and dialog.query_one(Input).value == "31.02.2026"
        assert "Den dato findes ikke" in rendered(dialog.query_one("#dialog-problem"))
        dialog.query_one(Input).value = "20.11.2026"
        await pilot.press("enter")
        await until(pilot, lambda: len(list(tmp_path.glob("*.json"))) == 1)
    [request] = aktindsigt.open_requests(the_desk.workspace)
    assert request.received_on == date(2026, 11, 20)


async def test_my_day_shows_open_requests_by_deadline_and_u_answers_one(db_url) -> None:
    the_desk = desk(db_url)
    ctx = the_desk.workspace
    app = make_app(ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await on_my_day(pilot)
        assert "aktindsigt" not in rendered(screen.query_one(OptionList)).lower()  # none: no section
        late = aktindsigt.register_request(ctx, the_desk.ids["soeren"], date(2026, 11, 10), "Alt")
        aktindsigt.register_request(ctx, the_desk.ids["birgit"], date(2026, 11, 20))
        await pilot.press("ctrl+r")
        await settled(pilot)
        text = rendered(screen.query_one(OptionList))
        assert "Anmodninger om aktindsigt (2)" in text
        lines = text.splitlines()
        assert any("Søren Møller" in line and "FOR SENT: fristen var 19.11.2026" in line
                   for line in lines)
        assert any("Birgit Nielsen" in line and "senest tirsdag 1.12." in line for line in lines)
        day_list = screen.query_one(OptionList)
        day_list.highlighted = day_list.get_option_index(f"aktindsigt-{late.id}")
        await pilot.pause()
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # by Digital Post
        await until(pilot, lambda: app.screen is screen)
        await settled(pilot)
        text = rendered(screen.query_one(OptionList))
        assert "Anmodninger om aktindsigt (1)" in text and "FOR SENT" not in text
        assert [n.message for n in app._notifications][-1] == (
            "Anmodningen om aktindsigt er besvaret: aktindsigten blev givet med Digital Post.")
