"""Django admin of sessions, establishments and exam centres; sessions are read-only (their
dates freeze with the deliberation: they change through the audited services)."""

from django.contrib import admin

from ndrc.web.audit.admin import ReadOnlyAdmin
from ndrc.web.sessions.models import (
    Academy,
    AcademyCalendar,
    Establishment,
    ExamCentre,
    ExamSession,
)

admin.site.register(Academy)
admin.site.register(ExamCentre)


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ("uai", "name", "academy", "status", "habilitation")
    list_filter = ("academy", "status", "habilitation")


@admin.register(ExamSession)
class ExamSessionAdmin(ReadOnlyAdmin):
    list_display = ("year", "label", "results_frozen")


@admin.register(AcademyCalendar)
class AcademyCalendarAdmin(ReadOnlyAdmin):
    list_display = ("session", "academy", "deposit_deadline", "oral_date")
