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
then is solved alone; the centres it then takes examiners from are solved again. A centre
solved alone whose programme, beside a centre it shares examiners with, is proven to hold no
schedule declares the instance infeasible at once, the pair named (`sharing_diagnosis`, D143).
Only a centre infeasible alone, or still short after many such exchanges, is declared
infeasible otherwise, and its diagnosis comes from relaxing one resource at a time. Then each
centre's days' bound is raised by the relaxation of `day_bound` (D135), and each centre, on a
time in proportion to its candidates, closes the lightest day of its last solution (then the
next lightest, then one day fewer where the solver chooses), each trial hinted by the last
solution, and optimises on the days kept; it stops as soon as it reaches its two lower bounds.
"""

from __future__ import annotations

import copy
import time
from collections import defaultdict
from dataclasses import replace

from ndrc.planning.allocation import allocate_shared
from ndrc.planning.bounds import lower_bounds
from ndrc.planning.centre_model import CentreResult, Used, with_pairing
from ndrc.planning.day_bound import relaxed_bounds
from ndrc.planning.diagnosis import diagnose
from ndrc.planning.improvement import Progress, improve_centres
from ndrc.planning.instance import Candidate, Centre, Instance
from ndrc.planning.raising import raise_days
from ndrc.planning.schedule import Bounds, Schedule, Sitting, SolveReport
from ndrc.planning.shared_bound import shared_bounds
from ndrc.planning.sharing import Sharing
from ndrc.planning.sharing_diagnosis import pair_short, too_few_shared

RELAXATION_SHARE = 0.1  # of the time left after the first schedule, for the days' bounds
SHARED_SHARE = 0.06  # of the time left then, for the bound of the centres that share examiners
# Kept at the end of the time limit for what follows the last centre's search: its detailing
# into sittings and the schedule's values (0.2–0.8 s measured at 120 s), so that the whole
# solve ends within the limit.
FINISH_MARGIN = 0.02
# At most this long, once per centre, to prove that a centre with a schedule alone and none
# with what the others leave cannot hold beside a centre it shares examiners with (D143).
PAIR_CHECK_SECONDS = 3.0


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
    sharing = Sharing(instance, used, allocate_shared(instance, order, used.examiner))
    results, usage, owner = sharing.results, sharing.usage, sharing.owner
    share_of, record = sharing.share_of, sharing.record

    # 1. A first schedule of every centre, each stopped at its first solution. A centre that
    # finds none with its share takes every half-day the others do not use; if it still finds
    # none, it is solved alone (nothing taken by the others): only then is it infeasible, and
    # the centres whose examiners it took are solved again.
    queue = list(order)
    rounds = 0
    paired: set[str] = set()
    while queue:
        centre = queue.pop(0)
        rounds += 1
        remaining = time_limit - (time.monotonic() - started)
        # With its share, then with what the others leave: a short time each (a centre that
        # has enough finds its first solution in about a second); alone: half of what is left.
        budget = max(1.0, min(6.0, remaining / 2))
        cands = by_centre[centre.code]

        def first(forbidden: Used, limit: float, centre: Centre = centre) -> CentreResult:
            """The centre's first solution, not using what ``forbidden`` holds."""
            return with_pairing(
                instance,
                centre,
                by_centre[centre.code],
                forbidden,
                prev_half,
                limit,
                workers,
                None,
                stop_at_first=True,
            )

        result = first(share_of(centre.code), budget)
        if result.status not in ("optimal", "feasible"):
            sharing.take_unheld(centre)
            result = first(share_of(centre.code), budget)
        if result.status not in ("optimal", "feasible"):
            result = first(used, max(budget, (time_limit - (time.monotonic() - started)) / 2))
            if result.status in ("optimal", "feasible") and centre.code not in paired:
                # A schedule alone, none with what the others leave: are the examiners it
                # shares too few for it and one of them together? (D143)
                paired.add(centre.code)
                short = pair_short(
                    instance,
                    centre,
                    by_centre,
                    deadline=time.monotonic() + min(PAIR_CHECK_SECONDS, remaining / 4),
                    workers=workers,
                )
                if short is not None:
                    return SolveReport(
                        status="infeasible",
                        schedule=None,
                        bounds=bounds,
                        diagnosis=(short,),
                        seconds=time.monotonic() - started,
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
                if result.status != "infeasible":
                    diagnosis = (
                        too_few_shared(instance, centre, by_centre),
                        *(b for b in diagnosis if b.resource != "combined"),
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
    # The centres' days' bounds raised by the relaxation of D135 (a few seconds): the passes
    # below then never try a number of days it proves impossible.
    bounds = relaxed_bounds(
        instance,
        bounds,
        time_limit=min(RELAXATION_SHARE * (time_limit - first_feasible), 24.0),
        workers=workers,
    )
    # The centre-days bound raised by the pairs of centres that share examiners (D138).
    bounds = shared_bounds(
        instance,
        bounds,
        time_limit=min(SHARED_SHARE * (time_limit - (time.monotonic() - started)), 8.0),
        workers=workers,
    )
    # 2. Each centre improved on its own share (`improvement.improve_centres`).
    proven = improve_centres(
        instance=instance,
        bounds=bounds,
        sharing=sharing,
        by_centre=by_centre,
        order=order,
        prev_half=prev_half,
        workers=workers,
        deadline=started + time_limit * (1 - FINISH_MARGIN),
        progress=progress,
    )
    bounds = raise_days(instance, bounds, proven, by="proof")
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
