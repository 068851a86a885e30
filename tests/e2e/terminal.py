"""A real terminal for end-to-end tests: the real `prepdesk` command in tmux."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ESCAPES = re.compile(r"\x1b\[[\d;]*m")
CHOSEN = re.compile(r"\s*\x1b\[1m(\x1b\[[\d;]*m)*\x1b\[48;[\d;]*m\S")
HIGHLIGHTED = re.compile(r"\x1b\[1m(?:\x1b\[[\d;]*m)*\x1b\[48;[\d;]*m([^\x1b]+)")


class Terminal:
    """One tmux session on a private socket, running `command` with `env` added."""

    def __init__(self, command: str, env: dict[str, str], size: tuple[int, int] = (120, 36)) -> None:
        self.socket = f"prepdesk-test-{uuid.uuid4().hex[:8]}"
        self.name = "t"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # The exit code is printed so a test can read how the program ended. COLUMNS and
        # LINES are removed: tmux may hand them to the pane (80x24 under pytest), and Python's
        # shutil.get_terminal_size, which Textual asks, believes them over the terminal.
        script = (f"env -u COLUMNS -u LINES {exports} TERM=xterm-256color {command}; "
                  "echo \"[exit $?]\"; sleep 600")
        width, height = str(size[0]), str(size[1])
        # The window keeps this size whatever tmux's default (80x24) or a client says: a
        # test sometimes found the app at 80x24 otherwise.
        self._tmux("new-session", "-d", "-s", self.name, "-x", width, "-y", height,
                   "bash", "-c", script, ";", "set-option", "-w", "-t", self.name,
                   "window-size", "manual", ";", "resize-window", "-t", self.name,
                   "-x", width, "-y", height)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True,
                              capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def styled_screen(self) -> str:
        """The screen with its colours and styles (SGR escape sequences): to see which row
        of a list is chosen, which plain text cannot say."""
        return self._tmux("capture-pane", "-p", "-e", "-t", self.name)

    def wait_for(self, text: str, seconds: float = 30) -> str:
        return self.wait_until(lambda screen: text in screen, f"{text!r} appearing", seconds)

    def wait_until(self, seen: Callable[[str], bool], what: str, seconds: float = 30) -> str:
        """Wait until `seen(screen)` holds: for what text alone cannot say (a count)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if seen(screen):
                return screen
            if "[exit " in screen:  # the program has ended: waiting longer shows nothing new
                break
            time.sleep(0.1)
        raise AssertionError(f"{what} never happened; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", "--", text)

    def send_bytes(self, data: bytes) -> None:
        """Bytes exactly as a terminal would send them, in any encoding."""
        self._tmux("send-keys", "-t", self.name, "-H", *(f"{byte:02x}" for byte in data))

    def paste(self, text: str) -> None:
        """`text` pasted as a terminal pastes: inside ESC[200~ ... ESC[201~ when the program
        has asked for bracketed paste, with its bytes as they are (a line break as CR)."""
        subprocess.run(["tmux", "-L", self.socket, "load-buffer", "-b", "pasted", "-"],
                       input=text.encode(), check=True, capture_output=True)
        self._tmux("paste-buffer", "-p", "-d", "-b", "pasted", "-t", self.name)

    def close(self) -> None:
        # tmux (3.3) leaves the socket's file behind when its server is killed.
        socket_file = subprocess.run(["tmux", "-L", self.socket, "display-message", "-p", "#{socket_path}"],
                                     capture_output=True, text=True).stdout.strip()
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        if socket_file:
            Path(socket_file).unlink(missing_ok=True)

    def chosen(self) -> str | None:
        """The list row that is chosen, as text: the line bold on its own background from its
        first character (a heading is bold on the list's background), between the header and
        the footer."""
        lines = self.styled_screen().splitlines()[1:-1]
        return next((ESCAPES.sub("", line) for line in lines if CHOSEN.match(line)), None)

    def choose(self, text: str, key: str = "Up", tries: int = 8) -> None:
        """`key` (Up or Down) through a list, one row at a time, until the row showing `text`
        is chosen."""
        for _ in range(tries):
            chosen = self.chosen()
            if chosen is not None and text in chosen:
                return
            self.keys(key)
            deadline = time.monotonic() + 10
            while self.chosen() in (chosen, None) and time.monotonic() < deadline:
                time.sleep(0.05)  # until the choice has moved (the list may scroll meanwhile)
        raise AssertionError(f"no row with {text!r} could be chosen:\n{self.screen()}")

    def highlighted(self) -> list[str]:
        """Every text shown bold on its own background, between the header and the footer:
        a list's chosen row, a table's cursor row, a menu's highlighted choice."""
        lines = self.styled_screen().splitlines()[1:-1]
        return [found.strip() for line in lines for found in HIGHLIGHTED.findall(line)]

    def highlight(self, text: str, key: str = "Down", tries: int = 8) -> None:
        """`key` through a menu or a table, one step at a time (each once the last has shown),
        until `text` is highlighted."""
        for _ in range(tries):
            now = self.highlighted()
            if any(found.startswith(text) for found in now):
                return
            self.keys(key)
            deadline = time.monotonic() + 10
            while self.highlighted() == now and time.monotonic() < deadline:
                time.sleep(0.05)
        raise AssertionError(f"{text!r} could not be highlighted:\n{self.screen()}")


def agenda_items(screen: str) -> list[str]:
    """The titles in the agenda screen's table (number, minutes, owner, title)."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in screen.splitlines()]
    return [row[3] for row in rows if len(row) == 4 and row[0].isdigit()]


def prepdesk_command() -> str:
    found = shutil.which("prepdesk")
    if found is None:
        raise RuntimeError("the prepdesk command is not installed (pip install -e .)")
    return found


def isolated_env(home: Path) -> dict[str, str]:
    """XDG directories inside `home`, so the test never touches the user's files.

    PYTHONPATH is passed on: a suite run with PYTHONPATH=<work tree> drives that tree's code,
    not the code an editable install points at."""
    env = {f"XDG_{kind}_HOME": str(home / kind.lower()) for kind in ("CONFIG", "DATA", "CACHE", "STATE")}
    env["PATH"] = os.environ.get("PATH", "")
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env
