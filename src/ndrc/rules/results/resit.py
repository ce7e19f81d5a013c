"""The resit orals (épreuves de contrôle, CE D643-15 and D643-22, from session 2025): who may
sit them, and the decision once their grades are in."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ndrc.rules.results.average import capped_average
from ndrc.rules.results.compiled import CompiledPlan, Overrides, session_rules
from ndrc.rules.results.decision import Decision
from ndrc.rules.results.display import format_average
from ndrc.rules.results.inputs import ResultInput
from ndrc.rules.results.result import Result, average_of, unit_rows
from ndrc.rules.results.trace import Record, Trace, explains


def resit_units(result: Result, overrides: Overrides = ()) -> tuple[str, ...]:
    """The units a candidate in the resit orals may choose for them (CE D643-15; arrêté of 20
    June 2024 as modified, art. 1: among the compulsory épreuves of general subjects, U1 to U3
    for the NDRC, DEC D39): the session's eligible units that count with a grade in his
    result. The decision ladder refuses a resit grade on any other unit."""
    eligible = session_rules(result.session, overrides).resit().eligible_units
    return tuple(
        exam.unit
        for exam, _, value, counted, _, _ in unit_rows(result.unit_rows)
        if exam.unit in eligible and counted and value is not None
    )


def resit_decision(
    data: ResultInput,
    compiled: CompiledPlan,
    values: list[Decimal | None],
    total: Decimal,
    bonus: Decimal,
    divisor: int,
    average: Fraction,
    professional: Fraction | None,
    trace: Trace | None,
    pending: list[str],
) -> tuple[Decision, Fraction | None]:
    """Below the pass mark where resit orals exist: failed, eligible, or the decision after
    the resit grades (with the average after them)."""
    rules = compiled.rules
    resit = rules.resit()  # a session without resit parameters is an error, never a default
    if average < rules.fail_exact:
        if trace is not None:
            trace.step("below_fail_threshold", rules.fail_cite, rules.fail_threshold)
        return Decision.FAILED, None
    if professional is None:
        condition = resit.without_graded_unit
        met = condition.value == "met"
        if trace is not None:
            cited = condition.citation.short
            trace.step("resit_professional_none", cited, met, condition.label)
    else:
        met = professional >= resit.professional_exact
        if trace is not None:
            cited = resit.professional_cite
            trace.step("resit_professional_average", cited, resit.professional_average, met)
    if not met:
        if trace is not None:
            trace.step("resit_not_eligible", compiled.citations["resit_not_eligible"])
        return Decision.FAILED, None
    if data.resit_declined:
        if trace is not None:
            trace.step("resit_declined", compiled.citations["resit_declined"])
        return Decision.FAILED, None
    entered = len(data.resit_grades)
    if entered < resit.count:
        if trace is not None:
            cited = resit.orals_cite
            trace.step("resit_eligible", cited, rules.fail_threshold, resit.count, entered)
        return Decision.RESIT_ELIGIBLE, None
    return _after_resit(data, compiled, values, total, bonus, divisor, trace, pending)


def _after_resit(
    data: ResultInput,
    compiled: CompiledPlan,
    values: list[Decimal | None],
    total: Decimal,
    bonus: Decimal,
    divisor: int,
    trace: Trace | None,
    pending: list[str],
) -> tuple[Decision, Fraction | None]:
    """Each resit grade replaces the unit's grade in the weighted total (only when higher,
    unless the parameter says otherwise); the average after the resit orals decides."""
    rules = compiled.rules
    resit = rules.resit()
    only_if_higher = resit.only_if_higher
    counted = {
        exam.unit: (value, exam.coefficient)
        for exam, value in zip(compiled.exams, values, strict=True)
        if not exam.optional and value is not None
    }
    sat = data.resit_grades[: resit.count]
    chosen = [r.unit for r in sat]
    if len(set(chosen)) < len(chosen):
        pending.append(
            "Les épreuves de contrôle portent sur des unités différentes (deux épreuves, CE "
            "D643-15) : " + ", ".join(chosen) + "."
        )
    for grade in sat:
        initial = counted.get(grade.unit) if grade.unit in resit.eligible_units else None
        if initial is None:
            pending.append(
                f"Épreuve de contrôle sur {grade.unit} : unité non éligible ou sans note initiale."
            )
            continue
        old, coefficient = initial
        keep_old = only_if_higher.as_bool() and grade.value <= old
        if trace is not None:
            trace.step(
                "resit_grade",
                only_if_higher.citation.short,
                grade.unit,
                grade.value,
                old,
                keep_old,
                only_if_higher.describe_fr(),
            )
        if not keep_old and coefficient is not None:
            total += (grade.value - old) * coefficient
    if pending:
        return Decision.PENDING, None
    after = capped_average(total + bonus, divisor, rules)
    passed = rules.passes(after)
    if trace is not None:
        cited = compiled.citations["average_after_resit"]
        trace.step("average_after_resit", cited, rules.pass_mark, passed)
    return (Decision.ADMITTED_AFTER_RESIT if passed else Decision.FAILED_AFTER_RESIT), after


@explains("below_fail_threshold")
def _below_fail_text(record: Record, result: Result) -> str:
    fail = record[2]  # a Decimal, written and compared exactly
    return (
        f"Moyenne {format_average(average_of(result), fail)} < {format_average(fail)} : ajourné, "
        "sans épreuve de contrôle."
    )


@explains("resit_professional_none")
def _without_professional_text(record: Record, _: object) -> str:
    _, _, met, label = record
    return (
        "Aucune unité professionnelle notée (toutes dispensées ou validées) : condition "
        f"réputée {'remplie' if met else 'non remplie'} (paramètre « {label} »)."
    )


@explains(
    "resit_professional_average",
    figures=lambda _, result: {"professional_average": result.professional_average},
)
def _professional_text(record: Record, result: Result) -> str:
    _, _, needed, met = record
    professional = result.professional_average
    assert professional is not None
    return (
        f"Moyenne des unités professionnelles {format_average(professional, needed)} "
        f"{'≥' if met else '<'} {format_average(needed)}."
    )


@explains("resit_not_eligible")
def _not_eligible_text(record: Record, _: object) -> str:
    return "Pas d'épreuve de contrôle : ajourné."


@explains("resit_declined")
def _declined_text(record: Record, _: object) -> str:
    return "Le candidat ne se présente pas aux épreuves de contrôle : ajourné."


@explains("resit_eligible", figures=lambda r, _: {"resit_grades_entered": r[4]})
def _eligible_text(record: Record, result: Result) -> str:
    _, _, fail, count, entered = record
    return (
        f"Moyenne {format_average(average_of(result))} entre {format_average(fail)} et la moyenne "
        f"requise : le candidat est admissible aux {count} épreuves de contrôle ({entered} "
        "note(s) saisie(s))."
    )


@explains("resit_grade", figures=lambda r, _: {"initial": r[4], "resit": r[3], "parameter": r[6]})
def _resit_grade_text(record: Record, _: object) -> str:
    _, _, unit, new, old, keep_old, _ = record
    return f"Épreuve de contrôle {unit} : {format_average(new)} " + (
        f"≤ note initiale {format_average(old)}, la note initiale est conservée."
        if keep_old
        else f"remplace la note initiale {format_average(old)}."
    )


@explains(
    "average_after_resit",
    figures=lambda _, result: {"average_after_resit": result.average_after_resit},
)
def _after_text(record: Record, result: Result) -> str:
    _, _, mark, passed = record
    after = result.average_after_resit
    assert after is not None
    return f"Moyenne après épreuves de contrôle : {format_average(after, mark)} — " + (
        "admis." if passed else "ajourné."
    )
