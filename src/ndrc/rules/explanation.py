"""Every decision explains itself: steps with their rule, citation, inputs and figures.

A step's French text may be given as a function: it is then written only when someone reads
the explanation (a national session is deliberated far more often than it is read).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ndrc.rules.citation import Citation, cite


def jsonable(value: Any) -> Any:
    """Figures as JSON: exact decimals as strings, fractions as ``p/q``."""
    if isinstance(value, Fraction):
        return fraction_text(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def fraction_text(value: Fraction) -> str:
    """Exact value: a decimal when finite, else ``numerator/denominator``."""
    denominator = value.denominator
    while denominator % 2 == 0:
        denominator //= 2
    while denominator % 5 == 0:
        denominator //= 5
    if denominator == 1:
        return decimal_text(Decimal(value.numerator) / Decimal(value.denominator))
    return f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True)
class Step:
    rule: str
    text: str | Callable[[], str]
    citation_text: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def text_fr(self) -> str:
        return self.text() if callable(self.text) else self.text

    @property
    def citation(self) -> Citation | None:
        return None if self.citation_text is None else cite(self.citation_text)

    def to_dict(self) -> dict[str, Any]:
        citation = self.citation
        return {
            "rule": self.rule,
            "text": self.text_fr,
            "citation": None if citation is None else citation.to_dict(),
            "figures": jsonable(self.figures),
        }

    def render_fr(self) -> str:
        citation = self.citation
        ref = f" [{citation.render_fr()}]" if citation else ""
        return f"{self.text_fr}{ref}"
