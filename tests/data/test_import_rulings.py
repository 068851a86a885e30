"""Importing appeals rulings from JSON Lines and CSV (R-RULE-1), on SQLite and PostgreSQL.

Messages are translated, so tests check where an error is (line, field) and what it
quotes, never its wording.
"""

from __future__ import annotations

import csv
import json
import os
import re
import socket
import stat
import subprocess
import sys
import threading
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from prepdesk.data import db, importers
from prepdesk.data.importers import ImportReport, import_rulings, run_import_cli
from prepdesk.data.models import Ruling
from prepdesk.data.ruling_file import MAX_LINE_BYTES, MAX_TEXT, OUTCOMES, read_rulings
from prepdesk.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
COLUMNS = ["number", "is_principle", "title", "decided_on", "law", "section", "target_group",
           "keywords", "summary", "outcome", "facts", "decision_text", "reasoning", "replaces"]


@pytest.fixture
def engine(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    yield engine
    engine.dispose()


def run(engine, path: Path, *, now: datetime = NOW, **options) -> ImportReport:
    with db.session_factory(engine)() as session:
        return import_rulings(session, path, now=now, **options)


def stored(engine) -> dict[str, dict]:
    with engine.connect() as connection:
        rows = connection.execute(select(Ruling.__table__)).mappings().all()
    return {row["number"]: dict(row) for row in rows}


def ruling(number: str, **fields) -> dict:
    return {"number": number, "title": f"Sygedagpenge - forlængelse - {number}",
            "decided_on": "2022-03-01", "outcome": "stadfæstet", **fields}


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict], *, delimiter: str = ";") -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: ";".join(value) if isinstance(value, list) else value
                             for key, value in row.items()})
    return path


def errors_at(report: ImportReport) -> list[tuple[int, str]]:
    return [(error.line, error.field) for error in report.errors]


def mentions(message: str, number: int) -> bool:
    """Whether `message` quotes `number` on its own, not as part of a ruling number or path."""
    return re.search(rf"(?<![\w-]){number}(?![\w-])", message) is not None


# --- the examples ------------------------------------------------------------------------


def test_the_examples_import_cleanly_and_the_csv_says_what_the_jsonl_says(engine):
    first = run(engine, EXAMPLES / "rulings.jsonl")
    assert (first.inserted, first.errors) == (15, [])
    again = run(engine, EXAMPLES / "rulings.csv", now=NOW + timedelta(days=1))
    assert (again.inserted, again.updated, again.unchanged, again.errors) == (0, 0, 15, [])
    rulings = stored(engine)
    assert {ruling["outcome"] for ruling in rulings.values()} == set(OUTCOMES.values())
    assert rulings["12-21"]["replaces"] == ["D-15-07"]


# --- round trips -------------------------------------------------------------------------

_EDGES = " \t\r\n"
numbers = st.one_of(
    st.builds("{}-{:02d}".format, st.integers(1, 9999), st.integers(0, 99)),
    st.builds("{}-{}-{:02d}".format, st.sampled_from("ABCDJKSU"), st.integers(1, 999),
              st.integers(0, 99)),
)
# Any text but NUL and surrogates, markup and escape sequences included; the file's
# surrounding whitespace is not part of the text.
texts = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
                max_size=40).map(lambda text: text.strip(_EDGES))
words = texts.filter(lambda text: text and ";" not in text)
rows = st.fixed_dictionaries({
    "number": numbers,
    "is_principle": st.booleans(),
    "title": words,
    "decided_on": st.dates(date(1990, 1, 1), NOW.date()),
    "law": texts, "section": texts, "target_group": texts,
    "keywords": st.lists(words, max_size=4),
    "summary": texts,
    "outcome": st.sampled_from(sorted(OUTCOMES)),
    "facts": texts, "decision_text": texts, "reasoning": texts,
    "replaces": st.lists(numbers, max_size=3),
}).filter(lambda row: row["number"] not in row["replaces"])  # no ruling replaces itself
files = st.lists(rows, min_size=1, max_size=6, unique_by=lambda row: row["number"])


def _as_jsonl(path: Path, generated: list[dict]) -> Path:
    return write_jsonl(path / "rulings.jsonl",
                       [row | {"decided_on": row["decided_on"].isoformat()} for row in generated])


def _as_csv(path: Path, generated: list[dict]) -> Path:
    return write_csv(path / "rulings.csv", [
        row | {"decided_on": row["decided_on"].isoformat(),
               "is_principle": "ja" if row["is_principle"] else "nej"}
        for row in generated
    ], delimiter=",")


@pytest.mark.parametrize("write", [_as_jsonl, _as_csv], ids=["jsonl", "csv"])
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=files)
def test_valid_rows_come_back_as_written(engine, tmp_path, write, generated):
    # The database outlives the examples: earlier ones may hold the same numbers.
    path = write(tmp_path, generated)
    report = run(engine, path)
    assert report.errors == []
    assert report.inserted + report.updated + report.unchanged == len(generated)
    rulings = stored(engine)
    for row in generated:
        expected = row | {"outcome": OUTCOMES[row["outcome"]]}
        assert {name: rulings[row["number"]][name] for name in COLUMNS} == expected
    assert run(engine, path).unchanged == len(generated)


def test_a_byte_order_mark_is_not_part_of_the_first_line(engine, tmp_path):
    path = tmp_path / "rulings.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(ruling("1-22")).encode() + b"\n")
    assert run(engine, path).inserted == 1


def test_danish_headers_and_tab_separated_csv(engine, tmp_path):
    path = tmp_path / "rulings.csv"
    path.write_text("Nummer\tTitel\tDato\tUdfald\tNøgleord\tPrincipafgørelse\n"
                    "d-15-07\tSygedagpenge\t2007-06-14\tHjemvisning\tsygedagpenge; revurdering\tnej\n",
                    encoding="utf-8")
    assert run(engine, path).inserted == 1
    ruling = stored(engine)["D-15-07"]
    assert (ruling["outcome"], ruling["keywords"], ruling["is_principle"]) == (
        "sent_back", ["sygedagpenge", "revurdering"], False)


# --- text is stored as given -------------------------------------------------------------

HOSTILE = ["[bold red]Stadfæstet[/]", "[/", "[@click=app.quit]klik[/]", "\x1b]0;owned\x07",
           "\x1b[2J\x1b[31mrød", "\u202etekst\u2066", "a\x7fb\x9bc", "\x1c\x1dfelt", "{0}{x}%s"]


@pytest.mark.parametrize("write, suffix", [(write_jsonl, "jsonl"), (write_csv, "csv")],
                         ids=["jsonl", "csv"])
def test_markup_and_escape_sequences_are_stored_verbatim(engine, tmp_path, write, suffix):
    rows = [ruling(f"{index}-23", title=f"T{text}", summary=text, facts=text * 3)
            for index, text in enumerate(HOSTILE, start=1)]
    report = run(engine, write(tmp_path / f"rulings.{suffix}", rows))
    assert report.errors == []
    rulings = stored(engine)
    assert [(rulings[row["number"]]["title"], rulings[row["number"]]["facts"]) for row in rows] == [
        (row["title"], row["facts"]) for row in rows
    ]


# --- bad rows ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2022-02-30", "30-02-2022", "01-03-22", "2022/03/01", "20220301",
                                   "2022-3-1", 20220301, None, "", "2026-11-24"])
def test_a_bad_or_future_date_is_an_error_on_its_line(engine, tmp_path, value):
    path = write_jsonl(tmp_path / "rulings.jsonl",
                       [ruling("1-22"), ruling("2-22", decided_on=value), ruling("3-22")])
    report = run(engine, path)
    assert errors_at(report) == [(2, "decided_on")]
    assert stored(engine) == {}


@pytest.mark.parametrize("field, value", [
    ("outcome", "vundet"), ("outcome", 1), ("number", "1/22"), ("number", "AB-1-22"),
    ("number", 122), ("number", ""), ("title", ""), ("title", None), ("keywords", "a;b"),
    ("replaces", ["1-22", "nope"]), ("is_principle", "måske"), ("summary", "x" * (MAX_TEXT + 1)),
    ("facts", "før\x00efter"), ("law", "\ud800"), ("keywords", ["ok", "x\x00"]),
    ("unknown_field", "x"),
])
def test_a_bad_field_is_an_error_naming_line_and_field(engine, tmp_path, field, value):
    path = write_jsonl(tmp_path / "rulings.jsonl", [ruling("1-22"), ruling("2-22") | {field: value}])
    report = run(engine, path)
    assert errors_at(report) == [(2, field)]
    assert stored(engine) == {}


def test_an_error_quotes_the_bad_value(engine, tmp_path):
    path = write_jsonl(tmp_path / "rulings.jsonl", [ruling("1-22", outcome="vundet-xyz")])
    assert "vundet-xyz" in run(engine, path).errors[0].message


def test_a_missing_required_field_in_jsonl_is_an_error(engine, tmp_path):
    row = ruling("1-22")
    del row["decided_on"]
    report = run(engine, write_jsonl(tmp_path / "rulings.jsonl", [row]))
    assert errors_at(report) == [(1, "decided_on")]


@pytest.mark.parametrize("line", ['{"number": "1-22", ', "[1, 2]", '"1-22"', "null",
                                  "[" * 100_000 + "]" * 100_000,
                                  '{"number": "2-22", "law": ' + "9" * 5000 + "}"])
def test_a_line_that_is_not_one_json_object_is_an_error(engine, tmp_path, line):
    path = tmp_path / "rulings.jsonl"
    path.write_text(json.dumps(ruling("1-22")) + "\n" + line + "\n", encoding="utf-8")
    assert errors_at(run(engine, path)) == [(2, "")]


def test_a_ruling_that_replaces_itself_is_an_error(engine, tmp_path):
    rows = [ruling("20-99", replaces=["19-99", "20-99"]), ruling("21-99", replaces=["20-99"])]
    report = run(engine, write_jsonl(tmp_path / "rulings.jsonl", rows))
    assert errors_at(report) == [(1, "replaces")]
    assert "20-99" in report.errors[0].message


def test_blank_lines_in_jsonl_are_skipped_but_counted(engine, tmp_path):
    path = tmp_path / "rulings.jsonl"
    path.write_text("\n" + json.dumps(ruling("1-22")) + "\n\n{}\n", encoding="utf-8")
    assert {error.line for error in run(engine, path).errors} == {4}


def test_a_csv_row_with_the_wrong_number_of_values_is_an_error(engine, tmp_path):
    path = tmp_path / "rulings.csv"
    path.write_text("number;title;decided_on\n1-22;T;2022-01-01\n2-22;T\n3-22;T;2022-01-01;x\n"
                    "4-22;T;2022-01-01;;\n", encoding="utf-8")
    report = run(engine, path, skip_invalid=True)
    assert errors_at(report) == [(3, ""), (4, "")]
    assert sorted(stored(engine)) == ["1-22", "4-22"]


def test_csv_lines_count_the_header_and_the_lines_inside_quoted_fields(engine, tmp_path):
    path = tmp_path / "rulings.csv"
    path.write_text('number,title,decided_on,facts\n1-22,T,2022-01-01,"første\nanden\n"\n'
                    "2-22,T,2022-13-01,\n", encoding="utf-8")
    assert errors_at(run(engine, path)) == [(5, "decided_on")]


def test_duplicate_numbers_are_an_error_on_the_later_line_naming_the_first(engine, tmp_path):
    rows = [ruling("7-19"), ruling("8-19"), ruling("7-19", title="Ny"), ruling("8-19"),
            ruling("d-15-07"), ruling("D–15–07")]  # spelled differently, the same number
    report = run(engine, write_jsonl(tmp_path / "rulings.jsonl", rows), skip_invalid=True)
    assert errors_at(report) == [(3, "number"), (4, "number"), (6, "number")]
    firsts = [1, 2, 5]
    assert [mentions(error.message, line) for error, line in zip(report.errors, firsts, strict=True)
            ] == [True, True, True]
    assert stored(engine)["7-19"]["title"] == rows[0]["title"]


def test_a_number_on_an_invalid_row_is_still_taken(engine, tmp_path):
    rows = [ruling("7-19", decided_on="nope"), ruling("7-19")]
    report = run(engine, write_jsonl(tmp_path / "rulings.jsonl", rows), skip_invalid=True)
    assert errors_at(report) == [(1, "decided_on"), (2, "number")]
    assert report.imported == 0


# --- bad files ---------------------------------------------------------------------------


def test_a_file_that_is_not_utf8_is_one_error_naming_file_and_byte(engine, tmp_path):
    path = tmp_path / "afgørelser.csv"
    path.write_bytes("number;title;decided_on\n1-22;Ærø;2022-01-01\n".encode("cp1252"))
    with pytest.raises(UserError) as raised:
        run(engine, path)
    assert path.name in raised.value.message
    assert mentions(raised.value.message, 29)  # the byte offset of Æ
    assert stored(engine) == {}


@pytest.mark.parametrize("suffix, content", [
    (suffix, content) for suffix in [".jsonl", ".csv"] for content in [b"", b"\xef\xbb\xbf", b"\n\n"]
] + [(".csv", b"number,title,decided_on\r\n\r\n")])
def test_an_empty_file_is_one_error(engine, tmp_path, suffix, content):
    path = tmp_path / f"rulings{suffix}"
    path.write_bytes(content)
    with pytest.raises(UserError) as raised:
        run(engine, path)
    assert path.name in raised.value.message


def test_a_wrong_delimiter_names_the_missing_columns(engine, tmp_path):
    path = tmp_path / "rulings.csv"
    path.write_text("number|title|decided_on\n1-22|T|2022-01-01\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        run(engine, path)
    assert all(name in raised.value.message for name in ["number", "title", "decided_on"])


def test_missing_columns_are_named_and_present_ones_are_not(engine, tmp_path):
    path = tmp_path / "rulings.csv"
    path.write_text("number;summary\n1-22;x\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        run(engine, path)
    assert ("title" in raised.value.message, "decided_on" in raised.value.message,
            "summary" in raised.value.message) == (True, True, False)


@pytest.mark.parametrize("header", ["number;title;decided_on;verdict",
                                    "number;title;decided_on;title",
                                    "nummer;titel;dato;nummer",  # as the file names it
                                    "number;titel;dato;nummer"])
def test_an_unknown_or_repeated_column_is_named(engine, tmp_path, header):
    path = tmp_path / "rulings.csv"
    path.write_text(f"{header}\n1-22;T;2022-01-01;x\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        run(engine, path)
    assert header.rsplit(";", 1)[1] in raised.value.message


def test_an_unknown_suffix_is_refused(engine, tmp_path):
    path = write_jsonl(tmp_path / "rulings.json", [ruling("1-22")])
    with pytest.raises(UserError):
        run(engine, path)


def _with_huge_line(path: Path, size: int, before: bytes, after: bytes) -> Path:
    with path.open("wb") as file:
        file.write(before)
        file.write(b'{"number": "2-22", "summary": "')
        chunk = b"x" * (1 << 20)
        for _ in range(size // len(chunk)):
            file.write(chunk)
        file.write(b'"}\n' + after)
    return path


def test_a_50_mb_line_is_an_error_and_never_read_whole(engine, tmp_path):
    first, last = json.dumps(ruling("1-22")).encode() + b"\n", json.dumps(ruling("3-22")).encode()
    path = _with_huge_line(tmp_path / "rulings.jsonl", 50 << 20, first, last)
    tracemalloc.start()
    try:
        parsed = list(read_rulings(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < (50 << 20) // 2
    assert [(row.line, [error.field for error in row.errors]) for row in parsed] == [
        (1, []), (2, [""]), (3, [])]
    assert errors_at(run(engine, path)) == [(2, "")]
    assert stored(engine) == {}
    assert run(engine, path, skip_invalid=True).inserted == 2


def test_a_too_long_line_stops_a_csv_import(engine, tmp_path):
    path = tmp_path / "rulings.csv"
    with path.open("wb") as file:
        file.write(b"number,title,decided_on,summary\n1-22,T,2022-01-01,")
        file.write(b"x" * (MAX_LINE_BYTES + 10) + b"\n2-22,T,2022-01-01,\n")
    with pytest.raises(UserError) as raised:
        run(engine, path, skip_invalid=True)
    assert mentions(raised.value.message, 2)
    assert stored(engine) == {}


# --- all or nothing, idempotence, updates ----------------------------------------------


def test_one_bad_row_imports_nothing_and_skip_invalid_imports_the_rest(engine, tmp_path):
    run(engine, write_jsonl(tmp_path / "old.jsonl", [ruling("1-22")]))
    path = write_jsonl(tmp_path / "rulings.jsonl", [
        ruling("1-22", summary="Ændret resumé"), ruling("2-22", outcome="?"), ruling("3-22")])
    failed = run(engine, path)
    assert (failed.imported, errors_at(failed)) == (0, [(2, "outcome")])
    assert sorted(stored(engine)) == ["1-22"]
    assert stored(engine)["1-22"]["summary"] == ""
    skipped = run(engine, path, skip_invalid=True)
    assert (skipped.inserted, skipped.updated, errors_at(skipped)) == (1, 1, [(2, "outcome")])
    assert sorted(stored(engine)) == ["1-22", "3-22"]


def test_reimporting_changes_nothing_and_a_changed_ruling_is_updated_in_place(engine, tmp_path):
    rows = [ruling(f"{index}-21", summary=f"Resumé {index}") for index in range(1, 6)]
    path = write_jsonl(tmp_path / "rulings.jsonl", rows)
    assert run(engine, path).inserted == 5
    before = stored(engine)
    later = NOW + timedelta(days=3)
    again = run(engine, path, now=later)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 5)
    assert stored(engine) == before

    rows[2]["summary"] = "Nyt resumé"
    changed = run(engine, write_jsonl(path, rows), now=later)
    assert (changed.inserted, changed.updated, changed.unchanged) == (0, 1, 4)
    after = stored(engine)
    assert after["3-21"] | {"summary": "", "imported_at": None, "content_hash": ""} == (
        before["3-21"] | {"summary": "", "imported_at": None, "content_hash": ""})
    assert (after["3-21"]["summary"], after["3-21"]["imported_at"]) == ("Nyt resumé", later)
    assert {number: after[number] for number in after if number != "3-21"} == {
        number: before[number] for number in before if number != "3-21"}


def test_a_failure_while_writing_leaves_nothing_behind(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "BATCH_SIZE", 2)
    real_write = importers._write
    calls = []

    def failing_write(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real_write(*args)

    monkeypatch.setattr(importers, "_write", failing_write)
    path = write_jsonl(tmp_path / "rulings.jsonl", [ruling(f"{index}-20") for index in range(1, 6)])
    with pytest.raises(RuntimeError):
        run(engine, path)
    assert stored(engine) == {}


def test_a_file_changed_between_the_passes_imports_nothing(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "BATCH_SIZE", 1)
    path = write_jsonl(tmp_path / "rulings.jsonl", [ruling(f"{index}-20") for index in range(1, 6)])
    labels = []

    def meddle(label, _fraction):
        if labels and label != labels[0]:  # the second pass has begun
            with path.open("a", encoding="utf-8") as file:
                file.write(json.dumps(ruling("9-20")) + "\n")
        labels.append(label)

    with pytest.raises(UserError):
        run(engine, path, progress=meddle)
    assert stored(engine) == {}


def test_progress_reports_both_passes_up_to_the_whole_file(engine, tmp_path):
    rows = [ruling(f"{index}-18", facts="x" * 500) for index in range(1, 400)]
    path = write_jsonl(tmp_path / "rulings.jsonl", rows)
    reports: list[tuple[str, float]] = []
    run(engine, path, progress=lambda label, fraction: reports.append((label, fraction)))
    labels = list(dict.fromkeys(label for label, _ in reports))
    assert len(labels) == 2
    for label in labels:
        fractions = [fraction for seen, fraction in reports if seen == label]
        assert len(fractions) > 10
        assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_naive_now_is_refused(engine, tmp_path):
    with pytest.raises(ValueError):
        run(engine, write_jsonl(tmp_path / "r.jsonl", [ruling("1-22")]), now=datetime(2026, 1, 1))


# --- the command -------------------------------------------------------------------------


@pytest.fixture
def configured(db_url, monkeypatch):
    monkeypatch.setenv("PREPDESK_DATABASE_URL", db_url)
    engine = db.open_engine(db_url)
    yield engine
    engine.dispose()


def test_the_command_imports_and_says_how_many(configured, capsys):
    assert run_import_cli(str(EXAMPLES / "rulings.jsonl"), skip_invalid=False) == 0
    assert "15" in capsys.readouterr().out
    assert len(stored(configured)) == 15


def test_the_command_shows_errors_as_plain_text_and_fails(configured, tmp_path, capsys):
    path = write_jsonl(tmp_path / "rulings.jsonl", [
        ruling("1-22"), ruling("\x1b]0;owned\x07[bold]"), ruling("3-22", decided_on="i går")])
    assert run_import_cli(str(path), skip_invalid=False) == 2
    output = capsys.readouterr()
    assert "\x1b" not in output.err and "\x07" not in output.err
    assert "[bold]" in output.err and "i går" in output.err
    assert stored(configured) == {}
    assert run_import_cli(str(path), skip_invalid=True) == 0
    assert sorted(stored(configured)) == ["1-22"]


def test_the_command_turns_a_bad_file_into_a_sentence(configured, tmp_path, capsys):
    assert run_import_cli(str(tmp_path / "missing.csv"), skip_invalid=False) == 2
    assert "missing.csv" in capsys.readouterr().err
    assert run_import_cli(" ", skip_invalid=False) == 2
    assert "Skriv hvilken fil" in capsys.readouterr().err


def test_the_command_fails_when_every_row_is_invalid_even_with_skip(configured, tmp_path):
    path = write_jsonl(tmp_path / "rulings.jsonl", [ruling("nope")])
    assert run_import_cli(str(path), skip_invalid=True) == 2


def test_prepdesk_import_rulings_end_to_end(configured):
    command = [sys.executable, "-m", "prepdesk", "import", "rulings",
               str(EXAMPLES / "rulings.jsonl")]
    for _ in range(2):
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert (result.returncode, result.stderr) == (0, "")
        assert len(stored(configured)) == 15


# --- bad files (issue 10, item 6) --------------------------------------------------------


def write_csv_with(path: Path, rows: list[list[str]], line_end: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, delimiter=";", lineterminator=line_end).writerows(rows)
    return path


@pytest.mark.parametrize("line_end", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
def test_csv_lines_may_end_in_cr_alone(engine, tmp_path, line_end):
    path = write_csv_with(tmp_path / "rulings.csv", [
        ["nummer", "titel", "dato", "resumé"],
        ["1-22", "Sygedagpenge", "2022-03-01", f"To{line_end}linjer"],  # lines 2 and 3
        ["2-22", "", "2022-03-01", ""],
        ["3-22", "Fleksjob", "2022-03-02", ""],
    ], line_end)
    report = run(engine, path)
    assert errors_at(report) == [(4, "titel")]
    report = run(engine, path, skip_invalid=True)
    assert (report.inserted, errors_at(report)) == (2, [(4, "titel")])
    assert stored(engine)["3-22"]["title"] == "Fleksjob"
    assert stored(engine)["1-22"]["summary"].splitlines() == ["To", "linjer"]


def test_jsonl_lines_may_end_in_cr_alone(engine, tmp_path):
    path = tmp_path / "rulings.jsonl"
    path.write_bytes(b"\r".join(json.dumps(ruling(n)).encode() for n in ["1-22", "2-22"]) + b"\r")
    assert run(engine, path).inserted == 2


def test_a_too_long_line_in_a_cr_file_is_skipped_and_never_read_whole(engine, tmp_path):
    path = tmp_path / "rulings.jsonl"
    huge = json.dumps(ruling("2-22", summary="x" * (MAX_LINE_BYTES + 10))).encode()
    path.write_bytes(json.dumps(ruling("1-22")).encode() + b"\r" + huge + b"\r"
                     + json.dumps(ruling("3-22")).encode())
    parsed = list(read_rulings(path))
    assert [(row.line, [error.field for error in row.errors]) for row in parsed] == [
        (1, []), (2, [""]), (3, [])]


def test_a_1001_character_title_is_named_by_line_and_field_with_its_limit(engine, tmp_path):
    path = write_csv_with(tmp_path / "rulings.csv", [
        ["nummer", "titel", "dato", "nøgleord"],
        ["1-22", "Sygedagpenge", "2022-03-01", ""],
        ["2-22", "x" * 1001, "2022-03-01", ";".join(["ord"] * 101)],
    ], "\n")
    report = run(engine, path)
    assert errors_at(report) == [(3, "titel"), (3, "nøgleord")]
    title, keywords = (error.message for error in report.errors)
    assert mentions(title, 1000) and mentions(title, 1001) and "tegn" in title
    assert mentions(keywords, 100) and mentions(keywords, 101) and "tegn" not in keywords
    assert "Listen" not in title and "should" not in title + keywords
    assert stored(engine) == {}


def test_a_repeated_number_names_the_column_as_the_file_does(engine, tmp_path):
    path = write_csv_with(tmp_path / "rulings.csv", [
        ["nummer", "titel", "dato"], ["1-22", "A", "2022-03-01"], ["1-22", "B", "2022-03-01"],
    ], "\n")
    assert errors_at(run(engine, path)) == [(3, "nummer")]


def _refused_at_once(path: Path) -> str:
    """The sentence read_rulings refuses `path` with; it fails (never hangs) if reading
    blocks on the file."""
    outcome: list[object] = []

    def read() -> None:
        try:
            list(read_rulings(path))
        except UserError as error:
            outcome.append(error.message)
        except BaseException as error:  # noqa: BLE001 - the test reports it
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(60)
    if reader.is_alive() and stat.S_ISFIFO(os.stat(path).st_mode):
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # let the blocked open go on
    assert outcome and isinstance(outcome[0], str), f"reading {path} blocked or raised {outcome}"
    return outcome[0]


def _special_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    sock_path = tmp_path / "sock.csv"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    return {"fifo": fifo, "dev-zero": zero, "folder": folder, "socket": sock_path}


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "socket"])
def test_anything_but_an_ordinary_file_is_refused_at_once(engine, tmp_path, kind):
    path = _special_files(tmp_path)[kind]
    message = _refused_at_once(path)
    assert str(path) in message and "fil" in message
    assert stored(engine) == {}


def test_a_file_swapped_for_a_pipe_after_the_check_is_refused_without_blocking(
        tmp_path, monkeypatch):
    fifo = _special_files(tmp_path)["fifo"]
    regular = os.stat(write_jsonl(tmp_path / "r.jsonl", [ruling("1-22")]))
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: regular if Path(path) == fifo
                        else real_stat(path, *a, **k))
    assert str(fifo) in _refused_at_once(fifo)


def test_a_file_larger_than_the_cap_is_refused_before_reading(engine, tmp_path, monkeypatch):
    from prepdesk.data import ruling_file

    path = write_jsonl(tmp_path / "r.jsonl", [ruling("1-22"), ruling("2-22")])
    monkeypatch.setattr(ruling_file, "MAX_FILE_BYTES", path.stat().st_size - 1)
    with pytest.raises(UserError, match="GB"):
        run(engine, path)
    assert stored(engine) == {}


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_the_command_refuses_a_pipe_or_device_with_a_sentence(configured, tmp_path, kind):
    path = _special_files(tmp_path)[kind]
    command = [sys.executable, "-m", "prepdesk", "import", "rulings", str(path)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    finally:
        if kind == "fifo":  # a command that blocks on the open is let go, and fails the test
            os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK))
    assert result.returncode == 2
    assert str(path) in result.stderr and "Traceback" not in result.stderr


def test_the_command_imports_a_cr_file_and_reports_a_long_title_in_danish(configured, tmp_path):
    path = write_csv_with(tmp_path / "rulings.csv", [
        ["number", "title", "decided_on"], ["1-22", "A", "2022-03-01"],
        ["2-22", "x" * 1001, "2022-03-01"]], "\r")
    command = [sys.executable, "-m", "prepdesk", "import", "rulings", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert (result.returncode, "Traceback" in result.stderr) == (2, False)
    assert "Linje 3, title: højst 1000 tegn (teksten har 1001)" in result.stderr
    result = subprocess.run(command + ["--skip-invalid"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0 and sorted(stored(configured)) == ["1-22"]


@settings(max_examples=300, deadline=None)
@given(content=st.lists(st.sampled_from([b"a", b"b", b"\r", b"\n"]), max_size=60).map(b"".join),
       limit=st.integers(1, 8),
       chunk=st.integers(1, 5))
def test_lines_are_cut_as_written_whatever_the_chunks(content, limit, chunk):
    import io

    from prepdesk.data import ruling_file

    original = (ruling_file.MAX_LINE_BYTES, ruling_file._CHUNK)
    ruling_file.MAX_LINE_BYTES, ruling_file._CHUNK = limit, chunk
    try:
        got = list(ruling_file._raw_lines(io.BytesIO(content)))
    finally:
        ruling_file.MAX_LINE_BYTES, ruling_file._CHUNK = original
    assert sum(length for _, length in got) == len(content)  # every byte, once
    first = content.split(b"\n", 1)[0]
    cr = first.find(b"\r")
    end = b"\r" if cr >= 0 and content[cr + 1:cr + 2] != b"\n" else b"\n"
    expected = [part + end for part in content.split(end)]
    expected[-1] = expected[-1][:-1]
    expected = [line for line in expected if line]
    assert len(got) == len(expected)
    for (line, length), written in zip(got, expected, strict=True):
        assert length == len(written)
        assert line == (written if len(written.removesuffix(end)) <= limit else None)


def test_a_missing_file_is_said_in_danish(engine, tmp_path):
    with pytest.raises(UserError, match="Der findes ingen fil"):
        run(engine, tmp_path / "findes-ikke.csv")


def test_a_forbidden_file_is_said_in_danish(engine, tmp_path):
    path = write_jsonl(tmp_path / "r.jsonl", [ruling("1-22")])
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user may read any file (root)")
        with pytest.raises(UserError, match="må ikke læse"):
            run(engine, path)
    finally:
        path.chmod(0o600)


def test_a_read_failing_half_way_is_a_sentence_and_imports_nothing(engine, tmp_path, monkeypatch):
    from prepdesk.data import ruling_file

    class Failing:
        """A file whose second read fails, as a disk or a network share may."""

        def __init__(self, file):
            self.file, self.reads = file, 0

        def readline(self, size):
            self.reads += 1
            if self.reads == 2:
                raise OSError(5, "Input/output error")
            return self.file.readline(size)

        read = readline

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    real_fdopen = ruling_file.os.fdopen
    monkeypatch.setattr(ruling_file.os, "fdopen", lambda *a, **k: Failing(real_fdopen(*a, **k)))
    path = write_jsonl(tmp_path / "r.jsonl", [ruling("1-22"), ruling("2-22")])
    with pytest.raises(UserError, match="r.jsonl"):
        run(engine, path)
    assert stored(engine) == {}


def test_a_too_long_keyword_is_named_by_its_place_in_the_list(engine, tmp_path):
    path = write_jsonl(tmp_path / "r.jsonl", [ruling("1-22", keywords=["ok", "k" * 201])])
    [error] = run(engine, path).errors
    assert (error.line, error.field) == (1, "keywords")
    assert error.message.startswith("element 2: højst 200 tegn")
