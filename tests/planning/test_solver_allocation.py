"""The examiners who reach several centres are shared out before the centres are solved, and
the bounds never exceed what an exact solve reaches (issue 16, « quality »)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ndrc.planning.allocation import allocate_shared
from ndrc.planning.bounds import lower_bounds
from ndrc.planning.checker import check
from ndrc.planning.instance import Centre, Examiner, Instance, Room
from ndrc.planning.solver import solve
from tests.planning.solver_instances import (
    ALL,
    EXAMS,
    HALF_DAYS,
    english_candidates,
    one_teacher_instance,
    small_instance,
)


def _shared_instance() -> Instance:
    """C1 has an English teacher of its own every half-day; C2 has only the one teacher who
    reaches both centres."""
    centres = tuple(
        Centre(code, f"Lycée {code}", (Room(f"{code}-S1", "Salle 1"),), 2, ALL)
        for code in ("C1", "C2")
    )
    examiners = (
        Examiner(
            "own",
            "Propre",
            "X",
            frozenset({"language"}),
            frozenset({"anglais"}),
            frozenset({"C1"}),
            ALL,
        ),
        Examiner(
            "both",
            "Partagé",
            "Y",
            frozenset({"language"}),
            frozenset({"anglais"}),
            frozenset({"C1", "C2"}),
            ALL,
        ),
    )
    return Instance(
        HALF_DAYS,
        EXAMS,
        centres,
        examiners,
        (*english_candidates("C1", 7), *english_candidates("C2", 7)),
    )


def test_a_shared_examiner_goes_to_the_centre_that_has_no_examiner_of_its_own() -> None:
    instance = _shared_instance()
    owner = allocate_shared(instance, list(instance.centres), set())
    assert {code for (eid, _h), code in owner.items() if eid == "both"} == {"C2"}
    assert {h for (eid, h) in owner if eid == "both"} == set(ALL)


def test_the_shared_examiner_examines_at_the_centre_that_needs_him() -> None:
    instance = _shared_instance()
    report = solve(instance, time_limit=10.0)
    assert report.schedule is not None
    assert check(instance, report.schedule) == []
    by_centre = {s.centre: set(s.examiners) for s in report.schedule.sittings}
    assert by_centre == {"C1": {"own"}, "C2": {"both"}}


def test_a_centre_whose_share_is_too_small_takes_what_the_others_leave() -> None:
    # The shared teacher's half-days all went to C2 (no teacher of its own); C1's own teacher
    # withdraws: C1 takes the half-days of the shared one C2 does not use, not « infeasible ».
    instance = replace(_shared_instance(), withdrawn=frozenset({"own"}))
    report = solve(instance, time_limit=10.0)
    assert report.status in ("optimal", "feasible")
    assert report.schedule is not None
    assert check(instance, report.schedule) == []
    assert {s.centre for s in report.schedule.sittings} == {"C1", "C2"}


@pytest.mark.parametrize("candidates", [3, 6, 9])
def test_the_bounds_never_exceed_an_exact_solve(candidates: int) -> None:
    instance = small_instance(candidates)
    report = solve(instance, time_limit=30.0)
    assert report.status == "optimal"
    assert report.examiner_half_days is not None and report.centre_days is not None
    bounds = lower_bounds(instance)
    assert bounds.examiner_half_days <= report.examiner_half_days
    assert bounds.centre_days <= report.centre_days


def test_the_solver_proves_a_centre_needs_more_days_than_the_resources_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The centre's whole model proves it (the relaxation of D135, which proves it as well,
    is left out here: `test_day_bound` covers it)."""
    from ndrc.planning import solver as solver_module

    monkeypatch.setattr(solver_module, "relaxed_bounds", lambda instance, bounds, **kw: bounds)
    instance = one_teacher_instance()
    assert lower_bounds(instance).per_centre["C1"][1] == 1
    report = solve(instance, time_limit=10.0)
    assert report.schedule is not None
    assert check(instance, report.schedule) == []
    assert report.centre_days == 2
    assert report.bounds.per_centre["C1"][1] == 2
    assert report.bounds.centre_days == 2
    proof = [b for b in report.bounds.binding if b.resource == "proof"]
    assert [b.message for b in proof] == [
        "au centre Lycée C1, il faut au moins 2 jours : le solveur prouve qu'aucun planning "
        "ne tient en un jour, même avec tous les examinateurs qui peuvent s'y rendre"
    ]
