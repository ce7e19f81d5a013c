"""Reads on jobs: who may follow a job, and its state as the progress page polls it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ndrc.web.accounts.roles import Role
from ndrc.web.jobs.models import Job


def jobs_visible_to(*, user: Any) -> QuerySet[Job]:
    """The jobs this user may follow (the list of ``job_visible_to``'s): those he or she
    started and, for the exam office, those of its académie; every job for a superuser."""
    jobs = Job.objects.select_related("created_by")
    if not getattr(user, "is_authenticated", False):
        return jobs.none()
    if getattr(user, "is_superuser", False):
        return jobs
    mine = Q(created_by_id=user.pk)
    academy = getattr(user, "academy_id", None)
    if getattr(user, "role", "") == Role.EXAM_OFFICE and academy is not None:
        mine |= Q(academy_id=academy)
    return jobs.filter(mine)


def job_visible_to(*, user: Any, pk: int) -> Job | None:
    """The job if this user may follow it: its creator, the exam office of its académie (or a
    superuser); None otherwise (the page answers 404)."""
    job = Job.objects.filter(pk=pk).select_related("created_by").first()
    if job is None or not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "is_superuser", False) or job.created_by_id == user.pk:
        return job
    if (
        getattr(user, "role", "") == Role.EXAM_OFFICE
        and job.academy_id is not None
        and job.academy_id == getattr(user, "academy_id", None)
    ):
        return job
    return None


def job_state(job: Job) -> dict[str, Any]:
    """What the progress page polls (GET /taches/<pk>/etat/)."""
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "result_url": job.result_url,
        "finished": job.is_finished,
    }
