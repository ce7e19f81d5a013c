"""A candidate's result: the units as graded, the exact average, the decision, what the
candidate keeps, and the explanation (its steps are written in French when read)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.exam_plan import ExamPlan
from ndrc.rules.grades import Grade, GradeState
from ndrc.rules.regulation import ExamCategory
from ndrc.rules.results.compiled import CompiledExam
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
        return unit_dict(
            self.exam,
            self.unit,
            self.title,
            self.category,
            self.coefficient,
            self.grade,
            self.value,
            self.counted,
            self.jury_change,
            self.note,
        )


_CATEGORIES = {category: category.value for category in ExamCategory}
_STATES = {state: state.value for state in GradeState}


def unit_dict(
    exam: str,
    unit: str,
    title: str,
    category: ExamCategory,
    coefficient: int | None,
    grade: Grade,
    value: Decimal | None,
    counted: bool,
    jury_change: JuryChange | None,
    note: str,
) -> dict[str, Any]:
    """A unit of the result as JSON."""
    given = grade.value
    written = None if given is None else decimal_text(given)
    return {
        "exam": exam,
        "unit": unit,
        "title": title,
        "category": _CATEGORIES[category],
        "coefficient": coefficient,
        "state": _STATES[grade.state],
        "grade": written,
        "grade_label": grade.label_fr(),
        "value": written if value is given else None if value is None else decimal_text(value),
        "counted": counted,
        "jury_change": None
        if jury_change is None
        else {
            "value": decimal_text(jury_change.value),
            "author": jury_change.author,
            "at": jury_change.at,
            "reason": jury_change.reason,
        },
        "note": note,
    }


# A unit as the ladder records it in a result: the compiled épreuve, the grade, the figure
# counted, whether it counts in the average, the jury's change and the note. A result keeps
# its units in one flat tuple, six values per unit, and builds ``UnitResult`` objects when
# they are read: 30,000 results then hold 30,000 such tuples for the garbage collector to
# follow, not 190,000 objects.
UNIT_FIELDS = 6
UnitRow = tuple[CompiledExam, Grade, Decimal | None, bool, JuryChange | None, str]


def unit_rows(flat: tuple[Any, ...]) -> Iterator[UnitRow]:
    """The units of a flat tuple of units, one row each."""
    return zip(flat[0::6], flat[1::6], flat[2::6], flat[3::6], flat[4::6], flat[5::6], strict=True)


def kept_dict(row: tuple[str, str, Decimal | None, int, int, bool]) -> dict[str, Any]:
    """A unit awarded or a grade kept as JSON (``KeptUnit.to_dict``)."""
    unit, exam, value, obtained, valid_until, awarded = row
    return {
        "unit": unit,
        "exam": exam,
        "grade": None if value is None else decimal_text(value),
        "obtained_session": obtained,
        "valid_until_session": valid_until,
        "awarded": awarded,
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
        return kept_dict(self)


# A unit awarded or a grade kept as a result records it: a plain tuple of the fields of
# ``KeptUnit`` (the garbage collector stops following plain tuples of plain values).
KeptRow = tuple[str, str, Decimal | None, int, int, bool]


class Result:
    """The full result of one candidate for one session (treated as immutable)."""

    __slots__ = (
        "_texts",
        "average",
        "average_after_resit",
        "awarded_rows",
        "blocking",
        "blocks_obtained",
        "candidate",
        "decision",
        "divisor",
        "kept_rows",
        "missing",
        "optional_bonus",
        "plan",
        "professional_average",
        "records",
        "session",
        "total_points",
        "unit_rows",
    )

    def __init__(
        self,
        candidate: CandidateProfile,
        session: int,
        decision: Decision,
        units: tuple[Any, ...],  # flat, UNIT_FIELDS values per unit (``unit_rows``)
        average: Fraction | None,
        total_points: Decimal | None,
        divisor: int,
        optional_bonus: Decimal,
        professional_average: Fraction | None,
        missing: tuple[str, ...],
        blocking: tuple[str, ...],
        records: tuple[Record, ...],
        units_awarded: tuple[KeptRow, ...],
        grades_kept: tuple[KeptRow, ...],
        blocks_obtained: tuple[str, ...],
        average_after_resit: Fraction | None,
        plan: ExamPlan,
    ) -> None:
        self.candidate = candidate
        self.session = session
        self.decision = decision
        self.unit_rows = units
        self.average = average
        self.total_points = total_points
        self.divisor = divisor
        self.optional_bonus = optional_bonus
        self.professional_average = professional_average
        self.missing = missing
        self.blocking = blocking
        self.records = records  # the explanation as recorded (see trace.py)
        self.awarded_rows = units_awarded
        self.kept_rows = grades_kept
        self.blocks_obtained = blocks_obtained
        self.average_after_resit = average_after_resit
        self.plan = plan
        self._texts: tuple[str, ...] | None = None  # the steps' texts, written when first read

    @property
    def units(self) -> tuple[UnitResult, ...]:
        """The units as graded (built when read)."""
        return tuple(
            UnitResult(
                exam.code,
                exam.unit,
                exam.title,
                exam.category,
                exam.coefficient,
                grade,
                value,
                counted,
                exam.optional,
                change,
                note,
            )
            for exam, grade, value, counted, change, note in unit_rows(self.unit_rows)
        )

    @property
    def units_awarded(self) -> tuple[KeptUnit, ...]:
        return tuple(KeptUnit._make(row) for row in self.awarded_rows)

    @property
    def grades_kept(self) -> tuple[KeptUnit, ...]:
        return tuple(KeptUnit._make(row) for row in self.kept_rows)

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
            "units": [
                unit_dict(
                    exam.code,
                    exam.unit,
                    exam.title,
                    exam.category,
                    exam.coefficient,
                    grade,
                    value,
                    counted,
                    change,
                    note,
                )
                for exam, grade, value, counted, change, note in unit_rows(self.unit_rows)
            ],
            "missing": list(self.missing),
            "blocking": list(self.blocking),
            "units_awarded": [kept_dict(row) for row in self.awarded_rows],
            "grades_kept": [kept_dict(row) for row in self.kept_rows],
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
            texts = self._texts = tuple([step_text(record, self) for record in self.records])
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
