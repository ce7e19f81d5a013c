"""Starting background jobs: ``job_run`` records a Job (audited) and enqueues the django-tasks
task that runs its work function (``ndrc.web.jobs.work``); ``jobs_expire`` marks failed the
running jobs whose worker died (their lease expired); ``job_restart`` starts a failed job
again with the same parameters; ``jobs_purge`` drops what failed jobs keep for a restart once
``NDRC_JOBS_KEEP_FAILED_DAYS`` have passed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.backends.immediate import ImmediateBackend

from ndrc.web.audit.services import audit_record, audited_create
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.jobs.signals import job_files_purge
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
    _start(job)
    job.refresh_from_db()
    return job


def _start(job: Job) -> None:
    if isinstance(job_execute.get_backend(), ImmediateBackend):
        _enqueue(job.pk)
    else:
        transaction.on_commit(partial(_enqueue, job.pk))


def interrupted_message(last_sign: dt.datetime) -> str:
    """The reason of a job whose worker died, in French, at its last sign of life."""
    when = timezone.localtime(last_sign)
    return (
        f"Le traitement s'est interrompu (le processus de travail s'est arrêté) le "
        f"{when:%d/%m/%Y} à {when:%H:%M} ; rien n'a été enregistré."
    )


def jobs_expire(*, pk: int | None = None) -> int:
    """Mark failed the running jobs whose lease expired (all of them, or job ``pk``): their
    worker gave no sign of life for ``NDRC_JOBS_LEASE_SECONDS``. Called when a page or the
    API reads a job and when a worker starts; returns how many were marked. Never fails the
    caller: on a busy database the next reading tries again."""
    expired = Job.objects.expired()
    if pk is not None:
        expired = expired.filter(pk=pk)
    marked = 0
    try:
        with transaction.atomic():
            rows = list(
                expired.annotate(
                    last=Coalesce("heartbeat_at", "started_at", "created_at")
                ).values_list("pk", "last")
            )
            for job_id, last in rows:
                message = interrupted_message(last)
                # Conditional: a beat written meanwhile keeps the job alive.
                marked += (
                    Job.objects.expired()
                    .filter(pk=job_id)
                    .update(
                        state=JobState.FAILED,
                        message=message,
                        finished_at=timezone.now(),
                        result={
                            "interrupted": True,
                            "details": [
                                f"Aucun signe de vie du processus de travail depuis plus de "
                                f"{settings.NDRC_JOBS_LEASE_SECONDS} secondes.",
                                "La tâche peut être relancée avec les mêmes paramètres.",
                            ],
                        },
                    )
                )
    except DatabaseError:  # SQLite busy with a worker's transaction
        logger.warning("jobs: expired leases not marked (database busy)", exc_info=True)
        return 0
    if marked:
        logger.warning("jobs: %s job(s) interrupted, marked failed", marked)
    return marked


def job_restart(*, job: Job, actor: Any) -> Job:
    """Start a failed (or interrupted) job again with the same parameters (an import's kept
    file, a closing's jury and fingerprint): same job, back to the queue, audited."""
    jobs_expire(pk=job.pk)
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.state != JobState.FAILED:
            raise ValidationError(
                "Seule une tâche en échec ou interrompue peut être relancée : celle-ci est "
                f"{current.get_state_display()}."
            )
        Job.objects.filter(pk=job.pk).update(
            state=JobState.QUEUED,
            done=0,
            total=0,
            message="Relancée : en attente d'un processus de travail…",
            result=None,
            task_id="",
            started_at=None,
            finished_at=None,
            heartbeat_at=None,
            restarts=F("restarts") + 1,
        )
        audit_record(
            actor=user,
            action="job_restart",
            obj=current,
            before={"state": current.state, "message": current.message},
            after={"state": JobState.QUEUED.value, "restarts": current.restarts + 1},
        )
    _start(current)
    current.refresh_from_db()
    return current


def jobs_purge(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Drop what failed jobs keep for a restart (an import's file) once they failed more
    than ``NDRC_JOBS_KEEP_FAILED_DAYS`` ago (the apps owning such files answer the signal
    ``job_files_purge``); interrupted jobs are noticed first. Returns the counts by kind."""
    jobs_expire()
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.NDRC_JOBS_KEEP_FAILED_DAYS)
    failed = Job.objects.filter(state=JobState.FAILED, finished_at__lt=cutoff)
    counts: dict[str, int] = {}
    for _receiver, answer in job_files_purge.send(sender=Job, failed=failed):
        for what, n in (answer or {}).items():
            counts[what] = counts.get(what, 0) + n
    return counts


def _enqueue(job_id: int) -> None:
    try:
        result = job_execute.enqueue(job_id)
    except Exception as error:
        logger.exception("job %s: not enqueued", job_id)
        job_finish(job_id, JobState.FAILED, f"La tâche n'a pas pu être lancée : {error}", None)
        return
    Job.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])
