"""The jury's composition on the jury's page (CE D643-31): the exam office records a member
with his or her quality, presidency and account, corrects one and removes one, while the
deliberation is open. The list and its check are drawn by the ``jury_composition`` template tag."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.deliberations import selectors
from ndrc.web.deliberations.jury_member_services import (
    jury_member_add,
    jury_member_remove,
    jury_member_update,
)
from ndrc.web.deliberations.models import JuryMember
from ndrc.web.keys import key_from


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("jury_detail", args=[pk]) + "#composition")


@requires(Permission.MANAGE_JURIES)
@require_POST
def jury_member_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a member: name, quality, president or not, and an optional jury account."""
    jury = selectors.jury_for(request.user, pk)
    user = None
    sent = request.POST.get("user", "")
    try:
        if sent:
            key = key_from(sent)
            user = User.objects.filter(
                pk=key or 0, role=Role.JURY, academy_id=jury.academy_id
            ).first()
            if user is None:
                raise ValidationError(_("Compte inconnu : choisissez-le dans la liste."))
        name = request.POST.get("name", "").strip()
        if not name and user is not None:
            name = user.get_full_name() or user.username
        jury_member_add(
            jury=jury,
            name=name,
            quality=request.POST.get("quality", ""),
            president=request.POST.get("president") == "1",
            user=user,
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Membre du jury enregistré."))
    return _back(jury.pk)


@requires(Permission.MANAGE_JURIES)
@require_POST
def jury_member_delete(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    """Remove a member of the jury (while its deliberation is open)."""
    jury = selectors.jury_for(request.user, pk)
    row = get_object_or_404(JuryMember, pk=member, jury=jury)
    try:
        jury_member_remove(member=row, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Membre retiré du jury."))
    return _back(jury.pk)


@requires(Permission.MANAGE_JURIES)
@require_POST
def jury_member_edit(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    """Correct a member's name, quality or presidency (while the deliberation is open)."""
    jury = selectors.jury_for(request.user, pk)
    row = get_object_or_404(JuryMember, pk=member, jury=jury)
    try:
        jury_member_update(
            member=row,
            name=request.POST.get("name", row.name),
            quality=request.POST.get("quality", ""),
            president=request.POST.get("president") == "1",
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Membre du jury modifié."))
    return _back(jury.pk)
