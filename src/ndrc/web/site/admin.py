from django.contrib import admin

from ndrc.web.site.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: it may be created once and never deleted (the pages read it)."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
