"""Keys typed at once after the key that opens a screen are the new screen's: F2 and a
query typed before the rulings screen has mounted (a fast typist, or a busy machine)."""

from __future__ import annotations

from support.apps import make_app
from support.desk import desk
from support.people import SIZE
from support.pilot import on_my_day, settled, until
from textual import events
from textual.widgets import Input


async def typed_at_once(db_url: str, opener: str, field: str) -> str:
    app = make_app(desk(db_url).workspace)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        for key, character in [(opener, None), *((c, c) for c in "sygedagpenge")]:
            app.post_message(events.Key(key, character))  # as the terminal driver does
        await settled(pilot)
        await until(pilot, lambda: bool(app.screen.query(field)))
        await settled(pilot)
        return app.screen.query_one(field, Input).value


async def test_a_query_typed_at_once_after_f2_is_in_the_rulings_search(
        sqlite_db_url: str) -> None:
    # It went to my day before, whose 'p' opened a meeting's preparation.
    assert await typed_at_once(sqlite_db_url, "f2", "#rulings-query") == "sygedagpenge"


async def test_a_name_typed_at_once_after_ctrl_f_is_in_the_citizen_search(
        sqlite_db_url: str) -> None:
    assert await typed_at_once(sqlite_db_url, "ctrl+f", "#search-query") == "sygedagpenge"


async def test_a_key_pressed_twice_opens_one_screen_and_escape_at_once_closes_it(
        sqlite_db_url: str) -> None:
    """m m Escape typed at once on my day: the second m found my day still on top and
    opened a second meeting mode, which Escape closed while it was being built: a crash."""
    from support.notes import meeting_desk

    from prepdesk.screens.meeting_mode import MeetingModeScreen
    from prepdesk.screens.my_day import MyDayScreen

    app = make_app(meeting_desk(sqlite_db_url).workspace)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        for key, character in [("m", "m"), ("m", "m")]:
            app.post_message(events.Key(key, character))
        await until(pilot, lambda: isinstance(app.screen, MeetingModeScreen))
        await settled(pilot)
        assert [type(s) for s in app.screen_stack].count(MeetingModeScreen) == 1
        for key, character in [("m", "m"), ("escape", None)]:  # again, Escape at once
            app.post_message(events.Key(key, character))
        await settled(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MyDayScreen))
        await settled(pilot)
        assert app.is_running
