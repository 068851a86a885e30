"""Issue 5 as a new user does it, in a real terminal: on a Friday afternoon a caseworker
plans a meeting from my day, sees what the preparation lacks, builds the agenda, writes
the invitation and sends it. The letter waits until Monday 09:00 (R-LTR-4); then
`prepdesk outbox send` delivers it to a real SMTP server (aiosmtpd), once, with the agenda
and the caseworker's direct contact in it.

The app's clock is pinned with the setting clock_start (PREPDESK_CLOCK_START), which
starts the clock at a moment and lets it run on.
"""

from __future__ import annotations

import os
import subprocess
import time

from mail import Inbox, free_port, smtp_server
from terminal import Terminal, agenda_items, prepdesk_command

FRIDAY_AFTERNOON = "2026-11-27T14:05+01:00"
MONDAY_MORNING = "2026-11-30T09:00:30+01:00"
CITIZEN = "borger@example.dk"


def outbox_send(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([prepdesk_command(), "outbox", "send"], env=os.environ | env,
                          capture_output=True, text=True, timeout=120)


def test_a_friday_invitation_is_prepared_in_the_app_and_arrives_on_monday(env, tmp_path):
    inbox, port = Inbox(), free_port()
    mail = {"PREPDESK_OUTBOX_TRANSPORT": "smtp", "PREPDESK_SMTP_HOST": "127.0.0.1",
            "PREPDESK_SMTP_PORT": str(port), "PREPDESK_SMTP_STARTTLS": "false",
            "PREPDESK_SENDER_ADDRESS": "jobcenter@fjordby.example",
            # The app's demo and `prepdesk outbox` use one database.
            "PREPDESK_DEMO_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}",
            "PREPDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}"}
    friday = env | mail | {"PREPDESK_CLOCK_START": FRIDAY_AFTERNOON}
    with smtp_server(inbox, port):
        app = Terminal(f"{prepdesk_command()} demo", friday)
        try:
            app.wait_for("Møder i dag", seconds=240)  # the first run builds the demo data
            time.sleep(0.5)  # the list takes the focus and highlights the first meeting
            app.keys("n")  # a new meeting with the highlighted citizen
            app.wait_for("Planlæg et møde")
            time.sleep(0.5)  # the date field takes the focus
            # 12.15: the demo's Mette is in meetings at 10.00 that Monday, and booking
            # refuses a caseworker in two meetings at once (R-PREP-1).
            for text, tabs in (("30.11.2026", 1), ("12.15", 3), ("Jobcentret, samtalerum 2", 0)):
                app.type(text)
                time.sleep(0.3)  # at a person's pace
                for _tab in range(tabs):  # after the time: past the minutes and the room
                    app.keys("Tab")
                    time.sleep(0.3)
            app.keys("C-s")
            # The preparation's parts arrive one by one: wait for its heading too.
            screen = app.wait_until(lambda s: "Dagsordenen er tom" in s and "Forberedelse · " in s,
                                    "the new meeting's preparation")
            assert "✗ Ikke forberedt" in screen
            assert "Dagsordenen er tom" in screen

            app.keys("g")
            app.wait_for("Forslag fra sagen")
            app.wait_for("+ ")  # the proposals have loaded
            for count in range(1, 4):  # the first three proposals, each once it is shown
                app.keys("a")
                screen = app.wait_until(lambda screen, n=count: len(agenda_items(screen)) == n,
                                        f"{count} items on the agenda")
            agenda = agenda_items(screen)
            app.keys("Escape")

            app.wait_for("Tjekliste")
            app.keys("b")
            app.wait_for("Version 1 er gemt.")
            app.wait_for("LIX")  # the language panel has read the letter
            app.keys("C-o")
            app.wait_for("Sådan ser brevet ud")
            app.wait_for("Brevet sendes")  # the preview has loaded: the dialog has its focus
            app.keys("C-u")  # the address field has the focus: one the citizen gave us
            app.type(CITIZEN)
            screen = app.wait_for(CITIZEN)
            assert "Brevet sendes mandag kl. 09.00." in screen
            app.keys("C-s")
            screen = app.wait_for("Indkaldelsen ligger i udbakken.")
            assert "Traceback" not in screen
            app.keys("q")
            app.wait_for("[exit 0]", seconds=20)
        finally:
            app.close()

        held = outbox_send(friday)
        assert held.returncode == 0, held.stderr
        assert "Sendt: 0" in held.stdout and "Venter på deres afsendelsestid: 0" not in held.stdout
        assert inbox.envelopes == []  # Friday afternoon: nothing goes out

        monday = outbox_send(env | mail | {"PREPDESK_CLOCK_START": MONDAY_MORNING})
        assert monday.returncode == 0, monday.stdout + monday.stderr
        again = outbox_send(env | mail | {"PREPDESK_CLOCK_START": MONDAY_MORNING})
        assert "Sendt: 0" in again.stdout

    to_citizen = [m for m in inbox.messages() if m["To"] == CITIZEN]
    assert len(to_citizen) == 1  # once, however often the outbox runs
    letter = to_citizen[0]
    text = letter.get_content()
    assert letter["From"].addresses[0].addr_spec == "jobcenter@fjordby.example"
    assert "mandag den 30. november 2026 kl. 12.15" in text.lower()
    assert "Jobcentret, samtalerum 2" in text
    for title in agenda:  # the agenda's items, as the caseworker saw them
        assert title[:30] in text, (title, text)
    assert letter["Reply-To"].addresses[0].addr_spec in text  # the caseworker's direct contact
