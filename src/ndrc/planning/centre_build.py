"""One centre's aggregated CP-SAT model (design note « What works »), as `solver` describes
it: integer counts of candidates of a group given to an examiner on a half-day, Booleans for
the examiners' roles, rooms, posts and loge seats linear per half-day, and the objective,
weighted so that it is lexicographic. `build_centre` adds it to a model and returns its
variables: alone (`centre_model.solve_centre`), or beside another centre's, sharing examiners
(measured in DEC D139)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from ndrc.planning.aggregate import Unit, seat_eligible, units, usable_rooms
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance
from ndrc.planning.session_bound import establishment_floors, exam_floors

_W_MOVE = 10**12
_W_DAY = 10**8
_W_EXAMINER = 10**4
_W_LOAD = 10


@dataclass
class Used:
    """What earlier centres (or the kept part of a re-planning) already hold."""

    examiner: set[tuple[str, int]] = field(default_factory=set)
    room: set[tuple[str, int]] = field(default_factory=set)
    loge: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    candidate: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    days: set[tuple[str, date]] = field(default_factory=set)


@dataclass(frozen=True)
class Relax:
    """One resource relaxed, to name the one that makes a centre infeasible."""

    rooms: bool = False
    posts: bool = False
    loge: bool = False
    halves: bool = False
    extra: tuple[Examiner, ...] = ()


NO_RELAX = Relax()


Profiles = dict[tuple[Any, ...], list[tuple[Candidate, tuple[Unit, ...]]]]


def _profiles(
    instance: Instance,
    candidates: list[Candidate],
    used: Used,
    previous: dict[tuple[str, str], int],
) -> Profiles:
    out: Profiles = defaultdict(list)
    for candidate in candidates:
        cand_units = units(instance, candidate)
        if not cand_units:
            continue
        busy = frozenset(used.candidate.get(candidate.id, set()))
        prev = tuple(previous.get((candidate.id, u.family), -1) for u in cand_units)
        out[(candidate.establishment, cand_units, busy, prev)].append((candidate, cand_units))
    return out


@dataclass
class Built:
    """A centre's model in a CP-SAT model: its variables, by name for hints (``named``), each
    examiner's roles on a half-day (at most one), its days and examiner half-days counted, and
    its objective (the caller minimises it, or not)."""

    named: dict[tuple[str, Any], Any]
    roles: dict[tuple[str, int], list[Any]]
    day_count: Any
    examiner_count: Any
    objective: Any
    n: dict[tuple[tuple[Any, ...], int, int], Any]
    x: dict[tuple[tuple[str, str, str, int], str, int], Any]
    y: dict[tuple[str, int, str], Any]
    y2: dict[tuple[str, int, str], Any]
    profiles: Profiles
    free_rooms: dict[int, list[Any]]
    by_id: dict[str, Examiner]


def build_centre(
    model: cp_model.CpModel,
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    used: Used,
    previous: dict[tuple[str, str], int],
    *,
    relax: Relax = NO_RELAX,
    caps: dict[tuple[int, str], int] | None = None,
    days_allowed: frozenset[date] | None = None,
    max_days: int | None = None,
    avoid: frozenset[tuple[str, int]] = frozenset(),
) -> Built | None:
    """The centre's variables and constraints added to ``model`` (None: no candidate to
    place). ``max_days``: at most that many days open; ``avoid``: examiners' half-days the
    objective weighs as much as a day (D137)."""
    exams = instance.exams
    halves = sorted(range(len(instance.half_days)) if relax.halves else centre.open)
    if days_allowed is not None:
        halves = [h for h in halves if instance.half_days[h].day in days_allowed]
    profiles = _profiles(instance, candidates, used, previous)
    if not profiles:
        return None
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
    if not relax.extra and not relax.halves:
        # (The pooled count supposes the examiners and half-days of the instance: an
        # examiner or half-days added to name what is missing could lower it.)
        _session_floors(model, instance, centre, candidates, halves, y, by_id)
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
    objective = (
        _W_MOVE * sum(moved)
        + _W_DAY * sum(day_terms)
        + _W_DAY * sum(v for (e, hh, _f), v in (*y.items(), *y2.items()) if (e, hh) in avoid)
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
    named: dict[tuple[str, Any], Any] = {}
    tables: tuple[tuple[str, dict[Any, Any]], ...] = (("n", n), ("x", x), ("y", y), ("y2", y2))
    for kind, table in tables:
        for key, var in table.items():
            named[(kind, key)] = var
    return Built(
        named=named,
        roles=roles,
        day_count=day_count,
        examiner_count=examiner_count,
        objective=objective,
        n=n,
        x=x,
        y=y,
        y2=y2,
        profiles=profiles,
        free_rooms=free_rooms,
        by_id=by_id,
    )


def _session_floors(
    model: cp_model.CpModel,
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    halves: list[int],
    y: dict[tuple[str, int, str], Any],
    by_id: dict[str, Examiner],
) -> None:
    """The sessions the bounds count, stated in the model though its counts imply them: each
    exam's first seats at least its candidates need, and the sessions of each establishment's
    candidates held by examiners of other establishments (DEC D146). A trial with fewer days
    then fails, or finds its days, sooner (alone at a centre's bound: 13 s to 5 s, 10 s to 7 s,
    and a schedule in 6 s where 20 s found none)."""
    length = max((instance.half_days[h].length for h in halves), default=0)
    if length <= 0:
        return
    firsts: dict[str, list[tuple[Examiner, Any]]] = defaultdict(list)
    for (eid, _h, family), var in y.items():
        firsts[family].append((by_id[eid], var))
    for family, floor in exam_floors(instance, centre, candidates, length).items():
        if floor:
            model.add(sum(var for _e, var in firsts[family]) >= floor)
    for family, by_key in establishment_floors(instance, candidates, length).items():
        exam = instance.exams[family]
        for (establishment, language), floor in by_key.items():
            held = [
                var
                for e, var in firsts[family]
                if e.establishment != establishment
                and (not exam.language_bound or language in e.languages)
            ]
            if floor and held:
                model.add(sum(held) >= floor)
