"""What the candidate keeps: the units awarded (a grade from the threshold up, valid five
years: CE D643-15, DEC D17, D20), the grades a failed candidate may keep for a later session
(forme globale: from 10 up; forme progressive: all, CE D643-14 and D643-23), and the blocks
of competences obtained."""

from __future__ import annotations

from decimal import Decimal

from ndrc.rules.grades import GradeState, format_grade
from ndrc.rules.results.compiled import CompiledPlan
from ndrc.rules.results.decision import Decision
from ndrc.rules.results.display import format_average
from ndrc.rules.results.result import KeptUnit, Result, UnitResult
from ndrc.rules.results.trace import Record, Trace, explains

ZERO = Decimal(0)
_EXEMPTED, _VAE = GradeState.EXEMPTED, GradeState.VAE
_FORCE_MAJEURE, _CARRIED_OVER = GradeState.ABSENT_FORCE_MAJEURE, GradeState.CARRIED_OVER


def keeps(
    units: list[UnitResult],
    decision: Decision,
    session: int,
    progressive: bool,
    compiled: CompiledPlan,
    trace: Trace,
) -> tuple[tuple[KeptUnit, ...], tuple[KeptUnit, ...], tuple[str, ...]]:
    """The units awarded, the grades kept and the blocks obtained."""
    rules = compiled.rules
    keeps_nothing = decision.is_admitted or decision is Decision.PENDING
    awarded: list[KeptUnit] = []
    kept: list[KeptUnit] = []
    threshold = rules.award_threshold  # a grade from the threshold up awards (rules.awards)
    awarded_units: set[str] = set()
    for u in units:
        value = u.value
        grade = u.grade
        state = grade.state
        if state is _EXEMPTED or state is _VAE:
            awarded_units.add(u.unit)
            continue
        if value is None or state is _FORCE_MAJEURE:
            continue
        carried = grade.carried if state is _CARRIED_OVER else None
        obtained = carried.session if carried else session
        valid_until = rules.validity(obtained).valid_until
        entry = KeptUnit(u.unit, u.exam, value, obtained, valid_until, value >= threshold)
        if entry.awarded:
            awarded.append(entry)
            awarded_units.add(u.unit)
        if keeps_nothing or u.optional:
            continue
        if entry.awarded or progressive:
            kept.append(entry)
    if awarded:
        trace.step("units_awarded", rules.award_cite, threshold)
    if kept:
        trace.step("grades_kept", compiled.citations["grades_kept"], progressive)
    blocks = tuple(
        f"{u.unit} {u.title}" for u in units if u.unit in awarded_units and not u.optional
    )
    return tuple(awarded), tuple(kept), blocks


@explains("units_awarded", figures=lambda _, r: {"units": [k.unit for k in r.units_awarded]})
def _awarded_text(record: Record, result: Result) -> str:
    return (
        f"Unités acquises (note ≥ {format_average(record[2])}) : "
        + ", ".join(
            f"{k.unit} (valable jusqu'à la session {k.valid_until})" for k in result.units_awarded
        )
        + "."
    )


@explains("grades_kept", figures=lambda _, r: {"exams": [k.exam for k in r.grades_kept]})
def _kept_text(record: Record, result: Result) -> str:
    rule = (
        "forme progressive : toutes les notes peuvent être conservées"
        if record[2]
        else "forme globale : notes ≥ 10 conservées à la demande du candidat"
    )
    return (
        f"Notes conservables pour une prochaine session ({rule}) : "
        + ", ".join(f"{k.exam} {format_grade(k.value or ZERO)}" for k in result.grades_kept)
        + "."
    )
