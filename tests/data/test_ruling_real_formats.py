"""Issue 15, item 4: numbers and dates as real documents write them are imported (the
number and date validators of prepdesk/data/ruling_file.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from prepdesk.data import db
from prepdesk.data.importers import import_rulings
from prepdesk.data.models import Ruling
from prepdesk.data.ruling_file import parse_number

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(("written", "stored"), [
    ("SM C-25-05", "C-25-05"), ("sm c-25-05", "C-25-05"), ("SM C 25-05", "C-25-05"),
    ("SM. D-15-07", "D-15-07"), ("SM-C-25-05", "C-25-05"), ("SM 12-22", "12-22"),
    ("C 25-05", "C-25-05"), ("12-22", "12-22"), ("D-15-07", "D-15-07"),
])
def test_older_numbers_as_sociale_meddelelser_printed_them(written, stored):
    assert parse_number(written) == stored


@pytest.mark.parametrize("written", ["SM", "SM C-25", "SMS C-25-05", "XY C-25-05", "SM CC-25-05"])
def test_what_is_still_not_a_number(written):
    with pytest.raises(ValueError):
        parse_number(written)


@pytest.fixture
def engine(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    yield engine
    engine.dispose()


ROWS = [
    {"number": "SM C-25-05", "title": "Sygedagpenge - raskmelding", "decided_on": "30-05-2005"},
    {"number": "12-22", "title": "Sygedagpenge - revurdering", "decided_on": "16.05.2022",
     "replaces": ["SM C-25-05"]},
    {"number": "3-23", "title": "Uddannelseshjælp", "decided_on": "6/1/2023"},
    {"number": "4-23", "title": "Fleksjob", "decided_on": "2023-01-26"},
]


def imported(engine, path: Path) -> dict[str, tuple[date, list[str]]]:
    with db.session_factory(engine)() as session:
        report = import_rulings(session, path, now=NOW)
    assert not report.errors and report.inserted == len(ROWS)
    with engine.connect() as connection:
        rows = connection.execute(select(Ruling.number, Ruling.decided_on, Ruling.replaces))
        return {number: (day, list(replaces)) for number, day, replaces in rows}


EXPECTED = {"C-25-05": (date(2005, 5, 30), []), "12-22": (date(2022, 5, 16), ["C-25-05"]),
            "3-23": (date(2023, 1, 6), []), "4-23": (date(2023, 1, 26), [])}


def test_real_formats_import_from_json_lines(engine, tmp_path):
    path = tmp_path / "real.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")
    assert imported(engine, path) == EXPECTED


def test_real_formats_import_from_csv(engine, tmp_path):
    path = tmp_path / "real.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["nummer", "titel", "dato", "erstatter"])
        for row in ROWS:
            writer.writerow([row["number"], row["title"], row["decided_on"],
                             ";".join(row.get("replaces", []))])
    assert imported(engine, path) == EXPECTED


@pytest.mark.parametrize("written", ["31-02-2022", "30-13-2022", "30-05-22", "2022.05.30",
                                     "30-05-2022 12:00", "32.01.2022"])
def test_a_day_first_date_that_is_no_date_is_an_error_on_its_line(engine, tmp_path, written):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ROWS[3] | {"decided_on": written}) + "\n", encoding="utf-8")
    with db.session_factory(engine)() as session:
        report = import_rulings(session, path, now=NOW)
    assert [(error.line, error.field) for error in report.errors] == [(1, "decided_on")]
