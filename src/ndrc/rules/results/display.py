"""Averages as written for a person: two decimals, more when two would seem to cross a
threshold of the decision (9,9986 never reads as 10,00). Display only: the engine compares
exact fractions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from ndrc.rules.results.compiled import session_rules

_STEPS = tuple(Decimal(1).scaleb(-places) for places in (2, 4, 6))
_CENT = _STEPS[0]
# Decimals written with no threshold, by their text (a national session writes a few hundred
# distinct grades hundreds of thousands of times; bounded cache).
_WRITTEN: dict[str, str] = {}
_MAX_WRITTEN = 65536
# Fractions written, by numerator, denominator and thresholds (only the thresholds' values
# matter: equal thresholds of different types give the same text).
_AVERAGES_WRITTEN: dict[tuple[int, int, object], str] = {}
_DISPLAYED: dict[tuple[int, int, int], str] = {}  # by numerator, denominator and session


def format_average(
    value: Fraction | Decimal,
    threshold: Fraction | Decimal | tuple[Fraction | Decimal, ...] | None = None,
) -> str:
    """Display: two decimals; more when two would hide which side of a threshold it is on."""
    if type(value) is Fraction:  # (isinstance goes through the ABC machinery: slower)
        # An average: a session writes a few thousand distinct ones many times over.
        key = (value.numerator, value.denominator, threshold)
        text = _AVERAGES_WRITTEN.get(key)
        if text is None:
            if len(_AVERAGES_WRITTEN) >= _MAX_WRITTEN:
                _AVERAGES_WRITTEN.clear()
            text = _AVERAGES_WRITTEN[key] = _written(value, threshold)
        return text
    return _written(value, threshold)


def _written(
    value: Fraction | Decimal,
    threshold: Fraction | Decimal | tuple[Fraction | Decimal, ...] | None,
) -> str:
    if threshold is None:
        if isinstance(value, Decimal):
            key = str(value)
            text = _WRITTEN.get(key)
            if text is None:
                if len(_WRITTEN) >= _MAX_WRITTEN:
                    _WRITTEN.clear()
                text = _WRITTEN[key] = f"{value.quantize(_CENT)}".replace(".", ",")
            return text
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return f"{exact.quantize(_CENT)}".replace(".", ",")
    if isinstance(value, Decimal):
        exact = value
        numerator, denominator = value.as_integer_ratio()
    else:
        numerator, denominator = value.numerator, value.denominator
        exact = Decimal(numerator) / Decimal(denominator)
    # Which side of each threshold, compared in integers (denominators are positive).
    thresholds = [
        t.as_integer_ratio() for t in (threshold if isinstance(threshold, tuple) else (threshold,))
    ]
    for step in _STEPS:
        shown = exact.quantize(step)
        top, bottom = shown.as_integer_ratio()
        for t_top, t_bottom in thresholds:
            if (top * t_bottom >= t_top * bottom) != (numerator * t_bottom >= t_top * denominator):
                break
        else:
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
    if type(value) is Fraction:
        key = (value.numerator, value.denominator, session)  # ints hash faster than fractions
        text = _DISPLAYED.get(key)
        if text is None:
            if len(_DISPLAYED) >= _MAX_WRITTEN:
                _DISPLAYED.clear()
            text = _DISPLAYED[key] = _written(value, decision_thresholds(session))
        return text
    return format_average(value, decision_thresholds(session))
