"""The sessions an exam needs at a centre, by examiners' languages and rounds (DEC D108), on
hand-built instances counted by hand here; and a solved schedule never goes below them."""

from __future__ import annotations

from ndrc.planning.bounds import lower_bounds
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance, Room, Task
from ndrc.planning.session_bound import family_sessions
from ndrc.planning.solver import solve
from tests.planning.solver_instances import ALL, EXAMS, HALF_DAYS

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


def _e2(count: int, language: str, start: int = 0) -> list[Candidate]:
    return [
        Candidate(f"{language}{i}", "Y", "C1", (Task("E2", language),))
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
