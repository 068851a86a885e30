"""The real `prepdesk` command in a real terminal: open the demo, quit, and bad input."""

import sqlite3

import pytest
from terminal import Terminal, prepdesk_command


@pytest.fixture
def terminal_for(env):
    opened = []

    def start(arguments, extra_env=None):
        terminal = Terminal(f"{prepdesk_command()} {arguments}", env | (extra_env or {}))
        opened.append(terminal)
        return terminal

    yield start
    for terminal in opened:
        terminal.close()


def test_the_demo_opens_as_a_caseworker_and_quits_cleanly(terminal_for, home):
    terminal = terminal_for("demo")
    screen = terminal.wait_for("sagsbehandler", seconds=120)
    assert "Traceback" not in screen
    with sqlite3.connect(home / "data" / "prepdesk" / "demo-small.sqlite") as db:
        (name,) = db.execute(
            "SELECT name FROM caseworker WHERE role = 'caseworker' AND active ORDER BY id LIMIT 1"
        ).fetchone()
    assert name in screen
    terminal.keys("q")
    terminal.wait_for("[exit 0]")


def test_keys_from_a_latin1_terminal_are_replaced_not_fatal(terminal_for):
    """A terminal set to Latin-1 typing "kær" sends 6b e6 72: not UTF-8. The app shows a
    replacement character where the æ was and goes on (issue 10)."""
    terminal = terminal_for("demo")
    terminal.wait_for("sagsbehandler", seconds=120)
    terminal.keys("C-f")
    terminal.wait_for("Find borger", seconds=10)
    terminal.send_bytes("kær".encode("latin-1"))
    screen = terminal.wait_for("k\ufffdr", seconds=10)
    assert "Traceback" not in screen
    terminal.keys("Escape")
    terminal.wait_for("Velkommen", seconds=10)  # back on my day, the search closed
    terminal.keys("q")
    terminal.wait_for("[exit 0]")


def test_pasted_escapes_are_text_not_keys(terminal_for):
    """An ESC in pasted text pressed keys: ESC ESC pressed Escape, which closed the search,
    and the "m" after it opened meeting mode (hostile-input findings, 2). Now the paste is
    text, without its ESCs."""
    terminal = terminal_for("demo")
    terminal.wait_for("sagsbehandler", seconds=120)
    terminal.keys("C-f")
    terminal.wait_for("Find borger", seconds=10)
    terminal.paste("Holger\x1b\x1bmore \x1b[31mrød\x1b")
    screen = terminal.wait_for("Holgermore [31mrød", seconds=10)
    assert "Find borger" in screen and "Traceback" not in screen
    terminal.keys("Escape")
    terminal.wait_for("Velkommen", seconds=10)
    terminal.keys("q")
    terminal.wait_for("[exit 0]")


def test_the_demo_opens_as_a_team_lead(terminal_for):
    terminal = terminal_for("demo --as teamlead")
    terminal.wait_for("teamleder", seconds=120)
    terminal.keys("q")
    terminal.wait_for("[exit 0]")


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"PREPDESK_DATABASE_URL": "postgresql+psycopg://prepdesk@127.0.0.1:1/prepdesk"},
         "kan ikke få forbindelse"),
        ({"PREPDESK_DATABASE_URL": "dette er ikke en adresse"}, "database_url"),
        ({"PREPDESK_SMTP_PORT": "mange"}, "PREPDESK_SMTP_PORT"),  # where the value is
    ],
)
def test_bad_configuration_ends_with_one_danish_sentence_and_exit_code_2(terminal_for, variables, expected):
    terminal = terminal_for("", variables)
    screen = terminal.wait_for("[exit 2]", seconds=60)
    assert expected in screen
    assert "Traceback" not in screen


def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(terminal_for, home):
    notes = home / "noter.txt"
    notes.write_text("Mine noter, ikke en database.\n" * 50, encoding="utf-8")
    before = notes.read_bytes()
    terminal = terminal_for("", {"PREPDESK_DATABASE_URL": f"sqlite:///{notes}"})
    screen = terminal.wait_for("[exit 2]", seconds=60)
    assert "ikke en PrepDesk-database" in screen
    assert notes.read_bytes() == before
