"""The django-tasks task that runs every job (the backend is settings.TASKS)."""

from __future__ import annotations

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from ndrc.web.jobs.work import job_process


@task()
def job_execute(job_id: int) -> None:
    # In a worker, a heartbeat renews the job's lease while it runs; run inside the request
    # (the immediate backend, development and tests), the request itself is the sign of life.
    job_process(
        job_id=job_id, heartbeat=not isinstance(job_execute.get_backend(), ImmediateBackend)
    )
