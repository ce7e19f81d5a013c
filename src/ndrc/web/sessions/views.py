"""Sessions (the list with the regulation in force for each, creation, the session in
progress, the dates conformity depends on) and the académie's establishments and exam
centres."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.keys import key_from
from ndrc.web.pagination import paginate
from ndrc.web.sessions import selectors, services
from ndrc.web.sessions.models import ExamSession


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"Date illisible : « {text} » (AAAA-MM-JJ).") from None


@requires(Permission.MANAGE_SESSIONS)
def session_list(request: HttpRequest) -> HttpResponse:
    """The sessions; a POST creates one."""
    errors: list[str] = []
    if request.method == "POST":
        try:
            year = key_from(request.POST.get("year", ""))
            if year is None:
                raise ValidationError("L'année de la session est un nombre (par exemple 2026).")
            session = services.session_create(
                year=year,
                label=request.POST.get("label", "").strip(),
                academy=request.user.academy,  # type: ignore[union-attr]
                deposit_deadline=_date(request.POST.get("deposit_deadline", "")),
                oral_date=_date(request.POST.get("oral_date", "")),
                actor=request.user,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Session %(year)s créée.") % {"year": session.year})
            return redirect("session_list")
    return render(
        request,
        "sessions/sessions.html",
        {
            "title": _("Sessions"),
            "sessions": paginate(
                request,
                selectors.sessions_with_regulation(
                    academy_id=request.user.academy_id  # type: ignore[union-attr]
                ),
            ),
            "errors": errors,
            "current": selectors.session_current(user=request.user),
            "academy": request.user.academy,  # type: ignore[union-attr]
        },
    )


@requires(Permission.MANAGE_SESSIONS)
@require_POST
def session_current_set(request: HttpRequest, pk: int) -> HttpResponse:
    """The session this user works on (his or her own choice: nobody else's lists change)."""
    session = get_object_or_404(ExamSession, pk=pk)
    services.session_choose(user=request.user, session=session)
    messages.success(
        request, _("Vous travaillez désormais sur %(session)s.") % {"session": session}
    )
    return redirect("session_list")


@requires(Permission.MANAGE_SESSIONS)
@require_POST
def session_dates(request: HttpRequest, pk: int) -> HttpResponse:
    """The académie's dates for the session (its exam office's, nobody else's)."""
    session = get_object_or_404(ExamSession, pk=pk)
    academy = request.user.academy  # type: ignore[union-attr]
    if academy is None:
        messages.error(request, _("Votre compte n'est rattaché à aucune académie."))
        return redirect("session_list")
    try:
        services.session_dates_set(
            session=session,
            academy=academy,
            deposit_deadline=_date(request.POST.get("deposit_deadline", "")),
            oral_date=_date(request.POST.get("oral_date", "")),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dates enregistrées."))
    return redirect("session_list")


def _establishments_page(request: HttpRequest, errors: list[str]) -> HttpResponse:
    academy = request.user.academy  # type: ignore[union-attr]
    return render(
        request,
        "sessions/establishments.html",
        {
            "title": _("Établissements et centres d'examen"),
            "establishments": paginate(request, selectors.establishments_of(academy=academy)),
            "centres": paginate(
                request, selectors.exam_centres_of(academy=academy), param="page_centres"
            ),
            "statuses": [(s.value, s.label_fr) for s in EstablishmentStatus],
            "habilitations": [(h.value, h.label_fr) for h in Habilitation],
            "errors": errors,
        },
    )


def _created(request: HttpRequest, create: Any) -> HttpResponse:
    """Run a creation service; its errors are shown on the page."""
    try:
        create()
    except ValueError:
        return _establishments_page(request, [_("Choisissez le statut et l'habilitation.")])
    except ValidationError as error:
        return _establishments_page(request, error.messages)
    messages.success(request, _("Enregistré."))
    return redirect("establishment_list")


@requires(Permission.MANAGE_SESSIONS)
def establishment_list(request: HttpRequest) -> HttpResponse:
    """The académie's establishments and exam centres; a POST adds an establishment."""
    academy = request.user.academy  # type: ignore[union-attr]
    if request.method != "POST" or academy is None:
        return _establishments_page(request, [])
    return _created(
        request,
        lambda: services.establishment_create(
            uai=request.POST.get("uai", "").strip().upper(),
            name=request.POST.get("name", "").strip(),
            academy=academy,
            status=EstablishmentStatus(request.POST.get("status", "")),
            habilitation=Habilitation(request.POST.get("habilitation", "")),
            city=request.POST.get("city", "").strip(),
            actor=request.user,
        ),
    )


@requires(Permission.MANAGE_SESSIONS)
@require_POST
def exam_centre_new(request: HttpRequest) -> HttpResponse:
    """Add an exam centre to the académie."""
    academy = request.user.academy  # type: ignore[union-attr]
    if academy is None:
        return _establishments_page(request, [_("Votre compte n'est rattaché à aucune académie.")])
    return _created(
        request,
        lambda: services.exam_centre_create(
            code=request.POST.get("code", "").strip(),
            name=request.POST.get("name", "").strip(),
            academy=academy,
            city=request.POST.get("city", "").strip(),
            actor=request.user,
        ),
    )
