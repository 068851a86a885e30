"""How fast `prepdesk demo` paints its first screen, as a ratio to a minimal Textual app.

    python benchmarks/startup.py [--runs 7]

Both programs are launched the same way, in a real terminal (tmux, private server), and
the screen is read every ~10 ms until the first screen's text appears: the loading
screen's "PrepDesk" line, and "hello" for a minimal Textual app (an App with one Static)
written to a temporary directory. Runs alternate between the two. The result is the
ratio of the medians; absolute times depend on the machine and its load and are printed
only as a noisy aside. Target: at most 1.5.

Runs in temporary XDG directories; the demo data is built there first (untimed).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.5
POLL_SECONDS = 0.01
TIMEOUT_SECONDS = 30.0

MINIMAL_APP = """\
from textual.app import App
from textual.widgets import Static


class Hello(App):
    def compose(self):
        yield Static("hello")


Hello().run()
"""


class Terminal:
    """A private tmux server; each launch gets its own window-sized session."""

    def __init__(self, environment: dict[str, str]) -> None:
        self.socket = f"prepdesk-bench-{os.getpid()}"
        # The server, and every program in it, inherits the environment of the first call.
        self.environment = environment
        # A session that outlives the runs, so the server is not restarted for each one.
        self._tmux("new-session", "-d", "-s", "keep", "sleep 3600")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            check=True, capture_output=True, text=True, env=self.environment,
        ).stdout

    def time_to_first_screen(self, command: list[str], first_line: str) -> float:
        """Seconds from launching `command` until a screen line reads `first_line`."""
        start = time.perf_counter()
        self._tmux("new-session", "-d", "-s", "run", "-x", "120", "-y", "36", shlex.join(command))
        try:
            while time.perf_counter() - start < TIMEOUT_SECONDS:
                screen = self._tmux("capture-pane", "-p", "-t", "run")
                if any(line.strip() == first_line for line in screen.splitlines()):
                    return time.perf_counter() - start
                time.sleep(POLL_SECONDS)
            raise SystemExit(f"{command} never showed {first_line!r}; the screen:\n{screen}")
        finally:
            self._tmux("kill-session", "-t", "run")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True,
                       env=self.environment)


def prepdesk_command() -> list[str]:
    script = Path(sys.executable).parent / "prepdesk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "prepdesk"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="prepdesk-bench-") as temporary:
        root = Path(temporary)
        # No PREPDESK_* settings from the caller's environment: defaults only.
        environment = {
            **{name: value for name, value in os.environ.items()
               if not name.startswith(("PREPDESK_", "TMUX"))},
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_DATA_HOME": str(root / "data"),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
        }
        minimal = root / "hello.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")

        prepdesk, label = [*prepdesk_command(), "demo"], "prepdesk demo"
        build = subprocess.run(
            [*prepdesk, "--build-only"], env=environment, capture_output=True, text=True,
        )
        if build.returncode != 0:
            print("note: `prepdesk demo --build-only` failed, so this measures `prepdesk` "
                  f"with an empty configuration instead:\n  {build.stderr.strip()[-300:]}")
            prepdesk, label = prepdesk_command(), "prepdesk (empty configuration)"

        programs = {
            "prepdesk": (prepdesk, "PrepDesk"),
            "minimal": ([sys.executable, str(minimal)], "hello"),
        }
        terminal = Terminal(environment)
        try:
            for command, first_line in programs.values():  # warm the disk cache and .pyc files
                terminal.time_to_first_screen(command, first_line)
            times: dict[str, list[float]] = {name: [] for name in programs}
            for run in range(args.runs):
                order = list(programs) if run % 2 == 0 else list(reversed(programs))
                for name in order:
                    times[name].append(terminal.time_to_first_screen(*programs[name]))
        finally:
            terminal.close()

    ratio = statistics.median(times["prepdesk"]) / statistics.median(times["minimal"])
    ratios = [ours / base for ours, base in zip(times["prepdesk"], times["minimal"], strict=True)]
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"first paint, {label} / minimal Textual app "
          f"(median of {args.runs}): {ratio:.2f}x  ({verdict} the target of {TARGET}x)")
    print("ratios per run: " + " ".join(f"{value:.2f}" for value in ratios))
    print("noisy absolute medians: prepdesk {:.0f} ms, minimal {:.0f} ms".format(
        1000 * statistics.median(times["prepdesk"]), 1000 * statistics.median(times["minimal"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
