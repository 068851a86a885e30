"""Two real apps on one database doing the same thing at the same moment (R-TEAM-1): the same
meeting's preparation, the same agenda. Neither crashes, nothing is overwritten, and the
agenda's positions stay unique."""

from __future__ import annotations

import sqlite3

from terminal import Terminal, agenda_items, prepdesk_command

MONDAY_MORNING = "2026-11-30T08:30+01:00"


def _both(apps, *keys):
    """The same keys to both apps, one right after the other: as close to the same moment as
    two people get."""
    for app in apps:
        app.keys(*keys)


def test_two_apps_prepare_the_same_meeting_and_build_its_agenda_at_once(env, tmp_path):
    database = tmp_path / "team.sqlite"
    shared = env | {"PREPDESK_DEMO_DATABASE_URL": f"sqlite:///{database}",
                    "PREPDESK_CLOCK_START": MONDAY_MORNING}
    builder = Terminal(f"{prepdesk_command()} demo --build-only", shared)
    try:
        builder.wait_for("[exit 0]", seconds=240)
    finally:
        builder.close()
    apps = [Terminal(f"{prepdesk_command()} demo", shared) for _ in range(2)]
    try:
        for app in apps:
            app.wait_for("Møder i dag", seconds=60)
            app.wait_for("✗", seconds=20)  # the list has its rows and the first is chosen
        _both(apps, "p")
        for app in apps:
            screen = app.wait_for("Tjekliste", seconds=30)
            assert "Traceback" not in screen
        _both(apps, "g")
        for app in apps:
            app.wait_for("Forslag fra sagen", seconds=30)
            app.wait_for("+ ", seconds=30)  # the proposals have loaded
        for round_ in range(1, 4):  # both put a proposal on the agenda at once, thrice
            _both(apps, "a")
            for app in apps:
                app.wait_until(lambda screen, n=round_: len(agenda_items(screen)) >= n,
                               f"at least {round_} items on the agenda")
        for app in apps:
            screen = app.screen()
            assert "Traceback" not in screen and "[exit" not in screen, screen
        with sqlite3.connect(database) as db:
            rows = db.execute(
                "SELECT meeting_id, position FROM agendaitem WHERE meeting_id IN "
                "(SELECT meeting_id FROM agendaitem GROUP BY meeting_id "
                " ORDER BY MAX(id) DESC LIMIT 1)").fetchall()
        positions = sorted(position for _meeting, position in rows)
        assert positions == list(range(1, len(positions) + 1)), positions
        assert len(positions) >= 3
        for app in apps:
            app.keys("q")
            app.wait_for("[exit 0]", seconds=30)
    finally:
        for app in apps:
            app.close()
