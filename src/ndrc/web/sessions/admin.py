"""Django admin of académies, sessions, establishments and exam centres. Sessions and
establishments are read-only: a session's dates freeze with the deliberation, and an
establishment's status and habilitation decide its candidates' column of the règlement (the
form of their épreuves); both change only through the audited services. Académies and exam
centres (names, codes, towns) decide no result."""

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
class EstablishmentAdmin(ReadOnlyAdmin):
    list_display = ("uai", "name", "academy", "status", "habilitation")
    list_filter = ("academy", "status", "habilitation")


@admin.register(ExamSession)
class ExamSessionAdmin(ReadOnlyAdmin):
    list_display = ("year", "label", "results_frozen")


@admin.register(AcademyCalendar)
class AcademyCalendarAdmin(ReadOnlyAdmin):
    list_display = ("session", "academy", "deposit_deadline", "oral_date")
