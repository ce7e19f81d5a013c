"""The resit orals (épreuves de contrôle, from session 2025): their grades, entered for a
candidate the deliberation found eligible, and the candidate's renunciation. One transaction
and one audit entry each."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import parse_value
from ndrc.rules.parameters import Parameters
from ndrc.rules.results import resit_units
from ndrc.web.audit.services import audit_record
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations.models import Jury, JuryAssignment, ResitGradeRecord
from ndrc.web.deliberations.selectors import candidate_review
from ndrc.web.deliberations.services import open_jury, required_reason


def _open_jury_of(candidate: Candidate) -> Jury:
    assignment = JuryAssignment.objects.select_related("jury").filter(candidate=candidate).first()
    if assignment is None:
        raise ValidationError(f"{candidate} n'est affecté à aucun jury.")
    return open_jury(assignment.jury)


@transaction.atomic
def resit_grade_set(*, candidate: Candidate, unit: str, value: str | Decimal, actor: Any) -> None:
    """Enter (or correct) the grade of a resit oral: only for a candidate the deliberation
    found eligible, on a unit the rule allows and that counts for him, two at most."""
    jury = _open_jury_of(candidate)
    if not unit.strip():
        raise ValidationError({"unit": "Choisissez l'unité de l'épreuve de contrôle."})
    if not str(value).strip():
        raise ValidationError({"value": f"Saisissez la note de l'épreuve de contrôle {unit}."})
    try:
        grade = parse_value(value, unit)
    except InvalidCandidate as error:
        raise ValidationError({"value": str(error)}) from None
    unit = unit.strip().upper()
    count = Parameters(session=candidate.session.year).get("resit_count").as_int()
    result = candidate_review(candidate, jury).result
    if not result.decision.in_resit_phase:
        raise ValidationError(
            f"{candidate} n'est pas admissible aux épreuves de contrôle "
            f"({result.decision.label_fr.lower()})."
        )
    allowed = resit_units(result)
    if unit not in allowed:
        raise ValidationError(
            {
                "unit": f"Unité {unit or '—'} : pas d'épreuve de contrôle possible "
                f"({', '.join(allowed)} : épreuves obligatoires d'enseignement général)."
            }
        )
    current = ResitGradeRecord.objects.filter(candidate=candidate, unit=unit).first()
    others = ResitGradeRecord.objects.filter(candidate=candidate).exclude(unit=unit).count()
    if current is None and others >= count:
        raise ValidationError(
            f"{candidate} a déjà {others} épreuves de contrôle ({count} au plus) : retirez-en "
            "une d'abord."
        )
    before = None if current is None else {"unit": unit, "value": str(current.value)}
    record, _ = ResitGradeRecord.objects.update_or_create(
        candidate=candidate, unit=unit, defaults={"value": grade, "entered_by": actor}
    )
    audit_record(
        actor=actor,
        action="resit_grade_set",
        obj=record,
        candidate=candidate,
        before=before,
        after={"unit": unit, "value": str(grade)},
    )


@transaction.atomic
def resit_grade_withdraw(*, candidate: Candidate, unit: str, reason: str, actor: Any) -> None:
    """Withdraw a resit grade entered by mistake (the audit trail keeps it)."""
    _open_jury_of(candidate)
    reason = required_reason(reason, "Le motif du retrait est obligatoire.")
    record = ResitGradeRecord.objects.filter(candidate=candidate, unit=unit).first()
    if record is None:
        raise ValidationError(f"Pas d'épreuve de contrôle {unit} pour {candidate}.")
    audit_record(
        actor=actor,
        action="resit_grade_withdraw",
        obj=record,
        candidate=candidate,
        before={"unit": record.unit, "value": str(record.value)},
        reason=reason,
    )
    record.delete()


@transaction.atomic
def resit_declined_set(*, candidate: Candidate, declined: bool, reason: str, actor: Any) -> None:
    """Record that the candidate renounces (or no longer renounces) the resit orals."""
    _open_jury_of(candidate)
    reason = required_reason(reason, "Le motif est obligatoire.")
    assignment = JuryAssignment.objects.get(candidate=candidate)
    JuryAssignment.objects.filter(pk=assignment.pk).update(resit_declined=declined)
    audit_record(
        actor=actor,
        action="resit_declined_set",
        obj=assignment,
        candidate=candidate,
        before={"resit_declined": assignment.resit_declined},
        after={"resit_declined": declined},
        reason=reason,
    )
