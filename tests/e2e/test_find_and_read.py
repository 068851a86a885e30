"""A caseworker finds a citizen by a misspelt, ASCII-typed name, opens the file and reads a
statement, in the real `prepdesk demo` in a real terminal; the access log records it."""

import sqlite3

from terminal import Terminal, prepdesk_command


def _a_citizen_with_a_statement(database):
    """A citizen of the demo caseworker's team with a statement and æ, ø or å in the name."""
    with sqlite3.connect(database) as db:
        return db.execute(
            """SELECT c.id, c.first_name, c.last_name, s.title FROM citizen c
               JOIN statement s ON s.citizen_id = c.id
               WHERE c.team_id = (SELECT team_id FROM caseworker WHERE role = 'caseworker'
                                  AND active ORDER BY id LIMIT 1)
                 AND (c.last_name LIKE '%ø%' OR c.last_name LIKE '%å%' OR c.last_name LIKE '%æ%')
               ORDER BY c.id, s.received_at DESC LIMIT 1"""
        ).fetchone()


def _ascii(name):
    return name.lower().replace("ø", "o").replace("å", "a").replace("æ", "ae")


def _misspelt(first, last):
    """Typed on an English keyboard (ø→o, å→a, as in 'moller'), the last name with its
    second-to-last letter dropped: 'Håkon Sørensen' → 'hakon sorensn'."""
    ascii_last = _ascii(last)
    return f"{_ascii(first).split()[0]} {ascii_last[:-2] + ascii_last[-1]}"


def test_find_a_citizen_open_the_file_and_read_a_statement(env, home):
    database = home / "data" / "prepdesk" / "demo-small.sqlite"
    first_run = Terminal(f"{prepdesk_command()} demo", env)
    try:
        first_run.wait_for("Min dag", seconds=120)  # builds the demo data
        first_run.keys("q")
        first_run.wait_for("[exit 0]")
    finally:
        first_run.close()
    citizen_id, first, last, statement = _a_citizen_with_a_statement(database)

    terminal = Terminal(f"{prepdesk_command()} demo", env)
    try:
        terminal.wait_for("Min dag", seconds=60)
        terminal.keys("C-f")
        terminal.wait_for("Find borger", seconds=10)
        terminal.type(_misspelt(first, last))
        terminal.wait_for(f"{first} {last}", seconds=10)
        terminal.keys("Enter")
        screen = terminal.wait_for("Med borgerens egne ord", seconds=20)
        assert f"{first} {last}" in "".join(screen.splitlines()[:2])  # the right citizen's file
        assert "XXXX" in screen  # the CPR number is masked
        terminal.keys("e")
        terminal.wait_for(statement[:30], seconds=30)  # the list has loaded
        terminal.keys("Enter")
        screen = terminal.wait_for("Arbejdsevne", seconds=30)  # the reader's conclusions
        assert statement[:30] in screen and "Traceback" not in screen
        terminal.keys("Escape")
        terminal.wait_for("læst", seconds=10)
    finally:
        terminal.close()
    with sqlite3.connect(database) as db:
        actions = [row[0] for row in db.execute(
            "SELECT action FROM accesslog WHERE citizen_id = ? AND at > datetime('now', '-1 hour')",
            (citizen_id,))]
        read = db.execute("SELECT count(*) FROM statementread WHERE statement_id IN "
                          "(SELECT id FROM statement WHERE citizen_id = ?)", (citizen_id,)).fetchone()[0]
    assert "open_file" in actions
    assert read >= 1
