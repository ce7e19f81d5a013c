"""Which juries and candidates a user may deliberate on (object-level checks, 404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from ndrc.web.accounts.roles import Role
from ndrc.web.deliberations.models import Jury
from ndrc.web.deliberations.selectors import juries_visible_to
from ndrc.web.exams import selectors
from ndrc.web.exams.models import Candidate


def jury_for(user: Any, pk: int) -> Jury:
    return get_object_or_404(
        juries_visible_to(user=user, session=selectors.session_current()), pk=pk
    )


def candidate_for(user: Any, pk: int) -> tuple[Candidate, Jury | None]:
    """A candidate this user may deliberate on, and the candidate's jury (if any). The exam
    office sees its académie's candidates; a jury member only the candidates of his juries."""
    session = selectors.session_current()
    if session is None:
        raise Http404
    candidate = get_object_or_404(
        Candidate.objects.select_related("establishment", "session"), pk=pk, session=session
    )
    jury = Jury.objects.filter(assignments__candidate=candidate).first()
    if getattr(user, "is_superuser", False):
        return candidate, jury
    role = getattr(user, "role", "")
    if role == Role.EXAM_OFFICE and user.academy_id == candidate.academy_id:
        return candidate, jury
    if role == Role.JURY and jury is not None and jury.members.filter(pk=user.pk).exists():
        return candidate, jury
    raise Http404
