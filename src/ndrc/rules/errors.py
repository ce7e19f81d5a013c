"""Errors of the rules core: the regulation never falls back on a default."""

from __future__ import annotations


class RegulationError(Exception):
    """The regulation cannot answer: no rule, two rules, or broken data."""

    code = "regulation_error"


class NoRuleInForce(RegulationError):
    code = "no_rule_in_force"


class AmbiguousRule(RegulationError):
    code = "ambiguous_rule"


class RegulationDataError(RegulationError):
    code = "regulation_data_error"


class InvalidCandidate(ValueError):
    """A candidate description that cannot be read (missing or unknown values)."""
