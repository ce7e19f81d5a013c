"""Panels drawn on the deliberation's pages without changing their views: the jury's
composition with its check (CE D643-31) on the jury's page, and the candidate's livret with
its openings (CE D643-26) on the candidate's deliberation page."""

from __future__ import annotations

from typing import Any

from django import template

from ndrc.rules.jury_composition import qualities, quality_label
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Permission, Role, has_permission
from ndrc.web.candidates.models import Candidate, Livret
from ndrc.web.deliberations.composition import (
    composition_of,
    composition_problems_of,
    livret_opened,
)
from ndrc.web.deliberations.models import Jury, LivretConsultation

register = template.Library()


@register.inclusion_tag("deliberations/composition_panel.html", takes_context=True)
def jury_composition_panel(context: Any, jury: Jury) -> dict[str, Any]:
    user = context["request"].user
    can_edit = has_permission(user, Permission.MANAGE_JURIES) and not jury.is_closed
    members = composition_of(jury)
    return {
        "jury": jury,
        "members": [(m, quality_label(m.quality)) for m in members],
        "problems": composition_problems_of(jury),
        # The accounts that open the deliberation (D141): the recorded members' once any is.
        "access": [u.get_full_name() or u.username for u in jury.members.order_by("username")],
        "can_edit": can_edit,
        "qualities": [(q.key, q.label) for q in qualities().values()],
        "accounts": User.objects.filter(role=Role.JURY, academy_id=jury.academy_id).order_by(
            "last_name", "first_name", "username"
        )
        if can_edit
        else [],
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("deliberations/livret_panel.html")
def livret_panel(candidate: Candidate, jury: Jury | None) -> dict[str, Any]:
    livret = Livret.objects.filter(candidate=candidate).defer("content").first()
    last = (
        LivretConsultation.objects.filter(candidate=candidate)
        .select_related("user")
        .order_by("-at")
        .first()
    )
    return {
        "candidate": candidate,
        "jury": jury,
        "livret": livret,
        "opened": livret is not None and livret_opened(candidate_id=candidate.pk),
        "last": last,
    }
