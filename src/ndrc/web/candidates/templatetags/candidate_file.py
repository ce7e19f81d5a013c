"""What the candidate's file page shows about correcting its internships and dossiers: the
periods that overlap (a warning: they count once) and why the user may not correct now."""

from __future__ import annotations

from typing import Any

from django import template

from ndrc.web.candidates.file_selectors import correction_refusal, overlap_warnings
from ndrc.web.candidates.models import Candidate, Internship

register = template.Library()


@register.simple_tag
def period_overlaps(internships: Any) -> list[str]:
    periods: list[Internship] = sorted(internships, key=lambda p: (p.start, p.pk))
    return overlap_warnings(periods)


@register.simple_tag(takes_context=True)
def file_correction_refusal(context: Any, candidate: Candidate) -> str:
    return correction_refusal(user=context["request"].user, candidate=candidate)
