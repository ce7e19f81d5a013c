"""A candidate's result: the units as graded, the exact average, the decision, what the
candidate keeps, and the explanation (its steps are written in French when read)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.exam_plan import ExamPlan
from ndrc.rules.grades import Grade
from ndrc.rules.regulation import ExamCategory
from ndrc.rules.results.decision import Decision
from ndrc.rules.results.display import display_average
from ndrc.rules.results.inputs import JuryChange
from ndrc.rules.results.trace import (
    Record,
    Step,
    decimal_text,
    fraction_text,
    step_dict,
    step_line,
    step_text,
)


class UnitResult:
    """One unit in the result (treated as immutable)."""

    __slots__ = (
        "category",
        "coefficient",
        "counted",
        "exam",
        "grade",
        "jury_change",
        "note",
        "optional",
        "title",
        "unit",
        "value",
    )

    def __init__(
        self,
        exam: str,
        unit: str,
        title: str,
        category: ExamCategory,
        coefficient: int | None,
        grade: Grade,
        value: Decimal | None,  # the figure counted (exact), None when nothing counts
        counted: bool,  # in the weighted average (compulsory units)
        optional: bool,
        jury_change: JuryChange | None = None,
        note: str = "",
    ) -> None:
        self.exam = exam
        self.unit = unit
        self.title = title
        self.category = category
        self.coefficient = coefficient
        self.grade = grade
        self.value = value
        self.counted = counted
        self.optional = optional
        self.jury_change = jury_change
        self.note = note

    def to_dict(self) -> dict[str, Any]:
        return {
            "exam": self.exam,
            "unit": self.unit,
            "title": self.title,
            "category": self.category.value,
            "coefficient": self.coefficient,
            "state": self.grade.state.value,
            "grade": None if self.grade.value is None else decimal_text(self.grade.value),
            "grade_label": self.grade.label_fr(),
            "value": None if self.value is None else decimal_text(self.value),
            "counted": self.counted,
            "jury_change": None
            if self.jury_change is None
            else {
                "value": decimal_text(self.jury_change.value),
                "author": self.jury_change.author,
                "at": self.jury_change.at,
                "reason": self.jury_change.reason,
            },
            "note": self.note,
        }


class KeptUnit(NamedTuple):
    """A unit awarded, or a grade the candidate may keep for a later session."""

    unit: str
    exam: str
    value: Decimal | None
    obtained: int
    valid_until: int
    awarded: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "exam": self.exam,
            "grade": None if self.value is None else decimal_text(self.value),
            "obtained_session": self.obtained,
            "valid_until_session": self.valid_until,
            "awarded": self.awarded,
        }


class Result:
    """The full result of one candidate for one session (treated as immutable)."""

    __slots__ = (
        "_texts",
        "average",
        "average_after_resit",
        "blocking",
        "blocks_obtained",
        "candidate",
        "decision",
        "divisor",
        "grades_kept",
        "missing",
        "optional_bonus",
        "plan",
        "professional_average",
        "records",
        "session",
        "total_points",
        "units",
        "units_awarded",
    )

    def __init__(
        self,
        candidate: CandidateProfile,
        session: int,
        decision: Decision,
        units: tuple[UnitResult, ...],
        average: Fraction | None,
        total_points: Decimal | None,
        divisor: int,
        optional_bonus: Decimal,
        professional_average: Fraction | None,
        missing: tuple[str, ...],
        blocking: tuple[str, ...],
        records: tuple[Record, ...],
        units_awarded: tuple[KeptUnit, ...],
        grades_kept: tuple[KeptUnit, ...],
        blocks_obtained: tuple[str, ...],
        average_after_resit: Fraction | None,
        plan: ExamPlan,
    ) -> None:
        self.candidate = candidate
        self.session = session
        self.decision = decision
        self.units = units
        self.average = average
        self.total_points = total_points
        self.divisor = divisor
        self.optional_bonus = optional_bonus
        self.professional_average = professional_average
        self.missing = missing
        self.blocking = blocking
        self.records = records  # the explanation as recorded (see trace.py)
        self.units_awarded = units_awarded
        self.grades_kept = grades_kept
        self.blocks_obtained = blocks_obtained
        self.average_after_resit = average_after_resit
        self.plan = plan
        self._texts: tuple[str, ...] | None = None  # the steps' texts, written when first read

    @property
    def steps(self) -> tuple[Step, ...]:
        """The explanation, step by step (texts are written when read)."""
        return tuple(Step(record, self) for record in self.records)

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidate": {"id": self.candidate.identifier, "name": self.candidate.name},
            "session": self.session,
            "decision": self.decision.value,
            "decision_label": self.decision.label_fr,
            "average": None if self.average is None else fraction_text(self.average),
            "average_display": None
            if self.average is None
            else display_average(self.average, self.session),
            "total_points": None if self.total_points is None else decimal_text(self.total_points),
            "divisor": self.divisor,
            "optional_bonus": decimal_text(self.optional_bonus),
            "professional_average": None
            if self.professional_average is None
            else fraction_text(self.professional_average),
            "average_after_resit": None
            if self.average_after_resit is None
            else fraction_text(self.average_after_resit),
            "average_after_resit_display": None
            if self.average_after_resit is None
            else display_average(self.average_after_resit, self.session),
            "units": [u.to_dict() for u in self.units],
            "missing": list(self.missing),
            "blocking": list(self.blocking),
            "units_awarded": [k.to_dict() for k in self.units_awarded],
            "grades_kept": [k.to_dict() for k in self.grades_kept],
            "blocks_obtained": list(self.blocks_obtained),
            "explanation": [
                step_dict(record, text, self)
                for record, text in zip(self.records, self.texts(), strict=True)
            ],
        }

    def texts(self) -> tuple[str, ...]:
        """The French text of each step, written once (JSON and explanation share them)."""
        texts = self._texts
        if texts is None:
            texts = self._texts = tuple(step_text(record, self) for record in self.records)
        return texts

    def explanation_fr(self) -> str:
        who = self.candidate.name or self.candidate.identifier or "Candidat"
        lines = [f"{who} — session {self.session} : {self.decision.label_fr}.", ""]
        lines += [
            f"{i}. {step_line(record, text)}"
            for i, (record, text) in enumerate(zip(self.records, self.texts(), strict=True), 1)
        ]
        return "\n".join(lines)


def average_of(result: Result) -> Fraction:
    """The average of a result that has one (for the steps that compare it)."""
    if result.average is None:
        raise ValueError("Ce résultat n'a pas de moyenne.")
    return result.average
