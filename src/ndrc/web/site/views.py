"""The home page: what the site is and, for a signed-in user, the session in progress, the
candidates in his or her scope and what there is to do next (``dashboards``); and the
site's information pages (accessibility, legal notice, personal data)."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.retention import retention_rules
from ndrc.web.candidates import selectors
from ndrc.web.deliberations.selectors import juries_visible_to
from ndrc.web.sessions.selectors import session_current
from ndrc.web.site.dashboard_centre import centre_dashboard
from ndrc.web.site.dashboard_people import (
    candidate_dashboard,
    examiner_dashboard,
    jury_dashboard,
)
from ndrc.web.site.dashboards import office_dashboard
from ndrc.web.site.selectors import examiner_counts, site_settings


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
            url = request.get_full_path()
            if user.role == Role.CANDIDATE:
                own = context["own_candidate"] = candidates.first()
                if own is not None:
                    context["dashboard"] = candidate_dashboard(
                        user=user, session=session, candidate=own
                    )
            elif user.role == Role.EXAMINER:
                context["exam_counts"] = examiner_counts(user=user, session=session)
                context["dashboard"] = examiner_dashboard(user=user, session=session)
            elif user.role == Role.JURY:
                juries = list(juries_visible_to(user=user, session=session).order_by("name"))
                context["juries"] = juries
                context["jury_candidate_count"] = sum(j.size for j in juries)
                context["dashboard"] = jury_dashboard(user=user, session=session, url=url)
            elif user.role == Role.EXAM_OFFICE:
                context["dashboard"] = office_dashboard(
                    user=user, session=session, candidates=candidates, url=url
                )
            elif user.role == Role.TRAINING_CENTRE:
                context["dashboard"] = centre_dashboard(
                    user=user, session=session, candidates=candidates, url=url
                )
    return render(request, "site/home.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "site/accessibility.html",
        {"title": _("Déclaration d'accessibilité"), "settings": site_settings()},
    )


def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "site/legal_notice.html",
        {"title": _("Mentions légales"), "settings": site_settings()},
    )


def personal_data(request: HttpRequest) -> HttpResponse:
    """The information of GDPR art. 13 and 14, as docs/privacy.md (the register) says it; the
    retention table is read from ``audit/retention.yaml``, the years of the candidate's file
    from the site's settings."""
    settings = site_settings()
    years = settings.retention_years
    return render(
        request,
        "site/personal_data.html",
        {
            "title": _("Données personnelles"),
            "settings": settings,
            "dpo_contact": django_settings.NDRC_DPO_CONTACT,
            "retention": [rule.with_years(years) for rule in retention_rules().values()],
        },
    )
