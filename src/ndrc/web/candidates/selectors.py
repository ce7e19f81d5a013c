"""Reads on candidates, scoped to what the user's role may see: the one place that says which
candidates a user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from ndrc.rules.candidate_category import Route
from ndrc.rules.conformity_list import commission_rows
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate, Dossier, Grade, Internship
from ndrc.web.candidates.rules_inputs import conformity_reports
from ndrc.web.sessions.models import Establishment, ExamSession
from ndrc.web.sessions.selectors import session_current


def candidates_visible_to(*, user: Any, session: ExamSession | None) -> QuerySet[Candidate]:
    """The candidates of a session that this user may see; an empty set when none: the exam
    office its académie's, a training centre its establishment's, a candidate himself, an
    examiner those entrusted to him."""
    if session is None:
        return Candidate.objects.none()
    candidates = Candidate.objects.filter(session=session).select_related(
        "establishment", "session"
    )
    if getattr(user, "is_superuser", False):
        return candidates
    role = getattr(user, "role", "")
    if role == Role.EXAM_OFFICE and user.academy_id:
        return candidates.filter(academy_id=user.academy_id)
    if role == Role.TRAINING_CENTRE and user.establishment_id:
        return candidates.filter(establishment_id=user.establishment_id)
    if role == Role.CANDIDATE:
        return candidates.filter(user=user)
    if role == Role.EXAMINER:
        return candidates.filter(examiner_assignments__examiner=user).distinct()
    return candidates.none()


def candidates_current(*, user: Any) -> QuerySet[Candidate]:
    """The candidates of the session in progress that this user may see."""
    return candidates_visible_to(user=user, session=session_current(user=user))


def candidate_visible_to(*, user: Any, pk: int) -> Candidate:
    """One candidate of the session in progress that this user may see (404 otherwise)."""
    return get_object_or_404(candidates_current(user=user), pk=pk)


def candidate_counts_by_route(*, candidates: QuerySet[Candidate]) -> list[tuple[str, int]]:
    """Counts per route, in the order of the règlement's routes, with one set-based query."""
    counts = dict(
        candidates.order_by().values_list("route").annotate(n=Count("id")).values_list("route", "n")
    )
    return [(route.label_fr, counts.get(route.value, 0)) for route in Route]


def establishments_of(candidates: QuerySet[Candidate]) -> QuerySet[Establishment]:
    """The establishments of these candidates, by name (the filters of class pages)."""
    return Establishment.objects.filter(pk__in=candidates.values("establishment")).order_by("name")


def in_group(candidates: QuerySet[Candidate], group: str) -> QuerySet[Candidate]:
    """The candidates of one establishment (its pk as text), or those without one
    (``"none"``: candidates by professional experience); none for anything else."""
    if group == "none":
        return candidates.filter(establishment__isnull=True)
    return candidates.filter(establishment_id=int(group) if group.isdigit() else 0)


def grades_of(candidate: Candidate) -> QuerySet[Grade]:
    return Grade.objects.filter(candidate=candidate).order_by("exam")


def internships_of(candidate: Candidate) -> QuerySet[Internship]:
    return Internship.objects.filter(candidate=candidate)


def dossiers_of(candidate: Candidate) -> dict[str, Dossier]:
    return {d.exam: d for d in Dossier.objects.filter(candidate=candidate)}


@dataclass(frozen=True)
class CommissionList:
    """The conformity commission's list: one row per candidate and dossier (with the
    candidate's pk), the files that cannot be read, and the count of each outcome."""

    rows: list[dict[str, Any]]
    unreadable: list[tuple[Candidate, str]]
    counts: list[tuple[str, int]]


def conformity_commission(
    candidates: QuerySet[Candidate], *, as_of: dt.date, only_nv: bool = False
) -> CommissionList:
    listed = list(candidates)
    reports = conformity_reports(listed, as_of=as_of)
    readable = [r for r in reports.values() if not isinstance(r, str)]
    unreadable = [(c, r) for c in listed if isinstance(r := reports[c.pk], str)]
    rows = commission_rows(readable)
    if only_nv:
        rows = [r for r in rows if r["outcome"] == "nv"]
    pks = {c.number: c.pk for c in listed}
    counts: dict[str, int] = {}
    for row in rows:
        row["pk"] = pks.get(row["id"])
        counts[row["outcome_label"]] = counts.get(row["outcome_label"], 0) + 1
    return CommissionList(rows=rows, unreadable=unreadable, counts=sorted(counts.items()))
