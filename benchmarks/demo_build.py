"""How fast the large demo is built, as a ratio to inserting trivial rows.

    python benchmarks/demo_build.py [--citizens 50000]

Builds the large demo (or a scaled-down one with --citizens) into a temporary SQLite
file, then inserts the same number of trivial rows (an integer and a short text) with a
plain DB-API executemany, in batches of the same size, one transaction per batch, into a
database opened the same way (same pragmas). Prints the demo's rows per second as a
ratio to the trivial rows per second: the share of the raw insert speed that generating
realistic text, dates and relations leaves. Absolute times depend on the machine and its
load and are printed only as a noisy aside.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import SQLModel

from prepdesk.data.db import open_engine, upgrade
from prepdesk.demo.build import SCALES, build_demo


def demo_rows_per_second(path: Path, citizens: int | None) -> tuple[int, float]:
    engine = open_engine(f"sqlite:///{path}")
    upgrade(engine)
    started = time.perf_counter()
    build_demo(engine, scale="large", today=date.today(), citizens=citizens)
    seconds = time.perf_counter() - started
    with engine.connect() as connection:
        rows = sum(connection.scalar(select(func.count()).select_from(table))
                   for table in SQLModel.metadata.sorted_tables)
    engine.dispose()
    return rows, seconds


def trivial_rows_seconds(path: Path, rows: int, batch: int) -> float:
    engine = open_engine(f"sqlite:///{path}")
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("CREATE TABLE trivial (id INTEGER PRIMARY KEY, n INTEGER, t TEXT)")
        started = time.perf_counter()
        for first in range(0, rows, batch):
            cursor.executemany("INSERT INTO trivial VALUES (?, ?, ?)",
                               [(i, i, "x") for i in range(first, min(first + batch, rows))])
            connection.commit()
        return time.perf_counter() - started
    finally:
        connection.close()
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, help="scale the large demo down to this many")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows, demo_seconds = demo_rows_per_second(Path(folder) / "demo.sqlite", args.citizens)
        size = (Path(folder) / "demo.sqlite").stat().st_size
        trivial_seconds = trivial_rows_seconds(Path(folder) / "trivial.sqlite", rows,
                                               SCALES["large"].batch_rows)
    ratio = (rows / demo_seconds) / (rows / trivial_seconds)
    print(f"demo rows/s as a share of trivial rows/s: {ratio:.3f}")
    print(f"(noisy: {rows:,} rows in {demo_seconds:.0f} s, {size / 2**30:.2f} GiB; "
          f"trivial rows in {trivial_seconds:.1f} s)")


if __name__ == "__main__":
    main()
