"""Writes on a candidate's internships and dossiers: one transaction and one audit entry each.
A dossier's content is checked against the documented format before it is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.conformity_input import conformity_input_from_dict
from ndrc.rules.errors import InvalidCandidate
from ndrc.web.audit.models import AuditEntry
from ndrc.web.audit.services import audit_record
from ndrc.web.exams.grades import ensure_open
from ndrc.web.exams.models import Candidate, Dossier, Internship

DOSSIER_EXAMS = ("E4", "E6", "EF2")


def _check_dossier(exam: str, content: dict[str, Any]) -> None:
    if exam not in DOSSIER_EXAMS:
        raise ValidationError({"exam": f"Pas de dossier pour l'épreuve {exam}."})
    try:
        conformity_input_from_dict(
            {"session": 2025, "route": "scolaire", "dossiers": {exam: content}}
        )
    except (InvalidCandidate, AttributeError, TypeError) as error:
        raise ValidationError({"content": f"Dossier {exam} illisible : {error}"}) from None


def _period_snapshot(period: Internship) -> dict[str, Any]:
    return {
        "organisation": period.organisation,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "kind": period.kind,
        "attestation": period.attestation,
        "signed": period.signed,
        "full_time": period.full_time,
    }


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
    if end < start:
        raise ValidationError({"end": f"La fin ({end}) précède le début ({start})."})
    ensure_open([candidate])
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
    period.full_clean()
    period.save()
    audit_record(
        actor=actor,
        action="internship_add",
        obj=period,
        candidate=candidate,
        after=_period_snapshot(period),
    )
    return period


@transaction.atomic
def dossier_set(
    *, candidate: Candidate, exam: str, content: dict[str, Any], actor: Any = None, reason: str = ""
) -> Dossier:
    _check_dossier(exam, content)
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
    for dossier in dossiers:
        _check_dossier(dossier.exam, dossier.content)
    for period in internships:
        if period.end < period.start:
            raise ValidationError({"end": f"{period}: la fin précède le début."})
    ensure_open(list({x.candidate_id: x.candidate for x in [*internships, *dossiers]}.values()))
    user = actor if getattr(actor, "pk", None) else None
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
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=user,
                action="internship_add",
                object_type=Internship._meta.label,
                object_id=str(p.pk),
                object_repr=str(p)[:255],
                candidate_id=p.candidate_id,
                after=_period_snapshot(p),
                reason=reason,
            )
            for p in created_periods
        ]
        + [
            AuditEntry(
                actor=user,
                action="dossier_set",
                object_type=Dossier._meta.label,
                object_id=str(d.pk),
                object_repr=f"{d.candidate_id} {d.exam}",
                candidate_id=d.candidate_id,
                after=d.content,
                reason=reason,
            )
            for d in created_dossiers
        ]
    )
