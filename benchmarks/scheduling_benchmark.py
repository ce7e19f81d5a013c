"""The exam days' schedule (issue 16): generated académies solved, then checked.

    .venv/bin/python -m benchmarks.scheduling_benchmark [--quick] [--seeds 5] [--time-limit 120]
    make bench-scheduling            (QUICK=1 for a small run; SCHEDULING_ARGS=… for options)

For each tier (easy, realistic, tight, infeasible) and seed, `ndrc.planning.generator.generate`
builds an académie (5,000 candidates, 12 centres, 10 days by default) with the exams of R2023
(`exam_kinds`: durations from the regulation, seats and groups from `ndrc.rules.exam_days`) and
extra time from the rules core; `ndrc.planning.solver.solve` schedules it (2 workers) and the
independent checker `ndrc.planning.checker.check` verifies the schedule.

Printed per run and per tier: hard violations, status, centre-days / bound, examiner half-days /
bound, load spread, time to first feasible and to final, and for the infeasible tier the time
to diagnosis and the binding resource; then the feasible share of each tier. Memory: the peak
of Python memory (``tracemalloc``, which slows the code it watches, so taken over one more run
of the first realistic seed, not timed) and the process's peak resident size (``ru_maxrss``,
OR-Tools' own memory included). The OR-Tools version and the CPU model are printed.

Targets (issue 16): 0 hard violations, examiner half-days ≤ 1.02 × bound, centre-days ≤ 1.05 ×
bound, first feasible ≤ 10 s, final ≤ 120 s, peak memory < 2 GB, an infeasible instance
diagnosed with its binding resource named in ≤ 5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
import tracemalloc
from dataclasses import dataclass

from ndrc.planning.checker import check
from ndrc.planning.generator import generate
from ndrc.planning.instance import ExamKind, Seat
from ndrc.rules.exam_days import extra_time


def exam_kinds(regulation_id: str = "R2023") -> dict[str, ExamKind]:
    """The scheduled exams as the planning floor takes them: durations and loge times from
    the regulation's one-off column 3 (E5's practical part for E5P), seats, group sizes,
    posts and order from `ndrc.rules.exam_days` (the planning floor does not read the rules
    core: the web layer and this benchmark hand them in)."""
    from ndrc.rules.exam_days import exam_day_rules
    from ndrc.rules.regulation import Form, all_regulations

    regulation = next(r for r in all_regulations() if r.id == regulation_id)
    out: dict[str, ExamKind] = {}
    for code, rule in exam_day_rules(regulation_id).items():
        part = next((p for exam in regulation.exams for p in exam.parts if p.code == code), None)
        if part is not None:
            duration, loge, label = part.duration, part.preparation or 0, part.title
        else:
            exam = regulation.exam(code)
            cell = next(c for c in exam.cells.values() if c.form is Form.ONE_OFF and c.duration)
            assert cell.duration is not None
            duration, loge, label = cell.duration, cell.preparation or 0, exam.title
        out[code] = ExamKind(
            code=code,
            label=label,
            duration=duration,
            loge=loge,
            seats=tuple(Seat(kinds=seat) for seat in rule.seats),
            group_size=rule.group_size,
            needs_post=rule.needs_post,
            language_bound=rule.language_bound,
            follows=rule.follows,
        )
    return out


TIERS = ("easy", "realistic", "tight", "infeasible")


@dataclass
class Run:
    tier: str
    seed: int
    status: str
    violations: int
    centre_days: int
    centre_days_bound: int
    examiner_half_days: int
    examiner_half_days_bound: int
    load_spread: int
    first_feasible: float | None
    seconds: float
    check_seconds: float
    binding: str

    @property
    def feasible(self) -> bool:
        return self.status in ("optimal", "feasible") and self.violations == 0


def _ratio(value: int, bound: int) -> float | None:
    return value / bound if bound else None


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "inconnu"


def run_one(
    tier: str,
    seed: int,
    *,
    candidates: int,
    centres: int,
    days: int,
    time_limit: float,
    workers: int,
) -> Run:
    from ndrc.planning import solver  # the « solver » part: imported when a run needs it

    instance = generate(
        tier=tier,
        seed=seed,
        candidates=candidates,
        centres=centres,
        days=days,
        exams=exam_kinds(),
        extra_time=extra_time,
    )
    started = time.perf_counter()
    report = solver.solve(instance, time_limit=time_limit, workers=workers)
    seconds = time.perf_counter() - started
    violations = 0
    check_seconds = 0.0
    if report.schedule is not None:
        started = time.perf_counter()
        violations = len(check(instance, report.schedule))
        check_seconds = time.perf_counter() - started
    binding = report.diagnosis or report.bounds.binding
    return Run(
        tier=tier,
        seed=seed,
        status=report.status,
        violations=violations,
        centre_days=report.centre_days,
        centre_days_bound=report.bounds.centre_days,
        examiner_half_days=report.examiner_half_days,
        examiner_half_days_bound=report.bounds.examiner_half_days,
        load_spread=report.load_spread,
        first_feasible=report.first_feasible_seconds,
        seconds=seconds,
        check_seconds=check_seconds,
        binding=f"{binding[0].resource} — {binding[0].message}" if binding else "",
    )


def _peak_python_memory(
    *, candidates: int, centres: int, days: int, time_limit: float, workers: int, seed: int
) -> int:
    tracemalloc.start()
    try:
        run_one(
            "realistic",
            seed,
            candidates=candidates,
            centres=centres,
            days=days,
            time_limit=time_limit,
            workers=workers,
        )
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--quick", action="store_true", help="a small run (QUICK=1)")
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--centres", type=int, default=12)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--seeds", type=int, default=5, help="seeds 1 … N")
    parser.add_argument("--tiers", default=",".join(TIERS))
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    args = parser.parse_args(argv)
    if args.quick:
        args.candidates, args.centres, args.days = 600, 3, 5
        args.seeds, args.time_limit = 2, 20.0
    tiers = [t for t in args.tiers.split(",") if t]
    import ortools

    print(
        f"OR-Tools {ortools.__version__}; CPU {_cpu_model()} ({os.cpu_count()} cœurs); "
        f"Python {platform.python_version()}"
    )
    print(
        f"{args.candidates} candidats, {args.centres} centres, {args.days} jours; graines "
        f"1 à {args.seeds}; limite {args.time_limit:g} s, {args.workers} workers"
    )
    print(
        "tier        seed status      viol  CD/bound       EHD/bound        spread  first(s) "
        " final(s)  check(s)  binding"
    )
    runs: list[Run] = []
    for tier in tiers:
        for seed in range(1, args.seeds + 1):
            run = run_one(
                tier,
                seed,
                candidates=args.candidates,
                centres=args.centres,
                days=args.days,
                time_limit=args.time_limit,
                workers=args.workers,
            )
            runs.append(run)
            cd = _ratio(run.centre_days, run.centre_days_bound)
            ehd = _ratio(run.examiner_half_days, run.examiner_half_days_bound)
            print(
                f"{tier:<11} {seed:>4} {run.status:<11} {run.violations:>4}  "
                f"{run.centre_days:>3}/{run.centre_days_bound:<3} {_fmt(cd):>6}  "
                f"{run.examiner_half_days:>4}/{run.examiner_half_days_bound:<4} {_fmt(ehd):>6}  "
                f"{run.load_spread:>6}  {_fmt(run.first_feasible, 2):>8}  {run.seconds:>8.2f}  "
                f"{run.check_seconds:>8.3f}  {run.binding}",
                flush=True,
            )
    print()
    for tier in tiers:
        own = [r for r in runs if r.tier == tier]
        if not own:
            continue
        if tier == "infeasible":
            diagnosed = [r for r in own if r.status == "infeasible" and r.binding]
            worst = max((r.seconds for r in diagnosed), default=None)
            print(
                f"{tier}: {len(diagnosed)}/{len(own)} diagnosed infeasible with a binding "
                f"resource; slowest diagnosis {_fmt(worst, 2)} s (target ≤ 5 s)"
            )
            continue
        feasible = [r for r in own if r.feasible]
        cds = [x for r in feasible if (x := _ratio(r.centre_days, r.centre_days_bound))]
        ehds = [
            x for r in feasible if (x := _ratio(r.examiner_half_days, r.examiner_half_days_bound))
        ]
        firsts = [r.first_feasible for r in feasible if r.first_feasible is not None]
        print(
            f"{tier}: feasible {len(feasible)}/{len(own)}; hard violations "
            f"{sum(r.violations for r in own)}; centre-days/bound max "
            f"{_fmt(max(cds, default=None))} (≤ 1.05); examiner half-days/bound max "
            f"{_fmt(max(ehds, default=None))} (≤ 1.02); "
            f"first feasible max {_fmt(max(firsts, default=None), 2)} s (≤ 10 s); final max "
            f"{max(r.seconds for r in own):.2f} s (≤ 120 s); load spread max "
            f"{max(r.load_spread for r in own)}"
        )
    if not args.no_memory and "realistic" in tiers:
        peak = _peak_python_memory(
            candidates=args.candidates,
            centres=args.centres,
            days=args.days,
            time_limit=args.time_limit,
            workers=args.workers,
            seed=1,
        )
        print(f"peak Python memory (tracemalloc, realistic seed 1): {peak / 2**20:.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident size of the process (ru_maxrss): {rss / 2**10:.1f} MiB (< 2 GiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
