"""Property: a random schedule valid by construction of a tiny instance passes the checker;
moving one sitting onto another's minutes in the same room fails."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from benchmarks.scheduling_benchmark import exam_kinds
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ndrc.planning.checker import check
from ndrc.planning.instance import Candidate, Centre, Examiner, HalfDay, Instance, Room, Task
from ndrc.planning.schedule import Schedule, Sitting

EXAMS = exam_kinds("R2023")
HALF_DAYS = tuple(
    HalfDay(date(2026, 5, 11) + timedelta(days=i // 2), i % 2, (480, 810)[i % 2], 240)
    for i in range(6)
)
ROOMS = 3
TASK_SETS = (
    ("E5P",),
    ("E5P", "E2"),
    ("E5P", "E4", "E6"),
    ("E5P", "E4", "E6", "EF2"),
    ("E5P", "E2", "EF1"),
)


@st.composite
def valid_cases(draw: st.DrawFn) -> tuple[Instance, Schedule]:
    """Each candidate's exams on distinct half-days; each room runs its work one after the
    other with its own examiners (a teacher of every kind and a professional)."""
    size = draw(st.integers(min_value=1, max_value=6))
    candidates: list[Candidate] = []
    for number in range(size):
        exams = draw(st.sampled_from(TASK_SETS))
        tasks = []
        for exam in exams:
            extra = draw(st.sampled_from((0, 0, 10)))
            language = draw(st.sampled_from(("en", "es"))) if EXAMS[exam].language_bound else ""
            loge_extra = extra if EXAMS[exam].loge else 0
            tasks.append(Task(exam, language, loge_extra, extra))
        candidates.append(Candidate(f"K{number}", f"07500{number:02d}X", "C1", tuple(tasks)))
    cursors = {(h, r): HALF_DAYS[h].start for h in range(len(HALF_DAYS)) for r in range(ROOMS)}
    sittings: list[Sitting] = []
    for candidate in candidates:
        placed = [t for t in candidate.tasks if t.exam != "EF2"]
        half_days = draw(st.permutations(range(len(HALF_DAYS))))[: len(placed)]
        for task, h in zip(placed, half_days, strict=False):
            exam = EXAMS[task.exam]
            length = exam.loge + task.extra_loge + exam.duration + task.extra
            chain = task.exam == "E6" and any(t.exam == "EF2" for t in candidate.tasks)
            if chain:
                ef2 = next(t for t in candidate.tasks if t.exam == "EF2")
                length += EXAMS["EF2"].duration + ef2.extra
            room = draw(st.integers(min_value=0, max_value=ROOMS - 1))
            loge_start = cursors[(h, room)]
            assume(loge_start + length <= HALF_DAYS[h].end)
            start = loge_start + exam.loge + task.extra_loge
            end = start + exam.duration + task.extra
            members = tuple(f"{kind}{room}" for kind in ("T", "P")[: len(exam.seats)])
            sittings.append(
                Sitting(
                    candidate.id, task.exam, "C1", f"R{room}", h, loge_start, start, end, members
                )
            )
            if chain:
                ef2_end = end + EXAMS["EF2"].duration + ef2.extra
                sittings.append(
                    Sitting(candidate.id, "EF2", "C1", f"R{room}", h, end, end, ef2_end, members)
                )
                end = ef2_end
            cursors[(h, room)] = end
    examiners = tuple(
        Examiner(
            id=f"{kind}{room}",
            name=f"Examinateur {kind}{room}",
            establishment="",
            kinds=frozenset(
                {"bloc1", "bloc2", "bloc3", "language"} if kind == "T" else {"professional"}
            ),
            languages=frozenset({"en", "es"}),
            centres=frozenset({"C1"}),
            available=frozenset(range(len(HALF_DAYS))),
        )
        for room in range(ROOMS)
        for kind in ("T", "P")
    )
    centre = Centre(
        code="C1",
        name="Lycée Bellevue",
        rooms=tuple(Room(f"R{r}", f"Salle {r}", posts=3) for r in range(ROOMS)),
        loge_seats=ROOMS,
        open=frozenset(range(len(HALF_DAYS))),
    )
    instance = Instance(HALF_DAYS, EXAMS, (centre,), examiners, tuple(candidates))
    return instance, Schedule(tuple(sittings))


@settings(max_examples=60, deadline=None)
@given(case=valid_cases())
def test_a_schedule_valid_by_construction_passes(case: tuple[Instance, Schedule]) -> None:
    instance, schedule = case
    assert check(instance, schedule) == []


@settings(max_examples=60, deadline=None)
@given(case=valid_cases(), data=st.data())
def test_moving_a_sitting_onto_another_in_its_room_fails(
    case: tuple[Instance, Schedule], data: st.DataObject
) -> None:
    instance, schedule = case
    sittings = list(schedule.sittings)
    pairs = [
        (i, j)
        for i, moved in enumerate(sittings)
        for j, target in enumerate(sittings)
        if moved.candidate != target.candidate and moved.exam != "EF2" and target.exam != "EF2"
    ]
    assume(pairs)
    i, j = data.draw(st.sampled_from(pairs))
    moved, target = sittings[i], sittings[j]
    shift = target.start - moved.start
    sittings[i] = replace(
        moved,
        room=target.room,
        half_day=target.half_day,
        loge_start=moved.loge_start + shift,
        start=target.start,
        end=moved.end + shift,
        examiners=target.examiners
        if len(target.examiners) == len(moved.examiners)
        else moved.examiners,
    )
    codes = {v.code for v in check(instance, Schedule(tuple(sittings)))}
    assert codes & {"room_overlap", "examiner_double_booked", "examiner_two_places"}, codes
