"""A lower bound on the sessions one exam needs at one centre, stronger than counting
candidates against a session's capacity (DEC D108): the examiners who may hold the first seat
are grouped by the candidates' languages they speak, and a small integer programme gives the
candidates to those groups' sessions, pooled. A candidate of a language few examiners speak
cannot fill the spare places of another language's session; a round of the E5 practical with
a candidate who has extra time lasts that candidate's slot.

It relaxes the centre's model (`centre_model`): each group's sessions are pooled into one
reservoir of minutes, places and rounds (any schedule gives such a pooling, so the optimum is
a lower bound); availability is kept only as the number of half-days the group can give the
centre, and examiners' own establishments are left out (with them the programme is not proved
in seconds). A session holding a candidate with a longer loge loses at least the shortest such
extra loge. A bound CP-SAT does not prove in its time is its best proven bound, rounded up:
still valid.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from ndrc.planning.aggregate import Unit, seat_eligible, sessions_needed, units
from ndrc.planning.instance import Candidate, Centre, Instance

BY_ESTABLISHMENT = False
_SECONDS = 2.0  # per exam and centre: the programmes here are proved in milliseconds


def family_sessions(
    instance: Instance, centre: Centre, candidates: list[Candidate]
) -> dict[str, int]:
    """Sessions needed per exam (the exam holding each unit) at the centre: a lower bound on
    the first seats, so on each seat of a commission (0 where nothing can be said: the other
    bounds then report what is missing)."""
    by_family: dict[str, list[Unit]] = defaultdict(list)
    for candidate in candidates:
        for unit in units(instance, candidate):
            by_family[unit.family].append(unit)
    return {
        family: _sessions(instance, centre, family, entries)
        for family, entries in sorted(by_family.items())
    }


def exam_floors(
    instance: Instance, centre: Centre, candidates: list[Candidate], length: int
) -> dict[str, int]:
    """Per exam (the exam holding each unit), the sessions the candidates need whatever the
    language: the larger of the count against a session of ``length`` minutes and the pooled
    count above. Every schedule holds at least that many first seats of each exam, so the
    bounds (`bounds`, `day_bound`) count them and the centre's model (`centre_build`) states
    them, which lets CP-SAT see sooner that too few days are open (DEC D146)."""
    slots: dict[str, list[int]] = defaultdict(list)
    for candidate in candidates:
        for unit in units(instance, candidate):
            slots[unit.family].append(unit.slot)
    pooled = family_sessions(instance, centre, candidates)
    return {
        family: max(sessions_needed(instance.exams[family], length, value), pooled.get(family, 0))
        for family, value in sorted(slots.items())
    }


def establishment_floors(
    instance: Instance, candidates: list[Candidate], length: int
) -> dict[str, dict[tuple[str, str], int]]:
    """Per exam, the sessions the candidates of each (establishment, language) need, held by
    examiners of other establishments (who speak the language, for an exam that has one)."""
    slots: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(lambda: defaultdict(list))
    for candidate in candidates:
        if not candidate.establishment:
            continue
        for unit in units(instance, candidate):
            slots[unit.family][(candidate.establishment, unit.language)].append(unit.slot)
    return {
        family: {
            key: sessions_needed(instance.exams[family], length, value)
            for key, value in by_key.items()
        }
        for family, by_key in slots.items()
    }


Group = tuple[str, int, int]  # (language, slot, extra loge)


def _sessions(instance: Instance, centre: Centre, family: str, entries: list[Unit]) -> int:
    exam = instance.exams[family]
    opened = centre.open
    length = max((instance.half_days[h].length for h in opened), default=0)
    usable = max(0, length - exam.loge)
    # Candidates by who may examine them and how long they hold a session.
    groups: dict[Group, int] = defaultdict(int)
    for unit in entries:
        groups[(unit.language, unit.slot, unit.loge - exam.loge)] += 1
    languages = {language for (language, _s, _l) in groups}
    # First-seat examiners by the candidates' languages they speak; the half-days they give.
    supply: dict[frozenset[str], int] = defaultdict(int)
    for e in instance.examiners:
        if e.id in instance.withdrawn:
            continue
        spoken = frozenset(
            language for language in languages if seat_eligible(e, exam, 0, language, centre)
        )
        halves = len(e.available & opened)
        if spoken and halves:
            supply[spoken if exam.language_bound else frozenset()] += halves
    if usable <= 0 or not supply:
        return 0
    shortest = min(slot for (_l, slot, _x) in groups)
    per_session = exam.group_size * max(1, usable // max(1, min(shortest, exam.duration)))
    delay = min((late for (_l, _s, late) in groups if late > 0), default=0)

    model = cp_model.CpModel()
    total = sum(groups.values())
    sessions_of: list[cp_model.IntVar] = []
    given: dict[Group, list[cp_model.IntVar]] = defaultdict(list)
    for spoken, halves in sorted(supply.items(), key=lambda item: sorted(item[0])):
        mine = [g for g in groups if not exam.language_bound or g[0] in spoken]
        if not mine:
            continue
        k = model.new_int_var(0, halves, "")
        sessions_of.append(k)
        f = {g: model.new_int_var(0, groups[g], "") for g in mine}
        for g, var in f.items():
            given[g].append(var)
        model.add(sum(f.values()) <= per_session * k)
        held: Any = 0
        if delay:
            # Sessions holding a candidate with a longer loge: each loses ``delay`` minutes.
            late_sessions = model.new_int_var(0, halves, "")
            model.add(late_sessions <= k)
            late_units = [var for g, var in f.items() if g[2] > 0]
            if late_units:
                model.add(sum(late_units) <= per_session * late_sessions)
            held = delay * late_sessions
        if exam.group_size > 1:
            # Rounds of up to group_size candidates, each as long as its slot.
            rounds = []
            for slot in sorted({g[1] for g in mine}):
                r = model.new_int_var(0, total, "")
                model.add(sum(var for g, var in f.items() if g[1] == slot) <= exam.group_size * r)
                rounds.append(slot * r)
            model.add(sum(rounds) + held <= usable * k)
        else:
            model.add(sum(g[1] * var for g, var in f.items()) + held <= usable * k)
    for group, size in groups.items():
        if not given[group]:
            return 0  # nobody may examine them: `bounds` reports the group as unservable
        model.add(sum(given[group]) == size)
    model.minimize(sum(sessions_of))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = _SECONDS
    status = solver.solve(model)
    if status == cp_model.OPTIMAL:
        return round(solver.objective_value)
    if status == cp_model.FEASIBLE:
        return int(-(-solver.best_objective_bound // 1))
    return 0  # no pooling serves them all: the resource bounds report what is missing
