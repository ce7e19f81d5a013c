"""Averages as written for a person: two decimals, more when two would seem to cross a
threshold of the decision (9,9986 never reads as 10,00). Display only: the engine compares
exact fractions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from ndrc.rules.results.compiled import session_rules


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
    rules = session_rules(session)
    return (rules.pass_mark_exact, rules.fail_exact)


def display_average(value: Fraction | Decimal, session: int) -> str:
    """An average as shown to the jury and the candidate: 9,9986 never reads as 10,00."""
    return format_average(value, decision_thresholds(session))
