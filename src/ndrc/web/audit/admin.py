from django.contrib import admin

from ndrc.web.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_repr", "reason")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "reason")

    def has_change_permission(self, request, obj=None):  # the trail is append-only
        return False

    def has_delete_permission(self, request, obj=None):
        return False
