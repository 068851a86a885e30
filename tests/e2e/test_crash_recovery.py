"""R-NOTE-3 in a real terminal: PrepDesk is killed while the caseworker types notes, and
after a restart the draft offers back everything but the last two seconds.

The real `prepdesk demo` runs in tmux: my day, `m` on the highlighted meeting opens
meeting mode, words are typed steadily, and the app's process tree gets SIGKILL between
two words (no clean-up, like a power cut or a crash). The new process is asked, accepts
the draft, and its screen must show every word sent at least two seconds before the kill,
in order. On SQLite (the demo's file) and on PostgreSQL (PREPDESK_DEMO_DATABASE_URL
pointing at a database on the suite's throwaway server).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest
from terminal import Terminal, prepdesk_command

from prepdesk.screens.my_day import MyDayScreen

WORD_SECONDS = 0.1  # a steady typist: ten short words a second
TYPING_SECONDS = 6.0
MAY_LOSE_SECONDS = 2.0  # R-NOTE-3
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


def test_a_killed_app_loses_at_most_the_last_two_seconds_of_notes(demo_env, terminals):
    first = Terminal(f"{prepdesk_command()} demo", demo_env)
    terminals.append(first)
    open_meeting_mode(first)
    first.wait_for("Referat ·", seconds=30)
    time.sleep(0.5)  # the first field takes the focus
    sent: list[tuple[str, float]] = []
    started = time.monotonic()
    while time.monotonic() - started < TYPING_SECONDS:
        word = f"w{len(sent):03d}"
        first.type(word + " ")
        sent.append((word, time.monotonic()))
        time.sleep(WORD_SECONDS)
    killed_at = time.monotonic()
    kill_app(first)
    first.wait_for("[exit ", seconds=10)

    second = Terminal(f"{prepdesk_command()} demo", demo_env)
    terminals.append(second)
    open_meeting_mode(second)
    second.wait_for("Vil du fortsætte med den?", seconds=30)
    second.keys("Enter")
    kept = [word for word, at in sent if at <= killed_at - MAY_LOSE_SECONDS]
    assert len(kept) >= 30, "too few words were typed for the test to mean anything"
    try:
        screen = second.wait_for(kept[-1], seconds=10)
    except AssertionError:
        screen = second.screen()  # the assertions below say what is missing
    assert "Traceback" not in screen
    shown = words_in_fields(screen)
    assert shown == [word for word, _at in sent][:len(shown)], screen  # in order, nothing else
    assert shown[:len(kept)] == kept, screen
