"""Resident memory of PrepDesk on the demo, as a ratio to a bare Textual app (issue 17).

    python benchmarks/memory.py [--scale small|large] [--runs 3]

Each figure comes from a fresh process (`--child`), so nothing one run imported or
built is counted in the next; runs alternate between the bare app and PrepDesk. A child
runs its app headless (`App.run_test`, 120x36) and reads its own resident memory (VmRSS
in /proc/self/status) at each point:

  bare app        a Textual app showing one line, once it is painted;
  my day          PrepDesk on the demo as the demo caseworker, my day with its data, the
                  work started in the background done (the citizen index and the rulings'
                  search index, built while the caseworker reads the day);
  search+file+F2  then: a citizen search typed (Ctrl+F), the first hit's file opened
                  (Enter), the rulings (F2) with a query typed.

Printed: each as a ratio of medians to the bare app (targets: my day at most 3, after
search, file and rulings at most 4 on the large demo); the first and the second F2, from
the key until the rulings are listed, as a ratio to each other (target: the first as fast
as the second); and the memory each search index holds, built once in this process on the
same database as the app builds it: in the heap (tracemalloc), mapped from its file
(core/mapped.py), and of that, resident after one search (/proc/self/smaps). Absolute
figures are printed only as a noisy aside.
Build the large demo first: `prepdesk demo --scale large --build-only`.

Where the memory went (large demo: 100,000 rulings, 50,000 citizens; tracemalloc by line,
deep sizes of the index structures, resident memory around each step; December 2026):

- Imports, before any data: 84 MiB against the bare app's 33 (Textual 32, + SQLAlchemy
  and SQLModel 58, + the models 64, + the app 66, + the screens 84).
- The ruling search index held 109 MiB: a slotted object, a dict entry and title and
  number strings per ruling (43 MiB); postings as a dict entry and an array per term
  and field, and a tuple per loose form (44 MiB): 106,000 terms, nearly all of them
  ruling numbers; record lengths in a dict (5 MiB); the stem cache, which kept every
  ruling number (12 MiB). The library's build reads every row first (123 MiB of row
  objects) and builds after: with the index already made compact (42 MiB), the process
  stayed 140 MiB larger; with the rows in one buffer, 66.
- The citizen index: 16 MiB of objects per citizen, plus 26 MiB left by reading its
  150,000 rows at once and building among them.
- Searching: glibc kept the score dicts of each keystroke, 25 MiB after a dozen.

Now (core/fuzzy_index.py `_Segment`, core/packed.py, the indexes' columns): ruling index
32 MiB (postings as int32 in one array per field, 15; terms and loose forms packed; titles
compressed in blocks; everything else an array by ruling id), citizen index 4 MiB; rows
packed as they are read; large freed blocks go back to the system at once
(`packed.return_large_blocks`). Search speed is unchanged (the same queries' CPU time,
rulings and citizens, against the code before). After search, file and F2: 10.9x -> 5.2x
(178 MiB); my day, now measured with both indexes built, 5.1x.
Then left, for 4x (136 MiB): the imports (51 MiB above the bare app); 24 MiB of Python's
small-object arenas the ruling index's build leaves (27 more arenas of 1 MiB for 2.7 MB
of small objects it keeps: `sys._debugmallocstats()` before and after `_from_rows`);
the postings themselves (15 MiB of int32).

Session 8 (same machine, ratios from one run each):
- The ruling index of 20,000 rulings or more is built in a child process (core/apart.py)
  and unpickled here: the 24 MiB of arenas are gone (the index alone, 32 MiB, where the
  build in the app left 56; the app's peak during the build no longer has the build's
  temporaries). A pickle round trip of the index in the app was tried: it gave back 15
  of the 21 MiB the build left in that measurement (what else was allocated meanwhile
  pins arenas too).
- Imports at my day: the demo's material for one setting (demo/text.py, 3.3 MiB) and
  rapidfuzz (3.2: with the first search) are no longer imported before my day. Three more
  were measured and not taken, because each would work out ourselves what a well-kept
  library does: the holidays package (2.7), Snowball's 38 other languages (2.3) and
  Babel's locale data (4.3). The figures below were measured with all five gone; with
  the three kept, add about 9 MiB (small demo, my day: about 3.1x).
- Small demo: my day 3.3x -> 2.8x, after search, file and F2 3.9x -> 3.5x.
- Large demo: my day 5.4x -> 4.1x (184 -> 138 MiB), after search, file and F2 5.6x -> 4.7x
  (189 -> 162 MiB); the first F2 1.0-1.8x the second over the runs (noise of a busy
  machine: 1.1-1.2x in three direct measurements).
Left on the large demo after search, file and F2 (162 MiB, 26 above 4x): the citizen index's
build leaves about 10 MiB in arenas (it streams from the database; a child would add a
second's start before the first Ctrl+F); the rulings screen and a typed search about 12
(score dicts' small objects, in core/ruling_search.py); the postings, 15 MiB of int32
(delta-coded they would be about half); SQLAlchemy and the models, 24 MiB of imports.

Session 9 (same machine, loaded: load average 3-5; medians of 3 runs; "before" is main at
ced4b95 measured in the same hour):
- Small demo: my day 3.1x -> 2.9-3.0x (100-102 MiB), after search, file and F2 3.8x -> 3.6x.
- Large demo: my day 4.5x -> 3.9x (153 -> 134 MiB), after search, file and F2 5.0x -> 4.6x
  (172 -> 158 MiB; 4x is 136). The first F2 0.9-1.1x the second.
- What did it: the postings sorted and delta-coded in 16 bits (fuzzy_index `_coded`, decoded
  in C with itertools.accumulate, only for the terms a query word keeps): the ruling index
  31.7 -> 24.2 MiB, a keystroke's CPU the same (20 ms at 100,000 rulings, the same hits and
  scores for 116 keystrokes; benchmarks/ruling_search.py: mean 0.007x the naive scan).
  Jinja2 comes with the first aktindsigt export, not with the file (2.7 MiB). The holidays package
  is no longer imported for my day (core/calendar.py keeps the closed days it names in
  closed-days.json in the cache directory; 3 MiB). Tables make pydantic's validators when
  first used (data/models.py Table, 1.4 MiB). A full collection after each index build
  (packed.give_back_memory) empties the free lists, whose last tuples kept the build's
  arenas: the citizen index's build left 14 MiB, now 9 (its index 3.3).
Left on the large demo after search, file and F2 (158 MiB, 22 above 4x):
- the screens opened after my day: about 25 MiB over my day (citizen search, the file, the
  rulings and their code);
- the rulings search keeps about 6 arenas (6 MiB) after a dozen queries typed, for some
  350 small objects that outlive them (the stem cache's entries for the words typed, ABC
  caches) among each keystroke's dicts of int and float objects (scores per record). With
  the stems forgotten and a full collection, 3 came back. The lasting fix is per-query
  scores in arrays indexed by record id instead of dicts (no small objects, so no arenas
  to pin), with the same floats in the same order so the ranking stays identical; not done;
- the citizen index's build: 9 MiB for an index of 3.3: 4 arenas held by the 800
  per-caseworker arrays and 680 trigram arrays made while the rows stream in (a pickle
  round trip of the index gave back 1); building them as one array at the end, or the
  whole index in a child (core/apart.py; about a second before the first Ctrl+F) is next;
- the ruling index's columns that are dicts (`_replaces` 1.2 MiB, `_replacement` 0.7) and
  `_order` as int64 (0.8; int32 holds it).

Session 9, second helper (same machine and load; medians of 3 runs each, before = main at
cfb5c8c in the same hour): large demo after search, file and F2 4.5x -> 4.5x (154 -> 155
MiB: no change this benchmark sees), my day 4.0x -> 3.9x; the first F2 0.9-1.1x the second.
- Done: the search's stems in a cache of the query's own (ruling_words.query_stemmer): the
  words typed, each prefix and the parts a compound was tried in went into `stem`'s cache
  for the app's life, among the query's short-lived scores. 62 keystrokes on the index of
  100,000 rulings, with one small object kept per keystroke (as a UI keeps some): 4 arenas
  (4.6 MiB) kept -> 0 (-0.4 MiB); without it, 3 -> 0. The same hits (127 keystrokes), the
  same CPU per keystroke (21.6 ms against 21.4; benchmarks/ruling_search.py: mean 0.0079x the naive scan, the same ten misses of the labelled queries). This benchmark types only "sygedagpenge"
  twice, too little to show it. The score dicts themselves (int and float objects) leave
  nothing once nothing long-lived is made among them: arrays were not needed for that.
- Done: a segment's trigrams packed (one sorted word list and two arrays, fuzzy_index
  `_Segment.forms_with`) and `_order` in int32: the ruling index 24.2 -> 23.7 MiB, the
  citizen index 3.3 -> 3.2.
- Tried and not kept: the citizen index's per-team and per-caseworker arrays made at the
  end from flat arrays of pairs: its build still kept 4 arenas (RSS +8.8 -> +9.3 MiB for
  an index of 3.3; noise). What it keeps in small objects is 0.3 MiB (2,500 blocks, the
  arrays and SQLAlchemy's statement cache): the arenas hold them spread, not much else.
  A pickle round trip gave back nothing measurable either; the child (core/apart.py) is
  what is left, at the cost of a second before the first Ctrl+F.
- Where the 20 MiB after my day go (resident memory, Python's arenas and glibc's heap at
  each step, one run): my day 134 MiB, 60 arenas, heap 35 (31 in use), mmapped 24; the
  citizen search 138 (60 arenas); the file 143 (64); the first F2 152 (72); the second
  154 (74; heap 38, 33 in use). So 14 of the 20 are arenas. What stays alive (tracemalloc
  from my day on, by file): 12 MiB, of which Textual's line caches (textual/strip.py and
  cache.py) 5.2, rich's cell widths and Textual's Content 0.5, the option lists' lines
  0.8; the imports of the three screens under 1. After the second F2 only 131 widgets are
  alive (the file's screen is gone; the LoadingScreen of the start is still there). Next:
  what the Textual caches of screens that are gone still hold (strips cached by the
  compositor or by widget type), and arenas pinned by them.

Session 10 (same machine, load average 1.4-2.2; medians of 3 runs; "before" is main at
f551229 measured in the same half hour; the demo at PREPDESK_CLOCK_START=2026-12-06T23:00):
- Large demo: after search, file and F2 4.6x -> 3.8x (157 -> 131 MiB: the target of 4x
  met; two runs alike); my day 3.9x -> 3.1x (133 -> 107 MiB). The first F2 1.0-1.4x the
  second over four runs (before: 0.9-1.2x); its pages of a mapped index are read from
  disk when first touched, so the warm-up now lists what F2 lists first (ruling_library
  `warm`; three direct runs each, 0.40-0.59 s against 0.40-0.55: noise).
- Small demo (nothing built apart): unchanged, my day 3.0x, after search, file and F2 3.6x
  (101 and 122 MiB, before and after).
- The indexes built apart come back in a file on disk, mapped (core/mapped.py): the child
  pickles the index with every array and byte string of a page or more written to an
  unnamed file in the cache directory (passed to it as a file descriptor; nothing is left
  on disk, even after a crash), written out and dropped from the page cache; the app maps
  it read-only for random access and unpickles the rest, each array a memoryview of the
  file. Only the pages a search touches are resident, and the kernel may drop them again.
  Ruling index: 23.6 MiB in the heap -> 0.1 in the heap and 21.5 in the file, of which 1.1
  resident after typing "sygedagpenge". Without dropping the file from the page cache,
  a first touch mapped whole large folios (64 touches, one per MiB, mapped all 64 MiB on
  this machine's ext4); MADV_RANDOM alone did not help. The same hits and scores (a
  property test against the index in the heap; 1,726 keystrokes on the large demo); a
  keystroke the same (benchmarks/ruling_search.py, which now prints both, on the large
  demo at load 1-2: mapped 0.0053x the naive scan, in the heap 0.0053x, in turns; the
  first pass, its pages read from disk, 0.0055x; the same hits for 2,077 keystrokes; the
  labelled queries' quality unchanged, the same ten misses). For that, a term's count comes from
  `starts` and the few terms with a wide gap (`_Segment.escapes`: 17 at 100,000 rulings),
  never from reading its ids; titles' compressed blocks are one buffer; which ruling
  replaces which is an array by id, what rulings replace packed (a dict each: 2.2 MiB).
- The citizen index of 20,000 citizens or more is built apart too, from packed rows read
  in the app (citizen_search `_Rows`), and mapped: what its build adds to the app 8.9 ->
  3.5 MiB (4.8 after a search; the index 2.8 MiB in its file, 0.8 of it resident after a
  search; 2 MiB of the rest was SQLite's page cache of the connection that read the
  rows: emptied now, data/db.py `release_cache`, the build's addition 2.9 -> 1.0 MiB of
  anonymous memory). Its build in the app competed with the UI for the GIL: a search typed as soon
  as my day shows answered 2.9-3.1 s after my day, now 1.7 s, though the index is ready
  1.7-1.8 s after my day instead of 1.0 (the child's start; three runs each, in turns).
- The start's LoadingScreen was kept by the app (`_loading`) after my day: let go.
- Large demo with all of it (one more run, load 2-3): my day 3.1x (105 MiB; 3x is 102),
  after search, file and F2 3.8x (131), the first F2 1.0x the second.
Left: the imports (about 50 MiB above the bare app); the screens opened after my day and
Textual's line caches (about 25 MiB between my day and after F2); reading the ruling rows
in the app leaves 3 arenas (2.7 MiB of anonymous memory) for 0.15 MiB of small objects
that outlive it (1,160 blocks: SQLAlchemy's compiled-statement caches and annotations,
the unpickled index's memoryviews), spread among the read's temporaries; the same
`release_cache` gave nothing back there. Reading the rows in the child (it would need
the database's address and credentials) or making SQLAlchemy's caches before the read
are what is left to try.

Session 11 (same machine, load about 1; medians of 3 runs, main and after in turns): large
demo, my day 104 -> 101 MiB (3.0x, within the target), after search, file and F2 130 ->
128 MiB (3.8x -> 3.7x), the first F2 1.5x -> 1.1x the second (noise: 1.0-1.5x over the
session's runs). What changed between them: my day reads its sections in one operation,
one thread, not three at once (screens/my_day.py `_my_day_in_words`), and no search for
pydantic plugins. Tried and not kept: glibc's malloc arenas limited to two
(MALLOC_ARENA_MAX=2): 101 MiB either way. Small demo at the session's end: my day 2.8x
(97 MiB), after search, file and F2 3.5x (118); the first F2 1.5x the second there (303
against 201 ms). Measured in one process, the first and the second F2 are alike: the list
painted 0.2-0.3 s after the key in a fast hour of this machine (0.5-0.8 s in its slow
hour), after the screen laid itself out six to eight times (its widgets, the filters'
choices, the hits, the preview), so how the two compare is mostly noise. Tried and not
kept: the choices and the first hits read in one worker, one layout fewer (no difference
measurable, four runs in turns)."""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import load_index

MY_DAY, AFTER = 3.0, 4.0


def rss() -> int:
    """This process's resident memory in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


async def bare() -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("bare")

    async with Bare().run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        return {"bare app": rss()}


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return


async def prepdesk(scale: str) -> dict[str, float]:
    from functools import partial

    from textual.widgets import OptionList

    from prepdesk.app import PrepDeskApp
    from prepdesk.screens.citizen_file import CitizenFileScreen
    from prepdesk.screens.my_day import MyDayScreen
    from prepdesk.screens.rulings import RulingsScreen
    from prepdesk.widgets.rulings import ruling_library
    from prepdesk.workspace import open_workspace

    app = PrepDeskApp(open_workspace=partial(open_workspace, demo=scale, role="caseworker"),
                      theme_name="prepdesk-light")
    found: dict[str, float] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        while not isinstance(app.screen, MyDayScreen):
            await pilot.pause(0.05)
        await settle(pilot)
        # The indexes are built by a thread of the app's, not a worker: wait for them too,
        # or the figure depends on how far it got.
        while not (app._citizen_index.ready and ruling_library(app).ready):
            await pilot.pause(0.1)
        await settle(pilot)
        found["my day"] = rss()
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press(*"jensen")
        await settle(pilot)
        await pilot.press("enter")
        while not (isinstance(app.screen, CitizenFileScreen) and app.screen.has_class("-open")):
            await pilot.pause(0.05)
        await settle(pilot)
        for attempt in ("first F2", "second F2"):
            await pilot.press("escape")
            await settle(pilot)
            started = time.perf_counter()
            await pilot.press("f2")
            while not (isinstance(app.screen, RulingsScreen)
                       and app.screen.query_one("#rulings-results", OptionList).option_count):
                # Not pilot.pause: it posts a callback to every widget at each turn, and a
                # loop of them takes the CPU from the search it waits for.
                await asyncio.sleep(0.002)
            found[attempt] = time.perf_counter() - started
            await pilot.press(*"sygedagpenge")
            await settle(pilot)
        found["search+file+F2"] = rss()
    return found


def child(kind: str, scale: str) -> dict[str, float]:
    figures = asyncio.run(bare() if kind == "bare" else prepdesk(scale))
    return figures


def mapped_files() -> tuple[int, int]:
    """(size, resident) in bytes of the files this process maps from PrepDesk's cache
    directory: the indexes built apart (core/mapped.py; unnamed, so "(deleted)")."""
    from prepdesk.paths import cache_dir

    folder, size, resident, ours = str(cache_dir()), 0, 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if not line[:1].isupper():  # a mapping's first line: its address range first
            ours = len(fields) > 5 and fields[5].startswith(folder)
        elif ours and fields[0] == "Size:":
            size += int(fields[1]) * 1024
        elif ours and fields[0] == "Rss:":
            resident += int(fields[1]) * 1024
    return size, resident


def index_sizes(scale: str) -> list[tuple[str, int, int, int, int]]:
    """(index, records, bytes in the heap, bytes mapped from a file, of those resident
    after one search) for the citizen index and the rulings' search index of the demo
    database, built once each as the app builds them, under tracemalloc."""
    from prepdesk.core.citizen_search import CitizenIndex
    from prepdesk.core.ruling_library import _built, _search_built
    from prepdesk.core.ruling_search import RulingIndex
    from prepdesk.workspace import open_workspace

    ctx = open_workspace(lambda *_: None, demo=scale, role="caseworker")
    sizes = []
    for name, load, search in (
            ("citizen index (Ctrl+F)", CitizenIndex.load,
             lambda index: index.search("jensen", user=ctx.user)),
            ("ruling search index (F2)",
             lambda session: _built(ctx, RulingIndex._rows, _search_built)[1],
             lambda index: [index.search("sygedagpenge"[:end]) for end in range(1, 13)])):
        index, _seconds, memory = load_index(load, ctx.sessions, runs=1)
        search(index)
        size, resident = mapped_files()
        sizes.append((name, len(index), memory, size, resident))
        del index
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "large"), default="small")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=("bare", "prepdesk"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.scale)))
        return 0
    sizes = index_sizes(args.scale)  # first: it builds the demo if it is missing or stale
    figures: dict[str, list[float]] = {}
    for _ in range(args.runs):
        for kind in ("bare", "prepdesk"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", kind, "--scale", args.scale],
                check=True, capture_output=True, text=True).stdout
            for name, value in json.loads(out.splitlines()[-1]).items():
                figures.setdefault(name, []).append(value)
    base = statistics.median(figures["bare app"])
    print(f"Resident memory on the {args.scale} demo, {args.runs} runs, medians:")
    for name, target in (("my day", MY_DAY), ("search+file+F2", AFTER)):
        ratio = statistics.median(figures[name]) / base
        verdict = "met" if ratio <= target else "NOT met"
        print(f"  {name:16} {ratio:4.1f} × the bare app  (target ≤ {target:g}: {verdict})")
    first, second = (statistics.median(figures[n]) for n in ("first F2", "second F2"))
    print(f"  {'first F2':16} {first / second:4.1f} × the second F2, key to the list of rulings"
          f"  (target ≤ 1.5: {'met' if first <= 1.5 * second else 'NOT met'})")
    for name, records, memory, size, resident in sizes:
        print(f"  {name:26} {records:>8,} records  {memory / 2**20:6.1f} MiB in the heap "
              f"({memory / base:.2f} × the bare app)"
              + (f", {size / 2**20:.1f} mapped from a file, {resident / 2**20:.1f} of it "
                 "resident after one search" if size else ""))
    aside = ", ".join(f"{name} {statistics.median(values) / 2**20:.0f} MiB" for name, values
                      in figures.items() if "F2" not in name or "+" in name)
    print(f"  (noisy aside, this machine: {aside}; first F2 {first * 1000:.0f} ms, "
          f"second {second * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
