from django.contrib import admin

from ndrc.web.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "label", "state", "done", "total", "created_by", "created_at")
    list_filter = ("kind", "state", "academy")
    readonly_fields = ("params", "result")
