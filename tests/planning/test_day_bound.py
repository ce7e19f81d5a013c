"""The centre's days relaxation (DEC D135): the days chosen once for every resource, an
examiner counted once per half-day, and the rooms counted per exam, not per language."""

from __future__ import annotations

from datetime import date

import pytest

from ndrc.planning.aggregate import centre_candidates
from ndrc.planning.bounds import lower_bounds
from ndrc.planning.checker import check
from ndrc.planning.day_bound import relaxed_bounds, relaxed_days
from ndrc.planning.generator import generate
from ndrc.planning.instance import Candidate, Centre, Examiner, HalfDay, Instance, Room, Task
from ndrc.planning.solver import solve
from tests.planning.solver_instances import EXAMS, one_teacher_instance


def _bilingual_instance() -> Instance:
    """One oral room, one half-day, one examiner speaking English and Spanish; three
    candidates of each language sit E2 (seven fit in one session): one session holds them
    all."""
    halves = (HalfDay(date(2026, 5, 11), 0, 480, 240), HalfDay(date(2026, 5, 11), 1, 810, 240))
    centre = Centre("C1", "Lycée C1", (Room("S1", "Salle 1"),), 1, frozenset({0}))
    examiner = Examiner(
        "t",
        "Prof",
        "X",
        frozenset({"language"}),
        frozenset({"en", "es"}),
        frozenset({"C1"}),
        frozenset({0}),
    )
    people = tuple(
        Candidate(f"N{i}{language}", "EA", "C1", (Task("E2", language),))
        for language in ("en", "es")
        for i in range(3)
    )
    return Instance(halves, EXAMS, (centre,), (examiner,), people)


def test_the_rooms_count_an_exams_sessions_not_each_languages() -> None:
    """Counted per language, the rooms would need two sessions on the only half-day: the
    instance was declared infeasible when one session holds both languages."""
    instance = _bilingual_instance()
    bounds = lower_bounds(instance)
    assert not bounds.infeasible
    assert bounds.per_centre["C1"] == (1, 1)
    report = solve(instance, time_limit=10.0)
    assert report.schedule is not None
    assert check(instance, report.schedule) == []
    assert report.centre_days == 1
    assert len({s.examiners for s in report.schedule.sittings}) == 1


def test_an_examiner_counts_once_per_half_day_across_the_exams() -> None:
    """The only bloc-1 teacher is also the only English teacher: each resource alone fits in
    one day, the relaxation needs two, says why in French and what would lift it (another
    bloc-1 teacher or another English examiner; not a room, a loge seat or posts)."""
    instance = one_teacher_instance()
    bounds = lower_bounds(instance)
    assert bounds.per_centre["C1"][1] == 1
    centre = instance.centres[0]
    assert relaxed_days(instance, centre, centre_candidates(instance)["C1"], time_limit=5) == 2
    raised = relaxed_bounds(instance, bounds, time_limit=5)
    assert raised.per_centre["C1"] == (bounds.per_centre["C1"][0], 2)
    assert raised.centre_days == 2
    assert [(b.resource, b.message) for b in raised.binding if b.centre == "C1"] == [
        (
            "relaxation",
            "au centre Lycée C1, il faut au moins 2 jours : en un jour, aucun choix de jours "
            "ne réunit à la fois assez d'examinateurs pour chaque épreuve et chaque langue, "
            "de commissions complètes, de salles, de postes et de places de loge ; ce qui "
            "lèverait cet obstacle à lui seul : un professeur du bloc 1 de plus présent chaque "
            "demi-journée, ou un examinateur d'anglais de plus présent chaque demi-journée",
        )
    ]
    report = solve(instance, time_limit=10.0)
    assert report.centre_days == 2
    assert report.bounds.per_centre["C1"][1] == 2


def test_the_relaxation_never_lowers_a_bound() -> None:
    instance = _bilingual_instance()
    bounds = lower_bounds(instance)
    assert relaxed_bounds(instance, bounds, time_limit=5) is bounds


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_relaxation_stays_below_every_schedule(seed: int) -> None:
    """A lower bound: on small generated académies, each centre's relaxed days never exceed
    the days its checked schedule opens."""
    from benchmarks.scheduling_benchmark import exam_kinds

    from ndrc.rules.exam_days import extra_time

    instance = generate(
        tier="tight",
        seed=seed,
        candidates=240,
        centres=2,
        days=4,
        exams=exam_kinds(),
        extra_time=extra_time,
    )
    report = solve(instance, time_limit=15.0)
    assert report.schedule is not None
    assert check(instance, report.schedule) == []
    opened: dict[str, set[date]] = {}
    for s in report.schedule.sittings:
        opened.setdefault(s.centre, set()).add(instance.half_days[s.half_day].day)
    for centre in instance.centres:
        days = relaxed_days(
            instance, centre, centre_candidates(instance)[centre.code], time_limit=5
        )
        assert days is not None
        assert days <= len(opened.get(centre.code, ()))
        assert report.bounds.per_centre[centre.code][1] <= len(opened.get(centre.code, ()))
    assert report.bounds.centre_days <= (report.centre_days or 0)
