from django.contrib import admin

from ndrc.web.exams.models import Academy, Candidate, Establishment, ExamCentre, ExamSession

admin.site.register(Academy)
admin.site.register(ExamSession)
admin.site.register(ExamCentre)


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ("uai", "name", "academy", "status", "habilitation")
    list_filter = ("academy", "status", "habilitation")


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("number", "last_name", "first_name", "session", "route", "establishment")
    list_filter = ("session", "route", "academy")
    search_fields = ("number", "last_name", "first_name")
