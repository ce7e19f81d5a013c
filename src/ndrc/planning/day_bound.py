"""A lower bound on a centre's days stronger than each resource taken alone (DEC D135).

The resources' bound (`bounds`) takes the fewest best days of each resource separately: an
examiner who may hold the E4, the E5 practical and the E6 counts in full for each of them, and
each resource may pick its own days. Here the days are chosen once for all of them: a small
CP-SAT programme per centre, without the candidates, with
- ``z[d]``: the centre opens on day d;
- ``w[e, h, f, s]``: examiner e takes seat s of an exam f commission on half-day h (available,
  the centre open, the day opened), at most one seat per examiner and half-day;
- each exam's sessions at least the sessions its candidates need (the larger of the count and
  the pooled count of D108), each language's sessions held by examiners who speak it, the
  sessions of each establishment's candidates held by examiners of other establishments, as
  many second seats as first seats on each half-day;
- per half-day, oral sessions ≤ oral rooms, practical sessions ≤ what the posts allow, sessions
  with a loge ≤ loge seats; half-days open ≥ the most exams one candidate has.

Every schedule of the product gives such a choice (each of its commissions is one first seat
and its second seats, on a half-day of a day it opens), so the programme's optimum, and the
bound CP-SAT proves when it stops before the optimum, are lower bounds on the centre's days.
Every examiner who can reach the centre counts for it, as if the others did not need them.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from ndrc.planning.additions import additions
from ndrc.planning.aggregate import (
    centre_candidates,
    centre_length,
    seat_eligible,
    units,
    usable_rooms,
)
from ndrc.planning.bounds import centre_demands
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance
from ndrc.planning.raising import raise_days
from ndrc.planning.schedule import Bounds
from ndrc.planning.session_bound import establishment_floors, exam_floors


@dataclass(frozen=True)
class Programme:
    model: cp_model.CpModel
    days: dict[date, Any]  # z[d]: the centre opens on day d
    seats: dict[tuple[str, int], list[Any]]  # (examiner, half-day) → the seats it may take


PER_CENTRE_SECONDS = 2.0  # the programmes of the benchmark are proved in 0.05–0.9 s
HELP_SECONDS = 0.5  # per addition tried, to say what would lower a raised bound


def centre_programme(
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    *,
    extra: tuple[Examiner, ...] = (),
    more: tuple[int, int, int] = (0, 0, 0),
    model: cp_model.CpModel | None = None,
) -> Programme | None:
    """The centre's programme (None: nothing to hold), in ``model`` when given (with another
    centre's: `shared_bound`); ``extra`` examiners and ``more`` (oral rooms, practical
    sessions, loge seats) added, to say what would lower its days."""
    model = model if model is not None else cp_model.CpModel()
    z: dict[date, Any] = {}
    exams = instance.exams
    opened = sorted(centre.open)
    demands = centre_demands(instance, centre)
    if not demands or not opened:
        return None
    length = centre_length(instance, centre)
    sessions = exam_floors(instance, centre, candidates, length)
    languages: dict[str, set[str]] = defaultdict(set)
    for family, language in demands:
        languages[family].add(language)
    day_of = {h: instance.half_days[h].day for h in opened}
    for day in sorted(set(day_of.values())):
        z[day] = model.new_bool_var("")
    examiners = [
        e for e in instance.examiners if e.id not in instance.withdrawn and centre.code in e.centres
    ] + list(extra)
    by_id = {e.id: e for e in examiners}
    w: dict[tuple[str, int, str, int], Any] = {}
    seats_of: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for family in sorted(sessions):
        exam = exams[family]
        for seat in range(len(exam.seats)):
            for e in examiners:
                if seat == 0:
                    able = any(
                        seat_eligible(e, exam, 0, language, centre)
                        for language in languages[family]
                    )
                else:
                    able = seat_eligible(e, exam, seat, "", centre)
                if not able:
                    continue
                for h in opened:
                    if h in e.available:
                        w[(e.id, h, family, seat)] = var = model.new_bool_var("")
                        seats_of[(e.id, h)].append(var)
    for (_eid, h), variables in seats_of.items():
        model.add(sum(variables) <= z[day_of[h]])
    firsts: dict[str, list[tuple[str, int, Any]]] = defaultdict(list)
    others: dict[tuple[str, int, int], list[Any]] = defaultdict(list)
    for (eid, h, family, seat), var in w.items():
        if seat == 0:
            firsts[family].append((eid, h, var))
        else:
            others[(family, seat, h)].append(var)
    by_establishment = establishment_floors(instance, candidates, length)
    for family, needed in sessions.items():
        exam = exams[family]
        mine = firsts[family]
        model.add(sum(var for _e, _h, var in mine) >= needed)
        if exam.language_bound:
            for language in languages[family]:
                model.add(
                    sum(var for eid, _h, var in mine if language in by_id[eid].languages)
                    >= demands[(family, language)]
                )
        for seat in range(1, len(exam.seats)):
            for h in opened:
                model.add(
                    sum(others[(family, seat, h)]) == sum(var for _e, hh, var in mine if hh == h)
                )
        for (establishment, language), floor in by_establishment.get(family, {}).items():
            model.add(
                sum(
                    var
                    for eid, _h, var in mine
                    if by_id[eid].establishment != establishment
                    and (not exam.language_bound or language in by_id[eid].languages)
                )
                >= floor
            )
    orals, post_sessions = usable_rooms(instance, centre)
    orals, post_sessions, loge_seats = (
        orals + more[0],
        post_sessions + more[1],
        centre.loge_seats + more[2],
    )
    per_half: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    for family, mine in firsts.items():
        for _eid, h, var in mine:
            per_half[h].append((family, var))
    for h in opened:
        here = per_half[h]
        model.add(sum(v for f, v in here if not exams[f].needs_post) <= orals)
        model.add(sum(v for f, v in here if exams[f].needs_post) <= post_sessions)
        model.add(sum(v for f, v in here if exams[f].loge > 0) <= loge_seats)
    most = max((len(units(instance, c)) for c in candidates), default=0)
    halves_of: dict[date, int] = defaultdict(int)
    for h in opened:
        halves_of[day_of[h]] += 1
    model.add(sum(halves_of[day] * var for day, var in z.items()) >= most)
    return Programme(model, z, dict(seats_of))


def relaxed_days(
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    *,
    time_limit: float,
    workers: int = 2,
) -> int | None:
    """The fewest days the centre needs by the programme, with every examiner who can reach
    it (the bound CP-SAT proves when it stops first); None when the programme has no
    solution (the other bounds, or the solver's diagnosis, then say what is missing)."""
    built = centre_programme(instance, centre, candidates)
    if built is None:
        return 0
    return fewest_days(built.model, list(built.days.values()), time_limit, workers)


def fewest_days(
    model: cp_model.CpModel, days: list[Any], time_limit: float, workers: int
) -> int | None:
    """The least sum of the ``days`` Booleans the model allows: the optimum, or the bound
    CP-SAT proves when it stops first; None when the model has no solution."""
    model.minimize(sum(days))
    solver, status = _solve(model, time_limit, workers)
    if status == cp_model.OPTIMAL:
        return round(solver.objective_value)
    if status == cp_model.INFEASIBLE:
        return None
    return max(0, math.ceil(solver.best_objective_bound - 1e-6))


def _holds_in(
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    days: int,
    *,
    time_limit: float,
    workers: int,
    extra: tuple[Examiner, ...] = (),
    more: tuple[int, int, int] = (0, 0, 0),
) -> bool:
    """Whether the programme, with these additions, holds in ``days`` days (False when
    CP-SAT does not find it in its time)."""
    built = centre_programme(instance, centre, candidates, extra=extra, more=more)
    if built is None:
        return True
    model, z = built.model, built.days
    model.add(sum(z.values()) <= days)
    return holds(model, time_limit, workers) is True


def holds(model: cp_model.CpModel, time_limit: float, workers: int) -> bool | None:
    """Whether the model has a solution: True, False when CP-SAT proves it has none, None
    when it does not tell in ``time_limit`` seconds."""
    status = _solve(model, time_limit, workers)[1]
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if status == cp_model.INFEASIBLE else None


def _solve(
    model: cp_model.CpModel, time_limit: float, workers: int
) -> tuple[cp_model.CpSolver, Any]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    return solver, solver.solve(model)


def what_helps(
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    days: int,
    *,
    deadline: float,
    workers: int = 2,
) -> list[str]:
    """The additions that, each alone, let the programme hold in one day fewer than
    ``days`` (an examiner present at every half-day the centre opens), in French."""
    found: list[str] = []
    for words, extra, more in additions(instance, centre, candidates):
        left = deadline - time.monotonic()
        if left < 0.1:
            break
        if _holds_in(
            instance,
            centre,
            candidates,
            days - 1,
            time_limit=min(HELP_SECONDS, left),
            workers=workers,
            extra=extra,
            more=more,
        ):
            found.append(words)
    return found


def relaxed_bounds(
    instance: Instance, bounds: Bounds, *, time_limit: float, workers: int = 2
) -> Bounds:
    """The bounds with each centre's days raised to what its programme proves, the largest
    centres first, within ``time_limit`` seconds."""
    deadline = time.monotonic() + time_limit
    by_centre = centre_candidates(instance)
    proven: dict[str, int] = {}
    for centre in sorted(instance.centres, key=lambda c: -len(by_centre.get(c.code, []))):
        left = deadline - time.monotonic()
        if left <= 0.1:
            break
        candidates = by_centre.get(centre.code, [])
        if not candidates:
            continue
        days = relaxed_days(
            instance,
            centre,
            candidates,
            time_limit=min(PER_CENTRE_SECONDS, left),
            workers=workers,
        )
        if days is not None:
            proven[centre.code] = days
    helps: dict[str, list[str]] = {}
    for code, days in sorted(proven.items(), key=lambda item: item[0]):
        if days > bounds.per_centre.get(code, (0, 0))[1] and deadline - time.monotonic() > 0.1:
            helps[code] = what_helps(
                instance,
                instance.centre(code),
                by_centre[code],
                days,
                deadline=deadline,
                workers=workers,
            )
    return raise_days(instance, bounds, proven, by="relaxation", helps=helps)
