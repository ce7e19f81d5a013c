"""The compiled form of a plan: what the decision ladder needs, resolved once.

- ``SessionRules``: the parameters in force for a session with the user's overrides (pass
  mark, thresholds, force majeure grade, validity, resit orals…), each with its citation, and
  the grade scale's ceiling;
- ``CompiledExam``: one épreuve of the plan with its coefficient, parts, status and whether it
  is professional or optional;
- ``CompiledPlan``: the épreuves, the registration errors, the opening steps of the
  explanation (regulation, overrides), the session's rules and the citations of the
  regulation in force.

Plans come from ``cached_exam_plan``; compiled plans and session rules are cached too, keyed
by what they depend on (never by who the candidate is), so that a national session compiles a
few dozen plans.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.candidate_category import Route
from ndrc.rules.catalogue import catalogue
from ndrc.rules.exam_plan import ExamPlan, ExamStatus, cached_exam_plan, plan_key
from ndrc.rules.exam_plan.cache import PlanKey
from ndrc.rules.parameters import Parameters, ParameterValue
from ndrc.rules.regulation import ExamCategory
from ndrc.rules.results.citations import rule_citations
from ndrc.rules.results.trace import Record, explains
from ndrc.rules.validity import GradeValidity, grade_validity

Overrides = tuple[tuple[str, str], ...]


class ResitRules:
    """The parameters of the resit orals, resolved when a candidate first needs them (they
    exist only for the sessions that have resit orals)."""

    __slots__ = (
        "count",
        "eligible_units",
        "only_if_higher",
        "orals_cite",
        "professional_average",
        "professional_cite",
        "professional_exact",
        "without_graded_unit",
    )

    def __init__(self, params: Parameters) -> None:
        professional = params.get("resit_professional_average")
        self.professional_average = professional.as_decimal()
        self.professional_exact = Fraction(self.professional_average)
        self.professional_cite = professional.citation.short
        self.count = params.get("resit_count").as_int()
        self.without_graded_unit = params.get("resit_professional_condition_without_graded_unit")
        self.orals_cite = params.get("resit_orals").citation.short
        self.only_if_higher = params.get("resit_replaces_only_if_higher")
        self.eligible_units = frozenset(params.get("resit_eligible_units").as_list())


class SessionRules:
    """The parameters in force for a session with the user's overrides, resolved once."""

    __slots__ = (
        "_has_resit_orals",
        "_mark",
        "_resit",
        "_validities",
        "award_cite",
        "award_threshold",
        "bonus_cite",
        "bonus_threshold",
        "ceiling",
        "fail_cite",
        "fail_exact",
        "fail_threshold",
        "force_majeure",
        "force_majeure_cite",
        "max_grade",
        "overrides",
        "params",
        "pass_mark",
        "pass_mark_cite",
        "pass_mark_exact",
        "resit_orals",
        "session",
        "validity_cite",
    )

    def __init__(self, session: int, overrides: Overrides) -> None:
        params = Parameters(session=session, overrides=dict(overrides))
        self.session = session
        self.params = params
        bonus = params.get("optional_bonus_threshold")
        self.bonus_threshold, self.bonus_cite = bonus.as_decimal(), bonus.citation.short
        mark = params.get("pass_mark")
        self.pass_mark, self.pass_mark_cite = mark.as_decimal(), mark.citation.short
        self.pass_mark_exact = Fraction(self.pass_mark)
        self._mark = self.pass_mark_exact.as_integer_ratio()
        fail = params.get("fail_threshold")
        self.fail_threshold, self.fail_cite = fail.as_decimal(), fail.citation.short
        self.fail_exact = Fraction(self.fail_threshold)
        zero = params.get("force_majeure_grade")
        self.force_majeure, self.force_majeure_cite = zero.as_decimal(), zero.citation.short
        self.validity_cite = params.get("validity_years").citation.short
        award = params.get("unit_award_threshold")
        self.award_threshold, self.award_cite = award.as_decimal(), award.citation.short
        self.max_grade = catalogue().max_grade
        self.ceiling = Fraction(self.max_grade)
        self.resit_orals: ParameterValue = params.get("resit_orals")
        self._has_resit_orals: bool | None = None
        self._validities: dict[int, GradeValidity] = {}  # by session obtained
        self.overrides: tuple[Record, ...] = tuple(
            ("parameter_override", p.citation.short, p.describe_fr())
            for p in (params.get(name) for name, _ in overrides)
        )
        self._resit: ResitRules | None = None

    def passes(self, average: Fraction) -> bool:
        """An average from the pass mark up is a pass (CE D643-22)."""
        numerator, denominator = self._mark  # in integers: a Fraction comparison is slower
        return average.numerator * denominator >= numerator * average.denominator

    def awards(self, grade: Decimal) -> bool:
        """A grade from the threshold up awards its unit, and is the one a candidate keeps in
        forme globale (CE D643-15, D643-23; DEC D15)."""
        return grade >= self.award_threshold

    def validity(self, obtained: int) -> GradeValidity:
        """The validity of a grade obtained at a session, at this session (CE D643-15, DEC
        D17): the one rule the exam plan reads too."""
        validity = self._validities.get(obtained)
        if validity is None:
            validity = grade_validity(obtained=obtained, session=self.session)
            self._validities[obtained] = validity
        return validity

    def has_resit_orals(self) -> bool:
        """Whether the session has resit orals, read when a candidate first needs it (an
        override that is not a boolean is an error then)."""
        if self._has_resit_orals is None:
            self._has_resit_orals = self.resit_orals.as_bool()
        return self._has_resit_orals

    def resit(self) -> ResitRules:
        if self._resit is None:
            self._resit = ResitRules(self.params)
        return self._resit


@explains("parameter_override")
def _override_text(record: Record, _: object) -> str:
    return f"Paramètre modifié : {record[2]}."


_RULES: dict[tuple[int, Overrides], SessionRules] = {}
_MAX_CACHED = 4096


def session_rules(session: int, overrides: Overrides = ()) -> SessionRules:
    key = (session, overrides)
    rules = _RULES.get(key)
    if rules is None:
        if len(_RULES) >= _MAX_CACHED:
            _RULES.clear()
        rules = _RULES[key] = SessionRules(session, overrides)
    return rules


class CompiledExam:
    """One épreuve of the plan as the ladder reads it."""

    __slots__ = (
        "carried_over",
        "category",
        "code",
        "coefficient",
        "exempted",
        "optional",
        "part_cite",
        "part_codes",
        "part_weights",
        "parts",
        "plain",
        "professional",
        "reason",
        "status",
        "title",
        "unit",
        "weight",
    )

    def __init__(
        self,
        code: str,
        unit: str,
        title: str,
        category: ExamCategory,
        coefficient: int | None,
        status: ExamStatus,
        reason: str,
        parts: tuple[tuple[str, int], ...],
        part_cite: str | None,
    ) -> None:
        self.code = code
        self.unit = unit
        self.title = title
        self.category = category
        self.coefficient = coefficient
        self.weight = Decimal(coefficient or 0)  # the coefficient as a Decimal (faster products)
        self.optional = category is ExamCategory.OPTIONAL
        self.professional = category is ExamCategory.PROFESSIONAL
        self.status = status
        self.exempted = status is ExamStatus.EXEMPTED
        self.carried_over = status is ExamStatus.CARRIED_OVER  # from the BTS NRC (annexe IV)
        self.reason = reason
        self.parts = parts
        self.part_codes = tuple(code for code, _ in parts)
        self.part_weights = sum(weight for _, weight in parts)
        self.part_cite = part_cite
        # Graded as given: not exempted, not carried over from the BTS NRC, not from parts.
        self.plain = not self.exempted and not self.carried_over and not parts


class CompiledPlan:
    """A candidate's plan as the ladder reads it, with the session's rules."""

    __slots__ = (
        "citations",
        "errors",
        "exam_codes",
        "exams",
        "opening",
        "part_codes",
        "plan",
        "progressive_closed",
        "rules",
    )

    def __init__(self, plan: ExamPlan, rules: SessionRules) -> None:
        self.plan = plan
        self.rules = rules
        self.exams = tuple(
            CompiledExam(
                p.code,
                p.exam.unit,
                p.exam.title,
                p.exam.category,
                p.exam.coefficient,
                p.status,
                p.reason,
                tuple((part.code, part.coefficient) for part in p.parts),
                p.parts[0].citation.short if p.parts else None,
            )
            for p in plan.exams
        )
        self.exam_codes = frozenset(p.code for p in plan.exams)
        self.part_codes = frozenset(part.code for p in plan.exams for part in p.parts)
        self.errors = tuple(f"Erreur d'inscription : {error.message}" for error in plan.errors)
        opening: list[Record] = []
        regulation, column = plan.regulation, plan.column
        if regulation is not None and column is not None:
            opening.append(
                (
                    "regulation",
                    column.citation.short,
                    regulation.id,
                    regulation.title,
                    column.column.number,
                    column.reason,
                )
            )
        self.opening = (*opening, *rules.overrides)
        self.citations = rule_citations(None if regulation is None else regulation.id)
        # CE D643-14: the forme progressive is for continuing education, distance learning
        # and experience candidates.
        self.progressive_closed = plan.candidate.route in (Route.SCHOOL, Route.APPRENTICESHIP)


@explains("regulation")
def _regulation_text(record: Record, _: object) -> str:
    _, _, regulation, title, column, reason = record
    return f"Règlement {regulation} ({title}), colonne {column} : {reason}."


_COMPILED: dict[tuple[PlanKey, Overrides], CompiledPlan] = {}


def compiled_plan(
    candidate: CandidateProfile, session: int, overrides: dict[str, str]
) -> CompiledPlan:
    """The compiled plan of a candidate for a session and overrides (bounded cache)."""
    given = tuple(overrides.items()) if overrides else ()
    key = (plan_key(candidate, session), given)
    compiled = _COMPILED.get(key)
    if compiled is None:
        if len(_COMPILED) >= _MAX_CACHED:
            _COMPILED.clear()
        compiled = CompiledPlan(cached_exam_plan(candidate, session), session_rules(session, given))
        _COMPILED[key] = compiled
    return compiled


__all__ = ["CompiledExam", "CompiledPlan", "SessionRules", "compiled_plan", "session_rules"]
