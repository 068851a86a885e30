"""How fast `prepdesk demo` paints its first screen, shows my day with its data, and quits,
as ratios to a minimal Textual app.

    python benchmarks/startup.py [--runs 7] [--scale small|large] [--data DIR]

Both programs are launched the same way, in a real terminal (tmux, private server), and
the screen is read every ~10 ms. Three figures, each a ratio of medians, runs alternating
between the two programs:

  first paint     until the loading screen's "PrepDesk" line shows, against the time until
                  a minimal Textual app (an App with one Static, written to a temporary
                  directory) shows its "hello". Target: at most 1.5.
  my day          until my day's meeting rows are painted (a line with the preparation
                  state, "✓" or "✗": only there once the data is shown), against the same
                  minimal app's first paint (issue 17, item 1). Target: at most 4.
  quit            from the quit key (q in my day, Ctrl+Q in the minimal app), pressed once
                  the screen shows, until the process has exited (issue 17, item 4).
                  Target: at most 1.5.

Where my day's time goes (December 2026; CPU time in one process, `App.run_test` at 120x36,
the small demo: steadier than the wall clock on this loaded machine). A bare Textual app
has painted at about 200 ms of CPU; PrepDesk shows my day's rows at about 1,040 ms (main
before session 9: 1,155). Of that, about 550 ms are imports of the libraries the design
chose, 2.9x the bare app's paint on their own: Textual 170, pydantic-settings 81 (the
config), SQLAlchemy and SQLModel 175, the mapping of the 45 tables 125 (160 before
data/models.py's `Table` deferred pydantic's validators). The rest: opening the workspace
about 50 (the engine, the demo's date, the user; the mappers are configured at the first
query), my day's screen and core modules about 90 (some 60 dataclasses), my day's 35
statements compiled for the first time about 80 of their 115 (33 the second time), Babel's
Danish data 25, then the layout and paint. Gone in session 9: the holidays package (about
30 ms, core/calendar.py keeps its answers), the tables' validators (35), and this
benchmark compiling the package at every run (about 100 ms an installed PrepDesk never
pays: see PYTHONDONTWRITEBYTECODE below). 4x needs about 240 ms more.

Session 10 (the same CPU clock, 9 runs alternating with main at load 2.5-4: my day's rows
at 1,116 ms of CPU on main, 977 after; less on the large demo, see the indexes below).
The tmux figures, main and session 10 run back to back, in turn, at load 1.5-3 (the ratio
of medians moves by half a point from one run to the next): small demo main 4.8-5.4x,
session 10 3.9-4.9x (its last four runs: 3.95, 4.38, 3.94, 4.89); large demo main
5.3-6.0x, session 10 4.4-4.6x; quit main 1.2-1.6x, session 10 0.9-1.05x; first paint
unchanged (1.15-1.4x). What did it:
  - no garbage collection while starting (cli._open_app turns the collector off,
    app.collect_garbage_again turns it on once my day is painted, after freezing what
    the start made): the collector walked the growing heap of some 160,000 objects again
    and again, about 150 ms of CPU before my day showed; frozen, its first collection no
    longer costs 0.1 s as the caseworker starts to work or quits (the quit's gain). What
    stays is the start's little garbage, about 7,000 objects (1 MB);
  - core's pydantic models (the notes' content, the handover dossier) make their
    validators when first used (`defer_build`, as the tables do), and the aktindsigt
    export's 18 models moved to core/aktindsigt_export.py, imported with the first export;
  - my day asks once which of its lists' citizens the caseworker may still see
    (core/my_day.py `_visible`) instead of compiling access.visible_citizens into six
    statements: compiling the condition was most of compiling them (first call 108 ->
    89 ms of CPU); the first call's statements now compile in about 40 ms;
  - my day's open agreements, approvals and corrections are read by the citizen's or the
    author's index, not the status's (core/queries.py `by_another_index`): SQLite keeps
    no statistics and chose the status's, tens of thousands of rows on the large demo
    (my day's statements there: 79 ms, now 21);
  - the closed days' stamp reads the holidays package's version from its .dist-info
    folder (1 ms, not importlib.metadata's 9), and core/outbox.py imports the e-mail
    package's headers where a message is made.
What is left (CPU, low load, one process): the interpreter and Textual up to the first
paint about 230 (the bare app 155-180), pydantic and pydantic-settings 87, SQLAlchemy
and SQLModel 155, the 45 tables' mapping 127 plus their mappers configured at the first
query about 40 (SQLModel's and SQLAlchemy's own work per column: 404 columns; nothing of
ours stands out in the profile), my day's screen and core modules 65 (about 50
dataclasses, 15 pydantic classes), my day's three operations with the screen's mount and
first paint about 130 (first-call statement compiling 40, Babel's Danish data 10 for the
weekday names of the deadlines, the handover dossier's validator 8), the rows' layout
and paint about 15. The ratio moves with the machine's load: the bare app's fixed costs
(the interpreter, tmux) weigh more at high load: session 10 read 4.1x at load 6 and
3.9-4.9x at load 2, and at the session's end, on an idle machine (load 1.0, 9 runs
alternating): small demo 4.70x, large 4.71x, first paint 1.30x, quit 0.96-1.00x; 4x at any load needs about 100 ms of CPU more, which only a
lighter mapping (fewer tables defined and configured before my day) or fewer libraries
could give. Comparing two trees with a CPU clock (a copy of main beside a worktree): give
both their .pyc files first (this machine's shell sets PYTHONDONTWRITEBYTECODE, and a tree
without them compiles itself at every run, about 60 ms of my day's modules alone).

Session 11 (the same machine; its speed changed by up to 2x within the hour, so only
ratios from runs in turns count). The floor the chosen libraries set, measured with a CPU
clock in one process (7 runs in turns, medians): the bare app painting after importing
pydantic-settings, SQLModel and the 45 tables and configuring their mappers is 2.8x the bare
app; after my day's modules too (its screen, core, the app, the workspace) 3.3x. That
leaves 0.7x for everything the start does (open the database, read the day, paint the
loading screen and my day) against about 1.2x spent on it now. Where that goes: my day's
38 statements compiled for the first time with the mappers configured at the first
query (about 75 ms, 25 of it the configuring), the day's reading itself (about 100 ms for
the 35 tables my day reads: preparation states, agreements, notes, corrections,
handovers...), the 74 frozen dataclasses of my day's modules (56 ms: Python 3.11 compiles
six methods for each), the two screens' layout and paint (about 45 ms). A lighter
mapping does not help: my day's statements read 35 of the 45 tables. Done: my day reads
its aktindsigt requests and handovers in the same operation as the day (one thread, one
fill and layout of the list instead of three; resident memory on the large demo 104 ->
101 MiB, 3 runs each in turns, fewer threads allocating at once), and PrepDesk turns off
pydantic's plugin search (cli.main: every installed package's entry points were read at
the first validator). Ratios from the benchmark, main and after in turns (load about 1):
my day 4.49x/4.54x -> 4.47x/4.55x in the slow hour, 4.55x/4.81x -> 4.74x/4.59x in a fast
one (with the see-through screens of ui/screen.py too): within the noise. At the session's
end, idle: small demo 4.75x, large 4.66x, first paint 1.27x/1.22x, quit 0.95x/0.98x. What would reach 4x is not trimming
but the second core: reading my day's data in a process started beside the app's first
paint (the libraries' imports would then run on both cores at once). Not done: it is a
second way to open the workspace (the keyring read twice, the demo's checks twice) for
about 0.1 s once per start.

Session 12: the start unchanged; small demo 4.50x, first paint 1.23x, quit 0.96x (7 runs, after
the session's fixes). The real `prepdesk demo` in tmux reads my day's rows at the process's
CPU time plus about 30 ms (7 runs, /proc's utime+stime at the moment the rows show): no
waiting is left on the way for a thread to fill; only less CPU, or a second core, shortens it.

Absolute times depend on the machine and its load and are printed only as a noisy aside.
Runs in temporary XDG directories; the demo data is built there first (untimed). The large
demo takes minutes to build: `--data DIR` keeps the data directory (and its demo) between
runs. A large demo built on another day makes the CLI check it before the first paint
(cli._written_today looks at the file's date: about 0.6 s, first paint 3.8x); the app
writes nothing to it when it starts, so it stays so all day (`touch` the file, or build
it anew).
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
from collections.abc import Callable
from pathlib import Path

TARGETS = {"first paint": 1.5, "my day": 4.0, "quit": 1.5}
POLL_SECONDS = 0.01
TIMEOUT_SECONDS = 60.0

MINIMAL_APP = """\
from textual.app import App
from textual.widgets import Static


class Hello(App):
    def compose(self):
        yield Static("hello")


Hello().run()
"""


def line_is(text: str) -> Callable[[str], bool]:
    return lambda screen: any(line.strip() == text for line in screen.splitlines())


def meeting_rows(screen: str) -> bool:
    """My day's meeting rows are painted: a line with a meeting's preparation state."""
    return any("✓ " in line or "✗ " in line for line in screen.splitlines())


class Terminal:
    """A private tmux server; each launch gets its own window-sized session, kept after its
    program ends (remain-on-exit), so that the moment it exits can be seen."""

    def __init__(self, environment: dict[str, str]) -> None:
        self.socket = f"prepdesk-bench-{os.getpid()}"
        # The server, and every program in it, inherits the environment of the first call.
        self.environment = environment
        # A session that outlives the runs, so the server is not restarted for each one.
        self._tmux("new-session", "-d", "-s", "keep", "sleep 3600")
        self._tmux("set-option", "-g", "remain-on-exit", "on")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            check=True, capture_output=True, text=True, env=self.environment,
        ).stdout

    def run(self, command: list[str], marks: list[Callable[[str], bool]],
            quit_key: str) -> list[float]:
        """Launch `command`; the seconds from the launch until each of `marks` holds for the
        screen (in turn), then the seconds from pressing `quit_key` until the program has
        exited."""
        start = time.perf_counter()
        self._tmux("new-session", "-d", "-s", "run", "-x", "120", "-y", "36", shlex.join(command))
        try:
            times = [self._until(mark, start) for mark in marks]
            pressed = time.perf_counter()
            self._tmux("send-keys", "-t", "run", quit_key)
            while self._tmux("display-message", "-p", "-t", "run", "#{pane_dead}").strip() != "1":
                if time.perf_counter() - pressed > TIMEOUT_SECONDS:
                    raise SystemExit(f"{command} did not exit after {quit_key}")
                time.sleep(POLL_SECONDS)
            return [*times, time.perf_counter() - pressed]
        finally:
            self._tmux("kill-session", "-t", "run")

    def _until(self, mark: Callable[[str], bool], start: float) -> float:
        screen = ""
        while time.perf_counter() - start < TIMEOUT_SECONDS:
            screen = self._tmux("capture-pane", "-p", "-t", "run")
            if mark(screen):
                return time.perf_counter() - start
            time.sleep(POLL_SECONDS)
        raise SystemExit(f"the screen never showed what was waited for; the screen:\n{screen}")

    def close(self) -> None:
        # tmux (3.3) leaves the socket's file behind when its server is killed.
        socket_file = subprocess.run(
            ["tmux", "-L", self.socket, "display-message", "-p", "#{socket_path}"],
            capture_output=True, text=True, env=self.environment).stdout.strip()
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True,
                       env=self.environment)
        if socket_file:
            Path(socket_file).unlink(missing_ok=True)


def prepdesk_command() -> list[str]:
    script = Path(sys.executable).parent / "prepdesk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "prepdesk"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scale", choices=["small", "large"], default="small")
    parser.add_argument("--data", type=Path, help="the XDG data directory to build the demo "
                        "in and keep (default: a temporary one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="prepdesk-bench-") as temporary:
        root = Path(temporary)
        # No PREPDESK_* settings from the caller's environment: defaults only. Nor
        # PYTHONDONTWRITEBYTECODE: the warm-up run writes the .pyc files an installed
        # PrepDesk has (pip compiles them), or every run would compile the package again
        # (about 0.1 s of CPU, counted against my day).
        environment = {
            **{name: value for name, value in os.environ.items()
               if not name.startswith(("PREPDESK_", "TMUX", "PYTHONDONTWRITEBYTECODE"))},
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_DATA_HOME": str(args.data or root / "data"),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
        }
        minimal = root / "hello.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")

        prepdesk = [*prepdesk_command(), "demo", "--scale", args.scale]
        build = subprocess.run(
            [*prepdesk, "--build-only"], env=environment, capture_output=True, text=True,
        )
        if build.returncode != 0:
            raise SystemExit(f"`prepdesk demo --build-only` failed:\n{build.stderr.strip()[-600:]}")

        programs = {
            "prepdesk": (prepdesk, [line_is("PrepDesk"), meeting_rows], "q"),
            "minimal": ([sys.executable, str(minimal)], [line_is("hello")], "C-q"),
        }
        terminal = Terminal(environment)
        try:
            for program in programs.values():  # warm the disk cache and .pyc files
                terminal.run(*program)
            times: dict[str, list[list[float]]] = {name: [] for name in programs}
            for run in range(args.runs):
                order = list(programs) if run % 2 == 0 else list(reversed(programs))
                for name in order:
                    times[name].append(terminal.run(*programs[name]))
        finally:
            terminal.close()

    ours = {"first paint": [t[0] for t in times["prepdesk"]],
            "my day": [t[1] for t in times["prepdesk"]],
            "quit": [t[2] for t in times["prepdesk"]]}
    base = {"first paint": [t[0] for t in times["minimal"]],
            "my day": [t[0] for t in times["minimal"]],
            "quit": [t[1] for t in times["minimal"]]}
    against = {"first paint": "its first paint", "my day": "its first paint",
               "quit": "its quit"}
    print(f"prepdesk demo --scale {args.scale} / minimal Textual app, median of {args.runs} "
          "runs, alternating:")
    for figure, target in TARGETS.items():
        ratio = statistics.median(ours[figure]) / statistics.median(base[figure])
        verdict = "within" if ratio <= target else "OVER"
        per_run = " ".join(f"{a / b:.2f}" for a, b in zip(ours[figure], base[figure], strict=True))
        print(f"  {figure:12} {ratio:5.2f}x  (against {against[figure]}; {verdict} the target "
              f"of {target}x)   per run: {per_run}")
    print("  noisy absolute medians: " + ", ".join(
        f"{figure} {1000 * statistics.median(ours[figure]):.0f} ms "
        f"(minimal {1000 * statistics.median(base[figure]):.0f} ms)" for figure in TARGETS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
