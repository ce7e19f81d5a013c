"""Registration of candidates: one at a time or many (import), and changes of a registration
(identity, route, choices, exemptions, VAE, arrangements…). One transaction and one audit
entry each; a registration whose exam plan has registration errors is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.candidate_category import Route
from ndrc.rules.catalogue import languages_offered
from ndrc.rules.errors import InvalidCandidate
from ndrc.web.audit.services import audited_create, audited_update, jsonable
from ndrc.web.candidates.locks import ensure_open
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import plan_of
from ndrc.web.sessions.models import Academy, Establishment, ExamSession

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
    plan_errors_allowed: bool = False,
    **file: Any,
) -> Candidate:
    """Register a candidate; ``file`` holds any of CANDIDATE_FILE_FIELDS. A registration whose
    exam plan has registration errors is refused, unless ``plan_errors_allowed`` (an import
    lists them as warnings for the exam office to settle)."""
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
    if Candidate.objects.filter(session=session, number=number).exists():
        raise ValidationError(
            {
                "number": f"Le numéro de candidat {number} est déjà inscrit à la session "
                f"{session.year}."
            }
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
    return audited_create(
        candidate,
        actor=actor,
        action="candidate_register",
        fields=CANDIDATE_FIELDS,
        candidate=candidate,
        check=_check_languages if plan_errors_allowed else _check_registration,
    )


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
) -> tuple[str, ...]:
    """Change a candidate's registration (identity, route, choices, exemptions, VAE,
    arrangements…) and return the names of the fields that changed: refused once the
    deliberation is closed, without a reason, or with the plan's registration errors; one
    audit entry with the fields before and after. A change that changes nothing writes
    nothing and returns no field."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"candidate_update: unknown fields {sorted(unknown)}")
    ensure_open([candidate])
    changed = tuple(
        name
        for name in EDITABLE_FIELDS
        if name in changes and jsonable(changes[name]) != jsonable(getattr(candidate, name))
    )
    if not changed:
        return ()
    if not reason.strip():
        raise ValidationError(
            {"reason": "Indiquez le motif de la modification : il est inscrit à l'historique."}
        )
    establishment = changes.get("establishment", candidate.establishment)
    if establishment is not None and establishment.academy_id != candidate.academy_id:
        raise ValidationError(
            {"establishment": "L'établissement n'appartient pas à l'académie du candidat."}
        )
    audited_update(
        candidate,
        changes=changes,
        actor=actor,
        action="candidate_update",
        fields=EDITABLE_FIELDS,
        candidate=candidate,
        reason=reason.strip(),
        check=_check_registration,
    )
    return changed


def registration_problems(candidate: Candidate) -> list[str]:
    """What would refuse this registration (languages not offered, the plan's registration
    errors), without writing anything: shown with the form's own errors."""
    problems: list[str] = []
    for check in (_check_languages, _check_plan):
        try:
            check(candidate)
        except ValidationError as error:
            problems.extend(error.messages)
    return problems


def _check_registration(candidate: Candidate) -> None:
    _check_languages(candidate)
    _check_plan(candidate)


def _check_languages(candidate: Candidate) -> None:
    """LV1 and EF1 are chosen among the languages offered at the session (``languages.yaml``)."""
    offered = languages_offered(candidate.session.year)
    errors: dict[str, str] = {}
    for field, language, choices, exam in (
        ("lv1", candidate.lv1, offered.lv1, "LV1 (E2)"),
        ("ef1_language", candidate.ef1_language, offered.ef1, "EF1"),
    ):
        if language and language not in choices:
            errors[field] = (
                f"La langue « {language} » n'est pas proposée en {exam} à la session "
                f"{candidate.session.year} : choisissez parmi {', '.join(choices)}."
            )
    if errors:
        raise ValidationError(errors)


def _check_plan(candidate: Candidate) -> None:
    """The registration errors of the exam plan (EF1 in the LV1 language, an exemption whose
    condition is not met…) are errors of the form."""
    try:
        plan = plan_of(candidate)
    except InvalidCandidate as error:
        raise ValidationError(str(error)) from None
    if plan.errors:
        raise ValidationError([finding.message for finding in plan.errors])
