"""Writes of the harmonisation meeting (A2023 annexe II, E4, E5, E6 : « Avant le jury final,
une procédure d'harmonisation est mise en place par les autorités académiques »): a grade
adjusted, with its reason and author, and the withdrawal of an adjustment, like a jury's
change. The grade is written through the candidate's file (``grade_set``: the version the
page read, the lock of a closed deliberation, the journal); the adjustment is recorded beside
it, in the same transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import GradeState, parse_value
from ndrc.web.audit.services import audit_record
from ndrc.web.candidates.grade_services import GradeConflict, GradeForbidden, GradeWrite, grade_set
from ndrc.web.candidates.locks import ensure_open
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations.harmonisation_selectors import harmonisation_exams
from ndrc.web.deliberations.models import HarmonisationAdjustment
from ndrc.web.deliberations.services import required_reason


def _author(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise ValidationError(
            "Un ajustement d'harmonisation doit indiquer son auteur : connectez-vous pour "
            "l'enregistrer."
        )


def _write(
    *,
    candidate: Candidate,
    exam: str,
    value: Decimal,
    ccf: bool,
    version: int | None,
    reason: str,
    actor: Any,
) -> Grade:
    try:
        return grade_set(
            candidate=candidate,
            write=GradeWrite(exam=exam, state=GradeState.GRADE, value=value, ccf=ccf),
            actor=actor,
            expected_version=version,
            reason=reason,
        )
    except (GradeConflict, GradeForbidden) as error:
        raise ValidationError(str(error)) from None


@transaction.atomic
def harmonisation_adjust(
    *,
    candidate: Candidate,
    exam: str,
    value: str | Decimal,
    reason: str,
    expected_version: int | None,
    actor: Any,
) -> HarmonisationAdjustment:
    """Adjust one grade as the harmonisation meeting decided: a grade with a value of an
    épreuve graded by commissions or examiners, to another value, with the reason; refused
    once the candidate's deliberation is closed, or when the grade changed since it was
    read."""
    _author(actor)
    if exam not in harmonisation_exams(candidate.session):
        raise ValidationError({"exam": f"Pas d'harmonisation pour l'épreuve {exam}."})
    reason = required_reason(reason, "Le motif de l'ajustement est obligatoire.")
    try:
        grade = parse_value(value, exam)
    except InvalidCandidate as error:
        raise ValidationError({"value": str(error)}) from None
    ensure_open([candidate])
    current = Grade.objects.select_for_update().filter(candidate=candidate, exam=exam).first()
    if current is None or current.state != GradeState.GRADE or current.value is None:
        raise ValidationError(
            f"{candidate} n'a pas de note chiffrée en {exam} : seule une note s'ajuste en "
            "harmonisation (un état, absent ou NV, se corrige par la saisie des notes)."
        )
    before = Decimal(current.value)
    if grade == before:
        raise ValidationError({"value": f"La note {exam} de {candidate} est déjà {grade}."})
    written = _write(
        candidate=candidate,
        exam=exam,
        value=grade,
        ccf=current.ccf,
        version=expected_version,
        reason=f"Harmonisation : {reason}",
        actor=actor,
    )
    adjustment = HarmonisationAdjustment.objects.create(
        candidate=candidate,
        exam=exam,
        before=before,
        value=grade,
        grade_version=written.version,
        reason=reason,
        author=actor,
    )
    audit_record(
        actor=actor,
        action="harmonisation_adjust",
        obj=adjustment,
        candidate=candidate,
        before={"exam": exam, "value": str(before)},
        after={"exam": exam, "value": str(grade)},
        reason=reason,
    )
    return adjustment


@transaction.atomic
def harmonisation_withdraw(
    *, adjustment: HarmonisationAdjustment, reason: str, actor: Any
) -> HarmonisationAdjustment:
    """Withdraw an adjustment recorded by mistake, with a reason: the grade goes back to its
    value before it, unless it changed since (then it is entered again instead); refused
    once the candidate's deliberation is closed. The adjustment stays recorded."""
    _author(actor)
    reason = required_reason(reason, "Le motif du retrait est obligatoire.")
    candidate = adjustment.candidate
    ensure_open([candidate])
    adjustment = HarmonisationAdjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.withdrawn:
        raise ValidationError("Cet ajustement est déjà retiré.")
    current = (
        Grade.objects.select_for_update().filter(candidate=candidate, exam=adjustment.exam).first()
    )
    if current is None or current.version != adjustment.grade_version:
        raise ValidationError(
            f"La note {adjustment.exam} de {candidate} a été modifiée depuis l'ajustement : "
            "il ne se retire plus ; saisissez la note voulue."
        )
    _write(
        candidate=candidate,
        exam=adjustment.exam,
        value=adjustment.before,
        ccf=current.ccf,
        version=adjustment.grade_version,
        reason=f"Retrait d'un ajustement d'harmonisation : {reason}",
        actor=actor,
    )
    adjustment.withdrawn = True
    adjustment.save(update_fields=["withdrawn"])
    audit_record(
        actor=actor,
        action="harmonisation_withdraw",
        obj=adjustment,
        candidate=candidate,
        before={"exam": adjustment.exam, "value": str(adjustment.value)},
        after={"exam": adjustment.exam, "value": str(adjustment.before)},
        reason=reason,
    )
    return adjustment
