"""The home page: what the site is and, for a signed-in user, the session in progress and the
candidates in his or her scope."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates import selectors
from ndrc.web.sessions.selectors import session_current


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"title": _("Accueil")}
    user = request.user
    if user.is_authenticated:
        session = session_current(user=user)
        context["session"] = session
        context["role_label"] = Role(user.role).label if user.role else _("Administrateur")
        if session is not None:
            candidates = selectors.candidates_visible_to(user=user, session=session)
            context["candidate_count"] = candidates.count()
            context["counts_by_route"] = selectors.candidate_counts_by_route(candidates=candidates)
            if user.role == Role.CANDIDATE:
                context["own_candidate"] = candidates.first()
    return render(request, "site/home.html", context)
