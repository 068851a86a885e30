"""R-NOTE-3 in a real terminal: PrepDesk is killed while the caseworker types notes, and
after a restart the draft offers back everything but the last two seconds.

The real `prepdesk demo` runs in tmux: my day, `m` on the highlighted meeting opens
meeting mode, words are typed steadily, and the app's process tree gets SIGKILL between
two words (no clean-up, like a power cut or a crash). The new process is asked, accepts
the draft, and its screen must show every word sent at least two seconds before the kill,
in order. On SQLite (the demo's file) and on PostgreSQL (PREPDESK_DEMO_DATABASE_URL
pointing at a database on the suite's throwaway server).

Issue 10, item 4: the same while the database is away. On SQLite another connection holds
the write lock; on PostgreSQL the server is stopped. The caseworker types on through the
outage, the problem bar says the database is away, the app is killed during the outage,
then the database and the app start again: the copy kept on this computer brings back
everything typed up to two seconds before the kill. PostgreSQL is stopped for the 60
seconds the issue asks; SQLite's lock is held for 12 s, longer than its busy timeout (10 s,
after which the app says the database is away), which proves the same there in a fifth of
the time.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from terminal import Terminal, prepdesk_command

from prepdesk.screens.my_day import MyDayScreen

WORD_SECONDS = 0.1  # a steady typist: ten short words a second
TYPING_SECONDS = 6.0
MAY_LOSE_SECONDS = 2.0  # R-NOTE-3
# How long the database is away, and a word every so often so that the words fit in the
# field on the screen: PostgreSQL stopped (the minute), SQLite's lock held.
OUTAGE = {"postgresql": (60.0, 1.0), "sqlite": (12.0, 0.2)}
AWAY = "Databasen svarer ikke"
# The offer's start: the rest wraps differently when the draft is from another day.
DRAFT_OFFER = "Der er en kladde fra"
READY = "Nået / ikke nået"  # the footer key shown while an agenda item's field has the focus
WORD = re.compile(r"\bw\d{3}\b")
FIELD_LINE = re.compile(r"▊(.*?)▎")  # a text field's inside; the language panel beside it quotes it too


def words_in_fields(screen: str) -> list[str]:
    return [word for line in screen.splitlines() for inside in FIELD_LINE.findall(line)
            for word in WORD.findall(inside)]


def opens_meeting_mode() -> bool:
    return any("m" in binding.key.split(",") for binding in MyDayScreen.BINDINGS)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo_env(request, env):
    if not opens_meeting_mode():
        pytest.skip("my day has no key m that opens meeting mode yet (prepdesk/app.py or "
                    "prepdesk/screens/my_day.py binds it)")
    if request.param == "sqlite":
        yield env
        return
    server = request.getfixturevalue("postgres_server")
    name = server.create_database()
    try:
        yield env | {"PREPDESK_DEMO_DATABASE_URL": server.url(name)}
    finally:
        server.drop_database(name)


@pytest.fixture
def terminals():
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def open_meeting_mode(terminal: Terminal) -> None:
    # The first run builds the demo data; on a weekend my day shows the next working day.
    terminal.wait_for("Tidspunkt", seconds=240)
    time.sleep(0.5)  # the list takes the focus and highlights the first meeting
    terminal.keys("m")


def descendants(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                           text=True).stdout.split()
    children = [int(child) for child in found]
    return children + [grandchild for child in children for grandchild in descendants(child)]


def kill_app(terminal: Terminal) -> None:
    """SIGKILL every process under the terminal's shell: the app, however it was started."""
    shell = int(subprocess.run(
        ["tmux", "-L", terminal.socket, "display-message", "-p", "-t", terminal.name,
         "#{pane_pid}"], capture_output=True, text=True, check=True).stdout)
    processes = descendants(shell)
    assert processes, "the app is not running"
    for pid in processes:
        os.kill(pid, signal.SIGKILL)


def restart_and_compare(env: dict[str, str], terminals: list[Terminal],
                        sent: list[tuple[str, float]], killed_at: float,
                        at_least: int) -> Terminal:
    """Start the app again, accept the draft it offers, and check that it shows every word
    sent up to two seconds before the kill, in order and nothing else."""
    second = Terminal(f"{prepdesk_command()} demo", env)
    terminals.append(second)
    open_meeting_mode(second)
    second.wait_for(DRAFT_OFFER, seconds=30)
    second.keys("Enter")
    kept = [word for word, at in sent if at <= killed_at - MAY_LOSE_SECONDS]
    assert len(kept) >= at_least, "too few words were typed for the test to mean anything"
    try:
        screen = second.wait_for(kept[-1], seconds=10)
    except AssertionError:
        screen = second.screen()  # the assertions below say what is missing
    assert "Traceback" not in screen
    shown = words_in_fields(screen)
    assert shown == [word for word, _at in sent][:len(shown)], screen  # in order, nothing else
    assert shown[:len(kept)] == kept, screen
    return second


# On SQLite only: the outage test below kills the app on both databases, and what is typed
# reaches the local copy the same way whatever the database.
@pytest.mark.parametrize("demo_env", ["sqlite"], indirect=True)
def test_a_killed_app_loses_at_most_the_last_two_seconds_of_notes(demo_env, terminals):
    first = Terminal(f"{prepdesk_command()} demo", demo_env)
    terminals.append(first)
    open_meeting_mode(first)
    first.wait_for("Referat ·", seconds=30)
    # Keys sent before the first field has the focus are lost: wait for the footer key that
    # is shown only while an agenda item's field has it.
    first.wait_for(READY, seconds=30)
    sent: list[tuple[str, float]] = []
    type_words(first, sent, TYPING_SECONDS, WORD_SECONDS)
    killed_at = time.monotonic()
    kill_app(first)
    first.wait_for("[exit ", seconds=10)

    restart_and_compare(demo_env, terminals, sent, killed_at, at_least=30)


class Outage:
    """The demo's database away: SQLite's write lock held by another connection, or the
    PostgreSQL server stopped."""

    def __init__(self, env: dict[str, str], server) -> None:  # noqa: ANN001
        self.env, self.server = env, server
        self._lock: sqlite3.Connection | None = None
        self.paused = False

    def begin(self) -> None:
        if self.server is not None:
            self.server.pause()
            self.paused = True
            return
        demo = Path(self.env["XDG_DATA_HOME"]) / "prepdesk" / "demo-small.sqlite"
        assert demo.exists(), demo
        self._lock = sqlite3.connect(demo, isolation_level=None, timeout=30)
        self._lock.execute("BEGIN IMMEDIATE")  # every other writer waits, then gives up

    def end(self) -> None:
        if self._lock is not None:
            self._lock.execute("ROLLBACK")
            self._lock.close()
            self._lock = None
        if self.paused:
            self.server.resume()
            self.paused = False


@pytest.fixture
def outage(demo_env, request):
    server = (request.getfixturevalue("postgres_server")
              if "PREPDESK_DEMO_DATABASE_URL" in demo_env else None)
    happening = Outage(demo_env, server)
    yield happening
    happening.end()  # whatever the test did: the database is back for the tests after it


def type_words(terminal: Terminal, sent: list[tuple[str, float]], seconds: float,
               pause: float) -> None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        word = f"w{len(sent):03d}"
        terminal.type(word + " ")
        sent.append((word, time.monotonic()))
        time.sleep(pause)


def wait_for_any(terminal: Terminal, texts: tuple[str, ...], seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = terminal.screen()
        if any(text in screen for text in texts):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"none of {texts} appeared; the screen shows:\n{terminal.screen()}")


def test_an_outage_and_a_kill_lose_at_most_the_last_two_seconds(demo_env, outage, terminals):
    drafts = Path(demo_env["XDG_STATE_HOME"]) / "prepdesk" / "drafts"
    for left in drafts.glob("notes-*.json"):  # by the tests before this one, in this home
        left.unlink()
    first = Terminal(f"{prepdesk_command()} demo", demo_env)
    terminals.append(first)
    open_meeting_mode(first)
    if DRAFT_OFFER in wait_for_any(first, ("Referat ·", DRAFT_OFFER), seconds=30):  # left by a test before
        first.keys("n")  # start over, which asks first
        first.wait_for("Kassér teksten?", seconds=10)
        first.keys("k")
    first.wait_for("Referat ·", seconds=30)
    first.wait_for(READY, seconds=30)  # the first field has the focus (see above)
    seconds, pause = OUTAGE["postgresql" if outage.server is not None else "sqlite"]
    sent: list[tuple[str, float]] = []
    type_words(first, sent, 2.0, pause)
    first.wait_for("Kladden er gemt", seconds=10)  # the database has the start
    outage.begin()
    type_words(first, sent, seconds, pause)
    screen = first.screen()
    assert AWAY in screen, screen  # said while typing went on
    assert "Traceback" not in screen
    killed_at = time.monotonic()
    kill_app(first)
    first.wait_for("[exit ", seconds=10)
    outage.end()

    second = restart_and_compare(demo_env, terminals, sent, killed_at, at_least=40)
    second.wait_for("nåede ikke databasen", seconds=10)  # and says where it came from
    # The database has it too now: the copy on this computer goes.
    deadline = time.monotonic() + 15
    while list(drafts.glob("notes-*.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not list(drafts.glob("notes-*.json"))
