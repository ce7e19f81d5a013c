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
  (``ndrc.web.deliberations.closing``), each passed on as written; for information, the
  same with every result's JSON and explanation held until the end, as closing holds them
  today before ``bulk_create``;
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
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from benchmarks.session_generator import generate_files
from ndrc.rules.conformity import ConformityInput, check_conformity
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


REPEAT = 3


def timed(work: Callable[[], Any], clock: Callable[[], float] = time.process_time) -> float:
    """The best of ``REPEAT`` runs of ``work``, each from the same heap (what a previous run
    left is collected first, as between two requests). The clock is the CPU time of this
    process: the machine is shared, and its wall-clock time counts the other processes'
    turns too."""
    best = float("inf")
    for _ in range(REPEAT):
        gc.collect()
        start = clock()
        work()
        best = min(best, clock() - start)
    return best


def bare_python(inputs: Sequence[ResultInput]) -> list[Decimal]:
    """The weighted average of every candidate in plain Python over the grades in memory:
    exact ``Decimal`` sums, divided by the sum of the coefficients."""
    coefficients = COEFFICIENTS
    not_valid = GradeState.NOT_VALID
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
    return averages


def bare_sqlite(rows: Rows) -> float:
    """One aggregate in SQLite in memory (loading not counted)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE grade (candidate TEXT, coefficient INTEGER, value REAL)")
    db.executemany("INSERT INTO grade VALUES (?, ?, ?)", [(c, k, float(v)) for c, k, v in rows])
    db.commit()
    query = (
        "SELECT candidate, SUM(coefficient * value) / SUM(coefficient) FROM grade "
        "GROUP BY candidate"
    )
    candidates = len({row[0] for row in rows})
    assert len(db.execute(query).fetchall()) == candidates
    seconds = timed(lambda: db.execute(query).fetchall())
    db.close()
    return seconds


def bare_postgresql(rows: Rows, url: str) -> float:
    """One aggregate in PostgreSQL, exact ``numeric`` (loading by COPY not counted; the
    server's work is in another process: wall-clock time)."""
    import psycopg

    # A temporary table in the server's maintenance database: the URL's database may not be
    # created yet (scripts/with-postgres starts an empty server).
    with psycopg.connect(url, dbname="postgres") as db:
        db.execute(
            "CREATE TEMPORARY TABLE bench_grade "
            "(candidate text, coefficient integer, value numeric(4, 2))"
        )
        with db.cursor().copy("COPY bench_grade FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        db.execute("ANALYZE bench_grade")
        query = (
            "SELECT candidate, SUM(coefficient * value) / SUM(coefficient) FROM bench_grade "
            "GROUP BY candidate"
        )
        return timed(lambda: db.execute(query).fetchall(), time.perf_counter)


def conformity_checks(files: Sequence[ConformityInput]) -> float:
    """The conformity checks the web application runs to build the engine's inputs."""
    return timed(lambda: [check_conformity(data) for data in files])


def written(inputs: Sequence[ResultInput]) -> int:
    """The full results with their explanations written as closing writes them: the JSON of
    each result and its French explanation, passed on as written (a bulk write serialises
    each row as it goes); the characters of explanation written."""
    size = 0
    for result in deliberate_all(inputs):
        result.to_dict()
        size += len(result.explanation_fr())
    return size


def written_and_held(inputs: Sequence[ResultInput]) -> list[tuple[dict[str, Any], str]]:
    """The same, every result's JSON and explanation held until the end, as today's closing
    holds them in its list of ``FrozenResult`` before ``bulk_create``."""
    return [(result.to_dict(), result.explanation_fr()) for result in deliberate_all(inputs)]


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
    conformity = conformity_checks(files)
    del files  # the web application keeps the engine's inputs, not the conformity inputs

    python = timed(lambda: bare_python(inputs))
    rows = grade_rows(inputs)
    assert len(bare_python(inputs)) == len({row[0] for row in rows})
    sqlite = bare_sqlite(rows)
    url = os.environ.get("DATABASE_URL", "")
    postgresql = bare_postgresql(rows, url) if url.startswith("postgres") else None

    decisions = timed(lambda: decide_all(inputs))
    full = timed(lambda: deliberate_all(inputs))
    writing = timed(lambda: written(inputs))
    held = timed(lambda: written_and_held(inputs))

    collections = sum(s["collections"] for s in gc.get_stats())
    results = deliberate_all(inputs)
    collections = sum(s["collections"] for s in gc.get_stats()) - collections
    steps = sum(len(r.records) for r in results)
    size = written(inputs)
    decided = decide_all(inputs)
    assert [d.decision for d in decided] == [r.decision for r in results]
    assert [d.average for d in decided] == [r.average for r in results]
    counts = Counter(r.decision.value for r in results)
    outcomes = Counter(o.outcome.value for data in inputs for o in data.conformity)
    print(
        f"candidates: {n} (session {args.session}); garbage collector on; one core; "
        f"best of {REPEAT} runs, CPU time of the process (PostgreSQL: wall-clock)"
    )
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
        f"for information, the same with the {n:,} results' JSON and explanations held until "
        f"the end (as today's closing holds them before bulk_create): {held:.3f} s; "
        f"{ratios(held)}"
    )
    print(
        f"for information, the conformity checks that build the inputs (check_conformity): "
        f"{conformity:.3f} s"
    )
    print("same decisions and averages on both paths: yes")
    print("decisions: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
