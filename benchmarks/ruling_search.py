"""Ruling search per keystroke, as a ratio to a naive rapidfuzz scan of every ruling.

    python benchmarks/ruling_search.py [--rulings 100000] [--seed 7] [--naive-sample 60]

The rulings come from the large demo database when it has been built (`prepdesk demo
--scale large`, in the user data directory); otherwise the demo data's ruling generator
(`prepdesk.demo.text.ruling_text`) writes them into a temporary SQLite database. Either way
`RulingIndex.load(ctx)` reads them the way the app does; build time (best of two, CPU and
wall clock) and the memory the index holds (tracemalloc) are printed.

Each labelled query is typed letter by letter. The baseline, measured in the same run on
the same rulings, is `rapidfuzz.process.extract(query, texts, limit=10)` where a ruling's
text is its number, title, keywords and summary, folded (the query folded too). It takes
seconds per call at 100,000 rulings, so it is timed on a sample of the keystrokes (every
query's last one among them). Printed: the latency ratio (target: mean at most 0.1); for
the whole queries, how many of our hits the naive scan also has in its top 10, and how
many of ours it scores at least as high as its own 10th (its scores tie a lot, and ties
are ordered by position); and the share of relevant rulings among the hits and at rank 1
for both; and the same keystrokes on the index as the app keeps it at this size (built
in a child, its arrays mapped from a file: core/mapped.py), its first pass reading the
pages from disk, then in turns with the index in the heap, and whether the hits are the
same. Absolute times are printed only as a noisy aside.

Beside the speed, the quality on rulings written the way Ankestyrelsen writes them (issue
15): the test corpus (tests/support/ruling_corpus.py, 24 rulings) is imported among the
others, and its labelled queries, written as caseworkers type them, print top-1, top-5
and MRR (over the top 10) for our search and for the naive scan; each query whose ruling
is not in our top 5 prints its rank and score beside the 5th hit's and how many hits
score the same (December 2026, 100,000 rulings: all ten misses tie with hundreds or
thousands of generated rulings that match every query word in the same fields, and the
newer decision goes first). Run it with another
checkout's code (`PYTHONPATH=../main python benchmarks/ruling_search.py`) to compare.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import platformdirs
from rapidfuzz import fuzz, process
from sqlalchemy import func, insert
from sqlmodel import select
from timing import latencies, load_index, p95

from prepdesk.config import Settings
from prepdesk.core.apart import built_apart
from prepdesk.core.context import Context, CurrentUser
from prepdesk.core.ruling_search import RulingIndex
from prepdesk.core.search import fold
from prepdesk.data import db
from prepdesk.data.models import Ruling
from prepdesk.demo.text import RULING_AREAS, RULING_LETTERS, ruling_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.ruling_corpus import LABELLED as REAL_LABELLED  # noqa: E402
from support.ruling_corpus import REAL_RULINGS  # noqa: E402

TARGET = 0.1
MISS_DEPTH = 5_000  # how deep a missed query's hits are searched for the wanted ruling
READER = CurrentUser(1, "Benchmark", "caseworker", None, None, "b@example.org", "1")
OUTCOMES = ("confirmed", "confirmed", "changed", "sent_back", "rejected")
# (query, the folded words a relevant ruling has in its title or keywords); a ruling
# number stands for itself and is filled in from the generated rulings.
LABELLED = [
    ("sygedagpenge", ["sygedagpenge"]), ("sygedagpnege", ["sygedagpenge"]),
    ("fleksjob", ["fleksjob"]), ("flexjob", ["fleksjob"]),
    ("ressourceforlob", ["ressourceforloeb"]), ("resourceforløb", ["ressourceforloeb"]),
    ("jobafklaringsforlob", ["jobafklaringsforloeb"]), ("forlaengelse", ["forlaengelse"]),
    ("partshoring", ["partshoering"]), ("partshøring sanktion", ["partshoering", "sanktion"]),
    ("sanktoin", ["sanktion"]), ("radighed aktivitetsparat", ["raadighed", "aktivitetsparat"]),
    ("uarbejdsdygtighed", ["uarbejdsdygtighed"]),
    ("førtidspension afprøvning", ["foertidspension", "afproevning"]),
    ("fortidspension", ["foertidspension"]), ("aktindsigt frist", ["aktindsigt", "frist"]),
    ("revalidering uddannelse", ["revalidering", "uddannelse"]),
    ("ledighedsydelse revurdering", ["ledighedsydelse", "revurdering"]),
    ("virksomhedspraktik", ["virksomhedspraktik"]), ("mentor støttebehov", ["mentor"]),
    ("begrundelse skøn", ["begrundelse", "skoen"]), ("officialprincipet", ["officialprincippet"]),
    ("helhedsvurdering", ["helhedsvurdering"]), ("uddannelsespaalaeg", ["uddannelsespaalaeg"]),
    ("lægelige oplysninger", ["laegelige", "oplysninger"]),
    ("arbejdsprovning fleksjob", ["arbejdsproevning", "fleksjob"]),
    ("rehabiliteringsteam", ["rehabiliteringsteam"]), ("skaerpet sanktion", ["skaerpet"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rulings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--naive-sample", type=int, default=60)
    parser.add_argument("--quality-only", action="store_true",
                        help="build, then only the quality on the test corpus (no naive scan)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory() as folder:
        url, source = _database(Path(folder), args.rulings, rng)
        engine = db.open_engine(url)
        sessions = db.session_factory(engine)
        ctx = Context(sessions=sessions, user=READER, settings=Settings())
        index, seconds, memory = load_index(lambda _session: RulingIndex.load(ctx), sessions,
                                            runs=2)
        with sessions() as session:
            rows = session.exec(select(Ruling.id, Ruling.number, Ruling.title, Ruling.keywords,
                                       Ruling.summary).order_by(Ruling.id)).all()
            by_number = {number: rid for rid, number, *_ in rows}
            # As the app keeps it from 20,000 rulings: built apart, its arrays mapped.
            kept = built_apart(RulingIndex._from_rows, RulingIndex._rows(session),
                               at_least=0, mapped=True)
        engine.dispose()

    print(f"{len(index):,} rulings ({source}); index built in {seconds[0]:.2f} s CPU "
          f"({seconds[1]:.2f} s wall clock), "
          f"{memory / 2**20:.0f} MiB")
    ids = [rid for rid, *_ in rows]
    texts = [fold(f"{number} {title} {' '.join(keywords)} {summary}")
             for _, number, title, keywords, summary in rows]
    text_of = dict(zip(ids, texts, strict=True))
    concepts = {rid: set(fold(f"{title} {' '.join(keywords)}").split())
                for rid, _, title, keywords, _ in rows}
    labelled: list[tuple[str, Callable[[int], bool]]] = [
        (query, _has_all(concepts, words)) for query, words in LABELLED]
    for rid, number, *_ in rng.sample(rows, 4):  # principle and letter-series numbers
        labelled.append((number, rid.__eq__))
    real = [(query, by_number[number]) for query, number in REAL_LABELLED]
    labelled += [(query, wanted.__eq__) for query, wanted in real]
    if args.quality_only:
        _quality(index, real, ids, None)
        return 0

    typed = [query[:end] for query, _ in labelled for end in range(1, len(query) + 1)]
    ours = latencies(lambda q: index.search(q, limit=10), typed)
    filtered = latencies(
        lambda q: index.search(q, law="Lov om aktiv socialpolitik", year=2019, limit=10), typed)
    sample = sorted(set(rng.sample(typed, min(args.naive_sample, len(typed))))
                    | {query for query, _ in labelled})
    naive_results: dict[str, list] = {}

    def naive_search(query: str) -> None:
        naive_results[query] = process.extract(fold(query), texts, limit=10)

    naive = latencies(naive_search, sample)  # keeps the results for the agreement below
    base = statistics.fmean(naive)
    print(f"\nper keystroke, {len(typed)} keystrokes of {len(labelled)} queries (baseline: "
          f"process.extract over every ruling, {len(sample)} keystrokes, mean {base:.2f} s):")
    for label, times in [("no filter", ours), ("law + year filter", filtered)]:
        ratio = statistics.fmean(times) / base
        verdict = "ok" if ratio <= TARGET else "OVER TARGET"
        print(f"  {label:18} mean {ratio:.4f}x  p95 {p95(times) / base:.4f}x  "
              f"max {max(times) / base:.4f}x  (target {TARGET}x: {verdict})")
    # The index as the app keeps it (mapped from a file, core/mapped.py): the first pass
    # reads each page from disk as it is touched; then in the heap and mapped, alternately.
    cold = latencies(lambda q: kept.search(q, limit=10), typed)
    warm_heap, warm_kept = [], []
    for _ in range(2):
        warm_heap += latencies(lambda q: index.search(q, limit=10), typed)
        warm_kept += latencies(lambda q: kept.search(q, limit=10), typed)
    same = all(index.search(q, limit=10) == kept.search(q, limit=10) for q in typed)
    print(f"  mapped, as the app keeps it: mean {statistics.fmean(warm_kept) / base:.4f}x "
          f"against {statistics.fmean(warm_heap) / base:.4f}x in the heap, in turns; first "
          f"pass from disk {statistics.fmean(cold) / base:.4f}x; the same hits: {same}")

    ours_count = naive_count = overlap = tied = 0
    ours_relevant = naive_relevant = ours_first = naive_first = 0
    for query, relevant in labelled:
        ours_top = [hit.ruling_id for hit in index.search(query, limit=10)]
        naive_result = naive_results[query]
        naive_top = [ids[position] for _, _, position in naive_result]
        ours_count, naive_count = ours_count + len(ours_top), naive_count + len(naive_top)
        overlap += len(set(ours_top) & set(naive_top))
        tenth = naive_result[-1][1]
        tied += sum(fuzz.WRatio(fold(query), text_of[r]) >= tenth for r in ours_top)
        ours_relevant += sum(map(relevant, ours_top))
        naive_relevant += sum(map(relevant, naive_top))
        ours_first += bool(ours_top) and relevant(ours_top[0])
        naive_first += bool(naive_top) and relevant(naive_top[0])
    print(f"\nagreement with the naive top 10 on {len(labelled)} whole queries "
          f"({ours_count} hits of ours; a ruling number finds only its ruling):")
    print(f"  also in the naive top 10                 {overlap / ours_count:.1%}")
    print(f"  scored by naive at least as its 10th best {tied / ours_count:.1%}")
    print("relevant (title/keywords have the concept, or the ruling of the number asked for):")
    print(f"  share of the top 10   ours {ours_relevant / ours_count:.1%}   "
          f"naive {naive_relevant / naive_count:.1%}")
    print(f"  at rank 1             ours {ours_first / len(labelled):.1%}   "
          f"naive {naive_first / len(labelled):.1%}")

    _quality(index, real, ids, naive_results)
    return 0


def _quality(index: RulingIndex, real: list[tuple[str, int]], ids: list[int],
             naive_results: dict[str, list] | None) -> None:
    print(f"\nthe {len(real)} labelled queries for the {len(REAL_RULINGS)} rulings written as "
          f"Ankestyrelsen writes them, among the {len(index):,}:")
    ours_ranks = [_rank([h.ruling_id for h in index.search(q, limit=10)], w) for q, w in real]
    shown = [("ours", ours_ranks)]
    if naive_results is not None:
        shown.append(("naive", [_rank([ids[position] for _, _, position in naive_results[q]], w)
                                for q, w in real]))
    for label, ranks in shown:
        print(f"  {label:6} top-1 {_share(ranks, 1):.1%}  top-5 {_share(ranks, 5):.1%}  "
              f"MRR {statistics.fmean(1 / r if r else 0.0 for r in ranks):.3f}  "
              f"(target top-5 >= 95%)")
    missed = [(q, w) for (q, w), r in zip(real, ours_ranks, strict=True) if not r or r > 5]
    tied = 0
    for query, wanted in missed:
        print(f"    not in our top 5: {query!r} ({_why_missed(index, query, wanted)})")
        tied += _ties_the_fifth(index, query, wanted)
    if missed:
        print(f"  of the {len(missed)} misses, {tied} score exactly as the 5th hit: only the "
              f"tie-break (newer decision first) puts them below")


def _why_missed(index: RulingIndex, query: str, wanted: int) -> str:
    """The wanted ruling's rank and score beside the 5th hit's, and how many tie with it."""
    hits = index.search(query, limit=MISS_DEPTH)
    found = [at for at, hit in enumerate(hits) if hit.ruling_id == wanted]
    if not found:
        return f"rank > {MISS_DEPTH}"
    hit, fifth = hits[found[0]], hits[4]
    level = sum(1 for other in hits if other.score == hit.score)
    return (f"rank {found[0] + 1}, score {hit.score} against the 5th's {fifth.score}; "
            f"{level}{'+' if hits[-1].score == hit.score else ''} hits score {hit.score}")


def _ties_the_fifth(index: RulingIndex, query: str, wanted: int) -> bool:
    hits = index.search(query, limit=MISS_DEPTH)
    score = next((hit.score for hit in hits if hit.ruling_id == wanted), None)
    return score is not None and score == hits[4].score


def _rank(found: list[int], wanted: int) -> int | None:
    return found.index(wanted) + 1 if wanted in found else None


def _share(ranks: list[int | None], top: int) -> float:
    return sum(1 for r in ranks if r and r <= top) / len(ranks)


def _database(folder: Path, count: int, rng: random.Random) -> tuple[str, str]:
    """A database of `count` rulings and the test corpus (a copy of the large demo's
    when it has been built)."""
    demo = platformdirs.user_data_path("prepdesk") / "demo-large.sqlite"
    url = f"sqlite:///{folder / 'rulings.sqlite'}"
    if demo.exists():
        engine = db.open_engine(f"sqlite:///{demo}")
        with db.session_factory(engine)() as session:
            found = session.exec(select(func.count()).select_from(Ruling)).one()
        engine.dispose()
        if found >= count:
            shutil.copyfile(demo, folder / "rulings.sqlite")
            engine = db.open_engine(url)
            _add_corpus(engine)
            engine.dispose()
            return url, f"a copy of the large demo database {demo}, and the test corpus"
    engine = db.open_engine(url)
    db.upgrade(engine)
    _generate(engine, count, rng)
    _add_corpus(engine)
    engine.dispose()
    return url, "written by the demo ruling generator, and the test corpus"


def _add_corpus(engine) -> None:  # type: ignore[no-untyped-def]
    """The test corpus, through the importer (its real number and date formats); a
    generated ruling with one of its numbers is renumbered first."""
    from support.ruling_corpus import write_jsonl

    from prepdesk.data.importers import import_rulings

    numbers = [str(row["number"]).removeprefix("SM ") for row in REAL_RULINGS]
    with db.session_factory(engine)() as session:
        for ruling in session.exec(select(Ruling).where(Ruling.number.in_(numbers))).all():
            ruling.number = f"{ruling.number}-x"
        session.commit()
        with tempfile.TemporaryDirectory() as folder:
            report = import_rulings(session, write_jsonl(Path(folder) / "corpus.jsonl"),
                                    now=datetime.now(UTC))
        if report.errors:  # an older importer: the formats as it wants them
            print(f"(the importer refused {len(report.errors)} values of the real formats, "
                  f"e.g. {report.errors[0].message}; the corpus is written directly)")
            for row, number in zip(REAL_RULINGS, numbers, strict=True):
                day = str(row["decided_on"]).replace(".", "-")
                if day[2] == "-":
                    day = "-".join(reversed(day.split("-")))
                session.add(Ruling(**(row | {
                    "number": number, "decided_on": date.fromisoformat(day),
                    "replaces": [n.removeprefix("SM ") for n in row.get("replaces", [])],
                    "outcome": OUTCOME_CODES[row["outcome"]]})))
            session.commit()


OUTCOME_CODES = {"stadfæstet": "confirmed", "ændret": "changed", "hjemvist": "sent_back",
                 "afvist": "rejected"}


def _has_all(words_by_id: dict[int, set[str]], wanted: list[str]) -> Callable[[int], bool]:
    return lambda ruling_id: all(w in words_by_id[ruling_id] for w in wanted)


def _generate(engine, count: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """`count` rulings with unique numbers, 2000-2025; one in ten of the letter series."""
    rows, per_year = [], {}
    imported = datetime(2026, 11, 23, 8, tzinfo=UTC)
    for ruling_id in range(1, count + 1):
        year = rng.randrange(2000, 2026)
        per_year[year] = serial = per_year.get(year, 0) + 1
        if rng.random() < 0.1:
            number = f"{rng.choice(RULING_LETTERS)}-{serial}-{year % 100:02d}"
        else:
            number = f"{serial}-{year % 100:02d}"
        area = rng.choice(RULING_AREAS)
        outcome = rng.choice(OUTCOMES)
        replaces = [rows[rng.randrange(len(rows))]["number"]] if rows and rng.random() < 0.05 else []
        text = ruling_text(rng, area, rng.randrange(len(area.topics)), outcome, replaces)
        rows.append({
            "id": ruling_id, "number": number, "is_principle": True, "title": text["title"],
            "decided_on": date(year, 1, 1) + timedelta(days=rng.randrange(365)),
            "law": area.law, "section": text["section"], "target_group": area.target_group,
            "keywords": text["keywords"], "summary": text["summary"], "outcome": outcome,
            "facts": text["facts"], "decision_text": text["decision_text"],
            "reasoning": text["reasoning"], "replaces": replaces, "content_hash": "",
            "imported_at": imported,
        })
    with db.session_factory(engine)() as session:
        for start in range(0, len(rows), 10_000):
            session.execute(insert(Ruling), rows[start : start + 10_000])
        session.commit()


if __name__ == "__main__":
    sys.exit(main())
