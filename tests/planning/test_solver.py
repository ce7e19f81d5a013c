"""The solver on small hand-built instances: every hard constraint checked here by hand (the
independent checker is another module's), the values against the lower bounds, the
diagnosis of an infeasible instance and the re-planning after a withdrawal."""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from dataclasses import replace
from datetime import date

import pytest

from ndrc.planning.checker import check
from ndrc.planning.instance import Instance
from ndrc.planning.schedule import Binding, Schedule, Sitting, SolveReport
from ndrc.planning.solver import solve
from tests.planning.solver_instances import small_instance

HALF_DAYS_ONE = date(2026, 5, 11)

FOLLOWERS = {"EF2"}


@pytest.fixture(scope="module")
def instance() -> Instance:
    return small_instance(36)


@pytest.fixture(scope="module")
def report(instance: Instance) -> SolveReport:
    return solve(instance, time_limit=4.0)


def _schedule(report: SolveReport) -> Schedule:
    assert report.schedule is not None
    return report.schedule


def test_every_task_is_placed_exactly_once(instance: Instance, report: SolveReport) -> None:
    assert report.status in ("optimal", "feasible")
    placed = [(s.candidate, s.exam) for s in _schedule(report).sittings]
    wanted = [(c.id, t.exam) for c in instance.candidates for t in c.tasks]
    assert sorted(placed) == sorted(wanted)


def test_no_candidate_has_two_exams_in_one_half_day(report: SolveReport) -> None:
    for sittings in _schedule(report).by_candidate().values():
        halves = [s.half_day for s in sittings if s.exam not in FOLLOWERS]
        assert len(halves) == len(set(halves))


def test_sittings_lie_in_their_open_half_day_and_centre(
    instance: Instance, report: SolveReport
) -> None:
    centre_of = {c.id: c.centre for c in instance.candidates}
    for s in _schedule(report).sittings:
        half = instance.half_days[s.half_day]
        assert half.start <= s.loge_start <= s.start < s.end <= half.end
        assert s.centre == centre_of[s.candidate]
        assert s.half_day in instance.centre(s.centre).open


def test_no_examiner_examines_a_candidate_of_his_establishment(
    instance: Instance, report: SolveReport
) -> None:
    establishment = {c.id: c.establishment for c in instance.candidates}
    examiners = {e.id: e for e in instance.examiners}
    for s in _schedule(report).sittings:
        for eid in s.examiners:
            assert examiners[eid].establishment != establishment[s.candidate]


def test_each_seat_has_the_right_kind_and_language(instance: Instance, report: SolveReport) -> None:
    examiners = {e.id: e for e in instance.examiners}
    tasks = {(c.id, t.exam): t for c in instance.candidates for t in c.tasks}
    for s in _schedule(report).sittings:
        exam = instance.exams[s.exam]
        assert len(s.examiners) == len(exam.seats)
        assert len(set(s.examiners)) == len(s.examiners)
        for seat, eid in zip(exam.seats, s.examiners, strict=True):
            assert examiners[eid].kinds & set(seat.kinds)
            assert s.centre in examiners[eid].centres
            assert s.half_day in examiners[eid].available
        if exam.language_bound:
            assert tasks[(s.candidate, s.exam)].language in examiners[s.examiners[0]].languages


def test_examiners_and_rooms_are_never_in_two_places(report: SolveReport) -> None:
    examiner_at: dict[tuple[str, int], set[str]] = defaultdict(set)
    busy: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)
    for s in _schedule(report).sittings:
        for eid in s.examiners:
            examiner_at[(eid, s.half_day)].add(s.centre)
            if not s.group:
                busy[(eid, s.half_day)].append((s.start, s.end, s.candidate))
    assert all(len(centres) == 1 for centres in examiner_at.values())
    for slots in busy.values():
        slots.sort()
        for (_a, end, _c), (start, _b, _d) in itertools.pairwise(slots):
            assert end <= start


def test_e5_groups_of_three_at_most_and_posts_respected(
    instance: Instance, report: SolveReport
) -> None:
    groups: dict[str, list[Sitting]] = defaultdict(list)
    posts = {r.id: r.posts for c in instance.centres for r in c.rooms}
    for s in _schedule(report).sittings:
        if s.exam == "E5P":
            assert s.group
            assert posts[s.room] > 0
            groups[s.group].append(s)
    assert groups
    for members in groups.values():
        assert len(members) <= 3
        assert len({(s.room, s.half_day, s.start, s.end, s.examiners) for s in members}) == 1
    # At every minute, the candidates on the posts of a room never exceed its posts.
    by_room: dict[tuple[str, int], list[Sitting]] = defaultdict(list)
    for s in _schedule(report).sittings:
        if s.exam == "E5P":
            by_room[(s.room, s.half_day)].append(s)
    for (room, _h), sittings in by_room.items():
        for minute in {s.start for s in sittings}:
            assert sum(1 for s in sittings if s.start <= minute < s.end) <= posts[room]


def test_loge_seats_and_oral_rooms_respected(instance: Instance, report: SolveReport) -> None:
    loge: dict[tuple[str, int], list[Sitting]] = defaultdict(list)
    rooms: dict[tuple[str, int], set[tuple[str, ...]]] = defaultdict(set)
    for s in _schedule(report).sittings:
        if s.loge_start < s.start:
            loge[(s.centre, s.half_day)].append(s)
        if s.exam != "E5P":
            rooms[(s.room, s.half_day)].add(s.examiners)
    for (centre, _h), sittings in loge.items():
        seats = instance.centre(centre).loge_seats
        for minute in {s.loge_start for s in sittings}:
            assert sum(1 for s in sittings if s.loge_start <= minute < s.start) <= seats
    assert all(len(commissions) == 1 for commissions in rooms.values())


def test_ef2_comes_right_after_e6_with_the_same_commission(report: SolveReport) -> None:
    seen = 0
    for sittings in _schedule(report).by_candidate().values():
        exams = {s.exam: s for s in sittings}
        if "EF2" in exams:
            e6, ef2 = exams["E6"], exams["EF2"]
            assert (ef2.half_day, ef2.start, ef2.room, ef2.examiners) == (
                e6.half_day,
                e6.end,
                e6.room,
                e6.examiners,
            )
            seen += 1
    assert seen


def test_extra_time_lengthens_the_slot_and_the_loge(
    instance: Instance, report: SolveReport
) -> None:
    sittings = {(s.candidate, s.exam): s for s in _schedule(report).sittings}
    checked = 0
    for candidate in instance.candidates:
        for task in candidate.tasks:
            exam = instance.exams[task.exam]
            s = sittings[(candidate.id, task.exam)]
            assert s.end - s.start == exam.duration + task.extra
            assert s.start - s.loge_start == (exam.loge + task.extra_loge if exam.loge else 0)
            checked += task.extra > 0
    assert checked


def test_the_independent_checker_finds_nothing(instance: Instance, report: SolveReport) -> None:
    assert check(instance, _schedule(report)) == []


def test_values_are_at_least_the_lower_bounds(report: SolveReport) -> None:
    assert report.bounds.examiner_half_days <= report.examiner_half_days
    assert report.bounds.centre_days <= report.centre_days
    assert report.first_feasible_seconds is not None
    assert report.first_feasible_seconds <= report.seconds
    assert report.trips > 0


def test_progress_is_told_as_centres_finish(instance: Instance) -> None:
    told: list[tuple[float, str]] = []
    solve(
        instance,
        time_limit=2.0,
        progress=lambda fraction, message: told.append((fraction, message)),
    )
    assert [fraction for fraction, _m in told] == [0.5, 1.0]
    assert "Lycée" in told[0][1]


def test_no_german_examiner_is_infeasible_at_once_naming_german() -> None:
    started = time.monotonic()
    report = solve(small_instance(36, german=False), time_limit=30.0)
    assert time.monotonic() - started < 5
    assert report.status == "infeasible"
    assert report.schedule is None
    assert any(
        "allemand" in b.message and b.resource == "language:allemand" for b in report.diagnosis
    )


def test_infeasibility_the_bounds_see_is_reported_at_once() -> None:
    # One oral room and one loge seat per centre: the commissions cannot fit.
    base = small_instance(36)
    centres = tuple(
        replace(
            c, rooms=tuple(r for r in c.rooms if r.posts > 0 or r.id.endswith("S1")), loge_seats=1
        )
        for c in base.centres
    )
    started = time.monotonic()
    report = solve(replace(base, centres=centres), time_limit=20.0)
    assert time.monotonic() - started < 1
    assert report.status == "infeasible"
    assert report.bounds.infeasible
    assert {b.resource for b in report.diagnosis} & {"rooms", "loge"}


def test_infeasibility_cp_sat_proves_is_diagnosed_by_relaxing_one_resource() -> None:
    # One centre. Teachers of bloc 1 come on the first morning and afternoon only, of bloc 3
    # on the first afternoon and the second morning, of bloc 2 not at all: each resource
    # alone suffices (the bounds pass), but E4, the E5 practical and E6 compete for them.
    base = small_instance(36)
    available = {"bloc1": frozenset({0, 1}), "bloc3": frozenset({1, 2})}
    examiners = tuple(
        replace(e, available=available.get(next(iter(e.kinds)), e.available))
        for e in base.examiners
        if "bloc2" not in e.kinds
    )
    one = tuple(c for c in base.candidates if c.centre == "C1")
    report = solve(replace(base, examiners=examiners, candidates=one), time_limit=10.0)
    assert not report.bounds.infeasible
    assert report.status == "infeasible"
    assert report.schedule is None
    assert report.diagnosis[0] == Binding(
        "teacher:bloc1", "C1", "il faut des professeurs du bloc 1 de plus au centre Lycée Un"
    )


def test_two_centres_competing_for_the_teachers_they_share_are_named() -> None:
    # Teachers of bloc 1, who reach both centres, come on the first morning and afternoon
    # only, of bloc 2 not at all: either centre alone has a schedule, not both (D143).
    base = small_instance(36)
    examiners = tuple(
        replace(e, available=frozenset({0, 1})) if "bloc1" in e.kinds else e
        for e in base.examiners
        if "bloc2" not in e.kinds
    )
    started = time.monotonic()
    report = solve(replace(base, examiners=examiners), time_limit=10.0)
    assert time.monotonic() - started < 5
    assert not report.bounds.infeasible
    assert report.status == "infeasible"
    [binding] = report.diagnosis
    assert binding.resource == "sharing"
    assert binding.message.startswith(
        ("les centres Lycée Un et Lycée Deux ", "les centres Lycée Deux et Lycée Un ")
    )
    assert binding.message.endswith(
        " partagent 14 examinateurs : à eux deux, aucun choix de jours ne leur réunit assez "
        "d'examinateurs pour chaque épreuve et chaque langue (un examinateur ne tient qu'une "
        "place par demi-journée) ; ce qui lèverait cet obstacle à lui seul : un professeur du "
        "bloc 1 de plus présent chaque demi-journée, pouvant se rendre dans les deux centres"
    )


def test_replanning_after_a_withdrawal_moves_only_that_examiners_candidates(
    instance: Instance, report: SolveReport
) -> None:
    schedule = _schedule(report)
    busiest = max(
        (e.id for e in instance.examiners if "professional" in e.kinds),
        key=lambda eid: sum(1 for s in schedule.sittings if eid in s.examiners),
    )
    hit = {s.candidate for s in schedule.sittings if busiest in s.examiners}
    again = solve(
        replace(instance, withdrawn=frozenset({busiest})), time_limit=4.0, previous=schedule
    )
    new = _schedule(again)
    assert again.status in ("optimal", "feasible")
    assert all(busiest not in s.examiners for s in new.sittings)
    assert sorted((s.candidate, s.exam) for s in new.sittings) == sorted(
        (s.candidate, s.exam) for s in schedule.sittings
    )
    old = set(schedule.sittings)
    for s in new.sittings:
        if s.candidate not in hit:
            assert s in old
    assert set(again.changed) <= hit
    assert again.changed
    assert check(replace(instance, withdrawn=frozenset({busiest})), new) == []
    moved = {(s.candidate, s.exam) for s in new.sittings if s not in old}
    assert moved
    for sittings in new.by_candidate().values():
        halves = [s.half_day for s in sittings if s.exam not in FOLLOWERS]
        assert len(halves) == len(set(halves))


def test_replanning_after_a_room_is_lost_moves_only_the_sittings_held_there(
    instance: Instance, report: SolveReport
) -> None:
    schedule = _schedule(report)
    lost = "C1-S1"
    hit = {s.candidate for s in schedule.sittings if s.room == lost}
    assert hit
    changed_instance = replace(instance, rooms_lost=frozenset({lost}))
    again = solve(changed_instance, time_limit=4.0, previous=schedule)
    new = _schedule(again)
    assert all(s.room != lost for s in new.sittings)
    assert check(changed_instance, new) == []
    old = set(schedule.sittings)
    assert all(s in old for s in new.sittings if s.candidate not in hit)
    assert set(again.changed) == {s.candidate for s in new.sittings if s not in old}
    assert set(again.changed) <= hit


def test_a_solution_found_can_be_fixed_and_detailed_again(instance: Instance) -> None:
    # The fallback of a centre whose improvement runs out of time: its first solution, fixed.
    from ndrc.planning import centre_model as module

    centre = instance.centre("C2")
    candidates = [c for c in instance.candidates if c.centre == "C2"]
    first = module.solve_centre(
        instance, centre, candidates, module.Used(), {}, 3.0, 2, stop_at_first=True, detail=False
    )
    assert first.status in ("optimal", "feasible")
    again = module.solve_centre(
        instance, centre, candidates, module.Used(), {}, 3.0, 2, hint=first.values, fix_hint=True
    )
    assert again.values == first.values
    assert len(again.sittings) == sum(len(c.tasks) for c in candidates)


def test_extra_time_delays_only_the_session_that_holds_the_candidate() -> None:
    # E4: loge 40 min, oral 40 min, a half-day of 240 min: five candidates per session
    # (40 + 5 × 40). Four more, one with a third more time (loge 53, oral 53), fit in a
    # second session (53 + 53 + 3 × 40 = 226). Two commissions on the only half-day suffice:
    # the longer loge must not shorten the session without that candidate.
    from ndrc.planning.instance import Candidate, Centre, Examiner, HalfDay, Room, Task
    from tests.planning.solver_instances import EXAMS

    half = (HalfDay(HALF_DAYS_ONE, 0, 480, 240),)
    centre = Centre(
        "C1", "Centre", tuple(Room(f"S{i}", f"Salle {i}") for i in (1, 2)), 2, frozenset({0})
    )
    examiners = tuple(
        Examiner(
            f"{kind}-{i}",
            f"{kind} {i}",
            "",
            frozenset({kind}),
            frozenset(),
            frozenset({"C1"}),
            frozenset({0}),
        )
        for kind in ("bloc1", "professional")
        for i in (1, 2)
    )
    candidates = [Candidate(f"N{i}", "EA", "C1", (Task("E4"),)) for i in range(8)]
    candidates.append(Candidate("X", "EA", "C1", (Task("E4", extra_loge=13, extra=13),)))
    small = Instance(half, {"E4": EXAMS["E4"]}, (centre,), examiners, tuple(candidates))
    report = solve(small, time_limit=5.0)
    assert report.schedule is not None, report.diagnosis
    assert check(small, report.schedule) == []
    assert report.examiner_half_days == 4
    extra = next(s for s in report.schedule.sittings if s.candidate == "X")
    assert extra.start - extra.loge_start == 53 and extra.end - extra.start == 53
