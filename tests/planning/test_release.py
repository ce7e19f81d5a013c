"""A centre proven short with its share of the shared examiners has the centre holding the
half-days it needs solved again on its days, using as few of them as it can (D137)."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from ndrc.planning.aggregate import centre_candidates
from ndrc.planning.bounds import lower_bounds
from ndrc.planning.centre_model import Used, with_pairing
from ndrc.planning.improvement import improve_centres
from ndrc.planning.instance import Centre, Instance, Room
from ndrc.planning.sharing import Sharing, in_use
from tests.planning.solver_instances import (
    EXAMS,
    HALF_DAYS,
    english_candidates,
    english_teacher,
)


def _instance() -> Instance:
    """C1 needs one English session, C2 two (one day holds them). « both » reaches the two
    centres on half-days 0, 1 (the first day) and 2; « own », C1's, only on half-day 1."""
    centres = tuple(
        Centre(code, f"Lycée {code}", (Room(f"{code}-S1", "Salle 1"),), 2, frozenset(range(6)))
        for code in ("C1", "C2")
    )
    examiners = (
        english_teacher("both", {"C1", "C2"}, {0, 1, 2}),
        english_teacher("own", {"C1"}, {1}),
    )
    return Instance(
        HALF_DAYS,
        EXAMS,
        centres,
        examiners,
        (*english_candidates("C1", 7), *english_candidates("C2", 14)),
    )


def _forbidden(keys: set[tuple[str, int]]) -> Used:
    used = Used()
    used.examiner.update(keys)
    return used


_ON_THE_FIRST_MORNING = _forbidden({("own", 1), ("both", 1), ("both", 2)})


def _improve(instance: Instance, bounds: Any, sharing: Sharing, by_centre: Any) -> None:
    """The improvement's passes on the two centres' recorded solutions (30 s at most)."""
    improve_centres(
        instance=instance,
        bounds=bounds,
        sharing=sharing,
        by_centre=by_centre,
        order=list(instance.centres),
        prev_half={},
        workers=2,
        deadline=time.monotonic() + 30.0,
        progress=None,
    )


def _first(instance: Instance, code: str, by_centre: Any, forbidden: Used) -> Any:
    """The centre's solution without the examiners' half-days ``forbidden``."""
    return with_pairing(
        instance, instance.centre(code), by_centre[code], forbidden, {}, 5.0, 2, None
    )


def test_avoided_half_days_are_left_when_the_centre_can_do_without_them() -> None:
    instance = _instance()
    c1 = instance.centre("C1")
    candidates = centre_candidates(instance)["C1"]
    # C1's solution on « both »'s first half-day, then the same question avoiding it.
    first = with_pairing(instance, c1, candidates, _ON_THE_FIRST_MORNING, {}, 5.0, 2, None)
    assert in_use(first) == {("both", 0)}
    again = with_pairing(
        instance,
        c1,
        candidates,
        Used(),
        {},
        5.0,
        2,
        frozenset({HALF_DAYS[0].day}),
        hint=first.values,
        detail=False,
        avoid=frozenset({("both", 0), ("both", 1)}),
    )
    assert again.status in ("optimal", "feasible")
    assert in_use(again) == {("own", 1)}
    assert again.days == 1


def test_a_centre_short_with_its_share_gets_what_the_holder_can_free() -> None:
    instance = _instance()
    by_centre = centre_candidates(instance)
    bounds = lower_bounds(instance)
    assert bounds.per_centre["C2"][1] == 1
    owner: dict[tuple[str, int], str] = {("both", 0): "C1", ("both", 1): "C2", ("both", 2): "C2"}
    sharing = Sharing(instance, Used(), owner)
    # C1 holds « both » on the first morning, though its own teacher could examine that
    # afternoon; C2, with the rest, opens two days where one would do.
    c1 = _first(instance, "C1", by_centre, _ON_THE_FIRST_MORNING)
    c2 = _first(instance, "C2", by_centre, _forbidden({("both", 0)}))
    sharing.record("C1", c1)
    sharing.record("C2", c2)
    assert (in_use(c1), c1.days, c2.days) == ({("both", 0)}, 1, 2)
    _improve(instance, bounds, sharing, by_centre)
    days: dict[str, set[object]] = defaultdict(set)
    examiners: dict[str, set[str]] = defaultdict(set)
    for code in ("C1", "C2"):
        for s in sharing.results[code].sittings:
            days[code].add(instance.half_days[s.half_day].day)
            examiners[code].update(s.examiners)
    assert {code: len(d) for code, d in days.items()} == {"C1": 1, "C2": 1}
    assert examiners == {"C1": {"own"}, "C2": {"both"}}


def test_what_the_others_freed_goes_back_when_the_short_centre_closes_no_day() -> None:
    """C1 (two sessions) holds « both » on the first day; freed, it can examine the afternoon
    with its own teacher. C2 (two sessions) has « both » on two mornings of two days: the
    afternoon C1 frees is not enough for one day (it also needs the morning C1 keeps). So the
    shares go back as they were: the afternoon stays C1's (D137)."""
    centres = tuple(
        Centre(code, f"Lycée {code}", (Room(f"{code}-S1", "Salle 1"),), 2, frozenset(range(6)))
        for code in ("C1", "C2")
    )
    instance = Instance(
        HALF_DAYS,
        EXAMS,
        centres,
        (
            english_teacher("both", {"C1", "C2"}, {0, 1, 2, 4}),
            english_teacher("own", {"C1"}, {1}),
        ),
        (*english_candidates("C1", 14), *english_candidates("C2", 14)),
    )
    by_centre = centre_candidates(instance)
    bounds = lower_bounds(instance)
    assert bounds.per_centre["C2"][1] == 1
    owner = {("both", 0): "C1", ("both", 1): "C1", ("both", 2): "C2", ("both", 4): "C2"}
    sharing = Sharing(instance, Used(), dict(owner))
    c1 = _first(instance, "C1", by_centre, _forbidden({("own", 1), ("both", 2), ("both", 4)}))
    c2 = _first(instance, "C2", by_centre, _forbidden({("both", 0), ("both", 1)}))
    sharing.record("C1", c1)
    sharing.record("C2", c2)
    assert (in_use(c1), c1.days, c2.days) == ({("both", 0), ("both", 1)}, 1, 2)
    _improve(instance, bounds, sharing, by_centre)
    assert sharing.owner[("both", 1)] == "C1"  # freed, not kept by C2: back to C1
    days = {instance.half_days[s.half_day].day for s in sharing.results["C2"].sittings}
    assert len(days) == 2
