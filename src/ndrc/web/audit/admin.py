from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ndrc.web.audit.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """The admin of a model that changes only through the audited services and pages (where
    the deliberation's lock applies): it may be read, never written."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The trail is append-only."""

    list_display = ("at", "actor", "action", "object_repr", "reason")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "reason")
