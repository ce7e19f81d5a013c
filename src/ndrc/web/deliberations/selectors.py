"""Reads for deliberations: which juries a user sees, and a jury's proposed results with what
still blocks its closing (computed with a fixed number of queries)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Q, QuerySet

from ndrc.rules.results import Decision, JuryChange, ResitGrade, Result, deliberate
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.deliberations.models import (
    FrozenResult,
    Jury,
    JuryAssignment,
    JuryGradeChange,
    ResitGradeRecord,
)
from ndrc.web.exams.conformity import conformity_reports
from ndrc.web.exams.grades import result_inputs
from ndrc.web.exams.models import Candidate, ExamSession


def juries_visible_to(*, user: Any, session: ExamSession | None) -> QuerySet[Jury]:
    if session is None or not getattr(user, "is_authenticated", False):
        return Jury.objects.none()
    juries = Jury.objects.filter(session=session).annotate(size=Count("assignments"))
    if getattr(user, "is_superuser", False):
        return juries
    role = getattr(user, "role", "")
    if role == Role.EXAM_OFFICE and user.academy_id:
        return juries.filter(academy_id=user.academy_id)
    if role == Role.JURY:
        return juries.filter(members=user)
    return juries.none()


def jury_candidates(jury: Jury) -> QuerySet[Candidate]:
    return Candidate.objects.filter(jury_assignment__jury=jury).select_related(
        "establishment", "session"
    )


def jury_changes_by_candidate(jury: Jury) -> dict[int, list[JuryGradeChange]]:
    changes: dict[int, list[JuryGradeChange]] = defaultdict(list)
    for change in JuryGradeChange.objects.filter(jury=jury, withdrawn=False).select_related(
        "author"
    ):
        changes[change.candidate_id].append(change)
    return changes


def as_rule_change(change: JuryGradeChange) -> JuryChange:
    return JuryChange(
        exam=change.exam,
        value=change.value,
        author=change.author.get_full_name() or change.author.username,
        at=change.at.isoformat(timespec="minutes"),
        reason=change.reason,
    )


@dataclass
class CandidateResult:
    candidate: Candidate
    result: Result
    changes: list[JuryGradeChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.problems)


@dataclass
class JuryReview:
    """A jury's deliberation before closing: every candidate's proposed result and what
    blocks the closing (session-level and per candidate)."""

    jury: Jury
    rows: list[CandidateResult]
    session_problems: list[str]
    fingerprint: int = 0

    @property
    def blockers(self) -> list[CandidateResult]:
        return [r for r in self.rows if r.blocked]

    @property
    def can_close(self) -> bool:
        return not self.session_problems and not self.blockers and bool(self.rows)

    def counts(self) -> list[tuple[Decision, int]]:
        counts: dict[Decision, int] = defaultdict(int)
        for row in self.rows:
            counts[row.result.decision] += 1
        return [(d, counts[d]) for d in Decision if counts[d]]


def _inputs_with_changes(
    candidates: list[Candidate], changes: dict[int, list[JuryGradeChange]]
) -> list[Any]:
    """The results engine's inputs, with the jury's changes and the resit orals."""
    pks = [c.pk for c in candidates]
    inputs = result_inputs(Candidate.objects.filter(pk__in=pks))
    by_number = {i.candidate.identifier: i for i in inputs}
    resits: dict[int, list[ResitGrade]] = defaultdict(list)
    for record in ResitGradeRecord.objects.filter(candidate_id__in=pks).order_by("at", "id"):
        resits[record.candidate_id].append(ResitGrade(unit=record.unit, value=record.value))
    declined = set(
        JuryAssignment.objects.filter(candidate_id__in=pks, resit_declined=True).values_list(
            "candidate_id", flat=True
        )
    )
    return [
        replace(
            by_number[c.number],
            jury_changes=tuple(as_rule_change(ch) for ch in changes.get(c.pk, [])),
            resit_grades=tuple(resits.get(c.pk, [])),
            resit_declined=c.pk in declined,
        )
        for c in candidates
    ]


def deliberation_inputs(candidates: list[Candidate]) -> list[Any]:
    """The results engine's inputs of any candidates, with their juries' grade changes and
    their resit orals (the same as each jury's review)."""
    changes: dict[int, list[JuryGradeChange]] = defaultdict(list)
    for change in JuryGradeChange.objects.filter(
        candidate__in=candidates, withdrawn=False
    ).select_related("author"):
        changes[change.candidate_id].append(change)
    return _inputs_with_changes(candidates, changes)


def jury_fingerprint(jury: Jury) -> int:
    """The last write about the jury's candidates (grades, files, jury changes, resits: every
    one leaves an audit entry): what the jury saw is current while it has not changed."""
    last = (
        AuditEntry.objects.filter(candidate__jury_assignment__jury=jury)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return last or 0


def jury_review(jury: Jury) -> JuryReview:
    candidates = list(jury_candidates(jury).order_by("last_name", "first_name", "number"))
    changes = jury_changes_by_candidate(jury)
    session_problems = []
    if jury.session.deposit_deadline is None:
        session_problems.append(
            "La date limite de dépôt des dossiers n'est pas fixée : la conformité des dossiers "
            "(E4, E6, EF2) ne peut pas être établie."
        )
    unreadable = {
        pk: report
        for pk, report in conformity_reports(candidates).items()
        if isinstance(report, str)
    }
    rows = []
    for candidate, data in zip(candidates, _inputs_with_changes(candidates, changes), strict=True):
        result = deliberate(data)
        problems = []
        if result.decision is Decision.PENDING:
            problems += [f"manque : {m}" for m in result.missing] or ["décision en attente"]
        if candidate.pk in unreadable:
            problems.append(f"dossier illisible : {unreadable[candidate.pk]}")
        rows.append(
            CandidateResult(
                candidate=candidate,
                result=result,
                changes=changes.get(candidate.pk, []),
                problems=problems,
            )
        )
    return JuryReview(
        jury=jury,
        rows=rows,
        session_problems=session_problems,
        fingerprint=jury_fingerprint(jury),
    )


def candidate_review(jury: Jury, candidate: Candidate) -> CandidateResult:
    changes = jury_changes_by_candidate(jury).get(candidate.pk, [])
    data = _inputs_with_changes([candidate], {candidate.pk: changes})[0]
    result = deliberate(data)
    return CandidateResult(candidate=candidate, result=result, changes=changes)


def frozen_results(jury: Jury, round_: int | None = None) -> QuerySet[FrozenResult]:
    return FrozenResult.objects.filter(jury=jury, round=round_ or jury.round).select_related(
        "candidate"
    )


def published_result(candidate: Candidate) -> FrozenResult | None:
    """The latest published result of a candidate (a re-deliberation publishes a new round)."""
    return (
        FrozenResult.objects.filter(candidate=candidate, published_at__isnull=False)
        .select_related("jury")
        .order_by("-round")
        .first()
    )


def jury_of(candidate: Candidate) -> Jury | None:
    return Jury.objects.filter(assignments__candidate=candidate).first()


def unassigned_candidates(session: ExamSession, academy_id: int | None) -> QuerySet[Candidate]:
    candidates = Candidate.objects.filter(session=session, jury_assignment__isnull=True)
    return candidates.filter(academy_id=academy_id) if academy_id else candidates


def published_count(jury: Jury) -> int:
    return FrozenResult.objects.filter(
        Q(jury=jury, round=jury.round) & Q(published_at__isnull=False)
    ).count()
