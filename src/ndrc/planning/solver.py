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
reach several centres are shared out (`_allocate`: each goes where examiners of its kinds are
scarcest against the sessions needed).

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
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from ndrc.planning.aggregate import Unit, seat_eligible, units, usable_rooms
from ndrc.planning.bounds import centre_demands, lower_bounds
from ndrc.planning.colouring import max_matching, split_counts
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance, Room
from ndrc.planning.schedule import Binding, Bounds, Schedule, Sitting, SolveReport

Progress = Callable[[float, str], None]

_W_MOVE = 10**12
_W_DAY = 10**8
_W_EXAMINER = 10**4
_W_LOAD = 10


@dataclass
class _Used:
    """What earlier centres (or the kept part of a re-planning) already hold."""

    examiner: set[tuple[str, int]] = field(default_factory=set)
    room: set[tuple[str, int]] = field(default_factory=set)
    loge: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    candidate: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    days: set[tuple[str, date]] = field(default_factory=set)


@dataclass(frozen=True)
class _Relax:
    """One resource relaxed, to name the one that makes a centre infeasible."""

    rooms: bool = False
    posts: bool = False
    loge: bool = False
    halves: bool = False
    extra: tuple[Examiner, ...] = ()


class _PairingFailed(Exception):
    """No pairing of the commissions' two members on that half-day: the solver is asked
    again with one commission fewer of that exam there."""

    def __init__(self, half: int, exam: str, commissions: int) -> None:
        super().__init__(f"{exam}@{half}")
        self.half, self.exam, self.commissions = half, exam, commissions


@dataclass
class _CentreResult:
    status: str  # "optimal", "feasible", "infeasible", "unknown"
    sittings: list[Sitting]
    after_first: float
    values: dict[tuple[str, Any], int] = field(default_factory=dict)  # hints for a next solve
    days: int = 0  # days used


def _profiles(
    instance: Instance,
    candidates: list[Candidate],
    used: _Used,
    previous: dict[tuple[str, str], int],
) -> dict[tuple[Any, ...], list[tuple[Candidate, tuple[Unit, ...]]]]:
    out: dict[tuple[Any, ...], list[tuple[Candidate, tuple[Unit, ...]]]] = defaultdict(list)
    for candidate in candidates:
        cand_units = units(instance, candidate)
        if not cand_units:
            continue
        busy = frozenset(used.candidate.get(candidate.id, set()))
        prev = tuple(previous.get((candidate.id, u.family), -1) for u in cand_units)
        out[(candidate.establishment, cand_units, busy, prev)].append((candidate, cand_units))
    return out


def _solve_centre(
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    used: _Used,
    previous: dict[tuple[str, str], int],
    time_limit: float,
    workers: int,
    relax: _Relax = _Relax(),
    detail: bool = True,
    caps: dict[tuple[int, str], int] | None = None,
    days_allowed: frozenset[date] | None = None,
    hint: dict[tuple[str, Any], int] | None = None,
    stop_at_first: bool = False,
    fix_hint: bool = False,
    target: tuple[int, int] | None = None,
    max_days: int | None = None,
) -> _CentreResult:
    """``max_days``: at most that many days open (the solver chooses which). ``target``
    (examiner half-days, days): the lower bounds; a solution reaching both stops the search
    (nothing better exists)."""
    started = time.monotonic()
    exams = instance.exams
    halves = sorted(range(len(instance.half_days)) if relax.halves else centre.open)
    if days_allowed is not None:
        halves = [h for h in halves if instance.half_days[h].day in days_allowed]
    profiles = _profiles(instance, candidates, used, previous)
    if not profiles:
        return _CentreResult("optimal", [], 0.0)
    examiners = [
        e
        for e in (*instance.examiners, *relax.extra)
        if e.id not in instance.withdrawn and centre.code in e.centres
    ]
    orals, post_sessions = usable_rooms(instance, centre)
    free_rooms = {
        h: [
            r
            for r in centre.rooms
            if r.id not in instance.rooms_lost and (r.id, h) not in used.room
        ]
        for h in halves
    }
    families = sorted({u.family for key in profiles for u in key[1]})
    languages: dict[str, set[str]] = defaultdict(set)
    # The loge of a session's first candidate delays its first oral: longer for a candidate
    # with extra time, so a session holding one loses those minutes (only that session).
    extra_loge: dict[tuple[str, str, str, int], int] = defaultdict(int)
    groups: dict[tuple[str, str, str, int], list[tuple[tuple[Any, ...], int]]] = defaultdict(list)
    for key in profiles:
        for index, unit in enumerate(key[1]):
            languages[unit.family].add(unit.language)
            g = (key[0], unit.family, unit.language, unit.slot)
            extra_loge[g] = max(extra_loge[g], unit.loge - exams[unit.family].loge)
            groups[g].append((key, index))

    def free(e: Examiner, h: int) -> bool:
        return h in e.available and (e.id, h) not in used.examiner

    model = cp_model.CpModel()
    n: dict[tuple[tuple[Any, ...], int, int], cp_model.IntVar] = {}
    moved: list[Any] = []
    for key, members in profiles.items():
        size = len(members)
        busy = key[2]
        allowed = [h for h in halves if h not in busy]
        for index in range(len(key[1])):
            for h in allowed:
                n[(key, index, h)] = model.new_int_var(0, size, "")
            model.add(sum(n[(key, index, h)] for h in allowed) == size)
            prev = key[3][index]
            if prev >= 0:
                moved.extend(n[(key, index, h)] for h in allowed if h != prev)
        for h in allowed:
            model.add(sum(n[(key, i, h)] for i in range(len(key[1]))) <= size)
    y: dict[tuple[str, int, str], cp_model.IntVar] = {}
    y2: dict[tuple[str, int, str], cp_model.IntVar] = {}
    x: dict[tuple[tuple[str, str, str, int], str, int], cp_model.IntVar] = {}
    roles: dict[tuple[str, int], list[Any]] = defaultdict(list)
    fallback: list[Any] = []
    for family in families:
        exam = exams[family]
        for e in examiners:
            if not any(seat_eligible(e, exam, 0, lang, centre) for lang in languages[family]):
                continue
            for h in halves:
                if free(e, h):
                    y[(e.id, h, family)] = var = model.new_bool_var("")
                    roles[(e.id, h)].append(var)
            if len(exam.seats) > 1:
                pass
        if len(exam.seats) > 1:
            for e in examiners:
                if seat_eligible(e, exam, 1, "", centre):
                    for h in halves:
                        if free(e, h):
                            y2[(e.id, h, family)] = var = model.new_bool_var("")
                            roles[(e.id, h)].append(var)
                            if exam.seats[1].kinds and exam.seats[1].kinds[0] not in e.kinds:
                                fallback.append(var)
    for variables in roles.values():
        model.add_at_most_one(variables)
    by_id = {e.id: e for e in examiners}
    y_by: dict[tuple[int, str], list[tuple[str, Any]]] = defaultdict(list)
    for (eid, h, family), yv in y.items():
        y_by[(h, family)].append((eid, yv))
    y2_by: dict[tuple[int, str], list[tuple[str, Any]]] = defaultdict(list)
    for (eid, h, family), yv in y2.items():
        y2_by[(h, family)].append((eid, yv))
    x_by: dict[tuple[str, int], list[tuple[tuple[str, str, str, int], Any]]] = defaultdict(list)
    for g, entries in groups.items():
        establishment, family, language, _slot = g
        exam = exams[family]
        cap = sum(len(profiles[key]) for key, _i in entries)
        for h in halves:
            terms = [n[(key, i, h)] for key, i in entries if (key, i, h) in n]
            if not terms:
                continue
            here = []
            for eid, yv in y_by[(h, family)]:
                e = by_id[eid]
                if not seat_eligible(e, exam, 0, language, centre):
                    continue
                if establishment and e.establishment == establishment:
                    continue
                x[(g, eid, h)] = xv = model.new_int_var(0, cap, "")
                model.add(xv <= cap * yv)
                x_by[(eid, h)].append((g, xv))
                here.append(xv)
            model.add(sum(here) == sum(terms))
    # Capacity of one examiner's session: its minutes, less the loge before its first oral
    # (the longest loge of the session: extra time counts only where a candidate has it).
    for (eid, h, family), yv in y.items():
        exam = exams[family]
        length = instance.half_days[h].length
        mine = [(g, xv) for g, xv in x_by[(eid, h)] if g[1] == family]
        late = max((extra_loge[g] for g, _xv in mine), default=0)
        delay: Any = 0
        if late > 0:
            holds = model.new_bool_var("")
            for g, xv in mine:
                if extra_loge[g] > 0:
                    model.add(xv == 0).only_enforce_if(holds.Not())
            model.add_implication(holds, yv)
            delay = late * holds
        usable = max(0, length - exam.loge)
        if exam.group_size > 1:
            by_slot: dict[int, list[Any]] = defaultdict(list)
            for g, xv in mine:
                by_slot[g[3]].append(xv)
            rounds = []
            for slot, slot_vars in by_slot.items():
                r = model.new_int_var(0, length // max(1, slot), "")
                model.add(sum(slot_vars) <= exam.group_size * r)
                rounds.append(slot * r)
            model.add(sum(rounds) + delay <= usable * yv)
        else:
            model.add(sum(g[3] * xv for g, xv in mine) + delay <= usable * yv)
    # Two-member commissions: as many second seats as first ones; a member of establishment e
    # cannot sit with e's candidates (checked per establishment, then paired by matching).
    for family in families:
        exam = exams[family]
        if len(exam.seats) < 2:
            continue
        for h in halves:
            firsts = y_by[(h, family)]
            seconds = y2_by[(h, family)]
            model.add(sum(v for _e, v in seconds) == sum(v for _e, v in firsts))
            if caps and (h, family) in caps:
                model.add(sum(v for _e, v in firsts) <= caps[(h, family)])
            establishments = {g[0] for g in groups if g[1] == family and g[0]}
            for est in establishments:
                if not any(by_id[eid].establishment == est for eid, _v in seconds):
                    continue
                zs = []
                for eid, _yv in firsts:
                    est_vars = [xv for g, xv in x_by[(eid, h)] if g[0] == est and g[1] == family]
                    if not est_vars:
                        continue
                    z = model.new_bool_var("")
                    for xv in est_vars:
                        model.add(xv == 0).only_enforce_if(z.Not())
                    zs.append(z)
                if zs:
                    model.add(
                        sum(zs) <= sum(v for eid, v in seconds if by_id[eid].establishment != est)
                    )
    # Rooms, posts, loge seats per half-day.
    for h in halves:
        oral_free = orals if relax.rooms else sum(1 for r in free_rooms[h] if r.posts == 0)
        group = max((exams[f].group_size for f in families if exams[f].needs_post), default=1)
        post_free = (
            post_sessions
            if relax.posts
            else sum(r.posts // group for r in free_rooms[h] if r.posts > 0)
        )
        if relax.rooms or relax.posts:
            oral_free, post_free = (
                10**4 if relax.rooms else oral_free,
                10**4 if relax.posts else post_free,
            )
        loge_free = 10**4 if relax.loge else centre.loge_seats - used.loge.get((centre.code, h), 0)
        sessions = [(exams[f], v) for (_e, hh, f), v in y.items() if hh == h]
        model.add(sum(v for exam, v in sessions if not exam.needs_post) <= oral_free)
        model.add(sum(v for exam, v in sessions if exam.needs_post) <= post_free)
        model.add(sum(v for exam, v in sessions if exam.loge > 0) <= max(0, loge_free))
    # Days open, loads, objective.
    days: dict[date, list[int]] = defaultdict(list)
    for h in halves:
        days[instance.half_days[h].day].append(h)
    day_terms = []
    for day, hs in days.items():
        if (centre.code, day) in used.days:
            continue
        is_open = model.new_bool_var("")
        for (_e, hh, _f), v in (*y.items(), *y2.items()):
            if hh in hs:
                model.add_implication(v, is_open)
        day_terms.append(is_open)
    loads: dict[str, list[Any]] = defaultdict(list)
    for (eid, _h, _f), v in (*y.items(), *y2.items()):
        loads[eid].append(v)
    heaviest = model.new_int_var(0, len(halves), "")
    for vs in loads.values():
        model.add(sum(vs) <= heaviest)
    model.minimize(
        _W_MOVE * sum(moved)
        + _W_DAY * sum(day_terms)
        + _W_EXAMINER * (sum(y.values()) + sum(y2.values()))
        + _W_LOAD * heaviest
        + sum(fallback)
    )
    day_count = model.new_int_var(0, len(day_terms), "")
    model.add(day_count == sum(day_terms))
    if max_days is not None:
        model.add(day_count <= max_days)
    examiner_count = model.new_int_var(0, len(y) + len(y2), "")
    model.add(examiner_count == sum(y.values()) + sum(y2.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.5, time_limit)
    named: dict[tuple[str, Any], Any] = {}
    tables: tuple[tuple[str, dict[Any, Any]], ...] = (("n", n), ("x", x), ("y", y), ("y2", y2))
    for kind, table in tables:
        for key, var in table.items():
            named[(kind, key)] = var
    if hint:
        for key, value in hint.items():
            if key in named:
                if fix_hint:
                    model.add(named[key] == value)
                else:
                    model.add_hint(named[key], value)
    first: list[float] = []

    class _First(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            if not first:
                first.append(time.monotonic() - started)
                if stop_at_first:
                    self.stop_search()
            if (
                target is not None
                and self.value(day_count) <= target[1]
                and self.value(examiner_count) <= target[0]
            ):
                self.stop_search()

    status = solver.solve(model, _First())
    after_first = time.monotonic() - started - first[0] if first else 0.0
    if status == cp_model.INFEASIBLE:
        return _CentreResult("infeasible", [], 0.0)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _CentreResult("unknown", [], 0.0)
    name = "optimal" if status == cp_model.OPTIMAL else "feasible"
    values = {k: int(solver.value(v)) for k, v in named.items()}
    used_days = len({instance.half_days[k[1]].day for k in y if values[("y", k)]})
    if not detail:
        return _CentreResult(name, [], after_first, values, used_days)
    counts = {k: solver.value(v) for k, v in n.items()}
    xs = {k: solver.value(v) for k, v in x.items()}
    ys = [k for k, v in y.items() if solver.value(v)]
    y2s = [k for k, v in y2.items() if solver.value(v)]
    sittings = _detail(instance, centre, profiles, counts, xs, ys, y2s, free_rooms, by_id)
    return _CentreResult(name, sittings, after_first, values, used_days)


def _with_pairing(
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    used: _Used,
    previous: dict[tuple[str, str], int],
    time_limit: float,
    workers: int,
    days_allowed: frozenset[date] | None,
    hint: dict[tuple[str, Any], int] | None = None,
    stop_at_first: bool = False,
    detail: bool = True,
    fix_hint: bool = False,
    target: tuple[int, int] | None = None,
    max_days: int | None = None,
) -> _CentreResult:
    """Solve a centre; when the two members of some commissions cannot be paired, ask again
    with one commission fewer there."""
    caps: dict[tuple[int, str], int] = {}
    while True:
        try:
            return _solve_centre(
                instance,
                centre,
                candidates,
                used,
                previous,
                time_limit,
                workers,
                detail=detail,
                caps=caps,
                days_allowed=days_allowed,
                hint=hint,
                stop_at_first=stop_at_first,
                fix_hint=fix_hint,
                target=target,
                max_days=max_days,
            )
        except _PairingFailed as failed:
            caps[(failed.half, failed.exam)] = failed.commissions
            if len(caps) > 5:
                return _CentreResult("unknown", [], 0.0)


def _reaches(instance: Instance, key: tuple[str, int], centre: Centre) -> bool:
    examiner = next(e for e in instance.examiners if e.id == key[0])
    return centre.code in examiner.centres and key[1] in centre.open


def _allocate(instance: Instance, order: list[Centre], used: _Used) -> dict[tuple[str, int], str]:
    """The half-days of the examiners who reach several centres, each given to one centre
    before the centres are solved, so that no centre starves another: each goes where the
    examiners of its kinds are scarcest against the sessions needed (sessions needed per
    exam, language and seat over examiner half-days already given, the centre's own
    examiners first)."""
    codes = {c.code for c in order}
    need: dict[str, dict[tuple[str, int, str], int]] = {}
    for centre in order:
        need[centre.code] = {
            (family, seat, language if seat == 0 else ""): demand
            for (family, language), demand in centre_demands(instance, centre).items()
            for seat in range(len(instance.exams[family].seats))
        }
    supply: dict[tuple[str, tuple[str, int, str]], float] = defaultdict(float)
    serves: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    shared: list[Examiner] = []
    for e in instance.examiners:
        if e.id in instance.withdrawn:
            continue
        reach = [c for c in order if c.code in e.centres]
        for centre in reach:
            serves[(e.id, centre.code)] = [
                key
                for key in need[centre.code]
                if seat_eligible(e, instance.exams[key[0]], key[1], key[2], centre)
            ]
        if len(reach) > 1:
            shared.append(e)
            continue
        for centre in reach:
            free = sum(1 for h in e.available & centre.open if (e.id, h) not in used.examiner)
            for key in serves[(e.id, centre.code)]:
                supply[(centre.code, key)] += free
    owner: dict[tuple[str, int], str] = {}
    by_code = {c.code: c for c in order}
    for h in range(len(instance.half_days)):
        for e in shared:
            if h not in e.available or (e.id, h) in used.examiner:
                continue
            best: tuple[float, str] | None = None
            for code in sorted(e.centres & codes):
                if h not in by_code[code].open:
                    continue
                keys = serves[(e.id, code)]
                score = max((need[code][k] / (1.0 + supply[(code, k)]) for k in keys), default=0.0)
                if best is None or score > best[0]:
                    best = (score, code)
            if best is None:
                continue
            owner[(e.id, h)] = best[1]
            for key in serves[(e.id, best[1])]:
                supply[(best[1], key)] += 1
    return owner


def _days_by_load(instance: Instance, result: _CentreResult) -> list[date]:
    """The days a solution opens, the fewest sessions first."""
    load: dict[date, int] = defaultdict(int)
    for key, value in result.values.items():
        if key[0] in ("y", "y2") and value:
            load[instance.half_days[key[1][1]].day] += 1
    return sorted(load, key=lambda day: (load[day], day))


def _detail(
    instance: Instance,
    centre: Centre,
    profiles: dict[tuple[Any, ...], list[tuple[Candidate, tuple[Unit, ...]]]],
    counts: dict[tuple[tuple[Any, ...], int, int], int],
    xs: dict[tuple[tuple[str, str, str, int], str, int], int],
    ys: list[tuple[str, int, str]],
    y2s: list[tuple[str, int, str]],
    free_rooms: dict[int, list[Room]],
    by_id: dict[str, Examiner],
) -> list[Sitting]:
    exams = instance.exams
    # 1. Each candidate's units to half-days (König).
    pool: dict[tuple[tuple[str, str, str, int], int], list[tuple[Candidate, Unit]]] = defaultdict(
        list
    )
    by_unit: dict[tuple[tuple[Any, ...], int], dict[int, int]] = defaultdict(dict)
    for (k, i, h), c in counts.items():
        if c > 0:
            by_unit[(k, i)][h] = c
    for key, members in profiles.items():
        per_unit = [by_unit.get((key, index), {}) for index in range(len(key[1]))]
        for (candidate, cand_units), timetable in zip(
            members, split_counts(len(members), per_unit), strict=True
        ):
            for index, h in timetable.items():
                unit = cand_units[index]
                pool[((key[0], unit.family, unit.language, unit.slot), h)].append((candidate, unit))
    # 2. Candidates to the examiners' sessions.
    sessions: dict[tuple[str, int, str], list[tuple[Candidate, Unit]]] = defaultdict(list)
    for (g, eid, h), count in sorted(
        xs.items(), key=lambda item: (item[0][2], item[0][1], item[0][0])
    ):
        for _ in range(count):
            sessions[(eid, h, g[1])].append(pool[(g, h)].pop())
    # 3. Second members by matching (never one of the candidates' establishment).
    partner: dict[tuple[str, int, str], str] = {}
    for h, family in sorted({(h, f) for (_e, h, f) in ys if len(exams[f].seats) > 1}):
        firsts = [k for k in ys if k[1] == h and k[2] == family]
        seconds = [eid for (eid, hh, f) in y2s if hh == h and f == family]
        ests = {k: {c.establishment for c, _u in sessions.get(k, [])} for k in firsts}

        def compatible(
            k: tuple[str, int, str], s: str, ests: dict[tuple[str, int, str], set[str]] = ests
        ) -> bool:
            return not by_id[s].establishment or by_id[s].establishment not in ests[k]

        matching = max_matching(firsts, seconds, compatible)
        if len(matching) < len(firsts):
            raise _PairingFailed(h, family, len(firsts) - 1)
        partner.update(matching)
    # 4. Rooms and minutes.
    sittings: list[Sitting] = []
    for h in sorted({k[1] for k in ys}):
        half = instance.half_days[h]
        oral_rooms = [r for r in free_rooms[h] if r.posts == 0]
        post_slots = [
            r
            for r in free_rooms[h]
            if r.posts > 0
            for _ in range(
                r.posts // max((e.group_size for e in exams.values() if e.needs_post), default=1)
            )
        ]
        for key in sorted(k for k in ys if k[1] == h):
            eid, _h, family = key
            exam = exams[family]
            seated = sessions.get(key, [])
            room = (post_slots if exam.needs_post else oral_rooms).pop(0)
            who = (eid, partner[key]) if key in partner else (eid,)
            ordered = sorted(seated, key=lambda cu: (-cu[1].slot, -cu[1].loge, cu[0].id))
            if exam.group_size > 1:
                clock = (
                    half.start
                    + exam.loge
                    + max((u.loge - exam.loge for _c, u in seated), default=0)
                )
                # Rounds of up to group_size candidates of the same length (extra time apart),
                # as the model counts them: a group starts and ends together.
                chunks: list[list[tuple[Candidate, Unit]]] = []
                for slot in sorted({u.slot for _c, u in ordered}, reverse=True):
                    same = [cu for cu in ordered if cu[1].slot == slot]
                    chunks.extend(
                        same[r : r + exam.group_size] for r in range(0, len(same), exam.group_size)
                    )
                for number, chunk in enumerate(chunks, start=1):
                    label = f"{centre.code}-{h}-{eid}-{number}"
                    for candidate, unit in chunk:
                        sittings.extend(_parts(candidate, unit, centre, room, h, clock, who, label))
                    clock += chunk[0][1].slot
                continue
            start = half.start + (ordered[0][1].loge if ordered else 0)
            for position, (candidate, unit) in enumerate(ordered):
                sittings.extend(_parts(candidate, unit, centre, room, h, start, who, ""))
                if position + 1 < len(ordered):
                    actual = sum(part[2] for part in unit.parts)
                    start += max(actual, ordered[position + 1][1].loge)
    return sittings


def _parts(
    candidate: Candidate,
    unit: Unit,
    centre: Centre,
    room: Room,
    h: int,
    start: int,
    who: tuple[str, ...],
    group: str,
) -> list[Sitting]:
    out = []
    for exam, loge, minutes, _extra in unit.parts:
        out.append(
            Sitting(
                candidate.id,
                exam,
                centre.code,
                room.id,
                h,
                start - loge,
                start,
                start + minutes,
                who,
                group,
            )
        )
        start += minutes
    return out


def _diagnose(
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    used: _Used,
    previous: dict[tuple[str, str], int],
    budget: float,
    workers: int,
) -> tuple[Binding, ...]:
    """Relax one resource at a time; the ones whose relaxing makes a schedule name the cause."""
    halves = frozenset(range(len(instance.half_days)))
    every = frozenset(c.code for c in instance.centres)
    helpers = {
        "professional": "un professionnel de plus",
        "teachers": "des professeurs de plus",
    }
    trials: list[tuple[str, str, _Relax]] = [
        ("rooms", f"il manque des salles d'oral au centre {centre.name}", _Relax(rooms=True)),
        (
            "posts",
            f"il manque des postes informatiques au centre {centre.name}",
            _Relax(posts=True),
        ),
        ("loge", f"il manque des places de loge au centre {centre.name}", _Relax(loge=True)),
        (
            "days",
            f"le centre {centre.name} n'ouvre pas assez de demi-journées",
            _Relax(halves=True),
        ),
    ]
    kinds = sorted(
        {k for exam in instance.exams.values() for seat in exam.seats for k in seat.kinds}
    )
    for kind in kinds:
        extra = tuple(
            Examiner(
                f"~{kind}{i}",
                "",
                f"~{i}",
                frozenset({kind}),
                frozenset(t.language for c in candidates for t in c.tasks if t.language),
                every,
                halves,
            )
            for i in range(6)
        )
        word = (
            helpers["professional"] if kind == "professional" else f"{helpers['teachers']} ({kind})"
        )
        trials.append(
            (
                f"teacher:{kind}" if kind != "professional" else "professional",
                f"il faut {word} au centre {centre.name}",
                _Relax(extra=extra),
            )
        )
    found = []
    share = max(0.5, budget / max(1, len(trials)))
    for code, message, relax in trials:
        result = _solve_centre(
            instance, centre, candidates, used, previous, share, workers, relax, detail=False
        )
        if result.status in ("optimal", "feasible"):
            found.append(Binding(code, centre.code, message))
    if not found:
        found.append(
            Binding(
                "combined",
                centre.code,
                f"aucune ressource seule ne suffit au centre {centre.name} : "
                "plusieurs manquent à la fois",
            )
        )
    return tuple(found)


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
    used = _Used()
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
    owner = _allocate(instance, order, used)
    results: dict[str, _CentreResult] = {}
    usage: dict[str, set[tuple[str, int]]] = {}

    def share_of(code: str) -> _Used:
        """What the centre may not use: the base, and the examiners' half-days given to
        another centre."""
        mine = copy.deepcopy(used)
        mine.examiner.update(k for k, c in owner.items() if c != code)
        return mine

    def record(code: str, result: _CentreResult) -> None:
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
        result = _with_pairing(
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
                if code != centre.code and key not in held and _reaches(instance, key, centre):
                    owner[key] = centre.code
            result = _with_pairing(
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
            result = _with_pairing(
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
                diagnosis = _diagnose(
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
    # 2. Each centre improved on its own share: fewer days (bisection between the bound and the
    # days found, on the best k days), then examiner half-days; stopped at the bound.
    for done, centre in enumerate(order):
        remaining = time_limit - (time.monotonic() - started)
        # The time left, shared in proportion to the candidates of the centres still to do.
        weight = sum(len(by_centre[c.code]) for c in order[done:])
        share = max(0.5, remaining * len(by_centre[centre.code]) / max(1, weight))
        centre_started = time.monotonic()
        cands = by_centre[centre.code]
        mine = share_of(centre.code)
        result = results[centre.code]
        target = bounds.per_centre.get(centre.code, (0, 0))

        def left(share: float = share, centre_started: float = centre_started) -> float:
            return share - (time.monotonic() - centre_started)

        # Fewer days: the day of the last solution with the fewest sessions is closed and the
        # centre solved again on the others (stopped at its first solution, hinted by the last
        # one), down to the bound; when that fails, the next lightest day is tried once, then
        # one day fewer, the solver choosing which. Then the rest of the centre's time
        # optimises on the days kept.
        chosen: frozenset[date] | None = None
        if not prev_half:
            misses = 0
            while result.days > max(1, target[1]) and left() > share * 0.35 and misses < 3:
                light = _days_by_load(instance, result)
                if misses < 2 and len(light) > misses:
                    open_days: frozenset[date] | None = frozenset(
                        light[:misses] + light[misses + 1 :]
                    )
                    fewer = None
                else:
                    # Neither of the two lightest days can close: the solver chooses which.
                    open_days, fewer = None, result.days - 1
                trial = _with_pairing(
                    instance,
                    centre,
                    cands,
                    mine,
                    prev_half,
                    min(left() - share * 0.3, max(1.5, share * (0.2 if fewer is None else 0.3))),
                    workers,
                    open_days,
                    hint=result.values,
                    stop_at_first=True,
                    detail=False,
                    max_days=fewer,
                )
                if trial.status in ("optimal", "feasible"):
                    result, misses = trial, 0
                    chosen = frozenset(_days_by_load(instance, trial))
                else:
                    misses += 1
        final = _with_pairing(
            instance,
            centre,
            cands,
            mine,
            prev_half,
            max(0.5, left()),
            workers,
            chosen,
            hint=result.values,
            target=target,
        )
        if final.status not in ("optimal", "feasible") and chosen is not None:
            # No time left to improve: the solution found, fixed, only detailed.
            final = _with_pairing(
                instance,
                centre,
                cands,
                mine,
                prev_half,
                5.0,
                workers,
                chosen,
                hint=result.values,
                fix_hint=True,
            )
        if final.status in ("optimal", "feasible") and final.sittings:
            halves = {(e, s.half_day) for s in final.sittings for e in s.examiners}
            exact = final.status == "optimal" or (
                final.days <= target[1] and len(halves) <= target[0]
            )
            record(centre.code, replace(final, status="optimal" if exact else "feasible"))
        if progress is not None:
            progress(
                (done + 1) / len(order),
                f"Centre {centre.name} planifié ({done + 1} sur {len(order)})",
            )
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
