"""Reads on candidates, scoped to what the user's role may see: the one place that says which
candidates a user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ndrc.rules.candidate_category import Route
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import (
    Candidate,
    ConformityOutcome,
    Dossier,
    Grade,
    Internship,
    ProposedResult,
)
from ndrc.web.lookups import among
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
    digits = group.isascii() and group.isdigit() and len(group) <= 18
    return candidates.filter(establishment_id=int(group) if digits else 0)


def candidates_found(
    candidates: QuerySet[Candidate], *, search: str = "", group: str = ""
) -> QuerySet[Candidate]:
    """The candidates whose number or name (last name, or first name) starts with ``search``
    (any case), of one establishment when ``group`` names one (``in_group``), in a
    deterministic order (name, number, then the row's key)."""
    if group:
        candidates = in_group(candidates, group)
    if search:
        candidates = candidates.filter(
            Q(number__istartswith=search)
            | Q(last_name__istartswith=search)
            | Q(first_name__istartswith=search)
        )
    return candidates.order_by("last_name", "first_name", "number", "pk")


def grades_of(candidate: Candidate) -> QuerySet[Grade]:
    """Every stored grade of a candidate, unfiltered: for the results and the jury (what a
    user is shown goes through ``grades_visible_to``)."""
    return Grade.objects.filter(candidate=candidate).order_by("exam")


def grades_visible_to(
    *, user: Any, candidates: QuerySet[Candidate] | Iterable[Candidate]
) -> QuerySet[Grade]:
    """The one rule of which stored grades (live rows) of these candidates a user may see,
    wherever grades are shown or exported: the exam office and the juries every grade; a
    training centre its candidates' CCF proposals only (not the rectorat's one-off grades);
    an examiner only the épreuves entrusted to him or her; a candidate none (the grades of
    his or her published result instead: ``grades_shown_to``). The candidates are those the
    user already sees (``candidates_visible_to``)."""
    grades = Grade.objects.filter(candidate__in=candidates)
    if getattr(user, "is_superuser", False):
        return grades
    role = getattr(user, "role", "")
    if role in (Role.EXAM_OFFICE, Role.JURY):
        return grades
    if role == Role.TRAINING_CENTRE:
        return grades.filter(ccf=True)
    if role == Role.EXAMINER:
        # One assignment row (unique per candidate and épreuve) matches both conditions.
        return grades.filter(
            candidate__examiner_assignments__examiner=user,
            candidate__examiner_assignments__exam=F("exam"),
        )
    return grades.none()


@dataclass(frozen=True)
class GradeLine:
    """A grade as it is shown: a stored row, or a unit of a published result."""

    exam: str
    state: str
    value: Decimal | None
    typed: str  # as typed on the entry page, or the published result's label
    ccf: bool = False
    carried_session: int | None = None
    version: int | None = None
    updated_at: dt.datetime | None = None

    @classmethod
    def of(cls, grade: Grade) -> GradeLine:
        return cls(
            exam=grade.exam,
            state=grade.state,
            value=grade.value,
            typed=grade.typed,
            ccf=grade.ccf,
            carried_session=grade.carried_session,
            version=grade.version,
            updated_at=grade.updated_at,
        )


def published_grades_of(candidate: Candidate) -> list[GradeLine]:
    """The grades of the candidate's latest published result, as the jury arrested them
    (the same round ``my_result`` shows); none before publication. The frozen results are
    read by their relation name (the deliberations app stores them)."""
    frozen = (
        Candidate.objects.filter(pk=candidate.pk, results__published_at__isnull=False)
        .order_by("-results__round")
        .values_list("results__result", flat=True)
        .first()
    )
    if not frozen:
        return []
    return [
        GradeLine(
            exam=unit["exam"],
            state=unit["state"],
            value=None if unit.get("grade") is None else Decimal(unit["grade"]),
            typed=unit.get("grade_label") or unit.get("grade") or "",
        )
        for unit in frozen.get("units", [])
    ]


def grades_shown_to(*, user: Any, candidate: Candidate) -> list[GradeLine]:
    """A candidate's grades as this user may see them (the file page, the API): the
    candidate those of his or her published result, nothing before; anyone else the stored
    grades ``grades_visible_to`` lets him or her see."""
    if getattr(user, "role", "") == Role.CANDIDATE and not getattr(user, "is_superuser", False):
        return published_grades_of(candidate)
    visible = grades_visible_to(user=user, candidates=[candidate]).order_by("exam")
    return [GradeLine.of(g) for g in visible]


def internships_of(candidate: Candidate) -> QuerySet[Internship]:
    return Internship.objects.filter(candidate=candidate)


def dossiers_of(candidate: Candidate) -> dict[str, Dossier]:
    return {d.exam: d for d in Dossier.objects.filter(candidate=candidate)}


def candidates_read(pks: Sequence[int]) -> list[Candidate]:
    """These candidates in the order of their keys, with their session and establishment
    (three queries; the few sessions and establishments are read once, not joined to every
    candidate: a chunk of a national session names 2,000 candidates)."""
    listed = list(Candidate.objects.filter(among("pk", pks)).order_by("pk"))
    sessions = ExamSession.objects.in_bulk({c.session_id for c in listed})
    establishments = Establishment.objects.in_bulk(
        {c.establishment_id for c in listed if c.establishment_id is not None}
    )
    for candidate in listed:
        Candidate.session.field.set_cached_value(candidate, sessions[candidate.session_id])
        Candidate.establishment.field.set_cached_value(
            candidate, establishments.get(candidate.establishment_id)
        )
    return listed


def proposal_is_current() -> Q:
    """On candidates: the proposed result was computed from the candidate's present revision
    and, when computed before the deposit deadline, that date has not passed
    (``ProposedResult``). The one statement of what "current" means."""
    return Q(proposed__revision=F("revision")) & (
        Q(proposed__conformity_until__isnull=True)
        | Q(proposed__conformity_until__gte=timezone.localdate())
    )


def stale_candidates(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Those of these candidates whose proposed result (and dossiers' conformity) is not
    current: never computed, computed from an earlier revision of the file, or computed
    before the deposit deadline that has passed since."""
    return candidates.exclude(proposal_is_current())


def conformity_outcomes(
    candidates: QuerySet[Candidate], *, only_nv: bool = False
) -> QuerySet[ConformityOutcome]:
    """The conformity commission's list as stored with the proposed results: one row per
    candidate and dossier, in the order of the candidates then the épreuves; the NV only
    when ``only_nv``."""
    outcomes = ConformityOutcome.objects.filter(candidate__in=candidates.values("pk"))
    if only_nv:
        outcomes = outcomes.filter(outcome="nv")
    # In the order of the candidates' registration (the index of one outcome per candidate
    # and épreuve gives a page without sorting a national session).
    return outcomes.select_related("candidate", "candidate__session").order_by(
        "candidate_id", "exam"
    )


def conformity_counts(candidates: QuerySet[Candidate]) -> list[tuple[str, str, int]]:
    """How many dossiers of each outcome: (outcome, label, n), one aggregate query."""
    rows = (
        ConformityOutcome.objects.filter(candidate__in=candidates.values("pk"))
        .order_by()
        .values_list("outcome", "outcome_label")
        .annotate(n=Count("id"))
    )
    return sorted((outcome, label, n) for outcome, label, n in rows)


def unreadable_files(candidates: QuerySet[Candidate]) -> list[tuple[Candidate, str]]:
    """The candidates whose stored file cannot be read (a period ending before it starts,
    an unknown situation…), with the French message."""
    unreadable = ProposedResult.objects.filter(
        ~Q(unreadable=""), candidate__in=candidates.values("pk")
    ).select_related("candidate")
    return [(p.candidate, p.unreadable) for p in unreadable.order_by("candidate_id")[:200]]


def commission_line(outcome: ConformityOutcome) -> dict[str, Any]:
    """A stored outcome as a line of the commission's list (docs: ``LIST_COLUMNS``)."""
    c = outcome.candidate
    return {
        "pk": c.pk,
        "id": c.number,
        "name": f"{c.first_name} {c.last_name}",
        "session": c.session.year,
        "exam": outcome.exam,
        "outcome": outcome.outcome,
        "outcome_label": outcome.outcome_label,
        "nv_causes": outcome.nv_causes,
        "defects": outcome.defects,
    }
