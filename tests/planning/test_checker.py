"""The independent checker: a valid hand-built schedule passes; a schedule built to break each
hard constraint fails with that constraint's code (one case per code)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from benchmarks.scheduling_benchmark import exam_kinds

from ndrc.planning import checker
from ndrc.planning.checker import check
from ndrc.planning.instance import (
    Candidate,
    Centre,
    Examiner,
    HalfDay,
    Instance,
    Room,
    Task,
)
from ndrc.planning.schedule import Schedule, Sitting

EXAMS = exam_kinds("R2023")
BLOCS = frozenset({"bloc1", "bloc2", "bloc3"})
ALL_DAYS = frozenset({0, 1, 2})


def _examiner(
    id: str,
    kinds: set[str],
    establishment: str = "",
    *,
    languages: set[str] | None = None,
    centres: set[str] | None = None,
    available: frozenset[int] = ALL_DAYS,
) -> Examiner:
    return Examiner(
        id=id,
        name=f"Examinateur {id}",
        establishment=establishment,
        kinds=frozenset(kinds),
        languages=frozenset(languages or set()),
        centres=frozenset(centres or {"C1"}),
        available=available,
    )


def instance() -> Instance:
    """One centre (and a second one), three half-days, three candidates, seven examiners."""
    return Instance(
        half_days=(
            HalfDay(date(2026, 5, 11), 0, 480, 240),
            HalfDay(date(2026, 5, 11), 1, 810, 240),
            HalfDay(date(2026, 5, 12), 0, 480, 240),
        ),
        exams=EXAMS,
        centres=(
            Centre(
                code="C1",
                name="Lycée Bellevue",
                rooms=(
                    Room("R1", "Salle 101"),
                    Room("R2", "Salle 102"),
                    Room("R4", "Salle 104"),
                    Room("P1", "Salle informatique", posts=3),
                ),
                loge_seats=2,
                open=ALL_DAYS,
            ),
            Centre(
                code="C2",
                name="Lycée du Port",
                rooms=(Room("R3", "Salle 3"),),
                loge_seats=2,
                open=ALL_DAYS,
            ),
        ),
        examiners=(
            _examiner("B1", {"bloc1"}, "0750002B"),
            _examiner("B2", {"bloc2"}, "0750001A"),
            _examiner("B3", {"bloc3"}, "0750002B"),
            _examiner("B4", {"bloc2"}, "0750009Z"),
            _examiner("P1", {"professional"}),
            _examiner("L1", {"language"}, "0750003C", languages={"en"}),
            _examiner("L2", {"language"}, "0750003C", languages={"en", "es"}, centres={"C2"}),
        ),
        candidates=(
            Candidate("A", "0750001A", "C1", (Task("E4"), Task("E6"), Task("EF2"), Task("E5P"))),
            Candidate("B", "0750001A", "C1", (Task("E5P"), Task("E2", "en", 10, 10))),
            Candidate("C", "0750002B", "C1", (Task("E5P"), Task("E2", "en"))),
        ),
    )


def schedule() -> Schedule:
    return Schedule(
        sittings=(
            Sitting("A", "E4", "C1", "R1", 0, 480, 520, 560, ("B1", "P1")),
            Sitting("A", "E6", "C1", "R1", 1, 810, 810, 840, ("B3", "P1")),
            Sitting("A", "EF2", "C1", "R1", 1, 840, 840, 860, ("P1", "B3")),
            Sitting("A", "E5P", "C1", "P1", 2, 480, 480, 520, ("B4",), "G1"),
            Sitting("B", "E5P", "C1", "P1", 2, 480, 480, 520, ("B4",), "G1"),
            Sitting("B", "E2", "C1", "R2", 0, 480, 520, 560, ("L1",)),
            Sitting("C", "E5P", "C1", "P1", 2, 480, 480, 520, ("B4",), "G1"),
            Sitting("C", "E2", "C1", "R2", 1, 810, 840, 870, ("L1",)),
        )
    )


Mutation = Callable[[Instance, Schedule], tuple[Instance, Schedule]]


def _edit(candidate: str, exam: str, **changes: object) -> Mutation:
    """Change one sitting of the valid schedule."""

    def mutate(inst: Instance, sched: Schedule) -> tuple[Instance, Schedule]:
        sittings = tuple(
            replace(s, **changes) if (s.candidate, s.exam) == (candidate, exam) else s  # type: ignore[arg-type]
            for s in sched.sittings
        )
        return inst, Schedule(sittings)

    return mutate


def _add(sitting: Sitting) -> Mutation:
    return lambda inst, sched: (inst, Schedule((*sched.sittings, sitting)))


def _drop(candidate: str, exam: str) -> Mutation:
    return lambda inst, sched: (
        inst,
        Schedule(tuple(s for s in sched.sittings if (s.candidate, s.exam) != (candidate, exam))),
    )


def _instance(**changes: object) -> Mutation:
    return lambda inst, sched: (replace(inst, **changes), sched)  # type: ignore[arg-type]


def _centre_c1(**changes: object) -> Mutation:
    def mutate(inst: Instance, sched: Schedule) -> tuple[Instance, Schedule]:
        centres = tuple(
            replace(c, **changes) if c.code == "C1" else c  # type: ignore[arg-type]
            for c in inst.centres
        )
        return replace(inst, centres=centres), sched

    return mutate


def _examiner_edit(examiner: str, **changes: object) -> Mutation:
    def mutate(inst: Instance, sched: Schedule) -> tuple[Instance, Schedule]:
        examiners = tuple(
            replace(e, **changes) if e.id == examiner else e  # type: ignore[arg-type]
            for e in inst.examiners
        )
        return replace(inst, examiners=examiners), sched

    return mutate


def _candidate_c_speaks_spanish(inst: Instance, sched: Schedule) -> tuple[Instance, Schedule]:
    candidates = tuple(
        replace(c, tasks=(Task("E5P"), Task("E2", "es"))) if c.id == "C" else c
        for c in inst.candidates
    )
    return replace(inst, candidates=candidates), sched


def _fourth_in_group(inst: Instance, sched: Schedule) -> tuple[Instance, Schedule]:
    inst = replace(
        inst, candidates=(*inst.candidates, Candidate("D", "0750002B", "C1", (Task("E5P"),)))
    )
    extra = Sitting("D", "E5P", "C1", "P1", 2, 480, 480, 520, ("B4",), "G1")
    return inst, Schedule((*sched.sittings, extra))


BREAKS: dict[str, Mutation] = {
    "unknown_candidate": _add(Sitting("Z", "E5P", "C1", "P1", 1, 810, 810, 850, ("B4",))),
    "unexpected_sitting": _add(Sitting("C", "E4", "C1", "R1", 2, 480, 520, 560, ("B1", "P1"))),
    "duplicate_sitting": _add(Sitting("C", "E2", "C1", "R2", 2, 540, 570, 600, ("L1",))),
    "missing_sitting": _drop("C", "E2"),
    "wrong_centre": _edit("C", "E2", centre="C2", room="R3", examiners=("L2",)),
    "unknown_centre": _edit("C", "E2", centre="C9"),
    "half_day_closed": _centre_c1(open=frozenset({0, 1})),
    "outside_half_day": _edit("C", "E2", loge_start=800, start=830, end=860),
    "wrong_duration": _edit("C", "E2", end=880),
    "wrong_loge": _edit("C", "E2", loge_start=820),
    "two_exams_half_day": _edit("C", "E2", half_day=2, loge_start=530, start=560, end=590),
    "follows_broken": _edit("A", "EF2", start=850, loge_start=850, end=870),
    "unknown_examiner": _edit("C", "E2", examiners=("X9",)),
    "examiner_count": _edit("A", "E4", examiners=("B1",)),
    "examiner_kind": _edit("A", "E4", examiners=("B3", "P1")),
    "examiner_language": _candidate_c_speaks_spanish,
    "own_establishment": _edit("A", "E4", examiners=("B1", "B2")),
    "examiner_unavailable": _examiner_edit("L1", available=frozenset({1, 2})),
    "examiner_unreachable": _edit("C", "E2", examiners=("L2",)),
    "examiner_withdrawn": _instance(withdrawn=frozenset({"L1"})),
    "examiner_two_places": _edit(
        "C", "E2", half_day=0, room="R4", loge_start=520, start=550, end=580
    ),
    "examiner_double_booked": _edit("C", "E2", half_day=0, loge_start=500, start=530, end=560),
    "unknown_room": _edit("C", "E2", room="R9"),
    "room_lost": _instance(rooms_lost=frozenset({"R2"})),
    "room_overlap": _edit("C", "E2", room="R1", loge_start=820, start=850, end=880),
    "posts_exceeded": _centre_c1(
        rooms=(
            Room("R1", "Salle 101"),
            Room("R2", "Salle 102"),
            Room("R4", "Salle 104"),
            Room("P1", "Salle informatique", posts=2),
        )
    ),
    "group_too_large": _fourth_in_group,
    "group_inconsistent": _edit("C", "E5P", start=490, loge_start=490, end=530),
    "loge_seats_exceeded": _centre_c1(loge_seats=1),
}


def test_a_valid_schedule_passes() -> None:
    assert check(instance(), schedule()) == []


def test_every_documented_code_has_a_schedule_breaking_it() -> None:
    documented = set(re.findall(r"``([a-z_]+)``", checker.__doc__ or ""))
    documented -= {"code"}
    assert documented == set(BREAKS)


@pytest.mark.parametrize("code", sorted(BREAKS))
def test_a_schedule_breaking_a_constraint_fails_with_its_code(code: str) -> None:
    inst, sched = BREAKS[code](instance(), schedule())
    violations = check(inst, sched)
    assert code in {v.code for v in violations}, violations
    for violation in violations:
        assert violation.message.endswith(".")


def test_the_message_names_candidate_examiner_centre_and_half_day() -> None:
    inst, sched = BREAKS["examiner_unavailable"](instance(), schedule())
    (violation,) = [v for v in check(inst, sched) if v.code == "examiner_unavailable"]
    assert violation.message == (
        "Examinateur L1 n'est pas disponible au centre Lycée Bellevue, le 11/05/2026 matin "
        "(candidat B, E2)."
    )
    assert (violation.candidate, violation.examiner, violation.centre, violation.half_day) == (
        "B",
        "L1",
        "C1",
        0,
    )


def test_two_practical_groups_share_a_computer_room_when_the_posts_suffice() -> None:
    inst = instance()
    rooms = (
        Room("R1", "Salle 101"),
        Room("R2", "Salle 102"),
        Room("R4", "Salle 104"),
        Room("P1", "Salle informatique", posts=6),
    )
    inst = replace(
        inst,
        centres=(replace(inst.centres[0], rooms=rooms), inst.centres[1]),
        candidates=(*inst.candidates, Candidate("D", "0750004D", "C1", (Task("E5P"),))),
    )
    extra = Sitting("D", "E5P", "C1", "P1", 2, 480, 480, 520, ("B1",), "G2")
    assert check(inst, Schedule((*schedule().sittings, extra))) == []
    # the same second group in an oral room already taken is a conflict
    inst2 = replace(
        inst,
        centres=(
            replace(
                inst.centres[0],
                rooms=(*rooms, Room("P2", "Salle 2", posts=3)),
            ),
            inst.centres[1],
        ),
    )
    oral = Sitting("D", "E5P", "C1", "R1", 0, 520, 520, 560, ("B3",), "G2")
    codes = {v.code for v in check(inst2, Schedule((*schedule().sittings, oral)))}
    assert {"room_overlap", "posts_exceeded"} <= codes


def test_a_practical_group_lasts_until_its_candidate_with_extra_time_ends() -> None:
    inst = instance()
    candidates = tuple(
        replace(c, tasks=(Task("E5P", extra=13), Task("E2", "en", 10, 10))) if c.id == "B" else c
        for c in inst.candidates
    )
    inst = replace(inst, candidates=candidates)
    sittings = tuple(
        replace(s, end=533) if (s.candidate, s.exam) == ("B", "E5P") else s
        for s in schedule().sittings
    )
    assert check(inst, Schedule(sittings)) == []
    inst = replace(
        inst, candidates=(*inst.candidates, Candidate("D", "0750004D", "C1", (Task("E5P"),)))
    )
    too_soon = Sitting("D", "E5P", "C1", "P1", 2, 520, 520, 560, ("B4",), "G2")
    codes = {v.code for v in check(inst, Schedule((*sittings, too_soon)))}
    assert codes == {"examiner_double_booked"}
    in_time = replace(too_soon, loge_start=533, start=533, end=573)
    assert check(inst, Schedule((*sittings, in_time))) == []
