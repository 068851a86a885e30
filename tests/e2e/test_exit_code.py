"""An app that ends on an unexpected error exits non-zero (shared/DESIGN.md, "Rules of the
house"): the real `prepdesk` command in a real terminal, made to fail by a
`sitecustomize` module that the test puts first on the interpreter's path.

No database is needed: the workspace opener is swapped before it touches one.
"""

import os

import pytest
from terminal import Terminal, prepdesk_command

# Imported by Python at start-up, before `prepdesk` runs.
HOOK = '''
import os, time

def boom(*args, **kwargs):
    raise RuntimeError("boom from the test")

def waiting(progress, **options):
    while True:  # until the app cancels the worker (progress raises then)
        progress("Venter på testen", 0.5)
        time.sleep(0.1)

where = os.environ.get("CRASH_IN")
if where:
    import prepdesk.app
    import prepdesk.screens.loading
    import prepdesk.workspace
    if where == "worker":  # the thread that opens the workspace fails
        prepdesk.workspace.open_workspace = boom
    elif where == "screen":  # the first screen fails to build
        prepdesk.screens.loading.LoadingScreen.compose = boom
    elif where in ("key", "quit"):  # a key's action fails; "quit" only waits
        prepdesk.workspace.open_workspace = waiting
        if where == "key":
            prepdesk.app.PrepDeskApp.action_help = boom
'''


@pytest.fixture
def crashing(env, tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(hook), env.get("PYTHONPATH")]))
    opened = []

    def start(where):
        terminal = Terminal(prepdesk_command(), env | {"PYTHONPATH": path, "CRASH_IN": where})
        opened.append(terminal)
        return terminal

    yield start
    for terminal in opened:
        terminal.close()


@pytest.mark.parametrize("where", ["worker", "screen"])
def test_a_crash_while_opening_exits_non_zero(crashing, where):
    terminal = crashing(where)
    screen = terminal.wait_for("[exit ", seconds=60)
    assert "boom from the test" in screen
    assert "[exit 1]" in screen


def test_a_crash_in_a_keys_action_exits_non_zero(crashing):
    terminal = crashing("key")
    terminal.wait_for("Venter på testen", seconds=60)
    terminal.keys("F1")
    screen = terminal.wait_for("[exit ", seconds=60)
    assert "boom from the test" in screen
    assert "[exit 1]" in screen


def test_quitting_without_a_crash_exits_zero(crashing):
    # The hook itself changes nothing else: the same app quits cleanly.
    terminal = crashing("quit")
    terminal.wait_for("Venter på testen", seconds=60)
    terminal.keys("q")
    screen = terminal.wait_for("[exit ", seconds=60)
    assert "[exit 0]" in screen
