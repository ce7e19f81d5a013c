"""Exchanges of shared examiners' half-days between centres (planning.exchange, DEC D110), on
a hand-built instance: the examiner « s » reaches both centres on Monday morning only.

- Centre A: 7 E2 candidates (one session of 7); its own examiner « a2 » is free on Monday
  morning too, so he can stand in for « s ».
- Centre B: 14 E2 candidates (two sessions); its own examiner « b1 » comes on Monday afternoon
  and Tuesday morning. With « s » on Monday morning B holds in one day, without him in two.
"""

from __future__ import annotations

import time

from ndrc.planning.centre_model import CentreResult, Used, with_pairing
from ndrc.planning.exchange import exchange_days
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance, Room, Task
from ndrc.planning.sharing import Sharing, in_use
from tests.planning.solver_instances import ALL, EXAMS, HALF_DAYS


def _centre(code: str) -> Centre:
    return Centre(
        code, f"Lycée {code}", tuple(Room(f"{code}{i}", f"Salle {i}") for i in range(3)), 6, ALL
    )


A, B = _centre("A"), _centre("B")


def _linguist(code: str, centres: set[str], halves: set[int]) -> Examiner:
    return Examiner(
        code,
        code,
        "X",
        frozenset({"language"}),
        frozenset({"en"}),
        frozenset(centres),
        frozenset(halves),
    )


def _instance(*, stand_in: bool) -> Instance:
    examiners = [_linguist("s", {"A", "B"}, {0}), _linguist("b1", {"B"}, {1, 2})]
    if stand_in:
        examiners.append(_linguist("a2", {"A"}, {0}))
    candidates = [
        *(Candidate(f"a{i}", "Y", "A", (Task("E2", "en"),)) for i in range(7)),
        *(Candidate(f"b{i}", "Y", "B", (Task("E2", "en"),)) for i in range(14)),
    ]
    return Instance(HALF_DAYS, dict(EXAMS), (A, B), tuple(examiners), tuple(candidates))


def _solved(instance: Instance, centre: Centre, forbidden: Used) -> CentreResult:
    result = with_pairing(
        instance,
        centre,
        [c for c in instance.candidates if c.centre == centre.code],
        forbidden,
        {},
        10,
        1,
        None,
        stop_at_first=True,
        detail=False,
    )
    assert result.status in ("optimal", "feasible")
    return result


def _state(instance: Instance) -> tuple[Sharing, dict[str, CentreResult]]:
    """« s » given to A, and A's schedule using him; B on its share: two days."""
    sharing = Sharing(instance, Used(), {("s", 0): "A"})
    only_s = Used(examiner={("a2", 0)})
    best = {"A": _solved(instance, A, only_s), "B": _solved(instance, B, sharing.share_of("B"))}
    assert in_use(best["A"]) == {("s", 0)}
    assert best["B"].days == 2
    return sharing, best


def _exchange(instance: Instance, sharing: Sharing, best: dict[str, CentreResult]) -> int:
    return exchange_days(
        instance=instance,
        sharing=sharing,
        best=best,
        chosen=dict.fromkeys(best),
        by_centre={c.code: [x for x in instance.candidates if x.centre == c.code] for c in (A, B)},
        order=[A, B],
        floor={"A": 1, "B": 1},
        workers=1,
        until=time.monotonic() + 30,
    )


def test_a_centre_takes_a_shared_half_day_its_neighbour_can_do_without() -> None:
    instance = _instance(stand_in=True)
    sharing, best = _state(instance)
    assert _exchange(instance, sharing, best) == 1
    assert best["B"].days == 1
    assert ("s", 0) in in_use(best["B"])
    assert in_use(best["A"]) == {("a2", 0)}  # the stand-in took the place of « s »
    assert sharing.owner[("s", 0)] == "B"


def test_nothing_changes_when_no_one_can_stand_in() -> None:
    instance = _instance(stand_in=False)
    sharing, best = _state(instance)
    before = dict(best)
    assert _exchange(instance, sharing, best) == 0
    assert best == before
    assert sharing.owner[("s", 0)] == "A"
