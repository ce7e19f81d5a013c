"""Django admin of background jobs: read-only. A job's task, parameters and state say what a
worker runs (an import's writes, a deliberation's closing): a job is created and run only by
``jobs.services.job_run`` and the worker, never edited by hand."""

from django.contrib import admin

from ndrc.web.audit.admin import ReadOnlyAdmin
from ndrc.web.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("pk", "kind", "label", "state", "done", "total", "created_by", "created_at")
    list_filter = ("kind", "state", "academy")
