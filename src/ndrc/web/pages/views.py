from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.exams import selectors


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"title": _("Accueil")}
    user = request.user
    if user.is_authenticated:
        session = selectors.session_current()
        context["session"] = session
        context["role_label"] = Role(user.role).label if user.role else _("Administrateur")
        if session is not None:
            candidates = selectors.candidates_visible_to(user=user, session=session)
            context["candidate_count"] = candidates.count()
            context["counts_by_route"] = selectors.candidate_counts_by_route(candidates=candidates)
            if user.role == Role.CANDIDATE:
                context["own_candidate"] = candidates.first()
    return render(request, "pages/home.html", context)


@requires(Permission.VIEW_CANDIDATE_LIST)
def candidate_list(request: HttpRequest) -> HttpResponse:
    session = selectors.session_current()
    candidates = (
        selectors.candidates_visible_to(user=request.user, session=session)
        if session is not None
        else None
    )
    return render(
        request,
        "pages/candidate_list.html",
        {"title": _("Candidats"), "session": session, "candidates": candidates},
    )
