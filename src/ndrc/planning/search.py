"""How CP-SAT searches a centre's model (D109, D136).

A question of feasibility (« stop at the first solution »): a first schedule is first asked
of a light search (no LP, probing or symmetries), a short while from a few random seeds: most
centres answer in under a second, but from one seed the search may wander (D109). Then, and at
once for a trial with fewer days (a tight question, which short restarts rarely answer), it is
asked of CP-SAT's own search without the LP (D136). An optimisation is CP-SAT's own search.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

QUICK_SECONDS = 0.8  # each light search's turn before CP-SAT's own (D109)
QUICK_TRIES = 4


def centre_search(
    model: cp_model.CpModel,
    *,
    started: float,
    time_limit: float,
    workers: int,
    stop_at_first: bool,
    light_first: bool,
    enough: Callable[[cp_model.CpSolverSolutionCallback], bool] | None = None,
) -> tuple[cp_model.CpSolver, Any, float | None]:
    """The solver that answered, its status and when (after ``started``) its first solution
    came (None: none). ``light_first``: the light search's tries first (a first schedule);
    ``enough``: a solution for which nothing better is wanted stops the search."""
    first: list[float] = []

    class _First(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            if not first:
                first.append(time.monotonic() - started)
                if stop_at_first:
                    self.stop_search()
            if enough is not None and enough(self):
                self.stop_search()

    def left() -> float:
        return time_limit - (time.monotonic() - started)

    if stop_at_first and light_first:
        for seed in range(QUICK_TRIES):
            if left() < 0.5:
                break
            quick = cp_model.CpSolver()
            quick.parameters.num_workers = workers
            quick.parameters.random_seed = seed
            quick.parameters.max_time_in_seconds = min(QUICK_SECONDS, left())
            quick.parameters.linearization_level = 0
            quick.parameters.symmetry_level = 0
            quick.parameters.cp_model_probing_level = 0
            status = quick.solve(model, _First())
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE):
                return quick, status, first[0] if first else None
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.5, left() if stop_at_first else time_limit)
    if stop_at_first:
        solver.parameters.linearization_level = 0
    status = solver.solve(model, _First())
    return solver, status, first[0] if first else None
