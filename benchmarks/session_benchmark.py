"""Benchmark: deliberate a generated national session and compare with the bare weighted
average computed by one SQL aggregate in SQLite over the same grades.

Both paths run the one decision ladder of ``ndrc.rules.results`` with the garbage collector
on, as in a web process: ``decide_all`` (decisions and exact averages) and ``deliberate_all``
(full results with their explanation steps, texts written when read).

Run: .venv/bin/python -m benchmarks.session_benchmark [--candidates 30000]
Prints measured figures only; targets are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import time
from collections import Counter

from benchmarks.session_generator import generate_session
from ndrc.rules.grades import GradeState
from ndrc.rules.results import decide_all, deliberate, deliberate_all

COEFFICIENTS = {"E1": 3, "E2": 3, "E3": 3, "E4": 5, "E5W": 2, "E5P": 2, "E6": 3}


def bare_sql(inputs) -> float:
    """Seconds for one aggregate over the same numeric grades (load time not counted)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE grade (candidate TEXT, coefficient INTEGER, value REAL)")
    rows = [
        (i.candidate.identifier, COEFFICIENTS[code], float(g.value))
        for i in inputs
        for code, g in i.grades.items()
        if code in COEFFICIENTS and g.value is not None and g.state is not GradeState.NOT_VALID
    ]
    db.executemany("INSERT INTO grade VALUES (?, ?, ?)", rows)
    db.commit()
    start = time.perf_counter()
    result = db.execute(
        "SELECT candidate, SUM(coefficient * value) / SUM(coefficient) FROM grade "
        "GROUP BY candidate"
    ).fetchall()
    elapsed = time.perf_counter() - start
    assert len(result) == len({r[0] for r in rows})
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=30_000)
    parser.add_argument("--session", type=int, default=2025)
    args = parser.parse_args()
    inputs = generate_session(args.candidates, args.session)
    deliberate(inputs[0])  # load the regulation data and parameters once

    assert gc.isenabled()
    start = time.perf_counter()
    decided = decide_all(inputs)
    decisions = time.perf_counter() - start

    collections = sum(s["collections"] for s in gc.get_stats())
    start = time.perf_counter()
    results = deliberate_all(inputs)
    engine = time.perf_counter() - start
    collections = sum(s["collections"] for s in gc.get_stats()) - collections
    steps = sum(len(r.records) for r in results)
    sql = bare_sql(inputs)

    assert [d.decision for d in decided] == [r.decision for r in results]
    assert [d.average for d in decided] == [r.average for r in results]
    counts = Counter(r.decision.value for r in results)
    n = len(inputs)
    print(f"candidates: {n} (session {args.session}); garbage collector on")
    print(
        f"decisions (decide_all): {decisions:.3f} s, {n / decisions:,.0f} candidates/s (one core)"
    )
    print(
        f"full results with explanations (deliberate_all): {engine:.3f} s, "
        f"{n / engine:,.0f} candidates/s (one core); {steps:,} steps recorded, "
        f"{collections} collections of the garbage collector"
    )
    print(f"bare weighted average, one SQL aggregate in SQLite: {sql:.3f} s")
    print(f"ratio decisions / bare arithmetic: {decisions / sql:.1f}")
    print(f"ratio full results / bare arithmetic: {engine / sql:.1f}")
    print("same decisions and averages on both paths: yes")
    print("decisions: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
