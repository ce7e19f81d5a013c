"""Django admin of the import files: read-only (a file's kind, session and académie say what
its confirmation writes into the candidates' files; imports go through their dry run)."""

from django.contrib import admin

from ndrc.web.audit.admin import ReadOnlyAdmin
from ndrc.web.imports.models import ImportFile


@admin.register(ImportFile)
class ImportFileAdmin(ReadOnlyAdmin):
    list_display = ("filename", "kind", "session", "academy", "created_by", "created_at", "job")
    list_filter = ("kind", "session", "academy")
    exclude = ("content",)
