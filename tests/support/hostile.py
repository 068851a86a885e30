"""Text no screen may choke on (R-SEC-6): markup, terminal escapes, control characters,
direction overrides, huge lines and nothing at all. Reuse it in any screen test: put each
string where data is shown, run with `notifications=True`, and expect it literally
(`prepdesk.text.strip_controls(text)`).

For a sweep over the whole app (tests/screens/test_hostile_everywhere.py):
`fill_every_text_column` puts `HOSTILE_LINE` in every text column of every table, read
from the models' metadata, so a new column is covered the day it is added;
`RecordingDriver` keeps the raw text the app writes to the terminal and `leaks` finds in
it what data must never send there.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Engine, String, Text, TypeDecorator, select, update
from sqlmodel import SQLModel
from textual.drivers.headless_driver import HeadlessDriver

from prepdesk.text import storable

LONG_LINE = "ordet " * 20_000  # 120,000 characters, no newline
HUGE_LINE = "x" * 200_000  # one word of 200,000 characters: nothing to wrap at

HOSTILE = [
    "[bold]fed[/bold] og [/] og [/",
    "[@click=app.quit]Klik her[/]",
    "[link=https://x.example]et link[/link]",
    "[BOLD]skjult?[/BOLD] [red]rød[/red] $accent :smile:",
    "[b]x",
    "skærm\x1b[2Jryddet",
    "titel\x1b]0;falsk titel\x07slut",
    "udklip\x1b]52;c;aGk=\x07slut",
    "C1\x9b31mrød\x85næste\x90dcs",
    "\u202eomvendt tekst\u202c slut",
    "{count} {0} %s %(name)s",
    "tab\tog\nny linje\r\nog CRLF",
    "bred 你好 🙂 tekst",
    LONG_LINE,
    "",
]

# The corpus in four texts, for a screen test that opens an app for each: every one-line
# attack in one line, the line breaks, the huge line and nothing at all. Each attack is in
# it, so a screen that mishandles one fails as with the list, at a quarter of the apps.
HOSTILE_CASES = [
    " ".join(text for text in HOSTILE if text and "\n" not in text and text != LONG_LINE),
    *(text for text in HOSTILE if "\n" in text),
    LONG_LINE,
    "",
]

# What no database can store: a lone surrogate (UTF-8 cannot encode it) and NUL
# (PostgreSQL refuses it). Typed or pasted, they reach the screen before any database.
UNSTORABLE = ["halv\ud800tegn", "nul\x00tegn"]
# Text that is odd to lay out: zero-width characters and a stack of combining accents.
ODD = ["nul\u200bbredde\u200d\ufeffslut", "e" + "\u0301" * 40 + "\u0308" * 40 + " stak"]

# Every attack in one line, markup first so that a narrow cell still shows it: data that
# appears on a screen shows `HOSTILE_MARK` literally.
HOSTILE_MARK = "[/][b]x"
HOSTILE_LINE = (
    HOSTILE_MARK + " [@click=app.quit]q[/] [BOLD]y "
    "\x1b]0;pwn\x07 \x1b]52;c;aGk=\x07 \x1b[2J \x9b2J \x1bP+q\x1b\\ \u202eevil\u202c \u2067iso "
    "e\u0301\u0301\u0301\u0301\u0301\u0301 a\u200bb\u200d \x00 \ud800 :smile: $x {0} %s"
)
HOSTILE_TAIL = "$x {0} %s"  # what a text field, which shows the end of a line, shows

# Columns that hold a code the program writes and branches on (a kind, a status, a role),
# or a key it derives or checks, never text a person or a file gives: they keep their
# value. Every other text column, including one added tomorrow, gets HOSTILE_LINE.
CODES = {
    "caseworker.role", "citizen.cpr", "citizen.search_name", "citizen.preferred_channel",
    "representative.kind", "citizengoal.kind", "activity.kind", "activity.status",
    "journalentry.kind", "journalentry.direction", "decision.outcome", "complaint.kind",
    "complaint.status", "complaint.outcome", "statement.kind", "ruling.outcome",
    "ruling.content_hash", "meeting.kind", "meeting.status", "meetingparticipant.role",
    "agendaitem.owner", "agendaitem.source", "agreement.who", "agreement.status",
    "note.status", "approvalrequest.public_id", "approvalrequest.nonce",
    "approvalrequest.status", "correction.section", "correction.status", "letter.kind",
    "letter.status", "outboxmessage.message_id", "outboxmessage.status", "inquiry.channel",
    "handoverack.section", "accesslog.action", "demoinfo.scale", "targetgroup.code",
    "benefit.code", "alembic_version.version_num", "handover.status", "handover.reason",
    "handoverrequest.reason", "handoverrequest.status",
}
# Keys inside JSON columns (notes, drafts, dossiers) that hold a code, not text.
JSON_CODES = {"key", "who", "due_on"}


def text_columns() -> list[tuple[str, str]]:
    """(table, column) of every text column of the data model, codes left out."""
    return [
        (table.name, column.name)
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if _holds_text(column.type) and not column.foreign_keys
        and f"{table.name}.{column.name}" not in CODES
    ]


def _holds_text(kind: Any) -> bool:
    # SQLModel's str columns are AutoString, a decorated String.
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return isinstance(kind, String | JSON)


def fill_every_text_column(engine: Engine, line: str = HOSTILE_LINE) -> dict[str, int]:
    """Put `line` (as a database stores it) in every text column of every row, JSON text
    included; the first row of each table gets `HUGE_LINE` in its long-text columns.
    Unique columns get the row's id after it. Returns the rows changed per table."""
    stored = storable(line)
    changed: dict[str, int] = {}
    with engine.begin() as connection:
        for table in SQLModel.metadata.sorted_tables:
            columns = [table.c[name] for table_name, name in text_columns()
                       if table_name == table.name]
            keys = list(table.primary_key.columns)
            if not columns or not keys:
                continue
            rows = connection.execute(select(*keys, *columns).order_by(*keys)).all()
            for number, row in enumerate(rows):
                values = {}
                for column in columns:
                    value = getattr(row, column.name)
                    if isinstance(column.type, JSON):
                        values[column.name] = _hostile_json(value, stored)
                    else:
                        text = stored + (f" {number}" if column.unique else "")
                        if number == 0 and isinstance(column.type, Text):
                            text += "\n" + HUGE_LINE
                        values[column.name] = text
                where = [key == getattr(row, key.name) for key in keys]
                connection.execute(update(table).where(*where).values(**values))
            changed[table.name] = len(rows)
    return changed


def _hostile_json(value: Any, line: str, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _hostile_json(v, line, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile_json(item, line, key) for item in value]
    if isinstance(value, str) and key not in JSON_CODES and not _is_moment(value):
        return line
    return value


def _is_moment(text: str) -> bool:
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(text)
        except ValueError:
            continue
        return True
    return False


class RecordingDriver(HeadlessDriver):
    """A driver that writes nowhere but keeps what Textual writes to the terminal: the app
    paints as it would in a real one (a headless driver makes Textual skip painting).
    Set it as `app.driver_class` and run the test with `run_test(headless=False)`."""

    written: list[str] = []  # replaced per app by `record`

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        self.written.append(data)

    def flush(self) -> None:
        pass


def record(app: Any) -> list[str]:
    """Make `app` paint through a RecordingDriver; returns the list it writes into."""
    written: list[str] = []
    app.driver_class = type("Recording", (RecordingDriver,), {"written": written})
    return written


# What Textual itself writes: SGR styles, cursor moves and modes (CSI), its pointer shape.
_TEXTUAL_SEQUENCE = re.compile(r"\x1b\[[0-9;:]*[mHABCDGfK]|\x1b\[\?[0-9;]*[hl]"
                               r"|\x1b\]22;[a-z-]+\x07")
_NEVER = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                    "\ud800-\udfff]")


def visible(output: str) -> str:
    """The raw output without the sequences Textual writes for styling and moving."""
    return _TEXTUAL_SEQUENCE.sub("", output)


_MOVE = re.compile(r"\x1b\[(\d+);\d+H")


def rows(output: str) -> dict[int, str]:
    """The text the raw output put on each row of the screen (1 is the top), in the order
    it was written: Textual moves the cursor to the start of every piece it paints."""
    written: dict[int, str] = {}
    row = 1
    for number, piece in enumerate(_MOVE.split(output)):
        if number % 2:
            row = int(piece)
        else:
            written[row] = written.get(row, "") + visible(piece)
    return written


def leaks(output: str) -> list[str]:
    """What in the raw output came from data and would act on the terminal: any escape or
    control character Textual did not write itself, C1 controls, direction overrides and
    isolates, lone surrogates. Each with a little of what surrounds it."""
    rest = visible(output)
    return [repr(rest[max(0, found.start() - 20):found.end() + 20])
            for found in _NEVER.finditer(rest)][:10]
