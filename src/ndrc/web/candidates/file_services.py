"""Writes on a candidate's internships and dossiers: one transaction and one audit entry each.
A dossier's content is checked against the documented format before it is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.catalogue import catalogue
from ndrc.rules.conformity_input import conformity_input_from_dict
from ndrc.rules.errors import InvalidCandidate
from ndrc.web.audit.services import AuditLine, audit_bulk, audit_record, audited_create, snapshot
from ndrc.web.candidates.locks import ensure_open
from ndrc.web.candidates.models import Candidate, Dossier, Internship
from ndrc.web.sessions.models import ExamSession

PERIOD_FIELDS = ("organisation", "start", "end", "kind", "attestation", "signed", "full_time")


def _check_dossier(year: int, route: str, exam: str, content: dict[str, Any]) -> None:
    """The content must be a dossier of the documented format (docs/conformity-format.md),
    as read for a candidate of this session and route."""
    if exam not in catalogue().dossier_exams:
        raise ValidationError({"exam": f"Pas de dossier pour l'épreuve {exam}."})
    try:
        conformity_input_from_dict(
            {
                "session": year,
                "route": route,
                "dossiers": {exam: content},
            }
        )
    except (InvalidCandidate, AttributeError, TypeError) as error:
        raise ValidationError({"content": f"Dossier {exam} illisible : {error}"}) from None


def _check_period(period: Internship) -> None:
    if period.end < period.start:
        raise ValidationError({"end": f"La fin ({period.end}) précède le début ({period.start})."})


@transaction.atomic
def internship_add(
    *,
    candidate: Candidate,
    organisation: str,
    start: dt.date,
    end: dt.date,
    kind: str = "internship",
    attestation: bool = False,
    signed: bool = False,
    full_time: bool = True,
    actor: Any = None,
) -> Internship:
    period = Internship(
        candidate=candidate,
        organisation=organisation,
        start=start,
        end=end,
        kind=kind,
        attestation=attestation,
        signed=signed,
        full_time=full_time,
    )
    _check_period(period)
    ensure_open([candidate])
    return audited_create(
        period, actor=actor, action="internship_add", fields=PERIOD_FIELDS, candidate=candidate
    )


@transaction.atomic
def dossier_set(
    *, candidate: Candidate, exam: str, content: dict[str, Any], actor: Any = None, reason: str = ""
) -> Dossier:
    _check_dossier(candidate.session.year, candidate.route, exam, content)
    ensure_open([candidate])
    current = Dossier.objects.select_for_update().filter(candidate=candidate, exam=exam).first()
    before = None if current is None else current.content
    dossier, _ = Dossier.objects.update_or_create(
        candidate=candidate, exam=exam, defaults={"content": content}
    )
    audit_record(
        actor=actor,
        action="dossier_set",
        obj=dossier,
        candidate=candidate,
        before=before,
        after=content,
        reason=reason,
    )
    return dossier


@transaction.atomic
def files_bulk_create(
    *, internships: list[Internship], dossiers: list[Dossier], actor: Any, reason: str
) -> None:
    """Create many internships and dossiers at once (import, demo): one audit entry each."""
    years = dict(
        ExamSession.objects.filter(pk__in={d.candidate.session_id for d in dossiers}).values_list(
            "pk", "year"
        )
    )
    for dossier in dossiers:
        candidate = dossier.candidate
        _check_dossier(years[candidate.session_id], candidate.route, dossier.exam, dossier.content)
    for period in internships:
        _check_period(period)
    ensure_open(x.candidate for x in [*internships, *dossiers])
    created_periods = Internship.objects.bulk_create(internships)
    created_dossiers = Dossier.objects.bulk_create(dossiers)
    if not all(p.pk for p in created_periods) or not all(d.pk for d in created_dossiers):
        # Backends that do not return primary keys: read them back.
        created_periods = list(
            Internship.objects.filter(candidate__in={p.candidate_id for p in internships})
        )
        created_dossiers = list(
            Dossier.objects.filter(candidate__in={d.candidate_id for d in dossiers})
        )
    audit_bulk(
        actor=actor,
        action="internship_add",
        reason=reason,
        lines=(
            AuditLine(
                obj=p,
                candidate_id=p.candidate_id,
                after=snapshot(p, PERIOD_FIELDS),
            )
            for p in created_periods
        ),
    )
    audit_bulk(
        actor=actor,
        action="dossier_set",
        reason=reason,
        lines=(
            AuditLine(
                obj=d,
                candidate_id=d.candidate_id,
                object_repr=f"{d.candidate_id} {d.exam}",
                after=d.content,
            )
            for d in created_dossiers
        ),
    )
