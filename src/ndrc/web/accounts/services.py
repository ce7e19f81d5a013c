"""Writes on user accounts: one transaction and one audit entry each."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.services import audited_create


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role | str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    academy: Any = None,
    establishment: Any = None,
    is_superuser: bool = False,
    actor: Any = None,
) -> User:
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        academy=academy,
        establishment=establishment,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    return audited_create(
        user,
        actor=actor,
        action="user_create",
        fields=("username", "role", "academy", "establishment", "is_superuser"),
    )
