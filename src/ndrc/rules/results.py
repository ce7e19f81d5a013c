"""The results engine: from a candidate's grades to the jury's decision, with what the
candidate keeps and an explanation of every step.

Averages are exact fractions, compared with no rounding; display rounding happens only when a
figure is written for a person.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache, partial
from typing import Any

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.candidate_category import Route
from ndrc.rules.catalogue import catalogue
from ndrc.rules.conformity import DossierOutcome, Outcome
from ndrc.rules.exam_plan import ExamPlan, ExamStatus, PlannedExam, exam_plan
from ndrc.rules.explanation import Step, decimal_text, fraction_text
from ndrc.rules.grades import MISSING, Grade, GradeState, format_grade
from ndrc.rules.parameters import Parameters
from ndrc.rules.regulation import ExamCategory


class Decision(StrEnum):
    ADMITTED = "admitted"
    FAILED = "failed"
    NOT_DELIVERABLE = "not_deliverable"
    PENDING = "pending"
    RESIT_ELIGIBLE = "resit_eligible"
    ADMITTED_AFTER_RESIT = "admitted_after_resit"
    FAILED_AFTER_RESIT = "failed_after_resit"

    @property
    def label_fr(self) -> str:
        return _DECISION_LABELS[self]


_DECISION_LABELS = {
    Decision.ADMITTED: "Admis",
    Decision.FAILED: "Ajourné",
    Decision.NOT_DELIVERABLE: "Diplôme ne pouvant être délivré",
    Decision.PENDING: "En attente",
    Decision.RESIT_ELIGIBLE: "Admissible aux épreuves de contrôle",
    Decision.ADMITTED_AFTER_RESIT: "Admis après épreuves de contrôle",
    Decision.FAILED_AFTER_RESIT: "Ajourné après épreuves de contrôle",
}


class AssessmentForm(StrEnum):
    GLOBAL = "global"
    PROGRESSIVE = "progressive"


@dataclass(frozen=True)
class JuryChange:
    """A grade the jury set, with who, when and why (CE D643-26)."""

    exam: str
    value: Decimal
    author: str
    at: str
    reason: str


@dataclass(frozen=True)
class ResitGrade:
    unit: str
    value: Decimal


@dataclass(frozen=True)
class ResultInput:
    candidate: CandidateProfile
    session: int
    grades: dict[str, Grade]
    assessment: AssessmentForm = AssessmentForm.GLOBAL
    vae_units: tuple[str, ...] = ()
    jury_changes: tuple[JuryChange, ...] = ()
    resit_grades: tuple[ResitGrade, ...] = ()
    resit_declined: bool = False
    fraud_procedure: bool = False
    overrides: dict[str, str] = field(default_factory=dict)
    conformity: tuple[DossierOutcome, ...] = ()


@dataclass(slots=True)
class UnitResult:
    """One unit in the result (not frozen for speed; treated as immutable)."""

    exam: str
    unit: str
    title: str
    category: ExamCategory
    coefficient: int | None
    grade: Grade
    value: Decimal | None  # the figure counted (exact), None when nothing counts
    counted: bool  # in the weighted average (compulsory units)
    optional: bool
    jury_change: JuryChange | None = None
    note: str = ""

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


@dataclass(slots=True)
class KeptUnit:
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


@dataclass(frozen=True)
class Result:
    candidate: CandidateProfile
    session: int
    decision: Decision
    units: tuple[UnitResult, ...]
    average: Fraction | None
    total_points: Decimal | None
    divisor: int
    optional_bonus: Decimal
    professional_average: Fraction | None
    missing: tuple[str, ...]
    blocking: tuple[str, ...]
    steps: tuple[Step, ...]
    units_awarded: tuple[KeptUnit, ...]
    grades_kept: tuple[KeptUnit, ...]
    blocks_obtained: tuple[str, ...]
    average_after_resit: Fraction | None = None
    plan: ExamPlan | None = None

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
            "explanation": [s.to_dict() for s in self.steps],
        }

    def explanation_fr(self) -> str:
        who = self.candidate.name or self.candidate.identifier or "Candidat"
        lines = [f"{who} — session {self.session} : {self.decision.label_fr}.", ""]
        lines += [f"{i}. {s.render_fr()}" for i, s in enumerate(self.steps, start=1)]
        return "\n".join(lines)


def format_average(
    value: Fraction | Decimal, threshold: Fraction | tuple[Fraction, ...] | None = None
) -> str:
    """Display: two decimals; more when two would hide which side of a threshold it is on."""
    exact = (
        value
        if isinstance(value, Decimal)
        else Decimal(value.numerator) / Decimal(value.denominator)
    )
    thresholds = (
        () if threshold is None else threshold if isinstance(threshold, tuple) else (threshold,)
    )
    for places in (2, 4, 6):
        shown = exact.quantize(Decimal(1).scaleb(-places))
        if all((Fraction(shown) >= t) == (Fraction(value) >= t) for t in thresholds):
            return f"{shown}".replace(".", ",")
    return f"{exact:.8f}".replace(".", ",")


@lru_cache(maxsize=64)
def decision_thresholds(session: int) -> tuple[Fraction, ...]:
    """The averages a display must never seem to cross: the pass mark and, where resit orals
    exist, the threshold below which a candidate is ajourné."""
    params = Parameters(session=session)
    return (
        Fraction(params.get("pass_mark").as_decimal()),
        Fraction(params.get("fail_threshold").as_decimal()),
    )


def display_average(value: Fraction | Decimal, session: int) -> str:
    """An average as shown to the jury and the candidate: 9,9986 never reads as 10,00."""
    return format_average(value, decision_thresholds(session))


_fr = format_average
ZERO = Decimal(0)


@dataclass
class _Context:
    data: ResultInput
    params: Parameters
    steps: list[Step] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    part_detail: dict[str, list[str]] = field(default_factory=dict)

    def step(
        self,
        rule: str,
        text: str | Callable[[], str],
        citation: str | None = None,
        **figures: Any,
    ) -> None:
        self.steps.append(Step(rule=rule, text=text, citation_text=citation, figures=figures))


def _numeric(grade: Grade, ctx: _Context) -> Decimal | None:
    if grade.state in (GradeState.GRADE, GradeState.CARRIED_OVER):
        return grade.value
    if grade.state is GradeState.ABSENT_FORCE_MAJEURE:
        return ctx.params.get("force_majeure_grade").as_decimal()
    return None


_PART_BLOCKERS = (GradeState.NOT_VALID, GradeState.ABSENT, GradeState.RESERVED, GradeState.MISSING)
_PART_STATES = (GradeState.GRADE, GradeState.ABSENT_FORCE_MAJEURE)


def _combine_parts(planned: PlannedExam, ctx: _Context) -> Grade:
    """E5 from its two parts with their coefficients (annexe II d, E5 §4.1 and §4.2)."""
    grades = {p.code: ctx.data.grades.get(p.code, MISSING) for p in planned.parts}
    states = {g.state for g in grades.values()}
    for state in _PART_BLOCKERS:
        if state in states:
            ctx.part_detail[planned.code] = [c for c, g in grades.items() if g.state is state]
            return Grade(state)
    odd = [c for c, g in grades.items() if g.state not in _PART_STATES]
    if odd:
        ctx.pending.append(
            f"{planned.code} : état non admis pour une partie d'épreuve ({', '.join(odd)}) ; "
            "seule l'unité entière peut être dispensée ou conservée."
        )
        return MISSING
    total = ZERO
    weights = 0
    figures: dict[str, Decimal] = {}
    for part in planned.parts:
        value = _numeric(grades[part.code], ctx)
        if value is None:
            return Grade(grades[part.code].state)
        total += value * part.coefficient
        weights += part.coefficient
        figures[part.code] = value
    unit_value = total / weights  # exact: grades have two decimals, weights divide 10^k
    parts = planned.parts
    ctx.step(
        "unit_from_parts",
        lambda: (
            f"{planned.code} : note de l'unité calculée à partir des parties "
            + " + ".join(f"{p.code} {_fr(figures[p.code])} × {p.coefficient}" for p in parts)
            + f", divisé par {weights} = {_fr(unit_value)}."
        ),
        parts[0].citation.short,
        parts=figures,
        value=unit_value,
    )
    return Grade(GradeState.GRADE, unit_value, ccf=any(g.ccf for g in grades.values()))


def _grade_for(planned: PlannedExam, ctx: _Context) -> tuple[Grade, str]:
    data = ctx.data
    if planned.status is ExamStatus.EXEMPTED:
        return Grade(GradeState.EXEMPTED), planned.reason
    if planned.exam.unit in data.vae_units:
        return Grade(GradeState.VAE), "Unité validée par la VAE."
    given = data.grades.get(planned.code)
    if planned.status is ExamStatus.CARRIED_OVER:
        if given is None or given.state is not GradeState.CARRIED_OVER:
            return MISSING, "Note de l'unité du BTS NRC à reporter (annexe IV) non fournie."
        return given, planned.reason
    if given is None and planned.parts:
        if any(p.code in data.grades for p in planned.parts):
            return _combine_parts(planned, ctx), ""
        return MISSING, ""
    if given is None:
        if planned.exam.category is ExamCategory.OPTIONAL:
            return Grade(GradeState.NOT_SAT), ""
        return MISSING, ""
    if given.state is GradeState.EXEMPTED:
        ctx.pending.append(
            f"{planned.code} : « dispensé » saisi alors que le plan d'épreuves ne prévoit pas de "
            "dispense (annexe II b)."
        )
        return MISSING, "Dispense non fondée."
    return given, ""


def _check_carried(code: str, grade: Grade, ctx: _Context) -> Grade:
    if grade.state is not GradeState.CARRIED_OVER or grade.carried is None:
        return grade
    years = ctx.params.get("validity_years")
    obtained = grade.carried.session
    limit = obtained + years.as_int()
    if obtained >= ctx.data.session:
        ctx.pending.append(
            f"{code} : une note conservée doit venir d'une session antérieure "
            f"({obtained} ≥ {ctx.data.session})."
        )
        return MISSING
    if ctx.data.session > limit:
        ctx.step(
            "carried_over_expired",
            lambda: (
                f"{code} : la note conservée de la session {obtained} n'est plus valable "
                f"(validité de {years.as_int()} ans, jusqu'à la session {limit}) ; l'épreuve doit "
                "être repassée."
            ),
            years.citation.short,
            obtained=obtained,
            valid_until=limit,
        )
        return MISSING
    value = grade.value or ZERO
    threshold = ctx.params.get("unit_award_threshold")
    if ctx.data.assessment is AssessmentForm.GLOBAL and value < threshold.as_decimal():
        ctx.pending.append(
            f"{code} : note conservée {format_grade(value)} inférieure à "
            f"{format_grade(threshold.as_decimal())} : en forme globale seules les notes égales "
            "ou supérieures à 10 sont conservées (CE D643-23)."
        )
        return MISSING
    ctx.step(
        "carried_over_valid",
        lambda: (
            f"{code} : note conservée {format_grade(value)} de la session {obtained}, "
            f"valable jusqu'à la session {limit}."
        ),
        years.citation.short,
        obtained=obtained,
        valid_until=limit,
    )
    return grade


def _jury_change(code: str, grade: Grade, ctx: _Context) -> tuple[Grade, JuryChange | None]:
    change = next((c for c in reversed(ctx.data.jury_changes) if c.exam == code), None)
    if change is None:
        return grade, None
    if grade.state in (
        GradeState.ABSENT,
        GradeState.NOT_VALID,
        GradeState.EXEMPTED,
        GradeState.VAE,
    ):
        ctx.step(
            "jury_change_refused",
            f"{code} : modification du jury non appliquée : le jury arrête des notes, il ne "
            f"transforme pas un état « {grade.state.label_fr} » en note.",
            "CE D643-24 et D643-26",
        )
        return grade, None
    before = grade.label_fr()
    ctx.step(
        "jury_change",
        f"{code} : le jury a fixé la note à {format_grade(change.value)} (au lieu de {before}) — "
        f"{change.author}, {change.at} : « {change.reason} ».",
        "CE D643-26 (délibération souveraine du jury)",
        before=before,
        after=change.value,
        author=change.author,
        at=change.at,
        reason=change.reason,
    )
    return Grade(GradeState.GRADE, change.value), change


def _unit_results(plan: ExamPlan, ctx: _Context) -> list[UnitResult]:
    results = []
    for planned in plan.exams:
        grade, note = _grade_for(planned, ctx)
        grade = _check_carried(planned.code, grade, ctx)
        grade, change = _jury_change(planned.code, grade, ctx)
        value = _numeric(grade, ctx)
        optional = planned.exam.category is ExamCategory.OPTIONAL
        if grade.state is GradeState.ABSENT_FORCE_MAJEURE:
            ctx.step(
                "force_majeure",
                f"{planned.code} : absence pour force majeure, la note est zéro et compte dans "
                "la moyenne.",
                ctx.params.get("force_majeure_grade").citation.short,
            )
        if grade.ccf and change is None:
            note = (note + " " if note else "") + "Note de CCF proposée au jury."
        results.append(
            UnitResult(
                exam=planned.code,
                unit=planned.exam.unit,
                title=planned.exam.title,
                category=planned.exam.category,
                coefficient=planned.exam.coefficient,
                grade=grade,
                value=value,
                counted=not optional and value is not None,
                optional=optional,
                jury_change=change,
                note=note.strip(),
            )
        )
    return results


def _classify(units: list[UnitResult], plan: ExamPlan, ctx: _Context) -> None:
    for u in units:
        state = u.grade.state
        if u.optional:
            if state in (GradeState.RESERVED, GradeState.MISSING):
                ctx.missing.append(f"{u.exam} ({state.label_fr})")
            continue
        if state is GradeState.ABSENT:
            ctx.blocking.append(f"{u.exam} : absence non justifiée")
        elif state is GradeState.NOT_VALID:
            ctx.blocking.append(f"{u.exam} : NV (dossier non valide)")
        elif state in (GradeState.RESERVED, GradeState.MISSING, GradeState.NOT_SAT):
            parts = ctx.part_detail.get(u.exam)
            detail = f" : {', '.join(parts)}" if parts else ""
            ctx.missing.append(f"{u.exam}{detail} ({state.label_fr})")
    for error in plan.errors:
        ctx.pending.append(f"Erreur d'inscription : {error.message}")
    if ctx.data.fraud_procedure:
        ctx.pending.append(
            "Procédure de fraude en cours : pas de résultat avant la décision de la commission "
            "de discipline."
        )
    if ctx.data.assessment is AssessmentForm.PROGRESSIVE and ctx.data.candidate.route in (
        Route.SCHOOL,
        Route.APPRENTICESHIP,
    ):
        ctx.pending.append(
            "La forme progressive n'est pas ouverte à la voie scolaire ni à l'apprentissage."
        )


def _weighted(
    units: list[UnitResult], replaced: dict[str, Decimal] | None = None
) -> tuple[Decimal, int]:
    total = ZERO
    divisor = 0
    for u in units:
        if u.counted and u.value is not None and u.coefficient is not None:
            value = replaced.get(u.unit, u.value) if replaced else u.value
            total += value * u.coefficient
            divisor += u.coefficient
    return total, divisor


def _bonus(units: list[UnitResult], ctx: _Context, explain: bool = True) -> Decimal:
    threshold_param = ctx.params.get("optional_bonus_threshold")
    threshold = threshold_param.as_decimal()
    bonus = ZERO
    for u in units:
        if u.optional and u.value is not None:
            points = max(ZERO, u.value - threshold)
            bonus += points
            if explain:
                ctx.step(
                    "optional_bonus",
                    partial(_bonus_text, u.exam, u.value, points, threshold),
                    threshold_param.citation.short,
                    grade=u.value,
                    points=points,
                )
    return bonus


def _bonus_text(exam: str, value: Decimal, points: Decimal, threshold: Decimal) -> str:
    if not points:
        return (
            f"{exam} (facultative) : note {_fr(value)}, aucun point au-dessus de "
            f"{_fr(threshold)} : rien n'est ajouté."
        )
    return (
        f"{exam} (facultative) : note {_fr(value)}, {_fr(points)} point(s) au-dessus de "
        f"{_fr(threshold)} ajouté(s) au total."
    )


CEILING = Fraction(catalogue().max_grade)  # the scale of the grades (DEC D19, D32)


def _average(total: Decimal, bonus: Decimal, divisor: int) -> Fraction:
    return min(CEILING, Fraction(total + bonus) / divisor)


def _average_step(
    units: list[UnitResult], total: Decimal, divisor: int, bonus: Decimal, ctx: _Context
) -> Fraction | None:
    if divisor == 0:
        ctx.step("no_average", "Aucune unité obligatoire notée : pas de moyenne.", "CE D643-22")
        return None
    uncapped = Fraction(total + bonus) / divisor
    average = min(CEILING, uncapped)
    if uncapped > CEILING:
        ctx.step(
            "average_ceiling",
            lambda: (
                f"Les points des épreuves facultatives portent la moyenne à {_fr(uncapped)} : "
                "elle est plafonnée à 20, note maximale."
            ),
            "DEC D19",
            uncapped=uncapped,
        )
    counted = [u for u in units if u.counted and u.value is not None]
    left = [u.exam for u in units if not u.optional and not u.counted]
    mark = Fraction(ctx.params.get("pass_mark").as_decimal())
    ctx.step(
        "general_average",
        lambda: (
            "Moyenne générale = ("
            + " + ".join(f"{u.exam} {_fr(u.value or ZERO)} × {u.coefficient}" for u in counted)
            + (f" + {_fr(bonus)} point(s) des épreuves facultatives" if bonus else "")
            + f") / {divisor} = {_fr(total + bonus)} / {divisor} = {_fr(uncapped, mark)}"
            + (f" ; hors diviseur : {', '.join(left)}." if left else ".")
        ),
        "CE D643-22",
        total_points=total,
        optional_bonus=bonus,
        divisor=divisor,
        average=average,
        outside_divisor=left,
    )
    return average


def _professional_average(units: list[UnitResult]) -> Fraction | None:
    total, divisor = _weighted([u for u in units if u.category is ExamCategory.PROFESSIONAL])
    return None if divisor == 0 else Fraction(total) / divisor


def _resit(
    units: list[UnitResult],
    average: Fraction,
    professional: Fraction | None,
    ctx: _Context,
) -> tuple[Decision, Fraction | None]:
    params = ctx.params
    fail = Fraction(params.get("fail_threshold").as_decimal())
    needed = Fraction(params.get("resit_professional_average").as_decimal())
    if average < fail:
        ctx.step(
            "below_fail_threshold",
            lambda: (
                f"Moyenne {_fr(average, fail)} < {_fr(fail)} : ajourné, sans épreuve de contrôle."
            ),
            params.get("fail_threshold").citation.short,
        )
        return Decision.FAILED, None
    if professional is None:
        condition = params.get("resit_professional_condition_without_graded_unit")
        met = condition.value == "met"
        ctx.step(
            "resit_professional_none",
            "Aucune unité professionnelle notée (toutes dispensées ou validées) : condition "
            f"réputée {'remplie' if met else 'non remplie'} (paramètre « {condition.label} »).",
            condition.citation.short,
        )
    else:
        met = professional >= needed
        ctx.step(
            "resit_professional_average",
            lambda: (
                f"Moyenne des unités professionnelles {_fr(professional, needed)} "
                f"{'≥' if met else '<'} {_fr(needed)}."
            ),
            params.get("resit_professional_average").citation.short,
            professional_average=professional,
        )
    if not met:
        ctx.step("resit_not_eligible", "Pas d'épreuve de contrôle : ajourné.", "CE D643-22")
        return Decision.FAILED, None
    if ctx.data.resit_declined:
        ctx.step(
            "resit_declined",
            "Le candidat ne se présente pas aux épreuves de contrôle : ajourné.",
            "CE D643-22",
        )
        return Decision.FAILED, None
    count = params.get("resit_count").as_int()
    entered = len(ctx.data.resit_grades)
    if entered < count:
        ctx.step(
            "resit_eligible",
            lambda: (
                f"Moyenne {_fr(average)} entre {_fr(fail)} et la moyenne requise : le "
                f"candidat est admissible aux {count} épreuves de contrôle ({entered} note(s) "
                "saisie(s))."
            ),
            params.get("resit_orals").citation.short,
            resit_grades_entered=entered,
        )
        return Decision.RESIT_ELIGIBLE, None
    return _resit_outcome(units, ctx)


def _resit_outcome(units: list[UnitResult], ctx: _Context) -> tuple[Decision, Fraction | None]:
    params = ctx.params
    eligible = set(params.get("resit_eligible_units").as_list())
    only_if_higher = params.get("resit_replaces_only_if_higher")
    by_unit = {u.unit: u for u in units}
    replaced: dict[str, Decimal] = {}
    chosen = [r.unit for r in ctx.data.resit_grades[: params.get("resit_count").as_int()]]
    if len(set(chosen)) < len(chosen):
        ctx.pending.append(
            "Les épreuves de contrôle portent sur des unités différentes (deux épreuves, CE "
            "D643-15) : " + ", ".join(chosen) + "."
        )
    for resit in ctx.data.resit_grades[: params.get("resit_count").as_int()]:
        unit = by_unit.get(resit.unit)
        if resit.unit not in eligible or unit is None or unit.value is None or not unit.counted:
            ctx.pending.append(
                f"Épreuve de contrôle sur {resit.unit} : unité non éligible ou sans note initiale."
            )
            continue
        new, old = resit.value, unit.value
        keep_old = only_if_higher.as_bool() and new <= old
        ctx.step(
            "resit_grade",
            f"Épreuve de contrôle {resit.unit} : {_fr(new)} "
            + (
                f"≤ note initiale {_fr(old)}, la note initiale est conservée."
                if keep_old
                else f"remplace la note initiale {_fr(old)}."
            ),
            only_if_higher.citation.short,
            initial=old,
            resit=new,
            parameter=only_if_higher.describe_fr(),
        )
        if not keep_old:
            replaced[resit.unit] = new
    if ctx.pending:
        return Decision.PENDING, None
    total, divisor = _weighted(units, replaced)
    after = _average(total, _bonus(units, ctx, explain=False), divisor)
    mark = Fraction(params.get("pass_mark").as_decimal())
    passed = after >= mark
    ctx.step(
        "average_after_resit",
        f"Moyenne après épreuves de contrôle : {_fr(after, mark)} — "
        + ("admis." if passed else "ajourné."),
        "CE D643-22",
        average_after_resit=after,
    )
    return (Decision.ADMITTED_AFTER_RESIT if passed else Decision.FAILED_AFTER_RESIT), after


_FINAL_ADMITTED = (Decision.ADMITTED, Decision.ADMITTED_AFTER_RESIT, Decision.PENDING)


def _keeps(
    units: list[UnitResult], decision: Decision, ctx: _Context
) -> tuple[tuple[KeptUnit, ...], tuple[KeptUnit, ...], tuple[str, ...]]:
    params = ctx.params
    threshold_param = params.get("unit_award_threshold")
    threshold = threshold_param.as_decimal()
    years = params.get("validity_years").as_int()
    session = ctx.data.session
    progressive = ctx.data.assessment is AssessmentForm.PROGRESSIVE
    awarded: list[KeptUnit] = []
    kept: list[KeptUnit] = []
    for u in units:
        if u.value is None or u.grade.state is GradeState.ABSENT_FORCE_MAJEURE:
            continue
        carried = u.grade.carried if u.grade.state is GradeState.CARRIED_OVER else None
        obtained = carried.session if carried else session
        entry = KeptUnit(
            unit=u.unit,
            exam=u.exam,
            value=u.value,
            obtained=obtained,
            valid_until=obtained + years,
            awarded=u.value >= threshold,
        )
        if entry.awarded:
            awarded.append(entry)
        if decision in _FINAL_ADMITTED or u.optional:
            continue
        if entry.awarded or progressive:
            kept.append(entry)
    if awarded:
        ctx.step(
            "units_awarded",
            lambda: (
                f"Unités acquises (note ≥ {_fr(threshold)}) : "
                + ", ".join(
                    f"{k.unit} (valable jusqu'à la session {k.valid_until})" for k in awarded
                )
                + "."
            ),
            threshold_param.citation.short,
            units=[k.unit for k in awarded],
        )
    if kept:
        rule = (
            "forme progressive : toutes les notes peuvent être conservées"
            if progressive
            else "forme globale : notes ≥ 10 conservées à la demande du candidat"
        )
        ctx.step(
            "grades_kept",
            lambda: (
                f"Notes conservables pour une prochaine session ({rule}) : "
                + ", ".join(f"{k.exam} {format_grade(k.value or ZERO)}" for k in kept)
                + "."
            ),
            "CE D643-23 et D643-14",
            exams=[k.exam for k in kept],
        )
    awarded_units = {k.unit for k in awarded} | {
        u.unit for u in units if u.grade.state in (GradeState.EXEMPTED, GradeState.VAE)
    }
    blocks = tuple(
        f"{u.unit} {u.title}" for u in units if u.unit in awarded_units and not u.optional
    )
    return tuple(awarded), tuple(kept), blocks


_PLANS: dict[tuple[Any, ...], ExamPlan] = {}


def plan_key(candidate: CandidateProfile, session: int) -> tuple[Any, ...]:
    """What an exam plan depends on: the category and choices, not who the candidate is."""
    return (
        session,
        candidate.route,
        candidate.establishment_status,
        candidate.habilitation,
        candidate.lv1,
        candidate.ef1_language,
        candidate.ef2,
        candidate.diplomas,
        candidate.exemption_requests,
        candidate.nrc_units,
        candidate.e6_professional_dossier,
    )


def cached_plan(candidate: CandidateProfile, session: int) -> ExamPlan:
    key = plan_key(candidate, session)
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) > 4096:
            _PLANS.clear()
        plan = _PLANS[key] = exam_plan(replace(candidate, identifier="", name=""), session)
    return plan


def deliberate_all(inputs: Iterable[ResultInput]) -> list[Result]:
    """Deliberate many candidates; the cyclic garbage collector is paused meanwhile (the
    results hold no cycles), which keeps a national session linear in time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return [deliberate(data) for data in inputs]
    finally:
        if enabled:
            gc.enable()


def _apply_part_changes(data: ResultInput, plan: ExamPlan, ctx: _Context) -> ResultInput:
    """Jury changes on a part of an épreuve (E5W, E5P) change the part's grade; a change on an
    épreuve that is not in the plan is refused (pending), never silently ignored."""
    exams = {p.code for p in plan.exams}
    parts = {part.code for p in plan.exams for part in p.parts}
    grades = dict(data.grades)
    kept = []
    for change in data.jury_changes:
        if change.exam in parts:
            before = grades.get(change.exam, MISSING)
            if before.state in (GradeState.ABSENT, GradeState.NOT_VALID):
                ctx.step(
                    "jury_change_refused",
                    f"{change.exam} : modification du jury non appliquée sur un état "
                    f"« {before.state.label_fr} ».",
                    "CE D643-24 et D643-26",
                )
                continue
            grades[change.exam] = Grade(GradeState.GRADE, change.value)
            ctx.step(
                "jury_change",
                f"{change.exam} : le jury a fixé la note à {format_grade(change.value)} (au lieu "
                f"de {before.label_fr()}) — {change.author}, {change.at} : « {change.reason} ».",
                "CE D643-26 (délibération souveraine du jury)",
                before=before.label_fr(),
                after=change.value,
                author=change.author,
                at=change.at,
                reason=change.reason,
            )
        elif change.exam in exams:
            kept.append(change)
        else:
            ctx.pending.append(
                f"Modification du jury sur « {change.exam} », épreuve absente du plan "
                "d'épreuves du candidat."
            )
    return replace(data, grades=grades, jury_changes=tuple(kept))


def _apply_conformity(data: ResultInput, steps: list[Step]) -> ResultInput:
    """The conformity outcomes of the dossiers decide the grade state of E4, E6 and EF2."""
    grades = dict(data.grades)
    fraud = data.fraud_procedure
    for outcome in data.conformity:
        code = outcome.exam
        citation = outcome.citations[0].short if outcome.citations else None
        if outcome.outcome is Outcome.NOT_VALID:
            grades[code] = Grade(GradeState.NOT_VALID)
            text = f"{code} : dossier non conforme ({' ; '.join(outcome.nv_causes)}) : NV."
        elif outcome.outcome is Outcome.RESERVED:
            grades[code] = Grade(GradeState.RESERVED)
            text = f"{code} : {outcome.note} : note réservée."
        elif outcome.outcome is Outcome.FRAUD:
            fraud = True
            text = f"{code} : {outcome.note} : procédure de fraude."
        elif outcome.outcome is Outcome.NOT_HELD:
            grades.pop(code, None)
            text = f"{code} : {outcome.note}."
        elif outcome.defects:
            text = (
                f"{code} : dossier conforme ; insuffisances pénalisées dans la grille : "
                + " ; ".join(outcome.defects)
                + "."
            )
        else:
            continue
        steps.append(Step(rule="dossier_conformity", text=text, citation_text=citation))
    return replace(data, grades=grades, fraud_procedure=fraud, conformity=())


def deliberate(data: ResultInput) -> Result:
    """The decision for one candidate and one session, with its explanation."""
    conformity_steps: list[Step] = []
    if data.conformity:
        data = _apply_conformity(data, conformity_steps)
    params = Parameters(session=data.session, overrides=data.overrides)
    ctx = _Context(data=data, params=params, steps=conformity_steps)
    plan_for_changes = cached_plan(data.candidate, data.session)
    if data.jury_changes:
        data = _apply_part_changes(data, plan_for_changes, ctx)
        ctx.data = data
    plan = cached_plan(data.candidate, data.session)
    if plan.regulation is not None and plan.column is not None:
        regulation, column = plan.regulation, plan.column
        ctx.step(
            "regulation",
            lambda: (
                f"Règlement {regulation.id} ({regulation.title}), colonne "
                f"{column.column.number} : {column.reason}."
            ),
            column.citation.short,
        )
    for name in data.overrides:
        p = params.get(name)
        ctx.step("parameter_override", f"Paramètre modifié : {p.describe_fr()}.", p.citation.short)
    units = _unit_results(plan, ctx)
    _classify(units, plan, ctx)
    total, divisor = _weighted(units)
    bonus = _bonus(units, ctx)
    average = _average_step(units, total, divisor, bonus, ctx)
    professional = _professional_average(units)
    after: Fraction | None = None
    pass_mark = params.get("pass_mark")
    if ctx.blocking:
        decision = Decision.NOT_DELIVERABLE
        ctx.step(
            "not_deliverable",
            "Le diplôme ne peut pas être délivré : " + " ; ".join(ctx.blocking) + ".",
            "CE D643-24 ; A2023 annexe II, E4 §4.1 (NV)",
            blocking=ctx.blocking,
        )
    elif ctx.missing or ctx.pending or average is None or not plan.exams:
        decision = Decision.PENDING
        reasons = ctx.missing + ctx.pending
        ctx.step(
            "pending",
            "Décision en attente : " + " ; ".join(reasons or ["aucune note"]) + ".",
            "CE D643-22",
            missing=ctx.missing,
            pending=ctx.pending,
        )
    elif average >= (mark := Fraction(pass_mark.as_decimal())):
        decision = Decision.ADMITTED
        shown = average
        ctx.step(
            "admitted",
            lambda: f"Moyenne {_fr(shown, mark)} ≥ {_fr(mark)} : admis.",
            pass_mark.citation.short,
        )
    elif params.get("resit_orals").as_bool():
        shown = average
        ctx.step(
            "below_pass_mark",
            lambda: f"Moyenne {_fr(shown, mark)} < {_fr(mark)}.",
            pass_mark.citation.short,
        )
        decision, after = _resit(units, average, professional, ctx)
        if decision is Decision.PENDING:
            ctx.step("pending", "Décision en attente : " + " ; ".join(ctx.pending) + ".")
    else:
        decision = Decision.FAILED
        shown = average
        ctx.step(
            "failed",
            lambda: (
                f"Moyenne {_fr(shown, mark)} < {_fr(mark)} : ajourné (pas d'épreuve de "
                f"contrôle pour la session {data.session})."
            ),
            pass_mark.citation.short,
        )
    awarded, kept, blocks = _keeps(units, decision, ctx)
    return Result(
        candidate=data.candidate,
        session=data.session,
        decision=decision,
        units=tuple(units),
        average=average,
        total_points=None if average is None else total + bonus,
        divisor=divisor,
        optional_bonus=bonus,
        professional_average=professional,
        missing=tuple(ctx.missing),
        blocking=tuple(ctx.blocking),
        steps=tuple(ctx.steps),
        units_awarded=awarded,
        grades_kept=kept,
        blocks_obtained=blocks,
        average_after_resit=after,
        plan=plan,
    )
