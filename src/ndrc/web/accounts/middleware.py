"""Two checks on every request of a signed-in user, before any view runs: the idle timeout of
the session, and the second factor of those who need one (``second_factor_needed``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ndrc.web.accounts.second_factor import second_factor_needed

LAST_SEEN = "ndrc_last_seen"
# Set in a session once known that its user needs no second factor (saves two queries a
# request); the enrolment page clears it.
NO_SECOND_FACTOR = "ndrc_no_second_factor"
EXPIRED = "ndrc_session_expired"
# The stamp of the last request is written at most this often (seconds): one session write a
# minute, not one per request.
STAMP_EVERY = 60


def session_start(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """At login (signal ``user_logged_in``): the idle delay starts, and whether this user needs
    a second factor is known once, so that the pages that follow write nothing to the session
    and read no device."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[LAST_SEEN] = int(time.time())
    if second_factor_needed(user) is None:
        request.session[NO_SECOND_FACTOR] = True


class IdleTimeoutMiddleware:
    """A session without a request for NDRC_SESSION_IDLE_MINUTES is logged out; the new,
    anonymous session remembers it so that the login page says why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            idle = settings.NDRC_SESSION_IDLE_MINUTES * 60
            if isinstance(last_seen, int) and now - last_seen > idle:
                logout(request)
                request.session[EXPIRED] = True
            elif not isinstance(last_seen, int) or now - last_seen >= STAMP_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


# What a signed-in user who still has to give a code may open: the pages of the second factor,
# logging out, the language switch and the static files.
OPEN_BEFORE_SECOND_FACTOR = ("otp_verify", "otp_enrol", "logout")
OPEN_PREFIXES = ("/i18n/", "/" + settings.STATIC_URL.lstrip("/"))


class SecondFactorMiddleware:
    """A user who needs a second factor (``second_factor_needed``) and has not given a code in
    this session is sent to the code page (or to the enrolment page, if he or she has no
    device yet) before any page of the site; under /api/ the answer is a 403 in French. An API
    token is not a session: its use is checked by ndrc.web.api.authentication (a token of
    those roles is created only after a code)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.open_paths: frozenset[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(NO_SECOND_FACTOR)
            and not user.is_verified()  # type: ignore[union-attr]
            and not self._open(request.path)
        ):
            needed = second_factor_needed(user)
            if needed is None:
                request.session[NO_SECOND_FACTOR] = True
            else:
                return self._refuse(request, needed)
        return self.get_response(request)

    def _open(self, path: str) -> bool:
        if self.open_paths is None:
            self.open_paths = frozenset(reverse(name) for name in OPEN_BEFORE_SECOND_FACTOR)
        return path in self.open_paths or path.startswith(OPEN_PREFIXES)

    def _refuse(self, request: HttpRequest, enrolled: bool) -> HttpResponse:
        if request.path.startswith("/api/"):
            message = _(
                "La vérification en deux étapes est requise pour ce compte : saisissez votre code "
                "sur le site avant d'appeler l'API."
            )
            return JsonResponse({"detail": message}, status=403)
        target = reverse("otp_verify" if enrolled else "otp_enrol")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()}, safe='/')}")
