"""Issue 5 as a new user does it, in a real terminal: on a Friday afternoon a caseworker
plans a meeting from my day, sees what the preparation lacks, builds the agenda, writes
the invitation and sends it. The preview says it goes by Digital Post and why (issue 16:
an invitation may carry health details, so never by e-mail). The letter waits until
Monday 09:00 (R-LTR-4); then `prepdesk outbox send` delivers it, once, with the agenda and
the caseworker's direct contact in it: by Digital Post's file transport, which writes the
MeMo message and the letter's PDF to the outbox folder (delivery/post.py), and nothing
leaves by e-mail.

The app's clock is pinned with the setting clock_start (PREPDESK_CLOCK_START), which
starts the clock at a moment and lets it run on.
"""

from __future__ import annotations

import email
import email.policy
import io
import os
import subprocess
import time

from terminal import Terminal, agenda_items, prepdesk_command

FRIDAY_AFTERNOON = "2026-11-27T14:05+01:00"
MONDAY_MORNING = "2026-11-30T09:00:30+01:00"


def outbox_send(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([prepdesk_command(), "outbox", "send"], env=os.environ | env,
                          capture_output=True, text=True, timeout=120)


def pdf_text(path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_friday_invitation_is_prepared_in_the_app_and_arrives_on_monday(env, tmp_path):
    folder = tmp_path / "outbox"
    post = {"PREPDESK_OUTBOX_TRANSPORT": "file", "PREPDESK_OUTBOX_DIR": str(folder),
            "PREPDESK_DIGITAL_POST": "file", "PREPDESK_MUNICIPALITY_CVR": "12345678",
            "PREPDESK_SENDER_ADDRESS": "jobcenter@fjordby.example",
            # The app's demo and `prepdesk outbox` use one database.
            "PREPDESK_DEMO_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}",
            "PREPDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}"}
    friday = env | post | {"PREPDESK_CLOCK_START": FRIDAY_AFTERNOON}
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
        screen = app.wait_for("Brevet sendes")  # the preview has loaded
        assert "Brevet går med Digital Post: det kan indeholde" in screen
        assert "Brevet sendes mandag kl. 09.00." in screen
        assert "From:" not in screen and "To:" not in screen  # no e-mail headers
        app.keys("C-s")
        screen = app.wait_for("Indkaldelsen ligger i udbakken og går med Digital Post.")
        assert "Traceback" not in screen
        app.keys("q")
        app.wait_for("[exit 0]", seconds=20)
    finally:
        app.close()

    held = outbox_send(friday)
    assert held.returncode == 0, held.stderr
    assert "Sendt: 0" in held.stdout and "Venter på deres afsendelsestid: 0" not in held.stdout
    assert not list(folder.glob("digitalpost-*"))  # Friday afternoon: nothing goes out

    monday = outbox_send(env | post | {"PREPDESK_CLOCK_START": MONDAY_MORNING})
    assert monday.returncode == 0, monday.stdout + monday.stderr
    again = outbox_send(env | post | {"PREPDESK_CLOCK_START": MONDAY_MORNING})
    assert "Sendt: 0" in again.stdout

    # The demo's other letters go out on Monday too: ours is the one for 12.15.
    ours = [pdf for pdf in folder.glob("digitalpost-*.pdf")
            if "30. november 2026 kl. 12.15" in pdf_text(pdf).lower()]
    assert len(ours) == 1  # once, however often the outbox runs
    # The MeMo message beside it, with the meeting as a calendar action.
    from support.memo import parse_memo

    memo = parse_memo(ours[0].with_suffix(".xml").read_bytes())
    (action,) = memo.messageBody.mainDocument.actions
    assert action.actionCode == "AFTALE"
    assert action.reservation.location.startswith("Jobcentret, samtalerum 2")
    text = pdf_text(ours[0])
    assert "Jobcentret, samtalerum 2" in text
    for title in agenda:  # the agenda's items, as the caseworker saw them
        assert " ".join(title[:30].split()) in text, (title, text)
    assert "fjordby.example" in text  # the caseworker's direct contact (R-LTR-2)
    # No e-mail carries the letter: a representative's notice names the meeting, no more.
    for eml in folder.glob("*.eml"):
        mail = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        content = " ".join(mail.get_content().split())
        assert not [title for title in agenda if " ".join(title[:30].split()) in content]
