"""The search of the what-if (``what_if``): the goals, the épreuves still to sit, the grade
scale as steps, the engine run on an input with some grades given (each input deliberated
once), and the bisection on the scale (the engine's results never worsen when a grade
rises)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from enum import StrEnum

from ndrc.rules.catalogue import catalogue
from ndrc.rules.grades import Grade, GradeState
from ndrc.rules.results.compiled import SessionRules, compiled_plan
from ndrc.rules.results.decision import Decision
from ndrc.rules.results.engine import deliberate
from ndrc.rules.results.inputs import ResitGrade, ResultInput
from ndrc.rules.results.result import Result
from ndrc.rules.results.unit_grades import apply_conformity

_MISSING = GradeState.MISSING
BLOCKED = (Decision.PENDING, Decision.NOT_DELIVERABLE)


class Goal(StrEnum):
    ADMITTED = "admitted"
    RESIT = "resit"  # at least admissible to the resit orals
    UNIT = "unit"  # the épreuve's unit awarded


class Others(StrEnum):
    WORST = "worst"  # the other open épreuves at the bottom of the scale
    BEST = "best"  # at its top
    SAME = "same"  # every open épreuve at the same grade


class Status(StrEnum):
    NEEDED = "needed"  # a grade of the scale, the smallest that meets the goal
    REACHED = "reached"  # met whatever the grade
    IMPOSSIBLE = "impossible"  # not met even at the top of the scale
    BLOCKED = "blocked"  # no decision whatever the grade (pending, not deliverable)
    NOT_APPLICABLE = "not_applicable"  # no resit orals at this session


def open_exams(data: ResultInput) -> tuple[str, ...]:
    """The grade codes still to sit: the épreuves of the plan (not exempted, not carried over
    from the BTS NRC, not validated by the VAE) with no grade once the dossiers' conformity
    applies (the engine's own ``apply_conformity``); an épreuve graded in parts, its parts
    with none."""
    grades = data.grades
    if data.conformity:  # a dossier NV or reserved: its épreuve has that state, not a grade
        grades, _ = apply_conformity(data.conformity, grades, None)
    found: list[str] = []
    for exam in compiled_plan(data.candidate, data.session, data.overrides).exams:
        if exam.exempted or exam.carried_over or exam.unit in data.vae_units:
            continue
        given = grades.get(exam.code)
        if given is not None and given.state is not _MISSING:
            continue
        for code in exam.part_codes or (exam.code,):
            part = grades.get(code)
            if part is None or part.state is _MISSING:
                found.append(code)
    return tuple(found)


def unit_of(data: ResultInput, code: str) -> str:
    """The unit a grade code (an épreuve or one of its parts) belongs to."""
    for exam in compiled_plan(data.candidate, data.session, data.overrides).exams:
        if code == exam.code or code in exam.part_codes:
            return exam.unit
    raise KeyError(code)


class Scale:
    """The grade scale as steps: step ``i`` is the grade ``i × quantum`` (0 to the maximum)."""

    __slots__ = ("places", "top")

    def __init__(self) -> None:
        scale = catalogue()
        self.places = scale.grade_places
        self.top = int(scale.max_grade / scale.grade_quantum)

    def grade(self, step: int) -> Decimal:
        return Decimal(step).scaleb(-self.places)


class Search:
    """The engine run on one candidate's input with some slots (grade codes, or units of the
    resit orals) given grades of the scale; each input is deliberated once."""

    __slots__ = ("_results", "data", "resit", "rules", "scale")

    def __init__(self, data: ResultInput, *, resit: bool = False) -> None:
        self.data = data
        self.resit = resit
        self.scale = Scale()
        self.rules: SessionRules = compiled_plan(data.candidate, data.session, data.overrides).rules
        self._results: dict[tuple[tuple[str, int], ...], Result] = {}

    def given(self, steps: Iterable[tuple[str, int]]) -> ResultInput:
        """The input with these slots at these steps of the scale."""
        grade = self.scale.grade
        if self.resit:
            sat = tuple(ResitGrade(unit, grade(step)) for unit, step in steps)
            return replace(self.data, resit_grades=sat)
        grades = dict(self.data.grades)
        for code, step in steps:
            grades[code] = Grade(GradeState.GRADE, grade(step))
        return replace(self.data, grades=grades)

    def result(self, steps: tuple[tuple[str, int], ...]) -> Result:
        result = self._results.get(steps)
        if result is None:
            result = self._results[steps] = deliberate(self.given(steps))
        return result


def meets(goal: Goal, result: Result, unit: str | None) -> bool:
    """Whether the engine's result meets the goal."""
    if goal is Goal.ADMITTED:
        return result.decision.is_admitted
    if goal is Goal.RESIT:
        return result.decision.is_admitted or result.decision.in_resit_phase
    return any(row[0] == unit for row in result.awarded_rows)


def smallest(meets_at: Callable[[int], bool], top: int) -> int | None:
    """The smallest step from 0 to ``top`` at which ``meets_at`` holds, by bisection (it
    holds from some step up); None when it does not hold at the top."""
    if meets_at(0):
        return 0
    if not meets_at(top):
        return None
    low, high = 0, top  # fails at low, holds at high
    while high - low > 1:
        middle = (low + high) // 2
        if meets_at(middle):
            high = middle
        else:
            low = middle
    return high
