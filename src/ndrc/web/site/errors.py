"""Error answers: a JSON 404 under /api/ (what the API documents), the site's DSFR pages
elsewhere (403, 404, 500), each with a way back: the home page and, when the visitor came from
a page of this site, that page."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def previous_page(request: HttpRequest) -> str:
    """The page the visitor came from (Referer), when it is a page of this site other than
    the one that failed; empty otherwise."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or referer == request.build_absolute_uri():
        return ""
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return referer


def _page(request: HttpRequest, template: str, title: str, status: int) -> HttpResponse:
    context = {"title": title, "previous": previous_page(request)}
    return render(request, template, context, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Ressource introuvable."}, status=404)
    return _page(request, "404.html", _("Page introuvable"), 404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "403.html", _("Accès refusé"), 403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: with the site's header when the context can still be built, otherwise
    the same text on a page that needs nothing (no database, no session)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Erreur interne du serveur."}, status=500)
    try:
        return _page(request, "500.html", _("Erreur du serveur"), 500)
    except Exception:  # the error may come from what the site's pages need (database…)
        logger.exception("La page d'erreur 500 n'a pas pu être rendue avec son contexte.")
        html = render_to_string("500_bare.html", {"title": _("Erreur du serveur")})
        return HttpResponse(html, status=500)
