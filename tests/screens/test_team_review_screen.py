"""The team's figures on screen (issue 14, items 1 to 4 and 7): a team lead opens them from
my day with F7 and sees the team's column and each caseworker's; a caseworker sees the
team's and their own only. p switches the period, d shows a figure's definition, Enter
lists the rows behind a number and Enter opens a meeting's preparation, e writes a CSV
file and says where it went. The figures themselves are proved in
tests/core/test_review_figures.py; here the screen."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from support.apps import ScreenApp, make_app
from support.desk import desk
from support.people import SIZE, STAFF, user_of
from support.pilot import on_my_day, paste_text, settled, squeezed, text_of, until
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input

from prepdesk.core.review_figures import Drill, DrillRow, Figure, Period, figure_definitions
from prepdesk.data import models as m
from prepdesk.screens.team_review import (
    DefinitionDialog,
    DrillScreen,
    TeamReviewScreen,
    worst_first,
)
from prepdesk.ui.dialogs import InputDialog


def review_desk(db_url, tmp_path):  # type: ignore[no-untyped-def]
    """Mette's desk (support.desk) with Jens and Lone Berg, Team Vest's lead; the contexts
    of Lone and of Mette, writing their CSV files to `tmp_path`."""
    the_desk = desk(db_url)
    ctx = the_desk.workspace
    ctx.settings.notes_deadline_working_days = 0
    ctx.settings.export_dir = tmp_path
    with ctx.sessions() as session:
        workers = []
        for key in ("lone", "jens"):
            fields = dict(STAFF[key])
            fields.pop("team")
            workers.append(m.Caseworker(**fields, team_id=ctx.user.team_id))
        session.add_all(workers)
        session.commit()
        team = session.get(m.Team, ctx.user.team_id)
        lead = user_of(workers[0], team)
    return the_desk, ctx.as_user(lead), ctx


def columns(screen) -> list[str]:  # type: ignore[no-untyped-def]
    table = screen.query_one("#review-table", DataTable)
    return [str(column.label) for column in table.ordered_columns]


def cells(screen, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    table = screen.query_one("#review-table", DataTable)
    return [str(cell) for cell in table.get_row(key)]


async def opened(pilot: Pilot) -> TeamReviewScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, TeamReviewScreen))
    await settled(pilot)
    return pilot.app.screen  # type: ignore[return-value]


async def test_f7_gives_the_lead_every_column_and_d_a_definition(db_url, tmp_path) -> None:
    the_desk, lead, _mette = review_desk(db_url, tmp_path)
    admin = lead.as_user(replace(lead.user, role="admin", team_id=None))
    assert not make_app(admin)._allowed("team_review", Screen())  # admin: no F7, no palette
    app = make_app(lead)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await pilot.press("f7")
        screen = await opened(pilot)
        assert text_of(screen.query_one("#review-title")) == "Teamets tal · Team Vest"
        assert text_of(screen.query_one("#review-period")).startswith("4. kvartal 2026")
        assert "som din teamleder ser dem" in text_of(screen.query_one("#review-openly"))
        assert columns(screen) == ["Team", "JH", "LB", "MKJ"]
        # Mette held two meetings this quarter, neither prepared before it began.
        assert cells(screen, "meetings_prepared") == ["0 %", "—", "—", "0 %"]
        # The chart of the focused figure, with its numbers as text.
        assert "uge 48, 2026: —" in text_of(screen.query_one("#review-points"))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DefinitionDialog))
        assert text_of(app.screen.query_one("#definition-title")) == (
            "Møder forberedt, før de begyndte")
        assert "0 forberedte møder af 2 møder" in text_of(app.screen.query_one("#definition-counted"))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)


async def test_p_and_minus_change_the_period(db_url, tmp_path) -> None:
    the_desk, lead, _mette = review_desk(db_url, tmp_path)
    app = ScreenApp(lead, TeamReviewScreen)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("p")  # the week of 23 November: no meeting has begun yet
        await until(pilot, lambda: screen.review.period.kind == "week")
        await settled(pilot)
        assert text_of(screen.query_one("#review-period")).startswith("uge 48, 2026")
        assert cells(screen, "meetings_prepared")[0] == "—"
        await pilot.press("minus")
        await until(pilot, lambda: screen.review.period.label() == "uge 47, 2026")
        await settled(pilot)
        assert text_of(screen.query_one("#review-period")).startswith("uge 47, 2026")
        await pilot.press("f")  # from–to: any period
        await until(pilot, lambda: isinstance(app.screen, InputDialog))
        app.screen.query_one(Input).value = ""
        await paste_text(pilot, "01.11.2026 - 15.11.2026")
        await pilot.press("enter")
        await until(pilot, lambda: screen.review.period.kind == "range")
        await settled(pilot)
        assert text_of(screen.query_one("#review-period")).startswith("01.11.2026–15.11.2026")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, InputDialog))
        app.screen.query_one(Input).value = ""
        await paste_text(pilot, "15.11.2026-01.11.2026")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen)
        assert "slutter, før den begynder" in text_of(screen.query_one("#problem"))


async def test_enter_lists_the_rows_behind_a_number_and_enter_opens_a_meeting(db_url, tmp_path) -> None:
    the_desk, lead, _mette = review_desk(db_url, tmp_path)
    app = ScreenApp(lead, TeamReviewScreen)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("right", "right", "right", "enter")  # Mette's meetings
        await until(pilot, lambda: isinstance(app.screen, DrillScreen))
        await settled(pilot)
        drill = app.screen
        assert drill.drill.caseworker_id == the_desk.workspace.user.id
        assert len(drill.drill.rows) == 2
        assert "Søren Møller" in str(drill.query_one("#drill-table", DataTable).get_row_at(0))
        # Prepared or not has no number of its own: no column for one.
        assert [str(column.label) for column in
                drill.query_one("#drill-table", DataTable).columns.values()][-1] == "Talt med"
        await pilot.press("enter")
        from prepdesk.screens.preparation import PreparationScreen

        await until(pilot, lambda: isinstance(app.screen, PreparationScreen))
        assert app.screen.meeting_id == drill.drill.rows[0].meeting_id


def test_a_rows_own_number_is_headed_by_what_it_is() -> None:
    from prepdesk.screens.team_review import value_title

    definitions = {d.key: d for d in figure_definitions()}
    assert value_title(definitions["letters_lix"]) == "LIX"
    assert value_title(definitions["notes_on_time"]) == "Dage"  # sent, days after the meeting


def test_the_rows_that_pull_a_share_down_come_first() -> None:
    def row(day: int, counted: bool) -> DrillRow:
        return DrillRow("meeting", day, 1, "Søren", day, 1, "Mette",
                        datetime(2026, 11, day, tzinfo=UTC), counted, None, "")

    period = Period.month(date(2026, 11, 1))
    listed = (row(20, True), row(19, False), row(18, True), row(17, False))
    definitions = {d.key: d for d in figure_definitions()}

    def order(key: str) -> list[int]:
        drill = Drill(period, definitions[key], None, "Team Vest", Figure(key, 2, 4, 0.5),
                      listed, False)
        return [r.id for r in worst_first(drill).rows]

    assert order("meetings_prepared") == [19, 17, 20, 18]  # higher is better: not prepared first
    assert order("correction_rate") == [20, 18, 19, 17]  # lower is better: corrected first
    assert order("corrections_accepted") == [20, 19, 18, 17]  # neither: as listed


async def test_a_caseworker_sees_the_team_and_herself_only(db_url, tmp_path) -> None:
    _desk, _lead, mette = review_desk(db_url, tmp_path)
    app = make_app(mette)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await pilot.press("f7")
        screen = await opened(pilot)
        assert columns(screen) == ["Team", "MKJ"]
        # Exactly the numbers the team lead sees.
        assert cells(screen, "meetings_prepared") == ["0 %", "0 %"]
        await pilot.press("enter")  # the team's rows are the lead's only: core says so
        await settled(pilot)
        assert app.screen is screen
        assert "Kun teamlederen ser" in text_of(screen.query_one("#problem"))
        await pilot.press("right", "enter")  # her own rows
        await until(pilot, lambda: isinstance(app.screen, DrillScreen))
        assert app.screen.drill.caseworker_id == mette.user.id


async def test_e_writes_the_figures_and_the_rows_as_csv(db_url, tmp_path) -> None:
    _desk, lead, _mette = review_desk(db_url, tmp_path)
    app = ScreenApp(lead, TeamReviewScreen)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        await pilot.press("e")
        await until(pilot, lambda: len(list(tmp_path.glob("*.csv"))) == 1)
        await settled(pilot)
        [written] = tmp_path.glob("*.csv")
        assert squeezed(str(written)) in squeezed(text_of(screen.query_one("#review-saved")))
        assert str(written) in [n.message for n in app._notifications][-1]
        assert written.read_bytes().startswith(b"\xef\xbb\xbf")
        await pilot.press("c")  # the chart's numbers: a line a week
        await until(pilot, lambda: len(list(tmp_path.glob("*.csv"))) == 2)
        await settled(pilot)
        [chart] = set(tmp_path.glob("*.csv")) - {written}
        assert len(chart.read_text(encoding="utf-8-sig").splitlines()) == 1 + 12
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DrillScreen))
        await settled(pilot)
        await pilot.press("e")
        await until(pilot, lambda: len(list(tmp_path.glob("*.csv"))) == 3)
        await settled(pilot)
        [rows] = set(tmp_path.glob("*.csv")) - {written, chart}
        assert squeezed(str(rows)) in squeezed(text_of(app.screen.query_one("#drill-saved")))
        assert "Søren Møller" in rows.read_text(encoding="utf-8-sig")


def test_the_team_review_looks_right(snap_compare, tmp_path) -> None:
    _desk, lead, _mette = review_desk(f"sqlite:///{tmp_path / 'snapshot.sqlite'}", tmp_path)

    async def run_before(pilot: Pilot) -> None:
        await opened(pilot)

    assert snap_compare(ScreenApp(lead, TeamReviewScreen), terminal_size=SIZE,
                        run_before=run_before)


async def test_on_a_narrow_terminal_the_rows_behind_keep_whether_they_count(db_url, tmp_path) -> None:
    _the_desk, lead, _mette = review_desk(db_url, tmp_path)
    app = ScreenApp(lead, TeamReviewScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("right", "right", "right", "enter")
        await until(pilot, lambda: isinstance(app.screen, DrillScreen))
        await settled(pilot)
        table = app.screen.query_one("#drill-table", DataTable)
        assert "Talt med" in [str(column.label) for column in table.columns.values()]
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert "Søren Møller" in str(table.get_row_at(0))
