"""Two centres that each have a schedule alone but not together: the instance is declared
infeasible at once, the pair and the examiners they share named, with what would lift it
(D143)."""

from __future__ import annotations

import time

from ndrc.planning.aggregate import centre_candidates
from ndrc.planning.bounds import lower_bounds
from ndrc.planning.instance import Centre, Instance, Room
from ndrc.planning.shared_bound import pair_holds
from ndrc.planning.sharing_diagnosis import pair_short, partners, too_few_shared
from ndrc.planning.solver import solve
from tests.planning.solver_instances import (
    EXAMS,
    HALF_DAYS,
    english_candidates,
    english_teacher,
)


def _instance(shared_halves: set[int]) -> Instance:
    """Each centre has one oral room and 14 English candidates (two E2 sessions). The only
    English teacher of C1 and C2, « Both », reaches them on ``shared_halves``; a third centre
    has its own teacher, free on every half-day, so the session as a whole has half-days to
    spare."""
    centres = tuple(
        Centre(code, f"Lycée {code}", (Room(f"{code}-S1", "Salle 1"),), 2, frozenset(range(6)))
        for code in ("C1", "C2", "C3")
    )
    return Instance(
        HALF_DAYS,
        EXAMS,
        centres,
        (
            english_teacher("both", {"C1", "C2"}, shared_halves),
            english_teacher("own", {"C3"}, set(range(6))),
        ),
        (
            *english_candidates("C1", 14),
            *english_candidates("C2", 14),
            *english_candidates("C3", 7),
        ),
    )


def test_two_centres_too_short_together_are_named_at_once() -> None:
    """Two half-days of the teacher: enough for either centre, not for both. The resources'
    bounds, centre by centre, cannot see it; the solve says it at once, naming the pair, the
    teacher and what would lift it."""
    instance = _instance({0, 1})
    assert not lower_bounds(instance).infeasible
    by_centre = centre_candidates(instance)
    assert pair_holds(instance, ("C1", "C2"), by_centre, time_limit=5) is False
    started = time.monotonic()
    report = solve(instance, time_limit=30.0)
    assert time.monotonic() - started < 5.0
    assert report.status == "infeasible"
    assert report.schedule is None
    assert [(b.resource, b.message) for b in report.diagnosis] == [
        (
            "sharing",
            f"les centres Lycée {first} et Lycée {second} partagent un examinateur (Both) : à "
            "eux deux, aucun choix de jours ne leur réunit assez d'examinateurs pour chaque "
            "épreuve et chaque langue (un examinateur ne tient qu'une place par demi-journée) ; "
            "ce qui lèverait cet obstacle à lui seul : un examinateur d'anglais de plus présent "
            "chaque demi-journée, pouvant se rendre dans les deux centres",
        )
        for first, second in [("C1", "C2") if report.diagnosis[0].centre == "C1" else ("C2", "C1")]
    ]


def test_a_pair_that_holds_is_not_named() -> None:
    """Four half-days of the teacher hold both centres: no pair is short, a schedule is
    found."""
    instance = _instance({0, 1, 2, 3})
    by_centre = centre_candidates(instance)
    assert pair_holds(instance, ("C1", "C2"), by_centre, time_limit=5) is True
    centre = instance.centre("C1")
    assert pair_short(instance, centre, by_centre, deadline=time.monotonic() + 5) is None
    report = solve(instance, time_limit=10.0)
    assert report.schedule is not None
    assert report.diagnosis == ()


def test_the_centre_short_beside_the_others_names_them_and_their_examiners() -> None:
    """When no pair's programme tells it, the words name the centres and the examiners the
    centre shares, in the singular and in the plural."""
    instance = _instance({0, 1})
    by_centre = centre_candidates(instance)
    assert [(code, [e.id for e in es]) for code, es in partners(instance, "C1", by_centre)] == [
        ("C2", ["both"])
    ]
    binding = too_few_shared(instance, instance.centre("C1"), by_centre)
    assert binding.message == (
        "au centre Lycée C1, un planning existe avec tous les examinateurs qui peuvent s'y "
        "rendre, mais aucun avec ce que les autres centres en laissent : l'examinateur (Both) "
        "qu'il partage avec Lycée C2 ne suffit pas à tous ces centres (un examinateur ne tient "
        "qu'une place par demi-journée)"
    )
    more = Instance(
        instance.half_days,
        instance.exams,
        instance.centres,
        (*instance.examiners, english_teacher("another", {"C1", "C2"}, {0})),
        instance.candidates,
    )
    assert "les 2 examinateurs (Another, Both) qu'il partage avec Lycée C2 ne suffisent pas" in (
        too_few_shared(more, more.centre("C1"), centre_candidates(more)).message
    )
