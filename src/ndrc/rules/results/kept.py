"""What the candidate keeps: the units awarded (a grade from the threshold up, valid five
years: CE D643-15, DEC D17, D20), the grades a failed candidate may keep for a later session
(forme globale: from 10 up; forme progressive: all, CE D643-14 and D643-23), and the blocks
of competences obtained."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ndrc.rules.grades import GradeState, format_grade
from ndrc.rules.results.compiled import CompiledPlan
from ndrc.rules.results.decision import Decision
from ndrc.rules.results.display import format_average
from ndrc.rules.results.result import UNIT_FIELDS, KeptRow, Result
from ndrc.rules.results.trace import Record, Trace, explains

ZERO = Decimal(0)
_EXEMPTED, _VAE = GradeState.EXEMPTED, GradeState.VAE
_FORCE_MAJEURE, _CARRIED_OVER = GradeState.ABSENT_FORCE_MAJEURE, GradeState.CARRIED_OVER


def keeps(
    units: tuple[Any, ...],
    decision: Decision,
    session: int,
    progressive: bool,
    compiled: CompiledPlan,
    trace: Trace,
) -> tuple[tuple[KeptRow, ...], tuple[KeptRow, ...], tuple[str, ...]]:
    """The units awarded, the grades kept (as ``KeptUnit`` fields) and the blocks obtained,
    from the units as graded (flat, ``result.unit_rows``)."""
    rules = compiled.rules
    keeps_nothing = decision.is_admitted or decision is Decision.PENDING
    awarded: list[KeptRow] = []
    kept: list[KeptRow] = []
    threshold = rules.award_threshold  # a grade from the threshold up awards (rules.awards)
    awarded_units: set[str] = set()
    until = rules.validity(session).valid_until  # of a grade obtained at this session
    for i in range(0, len(units), UNIT_FIELDS):
        exam, grade, value = units[i], units[i + 1], units[i + 2]
        state = grade.state
        if state is _EXEMPTED or state is _VAE:
            awarded_units.add(exam.unit)
            continue
        if value is None or state is _FORCE_MAJEURE:
            continue
        carried = grade.carried if state is _CARRIED_OVER else None
        if carried:
            obtained, valid_until = carried.session, rules.validity(carried.session).valid_until
        else:
            obtained, valid_until = session, until
        awards = value >= threshold
        entry = (exam.unit, exam.code, value, obtained, valid_until, awards)
        if awards:
            awarded.append(entry)
            awarded_units.add(exam.unit)
        if keeps_nothing or exam.optional:
            continue
        if awards or progressive:
            kept.append(entry)
    if awarded:
        trace.step("units_awarded", rules.award_cite, threshold)
    if kept:
        trace.step("grades_kept", compiled.citations["grades_kept"], progressive)
    blocks = tuple(
        f"{exam.unit} {exam.title}"
        for exam in units[::UNIT_FIELDS]
        if exam.unit in awarded_units and not exam.optional
    )
    return tuple(awarded), tuple(kept), blocks


@explains("units_awarded", figures=lambda _, r: {"units": [k[0] for k in r.awarded_rows]})
def _awarded_text(record: Record, result: Result) -> str:
    return (
        f"Unités acquises (note ≥ {format_average(record[2])}) : "
        + ", ".join(
            f"{unit} (valable jusqu'à la session {valid_until})"
            for unit, _, _, _, valid_until, _ in result.awarded_rows
        )
        + "."
    )


@explains("grades_kept", figures=lambda _, r: {"exams": [k[1] for k in r.kept_rows]})
def _kept_text(record: Record, result: Result) -> str:
    rule = (
        "forme progressive : toutes les notes peuvent être conservées"
        if record[2]
        else "forme globale : notes ≥ 10 conservées à la demande du candidat"
    )
    return (
        f"Notes conservables pour une prochaine session ({rule}) : "
        + ", ".join(f"{k[1]} {format_grade(k[2] or ZERO)}" for k in result.kept_rows)
        + "."
    )
