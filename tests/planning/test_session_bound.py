"""The sessions an exam needs at a centre, by examiners' languages and rounds (DEC D108), on
hand-built instances counted by hand here; and a solved schedule never goes below them. The
centre's model states them too (DEC D146), and cuts no schedule off by it."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from ndrc.planning import centre_build
from ndrc.planning.bounds import lower_bounds
from ndrc.planning.centre_build import Used, build_centre
from ndrc.planning.centre_model import with_pairing
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance, Room, Task
from ndrc.planning.session_bound import establishment_floors, exam_floors, family_sessions
from ndrc.planning.solver import solve
from tests.planning.solver_instances import ALL, EXAMS, HALF_DAYS, small_instance

CENTRE = Centre(
    "C1",
    "Lycée Un",
    (*(Room(f"S{i}", f"Salle {i}") for i in range(4)), Room("INFO", "Info", posts=9)),
    6,
    ALL,
)


def _linguist(code: str, languages: set[str]) -> Examiner:
    return Examiner(
        code, code, "X", frozenset({"language"}), frozenset(languages), frozenset({"C1"}), ALL
    )


def _e2(count: int, language: str, start: int = 0, establishment: str = "Y") -> list[Candidate]:
    return [
        Candidate(f"{establishment}{language}{i}", establishment, "C1", (Task("E2", language),))
        for i in range(start, start + count)
    ]


def _instance(examiners: list[Examiner], candidates: list[Candidate]) -> Instance:
    return Instance(HALF_DAYS, dict(EXAMS), (CENTRE,), tuple(examiners), tuple(candidates))


def test_a_language_fills_only_its_own_examiners_sessions() -> None:
    # E2: 30 min loge + 30 min oral, (240 − 30) / 30 = 7 candidates a session. 8 English and
    # 1 Spanish candidates: ⌈9 / 7⌉ = 2 by count, but no examiner speaks both languages, so
    # ⌈8 / 7⌉ English sessions + 1 Spanish session = 3.
    candidates = [*_e2(8, "en"), *_e2(1, "es")]
    instance = _instance([_linguist("en1", {"en"}), _linguist("es1", {"es"})], candidates)
    assert family_sessions(instance, CENTRE, candidates) == {"E2": 3}
    bounds = lower_bounds(instance)
    assert bounds.examiner_half_days == 3
    report = solve(instance, time_limit=10)
    assert report.schedule is not None
    assert report.examiner_half_days == 3


def test_an_examiner_speaking_both_languages_examines_both_in_one_session() -> None:
    candidates = [*_e2(8, "en"), *_e2(1, "es")]
    examiners = [_linguist("en1", {"en"}), _linguist("both", {"en", "es"})]
    instance = _instance(examiners, candidates)
    assert family_sessions(instance, CENTRE, candidates) == {"E2": 2}


def test_a_round_of_the_practical_with_extra_time_lasts_the_longer_slot() -> None:
    # E5 practical: 40 min, groups of 3, 6 rounds in 240 min: 18 candidates a session. One of
    # 18 has a third more time (53 min): five rounds of 40 and one of 53 make 253 min > 240,
    # so two sessions are needed though 18 candidates fill one by count.
    teacher = Examiner("t1", "T1", "X", frozenset({"bloc1"}), frozenset(), frozenset({"C1"}), ALL)
    candidates = [Candidate(f"c{i}", "Y", "C1", (Task("E5P"),)) for i in range(17)]
    candidates.append(Candidate("x", "Y", "C1", (Task("E5P", extra=13),)))
    instance = _instance([teacher], candidates)
    assert family_sessions(instance, CENTRE, candidates) == {"E5P": 2}
    assert lower_bounds(instance).examiner_half_days == 2
    on_time = _instance([teacher], [*candidates[:-1], Candidate("y", "Y", "C1", (Task("E5P"),))])
    assert lower_bounds(on_time).examiner_half_days == 1


def _floor_instance() -> tuple[Instance, list[Candidate]]:
    # Nine English candidates of establishment A, three of B: 7 a session, so ⌈12 / 7⌉ = 2
    # E2 sessions in all; A's nine need ⌈9 / 7⌉ = 2 sessions of examiners not of A, B's three 1.
    candidates = [*_e2(9, "en", establishment="A"), *_e2(3, "en", establishment="B")]
    examiners = [
        Examiner(
            code, code, est, frozenset({"language"}), frozenset({"en"}), frozenset({"C1"}), ALL
        )
        for code, est in (("a1", "A"), ("b1", "B"), ("x1", "X"))
    ]
    return _instance(examiners, candidates), candidates


def test_the_floors_count_each_exams_and_each_establishments_sessions() -> None:
    instance, candidates = _floor_instance()
    assert exam_floors(instance, CENTRE, candidates, 240) == {"E2": 2}
    assert establishment_floors(instance, candidates, 240) == {
        "E2": {("A", "en"): 2, ("B", "en"): 1}
    }


def _at_least(model: cp_model.CpModel, variables: set[int]) -> set[int]:
    """The lower bounds the model puts on the sum of exactly these variables."""
    out = set()
    for constraint in model.proto.constraints:
        linear = constraint.linear
        if set(linear.vars) == variables and all(c == 1 for c in linear.coeffs):
            out.add(linear.domain[0])
    return out


def test_the_centres_model_states_the_floors() -> None:
    instance, candidates = _floor_instance()
    model = cp_model.CpModel()
    built = build_centre(model, instance, CENTRE, candidates, Used(), {})
    assert built is not None
    by_examiner: dict[str, set[int]] = {}
    for (eid, _h, _f), var in built.y.items():
        by_examiner.setdefault(eid, set()).add(var.index)
    every = set().union(*by_examiner.values())
    assert 2 in _at_least(model, every)
    not_a = by_examiner["b1"] | by_examiner["x1"]
    assert 2 in _at_least(model, not_a)
    assert 1 in _at_least(model, by_examiner["a1"] | by_examiner["x1"])


@pytest.mark.parametrize("code", ["C1", "C2"])
def test_the_floors_cut_no_schedule_off(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Solved to the optimum with the floors and without them: the same days and examiner
    # half-days (the floors only say sooner what the counts imply).
    instance = small_instance(12)
    centre = instance.centre(code)
    candidates = [c for c in instance.candidates if c.centre == code]

    def optimum() -> tuple[int, int]:
        result = with_pairing(instance, centre, candidates, Used(), {}, 20.0, 2, None, detail=False)
        assert result.status == "optimal"
        seats = sum(v for (kind, _k), v in result.values.items() if kind in ("y", "y2"))
        return result.days, seats

    with_floors = optimum()
    monkeypatch.setattr(centre_build, "_session_floors", lambda *args, **kwargs: None)
    assert optimum() == with_floors
