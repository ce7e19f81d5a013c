"""Grades in the database: writes (services, one transaction and an audit entry per grade
written) and the reads that turn them into inputs of the results engine."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet

from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import CarriedOver, GradeState
from ndrc.rules.grades import Grade as RuleGrade
from ndrc.rules.results import AssessmentForm, ResultInput
from ndrc.web.audit.models import AuditEntry
from ndrc.web.deliberations.models import Jury, JuryAssignment
from ndrc.web.exams.conformity import conformity_reports
from ndrc.web.exams.models import Candidate, Grade
from ndrc.web.regulation.plan_adapter import candidate_profile

CENT = Decimal("0.01")
EXAM_CODES = ("E1", "E2", "E3", "E4", "E5", "E5W", "E5P", "E6", "EF1", "EF2")


class GradeConflict(Exception):
    """Someone else changed the grade since it was read."""


def ensure_open(candidates: list[Candidate]) -> None:
    """A candidate whose deliberation is closed keeps his grades, dossiers and internships
    until a recorded re-deliberation (reopening with a reason). The juries' rows are locked
    until the caller's transaction ends, so a write cannot slip in while a jury closes."""
    jury_ids = sorted(
        set(
            JuryAssignment.objects.filter(candidate__in=candidates).values_list(
                "jury_id", flat=True
            )
        )
    )
    if not jury_ids:
        return
    juries = {j.pk: j for j in Jury.objects.select_for_update().filter(pk__in=jury_ids)}
    closed = (
        JuryAssignment.objects.filter(candidate__in=candidates, jury__state=Jury.CLOSED)
        .select_related("candidate")
        .first()
    )
    if closed is not None:
        raise ValidationError(
            f"Délibération close (jury « {juries[closed.jury_id]} ») : le dossier de "
            f"{closed.candidate} ne change qu'après réouverture de la délibération, avec un "
            "motif."
        )


@dataclass(frozen=True)
class GradeWrite:
    exam: str
    state: str
    value: Decimal | None = None
    ccf: bool = False
    carried_session: int | None = None


def _validate(write: GradeWrite) -> None:
    if write.exam not in EXAM_CODES:
        raise ValidationError({"exam": f"Épreuve inconnue : {write.exam}."})
    try:
        state = GradeState(write.state)
        RuleGrade(
            state,
            write.value,
            carried=CarriedOver(write.carried_session)
            if state is GradeState.CARRIED_OVER and write.carried_session
            else None,
        )
    except (ValueError, InvalidCandidate) as error:
        raise ValidationError({"state": str(error)}) from None
    if write.value is not None and (
        write.value < 0 or write.value > 20 or write.value != write.value.quantize(CENT)
    ):
        raise ValidationError(
            {"value": "La note doit être comprise entre 0 et 20, deux décimales."}
        )


def _snapshot(grade: Grade | None) -> dict[str, Any] | None:
    if grade is None:
        return None
    return {
        "exam": grade.exam,
        "state": grade.state,
        "value": None if grade.value is None else str(Decimal(grade.value).quantize(CENT)),
        "ccf": grade.ccf,
        "carried_session": grade.carried_session,
        "version": grade.version,
    }


@transaction.atomic
def grade_set(
    *,
    candidate: Candidate,
    write: GradeWrite,
    actor: Any,
    expected_version: int | None = None,
    reason: str = "",
) -> Grade:
    """Write one grade. ``expected_version`` is the version the user saw (None for a grade that
    did not exist): if the grade changed meanwhile, GradeConflict is raised and nothing is
    written."""
    _validate(write)
    ensure_open([candidate])
    current = Grade.objects.select_for_update().filter(candidate=candidate, exam=write.exam).first()
    seen = None if current is None else current.version
    if expected_version != seen:
        raise GradeConflict(
            f"La note {write.exam} de {candidate} a été modifiée entre-temps "
            f"(version {seen}, vous aviez la version {expected_version})."
        )
    before = _snapshot(current)
    fields = {
        "state": write.state,
        "value": write.value,
        "ccf": write.ccf,
        "carried_session": write.carried_session,
        "updated_by": actor if getattr(actor, "pk", None) else None,
    }
    if current is None:
        grade = Grade.objects.create(candidate=candidate, exam=write.exam, **fields)
    else:
        Grade.objects.filter(pk=current.pk).update(version=F("version") + 1, **fields)
        grade = Grade.objects.get(pk=current.pk)
    AuditEntry.objects.create(
        actor=fields["updated_by"],
        action="grade_set",
        object_type=Grade._meta.label,
        object_id=str(grade.pk),
        object_repr=str(grade)[:255],
        candidate=candidate,
        before=before,
        after=_snapshot(grade),
        reason=reason,
    )
    return grade


@transaction.atomic
def grades_bulk_create(*, rows: list[tuple[Candidate, GradeWrite]], actor: Any, reason: str) -> int:
    """Create many new grades at once (import, demo): all or nothing, one audit entry each."""
    for _, write in rows:
        _validate(write)
    ensure_open(list({c.pk: c for c, _ in rows}.values()))
    user = actor if getattr(actor, "pk", None) else None
    grades = Grade.objects.bulk_create(
        Grade(
            candidate=candidate,
            exam=write.exam,
            state=write.state,
            value=write.value,
            ccf=write.ccf,
            carried_session=write.carried_session,
            updated_by=user,
        )
        for candidate, write in rows
    )
    by_key = {
        (g.candidate_id, g.exam): g
        for g in Grade.objects.filter(candidate__in={c.pk for c, _ in rows})
    }
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=user,
            action="grade_set",
            object_type=Grade._meta.label,
            object_id=str(by_key[(candidate.pk, write.exam)].pk),
            object_repr=f"{candidate.number} {write.exam}",
            candidate=candidate,
            before=None,
            after=_snapshot(by_key[(candidate.pk, write.exam)]),
            reason=reason,
        )
        for candidate, write in rows
    )
    return len(grades)


def result_inputs(candidates: QuerySet[Candidate]) -> list[ResultInput]:
    """The results engine's inputs for these candidates (grades, form of the exam, VAE units
    and the conformity outcomes of their dossiers), with a fixed number of queries."""
    listed = list(candidates.select_related("establishment", "session"))
    grades: dict[int, dict[str, RuleGrade]] = defaultdict(dict)
    for g in Grade.objects.filter(candidate__in=[c.pk for c in listed]):
        state = GradeState(g.state)
        grades[g.candidate_id][g.exam] = RuleGrade(
            state,
            g.value,
            carried=CarriedOver(g.carried_session)
            if state is GradeState.CARRIED_OVER and g.carried_session
            else None,
            ccf=g.ccf,
        )
    # Conformity is judged once the exam office has fixed the deposit deadline; before that
    # the deliberation lists it as missing (no silent "conform").
    reports = conformity_reports([c for c in listed if c.session.deposit_deadline])
    inputs = []
    for c in listed:
        report = reports.get(c.pk)
        inputs.append(
            ResultInput(
                candidate=candidate_profile(c),
                session=c.session.year,
                grades=grades.get(c.pk, {}),
                assessment=AssessmentForm(c.assessment_form),
                vae_units=tuple(str(u).upper() for u in c.vae_units or []),
                conformity=() if report is None or isinstance(report, str) else report.outcomes,
            )
        )
    return inputs
