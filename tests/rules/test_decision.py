"""The categories of the decisions and the pass rate are written once, in the rules core."""

from fractions import Fraction

from ndrc.cli.deliberate import summary
from ndrc.rules.results import Decision, pass_rate


def test_decision_categories():
    assert {d for d in Decision if d.is_final} == {
        Decision.ADMITTED,
        Decision.ADMITTED_AFTER_RESIT,
        Decision.FAILED,
        Decision.FAILED_AFTER_RESIT,
        Decision.NOT_DELIVERABLE,
    }
    assert {d for d in Decision if d.is_admitted} == {
        Decision.ADMITTED,
        Decision.ADMITTED_AFTER_RESIT,
    }
    assert {d for d in Decision if d.in_resit_phase} == {
        Decision.RESIT_ELIGIBLE,
        Decision.ADMITTED_AFTER_RESIT,
        Decision.FAILED_AFTER_RESIT,
    }


def test_pass_rate_is_admitted_over_final_decisions():
    counts = {
        Decision.ADMITTED: 5,
        Decision.ADMITTED_AFTER_RESIT: 1,
        Decision.FAILED: 2,
        Decision.NOT_DELIVERABLE: 1,
        Decision.FAILED_AFTER_RESIT: 1,
        Decision.PENDING: 7,
        Decision.RESIT_ELIGIBLE: 3,
    }
    assert pass_rate(counts) == Fraction(6, 10)
    assert pass_rate({Decision.PENDING: 4, Decision.RESIT_ELIGIBLE: 1}) is None
    assert pass_rate({}) is None


def test_the_cli_summary_rounds_the_pass_rate_to_four_places():
    class Decided:
        def __init__(self, decision):
            self.decision = decision

    results = [Decided(Decision.ADMITTED)] * 2 + [Decided(Decision.FAILED)]
    assert summary(results)["pass_rate"] == 0.6667
    assert summary([Decided(Decision.PENDING)])["pass_rate"] is None
