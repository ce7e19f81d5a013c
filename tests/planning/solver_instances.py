"""Small hand-built instances for the solver's and the bounds' tests (2023 durations)."""

from __future__ import annotations

from datetime import date

from ndrc.planning.instance import (
    Candidate,
    Centre,
    Examiner,
    ExamKind,
    HalfDay,
    Instance,
    Room,
    Seat,
    Task,
)

PAIR = (Seat(("bloc1",)), Seat(("professional", "bloc1", "bloc2", "bloc3")))
PAIR6 = (Seat(("bloc3",)), Seat(("professional", "bloc1", "bloc2", "bloc3")))
EXAMS = {
    "E2": ExamKind("E2", "E2", 30, 30, (Seat(("language",)),), language_bound=True),
    "E4": ExamKind("E4", "E4", 40, 40, PAIR),
    "E5P": ExamKind("E5P", "E5 pratique", 40, 0, (Seat(("bloc1", "bloc2", "bloc3")),), 3, True),
    "E6": ExamKind("E6", "E6", 30, 0, PAIR6),
    "EF1": ExamKind("EF1", "EF1", 20, 20, (Seat(("language",)),), language_bound=True),
    "EF2": ExamKind("EF2", "EF2", 20, 0, PAIR6, follows="E6"),
}
HALF_DAYS = tuple(
    HalfDay(day, half, 480 if half == 0 else 810, 240)
    for day in (date(2026, 5, 11), date(2026, 5, 12), date(2026, 5, 13))
    for half in (0, 1)
)
ALL = frozenset(range(len(HALF_DAYS)))
CENTRES_REACHED = frozenset({"C1", "C2"})


def _centre(code: str, name: str) -> Centre:
    orals = tuple(Room(f"{code}-S{i}", f"Salle {i}") for i in range(1, 7))
    rooms = (*orals, Room(f"{code}-INFO", "Salle informatique", posts=9))
    return Centre(code, name, rooms, 4, ALL)


def _examiners(german: bool = True) -> tuple[Examiner, ...]:
    out = []
    for est in ("EA", "EB", "EC"):
        for kind in ("bloc1", "bloc2", "bloc3"):
            out.append(
                Examiner(
                    f"{kind}-{est}",
                    f"{kind} {est}",
                    est,
                    frozenset({kind}),
                    frozenset(),
                    CENTRES_REACHED,
                    ALL,
                )
            )
        out.append(
            Examiner(
                f"lv-{est}",
                f"LV {est}",
                est,
                frozenset({"language"}),
                frozenset({"anglais", "espagnol"}),
                CENTRES_REACHED,
                ALL,
            )
        )
    for i in range(1, 5):
        out.append(
            Examiner(
                f"pro-{i}",
                f"Pro {i}",
                "",
                frozenset({"professional"}),
                frozenset(),
                CENTRES_REACHED,
                ALL,
            )
        )
    if german:
        out.append(
            Examiner(
                "de-EC",
                "Allemand EC",
                "EC",
                frozenset({"language"}),
                frozenset({"allemand"}),
                CENTRES_REACHED,
                ALL,
            )
        )
    return tuple(out)


def _candidates(count: int) -> tuple[Candidate, ...]:
    out = []
    for i in range(count):
        est = ("EA", "EB", "EC")[i % 3]
        centre = "C2" if est == "EC" else "C1"
        extra = 13 if i % 11 == 5 else 0
        tasks = [
            Task(
                "E2",
                "espagnol" if i % 4 == 0 else "anglais",
                extra_loge=extra and 10,
                extra=extra and 10,
            ),
            Task("E4", extra_loge=extra, extra=extra),
            Task("E5P", extra=extra),
            Task("E6", extra=extra and 10),
        ]
        if i % 3 == 1:
            tasks.append(Task("EF2"))
        if i % 5 == 0 and est != "EC":
            tasks.append(Task("EF1", "allemand"))
        out.append(Candidate(f"C{i:03d}", est, centre, tuple(tasks)))
    return tuple(out)


def small_instance(candidates: int = 36, *, german: bool = True) -> Instance:
    return Instance(
        half_days=HALF_DAYS,
        exams=EXAMS,
        centres=(_centre("C1", "Lycée Un"), _centre("C2", "Lycée Deux")),
        examiners=_examiners(german),
        candidates=_candidates(candidates),
    )


def one_teacher_instance() -> Instance:
    """One teacher is both the only bloc-1 teacher (E4) and the only English teacher (E2) of
    the centre, on two days. Each resource alone fits in one day (two E4 sessions, two E2
    sessions), so the resources' bound says one day; the teacher cannot be in two sessions at
    once, so two days are needed."""
    halves = tuple(
        HalfDay(day, half, 480 if half == 0 else 810, 240)
        for day in (date(2026, 5, 11), date(2026, 5, 12))
        for half in (0, 1)
    )
    every = frozenset(range(4))
    centre = Centre("C1", "Lycée C1", tuple(Room(f"S{i}", f"Salle {i}") for i in (1, 2)), 2, every)
    teacher = Examiner(
        "t",
        "Prof",
        "X",
        frozenset({"bloc1", "language"}),
        frozenset({"anglais"}),
        frozenset({"C1"}),
        every,
    )
    pros = tuple(
        Examiner(
            f"p{i}",
            f"Pro {i}",
            "",
            frozenset({"professional"}),
            frozenset(),
            frozenset({"C1"}),
            every,
        )
        for i in (1, 2)
    )
    e4 = tuple(Candidate(f"A{i}", "EA", "C1", (Task("E4"),)) for i in range(10))
    e2 = tuple(Candidate(f"B{i}", "EA", "C1", (Task("E2", "anglais"),)) for i in range(14))
    return Instance(halves, EXAMS, (centre,), (teacher, *pros), (*e4, *e2))


def english_candidates(code: str, count: int) -> tuple[Candidate, ...]:
    """``count`` candidates of centre ``code`` (establishment « E<code> ») sitting E2 in
    English."""
    return tuple(
        Candidate(f"{code}-{i}", f"E{code}", code, (Task("E2", "anglais"),)) for i in range(count)
    )


def english_teacher(eid: str, centres: set[str], available: set[int]) -> Examiner:
    """An English teacher of establishment « X » reaching ``centres`` on ``available``."""
    return Examiner(
        eid,
        eid.capitalize(),
        "X",
        frozenset({"language"}),
        frozenset({"anglais"}),
        frozenset(centres),
        frozenset(available),
    )
