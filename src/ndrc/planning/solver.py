"""The schedule of the orals and practicals: an aggregated CP-SAT model per centre, then the
detailing into commissions, rooms, minutes and candidates (design note « What works »).

Per centre, integer counts ``x[g, t, h]``: candidates of group g (establishment, exam, language,
slot length) examined by examiner t (the commission's first seat) on half-day h; Booleans
``y[t, h, m]`` « t runs exam m on h » and ``y2[s, h, m]`` « s takes the second seat of an m
commission on h ». Own-establishment and wrong-language pairs have no variable. Rooms, computer
posts and loge seats are linear per half-day. Candidates of one profile (same establishment,
same units) are counted per unit and half-day, at most the profile's size per half-day: König's
theorem then splits the counts into individual timetables with one exam per half-day
(`colouring.split_counts`). Centres are independent once the half-days of the examiners who
reach several centres are shared out (`allocation.allocate_shared`: each goes where
examiners of its kinds are scarcest against the sessions needed).

Objective, weighted so that it is lexicographic (weights below): centre-days, then examiner
half-days, then, together, the heaviest examiner's load (balanced loads) and teachers taking a
professional's seat. The candidates' trips are not in the model (reported only); in a
re-planning, moving a candidate's exam to another half-day weighs more than everything else.

First every centre gets a schedule, stopped at its first solution: the whole schedule exists
early. A centre that finds none with its share takes every half-day the others do not use,
then is solved alone; the centres it then takes examiners from are solved again. Only a centre
infeasible alone, or still short after many such exchanges, is declared infeasible, and its
diagnosis comes from relaxing one resource at a time. Then each centre, on a time in proportion
to its candidates, closes the lightest day of its last solution (then the next lightest, then
one day fewer where the solver chooses), each trial hinted by the last solution, and optimises
on the days kept; it stops as soon as it reaches its two lower bounds.
"""

from __future__ import annotations

import copy
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from ndrc.planning.allocation import allocate_shared
from ndrc.planning.bounds import lower_bounds
from ndrc.planning.centre_model import CentreResult, Used, with_pairing
from ndrc.planning.diagnosis import diagnose
from ndrc.planning.instance import Candidate, Centre, Instance
from ndrc.planning.schedule import Binding, Bounds, Schedule, Sitting, SolveReport

Progress = Callable[[float, str], None]


def _reaches(reach: dict[str, frozenset[str]], key: tuple[str, int], centre: Centre) -> bool:
    """Whether the examiner's half-day may serve the centre (``reach``: the centres of each
    examiner)."""
    return centre.code in reach[key[0]] and key[1] in centre.open


def _in_use(result: CentreResult) -> set[tuple[str, int]]:
    """The examiners' half-days a centre's solution uses."""
    return {
        (k[1][0], k[1][1]) for k, value in result.values.items() if k[0] in ("y", "y2") and value
    }


def _days_by_load(instance: Instance, result: CentreResult) -> list[date]:
    """The days a solution opens, the fewest sessions first."""
    load: dict[date, int] = defaultdict(int)
    for key, value in result.values.items():
        if key[0] in ("y", "y2") and value:
            load[instance.half_days[key[1][1]].day] += 1
    return sorted(load, key=lambda day: (load[day], day))


def _kept(instance: Instance, previous: Schedule) -> tuple[list[Sitting], set[tuple[str, str]]]:
    """The previous sittings that stay (no withdrawn examiner, no lost room) and the
    (candidate, exam) pairs to place again."""
    lost: set[tuple[str, int, str]] = set()  # sessions (first examiner, half-day, room) hit
    for s in previous.sittings:
        if s.room in instance.rooms_lost or any(e in instance.withdrawn for e in s.examiners):
            lost.add((s.examiners[0] if s.examiners else "", s.half_day, s.room))
    kept: list[Sitting] = []
    again: set[tuple[str, str]] = set()
    wanted = {(c.id, t.exam) for c in instance.candidates for t in c.tasks}
    for s in previous.sittings:
        if (s.candidate, s.exam) not in wanted:
            continue  # a candidate or an exam no longer in the session
        if (s.examiners[0] if s.examiners else "", s.half_day, s.room) in lost:
            again.add((s.candidate, s.exam))
        else:
            kept.append(s)
    placed = {(s.candidate, s.exam) for s in previous.sittings}
    for c in instance.candidates:
        for t in c.tasks:
            if (c.id, t.exam) not in placed:
                again.add((c.id, t.exam))
    return kept, again


def solve(
    instance: Instance,
    *,
    time_limit: float = 120.0,
    workers: int = 2,
    progress: Progress | None = None,
    previous: Schedule | None = None,
) -> SolveReport:
    """The schedule, its values and bounds; with ``previous``, a re-planning: the sittings
    that use no withdrawn examiner and no lost room stay as they are, the others are placed
    again, on their former half-day when possible. When that is impossible, every sitting may
    move, moves weighing more than anything else."""
    started = time.monotonic()
    bounds = lower_bounds(instance)
    if bounds.infeasible:
        return SolveReport(
            status="infeasible",
            schedule=None,
            bounds=bounds,
            diagnosis=bounds.binding,
            seconds=time.monotonic() - started,
        )
    report = _solve(instance, bounds, started, time_limit, workers, progress, previous, True)
    if previous is not None and report.schedule is None:
        report = _solve(instance, bounds, started, time_limit, workers, progress, previous, False)
    return report


def _solve(
    instance: Instance,
    bounds: Bounds,
    started: float,
    time_limit: float,
    workers: int,
    progress: Progress | None,
    previous: Schedule | None,
    keep: bool,
) -> SolveReport:
    used = Used()
    kept: list[Sitting] = []
    prev_half: dict[tuple[str, str], int] = {}
    candidates = list(instance.candidates)
    if previous is not None:
        for s in previous.sittings:
            prev_half[(s.candidate, s.exam)] = s.half_day
    if previous is not None and keep:
        kept, again = _kept(instance, previous)
        for s in kept:
            used.candidate[s.candidate].add(s.half_day)
            used.examiner.update((e, s.half_day) for e in s.examiners)
            used.room.add((s.room, s.half_day))
            used.days.add((s.centre, instance.half_days[s.half_day].day))
        # One loge seat per kept commission with a loge, on its half-day.
        for centre_code, h in [
            (s.centre, s.half_day)
            for s in {
                (s.centre, s.half_day, s.room): s for s in kept if s.loge_start < s.start
            }.values()
        ]:
            used.loge[(centre_code, h)] += 1
        candidates = [
            replace(c, tasks=tuple(t for t in c.tasks if (c.id, t.exam) in again))
            for c in instance.candidates
            if any((c.id, t.exam) in again for t in c.tasks)
        ]
    by_centre: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_centre[c.centre].append(c)

    def pressure(centre: Centre) -> float:
        demand = sum(len(c.tasks) for c in by_centre[centre.code])
        supply = (
            sum(
                len(e.available & centre.open) / len(e.centres)
                for e in instance.examiners
                if centre.code in e.centres
            )
            or 1
        )
        return -demand / supply

    order = sorted((c for c in instance.centres if by_centre[c.code]), key=pressure)
    owner = allocate_shared(instance, order, used.examiner)
    reach = {e.id: e.centres for e in instance.examiners}
    results: dict[str, CentreResult] = {}
    usage: dict[str, set[tuple[str, int]]] = {}

    def share_of(code: str) -> Used:
        """What the centre may not use: the base, and the examiners' half-days given to
        another centre."""
        mine = copy.deepcopy(used)
        mine.examiner.update(k for k, c in owner.items() if c != code)
        return mine

    def record(code: str, result: CentreResult) -> None:
        results[code] = result
        usage[code] = {(e, s.half_day) for s in result.sittings for e in s.examiners}
        for k in usage[code]:
            owner[k] = code

    # 1. A first schedule of every centre, each stopped at its first solution. A centre that
    # finds none with its share takes every half-day the others do not use; if it still finds
    # none, it is solved alone (nothing taken by the others): only then is it infeasible, and
    # the centres whose examiners it took are solved again.
    queue = list(order)
    rounds = 0
    while queue:
        centre = queue.pop(0)
        rounds += 1
        remaining = time_limit - (time.monotonic() - started)
        # With its share, then with what the others leave: a short time each (a centre that
        # has enough finds its first solution in about a second); alone: half of what is left.
        budget = max(1.0, min(6.0, remaining / 2))
        cands = by_centre[centre.code]
        result = with_pairing(
            instance,
            centre,
            cands,
            share_of(centre.code),
            prev_half,
            budget,
            workers,
            None,
            stop_at_first=True,
        )
        if result.status not in ("optimal", "feasible"):
            held = set().union(*(u for c, u in usage.items() if c != centre.code))
            for key, code in list(owner.items()):
                if code != centre.code and key not in held and _reaches(reach, key, centre):
                    owner[key] = centre.code
            result = with_pairing(
                instance,
                centre,
                cands,
                share_of(centre.code),
                prev_half,
                budget,
                workers,
                None,
                stop_at_first=True,
            )
        if result.status not in ("optimal", "feasible"):
            result = with_pairing(
                instance,
                centre,
                cands,
                used,
                prev_half,
                max(budget, (time_limit - (time.monotonic() - started)) / 2),
                workers,
                None,
                stop_at_first=True,
            )
            if result.status == "infeasible" or (
                result.status != "unknown" and rounds > 2 * len(order)
            ):
                # Infeasible alone; or feasible alone only with examiners the others need,
                # round after round: the shared examiners are too few for both.
                taken = copy.deepcopy(used)
                if result.status != "infeasible":
                    taken.examiner.update(
                        set().union(*(u for c, u in usage.items() if c != centre.code))
                    )
                diagnosis = diagnose(
                    instance, centre, cands, taken, prev_half, min(5.0, budget), workers
                )
                return SolveReport(
                    status="infeasible",
                    schedule=None,
                    bounds=bounds,
                    diagnosis=diagnosis,
                    seconds=time.monotonic() - started,
                )
            if result.status == "unknown":
                return SolveReport(
                    status="unknown",
                    schedule=None,
                    bounds=bounds,
                    seconds=time.monotonic() - started,
                )
        record(centre.code, result)
        for other, theirs in list(usage.items()):
            if other != centre.code and theirs & usage[centre.code]:
                del usage[other], results[other]
                for key in theirs - usage[centre.code]:
                    owner[key] = other
                queue.append(instance.centre(other))
    first_feasible = time.monotonic() - started
    # 2. Each centre improved on its own share of examiners (the owners no longer change):
    # fewer days first, then examiner half-days; a centre stops at its two bounds.
    best: dict[str, CentreResult] = dict(results)
    chosen: dict[str, frozenset[date] | None] = dict.fromkeys(results)
    mine = {centre.code: share_of(centre.code) for centre in order}
    target = {centre.code: bounds.per_centre.get(centre.code, (0, 0)) for centre in order}

    def time_left() -> float:
        return time_limit - (time.monotonic() - started)

    floor = {code: max(1, days) for code, (_h, days) in target.items()}

    def borrow(centre: Centre) -> bool:
        """The shared examiners' half-days other centres own but do not use, given to this
        one (those centres' solutions stay as they are)."""
        taken = False
        for other in order:
            if other.code == centre.code:
                continue
            busy = _in_use(best[other.code])
            for key, code in owner.items():
                if code == other.code and key not in busy and _reaches(reach, key, centre):
                    owner[key] = centre.code
                    taken = True
        if taken:
            for c in order:
                mine[c.code] = share_of(c.code)
        return taken

    proven: dict[str, int] = {}  # days a centre needs, proven with every examiner it reaches
    settled: set[str] = set()  # centres whose proof went no further

    def alone_infeasible(centre: Centre, days: int, limit: float) -> bool:
        """Whether CP-SAT proves the centre cannot hold its candidates in that many days even
        with every examiner who can reach it (a relaxation: its days' bound rises)."""
        code = centre.code
        trial = with_pairing(
            instance,
            centre,
            by_centre[code],
            used,
            prev_half,
            limit,
            workers,
            None,
            stop_at_first=True,
            detail=False,
            max_days=days,
        )
        return trial.status == "infeasible"

    def improve(
        centre: Centre, limit: float, days: frozenset[date] | None, fewer: int | None
    ) -> str:
        """One trial with fewer days, hinted by the centre's best solution so far."""
        code = centre.code
        trial = with_pairing(
            instance,
            centre,
            by_centre[code],
            mine[code],
            prev_half,
            limit,
            workers,
            days,
            hint=best[code].values,
            stop_at_first=True,
            detail=False,
            max_days=fewer,
        )
        if trial.status in ("optimal", "feasible"):
            best[code], chosen[code] = trial, frozenset(_days_by_load(instance, trial))
        return trial.status

    if not prev_half:
        # 2a. Straight at the days' bound, the solver choosing the days, smallest centre
        # first: a small centre often gets there in a second; where that is proven
        # impossible, one day more.
        quick = time.monotonic() + 0.15 * time_left()
        small_first = sorted(order, key=lambda c: (len(by_centre[c.code]), c.code))
        for centre in small_first:
            code = centre.code
            count = floor[code]
            while best[code].days > count:
                limit = min(2.5, quick - time.monotonic())
                if limit < 0.3 or improve(centre, limit, None, count) != "infeasible":
                    break
                if code not in settled:
                    if alone_infeasible(centre, count, limit):
                        proven[code] = count + 1
                    else:
                        settled.add(code)
                floor[code] = count = count + 1
        # 2b. Then a day at a time: the day of the best solution with the fewest sessions
        # is closed (then the next lightest, then one day fewer where the solver chooses),
        # on about half the time left, shared in proportion to the candidates of the
        # centres still above their bound.
        above = [c for c in order if best[c.code].days > floor[c.code]]
        closing_end = time.monotonic() + 0.5 * time_left()
        for done, centre in enumerate(above):
            code = centre.code
            weight = sum(len(by_centre[c.code]) for c in above[done:])
            share = (closing_end - time.monotonic()) * len(by_centre[code]) / max(1, weight)
            until = time.monotonic() + share
            misses = 0
            while best[code].days > floor[code] and misses < 3:
                limit = min(until - time.monotonic(), max(1.5, share * 0.4))
                if limit < 0.5:
                    break
                light = _days_by_load(instance, best[code])
                if misses < 2 and len(light) > misses:
                    days = frozenset(light[:misses] + light[misses + 1 :])
                    closed = improve(centre, limit, days, None) in ("optimal", "feasible")
                    misses = 0 if closed else misses + 1
                else:
                    # Neither of the two lightest days can close: the solver chooses which.
                    fewer = best[code].days - 1
                    closed = improve(centre, limit, None, fewer) in ("optimal", "feasible")
                    misses = 0 if closed else misses + 1
        # 2c. A centre proven unable to reach its bound with its share of examiners borrows
        # the half-days of shared examiners that the other centres' solutions, now on fewer
        # days, leave unused; then it tries again from its bound.
        for centre in small_first:
            code = centre.code
            if floor[code] <= max(1, target[code][1]) or not borrow(centre):
                continue
            floor[code] = count = max(1, target[code][1])
            while best[code].days > count:
                limit = min(2.5, 0.2 * time_left())
                if limit < 0.3 or improve(centre, limit, None, count) != "infeasible":
                    break
                floor[code] = count = count + 1
    # 2d. Each centre optimised on the days kept (examiner half-days, loads) and detailed,
    # the time left shared in proportion to the candidates of the centres still to do.
    for done, centre in enumerate(order):
        code = centre.code
        weight = sum(len(by_centre[c.code]) for c in order[done:])
        share = max(0.5, time_left() * len(by_centre[code]) / max(1, weight))
        final = with_pairing(
            instance,
            centre,
            by_centre[code],
            mine[code],
            prev_half,
            share,
            workers,
            chosen[code],
            hint=best[code].values,
            target=target[code],
        )
        if final.status not in ("optimal", "feasible") and chosen[code] is not None:
            # No time left to improve: the best solution found, fixed, only detailed.
            final = with_pairing(
                instance,
                centre,
                by_centre[code],
                mine[code],
                prev_half,
                5.0,
                workers,
                chosen[code],
                hint=best[code].values,
                fix_hint=True,
            )
        if final.status in ("optimal", "feasible") and final.sittings:
            halves = {(e, s.half_day) for s in final.sittings for e in s.examiners}
            exact = final.status == "optimal" or (
                final.days <= target[code][1] and len(halves) <= target[code][0]
            )
            record(code, replace(final, status="optimal" if exact else "feasible"))
        if progress is not None:
            progress(
                (done + 1) / len(order),
                f"Centre {centre.name} planifié ({done + 1} sur {len(order)})",
            )
    bounds = _raised(instance, bounds, proven)
    statuses = [results[centre.code].status for centre in order]
    sittings = list(kept)
    for centre in order:
        sittings.extend(results[centre.code].sittings)
    schedule = Schedule(tuple(sorted(sittings)))
    changed: tuple[str, ...] = ()
    if previous is not None:
        old = {(s.candidate, s.exam): s for s in previous.sittings}
        changed = tuple(
            sorted({s.candidate for s in schedule.sittings if old.get((s.candidate, s.exam)) != s})
        )
    values = _values(instance, schedule)
    return SolveReport(
        status="optimal" if all(s == "optimal" for s in statuses) else "feasible",
        schedule=schedule,
        bounds=bounds,
        examiner_half_days=values[0],
        centre_days=values[1],
        load_spread=values[2],
        trips=values[3],
        first_feasible_seconds=first_feasible,
        seconds=time.monotonic() - started,
        changed=changed,
    )


def _raised(instance: Instance, bounds: Bounds, proven: dict[str, int]) -> Bounds:
    """The centre-days bound raised where CP-SAT proved a centre needs more days, the
    binding resource of that centre said as such."""
    raised = {
        code: (halves, max(days, proven.get(code, 0)))
        for code, (halves, days) in bounds.per_centre.items()
    }
    higher = {code for code in raised if raised[code][1] > bounds.per_centre[code][1]}
    if not higher:
        return bounds
    binding = [b for b in bounds.binding if b.centre not in higher]
    for code in sorted(higher):
        days = raised[code][1]
        fewer = "un jour" if days == 2 else f"{days - 1} jours"
        binding.append(
            Binding(
                "proof",
                code,
                f"au centre {instance.centre(code).name}, il faut au moins {days} jours : "
                f"le solveur prouve qu'aucun planning ne tient en {fewer}, même avec "
                "tous les examinateurs qui peuvent s'y rendre",
            )
        )
    return replace(
        bounds,
        per_centre=raised,
        centre_days=sum(days for _halves, days in raised.values()),
        binding=tuple(binding),
    )


def _values(instance: Instance, schedule: Schedule) -> tuple[int, int, int, int]:
    examiner_halves = {(e, s.half_day) for s in schedule.sittings for e in s.examiners}
    centre_days = {(s.centre, instance.half_days[s.half_day].day) for s in schedule.sittings}
    loads: dict[str, int] = defaultdict(int)
    for e, _h in examiner_halves:
        loads[e] += 1
    spread = max(loads.values()) - min(loads.values()) if loads else 0
    trips = len(
        {(s.candidate, s.centre, instance.half_days[s.half_day].day) for s in schedule.sittings}
    )
    return len(examiner_halves), len(centre_days), spread, trips
