"""The lockout of django-axes, before any password is hashed."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out username from its address before ModelBackend hashes the password.

    Every login from the network (the login form, the admin's) passes its request and is
    counted. A call of ``authenticate()`` without a request (Django's test client
    ``Client.login``, a script on the server) has no address to count: it is left to the next
    backend, as it would be without django-axes, instead of raising
    ``AxesBackendRequestParameterRequired``.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
