"""The académie's training establishments (status and CCF habilitation decide each
candidate's column of the règlement) and exam centres."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.exams import services
from ndrc.web.exams.models import Establishment, ExamCentre


@requires(Permission.MANAGE_SESSIONS)
def establishment_list(request: HttpRequest) -> HttpResponse:
    academy = request.user.academy
    errors: list[str] = []
    if request.method == "POST" and academy is not None:
        try:
            if request.POST.get("kind") == "centre":
                services.exam_centre_create(
                    code=request.POST.get("code", "").strip(),
                    name=request.POST.get("name", "").strip(),
                    academy=academy,
                    city=request.POST.get("city", "").strip(),
                    actor=request.user,
                )
            else:
                services.establishment_create(
                    uai=request.POST.get("uai", "").strip().upper(),
                    name=request.POST.get("name", "").strip(),
                    academy=academy,
                    status=EstablishmentStatus(request.POST.get("status", "")),
                    habilitation=Habilitation(request.POST.get("habilitation", "")),
                    city=request.POST.get("city", "").strip(),
                    actor=request.user,
                )
        except ValueError:
            errors = [_("Choisissez le statut et l'habilitation.")]
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Enregistré."))
            return redirect("establishment_list")
    return render(
        request,
        "pages/establishments.html",
        {
            "title": _("Établissements et centres d'examen"),
            "establishments": Establishment.objects.filter(academy=academy)
            .annotate(n=Count("candidates"))
            .order_by("name"),
            "centres": ExamCentre.objects.filter(academy=academy).order_by("name"),
            "statuses": [(s.value, s.label_fr) for s in EstablishmentStatus],
            "habilitations": [(h.value, h.label_fr) for h in Habilitation],
            "errors": errors,
        },
    )
