"""Reads of the stored proposals (``candidates.ProposedResult``, kept current by
``deliberations.proposals``): the counts of decisions, a page of candidates with their
proposal, a jury's state before closing. A fixed number of queries whatever the number of
candidates: the whole-session pages never deliberate at each request."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, QuerySet, Sum

from ndrc.rules.results import Decision
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import proposal_is_current
from ndrc.web.deliberations.models import FrozenResult, Jury, JuryGradeChange
from ndrc.web.deliberations.selectors import fingerprint_of, jury_candidates, session_problems

# The blockers a jury's page lists (the count says how many there are in all).
BLOCKERS_SHOWN = 100


def _current_expression() -> ExpressionWrapper:
    """Whether a candidate's proposal is current (NULL without one)."""
    return ExpressionWrapper(proposal_is_current(), output_field=BooleanField())


@dataclass(frozen=True)
class ProposalSummary:
    """The proposals of a set of candidates in one aggregate query: how many candidates,
    how many of their proposals are stale (being computed), the count of each decision and
    how many block the closing among the current ones, and the sum of their revisions (what
    a jury's fingerprint is made of)."""

    total: int = 0
    stale: int = 0
    counts: Counter[Decision] = field(default_factory=Counter)
    blocked: int = 0
    revisions: int = 0


def proposal_summary(candidates: QuerySet[Candidate]) -> ProposalSummary:
    """One query grouped by (current, decision, blocked)."""
    rows = (
        candidates.order_by()
        .annotate(current=_current_expression())
        .values_list("current", "proposed__decision", "proposed__blocked")
        .annotate(n=Count("pk"), revisions=Sum("revision"))
    )
    total = stale = blocked = revisions = 0
    counts: Counter[Decision] = Counter()
    for current, decision, is_blocked, n, group_revisions in rows:
        total += n
        revisions += group_revisions or 0
        if not current:
            stale += n
            continue
        counts[Decision(decision)] += n
        if is_blocked:
            blocked += n
    return ProposalSummary(
        total=total, stale=stale, counts=counts, blocked=blocked, revisions=revisions
    )


# What a page of proposals shows: the candidate's name and route, the proposal's decision and
# average (not its problems nor its stored conformity).
SHOWN_FIELDS = (
    "number",
    "last_name",
    "first_name",
    "route",
    "revision",
    "proposed__revision",
    "proposed__decision",
    "proposed__average_display",
    "proposed__conformity_until",
)


# The order of a list of candidates: by name, or by number when the names are hidden (the
# anonymous deliberation, D121: an order by name would tell the alphabetical order).
BY_NAME = ("last_name", "first_name", "number")
BY_NUMBER = ("number",)


def with_proposals(
    candidates: QuerySet[Candidate], *, by_number: bool = False
) -> QuerySet[Candidate]:
    """The candidates by name (by number when ``by_number``) with their proposal and whether
    it is current (``proposal_current``): a stale one is shown as being computed, never as it
    was."""
    return (
        candidates.select_related(None)
        .select_related("proposed")
        .only(*SHOWN_FIELDS)
        .annotate(proposal_current=_current_expression())
        .order_by(*(BY_NUMBER if by_number else BY_NAME))
    )


def jury_change_counts(jury: Jury, candidate_ids: list[int]) -> dict[int, int]:
    """How many grade changes (not withdrawn) the jury made for each of these candidates."""
    return dict(
        JuryGradeChange.objects.filter(jury=jury, withdrawn=False, candidate_id__in=candidate_ids)
        .order_by()
        .values_list("candidate_id")
        .annotate(n=Count("id"))
        .values_list("candidate_id", "n")
    )


@dataclass
class JuryState:
    """A jury before closing, from the stored proposals: the count of each decision, the
    candidates that block the closing (the first ``BLOCKERS_SHOWN``, and how many in all),
    those still being computed, what blocks every candidate (the académie's dates) and the
    fingerprint of what was read (the closing is refused if it has changed)."""

    jury: Jury
    total: int
    counts: Counter[Decision]
    blocked: int
    blockers: list[Candidate]
    stale: int
    session_problems: list[str]
    fingerprint: int
    problems_by_candidate: dict[int, list[str]] = field(default_factory=dict)

    @property
    def can_close(self) -> bool:
        return self.total > 0 and not self.stale and not self.blocked and not self.session_problems


def jury_state(jury: Jury, summary: ProposalSummary, *, by_number: bool = False) -> JuryState:
    """The jury's state from the summary of its proposals (``proposal_summary`` of its
    candidates): the blockers are read only when some candidate blocks (by name, by number
    when ``by_number``)."""
    candidates = jury_candidates(jury)
    blockers = []
    if summary.blocked:
        blockers = list(
            candidates.filter(proposal_is_current(), proposed__blocked=True)
            .select_related(None)
            .select_related("proposed")
            .only("number", "last_name", "first_name", "proposed__problems")
            .order_by(*(BY_NUMBER if by_number else BY_NAME))[:BLOCKERS_SHOWN]
        )
    return JuryState(
        jury=jury,
        total=summary.total,
        counts=summary.counts,
        blocked=summary.blocked,
        blockers=blockers,
        stale=summary.stale,
        session_problems=session_problems(jury),
        fingerprint=fingerprint_of(revisions=summary.revisions, count=summary.total),
        problems_by_candidate={c.pk: list(c.proposed.problems) for c in blockers},
    )


def frozen_counts(frozen: QuerySet[FrozenResult]) -> Counter[Decision]:
    """How many arrested results of each decision (one aggregate query)."""
    rows = frozen.order_by().values_list("decision").annotate(n=Count("pk"))
    return Counter({Decision(d): n for d, n in rows.values_list("decision", "n")})


def counts_in_order(counts: Counter[Decision]) -> list[tuple[Decision, int]]:
    """The counts in the order of the decisions, without the absent ones."""
    return [(d, counts[d]) for d in Decision if counts[d]]
