"""The general average: compulsory units weighted by their coefficients, plus the points of
the optional units above their threshold (no coefficient, nothing added to the divisor:
CE D643-22), capped at the top of the grade scale (DEC D19). Exact: sums in ``Decimal``, one
``Fraction`` per average."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ndrc.rules.results.compiled import CompiledPlan, SessionRules
from ndrc.rules.results.display import format_average
from ndrc.rules.results.result import UNIT_FIELDS, Result
from ndrc.rules.results.trace import Record, Trace, explains

ZERO = Decimal(0)


# The averages already computed: a national session has a few thousand distinct (points,
# divisor) pairs (grades in quarter points, a few divisors); equal decimals give equal
# fractions, and a fraction is immutable (bounded cache).
_AVERAGES: dict[tuple[Decimal, int], Fraction] = {}
_MAX_AVERAGES = 65536


def exact_average(points: Decimal, divisor: int) -> Fraction:
    """Points over a divisor as one exact fraction."""
    key = (points, divisor)
    average = _AVERAGES.get(key)
    if average is None:
        if len(_AVERAGES) >= _MAX_AVERAGES:
            _AVERAGES.clear()
        numerator, denominator = points.as_integer_ratio()
        average = _AVERAGES[key] = Fraction(numerator, denominator * divisor)
    return average


def capped_average(points: Decimal, divisor: int, rules: SessionRules) -> Fraction:
    """Points over the divisor, never above the top of the grade scale (DEC D19)."""
    if points > rules.max_grade * divisor:
        return rules.ceiling
    return exact_average(points, divisor)


def optional_bonus(
    optional: list[tuple[str, Decimal]], rules: SessionRules, trace: Trace | None
) -> Decimal:
    """The points of the optional units above the threshold, added to the total."""
    threshold = rules.bonus_threshold
    bonus = ZERO
    for exam, value in optional:
        points = max(ZERO, value - threshold)
        bonus += points
        if trace is not None:
            trace.step("optional_bonus", rules.bonus_cite, exam, value, points, threshold)
    return bonus


@explains("optional_bonus", figures=lambda r, _: {"grade": r[3], "points": r[4]})
def _bonus_text(record: Record, _: object) -> str:
    _, _, exam, value, points, threshold = record
    if not points:
        return (
            f"{exam} (facultative) : note {format_average(value)}, aucun point au-dessus de "
            f"{format_average(threshold)} : rien n'est ajouté."
        )
    return (
        f"{exam} (facultative) : note {format_average(value)}, {format_average(points)} "
        f"point(s) au-dessus de {format_average(threshold)} ajouté(s) au total."
    )


def general_average(
    total: Decimal,
    bonus: Decimal,
    divisor: int,
    compiled: CompiledPlan,
    trace: Trace | None,
) -> Fraction | None:
    """The exact general average, None when no compulsory unit is graded."""
    rules = compiled.rules
    if divisor == 0:
        if trace is not None:
            trace.step("no_average", compiled.citations["no_average"])
        return None
    points = total + bonus
    average = capped_average(points, divisor, rules)
    if trace is not None and average is rules.ceiling:
        cited = compiled.citations["average_ceiling"]
        trace.step("average_ceiling", cited, points, divisor, rules.max_grade)
    if trace is not None:
        cited = compiled.citations["general_average"]
        trace.step("general_average", cited, total, bonus, divisor, rules.pass_mark)
    return average


def professional_average(total: Decimal, divisor: int) -> Fraction | None:
    """The average of the professional units (E4, E5, E6), None when none is graded."""
    return None if divisor == 0 else exact_average(total, divisor)


@explains("no_average")
def _no_average_text(record: Record, _: object) -> str:
    return "Aucune unité obligatoire notée : pas de moyenne."


@explains("average_ceiling", figures=lambda r, _: {"uncapped": exact_average(r[2], r[3])})
def _ceiling_text(record: Record, _: object) -> str:
    _, _, points, divisor, top = record
    return (
        f"Les points des épreuves facultatives portent la moyenne à "
        f"{format_average(exact_average(points, divisor))} : elle est plafonnée à {top}, note "
        "maximale."
    )


_fr = format_average


def _outside_divisor(result: Result) -> list[str]:
    flat = result.unit_rows  # UNIT_FIELDS values per unit: the épreuve, then "counted" at 3
    return [
        flat[i].code
        for i in range(0, len(flat), UNIT_FIELDS)
        if not (flat[i].optional or flat[i + 3])
    ]


@explains(
    "general_average",
    figures=lambda r, result: {
        "total_points": r[2],
        "optional_bonus": r[3],
        "divisor": r[4],
        "average": result.average,
        "outside_divisor": _outside_divisor(result),
    },
)
def _general_average_text(record: Record, result: Result) -> str:
    _, _, total, bonus, divisor, mark = record
    terms = []  # the units counted in the average
    left = []  # the compulsory units outside the divisor
    flat = result.unit_rows
    for i in range(0, len(flat), UNIT_FIELDS):
        exam, value, counted = flat[i], flat[i + 2], flat[i + 3]
        if counted:
            terms.append(f"{exam.code} {_fr(value or ZERO)} × {exam.coefficient}")
        elif not exam.optional:
            left.append(exam.code)
    points = total + bonus
    return (
        "Moyenne générale = ("
        + " + ".join(terms)
        + (f" + {format_average(bonus)} point(s) des épreuves facultatives" if bonus else "")
        + f") / {divisor} = {format_average(points)} / {divisor} = "
        + format_average(exact_average(points, divisor), mark)
        + (f" ; hors diviseur : {', '.join(left)}." if left else ".")
    )
