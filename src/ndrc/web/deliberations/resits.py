"""The resit orals (épreuves de contrôle, from session 2025): the units the candidate chooses,
their grades, entered for a candidate the deliberation found eligible, and the candidate's
renunciation. One transaction and one audit entry each."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.errors import InvalidCandidate, RegulationError
from ndrc.rules.grades import parse_value
from ndrc.rules.parameters import Parameters
from ndrc.rules.results import Decision, resit_units
from ndrc.web.audit.services import audit_record
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations.models import (
    FrozenResult,
    Jury,
    JuryAssignment,
    ResitChoice,
    ResitGradeRecord,
)
from ndrc.web.deliberations.selectors import candidate_review, jury_of
from ndrc.web.deliberations.services import open_jury, required_reason
from ndrc.web.sessions.models import Academy, ExamSession


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


def resit_choice_refusal(candidate: Candidate) -> str:
    """Why the candidate cannot choose (or change) the units of the resit orals now, in
    French; "" when he or she can: the session has resit orals, a deliberation closed with
    « admissible aux épreuves de contrôle », the jury has not closed the round after it
    (DEC D100), and the candidate has not renounced them."""
    try:
        opened = Parameters(session=candidate.session.year).get("resit_orals").as_bool()
    except RegulationError:
        opened = False
    if not opened:
        return f"Pas d'épreuve de contrôle pour la session {candidate.session.year}."
    frozen = list(
        FrozenResult.objects.filter(candidate=candidate)
        .order_by("round")
        .values_list("round", "decision")
    )
    eligible = [round_ for round_, decision in frozen if decision == Decision.RESIT_ELIGIBLE]
    if not eligible:
        return (
            f"{candidate} n'a pas été déclaré(e) admissible aux épreuves de contrôle par une "
            "délibération close du jury."
        )
    if any(round_ > eligible[0] for round_, _ in frozen):
        return (
            "Le jury a clos sa délibération après les épreuves de contrôle : leur choix ne "
            "peut plus changer."
        )
    if JuryAssignment.objects.filter(candidate=candidate, resit_declined=True).exists():
        return f"{candidate} a renoncé aux épreuves de contrôle."
    return ""


def resit_choice_units(candidate: Candidate) -> tuple[str, ...]:
    """The units the candidate may choose for the resit orals (those of the session's
    eligible units that count with a grade in his or her result)."""
    return resit_units(candidate_review(candidate, jury_of(candidate)).result)


@transaction.atomic
def resit_choice_set(
    *, candidate: Candidate, units: Sequence[str], actor: Any, reason: str = ""
) -> ResitChoice:
    """Record the units the candidate chooses for the resit orals: exactly ``resit_count``
    different units among those allowed, for a candidate the jury found eligible; a change
    of an earlier choice needs its reason."""
    refusal = resit_choice_refusal(candidate)
    if refusal:
        raise ValidationError(refusal)
    count = Parameters(session=candidate.session.year).get("resit_count").as_int()
    chosen = [str(unit).strip().upper() for unit in units if str(unit).strip()]
    if len(set(chosen)) != len(chosen):
        raise ValidationError({"units": "Choisissez des unités différentes."})
    if len(chosen) != count:
        raise ValidationError(
            {"units": f"Choisissez exactement {count} unités ({len(chosen)} choisie(s))."}
        )
    allowed = resit_choice_units(candidate)
    wrong = [unit for unit in chosen if unit not in allowed]
    if wrong:
        raise ValidationError(
            {
                "units": f"Unité {', '.join(wrong)} : pas d'épreuve de contrôle possible "
                f"(au choix : {', '.join(allowed) or 'aucune'})."
            }
        )
    chosen = [unit for unit in allowed if unit in chosen]
    current = ResitChoice.objects.filter(candidate=candidate).first()
    if current is not None and current.units == chosen:
        return current
    reason = reason.strip()
    if current is not None and not reason:
        raise ValidationError(
            {"reason": "Le motif du changement du choix des épreuves de contrôle est obligatoire."}
        )
    before = None if current is None else {"units": list(current.units)}
    choice, _ = ResitChoice.objects.update_or_create(
        candidate=candidate, defaults={"units": chosen, "chosen_by": actor, "reason": reason}
    )
    audit_record(
        actor=actor,
        action="resit_choice_set",
        obj=choice,
        candidate=candidate,
        before=before,
        after={"units": chosen},
        reason=reason,
    )
    return choice


def resit_choices(*, session: ExamSession, academy: Academy) -> dict[int, list[str]]:
    """The units each candidate of the académie chose for the resit orals (candidate pk →
    units), leaving out those who renounced them: what « Planifier les oraux de contrôle »
    schedules."""
    rows = (
        ResitChoice.objects.filter(candidate__session=session, candidate__academy=academy)
        .exclude(candidate__jury_assignment__resit_declined=True)
        .order_by("candidate__number", "candidate_id")
        .values_list("candidate_id", "units")
    )
    return {pk: list(units) for pk, units in rows}
