"""One centre solved: its model (`centre_build`) alone in a CP-SAT model, searched
(`search`), then detailed into sittings. `solve_centre` solves it once; `with_pairing` asks
again with one commission fewer where the two members of some commissions cannot be paired."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from ndrc.planning.centre_build import NO_RELAX, Built, Relax, Used, build_centre
from ndrc.planning.detail import PairingFailed, detail_sittings
from ndrc.planning.instance import Candidate, Centre, Instance
from ndrc.planning.schedule import Sitting
from ndrc.planning.search import centre_search

__all__ = ["CentreResult", "Relax", "Used", "solve_centre", "with_pairing"]


@dataclass
class CentreResult:
    status: str  # "optimal", "feasible", "infeasible", "unknown"
    sittings: list[Sitting]
    after_first: float
    values: dict[tuple[str, Any], int] = field(default_factory=dict)  # hints for a next solve
    days: int = 0  # days used


def solve_centre(
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    used: Used,
    previous: dict[tuple[str, str], int],
    time_limit: float,
    workers: int,
    relax: Relax = NO_RELAX,
    detail: bool = True,
    caps: dict[tuple[int, str], int] | None = None,
    days_allowed: frozenset[date] | None = None,
    hint: dict[tuple[str, Any], int] | None = None,
    stop_at_first: bool = False,
    fix_hint: bool = False,
    target: tuple[int, int] | None = None,
    max_days: int | None = None,
    avoid: frozenset[tuple[str, int]] = frozenset(),
) -> CentreResult:
    """``max_days``: at most that many days open (the solver chooses which). ``target``
    (examiner half-days, days): the lower bounds; a solution reaching both stops the search
    (nothing better exists). ``avoid``: examiners' half-days an optimisation uses as little as
    it can, each weighing as much as a day (D137)."""
    started = time.monotonic()
    model = cp_model.CpModel()
    built = build_centre(
        model,
        instance,
        centre,
        candidates,
        used,
        previous,
        relax=relax,
        caps=caps,
        days_allowed=days_allowed,
        max_days=max_days,
        avoid=avoid,
    )
    if built is None:
        return CentreResult("optimal", [], 0.0)
    if not stop_at_first:
        # A question of feasibility (a first schedule, fewer days) is asked without the
        # objective: CP-SAT finds a first solution sooner (D109).
        model.minimize(built.objective)
    named = built.named
    if hint:
        for key, value in hint.items():
            if key in named:
                if fix_hint:
                    model.add(named[key] == value)
                else:
                    model.add_hint(named[key], value)

    def enough(found: cp_model.CpSolverSolutionCallback) -> bool:
        return (
            target is not None
            and found.value(built.day_count) <= target[1]
            and found.value(built.examiner_count) <= target[0]
        )

    solver, status, first = centre_search(
        model,
        started=started,
        time_limit=time_limit,
        workers=workers,
        stop_at_first=stop_at_first,
        light_first=max_days is None and days_allowed is None,
        enough=enough,
    )
    after_first = time.monotonic() - started - first if first is not None else 0.0
    if status == cp_model.INFEASIBLE:
        return CentreResult("infeasible", [], 0.0)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CentreResult("unknown", [], 0.0)
    # A first solution answers a question of feasibility: it is not an optimum.
    name = "optimal" if status == cp_model.OPTIMAL and not stop_at_first else "feasible"
    return result_of(instance, centre, built, solver, name, after_first, detail)


def result_of(
    instance: Instance,
    centre: Centre,
    built: Built,
    solver: cp_model.CpSolver,
    status: str,
    after_first: float,
    detail: bool,
) -> CentreResult:
    """The centre's solution read from the solver: its values (hints for a next solve), its
    days and, with ``detail``, its sittings."""
    values = {k: int(solver.value(v)) for k, v in built.named.items()}
    used_days = len({instance.half_days[k[1]].day for k in built.y if values[("y", k)]})
    if not detail:
        return CentreResult(status, [], after_first, values, used_days)
    counts = {k: solver.value(v) for k, v in built.n.items()}
    xs = {k: solver.value(v) for k, v in built.x.items()}
    ys = [k for k, v in built.y.items() if solver.value(v)]
    y2s = [k for k, v in built.y2.items() if solver.value(v)]
    sittings = detail_sittings(
        instance, centre, built.profiles, counts, xs, ys, y2s, built.free_rooms, built.by_id
    )
    return CentreResult(status, sittings, after_first, values, used_days)


def with_pairing(
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    used: Used,
    previous: dict[tuple[str, str], int],
    time_limit: float,
    workers: int,
    days_allowed: frozenset[date] | None,
    hint: dict[tuple[str, Any], int] | None = None,
    stop_at_first: bool = False,
    detail: bool = True,
    fix_hint: bool = False,
    target: tuple[int, int] | None = None,
    max_days: int | None = None,
    avoid: frozenset[tuple[str, int]] = frozenset(),
) -> CentreResult:
    """Solve a centre; when the two members of some commissions cannot be paired, ask again
    with one commission fewer there."""
    caps: dict[tuple[int, str], int] = {}
    while True:
        try:
            return solve_centre(
                instance,
                centre,
                candidates,
                used,
                previous,
                time_limit,
                workers,
                detail=detail,
                caps=caps,
                days_allowed=days_allowed,
                hint=hint,
                stop_at_first=stop_at_first,
                fix_hint=fix_hint,
                target=target,
                max_days=max_days,
                avoid=avoid,
            )
        except PairingFailed as failed:
            caps[(failed.half, failed.exam)] = failed.commissions
            if len(caps) > 5:
                return CentreResult("unknown", [], 0.0)
