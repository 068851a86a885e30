""""Similar to this case" at scale, as a ratio to a naive scan of every ruling.

    python benchmarks/similar_rulings.py [--rulings 100000] [--seed 7] [--repeat 5]

The library is the labelled set of tests/support/similar_cases.py (67 rulings, 10 cases)
hidden among `--rulings` rulings written by the demo data's ruling generator
(`prepdesk.demo.text.ruling_text`) in a temporary SQLite database. Printed:

- the time to build the index (`SimilarityIndex.load(ctx)`, best of two), as a ratio to
  building the search index (`RulingIndex.load`) on the same library: the app builds both
  once per workspace, in workers;
- per suggestion (`similar_rulings` with the kept index of a `RulingLibrary`, each case `--repeat` times), the
  ratio to the baseline measured in the same run: the same BM25-style scoring done
  naively, by reading every ruling's title, keywords and summary, stemming them and
  scoring each ruling against the case (what one would write without an index);
- the hit rate in the top 5 (a case is a hit when at least one wanted ruling is there)
  and the share of wanted rulings in the top 5, in the big library. The same measure on
  the labelled set alone is asserted in tests/core/test_similar_rulings.py.

Absolute times are printed only as an aside.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import select

from prepdesk.config import Settings
from prepdesk.core.context import Context
from prepdesk.core.ruling_library import RulingLibrary
from prepdesk.core.ruling_search import RulingIndex
from prepdesk.core.similar_rulings import (
    GROUP_BONUS,
    SUMMARY_WEIGHT,
    SimilarityIndex,
    _case_words,
    similar_rulings,
    words,
)
from prepdesk.data import db
from prepdesk.data.models import Ruling
from prepdesk.demo.text import RULING_AREAS, ruling_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.similar_cases import CASES, RULINGS, add_cases, add_reader  # noqa: E402

OUTCOMES = ("confirmed", "confirmed", "changed", "sent_back", "rejected")
NAIVE_CASES = 3  # the naive scan takes seconds per case at 100,000 rulings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rulings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        engine = db.open_engine(f"sqlite:///{Path(folder) / 'similar.sqlite'}")
        db.upgrade(engine)
        sessions = db.session_factory(engine)
        _generate(sessions, args.rulings, random.Random(args.seed))
        with sessions() as session:
            citizens = add_cases(session, CASES)
            ctx = Context(sessions=sessions, user=add_reader(session), settings=Settings())
            session.commit()
            index, build = _best_of_two(lambda: SimilarityIndex.load(ctx))
            _, search_build = _best_of_two(lambda: RulingIndex.load(ctx))
            print(f"{len(index):,} rulings; index built in {build / search_build:.2f}x the time "
                  f"of the search index (aside: {build:.1f} s)")
            library = RulingLibrary(recheck_seconds=float("inf"))  # the index kept, as the app
            library.similarity_index(ctx)

            ours = _timed(lambda cid: similar_rulings(ctx, cid, library=library),
                          citizens, args.repeat)
            naive = _timed(lambda cid: _naive(session, cid), citizens[:NAIVE_CASES], 1)
            base = statistics.fmean(naive)
            ratio = statistics.fmean(ours) / base
            print(f"per suggestion, {len(citizens)} cases: mean {ratio:.4f}x the naive scan, "
                  f"max {max(ours) / base:.4f}x (aside: ours {statistics.fmean(ours):.3f} s, "
                  f"naive {base:.2f} s)")

            hits = found = wanted = 0
            for citizen_id, case in zip(citizens, CASES, strict=True):
                top = {s.number for s in similar_rulings(ctx, citizen_id, library=library)}
                hits += bool(top & case["wanted"])
                found += len(top & case["wanted"])
                wanted += len(case["wanted"])
            print(f"among {len(index):,} rulings: hit rate in the top 5 "
                  f"{hits / len(CASES):.2f}, wanted rulings in the top 5 {found / wanted:.2f}")
        engine.dispose()
    return 0


def _best_of_two(build: Callable[[], object]) -> tuple[object, float]:
    times = []
    for _ in range(2):
        started = time.perf_counter()
        built = build()
        times.append(time.perf_counter() - started)
    return built, min(times)


def _timed(run: Callable[[int], object], citizens: list[int], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        for citizen_id in citizens:
            started = time.perf_counter()
            run(citizen_id)
            times.append(time.perf_counter() - started)
    return times


def _naive(session, citizen_id: int) -> list[int]:  # type: ignore[no-untyped-def]
    """The same scoring without an index: every ruling read, stemmed and scored."""
    case = _case_words(session, citizen_id)
    rows = session.exec(select(Ruling.id, Ruling.title, Ruling.keywords, Ruling.summary,
                               Ruling.target_group, Ruling.law)).all()
    stems = []
    for _, title, keywords, summary, *_ in rows:
        named = {term for term, _ in words(" ".join([title, *keywords]))}
        stems.append((named, {term for term, _ in words(summary)} - named))
    count = len(rows)
    found = {term: sum(term in a or term in b for a, b in stems) for term in case.weights}
    scores = []
    for (rid, *_rest, group, law), (named, summary) in zip(rows, stems, strict=True):
        score = sum(weight * math.log(1 + (count - found[t] + 0.5) / (found[t] + 0.5))
                    * (1.0 if t in named else SUMMARY_WEIGHT if t in summary else 0.0)
                    for t, weight in case.weights.items())
        about = {term for term, _ in words(f"{group} {law}")}
        scores.append((score + GROUP_BONUS * bool(about & case.group_stems), rid))
    return [rid for _, rid in sorted(scores, reverse=True)[:5]]


def _generate(sessions, count: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """`count` generated rulings with unique numbers, then the labelled set's."""
    rows = []
    for serial in range(1, count + 1):
        area = rng.choice(RULING_AREAS)
        outcome = rng.choice(OUTCOMES)
        text = ruling_text(rng, area, rng.randrange(len(area.topics)), outcome, [])
        rows.append({
            "number": f"G-{serial}-{rng.randrange(100):02d}", "is_principle": True,
            "title": text["title"],
            "decided_on": date(2000, 1, 1) + timedelta(days=rng.randrange(9000)),
            "law": area.law, "section": text["section"], "target_group": area.target_group,
            "keywords": text["keywords"], "summary": text["summary"], "outcome": outcome,
            "facts": text["facts"], "decision_text": text["decision_text"],
            "reasoning": text["reasoning"], "replaces": [], "content_hash": "",
        })
    with sessions() as session:
        for start in range(0, len(rows), 10_000):
            session.execute(insert(Ruling), rows[start : start + 10_000])
        session.add_all(Ruling(**fields) for fields in RULINGS)
        session.commit()


if __name__ == "__main__":
    sys.exit(main())
