"""Timing shared by the search benchmarks: building an index, and latencies per query."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any


def load_index(load: Callable[[Any], Any], sessions: Any, runs: int) -> tuple[Any, tuple[float, float], int]:
    """`load(session)`'s index, the best of `runs` build times (CPU and wall clock: on a
    shared machine the CPU time is the steadier), and the memory the index holds."""
    cpu, wall = [], []
    for _ in range(runs):
        with sessions() as session:
            started, started_cpu = time.perf_counter(), time.process_time()
            index = load(session)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
    del index
    with sessions() as session:
        tracemalloc.start()
        index = load(session)
        memory = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    return index, (min(cpu), min(wall)), memory


def latencies(search: Callable[[str], object], queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        search(query)
        times.append(time.perf_counter() - started)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]
