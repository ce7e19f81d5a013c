"""The explanation of a result is a trace the decision ladder writes when asked.

Each step is recorded compactly, as one tuple of immutable values: the kind of step, its
citation (the short form, e.g. ``"CE D643-22"``) and the figures the step applied. Its French
text and its JSON figures are written only when someone reads the explanation, by the text
registered for its kind (``explains``), next to the rule that records it. A national session
is deliberated far more often than it is read, and tuples of plain values are not followed by
the garbage collector once it has seen them.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any, NamedTuple

from ndrc.rules.citation import Citation, cite

# A trace knows nothing of the result it explains (``results.result`` imports this module):
# the result a step's text is written from is passed through as it is.
Record = tuple[Any, ...]  # (kind, citation or None, figures…)
TextOf = Callable[[Record, Any], str]  # (the step's record, the Result it belongs to)
FiguresOf = Callable[[Record, Any], dict[str, Any]]


class Trace:
    """What the ladder writes for a full result: the steps in order, and the units as it
    grades them."""

    __slots__ = ("records", "units")

    def __init__(self) -> None:
        self.records: list[Record] = []
        self.units: list[Any] = []  # each planned épreuve as graded, in order (a unit row each)

    def step(self, *record: Any) -> None:
        """Record a step: its kind, its citation (or None), then its figures."""
        self.records.append(record)


class StepText(NamedTuple):
    rule: str
    text: TextOf
    figures: FiguresOf | None


_TEXTS: dict[str, StepText] = {}


def explains(
    kind: str, rule: str | None = None, figures: FiguresOf | None = None
) -> Callable[[TextOf], TextOf]:
    """Register the French text of a kind of step (and its JSON figures); ``rule`` names the
    step in the explanation when two kinds explain one rule in different words."""

    def register(text: TextOf) -> TextOf:
        _TEXTS[kind] = StepText(rule or kind, text, figures)
        return text

    return register


@cache
def _citation_written(text: str) -> tuple[dict[str, str], str]:
    """A citation of a step as JSON and in French, written once per citation."""
    citation = cite(text)
    return citation.to_dict(), citation.render_fr()


def step_text(record: Record, result: Any) -> str:
    """The French text of a recorded step."""
    return _TEXTS[record[0]].text(record, result)


def step_dict(record: Record, text: str, result: Any) -> dict[str, Any]:
    """A step as JSON (``Step.to_dict``), its text already written."""
    written = _TEXTS[record[0]]
    citation = record[1]
    figures = written.figures
    return {
        "rule": written.rule,
        "text": text,
        "citation": None if citation is None else dict(_citation_written(citation)[0]),
        "figures": {} if figures is None else jsonable(figures(record, result)),
    }


def step_line(record: Record, text: str) -> str:
    """A step in French with its citation (``Step.render_fr``), its text already written."""
    citation = record[1]
    return text if citation is None else f"{text} [{_citation_written(citation)[1]}]"


class Step:
    """One step of an explanation, as read: its rule, French text, citation and figures."""

    __slots__ = ("_record", "_result")

    def __init__(self, record: Record, result: Any) -> None:
        self._record = record
        self._result = result

    @property
    def rule(self) -> str:
        return _TEXTS[self._record[0]].rule

    @property
    def text_fr(self) -> str:
        return _TEXTS[self._record[0]].text(self._record, self._result)

    @property
    def citation_text(self) -> str | None:
        text: str | None = self._record[1]
        return text

    @property
    def citation(self) -> Citation | None:
        text = self.citation_text
        return None if text is None else cite(text)

    @property
    def figures(self) -> dict[str, Any]:
        figures = _TEXTS[self._record[0]].figures
        return {} if figures is None else figures(self._record, self._result)

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


_AS_IS = frozenset({str, int, bool, type(None)})  # JSON as they are


def jsonable(value: Any) -> Any:
    """Figures as JSON: exact decimals as strings, fractions as ``p/q``."""
    kind = type(value)  # the common kinds first, by type (isinstance below for the rest)
    if kind in _AS_IS:
        return value
    if kind is Decimal:
        return decimal_text(value)
    if kind is dict:
        return {
            k: v if type(v) in _AS_IS else decimal_text(v) if type(v) is Decimal else jsonable(v)
            for k, v in value.items()
        }
    if kind is Fraction:
        return fraction_text(value)
    if kind is list:
        return [jsonable(v) for v in value]
    if isinstance(value, Fraction):
        return fraction_text(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


# Decimals as JSON text, by their text (a few hundred distinct grades; bounded cache).
_DECIMAL_TEXTS: dict[str, str] = {}
_MAX_TEXTS = 65536


def decimal_text(value: Decimal) -> str:
    key = str(value)
    text = _DECIMAL_TEXTS.get(key)
    if text is None:
        if len(_DECIMAL_TEXTS) >= _MAX_TEXTS:
            _DECIMAL_TEXTS.clear()
        text = _DECIMAL_TEXTS[key] = format(value.normalize(), "f")
    return text


# Fractions as JSON text, by numerator and denominator (averages repeat; bounded cache).
_FRACTION_TEXTS: dict[tuple[int, int], str] = {}


def fraction_text(value: Fraction) -> str:
    """Exact value: a decimal when finite, else ``numerator/denominator``."""
    key = (value.numerator, value.denominator)
    text = _FRACTION_TEXTS.get(key)
    if text is None:
        if len(_FRACTION_TEXTS) >= _MAX_TEXTS:
            _FRACTION_TEXTS.clear()
        text = _FRACTION_TEXTS[key] = _fraction_text(*key)
    return text


def _fraction_text(numerator: int, denominator: int) -> str:
    reduced = denominator
    while reduced % 2 == 0:
        reduced //= 2
    while reduced % 5 == 0:
        reduced //= 5
    if reduced == 1:
        return decimal_text(Decimal(numerator) / Decimal(denominator))
    return f"{numerator}/{denominator}"
