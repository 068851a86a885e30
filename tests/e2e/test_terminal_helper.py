"""The e2e tests' terminal (terminal.py) is the size the test asks for, also to Python."""

import sys

from terminal import Terminal


def test_a_program_in_the_terminal_sees_its_size(env):
    # Python (and Textual) read COLUMNS and LINES before the terminal: tmux handed the pane
    # 80x24 there under pytest, whatever size the window had.
    terminal = Terminal(f"{sys.executable} -c 'import shutil; print(tuple(shutil.get_terminal_size()))'",
                        env, size=(117, 41))
    try:
        assert "(117, 41)" in terminal.wait_for("[exit 0]", seconds=30)
    finally:
        terminal.close()
