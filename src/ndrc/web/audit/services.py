"""The one way a service records what it wrote."""

from __future__ import annotations

from typing import Any

from django.db import models

from ndrc.web.audit.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    candidate: Any = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        candidate=candidate,
        before=before,
        after=after,
        reason=reason,
    )
