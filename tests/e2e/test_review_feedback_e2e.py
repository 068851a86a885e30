"""The team lead's review end to end (issue 14; R-LEAD-1, R-LEAD-2): `prepdesk demo --as
teamlead` opens the team's figures (F7), drills into the meetings behind "prepared before they
started" (Enter: those not prepared first), saves them as CSV (e), opens the first one's
preparation (Enter) and writes feedback (t, Ctrl+S); then that meeting's caseworker, on the
same database, sees it on my day, opens its preparation (Enter) and marks it read (l)."""

from __future__ import annotations

import sqlite3

from terminal import Terminal, prepdesk_command

MONDAY_MORNING = "2026-11-30T08:30+01:00"
FEEDBACK = "Godt forberedt. Husk at sende dagsordenen med indkaldelsen."


def _given_to(database) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """The caseworker the feedback went to (initials, name) and the meeting's citizen."""
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT w.initials, w.name, c.first_name || ' ' || c.last_name FROM reviewfeedback f "
            "JOIN meeting m ON m.id = f.meeting_id JOIN caseworker w ON w.id = m.caseworker_id "
            "JOIN citizen c ON c.id = m.citizen_id").fetchone()


def test_the_team_lead_leaves_feedback_and_the_caseworker_sees_it(env, tmp_path):
    database = tmp_path / "team.sqlite"
    exports = tmp_path / "exports"
    shared = env | {"PREPDESK_DEMO_DATABASE_URL": f"sqlite:///{database}",
                    "PREPDESK_CLOCK_START": MONDAY_MORNING, "PREPDESK_EXPORT_DIR": str(exports)}
    builder = Terminal(f"{prepdesk_command()} demo --build-only", shared)
    try:
        builder.wait_for("[exit 0]", seconds=240)
    finally:
        builder.close()
    lead = Terminal(f"{prepdesk_command()} demo --as teamlead", shared)
    try:
        lead.wait_for("teamleder", seconds=60)
        lead.wait_for("Velkommen", seconds=60)
        lead.keys("F7")
        lead.wait_for("Teamets tal", seconds=30)
        lead.wait_for("Optalt", seconds=60)  # the figures, counted
        lead.keys("Enter")  # the team's meetings behind "prepared before they started"
        lead.wait_for("rækker tæller med", seconds=60)
        lead.keys("e")
        lead.wait_for("Tabellen er gemt som", seconds=20)  # the sentence saying where it went
        (path,) = exports.glob("*.csv")
        assert path.read_bytes().startswith("\ufeff".encode())  # Danish Excel's BOM
        assert ";" in path.read_text(encoding="utf-8-sig").splitlines()[0]
        lead.keys("Enter")  # the first meeting: one not prepared
        lead.wait_for("Forberedelse · ", seconds=30)
        lead.wait_for("t Feedback", seconds=30)  # the preparation, loaded, with the key
        lead.keys("t")
        lead.wait_for("Ctrl+S gemmer", seconds=20)
        lead.type(FEEDBACK)
        lead.keys("C-s")
        screen = lead.wait_for("ikke læst endnu", seconds=20)
        assert FEEDBACK[:12] in screen and "Traceback" not in screen  # may wrap further on
        lead.keys("q")
        lead.wait_for("[exit 0]", seconds=30)
    finally:
        lead.close()
    initials, caseworker, citizen = _given_to(database)

    app = Terminal(f"{prepdesk_command()} --demo --user {initials}", shared)
    try:
        app.wait_for(caseworker, seconds=60)
        app.wait_for("Møder i dag", seconds=60)
        app.keys("End")  # my day's last sections: the feedback, then two practice changes
        app.wait_for("Feedback fra teamleder", seconds=20)
        screen = app.wait_for(FEEDBACK[:12], seconds=20)
        row = next(line for line in screen.splitlines() if FEEDBACK[:12] in line)
        assert citizen.split()[0] in row, screen  # names and texts are cut on a narrow screen
        # The newest feedback is the section's last row, just above the practice changes.
        app.choose(FEEDBACK[:12])
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
