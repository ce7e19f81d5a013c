"""A lower bound on the days of two centres that share examiners (DEC D138).

Each centre's days' bound (`bounds`, `day_bound`) counts every examiner who can reach it as
if the other centres did not need them. An examiner who reaches two centres takes at most one
seat per half-day in all: here the programmes of `day_bound` of two such centres are put in
one model, each examiner's seats on a half-day at most one over both, each centre's days at
least its own bound, and their days together minimised. Any schedule gives such a choice, so
the optimum (or the bound CP-SAT proves when it stops first) is a lower bound on the two
centres' days together. Pairs that share no centre add up: the centre-days bound is each
centre's days plus what each chosen pair needs beyond its two centres'
(`schedule.centre_days_of`). Pairs are tried the most shared examiners first, within the time
given, and chosen the largest gain first.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

from ortools.sat.python import cp_model

from ndrc.planning.aggregate import centre_candidates
from ndrc.planning.day_bound import centre_programme, fewest_days, holds
from ndrc.planning.instance import Candidate, Examiner, Instance
from ndrc.planning.schedule import Binding, Bounds, centre_days_of

PER_PAIR_SECONDS = 1.5  # the benchmark's pairs are proved in 0.1–1.5 s


def _pair_model(
    instance: Instance,
    pair: tuple[str, str],
    candidates: dict[str, list[Candidate]],
    extra: tuple[Examiner, ...] = (),
) -> tuple[cp_model.CpModel, dict[str, list[Any]]] | None:
    """The two centres' programmes in one model, each examiner's seats on a half-day at most
    one over both (``extra`` examiners too); the days of each centre (None: nothing to hold)."""
    model = cp_model.CpModel()
    days: dict[str, list[Any]] = {}
    seats: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for code in pair:
        built = centre_programme(
            instance, instance.centre(code), candidates.get(code, []), extra=extra, model=model
        )
        if built is None:
            continue
        days[code] = list(built.days.values())
        for key, variables in built.seats.items():
            seats[key].extend(variables)
    if not days:
        return None
    for variables in seats.values():
        model.add(sum(variables) <= 1)
    return model, days


def pair_days(
    instance: Instance,
    pair: tuple[str, str],
    floors: dict[str, int],
    candidates: dict[str, list[Candidate]],
    *,
    time_limit: float,
    workers: int = 2,
) -> int | None:
    """The fewest days the two centres need together by their programmes, the shared
    examiners at one seat per half-day over both (None: nothing to hold, or no solution together:
    their own bounds and the solver's diagnosis say what is missing)."""
    built = _pair_model(instance, pair, candidates)
    if built is None:
        return None
    model, days = built
    for code, variables in days.items():
        model.add(sum(variables) >= floors.get(code, 0))
    return fewest_days(model, [v for vs in days.values() for v in vs], time_limit, workers)


def pair_holds(
    instance: Instance,
    pair: tuple[str, str],
    candidates: dict[str, list[Candidate]],
    *,
    time_limit: float,
    workers: int = 2,
    extra: tuple[Examiner, ...] = (),
) -> bool | None:
    """Whether the two centres' programmes hold together (with ``extra`` examiners): True,
    False when CP-SAT proves they cannot (then no schedule holds both), None when it does
    not tell in its time."""
    built = _pair_model(instance, pair, candidates, extra)
    if built is None:
        return True
    return holds(built[0], time_limit, workers)


def shared_bounds(
    instance: Instance, bounds: Bounds, *, time_limit: float, workers: int = 2
) -> Bounds:
    """The centre-days bound raised by the pairs of centres that share examiners, within
    ``time_limit`` seconds; each raising pair said in words."""
    deadline = time.monotonic() + time_limit
    shared: Counter[tuple[str, str]] = Counter()
    for e in instance.examiners:
        if e.id in instance.withdrawn:
            continue
        reached = sorted(e.centres & set(bounds.per_centre))
        for i, a in enumerate(reached):
            for b in reached[i + 1 :]:
                shared[(a, b)] += 1
    floors = {code: days for code, (_halves, days) in bounds.per_centre.items()}
    by_centre = centre_candidates(instance)
    gains: list[tuple[int, tuple[str, str], int]] = []
    for pair, _count in sorted(shared.items(), key=lambda item: (-item[1], item[0])):
        left = deadline - time.monotonic()
        if left < 0.2:
            break
        days = pair_days(
            instance,
            pair,
            floors,
            by_centre,
            time_limit=min(PER_PAIR_SECONDS, left),
            workers=workers,
        )
        if days is not None and days > floors[pair[0]] + floors[pair[1]]:
            gains.append((days - floors[pair[0]] - floors[pair[1]], pair, days))
    together: list[tuple[tuple[str, str], int]] = []
    taken: set[str] = set()
    for _gain, pair, days in sorted(gains, key=lambda item: (-item[0], item[1])):
        if taken.isdisjoint(pair):
            taken.update(pair)
            together.append((pair, days))
    if not together:
        return bounds
    binding = list(bounds.binding)
    for (a, b), days in together:
        binding.append(
            Binding(
                "sharing",
                a,
                f"les centres {instance.centre(a).name} et {instance.centre(b).name} "
                f"partagent {_examiners(shared[(a, b)])} : à eux deux, il leur faut au moins "
                f"{days} jours, quand chacun pris seul en demande {floors[a]} et {floors[b]} "
                "(un examinateur ne tient qu'une place par demi-journée)",
            )
        )
    pairs = tuple(together)
    return replace(
        bounds,
        together=pairs,
        centre_days=centre_days_of(bounds.per_centre, pairs),
        binding=tuple(binding),
    )


def _examiners(count: int) -> str:
    return "un examinateur" if count == 1 else f"{count} examinateurs"
