"""Benchmark: the rules engine on a generated national session, against the bare weighted
average of the same grades.

The inputs are what the web application passes to the engine
(``ndrc.web.candidates.rules_inputs.result_inputs``): every candidate carries the conformity
outcomes of its dossiers, a few carry the jury's grade changes, the candidates in the resit
orals their resit grades (``benchmarks.session_generator``). Measured in one run, with the
garbage collector on as in a web process:

- the floors: the bare weighted average (sum of coefficient × grade over the same grades,
  divided by the sum of the coefficients) in plain Python with exact ``Decimal`` sums over the
  grades already in memory, and as one SQL aggregate in SQLite in memory (and in PostgreSQL
  when ``DATABASE_URL`` is set); loading the rows into the database is not counted;
- decisions: ``decide_all`` (what the deliberation page runs);
- full results: ``deliberate_all`` (what a jury's review runs);
- full results with their explanations written as closing writes them: ``deliberate_all``,
  then ``result.to_dict()`` and ``result.explanation_fr()`` for each result
  (``ndrc.web.deliberations.closing``);
- for information, the conformity checks the web application runs to build the inputs.

Run: .venv/bin/python -m benchmarks.session_benchmark [--candidates 30000]
Prints measured figures only; targets are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from benchmarks.session_generator import generate_files
from ndrc.rules.conformity import check_conformity
from ndrc.rules.grades import GradeState
from ndrc.rules.results import ResultInput, decide_all, deliberate, deliberate_all

COEFFICIENTS = {"E1": 3, "E2": 3, "E3": 3, "E4": 5, "E5W": 2, "E5P": 2, "E6": 3}
DECISIONS_TARGET = 5  # × plain Python
WRITTEN_TARGET = 30  # × plain Python

Rows = list[tuple[str, int, Decimal]]


def grade_rows(inputs: Sequence[ResultInput]) -> Rows:
    """The graded compulsory épreuves of every candidate: (candidate, coefficient, grade)."""
    return [
        (i.candidate.identifier, COEFFICIENTS[code], g.value)
        for i in inputs
        for code, g in i.grades.items()
        if code in COEFFICIENTS and g.value is not None and g.state is not GradeState.NOT_VALID
    ]


def bare_python(inputs: Sequence[ResultInput]) -> tuple[float, int]:
    """Seconds for the weighted average of every candidate in plain Python over the grades in
    memory: exact ``Decimal`` sums, divided by the sum of the coefficients."""
    coefficients = COEFFICIENTS
    not_valid = GradeState.NOT_VALID
    start = time.perf_counter()
    averages = []
    for data in inputs:
        total = Decimal(0)
        divisor = 0
        for code, grade in data.grades.items():
            coefficient = coefficients.get(code)
            if coefficient is not None and grade.value is not None and grade.state is not not_valid:
                total += coefficient * grade.value
                divisor += coefficient
        if divisor:
            averages.append(total / divisor)
    return time.perf_counter() - start, len(averages)


def bare_sqlite(rows: Rows) -> tuple[float, int]:
    """Seconds for one aggregate in SQLite in memory (loading not counted)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE grade (candidate TEXT, coefficient INTEGER, value REAL)")
    db.executemany("INSERT INTO grade VALUES (?, ?, ?)", [(c, k, float(v)) for c, k, v in rows])
    db.commit()
    start = time.perf_counter()
    result = db.execute(
        "SELECT candidate, SUM(coefficient * value) / SUM(coefficient) FROM grade "
        "GROUP BY candidate"
    ).fetchall()
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed, len(result)


def bare_postgresql(rows: Rows, url: str) -> tuple[float, int]:
    """Seconds for one aggregate in PostgreSQL, exact ``numeric`` (loading by COPY not
    counted)."""
    import psycopg

    with psycopg.connect(url) as db:
        db.execute(
            "CREATE TEMPORARY TABLE bench_grade "
            "(candidate text, coefficient integer, value numeric(4, 2))"
        )
        with db.cursor().copy("COPY bench_grade FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        db.execute("ANALYZE bench_grade")
        start = time.perf_counter()
        result = db.execute(
            "SELECT candidate, SUM(coefficient * value) / SUM(coefficient) FROM bench_grade "
            "GROUP BY candidate"
        ).fetchall()
        return time.perf_counter() - start, len(result)


def written(inputs: Sequence[ResultInput]) -> tuple[list[Any], int]:
    """The full results with their explanations written as closing writes them."""
    results = deliberate_all(inputs)
    size = 0
    for result in results:
        result.to_dict()
        size += len(result.explanation_fr())
    return results, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=30_000)
    parser.add_argument("--session", type=int, default=2025)
    args = parser.parse_args()
    inputs, files = generate_files(args.candidates, args.session)
    n = len(inputs)
    for data in inputs[:200]:  # compile the plans and load the data once, as a web process
        deliberate(data).explanation_fr()
    assert gc.isenabled()

    python, averaged = bare_python(inputs)
    rows = grade_rows(inputs)
    sqlite, grouped = bare_sqlite(rows)
    assert grouped == averaged
    url = os.environ.get("DATABASE_URL", "")
    postgresql = bare_postgresql(rows, url)[0] if url.startswith("postgres") else None

    start = time.perf_counter()
    decided = decide_all(inputs)
    decisions = time.perf_counter() - start

    collections = sum(s["collections"] for s in gc.get_stats())
    start = time.perf_counter()
    results = deliberate_all(inputs)
    full = time.perf_counter() - start
    collections = sum(s["collections"] for s in gc.get_stats()) - collections
    steps = sum(len(r.records) for r in results)
    del results

    start = time.perf_counter()
    results, size = written(inputs)
    writing = time.perf_counter() - start

    start = time.perf_counter()
    for data in files:
        check_conformity(data)
    conformity = time.perf_counter() - start

    assert [d.decision for d in decided] == [r.decision for r in results]
    assert [d.average for d in decided] == [r.average for r in results]
    counts = Counter(r.decision.value for r in results)
    outcomes = Counter(o.outcome.value for data in inputs for o in data.conformity)
    print(f"candidates: {n} (session {args.session}); garbage collector on; one core")
    print(
        f"inputs as the web passes them: {sum(1 for d in inputs if d.conformity)} with "
        f"conformity outcomes ({', '.join(f'{k} {v}' for k, v in sorted(outcomes.items()))}); "
        f"{sum(1 for d in inputs if d.jury_changes)} with jury changes; "
        f"{sum(1 for d in inputs if d.resit_grades)} with resit grades; "
        f"{sum(1 for d in inputs if d.resit_declined)} renounced the resit orals"
    )
    print(f"floor, plain Python (exact Decimal sums, {len(rows):,} grades): {python:.3f} s")
    print(f"floor, one SQL aggregate in SQLite in memory: {sqlite:.3f} s")
    if postgresql is not None:
        print(f"floor, one SQL aggregate in PostgreSQL (numeric): {postgresql:.3f} s")
    else:
        print("floor, PostgreSQL: not measured (DATABASE_URL not set)")

    def ratios(seconds: float) -> str:
        text = f"{seconds / python:.1f} × plain Python, {seconds / sqlite:.1f} × SQLite"
        if postgresql is not None:
            text += f", {seconds / postgresql:.1f} × PostgreSQL"
        return text

    print(
        f"decisions (decide_all): {decisions:.3f} s, {n / decisions:,.0f} candidates/s; "
        f"{ratios(decisions)} (target ≤ {DECISIONS_TARGET} × plain Python: "
        f"{'met' if decisions <= DECISIONS_TARGET * python else 'NOT MET'})"
    )
    print(
        f"full results (deliberate_all): {full:.3f} s, {n / full:,.0f} candidates/s; "
        f"{ratios(full)}; {steps:,} steps recorded, {collections} collections of the "
        "garbage collector"
    )
    print(
        f"full results with their explanations written (deliberate_all, to_dict, "
        f"explanation_fr): {writing:.3f} s, {n / writing:,.0f} candidates/s; {ratios(writing)} "
        f"(target ≤ {WRITTEN_TARGET} × plain Python: "
        f"{'met' if writing <= WRITTEN_TARGET * python else 'NOT MET'}); "
        f"{size / n:,.0f} characters of explanation per candidate"
    )
    print(
        f"for information, the conformity checks that build the inputs (check_conformity): "
        f"{conformity:.3f} s"
    )
    print("same decisions and averages on both paths: yes")
    print("decisions: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
