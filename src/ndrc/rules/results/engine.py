"""The decision ladder: one code path from a candidate's grades to the jury's decision and the
exact average, which writes the explanation and the units as it goes when it is given a trace.

- ``decide`` / ``decide_all``: the decision and the exact average (no trace is written);
- ``deliberate`` / ``deliberate_all``: the full result (units, average, decision, resit, units
  awarded, grades kept, blocks) with its explanation.

Both run the same ladder, so they always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from ndrc.rules.conformity import DossierOutcome, Outcome
from ndrc.rules.grades import Grade, GradeState
from ndrc.rules.results.average import general_average, optional_bonus, professional_average
from ndrc.rules.results.compiled import CompiledPlan, compiled_plan
from ndrc.rules.results.decision import Decision
from ndrc.rules.results.display import format_average
from ndrc.rules.results.inputs import AssessmentForm, ResultInput
from ndrc.rules.results.kept import keeps
from ndrc.rules.results.resit import resit_decision
from ndrc.rules.results.result import Result, average_of
from ndrc.rules.results.trace import Record, Trace, explains
from ndrc.rules.results.unit_grades import (
    REFUSED_ON_EXAM,
    apply_conformity,
    apply_part_changes,
    carried_grade,
    jury_changed,
    last_change,
    planned_grade,
)

ZERO = Decimal(0)
_GRADE = GradeState.GRADE
_CONFORM = Outcome.CONFORM
_CARRIED_OVER = GradeState.CARRIED_OVER
_FORCE_MAJEURE = GradeState.ABSENT_FORCE_MAJEURE
_CCF_NOTE = "Note de CCF proposée au jury."
_FRAUD = (
    "Procédure de fraude en cours : pas de résultat avant la décision de la commission de "
    "discipline."
)
_PROGRESSIVE_CLOSED = (
    "La forme progressive n'est pas ouverte à la voie scolaire ni à l'apprentissage."
)


# What the ladder gives for one candidate (a plain tuple: it is built for every candidate):
# the decision, the exact average, the compiled plan, the weighted points of the compulsory
# units, the points of the optional units, the divisor, the professional points and divisor,
# what is missing, what blocks the diploma, and the average after the resit orals.
Ladder = tuple[
    Decision,
    Fraction | None,
    CompiledPlan,
    Decimal,
    Decimal,
    int,
    Decimal,
    int,
    list[str],
    list[str],
    Fraction | None,
]


def _all_conform(outcomes: tuple[DossierOutcome, ...]) -> bool:
    """Every dossier conform with no defect: the outcomes change nothing and explain nothing."""
    conform = True  # a loop: four times faster than all() over a generator
    for outcome in outcomes:
        if outcome.outcome is not _CONFORM or outcome.defects:
            conform = False
            break
    return conform


def _ladder(data: ResultInput, trace: Trace | None) -> Ladder:
    """The one path to a decision. Its rungs: the dossiers' conformity and the jury's changes
    on parts; each unit's grade and the figure it counts with, classified as counted, optional,
    blocking or missing; the registration errors and other pending reasons; the optional
    points and the general average; then not deliverable, pending, admitted, the resit orals
    or failed. With a trace, every rung records its step and the units as graded."""
    compiled = compiled_plan(data.candidate, data.session, data.overrides)
    rules = compiled.rules
    grades = data.grades
    fraud = data.fraud_procedure
    pending: list[str] = []
    outcomes = data.conformity
    if outcomes and not _all_conform(outcomes):
        grades, fraud_found = apply_conformity(outcomes, grades, trace)
        fraud = fraud or fraud_found
    changes = data.jury_changes
    if changes:
        grades, changes = apply_part_changes(changes, grades, compiled, trace, pending)
    if trace is not None:
        trace.records.extend(compiled.opening)
    vae_units = data.vae_units
    global_form = data.assessment is AssessmentForm.GLOBAL
    missing: list[str] = []
    blocking: list[str] = []
    optional: list[tuple[str, Decimal]] = []
    values: list[Decimal | None] = []
    total = professional_total = ZERO
    divisor = professional_divisor = 0
    for exam in compiled.exams:
        code = exam.code
        grade: Grade | None = grades.get(code)
        note = detail = ""
        # The common case, a plain épreuve with its grade (what ``planned_grade`` returns for
        # it), is read here without a call.
        if (
            grade is None
            or not exam.plain
            or grade.state is not _GRADE
            or (vae_units and exam.unit in vae_units)
        ):
            grade, note, detail = planned_grade(exam, grades, vae_units, rules, trace, pending)
            if grade.state is _CARRIED_OVER:
                grade = carried_grade(code, grade, global_form, rules, trace, pending)
        change = last_change(changes, code) if changes else None
        if change is not None:
            refusal = "jury_change_refused"
            changed = jury_changed(change, grade, REFUSED_ON_EXAM, refusal, compiled, trace)
            if changed is None:
                change = None
            else:
                grade = changed
        state = grade.state
        value: Decimal | None  # the figure the grade counts with (``counted_value``)
        if state is _GRADE or state is _CARRIED_OVER:
            value = grade.value
        elif state is _FORCE_MAJEURE:
            value = rules.force_majeure
            if trace is not None:
                trace.step("force_majeure", rules.force_majeure_cite, code)
        else:
            value = None
        values.append(value)
        if exam.optional:
            if value is not None:
                optional.append((code, value))
            elif state is GradeState.RESERVED or state is GradeState.MISSING:
                missing.append(f"{code} ({state.label_fr})")
        elif value is not None:
            coefficient = exam.coefficient
            if coefficient is not None:
                points = value * exam.weight
                total += points
                divisor += coefficient
                if exam.professional:
                    professional_total += points
                    professional_divisor += coefficient
        elif state is GradeState.ABSENT:
            blocking.append(f"{code} : absence non justifiée")
        elif state is GradeState.NOT_VALID:
            blocking.append(f"{code} : NV (dossier non valide)")
        elif state in (GradeState.RESERVED, GradeState.MISSING, GradeState.NOT_SAT):
            missing.append(f"{code}{f' : {detail}' if detail else ''} ({state.label_fr})")
        if trace is not None:
            if grade.ccf and change is None:
                note = f"{note} {_CCF_NOTE}" if note else _CCF_NOTE
            counted = not exam.optional and value is not None
            trace.units += (exam, grade, value, counted, change, note.strip())  # a unit row
    pending += compiled.errors
    if fraud:
        pending.append(_FRAUD)
    if not global_form and compiled.progressive_closed:
        pending.append(_PROGRESSIVE_CLOSED)
    bonus = optional_bonus(optional, rules, trace) if optional else ZERO
    average = general_average(total, bonus, divisor, compiled, trace)
    after: Fraction | None = None
    cites = compiled.citations
    if blocking:
        decision = Decision.NOT_DELIVERABLE
        if trace is not None:
            trace.step("not_deliverable", cites["not_deliverable"])
    elif missing or pending or average is None or not compiled.exams:
        decision = Decision.PENDING
        if trace is not None:
            trace.step("pending", cites["pending"], tuple(pending))
    elif rules.passes(average):
        decision = Decision.ADMITTED
        if trace is not None:
            trace.step("admitted", rules.pass_mark_cite, rules.pass_mark)
    elif rules.has_resit_orals():
        if trace is not None:
            trace.step("below_pass_mark", rules.pass_mark_cite, rules.pass_mark)
        professional = professional_average(professional_total, professional_divisor)
        decision, after = resit_decision(
            data, compiled, values, total, bonus, divisor, average, professional, trace, pending
        )
        if decision is Decision.PENDING and trace is not None:
            trace.step("pending_after_resit", None, tuple(pending))
    else:
        decision = Decision.FAILED
        if trace is not None:
            trace.step("failed", rules.pass_mark_cite, rules.pass_mark)
    return (
        decision,
        average,
        compiled,
        total,
        bonus,
        divisor,
        professional_total,
        professional_divisor,
        missing,
        blocking,
        after,
    )


@explains("force_majeure")
def _force_majeure_text(record: Record, _: object) -> str:
    return f"{record[2]} : absence pour force majeure, la note est zéro et compte dans la moyenne."


@explains("not_deliverable", figures=lambda _, result: {"blocking": list(result.blocking)})
def _not_deliverable_text(record: Record, result: Result) -> str:
    return "Le diplôme ne peut pas être délivré : " + " ; ".join(result.blocking) + "."


@explains(
    "pending",
    figures=lambda r, result: {"missing": list(result.missing), "pending": list(r[2])},
)
def _pending_text(record: Record, result: Result) -> str:
    reasons = [*result.missing, *record[2]]
    return "Décision en attente : " + " ; ".join(reasons or ["aucune note"]) + "."


@explains("pending_after_resit", rule="pending")
def _pending_after_resit_text(record: Record, _: object) -> str:
    return "Décision en attente : " + " ; ".join(record[2]) + "."


@explains("admitted")
def _admitted_text(record: Record, result: Result) -> str:
    mark = record[2]  # a Decimal, written and compared exactly
    return f"Moyenne {format_average(average_of(result), mark)} ≥ {format_average(mark)} : admis."


@explains("below_pass_mark")
def _below_text(record: Record, result: Result) -> str:
    mark = record[2]  # a Decimal, written and compared exactly
    return f"Moyenne {format_average(average_of(result), mark)} < {format_average(mark)}."


@explains("failed")
def _failed_text(record: Record, result: Result) -> str:
    mark = record[2]  # a Decimal, written and compared exactly
    return (
        f"Moyenne {format_average(average_of(result), mark)} < {format_average(mark)} : ajourné "
        f"(pas d'épreuve de contrôle pour la session {result.session})."
    )


class Decided:
    """A decision and its exact average, with the full result (explanation included)
    computed when asked for."""

    __slots__ = ("average", "data", "decision")

    def __init__(self, data: ResultInput, decision: Decision, average: Fraction | None) -> None:
        self.data = data
        self.decision = decision
        self.average = average

    def result(self) -> Result:
        return deliberate(self.data)


def decide(data: ResultInput) -> Decided:
    """The decision and the exact average of one candidate (no explanation written)."""
    outcome = _ladder(data, None)
    return Decided(data, outcome[0], outcome[1])


def decide_all(inputs: Iterable[ResultInput]) -> list[Decided]:
    """Decisions for a whole session."""
    return [decide(data) for data in inputs]


def deliberate(data: ResultInput) -> Result:
    """The decision for one candidate and one session, with its explanation."""
    trace = Trace()
    (
        decision,
        average,
        compiled,
        total,
        bonus,
        divisor,
        professional_total,
        professional_divisor,
        missing,
        blocking,
        after_resit,
    ) = _ladder(data, trace)
    units = tuple(trace.units)
    progressive = data.assessment is AssessmentForm.PROGRESSIVE
    awarded, kept, blocks = keeps(units, decision, data.session, progressive, compiled, trace)
    return Result(
        data.candidate,
        data.session,
        decision,
        units,
        average,
        None if average is None else total + bonus,
        divisor,
        bonus,
        professional_average(professional_total, professional_divisor),
        tuple(missing),
        tuple(blocking),
        tuple(trace.records),
        awarded,
        kept,
        blocks,
        after_resit,
        compiled.plan,
    )


def deliberate_all(inputs: Iterable[ResultInput]) -> list[Result]:
    """The full results of many candidates."""
    return [deliberate(data) for data in inputs]
