"""Min dag: the sections, opening items, practice changes, refreshing, hostile names."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select
from support.apps import make_app
from support.desk import HOSTILE_NAME, HOSTILE_SHOWN, FakeCitizenFile, desk, fake_citizen_file
from support.people import NOW, SIZE
from support.pilot import footer, on_my_day, rendered, settled, shown, until
from textual.pilot import Pilot
from textual.widgets import OptionList

from prepdesk.core.my_day import my_day
from prepdesk.core.practice import acknowledge
from prepdesk.data import models as m
from prepdesk.screens.my_day import MyDayScreen, duration
from prepdesk.screens.practice_changes import PracticeChangesScreen


def day_text(screen: MyDayScreen) -> str:
    return rendered(screen.query_one(OptionList))


def highlight(screen: MyDayScreen, option_id: str) -> None:
    day_list = screen.query_one(OptionList)
    day_list.highlighted = day_list.get_option_index(option_id)


async def test_every_section_has_a_heading_with_its_count_and_its_items(db_url: str) -> None:
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        text = day_text(screen)
        title = rendered(screen.query_one("#my-day-title"))
    assert "Min dag, mandag 23. nov. 2026" in title
    for heading in ["Møder i dag (2)", "Møder resten af ugen (1)", "Henvendelser over fristen (1)",
                    "Referater, der venter på borgerens godkendelse (2)",
                    "Rettelser, der venter på dig (1)", "Praksisændringer, du skal kvittere for (1)"]:
        assert heading in text
    lines = text.splitlines()
    soeren = next(line for line in lines if "Søren Møller" in line and "10.00" in line)
    assert "Opfølgningssamtale" in soeren and "Samtalerum 2 – Åen" in soeren
    # Recorded as prepared yesterday, but its checklist misses the invitation and the
    # accommodations now: my day counts what the checklist counts (issue 11, item 7).
    assert "✗ 2 mangler" in soeren and "ingen" in soeren
    first = next(line for line in lines if "13.00" in line)
    assert "✗ 5 mangler" in first and "! 1 ulæst" in first
    assert any("tor. 26.11. kl. 09.00" in line and "Birgit Nielsen" in line for line in lines)
    assert any("Birgit Nielsen" in line and "! FORSINKET 3 dage" in line
               and "Spørger til udbetalingen." in line for line in lines)
    # Sent ten days ago with seven reminder days: flagged in words, not colour alone.
    assert any("Søren Møller" in line and "! PÅMIND: intet svar i 7 dage" in line
               for line in lines)
    assert any("Birgit Nielsen" in line and "venter på svar" in line for line in lines)
    assert "Ny praksis: partshøring før afgørelse" in text
    assert "Åse Ærø" not in text  # another caseworker's citizen


async def test_on_a_sunday_my_day_shows_mondays_meetings_and_says_why(db_url: str) -> None:
    sunday = NOW - timedelta(days=1)
    workspace = replace(desk(db_url).workspace, clock=lambda: sunday)
    async with make_app(workspace).run_test(size=SIZE) as pilot:
        text = day_text(await on_my_day(pilot))
    assert "Møder næste arbejdsdag, mandag 23. nov. 2026 (2)" in text
    assert any("Søren Møller" in line and "10.00" in line for line in text.splitlines())


async def test_an_empty_day_says_so_in_friendly_sentences(db_url: str) -> None:
    async with make_app(desk(db_url, empty=True).workspace).run_test(size=SIZE) as pilot:
        text = day_text(await on_my_day(pilot))
    for sentence in ["Du har ingen møder i dag.", "Ikke flere møder i denne uge.",
                     "Alle henvendelser er besvaret inden for fristen.",
                     "Ingen referater venter på en borgers godkendelse.",
                     "Ingen rettelser fra borgere venter på dig.",
                     "Du har kvitteret for alle praksisændringer."]:
        assert sentence in text
    assert "Møder i dag (0)" in text


async def test_the_list_shows_it_is_loading_until_the_day_is_there(db_url: str) -> None:
    the_desk = desk(db_url)
    gate = threading.Event()
    sessions = the_desk.workspace.sessions

    def slow_sessions():
        assert gate.wait(10)
        return sessions()

    app = make_app(replace(the_desk.workspace, sessions=slow_sessions))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MyDayScreen))
        # Shown once loading takes a moment (LOADING_DELAY), not for a day that is there at once.
        # The screen is current a moment before its list is mounted (on a loaded machine).
        await until(pilot, lambda: any(days.loading for days in app.screen.query(OptionList)))
        gate.set()
        await settled(pilot)
        assert not app.screen.query_one(OptionList).loading
        assert "Søren Møller" in day_text(app.screen)


async def test_a_late_tick_of_the_loading_delay_does_not_cover_the_day(db_url: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        screen._show_loading()  # the delay's tick, on its way as the day arrived
        assert not screen.query_one(OptionList).loading


@pytest.mark.parametrize(("item", "citizen"), [("meeting_today", "soeren"), ("inquiry", "birgit")])
async def test_enter_opens_the_citizens_file(db_url: str, monkeypatch, item: str,
                                             citizen: str) -> None:
    fake_citizen_file(monkeypatch)
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        kind = "meeting" if item.startswith("meeting") else item
        highlight(screen, f"{kind}-{the_desk.ids[item]}")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, FakeCitizenFile))
        assert pilot.app.screen.citizen_id == the_desk.ids[citizen]
        assert pilot.app.screen.workspace is the_desk.workspace
        await pilot.press("escape")  # back, as from every pushed screen
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_a_click_on_a_row_opens_the_citizens_file(db_url: str, monkeypatch) -> None:
    fake_citizen_file(monkeypatch)
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        day_list = screen.query_one(OptionList)
        row = next(y for y, line in enumerate(day_text(screen).splitlines())
                   if "Birgit Nielsen" in line and "FORSINKET" in line)
        await pilot.click(day_list, offset=(5, row))
        await until(pilot, lambda: isinstance(pilot.app.screen, FakeCitizenFile))
        assert pilot.app.screen.citizen_id == the_desk.ids["birgit"]


async def test_escape_does_not_leave_my_day(db_url: str) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        # n and r are in help and the palette: the footer fits 120 columns (item 16).
        assert footer(screen) == ["Enter Åbn", "p Forbered", "m Referat", "Ctrl+F Find borger",
                                  "F1 Hjælp", "Ctrl+N Journalnotat", "q Afslut", "Ctrl+P Kommandoer"]


async def test_a_practice_change_is_read_and_acknowledged(db_url: str) -> None:
    """Enter opens the practice changes (F3) on the chosen one; k acknowledges it, and
    back on my day it is gone."""
    the_desk = desk(db_url)
    change_id = the_desk.ids["practice_change"]
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await on_my_day(pilot)
        highlight(screen, f"practice-{change_id}")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, PracticeChangesScreen))
        await settled(pilot)
        changes = pilot.app.screen
        chosen = changes.query_one("#to-acknowledge-list", OptionList).highlighted_option
        assert "Ny praksis: partshøring før afgørelse" in chosen.prompt.plain
        assert "Sara Ørsted" in chosen.prompt.plain
        assert "Vi partshører altid." in rendered(changes.query_one("#to-acknowledge-text"))
        await pilot.press("k")
        await until(pilot, lambda: "Du har kvitteret for alle praksisændringer." in shown(changes))
        assert [n.message for n in pilot.app._notifications] == [
            "Tak. Du har kvitteret for praksisændringen."]
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is screen)
        await settled(pilot)
        assert "Du har kvitteret for alle praksisændringer." in day_text(screen)
    assert my_day(the_desk.workspace).practice_changes == []


async def test_a_practice_change_acknowledged_in_another_window_is_not_offered_again(
    db_url: str,
) -> None:
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        acknowledge(the_desk.workspace, the_desk.ids["practice_change"])
        highlight(screen, f"practice-{the_desk.ids['practice_change']}")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, PracticeChangesScreen))
        await settled(pilot)
        assert "Du har kvitteret for alle praksisændringer." in shown(pilot.app.screen)


async def test_escape_goes_back_from_a_practice_change_without_acknowledging(db_url: str) -> None:
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        highlight(screen, f"practice-{the_desk.ids['practice_change']}")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, PracticeChangesScreen))
        await settled(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is screen)
        await settled(pilot)
        assert "Praksisændringer, du skal kvittere for (1)" in day_text(screen)


async def test_coming_back_from_a_file_shows_what_changed_there(db_url: str, monkeypatch) -> None:
    fake_citizen_file(monkeypatch)
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, FakeCitizenFile))
        assert "✓ forberedt" not in day_text(screen)
        prepare_fully(the_desk, "meeting_today")  # while in the file
        await pilot.press("escape")
        await settled(pilot)
        soeren = next(line for line in day_text(screen).splitlines() if "10.00" in line)
        assert "✓ forberedt" in soeren


def prepare_fully(the_desk, key: str) -> None:
    """What the desk's meeting still misses: an agenda sent with the invitation, and
    the citizen's accommodations noted."""
    with the_desk.workspace.sessions() as session:
        meeting = session.get(m.Meeting, the_desk.ids[key])
        session.add(m.AgendaItem(meeting_id=meeting.id, position=1, title="Praktikken"))
        letter = m.Letter(citizen_id=meeting.citizen_id, meeting_id=meeting.id, kind="invitation",
                          author_id=meeting.caseworker_id, created_at=NOW, status="queued")
        session.add(letter)
        session.flush()
        session.add(m.LetterVersion(letter_id=letter.id, number=1, created_at=NOW,
                                    subject="Indkaldelse", body="Vi taler om: Praktikken"))
        session.add(m.Accommodation(citizen_id=meeting.citizen_id, description="Ingen behov"))
        session.commit()


@pytest.mark.parametrize("key", ["r", "f5"])
async def test_refresh_loads_the_day_again_and_keeps_the_place(db_url: str, key: str) -> None:
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        highlight(screen, f"inquiry-{the_desk.ids['inquiry']}")
        with the_desk.workspace.sessions() as session:
            session.add(m.Meeting(citizen_id=the_desk.ids["birgit"],
                                  caseworker_id=the_desk.workspace.user.id, kind="handover",
                                  starts_at=NOW + timedelta(hours=7), place="Mødelokale Havnen"))
            session.commit()
        await pilot.press(key)
        await settled(pilot)
        assert "Møder i dag (3)" in day_text(screen)
        assert "Overdragelsesmøde" in day_text(screen)
        day_list = screen.query_one(OptionList)
        assert day_list.highlighted_option.id == f"inquiry-{the_desk.ids['inquiry']}"


async def test_up_and_down_skip_headings_and_run_through_every_section(db_url: str) -> None:
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        day_list = screen.query_one(OptionList)
        seen = [day_list.highlighted_option.id]
        for _ in range(10):
            await pilot.press("down")
            seen.append(day_list.highlighted_option.id)
    kinds = [option_id.split("-")[0] for option_id in dict.fromkeys(seen)]
    assert kinds == ["meeting", "meeting", "meeting", "inquiry", "approval", "approval",
                     "corrections", "practice"]


async def test_a_hostile_name_is_shown_literally(db_url: str) -> None:
    the_desk = desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await on_my_day(pilot)
        # Long names are cut to the column, with an ellipsis.
        shown = next(line for line in day_text(screen).splitlines() if "13.00" in line)
        assert HOSTILE_SHOWN[:20] in shown and "…" in shown
        screen.notify(HOSTILE_NAME, markup=False)  # a notification over the hostile text
        await pilot.pause()
        assert pilot.app.is_running


@pytest.mark.parametrize("width", [80, 100, 160])
async def test_rows_fit_the_width_and_never_wrap(db_url: str, width: int) -> None:
    async with make_app(desk(db_url).workspace).run_test(size=(width, 40)) as pilot:
        screen = await on_my_day(pilot)
        day_list = screen.query_one(OptionList)
        prompts = [day_list.get_option_at_index(i).prompt for i in range(day_list.option_count)]
        assert max(prompt.cell_length for prompt in prompts) <= width - 4  # padding, scroll bar
        await pilot.resize_terminal(width - 20, 40)
        await settled(pilot)
        prompts = [day_list.get_option_at_index(i).prompt for i in range(day_list.option_count)]
        assert max(prompt.cell_length for prompt in prompts) <= width - 20 - 4
        assert "Søren" in day_text(screen)


def test_durations_say_the_largest_whole_unit() -> None:
    assert duration(timedelta(days=3, hours=5)) == "3 dage"
    assert duration(timedelta(days=1)) == "1 dag"
    assert duration(timedelta(hours=5, minutes=59)) == "5 timer"
    assert duration(timedelta(minutes=1)) == "1 minut"


def test_my_day_looks_right(snap_compare, tmp_path) -> None:
    the_desk = desk(f"sqlite:///{tmp_path / 'snapshot.sqlite'}", demo="small")

    async def run_before(pilot: Pilot) -> None:
        await on_my_day(pilot)

    assert snap_compare(make_app(the_desk.workspace), terminal_size=SIZE, run_before=run_before)


async def test_a_note_with_three_corrections_is_one_row_that_opens_its_corrections(
        db_url: str) -> None:
    """One row per notes ("3 rettelser venter"), not one per correction; Enter opens the
    corrections screen of those notes."""
    from prepdesk.screens.corrections import CorrectionsScreen

    the_desk = desk(db_url)
    with the_desk.workspace.sessions() as session:
        (first,) = session.exec(select(m.Correction)).all()
        for section, text in (("facts", "Jeg har søgt otte job."), ("next_steps", "Ny tid i maj.")):
            session.add(m.Correction(approval_request_id=first.approval_request_id,
                                     note_id=first.note_id, section=section,
                                     received_at=first.received_at, proposed_text=text))
        session.commit()
        note_id = first.note_id
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        text = day_text(screen)
        assert "Rettelser, der venter på dig (1)" in text
        (row,) = [line for line in text.splitlines() if "rettelser venter" in line]
        assert "Birgit Nielsen" in row and "3 rettelser venter" in row
        highlight(screen, f"corrections-{note_id}")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, CorrectionsScreen))
        assert pilot.app.screen.note_id == note_id
