"""How a centre's model is searched (D109, D136): the light tries for a first schedule only;
a trial with fewer days goes to CP-SAT's own search without the LP; an optimisation keeps it."""

import time
from typing import Any

from ortools.sat.python import cp_model

from ndrc.planning.search import centre_search


def _model() -> tuple[cp_model.CpModel, cp_model.IntVar]:
    model = cp_model.CpModel()
    x = model.new_int_var(0, 10, "x")
    y = model.new_int_var(0, 10, "y")
    model.add(x + y >= 7)
    model.minimize(x + 2 * y)
    return model, x


def _search(model: cp_model.CpModel, **options: Any) -> tuple[cp_model.CpSolver, Any, Any]:
    return centre_search(model, started=time.monotonic(), time_limit=5, workers=2, **options)


def test_a_first_schedule_is_answered_by_the_light_search():
    solver, status, first = _search(_model()[0], stop_at_first=True, light_first=True)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert first is not None
    assert solver.parameters.symmetry_level == 0
    assert solver.parameters.cp_model_probing_level == 0
    assert solver.parameters.linearization_level == 0


def test_a_trial_with_fewer_days_goes_to_cp_sats_own_search_without_the_lp():
    solver, status, first = _search(_model()[0], stop_at_first=True, light_first=False)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert first is not None
    assert solver.parameters.linearization_level == 0
    assert solver.parameters.symmetry_level != 0  # not the light search


def test_an_optimisation_keeps_the_lp_and_asks_whether_a_solution_is_enough():
    model, x = _model()
    # The light tries are for a question of feasibility only.
    solver, status, first = _search(model, stop_at_first=False, light_first=True)
    assert status == cp_model.OPTIMAL
    assert first is not None
    assert solver.value(x) == 7
    assert solver.parameters.linearization_level != 0
    asked: list[int] = []

    def enough(found: cp_model.CpSolverSolutionCallback) -> bool:
        asked.append(found.value(x))
        return True

    _search(model, stop_at_first=False, light_first=False, enough=enough)
    assert asked
