"""Registration of candidates: one at a time or many (import), and changes of a registration
(identity, route, choices, exemptions, VAE, arrangements…). One transaction and one audit
entry each; a registration whose exam plan has registration errors is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ndrc.rules.candidate_category import Route
from ndrc.rules.catalogue import languages_offered
from ndrc.rules.errors import InvalidCandidate
from ndrc.web.audit.services import (
    AuditLine,
    audit_bulk,
    audited_create,
    audited_update,
    jsonable,
    snapshot,
)
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


# A national candidate file (30,000 rows) is written this many rows per INSERT.
REGISTER_BATCH = 2000


@transaction.atomic
def candidates_register(
    *,
    rows: Sequence[dict[str, Any]],
    actor: Any = None,
    plan_errors_allowed: bool = False,
    reason: str = "",
) -> int:
    """Register many candidates at once, at national size (an import of 30,000 rows): each
    row holds the keyword arguments of ``candidate_register`` (without the actor) and is
    checked as it checks one (establishment of the académie, required for the route, number
    not yet registered nor twice in the rows, the model's own checks, the languages and,
    unless ``plan_errors_allowed``, the plan's registration errors), then ``REGISTER_BATCH``
    candidates per INSERT with their audit entries (one each), all or nothing: a fixed number of
    queries per thousand candidates, none per candidate. An error names the candidate's
    number (ValidationError). Returns how many were registered."""
    candidates: list[Candidate] = []
    sessions = {row["session"].pk for row in rows}
    taken = set(
        Candidate.objects.filter(session_id__in=sessions).values_list("session_id", "number")
    )
    for row in rows:
        unknown = set(row) - set(CANDIDATE_FIELDS)
        if unknown:
            raise TypeError(f"candidates_register: unknown fields {sorted(unknown)}")
        candidate = Candidate(**row)
        try:
            _check_bulk_row(candidate, taken)
            candidate.full_clean(
                exclude=["session", "academy", "establishment"],  # the rows' own objects
                validate_unique=False,  # the numbers are checked above, for every row at once
                validate_constraints=False,
            )
            (_check_languages if plan_errors_allowed else _check_registration)(candidate)
        except ValidationError as error:
            raise ValidationError(f"{candidate.number} : {' '.join(error.messages)}") from None
        taken.add((candidate.session_id, candidate.number))
        candidates.append(candidate)
    for start in range(0, len(candidates), REGISTER_BATCH):  # one batch of entries at a time
        _register_batch(candidates[start : start + REGISTER_BATCH], actor=actor, reason=reason)
    return len(candidates)


def _register_batch(candidates: list[Candidate], *, actor: Any, reason: str) -> None:
    """One INSERT of new candidates and their audit entries."""
    try:
        with transaction.atomic():
            Candidate.objects.bulk_create(candidates)
    except IntegrityError:
        raise ValidationError(
            "Un des numéros de candidat vient d'être inscrit à la session (inscription "
            "faite entre-temps) : aucun candidat n'est inscrit."
        ) from None
    if any(c.pk is None for c in candidates):  # a database that returns no keys on insert
        keys = dict(
            Candidate.objects.filter(
                session_id__in={c.session_id for c in candidates},
                number__in=[c.number for c in candidates],
            ).values_list("number", "pk")
        )
        for candidate in candidates:
            candidate.pk = keys[candidate.number]
    audit_bulk(
        actor=actor,
        action="candidate_register",
        reason=reason,
        lines=(
            AuditLine(
                obj=candidate,
                candidate_id=candidate.pk,
                after=snapshot(candidate, CANDIDATE_FIELDS),
            )
            for candidate in candidates
        ),
    )


def _check_bulk_row(candidate: Candidate, taken: set[tuple[int, str]]) -> None:
    """What ``candidate_register`` checks with the database, against the numbers read once."""
    establishment = candidate.establishment
    if establishment is not None and establishment.academy_id != candidate.academy_id:
        raise ValidationError(
            {"establishment": "L'établissement n'appartient pas à l'académie du candidat."}
        )
    if candidate.route != Route.PROFESSIONAL_EXPERIENCE and establishment is None:
        raise ValidationError(
            {"establishment": "Un établissement de formation est requis pour cette voie."}
        )
    if (candidate.session_id, candidate.number) in taken:
        raise ValidationError(
            {
                "number": f"Le numéro de candidat {candidate.number} est déjà inscrit à la "
                f"session {candidate.session.year}."
            }
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
