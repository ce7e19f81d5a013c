"""Writes of a deliberation: juries, the jury's grade changes (reason mandatory), closing
(which freezes the results), reopening (a recorded re-deliberation) and publication.
One transaction and one audit entry per service (closing adds one per candidate, so that
each candidate's trail shows the result the jury arrested)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import parse_value
from ndrc.rules.parameters import Parameters
from ndrc.rules.results import Decision
from ndrc.web.audit.models import AuditEntry
from ndrc.web.audit.services import audit_record
from ndrc.web.deliberations.models import (
    FrozenResult,
    Jury,
    JuryAssignment,
    JuryGradeChange,
    ResitGradeRecord,
)
from ndrc.web.deliberations.selectors import candidate_review, jury_review
from ndrc.web.exams.grades import EXAM_CODES
from ndrc.web.exams.models import Academy, Candidate, ExamSession, Grade


class DeliberationBlocked(Exception):
    """The deliberation cannot close: something is still missing."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("Délibération impossible à clore : " + " ; ".join(problems))
        self.problems = problems


def _locked(jury: Jury) -> Jury:
    return Jury.objects.select_for_update().get(pk=jury.pk)


@transaction.atomic
def jury_create(
    *,
    session: ExamSession,
    academy: Academy,
    name: str,
    members: list[Any],
    candidates: list[Candidate],
    actor: Any = None,
) -> Jury:
    """Create a jury with its members and candidates; a candidate has one jury only."""
    jury = Jury(session=session, academy=academy, name=name)
    jury.full_clean()
    jury.save()
    jury.members.set(members)
    foreign = [c for c in candidates if c.session_id != session.pk or c.academy_id != academy.pk]
    if foreign:
        raise ValidationError(
            {"candidates": f"Candidat(s) d'une autre session ou académie : {foreign[0]}."}
        )
    taken = JuryAssignment.objects.filter(candidate__in=candidates).select_related("jury")
    if taken:
        first = taken[0]
        raise ValidationError(
            {"candidates": f"{first.candidate} relève déjà du jury « {first.jury} »."}
        )
    JuryAssignment.objects.bulk_create(JuryAssignment(jury=jury, candidate=c) for c in candidates)
    audit_record(
        actor=actor,
        action="jury_create",
        obj=jury,
        after={
            "name": name,
            "members": [m.username for m in members],
            "candidates": [c.number for c in candidates],
        },
    )
    return jury


@transaction.atomic
def jury_assign(*, jury: Jury, candidates: list[Candidate], actor: Any = None) -> int:
    """Add candidates registered late to an open jury (one jury per candidate)."""
    jury = _locked(jury)
    if jury.is_closed:
        raise ValidationError("La délibération est close : rouvrez-la (avec un motif) d'abord.")
    if not candidates:
        raise ValidationError("Aucun candidat sans jury dans ce groupe.")
    foreign = [
        c for c in candidates if c.session_id != jury.session_id or c.academy_id != jury.academy_id
    ]
    if foreign:
        raise ValidationError(f"Candidat d'une autre session ou académie : {foreign[0]}.")
    taken = JuryAssignment.objects.filter(candidate__in=candidates).select_related("jury").first()
    if taken is not None:
        raise ValidationError(f"{taken.candidate} relève déjà du jury « {taken.jury} ».")
    JuryAssignment.objects.bulk_create(JuryAssignment(jury=jury, candidate=c) for c in candidates)
    audit_record(
        actor=actor,
        action="jury_assign",
        obj=jury,
        after={"candidates": [c.number for c in candidates]},
    )
    return len(candidates)


@transaction.atomic
def jury_grade_change(
    *, jury: Jury, candidate: Candidate, exam: str, value: str | Decimal, reason: str, actor: Any
) -> JuryGradeChange:
    """The jury sets a grade (CE D643-26): only while the deliberation is open, with a reason."""
    jury = _locked(jury)
    if jury.is_closed:
        raise ValidationError("La délibération est close : rouvrez-la (avec un motif) d'abord.")
    if not JuryAssignment.objects.filter(jury=jury, candidate=candidate).exists():
        raise ValidationError(f"{candidate} ne relève pas du jury « {jury} ».")
    if exam not in EXAM_CODES:
        raise ValidationError({"exam": f"Épreuve inconnue : {exam}."})
    if not reason.strip():
        raise ValidationError({"reason": "Le motif de la modification est obligatoire."})
    try:
        grade = parse_value(value, exam)
    except InvalidCandidate as error:
        raise ValidationError({"value": str(error)}) from None
    previous = (
        JuryGradeChange.objects.filter(jury=jury, candidate=candidate, exam=exam, withdrawn=False)
        .order_by("-at", "-id")
        .first()
    )
    stored = Grade.objects.filter(candidate=candidate, exam=exam).first()
    before = {
        "exam": exam,
        "grade": None if stored is None else str(stored),
        "previous_jury_value": None if previous is None else str(previous.value),
    }
    change = JuryGradeChange.objects.create(
        jury=jury,
        candidate=candidate,
        exam=exam,
        value=grade,
        reason=reason.strip(),
        author=actor,
        round=jury.round,
    )
    audit_record(
        actor=actor,
        action="jury_grade_change",
        obj=change,
        candidate=candidate,
        before=before,
        after={"exam": exam, "value": str(grade), "round": jury.round},
        reason=change.reason,
    )
    return change


@transaction.atomic
def jury_grade_change_withdraw(*, change: JuryGradeChange, reason: str, actor: Any) -> None:
    jury = _locked(change.jury)
    if jury.is_closed:
        raise ValidationError("La délibération est close : rouvrez-la (avec un motif) d'abord.")
    if not reason.strip():
        raise ValidationError({"reason": "Le motif du retrait est obligatoire."})
    JuryGradeChange.objects.filter(pk=change.pk).update(withdrawn=True)
    audit_record(
        actor=actor,
        action="jury_grade_change_withdraw",
        obj=change,
        candidate=change.candidate,
        before={"exam": change.exam, "value": str(change.value)},
        reason=reason.strip(),
    )


@transaction.atomic
def deliberation_close(
    *,
    jury: Jury,
    actor: Any,
    progress: Callable[[int, int, str], None] | None = None,
    seen: int | None = None,
) -> int:
    """Close the deliberation: refused while anything is missing; otherwise every candidate's
    result is frozen with the regulation in force and its explanation. Returns the count.
    ``progress(done, total, message)`` is told how far it is (for a background job); ``seen``
    is the fingerprint of what the jury was shown: closing is refused if anything changed."""
    jury = _locked(jury)
    if jury.is_closed:
        raise ValidationError("La délibération est déjà close.")
    if progress is not None:
        progress(0, 3, "Calcul des décisions et de ce qui manque…")
    review = jury_review(jury)
    if progress is not None:
        progress(1, 3, "Résultats arrêtés : enregistrement…")
    if not review.rows:
        raise DeliberationBlocked(["aucun candidat n'est affecté à ce jury"])
    if seen is not None and seen != review.fingerprint:
        raise DeliberationBlocked(
            [
                "des notes ou des dossiers ont changé depuis l'affichage de la délibération : "
                "relisez les décisions proposées avant de clore"
            ]
        )
    if not review.can_close:
        problems = list(review.session_problems) + [
            f"{r.candidate.number} : {', '.join(r.problems)}" for r in review.blockers
        ]
        raise DeliberationBlocked(problems)
    now = timezone.now()
    frozen = []
    for row in review.rows:
        result = row.result
        data = result.to_dict()
        regulation = result.plan.regulation.id if result.plan and result.plan.regulation else ""
        frozen.append(
            FrozenResult(
                jury=jury,
                candidate=row.candidate,
                round=jury.round,
                decision=result.decision.value,
                decision_label=result.decision.label_fr,
                average=data["average"] or "",
                average_display=data["average_display"] or "",
                regulation=regulation,
                result=data,
                explanation=result.explanation_fr(),
            )
        )
    FrozenResult.objects.bulk_create(frozen)
    Jury.objects.filter(pk=jury.pk).update(state=Jury.CLOSED, closed_at=now, closed_by=actor)
    user = actor if getattr(actor, "pk", None) else None
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=user,
            action="result_freeze",
            object_type=FrozenResult._meta.label,
            object_id=f"{jury.pk}:{jury.round}",
            object_repr=f"{f.candidate.number} {f.decision_label}"[:255],
            candidate=f.candidate,
            after={
                "decision": f.decision,
                "average": f.average,
                "regulation": f.regulation,
                "round": f.round,
            },
        )
        for f in frozen
    )
    if progress is not None:
        progress(2, 3, "Journal des résultats…")
    audit_record(
        actor=actor,
        action="deliberation_close",
        obj=jury,
        after={"round": jury.round, "results": len(frozen)},
    )
    return len(frozen)


@transaction.atomic
def deliberation_reopen(*, jury: Jury, reason: str, actor: Any) -> Jury:
    """Reopen a closed deliberation (a re-deliberation): grades and jury changes become
    editable again; the frozen results of the previous round stay as they were."""
    jury = _locked(jury)
    if not jury.is_closed:
        raise ValidationError("La délibération n'est pas close.")
    if not reason.strip():
        raise ValidationError({"reason": "Le motif de la nouvelle délibération est obligatoire."})
    Jury.objects.filter(pk=jury.pk).update(
        state=Jury.OPEN, round=jury.round + 1, closed_at=None, closed_by=None
    )
    audit_record(
        actor=actor,
        action="deliberation_reopen",
        obj=jury,
        before={"round": jury.round},
        after={"round": jury.round + 1},
        reason=reason.strip(),
    )
    jury.refresh_from_db()
    return jury


@transaction.atomic
def results_publish(*, jury: Jury, actor: Any) -> int:
    """Publish the results the jury arrested: candidates see them from now on."""
    jury = _locked(jury)
    if not jury.is_closed:
        raise ValidationError("Seuls les résultats d'une délibération close se publient.")
    updated = FrozenResult.objects.filter(
        jury=jury, round=jury.round, published_at__isnull=True
    ).update(published_at=timezone.now())
    if not updated:
        raise ValidationError("Les résultats de cette délibération sont déjà publiés.")
    audit_record(
        actor=actor,
        action="results_publish",
        obj=jury,
        after={"round": jury.round, "results": updated},
    )
    return updated


def _open_jury_of(candidate: Candidate) -> Jury:
    assignment = JuryAssignment.objects.select_related("jury").filter(candidate=candidate).first()
    if assignment is None:
        raise ValidationError(f"{candidate} n'est affecté à aucun jury.")
    jury = _locked(assignment.jury)
    if jury.is_closed:
        raise ValidationError("La délibération est close : rouvrez-la (avec un motif) d'abord.")
    return jury


RESIT_PHASE = (Decision.RESIT_ELIGIBLE, Decision.ADMITTED_AFTER_RESIT, Decision.FAILED_AFTER_RESIT)


@transaction.atomic
def resit_grade_set(*, candidate: Candidate, unit: str, value: str | Decimal, actor: Any) -> None:
    """Enter (or correct) the grade of a resit oral: only for a candidate the deliberation
    found eligible, on a unit the rule allows and that counts for him, two at most."""
    jury = _open_jury_of(candidate)
    try:
        grade = parse_value(value, unit)
    except InvalidCandidate as error:
        raise ValidationError({"value": str(error)}) from None
    unit = unit.strip().upper()
    params = Parameters(session=candidate.session.year)
    eligible = {str(u).upper() for u in params.get("resit_eligible_units").as_list()}
    count = params.get("resit_count").as_int()
    result = candidate_review(jury, candidate).result
    if result.decision not in RESIT_PHASE:
        raise ValidationError(
            f"{candidate} n'est pas admissible aux épreuves de contrôle "
            f"({result.decision.label_fr.lower()})."
        )
    counted = {u.unit for u in result.units if u.counted}
    if unit not in eligible or unit not in counted:
        allowed = ", ".join(sorted(eligible & counted))
        raise ValidationError(
            {"unit": f"Unité {unit or '—'} : pas d'épreuve de contrôle possible ({allowed})."}
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
    if not reason.strip():
        raise ValidationError({"reason": "Le motif du retrait est obligatoire."})
    record = ResitGradeRecord.objects.filter(candidate=candidate, unit=unit).first()
    if record is None:
        raise ValidationError(f"Pas d'épreuve de contrôle {unit} pour {candidate}.")
    audit_record(
        actor=actor,
        action="resit_grade_withdraw",
        obj=record,
        candidate=candidate,
        before={"unit": record.unit, "value": str(record.value)},
        reason=reason.strip(),
    )
    record.delete()


@transaction.atomic
def resit_declined_set(*, candidate: Candidate, declined: bool, reason: str, actor: Any) -> None:
    """Record that the candidate renounces (or no longer renounces) the resit orals."""
    _open_jury_of(candidate)
    if not reason.strip():
        raise ValidationError({"reason": "Le motif est obligatoire."})
    assignment = JuryAssignment.objects.get(candidate=candidate)
    JuryAssignment.objects.filter(pk=assignment.pk).update(resit_declined=declined)
    audit_record(
        actor=actor,
        action="resit_declined_set",
        obj=assignment,
        candidate=candidate,
        before={"resit_declined": assignment.resit_declined},
        after={"resit_declined": declined},
        reason=reason.strip(),
    )
