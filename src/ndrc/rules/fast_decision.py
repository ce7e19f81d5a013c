"""The decision alone, for the common case, without building the explanation.

A national session is mostly candidates with every grade a plain number: for them the decision
and the exact average can be computed with a few integer-like operations per grade. Anything
out of that common case (exemptions, jury changes, resit grades, overrides, VAE, registration
errors…) returns ``None`` and goes through the full engine. A property test checks that both
give the same decision and the same average wherever the fast path answers; the full
explanation of any candidate is always available from ``results.deliberate``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ndrc.rules.candidate_category import Route
from ndrc.rules.exam_plan import ExamStatus
from ndrc.rules.grades import GradeState
from ndrc.rules.parameters import Parameters
from ndrc.rules.regulation import ExamCategory
from ndrc.rules.results import (
    AssessmentForm,
    Decision,
    Result,
    ResultInput,
    cached_plan,
    deliberate,
    plan_key,
)

ZERO = Decimal(0)
_NUMERIC = (GradeState.GRADE, GradeState.CARRIED_OVER)
_BLOCKING = {GradeState.ABSENT, GradeState.NOT_VALID}
_WAITING = {GradeState.RESERVED, GradeState.MISSING}


@dataclass(frozen=True)
class _Spec:
    """What the fast path needs of a plan: (code, coefficient or None, part codes and weights)."""

    compulsory: tuple[tuple[str, str, int, tuple[tuple[str, int], ...]], ...]
    optional: tuple[tuple[str, str], ...]
    professional: frozenset[str]


@dataclass(frozen=True)
class _Rules:
    pass_mark: Decimal
    fail: Decimal
    bonus_threshold: Decimal
    resit: bool
    resit_professional: Decimal
    validity: int
    award_threshold: Decimal
    force_majeure: Decimal
    without_professional_met: bool


_SPECS: dict[tuple[object, ...], _Spec | None] = {}
_RULES: dict[int, _Rules] = {}


def _spec(data: ResultInput) -> _Spec | None:
    key = plan_key(data.candidate, data.session)
    cached = _SPECS.get(key, False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    plan = cached_plan(data.candidate, data.session)
    spec: _Spec | None
    if (
        plan.errors
        or plan.column is None
        or any(p.status is ExamStatus.CARRIED_OVER for p in plan.exams)
    ):
        spec = None
    else:
        spec = _Spec(
            compulsory=tuple(
                (
                    p.code,
                    p.exam.unit,
                    p.exam.coefficient or 0,
                    tuple((part.code, part.coefficient) for part in p.parts),
                )
                for p in plan.exams
                if p.exam.category is not ExamCategory.OPTIONAL
                and p.status is ExamStatus.TO_SIT  # an exempted unit leaves the divisor
            ),
            optional=tuple(
                (p.code, p.exam.unit)
                for p in plan.exams
                if p.exam.category is ExamCategory.OPTIONAL
            ),
            professional=frozenset(
                p.code for p in plan.exams if p.exam.category is ExamCategory.PROFESSIONAL
            ),
        )
    if len(_SPECS) > 4096:
        _SPECS.clear()
    _SPECS[key] = spec
    return spec


def _rules(session: int) -> _Rules:
    rules = _RULES.get(session)
    if rules is None:
        params = Parameters(session=session)
        resit = params.get("resit_orals").as_bool()
        rules = _RULES[session] = _Rules(
            pass_mark=params.get("pass_mark").as_decimal(),
            fail=params.get("fail_threshold").as_decimal(),
            bonus_threshold=params.get("optional_bonus_threshold").as_decimal(),
            resit=resit,
            resit_professional=params.get("resit_professional_average").as_decimal()
            if resit
            else ZERO,
            validity=params.get("validity_years").as_int(),
            award_threshold=params.get("unit_award_threshold").as_decimal(),
            force_majeure=params.get("force_majeure_grade").as_decimal(),
            without_professional_met=resit
            and params.get("resit_professional_condition_without_graded_unit").value == "met",
        )
    return rules


def decide_fast(data: ResultInput) -> tuple[Decision, Fraction | None] | None:
    """(decision, exact average) for the common case, or None to use the full engine."""
    if (
        data.overrides
        or data.jury_changes
        or data.resit_grades
        or data.resit_declined
        or data.fraud_procedure
        or data.conformity
    ):
        return None
    if data.assessment is not AssessmentForm.GLOBAL and data.candidate.route in (
        Route.SCHOOL,
        Route.APPRENTICESHIP,
    ):
        return None
    spec = _spec(data)
    if spec is None:
        return None
    rules = _rules(data.session)
    progressive = data.assessment is AssessmentForm.PROGRESSIVE
    grades = data.grades
    session = data.session
    total = ZERO
    divisor = 0
    professional_total = ZERO
    professional_divisor = 0
    blocking = missing = False
    vae = data.vae_units
    for code, unit, coefficient, parts in spec.compulsory:
        if vae and unit in vae:
            continue  # validated by VAE: no grade, out of the divisor
        if parts and code not in grades:
            part_grades = [(grades.get(c), w) for c, w in parts]
            states = {GradeState.MISSING if g is None else g.state for g, _ in part_grades}
            if states & _BLOCKING:
                blocking = True
                continue
            if states & _WAITING:
                missing = True
                continue
            value = ZERO
            for grade, weight in part_grades:
                assert grade is not None
                if grade.state is GradeState.GRADE and grade.value is not None:
                    value += grade.value * weight
                elif grade.state is GradeState.ABSENT_FORCE_MAJEURE:
                    value += rules.force_majeure * weight
                else:
                    return None
            contribution = value * coefficient / sum(w for _, w in parts)
        else:
            grade = grades.get(code)
            if grade is None or grade.state is GradeState.MISSING:
                missing = True
                continue
            state = grade.state
            if state is GradeState.GRADE and grade.value is not None:
                contribution = grade.value * coefficient
            elif state is GradeState.CARRIED_OVER and grade.value is not None and grade.carried:
                if not session - rules.validity <= grade.carried.session < session:
                    return None
                if grade.value < rules.award_threshold and not progressive:
                    return None
                contribution = grade.value * coefficient
            elif state is GradeState.ABSENT_FORCE_MAJEURE:
                contribution = rules.force_majeure * coefficient
            elif state in (GradeState.ABSENT, GradeState.NOT_VALID):
                blocking = True
                continue
            elif state is GradeState.RESERVED:
                missing = True
                continue
            else:
                return None
        total += contribution
        divisor += coefficient
        if code in spec.professional:
            professional_total += contribution
            professional_divisor += coefficient
    bonus = ZERO
    for code, unit in spec.optional:
        if vae and unit in vae:
            continue
        grade = grades.get(code)
        if grade is None or grade.state in (GradeState.ABSENT, GradeState.NOT_SAT):
            continue
        if grade.state in (GradeState.RESERVED, GradeState.MISSING):
            missing = True
            continue
        if grade.state not in _NUMERIC or grade.value is None:
            if grade.state is GradeState.ABSENT_FORCE_MAJEURE:
                continue
            return None
        if grade.state is GradeState.CARRIED_OVER:
            return None
        if grade.value > rules.bonus_threshold:
            bonus += grade.value - rules.bonus_threshold
    average = None if divisor == 0 else min(Fraction(20), Fraction(total + bonus) / divisor)
    if blocking:
        return Decision.NOT_DELIVERABLE, average
    if missing or average is None:
        return Decision.PENDING, average
    points = total + bonus
    if points >= rules.pass_mark * divisor:
        return Decision.ADMITTED, average
    if not rules.resit or points < rules.fail * divisor:
        return Decision.FAILED, average
    if professional_divisor == 0:
        met = rules.without_professional_met
    else:
        met = professional_total >= rules.resit_professional * professional_divisor
    return (Decision.RESIT_ELIGIBLE if met else Decision.FAILED), average


@dataclass(frozen=True)
class Decided:
    """A decision, with the full result (explanation included) computed when asked for."""

    data: ResultInput
    decision: Decision
    average: Fraction | None

    def result(self) -> Result:
        return deliberate(self.data)


def decide_all(inputs: Iterable[ResultInput]) -> list[Decided]:
    """Decisions for a whole session: the fast path where it applies, the engine elsewhere."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        decided = []
        for data in inputs:
            fast = decide_fast(data)
            if fast is None:
                full = deliberate(data)
                decided.append(Decided(data, full.decision, full.average))
            else:
                decided.append(Decided(data, fast[0], fast[1]))
        return decided
    finally:
        if enabled:
            gc.enable()
