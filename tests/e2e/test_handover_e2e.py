"""A change of caseworker end to end (issue 13: R-HAND-1, R-HAND-2, R-FILE-5), with the real
`prepdesk` command in tmux, three people on one SQLite file at once:

1. the team lead (`prepdesk demo --as teamlead`) finds a citizen (Ctrl+F), presses `v` in
   the file, chooses the incoming caseworker in the team's workload, a reason and the day
   they take over (this Wednesday), and starts it (Ctrl+S);
2. the outgoing caseworker (`prepdesk --demo --user INITIALS`) opens it from my day's
   "Overdragelser" and writes the note (w, Ctrl+S);
3. the incoming caseworker opens it there, acknowledges every section (k), presses `b`,
   chooses the joint meeting's time and sends the letter (Ctrl+S);
4. the team lead reloads (Ctrl+R): the handover is complete, in the citizen's timeline too,
   and no longer waits on my day;
5. `prepdesk outbox send` at 09:00 delivers the letter by Digital Post (issue 16: never by
   e-mail), which the file transport writes to the outbox folder as the MeMo message and
   the letter's PDF: it names the new caseworker with their direct phone and e-mail;
6. the joint meeting is on both caseworkers' my day (each app started again).

The apps' clock starts on a Monday at 08:30 (PREPDESK_CLOCK_START): the letter waits for the
send window at 09:00, so no app's own sender writes it to the demo's folder first.
"""

from __future__ import annotations

import io
import os
import re
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from mail import Inbox, free_port, smtp_server
from terminal import Terminal, prepdesk_command

MONDAY_MORNING = "2026-11-30T08:30+01:00"
SEND_WINDOW = "2026-11-30T09:00:30+01:00"
WEDNESDAY = "02.12.2026"  # the day the new caseworker takes over
REASON = "Arbejdsbyrde"  # the fourth reason in the list (core/handover.py REASONS)
NOTE = "Ring helst før kl. 10."
SIZE = (120, 50)  # my day's meetings of the week and its handovers on one screen
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
WEEKDAYS = ("man.", "tir.", "ons.", "tor.", "fre.", "lør.", "søn.")
TO_ACKNOWLEDGE = re.compile(r"(\d+) afsnit at kvittere for")


def _people(database) -> tuple[tuple[str, str], ...]:  # type: ignore[no-untyped-def]
    """(initials, name) of the demo's team lead (the one `--as teamlead` is), and of the
    first two caseworkers of that team: the outgoing and the incoming one."""
    with sqlite3.connect(database) as db:
        lead = db.execute("SELECT initials, name, team_id FROM caseworker WHERE role = 'team_lead' "
                          "AND active ORDER BY id LIMIT 1").fetchone()
        workers = db.execute("SELECT initials, name FROM caseworker WHERE role = 'caseworker' "
                             "AND active AND team_id = ? ORDER BY id LIMIT 2", (lead[2],)).fetchall()
    return (lead[0], lead[1]), workers[0], workers[1]


def _citizen(database, outgoing: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A citizen of the outgoing caseworker, with an e-mail address, in no handover, whose
    name no other citizen has: (name, e-mail)."""
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT c.first_name || ' ' || c.last_name AS full, c.email FROM citizen c "
            "JOIN caseworkerassignment a ON a.citizen_id = c.id AND a.ended_at IS NULL "
            "JOIN caseworker w ON w.id = a.caseworker_id "
            "WHERE w.initials = ? AND c.active AND c.email IS NOT NULL "
            "AND c.id NOT IN (SELECT citizen_id FROM handover WHERE status IN ('open', "
            "'awaiting_approval')) AND (SELECT count(*) FROM citizen o WHERE o.first_name = "
            "c.first_name AND o.last_name = c.last_name) = 1 "
            "AND length(c.first_name || ' ' || c.last_name) <= 18 "  # never cut on my day
            "ORDER BY c.id LIMIT 1", (outgoing,)).fetchone()


def _joint_meeting(database) -> tuple[datetime, str]:  # type: ignore[no-untyped-def]
    """When the handover's joint meeting is, and as my day shows it ("ons. 2.12. kl. 10.00")."""
    with sqlite3.connect(database) as db:
        (stored,) = db.execute("SELECT m.starts_at FROM handover h JOIN meeting m "
                               "ON m.id = h.joint_meeting_id WHERE h.status = 'complete' "
                               "ORDER BY h.id DESC LIMIT 1").fetchone()
    at = datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone(COPENHAGEN)
    return at, f"{WEEKDAYS[at.weekday()]} {at.day}.{at.month}. kl. {at:%H.%M}"


def _top(screen: str, lines: int = 4) -> str:
    """The screen's first lines under the header as one line: the title and a state
    sentence the terminal wrapped."""
    return " ".join(" ".join(screen.splitlines()[1:lines]).split())


def _left(count: str) -> int | None:
    found = TO_ACKNOWLEDGE.search(count)
    return int(found.group(1)) if found else None


def _pdf_text(path) -> str:  # type: ignore[no-untyped-def]
    """A letter's PDF as one line of words."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _outbox_send(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([prepdesk_command(), "outbox", "send"], env=os.environ | env,
                          capture_output=True, text=True, timeout=120)


def test_a_team_lead_hands_a_citizen_over_and_the_citizen_is_told(env, tmp_path):
    database = tmp_path / "team.sqlite"
    inbox, port = Inbox(), free_port()
    folder = tmp_path / "outbox"
    shared = env | {
        # The apps (on the demo) and `prepdesk outbox send` (not on the demo, so over SMTP)
        # use one database.
        "PREPDESK_DEMO_DATABASE_URL": f"sqlite:///{database}",
        "PREPDESK_DATABASE_URL": f"sqlite:///{database}",
        "PREPDESK_CLOCK_START": MONDAY_MORNING,
        "PREPDESK_OUTBOX_TRANSPORT": "smtp", "PREPDESK_SMTP_HOST": "127.0.0.1",
        "PREPDESK_SMTP_PORT": str(port), "PREPDESK_SMTP_STARTTLS": "false",
        "PREPDESK_SENDER_ADDRESS": "jobcenter@fjordby.example",
        # Digital Post's file transport writes the letter here (issue 16).
        "PREPDESK_OUTBOX_DIR": str(folder), "PREPDESK_DIGITAL_POST": "file"}
    builder = Terminal(f"{prepdesk_command()} demo --build-only", shared)
    try:
        builder.wait_for("[exit 0]", seconds=240)
    finally:
        builder.close()
    (_, lead_name), (out_initials, outgoing), (in_initials, incoming) = _people(database)
    citizen, address = _citizen(database, out_initials)
    arrow = f"{outgoing} → {incoming}"

    # 1. The team lead starts the handover from the citizen's file, and keeps the app open.
    lead = Terminal(f"{prepdesk_command()} demo --as teamlead", shared, size=SIZE)
    out = into = None
    try:
        lead.wait_for(lead_name, seconds=60)
        lead.wait_for("Min dag, ", seconds=60)
        lead.keys("C-f")
        lead.wait_for("Find borger", seconds=20)
        lead.type(citizen)
        lead.wait_for("borgere fundet", seconds=20)
        lead.wait_until(lambda s: f"▊ {citizen}  " in s, f"{citizen} found", seconds=20)
        lead.keys("Enter")  # the first found: the only one of that name
        lead.wait_for("o Overblik", seconds=30)
        lead.wait_for("Sagsbehandlere", seconds=30)  # the file, loaded
        lead.keys("v")
        screen = lead.wait_for(f"Overdrag {citizen}", seconds=30)
        lead.wait_for("Væk til og med", seconds=30)  # the team's workload, with the focus
        lead.highlight(incoming)
        lead.keys("Tab", "Enter")  # the reason's menu
        lead.wait_for("Sagsbehandleren stopper", seconds=20)
        lead.highlight(REASON)
        lead.keys("Enter")
        lead.wait_until(lambda s: "Vælg en årsag" not in s and REASON in s, "a reason chosen")
        lead.keys("Tab", "End", "C-u")  # the day the new caseworker takes over
        lead.type(WEDNESDAY)
        lead.wait_for(WEDNESDAY)
        lead.keys("C-s")
        screen = lead.wait_for(f"Overdragelse af {citizen}: {arrow}", seconds=30)
        assert "venter på den afgivende sagsbehandlers note" in _top(screen), screen

        # 2. The outgoing caseworker writes the note, from my day.
        out = Terminal(f"{prepdesk_command()} --demo --user {out_initials}", shared, size=SIZE)
        out.wait_for(outgoing, seconds=60)
        out.wait_for(arrow, seconds=60)  # my day's "Overdragelser"
        out.choose(arrow, key="Down", tries=60)
        out.keys("Enter")
        out.wait_for(f"Overdragelse af {citizen}", seconds=30)
        out.wait_for("w Skriv note", seconds=30)
        out.keys("w")
        out.wait_for("Din note til den nye sagsbehandler", seconds=20)
        out.type(NOTE)
        out.wait_for(NOTE, seconds=20)
        out.keys("C-s")
        screen = out.wait_until(lambda s: _left(_top(s)) is not None, "the note saved", seconds=30)
        assert f"Note fra {outgoing}: {NOTE}" in screen, screen

        # 3. The incoming caseworker acknowledges every section, and tells the citizen.
        into = Terminal(f"{prepdesk_command()} --demo --user {in_initials}", shared, size=SIZE)
        into.wait_for(incoming, seconds=60)
        into.wait_for(arrow, seconds=60)
        into.choose(arrow, key="Down", tries=60)
        into.keys("Enter")
        into.wait_for(f"Overdragelse af {citizen}", seconds=30)
        screen = into.wait_for("k Kvitter", seconds=30)
        assert NOTE in screen, screen
        left = _left(_top(screen))
        assert left is not None and left > 1, screen
        while left:
            into.keys("k")
            screen = into.wait_until(
                lambda s, was=left: _left(_top(s)) != was, f"{left - 1} left", seconds=30)
            left = _left(_top(screen))
        into.wait_until(lambda s: f"{arrow} færdig · " in _top(s), "complete", seconds=30)
        into.keys("b")
        into.wait_for("Vælg tidspunktet for det fælles møde", seconds=30)
        into.wait_for("Enter vælger", seconds=10)
        into.keys("Enter")  # the first time free in both calendars
        screen = into.wait_for("LIX", seconds=30)
        assert "Du skal ikke fortælle det hele igen" in screen, screen
        into.keys("C-s")
        screen = into.wait_until(lambda s: "brevet til borgeren ligger i udbakken" in _top(s),
                                 "the letter in the outbox", seconds=30)
        assert "Traceback" not in screen

        # 4. The team lead sees it complete, on my day too until the citizen moves.
        lead.keys("C-r")
        screen = lead.wait_until(lambda s: f"{arrow} færdig" in _top(s), "complete", seconds=30)
        lead.keys("Escape")
        lead.wait_for("o Overblik", seconds=20)
        lead.keys("t")  # the file's timeline: the change of caseworker, complete
        lead.wait_until(lambda s: any("Overdragelse" in row and "færdig · " in row
                                      for row in s.splitlines()), "complete in the timeline")
        lead.keys("Escape")
        lead.wait_for("Min dag, ", seconds=20)
        lead.keys("C-r")
        lead.wait_until(lambda s: any(arrow in row and "færdig, flyttes" in row
                                      for row in s.splitlines()),
                        "the handover complete on my day, moving on its day", seconds=30)
        for app in (lead, out, into):
            app.keys("q")
            app.wait_for("[exit 0]", seconds=30)
    finally:
        for app in (lead, out, into):
            if app is not None:
                app.close()

    # 5. At 09:00 the letter goes, once, to the citizen, from the new caseworker, by
    # Digital Post: the transport is issue 16's delivery side (delivery/post.py).
    with smtp_server(inbox, port):
        sent = _outbox_send(shared | {"PREPDESK_CLOCK_START": SEND_WINDOW})
        assert sent.returncode == 0, sent.stdout + sent.stderr
    assert not [m for m in inbox.messages() if m["To"] == address]  # never by e-mail
    introduction = f"Jeg hedder {incoming}. Før var det {outgoing}."
    letters = [text for text in map(_pdf_text, folder.glob("digitalpost-*.pdf"))
               if " ".join(introduction.split()) in text]
    assert len(letters) == 1, sorted(path.name for path in folder.iterdir())
    with sqlite3.connect(database) as db:
        phone, email = db.execute("SELECT phone, email FROM caseworker WHERE initials = ?",
                                  (in_initials,)).fetchone()
    for words in (f"Telefon: {phone}", f"E-mail: {email}"):
        assert " ".join(words.split()) in letters[0], (words, letters[0])

    # 6. The joint meeting is on both caseworkers' my day.
    at, when = _joint_meeting(database)
    wednesday = datetime.strptime(WEDNESDAY, "%d.%m.%Y").date()
    assert wednesday <= at.date() <= wednesday + timedelta(days=2), when  # this week
    for initials, name in ((out_initials, outgoing), (in_initials, incoming)):
        app = Terminal(f"{prepdesk_command()} --demo --user {initials}", shared, size=SIZE)
        try:
            app.wait_for(name, seconds=60)
            screen = app.wait_for("Møder resten af ugen", seconds=60)
            screen = app.wait_until(
                lambda s: any(when in row and citizen in row and "Overdragelsesmøde" in row
                              for row in s.splitlines()), f"the joint meeting {when}", seconds=30)
            assert "Traceback" not in screen
            app.keys("q")
            app.wait_for("[exit 0]", seconds=30)
        finally:
            app.close()
