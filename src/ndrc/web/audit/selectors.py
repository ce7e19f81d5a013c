"""Reads of the journal: a candidate's history, an object's history."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet

from ndrc.web.audit.display import EntryLines, ValueFormatters, ValueLabels, entry_lines
from ndrc.web.audit.models import AccessLog, AuditEntry


def entries_about_candidate(*, candidate: Any) -> QuerySet[AuditEntry]:
    """Every write about a candidate, the latest first."""
    return AuditEntry.objects.filter(candidate=candidate).select_related("actor")


def entries_about(*, obj: models.Model) -> QuerySet[AuditEntry]:
    """Every write recorded on one object (a jury, a session…), the latest first."""
    return AuditEntry.objects.filter(
        object_type=obj._meta.label, object_id=str(obj.pk)
    ).select_related("actor")


def candidate_history(
    *,
    candidate: Any,
    value_labels: ValueLabels | None = None,
    formatters: ValueFormatters | None = None,
) -> list[EntryLines]:
    """A candidate's journal as a person reads it (``display.entry_lines``), the latest first."""
    return entry_lines(
        entries_about_candidate(candidate=candidate),
        value_labels=value_labels,
        formatters=formatters,
    )


def accesses_to(*, candidate: Any) -> QuerySet[AccessLog]:
    """Who read a candidate's file, which page and when, the latest first."""
    return AccessLog.objects.filter(candidate=candidate).select_related("user")


def journal_of(*, academy_id: int | None, everything: bool = False) -> QuerySet[AuditEntry]:
    """The journal an académie's exam office reads: the entries written by its académie's
    users or about its candidates (every entry when ``everything``: a superuser), with their
    author and candidate; none without an académie."""
    entries = AuditEntry.objects.select_related("actor", "candidate")
    if everything:
        return entries
    if academy_id is None:
        return entries.none()
    users = AuditEntry._meta.get_field("actor").related_model._default_manager.filter(
        academy_id=academy_id
    )
    candidates = AuditEntry._meta.get_field("candidate").related_model._default_manager.filter(
        academy_id=academy_id
    )
    return entries.filter(
        models.Q(actor_id__in=users.values("pk"))
        | models.Q(candidate_id__in=candidates.values("pk"))
    )
