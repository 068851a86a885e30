"""The follow-up report on screen (R-LEAD-3, issue 14 item 6): a team lead opens it from my
day with F6, sees the team's tables, switches to the whole job centre with t, makes the
PDF with p and goes a year back with -; a caseworker has no such key."""

from __future__ import annotations

from datetime import datetime, timedelta

from support.apps import ScreenApp, make_app
from support.desk import desk
from support.people import SIZE, STAFF, user_of
from support.pilot import footer, on_my_day, settled, squeezed, text_of, until
from textual.screen import Screen
from textual.widgets import DataTable

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.data import models as m
from prepdesk.export import follow_up_pdf
from prepdesk.screens.follow_up import FollowUpScreen


def rows(screen, key: str) -> list[list[str]]:
    table = screen.query_one(f"#{key}-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def lead_desk(db_url):
    """Mette's desk with Lone Berg, Team Vest's lead, and complaints and an appeal of
    Team Vest's Søren and Team Øst's Åse in 2026 (one of Åse's in 2025)."""
    the_desk = desk(db_url)
    ctx = the_desk.workspace
    soeren, aase = the_desk.ids["soeren"], the_desk.ids["aase"]
    when = lambda month, day: datetime(2026, month, day, 10, tzinfo=LOCAL_TIMEZONE)  # noqa: E731
    with ctx.sessions() as session:
        fields = dict(STAFF["lone"])
        fields.pop("team")
        lone = m.Caseworker(**fields, team_id=ctx.user.team_id)
        decision = m.Decision(citizen_id=soeren, decided_at=when(1, 5), subject="Afslag",
                              outcome="refused", law="Lov om sygedagpenge")
        session.add_all([lone, decision])
        session.flush()
        session.add_all([
            m.Complaint(citizen_id=soeren, kind="complaint", received_at=when(2, 3)),
            m.Complaint(citizen_id=soeren, kind="complaint", received_at=when(8, 3),
                        status="decided", outcome="upheld", decided_at=when(8, 20)),
            m.Complaint(citizen_id=aase, kind="complaint", received_at=when(5, 3)),
            m.Complaint(citizen_id=aase, kind="complaint", received_at=when(11, 3) - timedelta(days=365),
                        status="decided", outcome="confirmed", decided_at=when(1, 8)),
            m.Complaint(citizen_id=soeren, kind="appeal", decision_id=decision.id,
                        received_at=when(1, 20), status="decided", outcome="changed",
                        decided_at=when(7, 2)),
        ])
        session.commit()
        team = session.get(m.Team, ctx.user.team_id)
        lead = user_of(lone, team)
    return the_desk, ctx.as_user(lead)


async def test_the_team_leads_tables_t_for_the_job_centre_and_p_for_the_pdf(db_url, tmp_path,
                                                                         monkeypatch) -> None:
    # The PDF itself is proved in tests/core/test_follow_up_reports.py; here the key.
    made = []
    monkeypatch.setattr(follow_up_pdf, "render_pdf",
                        lambda report: made.append(report) or b"%PDF-1.7 report")
    _desk, lead = lead_desk(db_url)
    lead.settings.export_dir = tmp_path
    app = ScreenApp(lead, FollowUpScreen)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FollowUpScreen))
        await settled(pilot)
        screen = app.screen
        assert text_of(screen.query_one("#follow-up-title")) == (
            "Opfølgning på klager og ankesager 2026 · Team Vest")
        assert text_of(screen.query_one("#follow-up-period")) == (
            "Perioden 01.01.2026 til 31.12.2026 (opgjort til og med 23.11.2026)")
        assert rows(screen, "complaints") == [
            ["Modtaget", "1", "0", "1", "0", "2"], ["Afgjort", "0", "0", "1", "0", "1"],
            ["  heraf medhold", "0", "0", "1", "0", "1"],
            ["  heraf fastholdt", "0", "0", "0", "0", "0"],
            ["Åbne ved kvartalets udgang", "1", "1", "1", "1", "1"]]
        assert rows(screen, "complaint_areas") == [
            ["Sagsbehandlingen (ingen afgørelse)", "1", "0", "1", "0", "2"]]
        assert ["  heraf ændret", "0", "1", "1"] in rows(screen, "appeals")
        assert rows(screen, "appeal_areas") == [["Lov om sygedagpenge", "0", "1", "1", "1"]]
        assert not screen.query_one("#practice_changes-table").display
        assert "Ingen praksisændring fulgte" in text_of(screen.query_one("#practice_changes-empty"))
        assert footer(screen)[:2] == ["t Team/jobcenter", "p PDF"]
        await pilot.press("minus")  # Team Vest has nothing before 2026, nor has 2027 begun
        await settled(pilot)
        assert screen.report.year == 2026
        await pilot.press("t")
        await until(pilot, lambda: screen.report.scope == "job_centre")
        await settled(pilot)
        assert text_of(screen.query_one("#follow-up-title")).endswith("· Jobcentret")
        assert text_of(screen.query_one("#follow-up-period")).endswith(
            "(opgjort til og med 23.11.2026) · - skifter år")
        assert rows(screen, "complaints")[:2] == [["Modtaget", "1", "1", "1", "0", "3"],
                                                   ["Afgjort", "1", "0", "1", "0", "2"]]
        await pilot.press("p")
        await until(pilot, lambda: len(list(tmp_path.glob("*.pdf"))) == 1)
        await settled(pilot)
        [pdf] = tmp_path.glob("*.pdf")
        assert [(r.year, r.scope) for r in made] == [(2026, "job_centre")]
        assert squeezed(str(pdf)) in squeezed(text_of(screen.query_one("#follow-up-saved")))
        assert [n.message for n in app._notifications][-1] == (
            f"Rapporten til udvalget er gemt som {pdf}.")
        await pilot.press("minus")
        await until(pilot, lambda: screen.report.year == 2025)
        await settled(pilot)
        assert rows(screen, "complaints")[0] == ["Modtaget", "0", "0", "0", "1", "1"]
        assert text_of(screen.query_one("#follow-up-period")) == (
            "Perioden 01.01.2025 til 31.12.2025 · + skifter år")
        await pilot.press("t")  # Team Vest had no complaints in 2025
        await until(pilot, lambda: screen.report.scope == "team")
        await settled(pilot)
        assert "Der kom ingen klager i 2025." in text_of(screen.query_one("#complaint_areas-empty"))


async def test_f6_opens_the_report_for_a_team_lead_only(db_url) -> None:
    the_desk, lead = lead_desk(db_url)
    caseworkers = make_app(the_desk.workspace)
    caseworkers.ctx = the_desk.workspace
    assert not caseworkers._allowed("follow_up", Screen())
    app = make_app(lead)
    async with app.run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, FollowUpScreen))


async def test_on_a_narrow_terminal_every_table_fits_and_the_words_give_way(db_url) -> None:
    # The tables take no focus: a column beyond the screen's edge could never be reached.
    _desk, lead = lead_desk(db_url)
    app = ScreenApp(lead, FollowUpScreen)
    async with app.run_test(size=(80, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FollowUpScreen))
        await settled(pilot)
        tables = [table for table in app.screen.query(DataTable) if table.display]
        assert tables and all(table.virtual_size.width <= table.size.width for table in tables)
        (name, *figures), = rows(app.screen, "complaint_areas")
        assert name.endswith("…") and figures == ["1", "0", "1", "0", "2"]
