"""Preparing a meeting: the checklist, the agenda, the invitation and the meeting form
(R-PREP-1..5, R-LTR-1..5, R-SEC-6), driven with the keys a caseworker presses."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select
from support.apps import make_app
from support.desk import HOSTILE_NAME, HOSTILE_SHOWN, Desk
from support.hostile import HOSTILE_CASES
from support.people import SIZE
from support.pilot import (
    drawn,
    footer,
    on_my_day,
    on_the_terminal,
    rendered,
    settled,
    shown,
    squeezed,
    until,
)
from support.preparation import (
    NEXT_WEDNESDAY,
    add_items,
    agenda_titles,
    back_on_preparation,
    checklist,
    choose,
    highlight_in_my_day,
    hostile_meeting,
    line_of,
    open_preparation,
    prep_desk,
    prepare,
)
from textual import events
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets._select import SelectOverlay

from prepdesk.core import agenda, prep
from prepdesk.core.context import Context, CurrentUser
from prepdesk.core.meetings import reschedule
from prepdesk.core.prep import note_accommodation
from prepdesk.data import models as m
from prepdesk.screens.agenda import AgendaItemDialog, AgendaScreen
from prepdesk.screens.citizen_file import CitizenFileScreen
from prepdesk.screens.meeting_form import MeetingFormScreen
from prepdesk.screens.my_day import MyDayScreen
from prepdesk.screens.preparation import PreparationScreen
from prepdesk.text import strip_controls
from prepdesk.ui.dialogs import InputDialog
from prepdesk.ui.problem import ProblemBar

# --- helpers ----------------------------------------------------------------------------------


# --- the checklist ----------------------------------------------------------------------------


async def test_p_in_my_day_opens_the_checklist_with_what_is_missing_and_r_computes_it_again(
    db_url: str,
) -> None:
    """The checklist says in Danish, with ✗, what is left; lines that do not apply say
    so; r reads the data again (here: an accommodation noted meanwhile, elsewhere)."""
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await prepare(pilot, the_desk, "meeting_today")
        assert ("Forberedelse · Søren Møller · Opfølgningssamtale · mandag 23. nov. 2026 "
                "kl. 10.00") in shown(screen)
        assert "✗ Ikke forberedt: 4 ting mangler" in shown(screen)
        assert checklist(screen) == [
            "✗  Læs de nye erklæringer — 1 ny erklæring er ikke læst",
            "–  Følg op på åbne aftaler  (gælder ikke)",
            "✗  Gennemgå det nye siden sidste møde — 1 post er ny siden sidste møde",
            "✓  Svar på borgerens rettelser — Ingen rettelser venter",
            "–  Se på afgørelser i lignende sager  (gælder ikke)",
            "✗  Send dagsordenen med indkaldelsen — Dagsordenen er tom",
            "–  Inviter partsrepræsentanten eller bisidderen  (gælder ikke)",
            "✗  Notér borgerens behov for tilpasninger — Ingen noteret: spørg borgeren, og "
            "notér dem (eller at der ikke er brug for nogen)",
        ]
        assert "Dagsordenen er tom. Tryk g for at lave den." in shown(screen)
        assert footer(screen)[:8] == ["Enter Gør det", "Esc Tilbage", "g Dagsorden",
                                      "b Indkaldelse", "f Flyt mødet", "s Borgerens sag",
                                      "m Referat", "r Opdater"]
        note_accommodation(the_desk.workspace, the_desk.ids["soeren"], "Pause hver halve time")
        assert line_of(screen, "tilpasninger").startswith("✗")  # not before r
        await pilot.press("r")
        await settled(pilot)
        assert line_of(screen, "tilpasninger") == (
            "✓  Notér borgerens behov for tilpasninger — 1 tilpasning noteret")
        assert "✗ Ikke forberedt: 3 ting mangler" in shown(screen)


async def test_my_day_stays_in_view_until_the_preparation_is_there(
    db_url: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No "Preparing the meeting …" flashes by: the preparation shows when it is read
    # (issue 17). LOADING_DELAY is made long, so the test waits on no clock.
    monkeypatch.setattr("prepdesk.ui.screen.LOADING_DELAY", 60.0)
    release, real = threading.Event(), prep.preparation
    monkeypatch.setattr("prepdesk.screens.preparation.preparation",
                        lambda *args, **kwargs: release.wait(30) and real(*args, **kwargs))
    the_desk = prep_desk(db_url)
    try:
        async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
            await highlight_in_my_day(pilot, f"meeting-{the_desk.ids['meeting_today']}")
            await pilot.press("p")
            await until(pilot, lambda: isinstance(pilot.app.screen, PreparationScreen))
            await drawn(pilot)
            shown_now = on_the_terminal(pilot.app)
            assert "Møder i dag" in shown_now and "Forbereder" not in shown_now, shown_now
            release.set()
            screen = await back_on_preparation(pilot)
            assert "Forberedelse · Søren Møller" in shown(screen)
            assert "Møder i dag" not in on_the_terminal(pilot.app)
    finally:
        release.set()


class FileOnTab(Screen):
    """Stands in for the citizen's file and says which citizen and tab were asked for."""

    def __init__(self, workspace, citizen_id: int, *, tab: str = "overview") -> None:
        super().__init__()
        self.citizen_id, self.tab = citizen_id, tab

    def compose(self) -> ComposeResult:
        yield Static(f"Borger {self.citizen_id}, fane {self.tab}", markup=False)


async def test_the_statements_and_new_entries_lines_open_the_file_on_their_tab(
    db_url: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Enter on "read the new statements" asks for Søren's file on its statements tab,
    on "what is new since the last meeting" on its timeline."""
    monkeypatch.setattr("prepdesk.screens.citizen_file.CitizenFileScreen", FileOnTab)
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await prepare(pilot, the_desk, "meeting_today")
        for line, tab in (("statements", "statements"), ("new_entries", "timeline")):
            await choose(pilot, screen, line)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(pilot.app.screen, FileOnTab))
            assert (pilot.app.screen.citizen_id, pilot.app.screen.tab) == (
                the_desk.ids["soeren"], tab)
            await pilot.press("escape")
            await back_on_preparation(pilot)


async def test_back_from_the_file_the_checklist_is_computed_again(db_url: str) -> None:
    """The first thing left to do is chosen; Enter opens Søren's real file; back again,
    what is new since the last meeting counts as looked through (the file was opened)."""
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await prepare(pilot, the_desk, "meeting_today")
        assert screen.query_one("#checklist", OptionList).highlighted_option.id == "statements"
        assert line_of(screen, "Gennemgå det nye").startswith("✗")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, CitizenFileScreen))
        await settled(pilot)
        file = pilot.app.screen
        assert rendered(file.query_one("#file-name")).strip() == "Søren Møller"
        await pilot.press("escape")
        assert await back_on_preparation(pilot) is screen
        assert line_of(screen, "Gennemgå det nye") == (
            "✓  Gennemgå det nye siden sidste møde — 1 post er ny siden sidste møde")


async def test_an_accommodation_written_in_the_dialog_ticks_its_line(db_url: str) -> None:
    """Enter on the accommodations line asks for the text; Enter saves it, and the line
    turns ✓ with "1 tilpasning noteret"."""
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await prepare(pilot, the_desk, "meeting_today")
        await choose(pilot, screen, "accommodations")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, InputDialog))
        assert "Tilpasninger" in shown(pilot.app.screen)
        await pilot.press(*"Ingen løft over 5 kg")
        await pilot.press("enter")
        await back_on_preparation(pilot)
        await settled(pilot)
        assert line_of(screen, "tilpasninger") == (
            "✓  Notér borgerens behov for tilpasninger — 1 tilpasning noteret")
    with the_desk.workspace.sessions() as session:
        noted = session.exec(select(m.Accommodation)).one()
    assert (noted.citizen_id, noted.description) == (the_desk.ids["soeren"],
                                                      "Ingen løft over 5 kg")


# --- the agenda -------------------------------------------------------------------------------


HEADINGS = ("Nr.", "Punkt", "Ansvarlig", "Minutter")


def table_rows(screen: AgendaScreen) -> list[list[str]]:
    """The agenda table's rows as shown, each as [No., item, owner, minutes], whatever
    order the columns have: a column starts where its heading does, ends where the next
    one starts."""
    header, *lines = rendered(screen.query_one("#agenda-items")).splitlines()
    starts = {heading: header.index(f" {heading} ") for heading in HEADINGS}
    ends = {heading: min((s for s in starts.values() if s > start), default=None)
            for heading, start in starts.items()}
    return [[line[starts[h]:ends[h]].strip() for h in HEADINGS]
            for line in lines if line.strip()]


def budget(screen: AgendaScreen) -> str:
    return " ".join(rendered(screen.query_one("#agenda-budget")).split())


def proposals(screen: AgendaScreen) -> str:
    return rendered(screen.query_one("#proposals"))


async def open_agenda(pilot: Pilot, the_desk: Desk, meeting_key: str = "meeting_next",
                      ) -> AgendaScreen:
    """The preparation, then g."""
    await open_preparation(pilot, the_desk, meeting_key)
    await pilot.press("g")
    await until(pilot, lambda: isinstance(pilot.app.screen, AgendaScreen))
    await settled(pilot)
    return pilot.app.screen


async def test_keys_typed_while_a_dialog_opens_go_to_the_field_they_were_meant_for(
    db_url: str,
) -> None:
    """Keys arrive at once, as from a fast typist or a paste: n, the title, Tab, Tab and
    the minutes. Tab must move on at once, not after the title field has caught up."""
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await open_agenda(pilot, the_desk)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(pilot.app.screen, AgendaItemDialog))
        for key, character in [*((c if c != " " else "space", c) for c in "Mit punkt"),
                               ("tab", None), ("tab", None), ("7", "7")]:
            pilot.app.post_message(events.Key(key, character))  # as the terminal driver does
        await settled(pilot)
        dialog = pilot.app.screen
        assert dialog.query_one("#item-title", Input).value == "Mit punkt"
        assert dialog.query_one("#item-minutes", Input).value == "7"


async def write_item(pilot: Pilot, title: str, minutes: str, *, save: str = "ctrl+s") -> None:
    """n, the title, Tab past the owner, the minutes instead of the 5 offered, `save`."""
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, AgendaItemDialog))
    await pilot.press(*title, "tab", "tab", "backspace", *minutes, save)
    await settled(pilot)


async def test_proposals_go_on_the_agenda_and_the_minutes_are_added_up(db_url: str) -> None:
    """a and Enter put proposals on the agenda and off the list; the budget line adds up
    the minutes, and warns in Danish when the items take longer than the meeting."""
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, the_desk)
        assert budget(screen) == ("Punkterne tager 0 af mødets 45 minutter. "
                                  "⚠ 45 minutter af mødet har intet punkt.")
        assert "+ Den nye erklæring fra Dr. Lund: Lægeerklæring om skulderen" in proposals(screen)
        await pilot.press("a")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert table_rows(screen) == [
            ["1", "Velkommen, og hvad mødet skal bruges til", "sagsbehandleren", "3"],
            ["2", "Hvordan det er gået siden sidst", "borgeren", "10"]]
        assert "Hvordan det er gået" not in proposals(screen)
        assert budget(screen) == ("Punkterne tager 13 af mødets 45 minutter. "
                                  "⚠ 32 minutter af mødet har intet punkt.")
        await write_item(pilot, "Praktik hos Fjordby Zoo", "40")
        assert pilot.app.screen is screen
        assert table_rows(screen)[2] == ["3", "Praktik hos Fjordby Zoo", "begge", "40"]
        assert budget(screen) == (
            "Punkterne tager 53 af mødets 45 minutter. ⚠ Punkterne tager 8 minutter mere, "
            "end mødet varer. Forkort eller fjern punkter, eller gør mødet længere.")
    assert agenda_titles(the_desk, "meeting_next") == [
        "Velkommen, og hvad mødet skal bruges til", "Hvordan det er gået siden sidst",
        "Praktik hos Fjordby Zoo"]


async def test_items_move_and_go_and_the_order_is_kept(db_url: str) -> None:
    """In the table, shift+down moves the chosen item down and x removes it; the order
    is saved: the preparation and the agenda opened again show it."""
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10), ("Praktik", 15), ("CV", 5))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, the_desk)
        assert screen.focused.id == "agenda-items"
        await pilot.press("shift+down")
        await settled(pilot)
        assert [row[:2] for row in table_rows(screen)] == [["1", "Praktik"], ["2", "Skulderen"],
                                                           ["3", "CV"]]
        await pilot.press("plus")  # the same, for terminals without shift+down
        await settled(pilot)
        assert [row[1] for row in table_rows(screen)] == ["Praktik", "CV", "Skulderen"]
        await pilot.press("up", "x")  # CV goes
        await settled(pilot)
        assert [row[1] for row in table_rows(screen)] == ["Praktik", "Skulderen"]
        assert budget(screen).startswith("Punkterne tager 25 af mødets 45 minutter.")
        await pilot.press("escape")
        preparation = await back_on_preparation(pilot)
        agenda_box = rendered(preparation.query_one("#prep-agenda"))
        assert agenda_box.index("1. Praktik") < agenda_box.index("2. Skulderen")
        assert "Punkterne tager 25 af mødets 45 minutter." in " ".join(agenda_box.split())
        await pilot.press("g")
        await until(pilot, lambda: isinstance(pilot.app.screen, AgendaScreen))
        await settled(pilot)
        assert [row[1] for row in table_rows(pilot.app.screen)] == ["Praktik", "Skulderen"]
    assert agenda_titles(the_desk, "meeting_next") == ["Praktik", "Skulderen"]


async def test_an_item_of_0_minutes_is_refused_with_a_sentence_and_not_saved(db_url: str) -> None:
    """The dialog says in Danish how long an item may be, keeps what was typed, and
    Escape leaves the agenda as it was."""
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await open_agenda(pilot, the_desk)
        await write_item(pilot, "Praktik", "0", save="enter")
        dialog = pilot.app.screen
        assert isinstance(dialog, AgendaItemDialog)
        assert rendered(dialog.query_one("#item-problem")).strip() == (
            "Et punkt på dagsordenen tager fra 1 til 240 minutter.")
        assert dialog.query_one("#item-title", Input).value == "Praktik"
        await pilot.press("ctrl+s")  # still refused
        assert pilot.app.screen is dialog
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(pilot.app.screen, AgendaScreen)
        assert table_rows(pilot.app.screen) == []
    assert agenda_titles(the_desk, "meeting_next") == []


# --- planning and moving a meeting ------------------------------------------------------------


async def plan_from_my_day(pilot: Pilot, the_desk: Desk) -> MeetingFormScreen:
    """My day, Søren's meeting today highlighted, n: the empty form."""
    await highlight_in_my_day(pilot, f"meeting-{the_desk.ids['meeting_today']}")
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, MeetingFormScreen))
    await settled(pilot)
    return pilot.app.screen


async def choose_in_select(pilot: Pilot, form: MeetingFormScreen, select_id: str,
                           *keys: str) -> str:
    """Open the Select, move with `keys`, Enter; returns the options that were offered."""
    form.query_one(f"#{select_id}", Select).focus()
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(form.focused, SelectOverlay))
    offered = rendered(form.focused)
    await pilot.press(*keys, "enter")
    await pilot.pause()
    return offered


def form_status(form: MeetingFormScreen) -> str:
    """What the form says is wrong: the problem bar's sentence."""
    return " ".join(rendered(form.query_one(ProblemBar)).split())


def meetings_of(the_desk: Desk, citizen_key: str) -> list[m.Meeting]:
    with the_desk.workspace.sessions() as session:
        return list(session.exec(select(m.Meeting).where(
            m.Meeting.citizen_id == the_desk.ids[citizen_key]).order_by(m.Meeting.id)))


async def test_n_in_my_day_plans_a_meeting_in_a_private_room_and_opens_its_preparation(
    db_url: str,
) -> None:
    """The form offers only rooms where nobody overhears; Ctrl+S plans the meeting, and
    its preparation opens."""
    the_desk = prep_desk(db_url)
    before = len(meetings_of(the_desk, "soeren"))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        form = await plan_from_my_day(pilot, the_desk)
        assert "Planlæg et møde" in shown(form)
        assert form.focused is form.query_one("#date")
        await pilot.press(*"03.12.2026", "tab", *"14.00")
        offered = await choose_in_select(pilot, form, "room", "down")
        assert "Samtalerum 3, 1. sal" in offered and "Kantinen" not in offered
        await pilot.press("ctrl+s")
        screen = await back_on_preparation(pilot)
        assert ("Forberedelse · Søren Møller · Opfølgningssamtale · torsdag 3. dec. 2026 "
                "kl. 14.00") in shown(screen)
        assert "45 minutter · Samtalerum 3, 1. sal" in shown(screen)
    planned = meetings_of(the_desk, "soeren")[-1]
    assert len(meetings_of(the_desk, "soeren")) == before + 1
    assert (planned.kind, planned.room_id, planned.minutes) == ("follow_up", the_desk.ids["room"],
                                                                45)


async def test_a_date_that_does_not_exist_is_refused_and_what_was_typed_is_kept(
    db_url: str,
) -> None:
    """31.02.2026 gives the Danish sentence; the fields keep what was typed, and once the
    date is right Ctrl+S plans the meeting (here at the citizen's home)."""
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        form = await plan_from_my_day(pilot, the_desk)
        await pilot.press(*"31.02.2026", "tab", *"14.00")
        form.query_one("#place", Input).focus()
        await pilot.press(*"Hjemme hos borgeren", "ctrl+s")
        await pilot.pause()
        assert form_status(form) == (
            "⚠ Den dato findes ikke. Skriv den som dd.mm.åååå, fx 01.03.2026.")
        assert [form.query_one(f"#{field}", Input).value for field in ("date", "time", "place")
                ] == ["31.02.2026", "14.00", "Hjemme hos borgeren"]
        assert pilot.app.screen is form
        form.query_one("#date", Input).focus()
        await pilot.press("end", "ctrl+u", *"02.12.2026", "ctrl+s")
        screen = await back_on_preparation(pilot)
        assert "45 minutter · Hjemme hos borgeren" in shown(screen)
    assert meetings_of(the_desk, "soeren")[-1].place == "Hjemme hos borgeren"


async def test_a_first_meeting_without_a_job_goal_is_refused_with_the_reason(
    db_url: str,
) -> None:
    """The kind is chosen in the form; core's Danish sentence says what is missing, and
    nothing is planned."""
    the_desk = prep_desk(db_url)
    before = len(meetings_of(the_desk, "soeren"))
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        form = await plan_from_my_day(pilot, the_desk)
        offered = await choose_in_select(pilot, form, "kind", "up")
        assert "Første samtale" in offered
        form.query_one("#date", Input).focus()
        await pilot.press(*"02.12.2026", "tab", *"09.00")
        await choose_in_select(pilot, form, "room", "down")
        form.query_one("#consultant", Input).focus()
        await pilot.press(*"Lone Berg", "ctrl+s")
        await until(pilot, lambda: "⚠" in form_status(form))
        assert form_status(form) == ("⚠ Et første møde skal have et jobmål: skriv, hvad "
                                     "borgeren vil arbejde hen imod.")
        assert pilot.app.screen is form
    assert len(meetings_of(the_desk, "soeren")) == before


async def test_f_on_the_preparation_moves_the_meeting(db_url: str) -> None:
    """The form opens with the meeting's date, time, minutes and room; a new time is
    saved and the preparation shows it."""
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_preparation(pilot, the_desk, "meeting_next")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(pilot.app.screen, MeetingFormScreen))
        await settled(pilot)
        form = pilot.app.screen
        assert "Flyt mødet" in shown(form)
        assert [form.query_one(f"#{field}", Input).value for field in ("date", "time", "minutes")
                ] == ["02.12.2026", "10.00", "45"]
        assert form.query_one("#room", Select).value == the_desk.ids["room"]
        await pilot.press("tab", "end", "ctrl+u", *"11.30", "ctrl+s")
        assert await back_on_preparation(pilot) is screen
        assert ("Forberedelse · Søren Møller · Opfølgningssamtale · onsdag 2. dec. 2026 "
                "kl. 11.30") in shown(screen)
    [moved] = [meeting for meeting in meetings_of(the_desk, "soeren")
               if meeting.id == the_desk.ids["meeting_next"]]
    assert moved.starts_at == NEXT_WEDNESDAY.replace(hour=11, minute=30)


async def test_a_lone_minus_in_the_minutes_gets_a_sentence_not_a_crash(db_url: str) -> None:
    """The minutes field accepts a sign while one types a number; saving then must say
    what to write, never end the program."""
    the_desk = prep_desk(db_url)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        await open_preparation(pilot, the_desk, "meeting_next")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(pilot.app.screen, MeetingFormScreen))
        await settled(pilot)
        form = pilot.app.screen
        form.query_one("#minutes", Input).focus()
        await pilot.press("end", "ctrl+u", "-", "ctrl+s")
        await settled(pilot)
        assert pilot.app.is_running and pilot.app.screen is form
        assert form_status(form).startswith("⚠")


async def test_a_long_name_is_shortened_and_wrapped_details_hang_under_their_line(
    db_url: str,
) -> None:
    """A 100-character name leaves the heading at most two lines, with the time in it;
    at 80 columns every wrapped line of the checklist starts under the text, not the mark."""
    the_desk = prep_desk(db_url)
    with the_desk.workspace.sessions() as session:
        citizen = session.get(m.Citizen, the_desk.ids["soeren"])
        citizen.first_name = "Søren Christian Frederik Alexander Maximilian"
        citizen.last_name = "Møller-Vestergaard-Andersen-Kristiansen-Bjerregaard-Holm"
        session.commit()
    async with make_app(the_desk.workspace).run_test(size=(80, 30)) as pilot:
        screen = await open_preparation(pilot, the_desk, "meeting_next")
        title = rendered(screen.query_one("#prep-title")).rstrip().splitlines()
        assert len(title) <= 2 and "Søren Christian Frederik Alexander Maxi…" in title[0]
        assert "kl. 10.00" in " ".join(title)
        lines = [line for line in rendered(screen.query_one("#checklist")).splitlines()
                 if line.strip(" │╭╮╰╯─")]
        assert any(line.startswith("✗") for line in lines)
        assert all(line.startswith(("✓  ", "✗  ", "–  ", "   ")) for line in lines), lines
        assert len(lines) > 2 * len(screen.prep.checklist.items) - 2  # some did wrap


# --- hostile text (R-SEC-6) -------------------------------------------------------------------


def literal(text: str, length: int = 40) -> str:
    """The start of `text` as it must appear: controls stripped, the first line only
    (a table cell is one line high), whitespace squeezed."""
    return squeezed(strip_controls(text).splitlines()[0][:length] if text.strip() else text)


@pytest.mark.parametrize("text", HOSTILE_CASES, ids=range(len(HOSTILE_CASES)))
async def test_hostile_text_shows_literally_on_the_preparation_and_the_agenda(
    db_url: str, text: str,
) -> None:
    """Markup, escapes, controls, huge and empty text in a name, an item, an agreement
    and a representative: shown as written, nothing parsed, nothing crashes (also a
    notification over it)."""
    the_desk = prep_desk(db_url)
    hostile_meeting(the_desk, text)
    app = make_app(the_desk.workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await prepare(pilot, the_desk, "meeting_unprepared")
        assert squeezed("Forberedelse · " + literal(text, 30)) in squeezed(  # a long name is cut
            rendered(screen.query_one("#prep-title")))
        assert squeezed("Ikke inviteret endnu: Rep " + literal(text)) in squeezed(
            "\n".join(checklist(screen)))
        assert squeezed("1. Punkt " + literal(text)) in squeezed(
            rendered(screen.query_one("#prep-agenda")))
        screen.notify(text, markup=False)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await settled(pilot)
        agenda_screen = app.screen
        assert squeezed("Dagsorden · " + literal(text, 30)) in squeezed(
            rendered(agenda_screen.query_one("#agenda-title")))
        assert table_rows(agenda_screen)[0][0] == "1"
        assert squeezed("Punkt " + literal(text, 30)) in squeezed(table_rows(agenda_screen)[0][1])
        assert squeezed("+ Opfølgning på aftalen: Aftale " + literal(text)) in squeezed(
            proposals(agenda_screen))
        await pilot.press("escape")
        await back_on_preparation(pilot)
        assert app.is_running


# --- how it looks -----------------------------------------------------------------------------


def test_the_preparation_looks_right(snap_compare, tmp_path) -> None:
    """Søren's meeting next week with two items and a representative not yet invited."""
    the_desk = prep_desk(f"sqlite:///{tmp_path / 'snapshot.sqlite'}")
    add_items(the_desk, "meeting_next", ("Skulderen", 10), ("Praktik hos Fjordby Zoo", 15))
    with the_desk.workspace.sessions() as session:
        session.add(m.Representative(citizen_id=the_desk.ids["soeren"], kind="representative",
                                     name="Jens Berg", relation="LO-faglig konsulent"))
        session.commit()

    async def run_before(pilot: Pilot) -> None:
        await open_preparation(pilot, the_desk, "meeting_next")

    assert snap_compare(make_app(the_desk.workspace), terminal_size=SIZE, run_before=run_before)


# --- a colleague on the same meeting (R-TEAM-1) -------------------------------------------


def colleague(the_desk: Desk, name: str = "Jens Holm") -> Context:
    """Another caseworker of Mette's team, working on the same database."""
    with the_desk.workspace.sessions() as session:
        team_id = session.get(m.Caseworker, the_desk.workspace.user.id).team_id
        row = m.Caseworker(initials="JH", name=name, email="jh@fjordby.example",
                           phone="72 10 20 31", team_id=team_id)
        session.add(row)
        session.commit()
        user = CurrentUser(row.id, row.name, row.role, team_id, None, row.email, row.phone)
    return the_desk.workspace.as_user(user)


def problem(screen: Screen) -> str:
    """The problem bar's sentence ("" until the screen has its bar)."""
    bars = screen.query(ProblemBar)
    return " ".join(rendered(bars.first()).split()) if bars else ""


async def test_an_edit_of_an_agenda_a_colleague_changed_is_refused_and_r_shows_theirs(
    db_url: str,
) -> None:
    """Jens changes an item while Mette's agenda is open; her edit is not saved, the
    problem bar says who changed the agenda, and r shows his change."""
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10), ("Praktik", 10))
    jens = colleague(the_desk)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, the_desk)
        shown_before = screen.view
        agenda.change(jens, shown_before.meeting.id, shown_before.items[1].id,
                      seen_agenda_version=shown_before.agenda_version, minutes=25)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, AgendaItemDialog))
        pilot.app.screen.query_one("#item-minutes", Input).value = "20"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "⚠" in problem(screen))
        assert problem(screen).startswith("⚠ Dagsordenen blev ændret af Jens Holm (")
        assert "Genindlæs (Ctrl+R)" in problem(screen)
        assert [row[3] for row in table_rows(screen)] == ["10", "10"]  # nothing half shown
        await pilot.press("r")
        await until(pilot, lambda: "⚠" not in problem(screen))
        assert [row[3] for row in table_rows(screen)] == ["10", "25"]
        assert pilot.app.is_running
    assert agenda_titles(the_desk, "meeting_next") == ["Skulderen", "Praktik"]
    with the_desk.workspace.sessions() as session:  # r is no new look at the citizen's data
        looks = session.exec(select(m.AccessLog.action).where(
            m.AccessLog.caseworker_id == the_desk.workspace.user.id,
            m.AccessLog.action.in_(("preparation", "agenda")))).all()
    assert sorted(looks) == ["agenda", "preparation"]


async def test_an_item_a_colleague_removed_meanwhile_is_said_so_by_name_never_a_crash(
    db_url: str,
) -> None:
    """Jens (whose name is hostile text) takes an item off while Mette's agenda shows
    it; her edit of it gets a sentence with his name shown literally, and the app runs on."""
    the_desk = prep_desk(db_url)
    add_items(the_desk, "meeting_next", ("Skulderen", 10), ("Praktik", 10))
    jens = colleague(the_desk, HOSTILE_NAME)
    async with make_app(the_desk.workspace).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_agenda(pilot, the_desk)
        seen = screen.view
        agenda.remove(jens, seen.meeting.id, seen.items[0].id,
                      seen_agenda_version=seen.agenda_version)
        await pilot.press("shift+down")  # moving the item that is gone
        await until(pilot, lambda: "⚠" in problem(screen))
        assert f"Punktet blev fjernet fra dagsordenen af {HOSTILE_SHOWN} (" in problem(screen)
        await pilot.press("r")
        await until(pilot, lambda: "⚠" not in problem(screen))
        assert [row[1] for row in table_rows(screen)] == ["Praktik"]
        assert pilot.app.is_running


async def test_moving_a_meeting_a_colleague_moved_meanwhile_is_refused_and_r_shows_theirs(
    db_url: str,
) -> None:
    """Jens moves the meeting to 13.00 while Mette's form is open; her move to 11.30 is
    not saved: the form closes, the preparation says Jens moved it, and r shows 13.00."""
    the_desk = prep_desk(db_url)
    jens = colleague(the_desk)
    async with make_app(the_desk.workspace).run_test(size=SIZE) as pilot:
        screen = await open_preparation(pilot, the_desk, "meeting_next")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(pilot.app.screen, MeetingFormScreen))
        await settled(pilot)
        form = pilot.app.screen
        reschedule(jens, form.meeting.id, seen_version=form.meeting.version,
                   starts_at=NEXT_WEDNESDAY.replace(hour=13), room_id=the_desk.ids["room"])
        await pilot.press("tab", "end", "ctrl+u", *"11.30", "ctrl+s")
        assert await back_on_preparation(pilot) is screen
        await until(pilot, lambda: "⚠" in problem(screen))
        assert problem(screen).startswith("⚠ Mødet blev ændret af Jens Holm (")
        assert "kl. 10.00" in shown(screen)
        await pilot.press("r")
        await until(pilot, lambda: "⚠" not in problem(screen))
        assert "kl. 13.00" in shown(screen)
    [kept] = [meeting for meeting in meetings_of(the_desk, "soeren")
              if meeting.id == the_desk.ids["meeting_next"]]
    assert kept.starts_at == NEXT_WEDNESDAY.replace(hour=13)


async def test_the_preparation_and_the_agenda_tell_a_caseworker_without_access_so(
    db_url: str,
) -> None:
    """Sara of another team has no access to Søren: the screens say so and write nothing."""
    the_desk = prep_desk(db_url)
    with the_desk.workspace.sessions() as session:
        sara = session.exec(select(m.Caseworker).where(m.Caseworker.initials == "SØ")).one()
        user = CurrentUser(sara.id, sara.name, sara.role, sara.team_id, None, sara.email,
                           sara.phone)
    workspace = the_desk.workspace.as_user(user)
    async with make_app(workspace).run_test(size=SIZE) as pilot:
        await on_my_day(pilot)
        for screen in (PreparationScreen(workspace, the_desk.ids["meeting_next"]),
                       AgendaScreen(workspace, the_desk.ids["meeting_next"])):
            pilot.app.push_screen(screen)
            await until(pilot, lambda screen=screen: "⚠" in problem(screen))
            assert "Du har ikke adgang til denne borgers sag" in problem(screen)
            await settled(pilot)
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(pilot.app.screen, MyDayScreen))
        assert pilot.app.is_running
