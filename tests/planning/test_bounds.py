"""The lower bounds and the binding resource, on hand-built instances whose figures are
counted by hand here."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from ndrc.planning.aggregate import of_language
from ndrc.planning.bounds import lower_bounds
from ndrc.planning.instance import (
    Candidate,
    Centre,
    Examiner,
    HalfDay,
    Instance,
    Room,
    Seat,
    Task,
)
from tests.planning.solver_instances import EXAMS, small_instance

DAYS = (  # Monday 11, Tuesday 12, Wednesday 13 May 2026
    HalfDay(date(2026, 5, 11), 0, 480, 240),
    HalfDay(date(2026, 5, 11), 1, 810, 240),
    HalfDay(date(2026, 5, 12), 0, 480, 240),
    HalfDay(date(2026, 5, 12), 1, 810, 240),
    HalfDay(date(2026, 5, 13), 0, 480, 240),
    HalfDay(date(2026, 5, 13), 1, 810, 240),
)
ALL = frozenset(range(len(DAYS)))


def _e4_instance(*, candidates: int, professionals: dict[int, int], rooms: int = 4) -> Instance:
    """Only E4 (40 min loge + 40 min oral: ⌊(240 − 40) / 40⌋ = 5 candidates per commission),
    at one centre; ``professionals`` half-day → how many professionals come then."""
    centre = Centre(
        "C1", "Lycée Un", tuple(Room(f"S{i}", f"Salle {i}") for i in range(rooms)), 9, ALL
    )
    teachers = tuple(
        Examiner(f"t{i}", f"T{i}", "X", frozenset({"bloc1"}), frozenset(), frozenset({"C1"}), ALL)
        for i in range(6)
    )
    pros = []
    for h, count in professionals.items():
        for i in range(count):
            available = frozenset({h})
            pros.append(
                Examiner(
                    f"p{h}-{i}",
                    "P",
                    "",
                    frozenset({"professional"}),
                    frozenset(),
                    frozenset({"C1"}),
                    available,
                )
            )
    people = tuple(Candidate(f"c{i}", "Y", "C1", (Task("E4"),)) for i in range(candidates))
    # A professional's seat no teacher may take here, so that professionals alone bind.
    e4 = replace(EXAMS["E4"], seats=(Seat(("bloc1",)), Seat(("professional",))))
    return Instance(DAYS, {"E4": e4}, (centre,), (*teachers, *pros), people)


def test_examiner_half_days_count_sessions_times_seats() -> None:
    # 23 candidates, 5 per commission: 5 commissions of two members = 10 examiner half-days.
    bounds = lower_bounds(_e4_instance(candidates=23, professionals={h: 2 for h in ALL}))
    assert bounds.examiner_half_days == 10
    assert bounds.per_centre["C1"][0] == 10
    assert not bounds.infeasible


def test_centre_days_from_the_best_days_and_the_binding_professional() -> None:
    # 5 commissions; professionals: 2 on Monday morning, 1 on Tuesday morning, 1 on Wednesday
    # morning and afternoon. Best days: Monday 2, Wednesday 2, Tuesday 1 → 3 days.
    bounds = lower_bounds(_e4_instance(candidates=23, professionals={0: 2, 2: 1, 4: 1, 5: 1}))
    assert bounds.centre_days == 3
    assert not bounds.infeasible
    (binding,) = bounds.binding
    assert binding.resource == "professional"
    assert binding.centre == "C1"
    assert binding.message == (
        "il manque 1 professionnel le lundi 11 mai au centre Lycée Un "
        "pour tenir en 2 jours au lieu de 3"
    )


def test_too_few_professionals_is_infeasible_and_says_how_many() -> None:
    bounds = lower_bounds(_e4_instance(candidates=23, professionals={0: 1, 1: 1}))
    assert bounds.infeasible
    assert {b.resource for b in bounds.binding} == {"professional", "commissions"}
    message = next(b.message for b in bounds.binding if b.resource == "professional")
    assert message.startswith("il manque 3 demi-journées de professionnel au centre Lycée Un")
    assert "Lycée Un" in message


def test_rooms_bind_when_they_are_the_scarcest() -> None:
    # One room: one commission per half-day, 5 commissions → 3 days.
    bounds = lower_bounds(_e4_instance(candidates=23, professionals={h: 3 for h in ALL}, rooms=1))
    assert bounds.centre_days == 3
    assert bounds.binding[0].resource in {"rooms", "commissions"}


def test_posts_are_counted_in_groups_of_three() -> None:
    base = small_instance(36)
    centres = tuple(
        replace(c, rooms=tuple(r if r.posts == 0 else replace(r, posts=2) for r in c.rooms))
        for c in base.centres
    )
    bounds = lower_bounds(replace(base, centres=centres))
    assert bounds.infeasible
    posts = [b for b in bounds.binding if b.resource == "posts"]
    assert posts
    assert "postes informatiques" in posts[0].message


def test_a_language_nobody_speaks_is_infeasible_at_once() -> None:
    started = time.monotonic()
    bounds = lower_bounds(small_instance(36, german=False))
    assert time.monotonic() - started < 1
    assert bounds.infeasible
    messages = [b.message for b in bounds.binding if b.resource == "language:allemand"]
    assert messages == ["aucun examinateur d'allemand ne peut se rendre au centre Lycée Un"]


def test_candidates_whose_only_examiners_come_from_their_establishment() -> None:
    base = _e4_instance(candidates=5, professionals={h: 1 for h in ALL})
    own = tuple(replace(c, establishment="X") for c in base.candidates)
    bounds = lower_bounds(replace(base, candidates=own))
    assert bounds.infeasible
    assert any(b.resource == "establishment:X" for b in bounds.binding)


def test_more_exams_than_open_half_days_is_infeasible() -> None:
    base = small_instance(36)
    centres = tuple(replace(c, open=frozenset({0, 1, 2})) for c in base.centres)
    bounds = lower_bounds(replace(base, centres=centres))
    assert bounds.infeasible
    assert any(b.resource == "days" for b in bounds.binding)


def test_the_bounds_of_a_feasible_instance_are_consistent() -> None:
    bounds = lower_bounds(small_instance(36))
    assert not bounds.infeasible
    assert bounds.examiner_half_days == sum(v[0] for v in bounds.per_centre.values())
    assert bounds.centre_days == sum(v[1] for v in bounds.per_centre.values())
    assert {b.centre for b in bounds.binding} == {"C1", "C2"}


def test_languages_are_named_in_french_in_the_messages() -> None:
    assert of_language("de") == "d'allemand"
    assert of_language("russe") == "de russe"
    assert of_language("hébreu") == "d'hébreu"


def test_a_candidate_in_no_known_centre_is_infeasible() -> None:
    base = small_instance(36)
    lost = replace(base.candidates[0], centre="C9")
    bounds = lower_bounds(replace(base, candidates=(lost, *base.candidates[1:])))
    assert bounds.infeasible
    assert [b.message for b in bounds.binding if b.resource == "centre"] == [
        "des candidats sont affectés au centre C9, qui n'est pas un centre d'examen de la session"
    ]
