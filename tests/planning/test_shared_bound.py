"""Two centres that share an examiner may need more days together than each alone: the
centre-days bound counts it, and says so (D138)."""

from __future__ import annotations

from ndrc.planning.aggregate import centre_candidates
from ndrc.planning.bounds import lower_bounds
from ndrc.planning.checker import check
from ndrc.planning.day_bound import relaxed_bounds
from ndrc.planning.instance import Centre, Instance, Room
from ndrc.planning.raising import raise_days
from ndrc.planning.schedule import centre_days_of
from ndrc.planning.shared_bound import pair_days, shared_bounds
from ndrc.planning.solver import solve
from tests.planning.solver_instances import (
    EXAMS,
    HALF_DAYS,
    english_candidates,
    english_teacher,
)


def _instance() -> Instance:
    """Each centre has one oral room and needs two English sessions. Its own teacher comes on
    the first and the second morning; the teacher they share, on the first day only. Alone,
    each holds its two sessions on the first day; both cannot."""
    centres = tuple(
        Centre(code, f"Lycée {code}", (Room(f"{code}-S1", "Salle 1"),), 2, frozenset(range(6)))
        for code in ("C1", "C2")
    )
    examiners = (
        english_teacher("both", {"C1", "C2"}, {0, 1}),
        english_teacher("a", {"C1"}, {0, 2}),
        english_teacher("b", {"C2"}, {0, 2}),
    )
    return Instance(
        HALF_DAYS,
        EXAMS,
        centres,
        examiners,
        (*english_candidates("C1", 14), *english_candidates("C2", 14)),
    )


def test_two_centres_sharing_an_examiner_need_more_days_together() -> None:
    instance = _instance()
    bounds = relaxed_bounds(instance, lower_bounds(instance), time_limit=5)
    assert {code: days for code, (_h, days) in bounds.per_centre.items()} == {"C1": 1, "C2": 1}
    assert (
        pair_days(
            instance, ("C1", "C2"), {"C1": 1, "C2": 1}, centre_candidates(instance), time_limit=5
        )
        == 3
    )
    raised = shared_bounds(instance, bounds, time_limit=5)
    assert raised.together == ((("C1", "C2"), 3),)
    assert raised.centre_days == 3
    assert raised.per_centre == bounds.per_centre  # no centre alone needs more
    assert [b.message for b in raised.binding if b.resource == "sharing"] == [
        "les centres Lycée C1 et Lycée C2 partagent un examinateur : à eux deux, il leur faut "
        "au moins 3 jours, quand chacun pris seul en demande 1 et 1 (un examinateur ne tient "
        "qu'une place par demi-journée)"
    ]


def test_the_pairs_bound_never_exceeds_the_schedule_and_survives_a_later_raise() -> None:
    instance = _instance()
    report = solve(instance, time_limit=20.0)
    assert report.schedule is not None
    assert check(instance, report.schedule) == []
    assert report.bounds.centre_days == 3 <= report.centre_days
    # A centre's days proven higher later: the pair counts only what it adds beyond.
    assert [b.resource for b in report.bounds.binding].count("sharing") == 1
    raised = raise_days(instance, report.bounds, {"C1": 2}, by="proof")
    assert raised.centre_days == 3 == centre_days_of(raised.per_centre, raised.together)
    # C1 alone now says it all: the pair's words go, C1's proof is said instead.
    assert [b.resource for b in raised.binding if b.centre == "C1"] == ["proof"]


def test_centres_that_share_nobody_keep_their_bound() -> None:
    instance = _instance()
    others = [e for e in instance.examiners if e.id != "both"]
    others += [english_teacher("c1", {"C1"}, {1}), english_teacher("c2", {"C2"}, {1})]
    alone = Instance(
        instance.half_days, instance.exams, instance.centres, tuple(others), instance.candidates
    )
    bounds = relaxed_bounds(alone, lower_bounds(alone), time_limit=5)
    assert shared_bounds(alone, bounds, time_limit=5) is bounds
