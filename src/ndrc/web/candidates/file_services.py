"""Writes on a candidate's internships and dossiers: one transaction and one audit entry each.
A period's dates are checked by the rules core (``internships.period_checks``) and an exact
duplicate is refused; a dossier's content is checked against the documented format before it
is stored. Every write is made by whom ``file_selectors.correction_refusal`` allows (the
training centre until the deposit deadline, the exam office; never on a file a closed
deliberation locks), and a correction or a deletion names its reason."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.catalogue import catalogue
from ndrc.rules.conformity_input import conformity_input_from_dict
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import GradeState
from ndrc.rules.internships import PeriodKind
from ndrc.rules.internships.period_checks import period_problems
from ndrc.web.audit.services import (
    AuditLine,
    audit_bulk,
    audit_record,
    audited_create,
    audited_update,
    snapshot,
)
from ndrc.web.candidates.file_selectors import (
    correction_refusal,
    earliest_session_for,
    requirement_route,
)
from ndrc.web.candidates.locks import ensure_open
from ndrc.web.candidates.models import Candidate, Dossier, Grade, Internship
from ndrc.web.sessions.models import ExamSession
from ndrc.web.sessions.selectors import oral_date_for

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


def _same(a: Internship, b: Internship) -> bool:
    """An exact duplicate: the same kind, dates and organisation (case and spaces aside)."""
    return (
        a.kind == b.kind
        and a.start == b.start
        and a.end == b.end
        and " ".join(a.organisation.split()).casefold()
        == " ".join(b.organisation.split()).casefold()
    )


def _period_errors(
    period: Internship,
    *,
    others: Iterable[Internship],
    earliest_session: int | None,
) -> dict[str, list[str]]:
    """Every reason to refuse this period (field → French messages): its dates (the rules
    core) and an exact duplicate of another period of the candidate."""
    candidate = period.candidate
    errors: dict[str, list[str]] = defaultdict(list)
    try:
        kind = PeriodKind(period.kind)
    except ValueError:
        errors["kind"].append(f"Nature de période inconnue : « {period.kind} ».")
        return dict(errors)
    for problem in period_problems(
        start=period.start,
        end=period.end,
        kind=kind,
        session=candidate.session.year,
        route=requirement_route(candidate),
        exam_date=oral_date_for(candidate=candidate),
        earliest_session=earliest_session,
    ):
        errors[problem.field].append(f"{problem.message} ({problem.citation.short})")
    if any(_same(period, other) for other in others if other.pk is None or other.pk != period.pk):
        errors["__all__"].append(
            f"Cette période est déjà enregistrée pour ce candidat ({period}) : un doublon "
            "ne compte pas deux fois, corrigez la période existante."
        )
    return dict(errors)


def _check_period(period: Internship) -> None:
    candidate = period.candidate
    errors = _period_errors(
        period,
        others=Internship.objects.filter(candidate=candidate),
        earliest_session=earliest_session_for(candidate),
    )
    if errors:
        raise ValidationError(errors)


def _open_to(*, candidate: Candidate, actor: Any) -> None:
    """The file is open (its rows held until the write's end) and the actor may record,
    correct or delete its internships and dossiers now (``correction_refusal``)."""
    ensure_open([candidate])
    refusal = correction_refusal(user=actor, candidate=candidate)
    if refusal:
        raise ValidationError(refusal)


def _deletion_reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez le motif de la suppression."})
    return reason.strip()


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
    _open_to(candidate=candidate, actor=actor)
    return audited_create(
        period,
        actor=actor,
        action="internship_add",
        fields=PERIOD_FIELDS,
        candidate=candidate,
        check=_check_period,
    )


@transaction.atomic
def internship_update(
    *, period: Internship, changes: dict[str, Any], reason: str, actor: Any
) -> Internship:
    """Correct a period (its organisation, dates, nature, attestation): the dates are checked
    again, the journal keeps the values before and after, and the reason."""
    candidate = period.candidate
    _open_to(candidate=candidate, actor=actor)
    unknown = set(changes) - set(PERIOD_FIELDS)
    if unknown:
        raise ValidationError(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    corrected = Internship(pk=period.pk, candidate=candidate)
    for name in PERIOD_FIELDS:
        setattr(corrected, name, changes.get(name, getattr(period, name)))
    errors = _period_errors(
        corrected,
        others=Internship.objects.filter(candidate=candidate),
        earliest_session=earliest_session_for(candidate),
    )
    if not reason.strip():
        errors["reason"] = ["Indiquez le motif de la correction."]
    if errors:
        raise ValidationError(errors)
    if snapshot(corrected, PERIOD_FIELDS) == snapshot(period, PERIOD_FIELDS):
        raise ValidationError("Rien n'a changé : la période est déjà ainsi.")
    return audited_update(
        period,
        changes={name: getattr(corrected, name) for name in PERIOD_FIELDS},
        actor=actor,
        action="internship_update",
        fields=PERIOD_FIELDS,
        candidate=candidate,
        reason=reason.strip(),
    )


@transaction.atomic
def internship_delete(*, period: Internship, reason: str, actor: Any) -> None:
    """Delete a period recorded by mistake; the journal keeps what it was, and the reason."""
    candidate = period.candidate
    _open_to(candidate=candidate, actor=actor)
    audit_record(
        actor=actor,
        action="internship_delete",
        obj=period,
        candidate=candidate,
        before=snapshot(period, PERIOD_FIELDS),
        reason=_deletion_reason(reason),
    )
    period.delete()


@transaction.atomic
def dossier_set(
    *, candidate: Candidate, exam: str, content: dict[str, Any], actor: Any = None, reason: str = ""
) -> Dossier:
    """Describe a dossier; changing a described dossier is a correction (who may, with a
    reason)."""
    _check_dossier(candidate.session.year, candidate.route, exam, content)
    _open_to(candidate=candidate, actor=actor)
    current = Dossier.objects.select_for_update().filter(candidate=candidate, exam=exam).first()
    before = None if current is None else current.content
    if current is not None and current.content != content and not reason.strip():
        raise ValidationError(
            {"reason": f"Le dossier {exam} est déjà décrit : indiquez le motif de la correction."}
        )
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
        reason=reason.strip(),
    )
    return dossier


@transaction.atomic
def dossier_delete(*, dossier: Dossier, reason: str, actor: Any) -> None:
    """Delete a dossier described by mistake (it becomes « non déposé »); the journal keeps
    its content and the reason."""
    candidate = dossier.candidate
    _open_to(candidate=candidate, actor=actor)
    audit_record(
        actor=actor,
        action="dossier_delete",
        obj=dossier,
        candidate=candidate,
        before=dossier.content,
        reason=_deletion_reason(reason),
    )
    dossier.delete()


def _bulk_period_errors(internships: list[Internship]) -> list[str]:
    """The dates of periods to create at once, checked like one by one (duplicates of the
    stored periods and of each other included): French messages naming the candidate."""
    pks = {p.candidate_id for p in internships}
    stored: dict[int, list[Internship]] = defaultdict(list)
    for period in Internship.objects.filter(candidate_id__in=pks):
        stored[period.candidate_id].append(period)
    earliest: dict[int, int] = {}
    for pk, year in Grade.objects.filter(
        candidate_id__in=pks, state=GradeState.CARRIED_OVER.value, carried_session__isnull=False
    ).values_list("candidate_id", "carried_session"):
        earliest[pk] = min(year, earliest.get(pk, year))
    messages = []
    for period in internships:
        errors = _period_errors(
            period,
            others=stored[period.candidate_id],
            earliest_session=earliest.get(period.candidate_id),
        )
        stored[period.candidate_id].append(period)
        for texts in errors.values():
            messages += [f"{period.candidate.number} ({period}) : {text}" for text in texts]
    return messages


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
    problems = _bulk_period_errors(internships)
    if problems:
        raise ValidationError(problems)
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
