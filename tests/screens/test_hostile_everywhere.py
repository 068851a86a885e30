"""Hostile text in every text column, every screen opened, the raw terminal output read
(issue 10, item 1; R-SEC-6).

One demo job centre is built per module and every text column of every table is filled
with `HOSTILE_LINE` (markup, OSC 0/52 and CSI escapes, C1 controls, direction overrides,
zero-width and combining characters; the first row of each table gets a 200,000-character
line in its long texts), read from the models' metadata (support.hostile). Each test then
opens screens, dialogs and cards the way a caseworker does, with the app painting through
a driver that keeps what it writes to the terminal, and checks after each one that:

- no escape sequence, control character, direction override or lone surrogate reached the
  terminal other than what Textual writes itself (`leaks`);
- the data is on the screen with its markup literal (`HOSTILE_MARK`);
- the app did not crash (run_test raises the app's error when it ends).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from support.apps import ScreenApp, make_app
from support.desk import desk
from support.hostile import (
    CODES,
    HOSTILE_LINE,
    HOSTILE_MARK,
    HOSTILE_TAIL,
    ODD,
    UNSTORABLE,
    fill_every_text_column,
    leaks,
    record,
    rows,
    text_columns,
)
from support.people import NOW, SIZE, context
from support.pilot import on_my_day, paste_text, settled, until
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, Switch

from prepdesk.app import PrepDeskApp
from prepdesk.config import Settings
from prepdesk.core.access import find_user
from prepdesk.core.context import Context
from prepdesk.data import db
from prepdesk.data import models as m
from prepdesk.demo.build import build_demo
from prepdesk.ui.dialogs import InputDialog, QuestionDialog, TextDialog
from prepdesk.ui.navigation import Go

# One database for the module: keep its tests on one xdist worker.
pytestmark = pytest.mark.xdist_group("hostile-everywhere")


@dataclass(frozen=True)
class Hostile:
    url: str
    ids: dict[str, int]
    search: str  # what finds the citizen (names are hostile; the folded name is not)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    url = f"sqlite:///{path}"
    engine = db.open_engine(url)
    db.upgrade(engine)
    build_demo(engine, citizens=8, today=NOW.date())
    with db.session_factory(engine)() as session:  # open aktindsigt requests: my day shows them
        for citizen_id in session.exec(select(m.Citizen.id)):
            session.add(m.AccessRequest(citizen_id=citizen_id, received_at=NOW, due_on=NOW.date()))
        session.commit()
    filled = fill_every_text_column(engine)
    ids = _ids(engine)
    with db.session_factory(engine)() as session:
        search = session.get(m.Citizen, ids["citizen"]).search_name.split()[0]
    engine.dispose()
    # Every table with text has rows, but the handovers and their requests (the last test
    # starts one), the drafts (_ids adds one, hostile, after the fill) and what imports
    # changed in rulings (field names the importer writes, never typed text).
    assert {table for table, count in filled.items() if not count} <= {
        "handover", "handoverrequest", "notedraft", "rulingchange"}
    return Hostile(url, ids, search)


def _ids(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """What the tests open: the first caseworker's citizen, meetings, notes ..."""
    sessions = db.session_factory(engine)
    with sessions() as session:
        me = find_user(session, role="caseworker")
        first = lambda query: session.exec(query).first()  # noqa: E731
        mine = m.Meeting.caseworker_id == me.id
        upcoming = first(select(m.Meeting.id).where(mine, m.Meeting.status == "planned",
                                                    m.Meeting.starts_at >= NOW)
                         .order_by(m.Meeting.starts_at))
        citizen = first(select(m.Meeting.citizen_id).where(m.Meeting.id == upcoming))
        corrected = first(select(m.Correction.note_id).join(m.Note)
                          .where(m.Correction.status == "pending",
                                 m.Note.author_id == me.id))
        note = first(select(m.Note.id).where(m.Note.author_id == me.id))
        # The citizen corrects an agenda item's section, whose title is data (the crash of
        # issue 10: a ruling's title with "[/]" as the correction card's border title).
        correction = first(select(m.Correction).where(m.Correction.note_id == corrected,
                                                      m.Correction.status == "pending"))
        content = first(select(m.NoteVersion.content).where(m.NoteVersion.note_id == corrected)
                        .order_by(m.NoteVersion.number.desc()))
        correction.section = content["sections"][0]["key"]
        # And one of my notes waits for the citizen's approval, so my day lists it.
        waiting = first(select(m.ApprovalRequest).where(m.ApprovalRequest.status == "pending"))
        waiting.note_id = note
        # And an inquiry about my citizen is past its deadline.
        late = first(select(m.Inquiry).where(m.Inquiry.citizen_id == citizen))
        late.caseworker_id, late.due_at = me.id, NOW - timedelta(days=1)
        late.acknowledged_at = late.answered_at = None
        # And a draft of the next meeting's notes waits, every text of it hostile.
        session.add(m.NoteDraft(meeting_id=upcoming, author_id=me.id, content=content,
                                saved_at=NOW - timedelta(hours=1)))
        # And the team lead's feedback on it, not read: on my day and the preparation.
        lead = find_user(session, role="team_lead")
        session.add(m.ReviewFeedback(meeting_id=upcoming, author_id=lead.id, text=HOSTILE_LINE,
                                     created_at=NOW - timedelta(hours=2)))
        session.commit()
        ruling = first(select(m.Ruling.id).order_by(m.Ruling.id))
    return dict(upcoming=upcoming, citizen=citizen, corrected=corrected, note=note,
                ruling=ruling)


def workspace(hostile: Hostile, role: str, tmp_path: Path) -> Context:
    engine = db.open_engine(hostile.url)
    sessions = db.session_factory(engine)
    with sessions() as session:
        user = find_user(session, role=role)
    settings = Settings(database_url=hostile.url, outbox_dir=tmp_path / "outbox")
    return context(sessions, user, settings)


class Terminal:
    """What the app wrote to the terminal since the last look."""

    def __init__(self, app: PrepDeskApp) -> None:
        self.app = app
        self.written = record(app)

    def take(self) -> str:
        output = "".join(self.written)
        self.written.clear()
        return output

    async def shows(self, pilot: Pilot, where: str, *, data: bool = True) -> str:
        """Let the screen settle, then check what it wrote: nothing that acts on the
        terminal and, with `data`, the hostile line literally."""
        await settled(pilot)
        await pilot.pause()
        output = self.take()
        assert not leaks(output), f"{where}: {leaks(output)}"
        if data:  # below the header, which names the user; a text field shows a line's end
            below = "\n".join(text for row, text in rows(output).items() if row > 1)
            assert HOSTILE_MARK in below or HOSTILE_TAIL in below, (
                f"{where} shows no data literally")
        return output


async def go(pilot: Pilot, terminal: Terminal, where: str, **args: object) -> None:
    screens = len(pilot.app.screen_stack)
    terminal.take()
    pilot.app.post_message(Go(where, args))
    await until(pilot, lambda: len(pilot.app.screen_stack) > screens)


async def back_to(pilot: Pilot, depth: int) -> None:
    while len(pilot.app.screen_stack) > depth:
        pilot.app.pop_screen()
        await pilot.pause()


def run(app: PrepDeskApp):  # type: ignore[no-untyped-def]
    return app.run_test(headless=False, size=SIZE, notifications=True)


def test_every_text_column_is_filled_but_the_codes() -> None:
    """New columns are filled without anyone listing them; the codes left out exist."""
    columns = {f"{table}.{column}" for table, column in text_columns()}
    assert {"citizen.first_name", "ruling.title", "correction.proposed_text",
            "noteversion.content", "caseworker.name"} <= columns
    every = {f"{table.name}.{column.name}" for table in m.SQLModel.metadata.sorted_tables
             for column in table.columns}
    assert CODES - {"alembic_version.version_num"} <= every


async def test_my_day_and_what_it_opens(hostile: Hostile, tmp_path: Path) -> None:
    app = make_app(workspace(hostile, "caseworker", tmp_path))
    terminal = Terminal(app)
    async with run(app) as pilot:
        await on_my_day(pilot)
        await terminal.shows(pilot, "my day")
        home = len(app.screen_stack)
        day = app.screen.query_one(OptionList)
        kinds = {}  # the first row of each kind: meeting, inquiry, approval ...
        for option in day.options:
            if option.id and not option.disabled:
                kinds.setdefault(option.id.split("-")[0], option.id)
        assert {"meeting", "inquiry", "approval", "corrections", "practice",
                "aktindsigt", "feedback"} <= set(kinds)
        for kind, row in kinds.items():
            keys = ("p", "m", "n", "enter") if kind == "meeting" else ("enter",)
            for key in keys:
                day.highlighted = day.get_option_index(row)
                terminal.take()
                await pilot.press(key)
                await until(pilot, lambda: len(app.screen_stack) > home)
                # n: an empty form; m: the draft's offer over meeting mode
                await terminal.shows(pilot, f"{key} on {row}", data=key not in "nm")
                await back_to(pilot, home)
                await settled(pilot)
        terminal.take()
        await pilot.press("f1")
        await terminal.shows(pilot, "help on my day", data=False)


async def test_citizen_search_file_and_its_tabs(hostile: Hostile, tmp_path: Path) -> None:
    app = make_app(workspace(hostile, "caseworker", tmp_path))
    terminal = Terminal(app)
    async with run(app) as pilot:
        await on_my_day(pilot)
        terminal.take()
        await pilot.press("ctrl+f")
        await settled(pilot)
        await pilot.press(*hostile.search)
        await terminal.shows(pilot, "citizen search")
        await go(pilot, terminal, "citizen_file", citizen_id=hostile.ids["citizen"])
        await terminal.shows(pilot, "citizen file, overview")
        file_depth = len(app.screen_stack)
        for key, where in (("t", "timeline"), ("e", "statements"), ("c", "CPR shown")):
            terminal.take()
            await pilot.press(key)
            await terminal.shows(pilot, f"citizen file, {where}", data=key != "c")
        for tab in ("t", "e"):  # an entry of the timeline, a statement: in full
            await pilot.press(tab)
            await settled(pilot)
            terminal.take()
            await pilot.press("enter")
            await until(pilot, lambda: len(app.screen_stack) > file_depth)
            await terminal.shows(pilot, f"document from {tab}")
            terminal.take()
            await pilot.press("f1")
            await terminal.shows(pilot, f"help on the document from {tab}", data=False)
            await back_to(pilot, file_depth)
        terminal.take()
        await pilot.press("a")
        await until(pilot, lambda: len(app.screen_stack) > file_depth)
        await terminal.shows(pilot, "access log")
        terminal.take()
        await pilot.press("f1")
        await terminal.shows(pilot, "help on the access log", data=False)
        await back_to(pilot, file_depth)
        terminal.take()
        await pilot.press("m")
        await settled(pilot)
        await terminal.shows(pilot, "the citizen's meetings")


async def test_preparation_agenda_invitation(hostile: Hostile, tmp_path: Path) -> None:
    app = make_app(workspace(hostile, "caseworker", tmp_path))
    terminal = Terminal(app)
    async with run(app) as pilot:
        await on_my_day(pilot)
        await go(pilot, terminal, "preparation", meeting_id=hostile.ids["upcoming"])
        await terminal.shows(pilot, "preparation")
        assert HOSTILE_MARK in str(app.screen.query_one("#prep-feedback-text", Static).render())
        depth = len(app.screen_stack)
        for key, where in (("g", "agenda"), ("b", "invitation"), ("f", "move meeting")):
            terminal.take()
            await pilot.press(key)
            await until(pilot, lambda: len(app.screen_stack) > depth)
            await terminal.shows(pilot, where, data=key != "f")
            if key == "g":  # an item's own form
                terminal.take()
                await pilot.press("e")
                await terminal.shows(pilot, "agenda item form")
            if key == "b":  # preview, with the send dialog
                terminal.take()
                await pilot.press("ctrl+o")
                await terminal.shows(pilot, "invitation preview")
            if key == "f":  # the rooms to choose from
                app.screen.query_one("#room").focus()
                terminal.take()
                await pilot.press("enter")
                await terminal.shows(pilot, "the rooms")
            await back_to(pilot, depth)
        # Each line of the checklist: the screen or dialog it opens.
        checklist = app.screen.query_one("#checklist", OptionList)
        for key in [option.id for option in checklist.options]:
            checklist.highlighted = checklist.get_option_index(key)
            terminal.take()
            await pilot.press("enter")
            await settled(pilot)
            if len(app.screen_stack) > depth:
                await terminal.shows(pilot, f"checklist: {key}",
                                     data=key not in ("accommodations", "corrections"))
                await back_to(pilot, depth)
                await settled(pilot)


async def test_meeting_mode_and_notes(hostile: Hostile, tmp_path: Path) -> None:
    app = make_app(workspace(hostile, "caseworker", tmp_path))
    terminal = Terminal(app)
    async with run(app) as pilot:
        await on_my_day(pilot)
        await go(pilot, terminal, "meeting_mode", meeting_id=hostile.ids["upcoming"])
        await until(pilot, lambda: type(app.screen).__name__ == "DraftOfferScreen")
        await terminal.shows(pilot, "meeting mode and the draft's offer", data=False)
        terminal.take()
        await pilot.press("enter")  # continue with the draft
        await terminal.shows(pilot, "meeting mode with the draft")
        for _field in range(8):  # each field of the notes, focused
            terminal.take()
            await pilot.press("ctrl+down")
            await terminal.shows(pilot, "meeting mode, next field", data=False)
        terminal.take()
        await pilot.press("ctrl+s")  # the preview of the finished notes
        await terminal.shows(pilot, "notes preview")
        await back_to(pilot, 2)
        await go(pilot, terminal, "notes", note_id=hostile.ids["note"])
        await terminal.shows(pilot, "notes")
        await back_to(pilot, 2)
        await go(pilot, terminal, "corrections", note_id=hostile.ids["corrected"])
        await terminal.shows(pilot, "corrections")
        terminal.take()
        await pilot.press("n")  # the reason field
        await terminal.shows(pilot, "correction rejected: reason", data=False)


async def test_rulings_ruling_practice_changes_and_follow_up(hostile: Hostile, tmp_path: Path) -> None:
    app = make_app(workspace(hostile, "team_lead", tmp_path))
    terminal = Terminal(app)
    async with run(app) as pilot:
        await on_my_day(pilot)
        terminal.take()
        await pilot.press("f2")
        await terminal.shows(pilot, "rulings")
        await go(pilot, terminal, "ruling", ruling_id=hostile.ids["ruling"])
        await terminal.shows(pilot, "ruling")
        await back_to(pilot, 2)
        terminal.take()
        await pilot.press("f3")
        # The lead published the demo's changes: none waits for her own acknowledgement.
        await terminal.shows(pilot, "practice changes", data=False)
        for key in ("2", "3"):
            terminal.take()
            await pilot.press(key)
            await terminal.shows(pilot, f"practice changes, tab {key}")
        terminal.take()
        await pilot.press("e")
        await terminal.shows(pilot, "practice change form")
        await back_to(pilot, 3)
        for key in ("1", "2", "3"):  # each tab's ruling, read
            await pilot.press(key)
            await settled(pilot)
            terminal.take()
            await pilot.press("enter")
            await settled(pilot)
            if len(app.screen_stack) > 3:
                await terminal.shows(pilot, f"ruling from practice changes, tab {key}")
                await back_to(pilot, 3)
        await back_to(pilot, 2)
        await pilot.press("f2")
        await settled(pilot)
        for name in ("law", "outcome", "year", "target_group"):  # the filters' choices
            app.screen.query_one(f"#filter-{name}").focus()
            terminal.take()
            await pilot.press("enter")
            await terminal.shows(pilot, f"rulings filter {name}", data=name != "year")
            await pilot.press("escape")
        app.screen.query_one("#rulings-query").focus()
        terminal.take()
        await pilot.press("enter")
        await settled(pilot)
        await terminal.shows(pilot, "ruling from the list")
        await back_to(pilot, 2)
        terminal.take()
        await pilot.press("f6")  # the follow-up report: team and job centre names, laws, titles
        await terminal.shows(pilot, "follow-up report")
        terminal.take()
        await pilot.press("t")
        await terminal.shows(pilot, "follow-up report, the whole job centre")
        await back_to(pilot, 2)
        terminal.take()
        await pilot.press("f7")  # the team's figures: the team's name, colleagues' initials
        await terminal.shows(pilot, "team review")
        terminal.take()
        await pilot.press("d")
        await terminal.shows(pilot, "team review: a figure's definition", data=False)
        await back_to(pilot, 3)
        terminal.take()
        await pilot.press("enter")  # the team's meetings: citizens' and caseworkers' names
        await until(pilot, lambda: len(app.screen_stack) == 4)
        await terminal.shows(pilot, "team review: the rows behind a figure")


async def test_users_and_an_administrators_reason(hostile: Hostile, tmp_path: Path) -> None:
    """The users screen and its dialogs, and the reason an administrator gives to open a
    file (issue 12, item 2)."""
    app = make_app(workspace(hostile, "admin", tmp_path))
    terminal = Terminal(app)
    async with run(app) as pilot:
        await on_my_day(pilot)
        terminal.take()
        await pilot.press("u")
        await terminal.shows(pilot, "users")
        await pilot.press("m")
        await terminal.shows(pilot, "users: move to a team")
        await back_to(pilot, 3)
        await pilot.press("d")
        await terminal.shows(pilot, "users: deactivate")
        await back_to(pilot, 2)
        await go(pilot, terminal, "citizen_file", citizen_id=hostile.ids["citizen"])
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        await terminal.shows(pilot, "an administrator's reason", data=False)
        await paste_text(pilot, "Supportsag 4711: " + HOSTILE_LINE[:200])  # made plain
        await pilot.press("enter")
        await until(pilot, lambda: len(app.screen_stack) == 3)
        await terminal.shows(pilot, "the file opened with a reason")


async def test_quick_note_and_palette(hostile: Hostile, tmp_path: Path) -> None:
    app = make_app(workspace(hostile, "caseworker", tmp_path))
    terminal = Terminal(app)
    async with run(app) as pilot:
        await on_my_day(pilot)
        await go(pilot, terminal, "citizen_file", citizen_id=hostile.ids["citizen"])
        await settled(pilot)
        terminal.take()
        await pilot.press("ctrl+n")
        await terminal.shows(pilot, "quick note")
        app.screen.query_one("#text").focus()
        await settled(pilot)
        terminal.take()
        # Pasted: text no database can hold, and escapes.
        app.post_message(events.Paste("".join([*UNSTORABLE, *ODD, HOSTILE_LINE])))
        await terminal.shows(pilot, "quick note with pasted hostile text")
        for key in ("f7", "f8"):
            terminal.take()
            await pilot.press(key)
            await terminal.shows(pilot, f"quick note, {key}", data=False)
        await back_to(pilot, 2)
        terminal.take()
        await pilot.press("ctrl+p")
        await pilot.press(*"Find")
        await terminal.shows(pilot, "command palette", data=False)


async def test_ruling_import_result(hostile: Hostile, tmp_path: Path) -> None:
    """Hostile rulings through the importer, as JSON Lines and as CSV: its report, the
    lines it refused, and the rulings it imported."""
    # A ruling with NUL or half a character in it is refused (the refused line has both).
    text = HOSTILE_LINE.replace("\x00", "").replace("\ud800", "")
    fields = ("title", "law", "section", "target_group", "summary", "facts", "decision_text",
              "reasoning")
    jsonl = tmp_path / "hostile.jsonl"
    jsonl.write_text("\n".join([
        *(json.dumps({"number": f"{n}-24", "decided_on": "2024-01-02", "keywords": [text],
                      **dict.fromkeys(fields, text)}) for n in (1, 2, 3)),
        json.dumps({"number": HOSTILE_LINE, "title": HOSTILE_LINE, "decided_on": HOSTILE_LINE,
                    "law": "x" * 201, HOSTILE_LINE: HOSTILE_LINE}),
    ]) + "\n", encoding="utf-8")
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(("number", "decided_on", "keywords", *fields))
    writer.writerow(("4-24", "2024-01-03", text, *(text for _ in fields)))
    refused = HOSTILE_LINE.replace("\ud800", "")  # a file is UTF-8: no half characters
    writer.writerow((refused, refused, refused, *(refused for _ in fields)))
    spreadsheet = tmp_path / "hostile.csv"
    spreadsheet.write_text(table.getvalue(), encoding="utf-8")
    app = make_app(workspace(hostile, "team_lead", tmp_path))
    terminal = Terminal(app)
    async with run(app) as pilot:
        await on_my_day(pilot)
        await pilot.press("f4")
        await settled(pilot)
        app.screen.query_one("#import-skip", Switch).value = True
        for path in (jsonl, spreadsheet):
            field = app.screen.query_one("#import-path", Input)
            field.value = str(path)
            field.focus()
            summary = app.screen.query_one("#import-summary", Static)
            summary.update("")
            terminal.take()
            await pilot.press("enter")
            await until(pilot, lambda summary=summary: str(summary.render()).strip() != "")
            await terminal.shows(pilot, f"import report of {path.name}", data=False)
            assert app.screen.query_one("#import-errors").display, str(summary.render())
        await back_to(pilot, 2)
        await pilot.press("f2")
        await settled(pilot)
        terminal.take()
        await pilot.press(*"4-24")
        output = await terminal.shows(pilot, "imported rulings")
        assert "4-24" in "".join(text for row, text in rows(output).items() if row > 4)


async def test_dialogs_and_notifications_show_data_as_text(db_url: str) -> None:
    """The shared dialogs and every notification, whatever the caller asks for: markup
    would crash on "[/]", escapes would reach the terminal."""
    workspace = desk(db_url, empty=True).workspace
    app = ScreenApp(workspace, lambda ctx: QuestionDialog(HOSTILE_LINE, yes=HOSTILE_LINE))
    terminal = Terminal(app)
    async with run(app) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionDialog))
        await terminal.shows(pilot, "question dialog")
        app.push_screen(InputDialog(HOSTILE_LINE, HOSTILE_LINE, value=HOSTILE_LINE))
        await terminal.shows(pilot, "input dialog")
        app.push_screen(TextDialog(HOSTILE_LINE, HOSTILE_LINE, lambda text: text))
        await terminal.shows(pilot, "text dialog")
        app.notify(HOSTILE_LINE, title=HOSTILE_LINE)  # markup=True is Textual's default
        await terminal.shows(pilot, "notification")


async def test_handover_start_and_the_handover(hostile: Hostile, tmp_path: Path) -> None:
    """Issue 13's screens: the start (the team's workload, the caseworkers so far) and the
    handover (the dossier built from the hostile case, the note, my day's section)."""
    from prepdesk.core import handover
    from prepdesk.core.context import CurrentUser

    def user(worker: m.Caseworker, team: m.Team) -> CurrentUser:
        return CurrentUser(worker.id, worker.name, worker.role, worker.team_id, team.name,
                           worker.email, worker.phone)

    caseworker = workspace(hostile, "caseworker", tmp_path)
    with caseworker.sessions() as session:
        citizen = session.get(m.Citizen, hostile.ids["citizen"])
        team = session.get(m.Team, citizen.team_id)
        staff = session.exec(select(m.Caseworker).where(m.Caseworker.team_id == team.id,
                                                        m.Caseworker.active)).all()
        lead = next(w for w in staff if w.role == "team_lead")
        incoming = next(w for w in staff if w.role == "caseworker"
                        and w.id != caseworker.user.id)
        lead_ctx = caseworker.as_user(user(lead, team))
        started = handover.start_handover(lead_ctx, citizen.id, incoming.id, "workload",
                                          NOW.date() + timedelta(days=7))
    handover.write_note(caseworker, started.id, HOSTILE_LINE,
                        {"summary": HOSTILE_LINE}, seen_version=started.version)
    app = make_app(lead_ctx)
    terminal = Terminal(app)
    async with run(app) as pilot:
        await on_my_day(pilot)
        await until(pilot, lambda: f"handover-{started.id}" in app.screen._rows)
        await terminal.shows(pilot, "my day's handovers")
        await go(pilot, terminal, "handover_start", citizen_id=citizen.id)
        await terminal.shows(pilot, "the start of a handover")
        await go(pilot, terminal, "handover", handover_id=started.id)
        await terminal.shows(pilot, "the handover")
        for _key in started.sections[:4]:
            await pilot.press("down")
            await terminal.shows(pilot, "a section of the dossier")
        await go(pilot, terminal, "workload")  # the team's workload and a caseload (F9, f)
        await terminal.shows(pilot, "the team's workload")
        await go(pilot, terminal, "caseload", caseworker_id=caseworker.user.id)
        await terminal.shows(pilot, "a caseload to hand over")
