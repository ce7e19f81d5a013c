"""The API's token authentication: ``Authorization: Bearer <key>`` (or ``Token <key>``).

A key is ``ndrc_<prefix>_<secret>``; the prefix finds the stored row, the SHA-256 digest of the
whole key is compared in constant time. A wrong, expired or revoked key is a failed login for
the token's owner from this address (django-axes, as on the login form): after
AXES_FAILURE_LIMIT of them, that owner's tokens are refused from this address for the
cool-off time, with the same French message.
"""

from __future__ import annotations

import hmac
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from ndrc.web.accounts.lockout import lockout_message, retry_at
from ndrc.web.accounts.models import ApiToken
from ndrc.web.accounts.services import (
    PREFIX_LENGTH,
    TOKEN_PREFIX,
    token_digest,
    token_mark_used,
)

KEYWORDS = (b"bearer", b"token")


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # no token: the session, if any, authenticates
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("En-tête Authorization mal formé : « Bearer <jeton> » attendu.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        prefix = key[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + PREFIX_LENGTH]
        token = None
        if key.startswith(TOKEN_PREFIX) and len(prefix) == PREFIX_LENGTH:
            token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        # The account the attempt is counted against: the token's owner, or the prefix given.
        credentials = {"username": token.user.get_username() if token else f"jeton {prefix}"}
        django_request = request._request
        if not AxesProxyHandler.is_allowed(django_request, credentials):
            self._fail(django_request, credentials)
            until = retry_at(django_request)
            wait = (until - timezone.localtime()).total_seconds() if until else None
            raise exceptions.Throttled(wait=wait, detail=lockout_message(django_request))
        if token is None or not hmac.compare_digest(token.digest, token_digest(key)):
            self._fail(django_request, credentials)
            raise exceptions.AuthenticationFailed(_("Jeton d'accès inconnu ou révoqué."))
        if token.expires_at <= timezone.now():
            self._fail(django_request, credentials)
            raise exceptions.AuthenticationFailed(
                _("Ce jeton d'accès a expiré : créez-en un autre sur la page de votre compte.")
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ce compte est désactivé."))
        token_mark_used(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'

    @staticmethod
    def _fail(django_request: Any, credentials: dict[str, str]) -> None:
        user_login_failed.send(
            sender=BearerTokenAuthentication, credentials=credentials, request=django_request
        )


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The token in the OpenAPI document (the session is SessionAuthentication's own scheme)."""

    target_class = "ndrc.web.api.authentication.BearerTokenAuthentication"
    name = "jeton"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Un jeton d'accès créé sur la page « Jetons d'accès à l'API » du compte : "
                "Authorization: Bearer <jeton> (ou Token <jeton>)."
            ),
        }
