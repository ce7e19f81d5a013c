"""What a jury change would do, shown before it is saved: the candidate's result computed by
the results engine with the changed grade added to the jury's stored changes (the same inputs
as the deliberation, ``selectors.deliberation_inputs``), beside the result without it.
Nothing is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from ndrc.rules.catalogue import catalogue
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import parse_value
from ndrc.rules.results import Decision, Result, deliberate, display_average
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations.selectors import deliberation_inputs


@dataclass(frozen=True)
class PendingChange:
    """A jury change as the results engine reads it (``rules_inputs.JuryChangeRow``), not
    saved."""

    candidate_id: int
    exam: str
    value: Decimal
    reason: str
    at: dt.datetime
    author_name: str


@dataclass(frozen=True)
class ChangePreview:
    exam: str
    value: Decimal
    reason: str
    decision_before: Decision
    decision_after: Decision
    average_before: str
    average_after: str

    @property
    def decision_changes(self) -> bool:
        return self.decision_before is not self.decision_after


def _average(result: Result, year: int) -> str:
    return "—" if result.average is None else display_average(result.average, year)


def jury_change_preview(
    *, candidate: Candidate, exam: str, value: str, reason: str, actor: Any
) -> ChangePreview:
    """The candidate's decision and average before and after the change the jury is about to
    make (the épreuve and the grade checked as the saving checks them)."""
    if exam not in catalogue().grade_codes:
        raise ValidationError({"exam": f"Épreuve inconnue : {exam}."})
    try:
        grade = parse_value(value, exam)
    except InvalidCandidate as error:
        raise ValidationError({"value": str(error)}) from None
    pending = PendingChange(
        candidate_id=candidate.pk,
        exam=exam,
        value=grade,
        reason=reason.strip() or "prévisualisation",
        at=timezone.now(),
        author_name=getattr(actor, "username", "") or "jury",
    )
    before = deliberate(deliberation_inputs([candidate])[0])
    after = deliberate(deliberation_inputs([candidate], pending=[pending])[0])
    year = candidate.session.year
    return ChangePreview(
        exam=exam,
        value=grade,
        reason=reason.strip(),
        decision_before=before.decision,
        decision_after=after.decision,
        average_before=_average(before, year),
        average_after=_average(after, year),
    )
