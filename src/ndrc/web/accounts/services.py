"""Writes on user accounts: one transaction and one audit entry each."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ndrc.web.accounts.models import ApiToken, User
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.services import audit_record, audited_create


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


# --- API tokens -------------------------------------------------------------------------------

TOKEN_PREFIX = "ndrc_"
PREFIX_LENGTH = 8  # hexadecimal characters after TOKEN_PREFIX


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, actor: Any) -> tuple[ApiToken, str]:
    """A new token of ``user``, valid NDRC_API_TOKEN_DAYS days: the row and the key, which is
    never stored (only its digest) and so is shown once."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    key = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=prefix,
        digest=token_digest(key),
        expires_at=timezone.now() + dt.timedelta(days=settings.NDRC_API_TOKEN_DAYS),
    )
    # created_at is set on save: full_clean must not require it.
    audited_create(token, actor=actor, action="api_token_create", fields=("user", "name", "prefix"))
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any) -> None:
    audit_record(
        actor=actor,
        action="api_token_revoke",
        obj=token,
        before={"user": token.user_id, "name": token.name, "prefix": token.prefix},
    )
    token.delete()


def token_mark_used(*, token: ApiToken) -> None:
    """Stamp the token's last use (at most once a minute; a use is not audited, like a
    login's ``last_login``)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# --- Passwords and second factor ----------------------------------------------------------------


@transaction.atomic
def password_changed(*, user: User, action: str) -> None:
    """Record that the password of ``user`` was changed (by himself or herself, or through a
    reset link): the journal holds the event, never a password or its hash."""
    audit_record(actor=user, action=action, obj=user)


BACKUP_CODES = 10


@transaction.atomic
def otp_enrol(*, user: User, key: str) -> list[str]:
    """Replace the user's second factor with a confirmed TOTP device of this key and new backup
    codes (single use); return the codes, which are shown once."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="TOTP", key=key, confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Codes de secours", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    audit_record(actor=user, action="otp_enrol", obj=user, after={"device": device.pk})
    return codes
