"""Reads for the jury's composition (CE D643-31) and the livret the jury must open before
failing a candidate near a threshold (CE D643-26): what each blocks of the closing, in French.
``selectors.session_problems`` adds the composition's problems; the review of the candidates
(``selectors.reviewed``, ``proposals``) adds each near-threshold failure whose livret was not
opened. A fixed number of queries for any number of candidates."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from django.db.models import Exists, OuterRef

from ndrc.rules.jury_composition import Member, composition_problems, quality_label
from ndrc.rules.livret import livret_problem, near_threshold
from ndrc.rules.results import Decision
from ndrc.web.candidates.models import Candidate, Livret
from ndrc.web.deliberations.models import Jury, JuryMember, LivretConsultation
from ndrc.web.lookups import among


def composition_of(jury: Jury) -> list[JuryMember]:
    """The recorded members, the president first."""
    return list(JuryMember.objects.filter(jury=jury).select_related("user"))


def composition_problems_of(jury: Jury) -> list[str]:
    """What the recorded composition fails against D643-31 (none when regular)."""
    members = JuryMember.objects.filter(jury=jury).values_list("name", "quality", "president")
    problems = composition_problems([Member(name=n, quality=q, president=p) for n, q, p in members])
    return [f"Composition du jury : {p}" for p in problems]


def member_lines(jury: Jury) -> tuple[str, tuple[str, ...]]:
    """The president (« Nom, qualité ») and the other members as the PV names them; empty
    when no composition is recorded."""
    president = ""
    others = []
    for member in composition_of(jury):
        line = f"{member.name}, {quality_label(member.quality).lower()}"
        if member.president and not president:
            president = line
        else:
            others.append(line)
    return president, tuple(others)


def livret_opened(*, candidate_id: int) -> bool:
    """Whether the jury opened the candidate's livret since it was last changed."""
    return Livret.objects.filter(
        candidate_id=candidate_id,
        updated_at__lte=LivretConsultation.objects.filter(candidate_id=candidate_id)
        .order_by("-at")
        .values("at")[:1],
    ).exists()


def livret_blockers(
    rows: Iterable[tuple[Candidate, Decision, Fraction | None]],
) -> dict[int, str]:
    """For each near-threshold failure (``rules/livret``) whose livret the jury has not opened
    since its last change, the problem in French; one query for the chunk."""
    near = [
        candidate.pk
        for candidate, decision, average in rows
        if near_threshold(decision=decision, average=average, session=candidate.session.year)
    ]
    if not near:
        return {}
    opened = LivretConsultation.objects.filter(
        candidate_id=OuterRef("candidate_id"), at__gte=OuterRef("updated_at")
    )
    livrets = dict(
        Livret.objects.filter(among("candidate_id", near))
        .annotate(opened=Exists(opened))
        .values_list("candidate_id", "opened")
    )
    problems = {}
    for pk in near:
        problem = livret_problem(opened=bool(livrets.get(pk)), has_livret=pk in livrets, near=True)
        if problem is not None:
            problems[pk] = problem
    return problems
