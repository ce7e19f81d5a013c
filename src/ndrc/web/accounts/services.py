"""Writes on user accounts: one transaction and one audit entry each."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.services import audit_record


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
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="user_create",
        obj=user,
        after={
            "username": username,
            "role": str(role),
            "academy": getattr(academy, "pk", None),
            "establishment": getattr(establishment, "pk", None),
            "is_superuser": is_superuser,
        },
    )
    return user
