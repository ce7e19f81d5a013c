"""Starting background jobs: ``job_run`` records a Job (audited) and enqueues the django-tasks
task that runs its work function (``ndrc.web.jobs.work``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks.backends.immediate import ImmediateBackend

from ndrc.web.audit.services import audited_create
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.jobs.tasks import job_execute
from ndrc.web.jobs.work import job_finish

logger = logging.getLogger(__name__)


def _task_path(task: Callable[..., Any] | str) -> str:
    path = task if isinstance(task, str) else f"{task.__module__}.{task.__qualname__}"
    if "<locals>" in path or "." not in path:
        raise ValueError(f"job_run: the work must be a module-level function, not {path!r}")
    import_string(path)  # fail now, not in the worker
    return path


def job_run(
    *,
    kind: str,
    task: Callable[..., Any] | str,
    params: dict[str, Any],
    actor: Any,
    label: str = "",
) -> Job:
    """Record a job and enqueue it; ``task`` is the work function (or its dotted path).

    With the immediate backend (the default) the work has run when this returns; with a
    worker backend the task is enqueued once the current transaction commits.
    """
    path = _task_path(task)
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        job = audited_create(
            Job(
                kind=kind,
                label=label[:200],
                task=path,
                params=params,
                created_by=user,
                academy_id=getattr(user, "academy_id", None),
            ),
            actor=user,
            action="job_run",
            fields=("kind", "label", "task"),
        )
    if isinstance(job_execute.get_backend(), ImmediateBackend):
        _enqueue(job.pk)
    else:
        transaction.on_commit(partial(_enqueue, job.pk))
    job.refresh_from_db()
    return job


def _enqueue(job_id: int) -> None:
    try:
        result = job_execute.enqueue(job_id)
    except Exception as error:
        logger.exception("job %s: not enqueued", job_id)
        job_finish(job_id, JobState.FAILED, f"La tâche n'a pas pu être lancée : {error}", None)
        return
    Job.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])
