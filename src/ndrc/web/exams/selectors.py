"""Reads on sessions and candidates, scoped to what the user's role may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from ndrc.rules.candidate_category import Route
from ndrc.web.accounts.roles import Role
from ndrc.web.exams.models import Candidate, ExamSession


def session_current() -> ExamSession | None:
    """The session the exam office chose as the one in progress (the latest year until one is
    chosen): creating next year's session does not move everyone to it."""
    chosen = ExamSession.objects.filter(is_current=True).first()
    return chosen or ExamSession.objects.order_by("-year").first()


def candidates_visible_to(*, user: Any, session: ExamSession) -> QuerySet[Candidate]:
    """The candidates of a session that this user may see; an empty set when none."""
    candidates = Candidate.objects.filter(session=session).select_related("establishment")
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


def candidate_counts_by_route(*, candidates: QuerySet[Candidate]) -> list[tuple[str, int]]:
    """Counts per route, in the order of the règlement's routes, with one set-based query."""
    counts = dict(
        candidates.order_by().values_list("route").annotate(n=Count("id")).values_list("route", "n")
    )
    return [(route.label_fr, counts.get(route.value, 0)) for route in Route]
