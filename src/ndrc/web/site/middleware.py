"""French first: the interface is French unless the user chose English (language cookie); a
text with a NUL character is refused before any view reads it; every request has an id (in the
logs and the answer's X-Request-ID); no answer with personal data is kept by a cache."""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from ndrc.web.site import logs
from ndrc.web.site.errors import previous_page


class FrenchFirstMiddleware:
    """Ignore the browser's Accept-Language so that the default language is French.

    Placed before Django's LocaleMiddleware, which then takes the language from the user's
    explicit choice (the cookie set by the language switch) or falls back to LANGUAGE_CODE.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NulCharacterMiddleware:
    """Refuse a request whose text carries a NUL character (« \\0 »): no database stores it
    (PostgreSQL refuses it in text), no person types it. The answer is a 400 in French — a JSON
    body under /api/, the site's page elsewhere — and nothing is written."""

    FORM_METHODS = frozenset({"POST", "PUT", "PATCH"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_nul(request):
            return nul_refused(request)
        return self.get_response(request)

    def _carries_nul(self, request: HttpRequest) -> bool:
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return True
        if request.method not in self.FORM_METHODS:
            return False
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return any("\x00" in value for _, values in request.POST.lists() for value in values)
        if request.content_type == "application/json":
            return b"\\u0000" in request.body or b"\x00" in request.body
        return False


def nul_refused(request: HttpRequest) -> HttpResponse:
    """The 400 answer to a text with a NUL character (JSON under /api/)."""
    message = _(
        "Le texte envoyé contient un caractère nul (\\0), qu'aucune saisie ne peut contenir : "
        "rien n'a été enregistré."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    context = {"title": _("Saisie refusée"), "message": message, "previous": previous_page(request)}
    return render(request, "400.html", context, status=400)


class RequestIdMiddleware:
    """The request's id: the load balancer's X-Request-ID when it is a sane token, a new one
    (a uuid4 in hexadecimal) otherwise. It is ``request.request_id``, the X-Request-ID of the
    answer and, through a context variable, in every log line written while answering."""

    HEADER = "X-Request-ID"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(self.HEADER, "")
        request_id = given if logs.SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = logs.request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            logs.request_id.reset(token)
        response[self.HEADER] = request_id
        return response


class PrivateResponsesMiddleware:
    """``Cache-Control: no-store, private`` (never kept by the browser nor by a proxy) on every
    answer that may carry personal data: every answer of the API and every answer to a signed-in
    user. Static files (served before the middleware) keep their long cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return response
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
