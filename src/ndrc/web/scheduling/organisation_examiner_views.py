"""The examiners of the exam days: the list with the supply against the demand of the
candidates' plans (a POST adds one), and one examiner's identity, kinds, languages, centres,
availability and withdrawal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.keys import key_from
from ndrc.web.pagination import paginate
from ndrc.web.scheduling import organisation_selectors as selectors
from ndrc.web.scheduling import organisation_services as services
from ndrc.web.scheduling.models import Examiner
from ndrc.web.scheduling.organisation_forms import (
    blocked_page,
    error_messages,
    half_day_grid,
    half_days_ticked,
    page_context,
)
from ndrc.web.sessions.models import Establishment, ExamCentre, ExamSession


def _examiner_values(
    request: HttpRequest, *, academy: Any, year: int
) -> tuple[dict[str, Any], list[ExamCentre]]:
    post = request.POST
    last_name = post.get("last_name", "").strip()
    first_name = post.get("first_name", "").strip()
    if not last_name or not first_name:
        raise ValidationError(_("Indiquez le nom et le prénom de l'examinateur."))
    kinds = [k for k in post.getlist("kinds") if k in selectors.kind_labels()]
    offered = selectors.language_codes(year=year)
    languages = [lang for lang in post.getlist("languages") if lang in offered]
    uai = key_from(post.get("establishment", ""))
    establishment = (
        Establishment.objects.filter(academy=academy, pk=uai).first() if uai is not None else None
    )
    if uai is not None and establishment is None:
        raise ValidationError(_("Établissement inconnu dans votre académie."))
    email = post.get("email", "").strip()
    user = None
    if post.get("link_account") == "on":
        user = (
            get_user_model()
            .objects.filter(email__iexact=email, role=Role.EXAMINER)
            .filter(Q(academy=academy) | Q(academy__isnull=True))
            .exclude(email="")
            .first()
        )
        if user is None:
            raise ValidationError(
                _("Aucun compte d'examinateur n'a l'adresse « %(email)s ».") % {"email": email}
            )
    centres = list(
        ExamCentre.objects.filter(
            academy=academy, pk__in=[k for k in map(key_from, post.getlist("centres")) if k]
        )
    )
    values = {
        "last_name": last_name[:128],
        "first_name": first_name[:128],
        "email": email[:254],
        "establishment": establishment,
        "kinds": kinds,
        "languages": languages if "language" in kinds else [],
        "user": user,
    }
    return values, centres


def _examiner_form(session: ExamSession, academy: Any) -> dict[str, Any]:
    return {
        "kinds": selectors.kind_labels(),
        "languages": selectors.language_codes(year=session.year),
        "centres": list(selectors.centres_of(academy=academy)),
        "establishments": selectors.establishments_served(academy=academy),
    }


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_examiners(request: HttpRequest) -> HttpResponse:
    """The examiners (a POST adds one) and the supply against the demand of the candidates'
    plans."""
    session, academy, blocked = page_context(request)
    title = _("Examinateurs")
    if blocked:
        return blocked_page(request, title, blocked)
    assert session is not None
    errors: list[str] = []
    if request.method == "POST":
        try:
            values, centres = _examiner_values(request, academy=academy, year=session.year)
            examiner = services.examiner_create(
                session=session,
                academy=academy,
                values=values,
                centres=centres,
                actor=request.user,
            )
        except ValidationError as error:
            errors = error_messages(error)
        else:
            messages.success(request, _("Examinateur %(name)s ajouté.") % {"name": examiner})
            return redirect("exam_day_examiner", pk=examiner.pk)
    demand = selectors.supply_demand(session=session, academy=academy)
    return render(
        request,
        "scheduling/organisation/examiners.html",
        {
            "title": title,
            "session": session,
            "page": paginate(request, selectors.examiners_of(session=session, academy=academy)),
            "demand": demand,
            "missing": sum(1 for d in demand if d.missing),
            "errors": errors,
            **_examiner_form(session, academy),
        },
    )


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_examiner(request: HttpRequest, pk: int) -> HttpResponse:
    """One examiner: identity, kinds, languages, centres, availability; withdrawal."""
    session, academy, blocked = page_context(request)
    if blocked:
        return blocked_page(request, _("Examinateur"), blocked)
    assert session is not None
    examiner: Examiner = selectors.examiner_of(session=session, academy=academy, pk=pk)
    days = selectors.window_days(selectors.oral_window(session=session, academy=academy))
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "edit":
                values, centres = _examiner_values(request, academy=academy, year=session.year)
                services.examiner_update(
                    examiner=examiner, values=values, centres=centres, actor=request.user
                )
                done = _("Examinateur enregistré.")
            elif action == "availability":
                if not days:
                    raise ValidationError(_("Saisissez d'abord la période des oraux (calendrier)."))
                services.availability_set(
                    examiner=examiner, half_days=half_days_ticked(request, days), actor=request.user
                )
                done = _("Disponibilités enregistrées.")
            elif action == "withdraw":
                services.examiner_withdraw(
                    examiner=examiner,
                    reason=request.POST.get("reason", "")[:255],
                    actor=request.user,
                )
                done = _("Désistement enregistré.")
            else:
                raise ValidationError(_("Action inconnue."))
        except ValidationError as error:
            errors = error_messages(error)
        else:
            messages.success(request, done)
            return redirect("exam_day_examiner", pk=examiner.pk)
    return render(
        request,
        "scheduling/organisation/examiner.html",
        {
            "title": str(examiner),
            "session": session,
            "examiner": examiner,
            "chosen_centres": set(examiner.centres.values_list("pk", flat=True)),
            "grid": half_day_grid(days, selectors.availability_of(examiner=examiner)),
            "errors": errors,
            **_examiner_form(session, academy),
        },
    )
