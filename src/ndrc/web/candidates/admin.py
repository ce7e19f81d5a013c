"""Django admin: read-only for everything that decides a result (candidates, grades,
internships, dossiers): those change only through the audited services and pages, where the
deliberation's lock applies."""

from django.contrib import admin

from ndrc.web.audit.admin import ReadOnlyAdmin
from ndrc.web.candidates.models import Candidate, Dossier, Grade, Internship


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ("number", "last_name", "first_name", "session", "route", "establishment")
    list_filter = ("session", "route", "academy")
    search_fields = ("number", "last_name", "first_name")


@admin.register(Grade)
class GradeAdmin(ReadOnlyAdmin):
    list_display = ("candidate", "exam", "state", "value", "version", "updated_by")
    search_fields = ("candidate__number",)


admin.site.register(Internship, ReadOnlyAdmin)
admin.site.register(Dossier, ReadOnlyAdmin)
