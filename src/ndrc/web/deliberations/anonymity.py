"""The anonymity of a jury's deliberation (circular 2022 §1.3: « afin d'assurer l'anonymat de
la délibération du jury »): a jury's members see its candidates by number only — no name,
first name nor establishment — until the jury (or the exam office) lifts it, with a
confirmation, recorded with who and when in the jury's history. Lifted once per jury: a
reopening keeps it lifted, since its members have read the names (DEC D121). The exam office
keeps seeing the names (it registers the candidates and issues the PV)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.services import audit_record
from ndrc.web.deliberations.models import AnonymityLift, Jury
from ndrc.web.deliberations.services import locked_jury

ALREADY_LIFTED = "L'anonymat de la délibération de ce jury est déjà levé."


def is_jury_member_view(user: Any) -> bool:
    """Whether the user reads the deliberation as a jury member (not the exam office)."""
    return getattr(user, "role", "") == Role.JURY and not getattr(user, "is_superuser", False)


def anonymity_lift_of(jury: Jury) -> AnonymityLift | None:
    return AnonymityLift.objects.filter(jury=jury).select_related("lifted_by").first()


def names_hidden(*, user: Any, jury: Jury | None) -> bool:
    """Whether this user sees the jury's candidates by number only: a jury member, while the
    jury has not lifted the anonymity (one query)."""
    if not is_jury_member_view(user):
        return False
    return jury is None or not AnonymityLift.objects.filter(jury=jury).exists()


@transaction.atomic
def jury_anonymity_lift(*, jury: Jury, actor: Any) -> AnonymityLift:
    """Lift the anonymity of the jury's deliberation at its current round (refused when it is
    already lifted); one entry in the jury's history."""
    jury = locked_jury(jury)
    if AnonymityLift.objects.filter(jury=jury).exists():
        raise ValidationError(ALREADY_LIFTED)
    lift = AnonymityLift.objects.create(jury=jury, round=jury.round, lifted_by=actor)
    audit_record(
        actor=actor,
        action="jury_anonymity_lift",
        obj=jury,
        after={"round": jury.round, "lifted_by": getattr(actor, "username", "")},
    )
    return lift
