"""The django-tasks task that runs every job (the backend is settings.TASKS)."""

from __future__ import annotations

from django_tasks import task

from ndrc.web.jobs.work import job_process


@task()
def job_execute(job_id: int) -> None:
    job_process(job_id=job_id)
