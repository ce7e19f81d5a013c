"""Reads for deliberations: which juries and candidates a user may deliberate on (404
otherwise), a jury's proposed results with what still blocks its closing, the session's
decisions, and the arrested and published results. A fixed number of queries per page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from ndrc.rules.grade_basis import needs_file, unfounded_grades
from ndrc.rules.results import Decided, Decision, Result, ResultInput, decide_all, deliberate
from ndrc.rules.results import pass_rate as rules_pass_rate
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import JuryChangeRow, candidate_file, result_inputs
from ndrc.web.candidates.selectors import candidates_visible_to, in_group
from ndrc.web.candidates.stored_conformity import Conformity, chunk_conformity
from ndrc.web.deliberations.composition import composition_problems_of, livret_blockers
from ndrc.web.deliberations.models import (
    FrozenResult,
    Jury,
    JuryAssignment,
    JuryGradeChange,
    ResitGradeRecord,
)
from ndrc.web.grading.models import EvaluationGrid
from ndrc.web.keys import key_from
from ndrc.web.lookups import among
from ndrc.web.sessions.models import ExamSession
from ndrc.web.sessions.selectors import calendar_of, session_current


def juries_visible_to(*, user: Any, session: ExamSession | None) -> QuerySet[Jury]:
    """The juries of a session a user may open: the exam office its académie's, a jury
    member those he sits on."""
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


def jury_for(user: Any, pk: int) -> Jury:
    """A jury of the session in progress this user may open (404 otherwise)."""
    return get_object_or_404(
        juries_visible_to(user=user, session=session_current(user=user)), pk=pk
    )


def jury_of(candidate: Candidate) -> Jury | None:
    return Jury.objects.filter(assignments__candidate=candidate).first()


def candidate_for(user: Any, pk: int) -> tuple[Candidate, Jury | None]:
    """A candidate this user may deliberate on, and the candidate's jury (if any): the exam
    office its académie's candidates, a jury member only the candidates of his juries."""
    session = session_current(user=user)
    if session is None:
        raise Http404
    candidate = get_object_or_404(
        Candidate.objects.select_related("establishment", "session"), pk=pk, session=session
    )
    jury = jury_of(candidate)
    role = getattr(user, "role", "")
    if getattr(user, "is_superuser", False) or (
        role == Role.EXAM_OFFICE and user.academy_id == candidate.academy_id
    ):
        return candidate, jury
    if role == Role.JURY and jury is not None and jury.members.filter(pk=user.pk).exists():
        return candidate, jury
    raise Http404


def jury_candidates(jury: Jury) -> QuerySet[Candidate]:
    return Candidate.objects.filter(jury_assignment__jury=jury).select_related(
        "establishment", "session"
    )


def unassigned_candidates(session: ExamSession, academy_id: int | None) -> QuerySet[Candidate]:
    candidates = Candidate.objects.filter(session=session, jury_assignment__isnull=True)
    return candidates.filter(academy_id=academy_id) if academy_id else candidates


def unassigned_chosen(
    session: ExamSession, academy_id: int | None, *, groups: Sequence[str]
) -> QuerySet[Candidate]:
    """The candidates without a jury of the chosen groups: establishments by pk (as text), and
    ``none`` for the candidates by professional experience."""
    pool = unassigned_candidates(session, academy_id)
    keys = [key for key in map(key_from, groups) if key is not None]
    chosen = pool.filter(establishment_id__in=keys)
    return chosen | in_group(pool, "none") if "none" in groups else chosen


def unassigned_groups(jury: Jury) -> list[tuple[str, str, int]]:
    """The candidates of the session without a jury, by establishment: (value, label, n);
    the value ``none`` stands for the candidates by professional experience."""
    pool = unassigned_candidates(jury.session, jury.academy_id)
    groups = []
    for row in (
        pool.values("establishment", "establishment__name")
        .annotate(n=Count("id"))
        .order_by("establishment__name")
    ):
        value = "none" if row["establishment"] is None else str(row["establishment"])
        label = row["establishment__name"] or _(
            "Candidats au titre de l'expérience professionnelle"
        )
        groups.append((value, label, row["n"]))
    return groups


def deliberation_inputs(
    candidates: Sequence[Candidate],
    *,
    reports: Mapping[int, Conformity] | None = None,
    pending: Sequence[JuryChangeRow] = (),
) -> list[ResultInput]:
    """The results engine's inputs of these candidates with their juries' grade changes, their
    resit grades and their renunciations (the same inputs as each jury's review);
    ``reports``: their conformity when already read; ``pending``: changes not saved, read
    after the stored ones (the preview of a jury change)."""
    pks = [c.pk for c in candidates]
    return result_inputs(
        candidates,
        reports=reports,
        jury_changes=[
            *JuryGradeChange.objects.filter(
                among("candidate_id", pks), withdrawn=False
            ).select_related("author"),
            *pending,
        ],
        resits=ResitGradeRecord.objects.filter(among("candidate_id", pks)).order_by("at", "id"),
        resit_declined=JuryAssignment.objects.filter(
            among("candidate_id", pks), resit_declined=True
        ).values_list("candidate_id", flat=True),
    )


def jury_changes_by_candidate(jury: Jury) -> dict[int, list[JuryGradeChange]]:
    changes: dict[int, list[JuryGradeChange]] = {}
    for change in JuryGradeChange.objects.filter(jury=jury, withdrawn=False).select_related(
        "author"
    ):
        changes.setdefault(change.candidate_id, []).append(change)
    return changes


def decision_counts(decisions: Sequence[Decision]) -> list[tuple[Decision, int]]:
    """How many of each decision, in the order of the decisions."""
    counts = Counter(decisions)
    return [(d, counts[d]) for d in Decision if counts[d]]


def pass_rate_text(decisions: Sequence[Decision]) -> str | None:
    """The pass rate among definitive decisions, in per cent with one decimal (« 72,4 »)."""
    rate = rules_pass_rate(Counter(decisions))
    return None if rate is None else f"{100 * float(rate):.1f}".replace(".", ",")


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
    blocks the closing (session-level and per candidate); ``fingerprint`` is the last write
    about its candidates, what the jury saw."""

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


# The fingerprint packs the sum of the revisions and the number of candidates in one integer.
_FINGERPRINT_COUNT = 10**7


def jury_fingerprint(jury: Jury) -> int:
    """What the jury saw, in one integer: the number of its candidates and the sum of their
    revisions (every write about a candidate — grades, files, jury changes, resits — moves its
    revision and never back): it changes whenever anything the jury read has changed. One
    aggregate query."""
    totals = jury_candidates(jury).aggregate(n=Count("pk"), revisions=Sum("revision"))
    return fingerprint_of(revisions=totals["revisions"] or 0, count=totals["n"])


def fingerprint_of(*, revisions: int, count: int) -> int:
    """A jury's fingerprint from the sum of its candidates' revisions and their number."""
    return revisions * _FINGERPRINT_COUNT + count


def blocking_problems(
    candidate: Candidate,
    data: ResultInput,
    result: Result | Decided,
    report: Conformity | None,
) -> list[str]:
    """What blocks the closing for a candidate, in French: a grade « dispensé », « VAE » or
    « bénéfice » the file does not ground (rules/grade_basis), what is missing for a pending
    decision, a file that cannot be read (``report`` is then its message)."""
    problems = (
        [r.message for r in unfounded_grades(candidate_file(candidate), data.grades)]
        if needs_file(data.grades, nrc_units=candidate.nrc_units or ())
        else []
    )
    if result.decision is Decision.PENDING:
        full = result.result() if isinstance(result, Decided) else result
        problems += [f"manque : {m}" for m in full.missing] or ["décision en attente"]
    if isinstance(report, str):
        problems.append(f"dossier illisible : {report}")
    return problems


def reviewed(
    candidates: Sequence[Candidate], *, changes: dict[int, list[JuryGradeChange]]
) -> list[CandidateResult]:
    """Each candidate's proposed result with what blocks its closing: a grade « dispensé »,
    « VAE » or « bénéfice » the file does not ground (rules/grade_basis), what is missing,
    an unreadable file. A fixed number of queries for any number of candidates: a long list
    is reviewed chunk by chunk by its caller. The dossiers' conformity stored with the
    proposed results is read back where what it was judged on has not changed."""
    reports = chunk_conformity(candidates, today=timezone.localdate()).reports
    inputs = deliberation_inputs(candidates, reports=reports)
    results = [deliberate(data) for data in inputs]
    livrets = livret_blockers(
        (c, r.decision, r.average) for c, r in zip(candidates, results, strict=True)
    )
    rows = []
    for candidate, data, result in zip(candidates, inputs, results, strict=True):
        problems = blocking_problems(candidate, data, result, reports.get(candidate.pk))
        if candidate.pk in livrets:
            problems.append(livrets[candidate.pk])
        rows.append(
            CandidateResult(
                candidate=candidate,
                result=result,
                changes=changes.get(candidate.pk, []),
                problems=problems,
            )
        )
    return rows


def session_problems(jury: Jury) -> list[str]:
    """What blocks the closing of every candidate of the jury: its composition (CE
    D643-31), the académie's dates, a grid reopened after its signature."""
    composition = composition_problems_of(jury)
    calendar = calendar_of(session=jury.session, academy_id=jury.academy_id)
    if calendar is None or calendar.deposit_deadline is None:
        return [
            *composition,
            "La date limite de dépôt des dossiers n'est pas fixée pour l'académie : la "
            "conformité des dossiers (E4, E6, EF2) ne peut pas être établie.",
        ]
    # A grid reopened after its signature: the grade it wrote awaits its new signature (DEC
    # D112: no grade reaches the deliberation from a grid that is not signed).
    reopened = (
        EvaluationGrid.objects.filter(
            candidate__jury_assignment__jury=jury,
            state=EvaluationGrid.DRAFT,
            signed_at__isnull=False,
        )
        .order_by("candidate__number", "exam", "situation")
        .values_list("candidate__number", "exam", "situation")
    )
    return composition + [
        f"{number} : la grille {exam}{f' (situation {situation})' if situation else ''} a "
        "été rouverte ; elle doit être signée de nouveau avant la clôture."
        for number, exam, situation in reopened[:20]
    ]


def jury_review(jury: Jury) -> JuryReview:
    candidates = list(jury_candidates(jury).order_by("last_name", "first_name", "number"))
    return JuryReview(
        jury=jury,
        rows=reviewed(candidates, changes=jury_changes_by_candidate(jury)),
        session_problems=session_problems(jury),
        fingerprint=jury_fingerprint(jury),
    )


def candidate_review(candidate: Candidate, jury: Jury | None) -> CandidateResult:
    """A candidate's proposed result (with the jury's changes when the candidate has a jury)."""
    result = deliberate(deliberation_inputs([candidate])[0])
    changes = [] if jury is None else jury_changes_by_candidate(jury).get(candidate.pk, [])
    return CandidateResult(candidate=candidate, result=result, changes=changes)


def session_deliberation(
    *, user: Any, session: ExamSession | None
) -> list[tuple[Candidate, Decided]]:
    """The proposed decision and exact average of each candidate of the session the user sees
    (the batch path of the results engine: no explanation is written)."""
    if session is None:
        return []
    listed = list(candidates_visible_to(user=user, session=session))
    return list(zip(listed, decide_all(deliberation_inputs(listed)), strict=True))


def frozen_results(jury: Jury, round_: int | None = None) -> QuerySet[FrozenResult]:
    return FrozenResult.objects.filter(jury=jury, round=round_ or jury.round).select_related(
        "candidate"
    )


def frozen_results_of(candidate: Candidate) -> QuerySet[FrozenResult]:
    return FrozenResult.objects.filter(candidate=candidate).order_by("-round")


def published_result(candidate: Candidate) -> FrozenResult | None:
    """The latest published result of a candidate (a re-deliberation publishes a new round)."""
    return (
        FrozenResult.objects.filter(candidate=candidate, published_at__isnull=False)
        .select_related("jury")
        .order_by("-round")
        .first()
    )


def own_candidate(user: Any) -> Candidate | None:
    """The candidate whose account this is."""
    return Candidate.objects.filter(user=user).select_related("session").first()
