"""The answer to a locked-out login (django-axes' AXES_LOCKOUT_CALLABLE): a French page, or a
JSON body under /api/, saying until when the account is locked from this address."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def retry_at(request: HttpRequest) -> Any:
    """When the lockout ends: the cool-off counts from the latest failed attempt, this one."""
    cool_off = get_cool_off(request)
    return timezone.localtime(timezone.now() + cool_off) if cool_off else None


def lockout_message(request: HttpRequest) -> str:
    until = retry_at(request)
    if until is None:
        return _(
            "Trop de tentatives de connexion ont échoué : ce compte est bloqué depuis cette "
            "adresse. Demandez à la division des examens de le débloquer."
        )
    return _(
        "Trop de tentatives de connexion ont échoué : ce compte est bloqué depuis cette adresse "
        "jusqu'à %(time)s. Réessayez après cette heure, ou demandez à la division des examens "
        "de le débloquer."
    ) % {"time": formats.time_format(until, "H:i")}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    message = lockout_message(request)
    until = retry_at(request)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        context = {"message": message, "title": _("Connexion bloquée")}
        response = render(request, "accounts/lockout.html", context, status=429)
    if until is not None:
        seconds = max(1, int((until - timezone.localtime()).total_seconds()))
        response["Retry-After"] = str(seconds)
    return response
