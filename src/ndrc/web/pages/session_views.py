"""Sessions: the list with the regulation in force for each, creation (refused when no rule
is in force for the year) and the dates that conformity depends on."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.rules.errors import RegulationError
from ndrc.rules.regulation import regulation_for_session
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.exams import selectors, services
from ndrc.web.exams.models import ExamSession


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
    errors: list[str] = []
    if request.method == "POST":
        try:
            year_text = request.POST.get("year", "").strip()
            if not year_text.isdigit():
                raise ValidationError("L'année de la session est un nombre (par exemple 2026).")
            session = services.session_create(
                year=int(year_text),
                label=request.POST.get("label", "").strip(),
                deposit_deadline=_date(request.POST.get("deposit_deadline", "")),
                oral_date=_date(request.POST.get("oral_date", "")),
                actor=request.user,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Session %(year)s créée.") % {"year": session.year})
            return redirect("session_list")
    sessions = []
    current = selectors.session_current()
    for session in ExamSession.objects.annotate(n=Count("candidates")).order_by("-year"):
        try:
            regulation = regulation_for_session(session.year).title
        except RegulationError as error:
            regulation = str(error)
        sessions.append((session, regulation))
    return render(
        request,
        "pages/sessions.html",
        {"title": _("Sessions"), "sessions": sessions, "errors": errors, "current": current},
    )


@requires(Permission.MANAGE_SESSIONS)
@require_POST
def session_current_set(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(ExamSession, pk=pk)
    services.session_make_current(session=session, actor=request.user)
    messages.success(request, _("%(session)s est la session en cours.") % {"session": session})
    return redirect("session_list")


@requires(Permission.MANAGE_SESSIONS)
@require_POST
def session_dates(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(ExamSession, pk=pk)
    if request.method == "POST":
        try:
            services.session_dates_set(
                session=session,
                deposit_deadline=_date(request.POST.get("deposit_deadline", "")),
                oral_date=_date(request.POST.get("oral_date", "")),
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Dates enregistrées."))
    return redirect("session_list")
