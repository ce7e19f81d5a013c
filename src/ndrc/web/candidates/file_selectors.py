"""Reads about a candidate's internships and dossiers: the dates that govern them (the deposit
deadline, the exam), who may still correct them, and the periods' warnings.

The deadline and the date of the orals are the candidate's académie's
(``sessions.selectors.deposit_deadline_for`` and ``oral_date_for``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ndrc.rules.candidate_category import Route
from ndrc.rules.conformity import ConformityReport, check_conformity
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import GradeState
from ndrc.rules.internships import InternshipRoute, Period, PeriodKind, internship_route
from ndrc.rules.internships.period_checks import overlap_rule, overlaps
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate, Dossier, Grade, Internship
from ndrc.web.candidates.rules_inputs import conformity_input
from ndrc.web.sessions.selectors import calendar_of, deposit_deadline_for


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
    """Why this user may not record, correct or delete the candidate's internships and dossiers
    now (empty when they may): a closed deliberation (only after reopening), the training centre
    of the candidate until the deposit deadline, the exam office of the académie always."""
    if candidate.locked_by:
        return _(
            "Délibération close (jury « %(jury)s ») : le dossier ne change qu'après "
            "réouverture de la délibération, avec un motif."
        ) % {"jury": candidate.locked_by}
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
        deadline = deposit_deadline_for(candidate=candidate)
        today = today or timezone.localdate()
        if deadline is None or today <= deadline:
            return ""
        return _(
            "La date limite de dépôt (%(deadline)s) est passée : seule la division des "
            "examens de l'académie peut désormais enregistrer, corriger ou supprimer les "
            "stages et les dossiers de ce candidat."
        ) % {"deadline": f"{deadline:%d/%m/%Y}"}
    return _(
        "Seuls le centre de formation du candidat (jusqu'à la date limite de dépôt) et la "
        "division des examens de son académie enregistrent et corrigent ses stages et ses "
        "dossiers."
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
            _("Les périodes « %(first)s » et « %(second)s » se chevauchent sur %(days)s jour(s).")
            % {"first": a, "second": b, "days": found.days}
            + f" {text} ({citation.short})."
        )
    return warnings


@dataclass(frozen=True)
class FileChange:
    """What a change of the file does to its conformity: the internship count and each
    dossier's outcome, before and after (a French line each; only what changes is kept)."""

    lines: list[str]


def _summary(report: ConformityReport | str) -> dict[str, str]:
    if isinstance(report, str):
        return {"": report}
    shown: dict[str, str] = {}
    if report.internship is not None:
        check = report.internship
        state = _("suffisant") if check.satisfied else _("insuffisant")
        shown["stage"] = _("%(counted)s pour %(required)s (%(state)s)") % {
            "counted": check.counted,
            "required": check.required,
            "state": state,
        }
    for outcome in report.outcomes:
        shown[outcome.exam] = outcome.outcome.label_fr
    return shown


def _report(
    candidate: Candidate, periods: list[Internship], dossiers: list[Dossier]
) -> ConformityReport | str:
    try:
        return check_conformity(
            conformity_input(
                candidate,
                periods,
                dossiers,
                calendar=calendar_of(session=candidate.session, academy_id=candidate.academy_id),
            ),
            as_of=timezone.localdate(),
        )
    except InvalidCandidate as error:
        return str(error)


def change_summary(
    *, candidate: Candidate, without_period: int | None = None, without_dossier: str = ""
) -> FileChange:
    """The candidate's conformity now and once this period (pk) or this dossier (épreuve) is
    deleted: which épreuve's internship count or outcome changes."""
    periods = list(Internship.objects.filter(candidate=candidate).order_by("start"))
    dossiers = list(Dossier.objects.filter(candidate=candidate))
    before = _summary(_report(candidate, periods, dossiers))
    after = _summary(
        _report(
            candidate,
            [p for p in periods if p.pk != without_period],
            [d for d in dossiers if d.exam != without_dossier],
        )
    )
    lines = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key, "—"), after.get(key, "—")
        if old != new:
            label = _("Stage ou expérience (E4, E6)") if key == "stage" else key
            lines.append(f"{label} : {old} → {new}" if label else f"{old} → {new}")
    return FileChange(lines=lines)
