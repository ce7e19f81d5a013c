"""Writes on sessions, establishments and candidates: one transaction and one audit entry each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.errors import InvalidCandidate, RegulationError
from ndrc.rules.exam_plan import exam_plan
from ndrc.rules.regulation import regulation_for_session
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.services import audit_record
from ndrc.web.deliberations.models import Jury
from ndrc.web.exams.grades import EXAM_CODES, ensure_open
from ndrc.web.exams.models import (
    Academy,
    Candidate,
    Establishment,
    ExamCentre,
    ExaminerAssignment,
    ExamSession,
)
from ndrc.web.regulation.plan_adapter import candidate_profile


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, dt.date):
            value = value.isoformat()
        values[name] = value
    return values


@transaction.atomic
def academy_create(*, code: str, name: str, actor: Any = None) -> Academy:
    academy = Academy(code=code, name=name)
    academy.full_clean()
    academy.save()
    audit_record(
        actor=actor, action="academy_create", obj=academy, after={"code": code, "name": name}
    )
    return academy


@transaction.atomic
def session_create(
    *,
    year: int,
    label: str = "",
    deposit_deadline: dt.date | None = None,
    oral_date: dt.date | None = None,
    actor: Any = None,
) -> ExamSession:
    try:
        regulation_for_session(year)
    except RegulationError as error:
        raise ValidationError({"year": str(error)}) from None
    session = ExamSession(
        year=year,
        label=label or f"Session {year}",
        deposit_deadline=deposit_deadline,
        oral_date=oral_date,
    )
    session.full_clean()
    session.save()
    audit_record(
        actor=actor,
        action="session_create",
        obj=session,
        after=_snapshot(session, ("year", "label", "deposit_deadline", "oral_date")),
    )
    return session


@transaction.atomic
def session_dates_set(
    *,
    session: ExamSession,
    deposit_deadline: dt.date | None,
    oral_date: dt.date | None,
    actor: Any = None,
) -> ExamSession:
    """Fix the deposit deadline of the dossiers and the date of the orals of a session; not
    once a jury of the session has closed (conformity, hence results, depend on them)."""
    if Jury.objects.filter(session=session, state=Jury.CLOSED).exists():
        raise ValidationError(
            "Un jury de la session a clos sa délibération : les dates ne changent plus "
            "(rouvrez d'abord les délibérations closes)."
        )
    if deposit_deadline and oral_date and oral_date < deposit_deadline:
        raise ValidationError(
            {"oral_date": "Les oraux ne peuvent précéder la date limite de dépôt des dossiers."}
        )
    fields = ("deposit_deadline", "oral_date")
    before = _snapshot(session, fields)
    session.deposit_deadline, session.oral_date = deposit_deadline, oral_date
    session.full_clean()
    session.save(update_fields=list(fields))
    audit_record(
        actor=actor,
        action="session_dates_set",
        obj=session,
        before=before,
        after=_snapshot(session, fields),
    )
    return session


@transaction.atomic
def session_make_current(*, session: ExamSession, actor: Any = None) -> ExamSession:
    """Choose the session in progress (the one every page works on)."""
    previous = ExamSession.objects.filter(is_current=True).exclude(pk=session.pk).first()
    ExamSession.objects.filter(is_current=True).update(is_current=False)
    ExamSession.objects.filter(pk=session.pk).update(is_current=True)
    session.is_current = True
    audit_record(
        actor=actor,
        action="session_make_current",
        obj=session,
        before={"current": None if previous is None else previous.year},
        after={"current": session.year},
    )
    return session


@transaction.atomic
def establishment_create(
    *,
    uai: str,
    name: str,
    academy: Academy,
    status: EstablishmentStatus,
    habilitation: Habilitation,
    city: str = "",
    actor: Any = None,
) -> Establishment:
    establishment = Establishment(
        uai=uai, name=name, academy=academy, status=status, habilitation=habilitation, city=city
    )
    establishment.full_clean()
    establishment.save()
    audit_record(
        actor=actor,
        action="establishment_create",
        obj=establishment,
        after=_snapshot(
            establishment, ("uai", "name", "academy", "status", "habilitation", "city")
        ),
    )
    return establishment


@transaction.atomic
def exam_centre_create(
    *, code: str, name: str, academy: Academy, city: str = "", actor: Any = None
) -> ExamCentre:
    centre = ExamCentre(code=code, name=name, academy=academy, city=city)
    centre.full_clean()
    centre.save()
    audit_record(
        actor=actor,
        action="exam_centre_create",
        obj=centre,
        after=_snapshot(centre, ("code", "name", "academy", "city")),
    )
    return centre


# The candidate's file beyond identity: choices, exemptions and their proofs, VAE,
# arrangements, internship situation (all optional at registration).
CANDIDATE_FILE_FIELDS = (
    "assessment_form",
    "diplomas",
    "exemption_requests",
    "nrc_units",
    "vae_units",
    "e6_professional_dossier",
    "extra_time",
    "arrangements",
    "internship_reduction_reason",
    "internship_reduction_reference",
    "continuing_situation",
    "internship_status",
)

CANDIDATE_FIELDS = (
    "session",
    "academy",
    "number",
    "last_name",
    "first_name",
    "birth_date",
    "route",
    "establishment",
    "lv1",
    "ef1_language",
    "ef2",
    *CANDIDATE_FILE_FIELDS,
)


@transaction.atomic
def candidate_register(
    *,
    session: ExamSession,
    academy: Academy,
    number: str,
    last_name: str,
    first_name: str,
    birth_date: dt.date,
    route: Route,
    establishment: Establishment | None,
    lv1: str,
    ef1_language: str = "",
    ef2: bool = False,
    actor: Any = None,
    **file: Any,
) -> Candidate:
    """Register a candidate; ``file`` holds any of CANDIDATE_FILE_FIELDS."""
    unknown = set(file) - set(CANDIDATE_FILE_FIELDS)
    if unknown:
        raise TypeError(f"candidate_register: unknown fields {sorted(unknown)}")
    if establishment is not None and establishment.academy_id != academy.pk:
        raise ValidationError(
            {"establishment": "L'établissement n'appartient pas à l'académie du candidat."}
        )
    if route != Route.PROFESSIONAL_EXPERIENCE and establishment is None:
        raise ValidationError(
            {"establishment": "Un établissement de formation est requis pour cette voie."}
        )
    candidate = Candidate(
        session=session,
        academy=academy,
        number=number,
        last_name=last_name,
        first_name=first_name,
        birth_date=birth_date,
        route=route,
        establishment=establishment,
        lv1=lv1,
        ef1_language=ef1_language,
        ef2=ef2,
        **file,
    )
    candidate.full_clean()
    candidate.save()
    audit_record(
        actor=actor,
        action="candidate_register",
        obj=candidate,
        candidate=candidate,
        after=_snapshot(candidate, CANDIDATE_FIELDS),
    )
    return candidate


@transaction.atomic
def examiners_assign(
    *, examiner: Any, exam: str, candidates: list[Candidate], actor: Any = None
) -> int:
    """Entrust one épreuve of these candidates to an examiner (replacing an earlier examiner
    for the same épreuve). Returns how many candidates were assigned."""
    if getattr(examiner, "role", "") != Role.EXAMINER:
        raise ValidationError({"examiner": "Ce compte n'est pas celui d'un examinateur."})
    if exam not in EXAM_CODES:
        raise ValidationError({"exam": f"Épreuve inconnue : {exam}."})
    previous = {
        a.candidate_id: a.examiner_id
        for a in ExaminerAssignment.objects.filter(candidate__in=candidates, exam=exam)
    }
    ExaminerAssignment.objects.filter(candidate__in=candidates, exam=exam).delete()
    ExaminerAssignment.objects.bulk_create(
        ExaminerAssignment(examiner=examiner, candidate=c, exam=exam) for c in candidates
    )
    audit_record(
        actor=actor,
        action="examiners_assign",
        obj=examiner,
        before={"previous_examiners": {str(k): v for k, v in previous.items()}},
        after={"exam": exam, "candidates": [c.number for c in candidates]},
    )
    return len(candidates)


EDITABLE_FIELDS = (
    "last_name",
    "first_name",
    "birth_date",
    "route",
    "establishment",
    "lv1",
    "ef1_language",
    "ef2",
    *CANDIDATE_FILE_FIELDS,
)


@transaction.atomic
def candidate_update(
    *, candidate: Candidate, changes: dict[str, Any], actor: Any = None, reason: str = ""
) -> Candidate:
    """Change a candidate's registration (identity, route, choices, exemptions, VAE,
    arrangements…): refused once the deliberation is closed; the plan's registration errors
    are refused; one audit entry with the fields before and after."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"candidate_update: unknown fields {sorted(unknown)}")
    ensure_open([candidate])
    establishment = changes.get("establishment", candidate.establishment)
    if establishment is not None and establishment.academy_id != candidate.academy_id:
        raise ValidationError(
            {"establishment": "L'établissement n'appartient pas à l'académie du candidat."}
        )
    before = _snapshot(candidate, EDITABLE_FIELDS)
    for name, value in changes.items():
        setattr(candidate, name, value)
    candidate.full_clean()
    _check_plan(candidate)
    candidate.save()
    after = _snapshot(candidate, EDITABLE_FIELDS)
    changed = {k: v for k, v in after.items() if before[k] != v}
    audit_record(
        actor=actor,
        action="candidate_update",
        obj=candidate,
        candidate=candidate,
        before={k: before[k] for k in changed},
        after=changed,
        reason=reason,
    )
    return candidate


def check_registration(candidate: Candidate) -> None:
    """Refuse a registration whose exam plan has registration errors (ValidationError)."""
    _check_plan(candidate)


def _check_plan(candidate: Candidate) -> None:
    """The registration errors of the exam plan (EF1 in the LV1 language, an exemption whose
    condition is not met…) are errors of the form."""
    try:
        plan = exam_plan(candidate_profile(candidate), candidate.session.year)
    except InvalidCandidate as error:
        raise ValidationError(str(error)) from None
    if plan.errors:
        raise ValidationError([finding.message for finding in plan.errors])
