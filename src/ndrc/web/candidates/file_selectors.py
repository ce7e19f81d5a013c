"""Reads about a candidate's internships and dossiers: the dates that govern them (the deposit
deadline, the exam), who may still correct them, and the periods' warnings.

The deadline and the exam date are read here only (``deposit_deadline_for``,
``exam_date_for``): when they become the académie's, these two functions change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ndrc.rules.candidate_category import Route
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import GradeState
from ndrc.rules.internships import InternshipRoute, Period, PeriodKind, internship_route
from ndrc.rules.internships.period_checks import overlap_rule, overlaps
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate, Grade, Internship


def deposit_deadline_for(candidate: Candidate) -> dt.date | None:
    """The deadline for depositing this candidate's dossiers (None while it is not fixed)."""
    return candidate.session.deposit_deadline


def exam_date_for(candidate: Candidate) -> dt.date | None:
    """The date of this candidate's orals (E4, E6), None while it is not fixed."""
    return candidate.session.oral_date


def requirement_route(candidate: Candidate) -> InternshipRoute | None:
    """The candidate's internship requirement (None when the registration does not say it,
    e.g. a distance learner without a status: the period's dates then have no training
    bound)."""
    try:
        return internship_route(
            Route(candidate.route), candidate.continuing_situation, candidate.internship_status
        )
    except (InvalidCandidate, ValueError):
        return None


def earliest_session_for(candidate: Candidate) -> int | None:
    """The earliest earlier session the candidate sat, from the grades kept from it."""
    sessions = Grade.objects.filter(
        candidate=candidate, state=GradeState.CARRIED_OVER.value, carried_session__isnull=False
    ).values_list("carried_session", flat=True)
    return min(sessions, default=None)


def correction_refusal(*, user: Any, candidate: Candidate, today: dt.date | None = None) -> str:
    """Why this user may not correct or delete the candidate's internships and dossiers now
    (empty when they may): a closed deliberation (only after reopening), the training centre
    of the candidate until the deposit deadline, the exam office of the académie always."""
    if candidate.locked_by:
        return (
            f"Délibération close (jury « {candidate.locked_by} ») : le dossier ne change "
            "qu'après réouverture de la délibération, avec un motif."
        )
    if user is None or getattr(user, "is_superuser", False):
        return ""
    role = getattr(user, "role", "")
    if role == Role.EXAM_OFFICE and user.academy_id == candidate.academy_id:
        return ""
    if (
        role == Role.TRAINING_CENTRE
        and candidate.establishment_id
        and user.establishment_id == candidate.establishment_id
    ):
        deadline = deposit_deadline_for(candidate)
        today = today or timezone.localdate()
        if deadline is None or today <= deadline:
            return ""
        return (
            f"La date limite de dépôt ({deadline:%d/%m/%Y}) est passée : seule la division "
            "des examens de l'académie peut désormais corriger ou supprimer les stages et les "
            "dossiers de ce candidat."
        )
    return (
        "Seuls le centre de formation du candidat (jusqu'à la date limite de dépôt) et la "
        "division des examens de son académie corrigent ses stages et ses dossiers."
    )


def rule_period(period: Internship) -> Period:
    return Period(
        organisation=period.organisation,
        start=period.start,
        end=period.end,
        kind=PeriodKind(period.kind),
        attestation=period.attestation,
        signed=period.signed,
        full_time=period.full_time,
    )


def overlap_warnings(periods: list[Internship]) -> list[str]:
    """A French warning per pair of periods that share days (they count once)."""
    text, citation = overlap_rule()
    warnings = []
    for found in overlaps([rule_period(p) for p in periods]):
        a, b = periods[found.first], periods[found.second]
        warnings.append(
            f"Les périodes « {a} » et « {b} » se chevauchent sur {found.days} jour(s). "
            f"{text} ({citation.short})."
        )
    return warnings
