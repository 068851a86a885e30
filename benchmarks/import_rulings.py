"""Importing rulings, as a ratio to parsing the same file and inserting it bare.

    python benchmarks/import_rulings.py [--rulings 100000] [--seed 7]

Writes synthetic rulings (Danish text of a typical ruling's length, about 3 kB each) to
a temporary JSON Lines file, then measures on fresh SQLite files with PrepDesk's pragmas:

- baseline: `json.loads` of every line and a Core executemany insert of the same rows,
  1,000 at a time in one transaction, into a table with the same columns and no keys;
- import: `import_rulings` into a fresh database (both passes: validate, then write);
- re-import: the same file again (validates twice, writes nothing);
- update: every ruling changed (validates twice, updates every row).

Printed: each as a ratio to the baseline. Absolute times are printed only as a noisy aside.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table, insert

from prepdesk.data import db
from prepdesk.data.importers import import_rulings
from prepdesk.data.models import Ruling

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
AREAS = [
    ("sygedagpenge", "Lov om sygedagpenge", ["§ 7", "§ 24", "§ 27, stk. 1, nr. 2"]),
    ("jobafklaringsforløb", "Lov om sygedagpenge", ["§ 24, stk. 1", "§ 69 j"]),
    ("ressourceforløb", "Lov om aktiv socialpolitik", ["§ 68 a", "§ 69 e"]),
    ("aktivitetsparat kontanthjælp", "Lov om aktiv socialpolitik", ["§ 11", "§ 13, stk. 7"]),
    ("fleksjob", "Lov om en aktiv beskæftigelsesindsats", ["§ 120", "§ 122"]),
    ("revalidering", "Lov om aktiv socialpolitik", ["§ 46", "§ 47"]),
    ("ledighedsydelse", "Lov om aktiv socialpolitik", ["§ 74 b", "§ 74 d"]),
]
KEYWORDS = ("forlængelse revurdering lægeerklæring speciallægeerklæring rådighed sanktion "
            "arbejdsevne rehabiliteringsteam skånehensyn virksomhedspraktik begrundelse "
            "partshøring tilstrækkeligt oplyst ferie klagefrist tilbud").split()
SENTENCES = [
    "Borgeren havde været sygemeldt i {n} uger på grund af rygsmerter.",
    "Kommunen lagde vægt på en lægeerklæring, der var {n} måneder gammel.",
    "Rehabiliteringsteamet indstillede, at borgeren skulle have et nyt forløb.",
    "Borgeren oplyste, at hun ventede på en operation hos en speciallæge.",
    "Der var ikke dokumentation for, hvilke indsatser borgeren havde fået.",
    "Kommunen skal sikre, at sagen er tilstrækkeligt oplyst, før den træffer afgørelse.",
    "Arbejdsevnen var afprøvet i {n} virksomhedspraktikker med samme resultat.",
    "Afgørelsen nævnte ikke de oplysninger, der pegede i en anden retning.",
    "Borgeren kontaktede jobcentret, så snart det var muligt.",
    "Speciallægen vurderede, at lidelsen var varig, og at prognosen var uafklaret.",
]
OUTCOMES = ["stadfæstet", "ændret", "hjemvist", "afvist"]


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES).format(n=rng.randint(2, 60)) for _ in range(sentences))


def _ruling(rng: random.Random, index: int) -> dict:
    group, law, sections = rng.choice(AREAS)
    year = 2000 + index % 26
    keywords = rng.sample(KEYWORDS, rng.randint(2, 5))
    return {
        "number": f"{index // 26 + 1}-{year % 100:02d}",
        "title": " - ".join([group.capitalize(), *keywords]),
        "decided_on": date(year, 1, 1) + timedelta(days=rng.randrange(300)),
        "law": law, "section": rng.choice(sections), "target_group": group,
        "keywords": keywords, "summary": _text(rng, 3), "outcome": rng.choice(OUTCOMES),
        "facts": _text(rng, 18), "decision_text": "Ankestyrelsen hjemviser sagen.",
        "reasoning": _text(rng, 12),
        "replaces": [f"{index // 26 + 1}-{(year - 10) % 100:02d}"] if index % 7 == 0 else [],
    }


def _write_file(path: Path, count: int, seed: int, note: str = "") -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as file:
        for index in range(count):
            row = _ruling(rng, index)
            row["decided_on"] = row["decided_on"].isoformat()
            row["summary"] += note
            file.write(json.dumps(row, ensure_ascii=False) + "\n")


def _baseline(path: Path, url: str) -> float:
    engine = db.open_engine(url)
    table = Table("baseline", MetaData(), Column("id", Integer, primary_key=True),
                  *[Column(column.name, column.type) for column in Ruling.__table__.columns
                    if column.name != "id"])
    table.create(engine)
    started = time.perf_counter()
    with engine.begin() as connection, path.open(encoding="utf-8") as file:
        batch = []
        for line in file:
            row = json.loads(line)
            batch.append(row | {"decided_on": date.fromisoformat(row["decided_on"]),
                                "is_principle": True, "content_hash": "", "imported_at": NOW})
            if len(batch) == 1000:
                connection.execute(insert(table), batch)
                batch = []
        if batch:
            connection.execute(insert(table), batch)
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def _import(path: Path, engine, now: datetime) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    with db.session_factory(engine)() as session:
        report = import_rulings(session, path, now=now)
    seconds = time.perf_counter() - started
    assert not report.errors, report.errors[:3]
    return seconds, f"{report.inserted:,} new, {report.updated:,} changed, {report.unchanged:,} unchanged"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rulings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path, changed = root / "rulings.jsonl", root / "changed.jsonl"
        _write_file(path, args.rulings, args.seed)
        _write_file(changed, args.rulings, args.seed, note=" Ændret.")
        print(f"{args.rulings:,} rulings, {path.stat().st_size / 2**20:.0f} MiB of JSON Lines")

        baseline = _baseline(path, f"sqlite:///{root / 'baseline.sqlite'}")
        engine = db.open_engine(f"sqlite:///{root / 'prepdesk.sqlite'}")
        db.upgrade(engine)
        results = [("import", *_import(path, engine, NOW)),
                   ("re-import", *_import(path, engine, NOW + timedelta(days=1))),
                   ("update", *_import(changed, engine, NOW + timedelta(days=2)))]
        engine.dispose()

    for name, seconds, counts in results:
        print(f"{name:<10} {seconds / baseline:5.1f} × baseline   ({counts})")
    print(f"(aside, noisy: baseline {baseline:.1f} s; "
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds, _ in results) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
