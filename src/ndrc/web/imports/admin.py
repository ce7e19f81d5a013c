from django.contrib import admin

from ndrc.web.imports.models import ImportFile


@admin.register(ImportFile)
class ImportFileAdmin(admin.ModelAdmin):
    list_display = ("filename", "kind", "session", "academy", "created_by", "created_at", "job")
    list_filter = ("kind", "session", "academy")
    exclude = ("content",)
