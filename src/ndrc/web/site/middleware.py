"""French first: the interface is French unless the user chose English (language cookie)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
