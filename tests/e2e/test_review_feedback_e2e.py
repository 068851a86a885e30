"""The team lead's review feedback end to end (R-LEAD-2, issue 14 item 5): `prepdesk demo
--as teamlead` finds a citizen, opens the preparation of the caseworker's meeting with them,
writes feedback (t, Ctrl+S); then `prepdesk demo`, the caseworker, on the same database sees
it on my day, opens its preparation (Enter) and marks it read (l)."""

from __future__ import annotations

import re
import sqlite3
import time

from terminal import Terminal, prepdesk_command

MONDAY_MORNING = "2026-11-30T08:30+01:00"
FEEDBACK = "Godt forberedt. Husk at sende dagsordenen med indkaldelsen."
ESCAPES = re.compile(r"\x1b\[[\d;]*m")
CHOSEN = re.compile(r"\s*\x1b\[1m(\x1b\[[\d;]*m)*\x1b\[48;[\d;]*m\S")


def _people(database) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The demo caseworker's name, and a citizen of their team whose only planned meeting is
    with them, after today (so `m` in the file opens its preparation at once), with a name no
    other citizen has."""
    with sqlite3.connect(database) as db:
        worker_id, team_id, name = db.execute(
            "SELECT id, team_id, name FROM caseworker WHERE role = 'caseworker' AND active "
            "ORDER BY id LIMIT 1").fetchone()
        (lead_team,) = db.execute(
            "SELECT team_id FROM caseworker WHERE role = 'team_lead' AND active "
            "ORDER BY id LIMIT 1").fetchone()
        assert lead_team == team_id  # the demo's team lead leads the demo caseworker's team
        first, last = db.execute(
            "SELECT c.first_name, c.last_name FROM citizen c JOIN meeting m ON m.citizen_id = c.id "
            "WHERE m.status = 'planned' AND c.team_id = ? GROUP BY c.id "
            # not today's: the clock runs on from 08.30, and the file offers coming meetings
            "HAVING MIN(m.starts_at) >= '2026-12-01' "
            "AND COUNT(*) = 1 AND MAX(m.caseworker_id) = ? "
            "AND (SELECT COUNT(*) FROM citizen o WHERE o.first_name = c.first_name "
            "     AND o.last_name = c.last_name) = 1 "
            "ORDER BY MIN(m.starts_at) LIMIT 1", (team_id, worker_id)).fetchone()
    return name, f"{first} {last}"


def _first_hit(screen: str) -> str:
    """The search's first citizen found: the first line with a masked CPR number."""
    return next((line for line in screen.splitlines() if "-XXXX" in line), "")


def _chosen(terminal: Terminal) -> str | None:
    """The list row that is chosen, as text: the line bold on its own background from its
    first character (a heading is bold on the list's background), between the header and
    the footer."""
    lines = terminal.styled_screen().splitlines()[1:-1]
    return next((ESCAPES.sub("", line) for line in lines if CHOSEN.match(line)), None)


def _choose_row(terminal: Terminal, text: str) -> None:
    """Up through my day, one row at a time, until the row showing `text` is chosen."""
    for _ in range(8):
        chosen = _chosen(terminal)
        if chosen is not None and text in chosen:
            return
        terminal.keys("Up")
        deadline = time.monotonic() + 10
        while _chosen(terminal) in (chosen, None) and time.monotonic() < deadline:
            time.sleep(0.05)  # until the choice has moved (the list may scroll meanwhile)
    raise AssertionError(f"no row with {text!r} could be chosen:\n{terminal.screen()}")


def test_the_team_lead_leaves_feedback_and_the_caseworker_sees_it(env, tmp_path):
    database = tmp_path / "team.sqlite"
    shared = env | {"PREPDESK_DEMO_DATABASE_URL": f"sqlite:///{database}",
                    "PREPDESK_CLOCK_START": MONDAY_MORNING}
    builder = Terminal(f"{prepdesk_command()} demo --build-only", shared)
    try:
        builder.wait_for("[exit 0]", seconds=240)
    finally:
        builder.close()
    caseworker, citizen = _people(database)

    lead = Terminal(f"{prepdesk_command()} demo --as teamlead", shared)
    try:
        lead.wait_for("teamleder", seconds=60)
        lead.wait_for("Velkommen", seconds=60)
        lead.keys("C-f")
        lead.wait_for("Navn, en del af et navn", seconds=20)  # the search's field, empty
        lead.type(citizen)
        lead.wait_until(lambda screen: citizen in _first_hit(screen),
                        f"{citizen} first among the citizens found", seconds=20)
        lead.keys("Enter")
        lead.wait_for("m Møder", seconds=30)  # the citizen's file, loaded
        lead.wait_for("Med borgerens egne ord", seconds=30)
        lead.keys("m")
        lead.wait_for("t Feedback", seconds=30)  # the preparation, loaded, with the key
        lead.keys("t")
        lead.wait_for("Ctrl+S gemmer", seconds=20)
        lead.type(FEEDBACK)
        lead.keys("C-s")
        screen = lead.wait_for("ikke læst endnu", seconds=20)
        assert FEEDBACK in screen and "Traceback" not in screen
        lead.keys("Escape", "Escape")
        lead.wait_for("Velkommen", seconds=20)
        lead.keys("q")
        lead.wait_for("[exit 0]", seconds=30)
    finally:
        lead.close()

    app = Terminal(f"{prepdesk_command()} demo", shared)
    try:
        app.wait_for(caseworker, seconds=60)
        app.wait_for("Møder i dag", seconds=60)
        app.keys("End")  # my day's last sections: the feedback, then two practice changes
        app.wait_for("Feedback fra teamleder", seconds=20)
        screen = app.wait_for(FEEDBACK[:12], seconds=20)
        row = next(line for line in screen.splitlines() if FEEDBACK[:12] in line)
        assert citizen.split()[0] in row, screen  # names and texts are cut on a narrow screen
        # The newest feedback is the section's last row, just above the practice changes.
        _choose_row(app, FEEDBACK[:12])
        app.keys("Enter")
        app.wait_for("Forberedelse · ", seconds=30)  # its preparation
        screen = app.wait_for("l Feedback læst", seconds=30)  # with the feedback, unread
        assert FEEDBACK in screen and "ikke læst endnu" in screen, screen
        assert citizen in screen.split("Forberedelse · ")[1], screen
        app.keys("l")
        app.wait_for("✓ læst", seconds=20)
        app.keys("Escape")
        screen = app.wait_for("Velkommen", seconds=20)
        assert "Traceback" not in screen
        app.keys("q")
        app.wait_for("[exit 0]", seconds=30)
    finally:
        app.close()
