"""The jury's decisions, their French labels and their categories (final, admitted, resit
phase), and the pass rate of a set of decisions."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from fractions import Fraction


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
        return _LABELS[self]

    @property
    def is_final(self) -> bool:
        """A definitive decision (not pending, not waiting for the resit orals)."""
        return self in _FINAL

    @property
    def is_admitted(self) -> bool:
        return self in _ADMITTED

    @property
    def in_resit_phase(self) -> bool:
        """The candidate is in the resit orals: eligible, or decided after them."""
        return self in _RESIT_PHASE


_LABELS = {
    Decision.ADMITTED: "Admis",
    Decision.FAILED: "Ajourné",
    Decision.NOT_DELIVERABLE: "Diplôme ne pouvant être délivré",
    Decision.PENDING: "En attente",
    Decision.RESIT_ELIGIBLE: "Admissible aux épreuves de contrôle",
    Decision.ADMITTED_AFTER_RESIT: "Admis après épreuves de contrôle",
    Decision.FAILED_AFTER_RESIT: "Ajourné après épreuves de contrôle",
}
_FINAL = frozenset(
    {
        Decision.ADMITTED,
        Decision.ADMITTED_AFTER_RESIT,
        Decision.FAILED,
        Decision.FAILED_AFTER_RESIT,
        Decision.NOT_DELIVERABLE,
    }
)
_ADMITTED = frozenset({Decision.ADMITTED, Decision.ADMITTED_AFTER_RESIT})
_RESIT_PHASE = frozenset(
    {Decision.RESIT_ELIGIBLE, Decision.ADMITTED_AFTER_RESIT, Decision.FAILED_AFTER_RESIT}
)


def pass_rate(counts: Mapping[Decision, int]) -> Fraction | None:
    """Admitted candidates over candidates with a final decision; None when none is final."""
    final = sum(n for decision, n in counts.items() if decision.is_final)
    if not final:
        return None
    return Fraction(sum(n for decision, n in counts.items() if decision.is_admitted), final)
