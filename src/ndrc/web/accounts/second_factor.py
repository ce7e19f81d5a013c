"""Who must give a second factor (django-otp: TOTP, with backup codes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp import user_has_device

from ndrc.web.accounts.roles import Role

# The roles that decide on results (rectorat's exam office, juries), and the superusers, who
# may do everything.
SECOND_FACTOR_ROLES = frozenset({Role.EXAM_OFFICE, Role.JURY})


def role_needs_second_factor(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or (
        getattr(user, "role", "") in SECOND_FACTOR_ROLES
    )


def second_factor_needed(user: Any) -> bool | None:
    """None when this user need not give a code; else whether he or she has a device (True:
    ask the code; False: enrol first). A code is needed from anyone who enrolled a device,
    and, when NDRC_OTP_REQUIRED is on, from the roles of SECOND_FACTOR_ROLES and superusers."""
    enrolled = user_has_device(user)
    if enrolled:
        return True
    if settings.NDRC_OTP_REQUIRED and role_needs_second_factor(user):
        return False
    return None
