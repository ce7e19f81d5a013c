"""Django admin: read-only for everything that decides a result (candidates, sessions,
grades, internships, dossiers): those change only through the audited services and pages,
where the deliberation lock applies."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ndrc.web.exams.models import (
    Academy,
    Candidate,
    Dossier,
    Establishment,
    ExamCentre,
    ExaminerAssignment,
    ExamSession,
    Grade,
    Internship,
)

admin.site.register(Academy)
admin.site.register(ExamCentre)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ("uai", "name", "academy", "status", "habilitation")
    list_filter = ("academy", "status", "habilitation")


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ("number", "last_name", "first_name", "session", "route", "establishment")
    list_filter = ("session", "route", "academy")
    search_fields = ("number", "last_name", "first_name")


@admin.register(ExamSession)
class ExamSessionAdmin(ReadOnlyAdmin):
    list_display = ("year", "label", "is_current", "deposit_deadline", "oral_date")


@admin.register(Grade)
class GradeAdmin(ReadOnlyAdmin):
    list_display = ("candidate", "exam", "state", "value", "version", "updated_by")
    search_fields = ("candidate__number",)


admin.site.register(Internship, ReadOnlyAdmin)
admin.site.register(Dossier, ReadOnlyAdmin)
admin.site.register(ExaminerAssignment, ReadOnlyAdmin)
