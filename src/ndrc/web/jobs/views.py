"""The progress page of a job and the JSON it polls."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.jobs import selectors, services
from ndrc.web.jobs.lists import JobFilters, JobTable
from ndrc.web.jobs.models import Job
from ndrc.web.listing import export_asked, list_export, listing_read
from ndrc.web.pagination import paginate

DETAIL_LINES = 100


def _job(request: HttpRequest, pk: int) -> Job:
    services.jobs_expire(pk=pk)  # a job whose worker died is seen failed, with its reason
    job = selectors.job_visible_to(user=request.user, pk=pk)
    if job is None:
        raise Http404(_("Tâche introuvable."))
    return job


@requires(Permission.FOLLOW_JOBS)
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    """The jobs the user may follow (``selectors.jobs_visible_to``), the latest first, one
    page at a time: found by their label (``?q=``), filtered by kind (``?type=``), state
    (``?etat=``) and day (``?depuis=``), sorted by a column (``?tri=``); ``?format=csv`` or
    ``xlsx`` downloads them all."""
    filters = JobFilters(request.GET or None, jobs=selectors.jobs_visible_to(user=request.user))
    listing, ordered = listing_read(
        request, filters=filters, table_class=JobTable, default="-created_at"
    )
    fmt = export_asked(request)
    if fmt:
        return list_export(
            request, listing=listing, rows=ordered, fmt=fmt, stem="taches", title=_("Tâches")
        )
    return render(
        request,
        "jobs/list.html",
        {
            "title": _("Tâches"),
            "listing": listing,
            "searched": filters.active,
            "pagination": listing.pagination,
        },
    )


# Jobs are launched by imports and deliberation closings; the object check (creator, or the
# exam office of the job's académie) is in selectors.job_visible_to.
@requires(Permission.FOLLOW_JOBS)
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(
        request,
        "jobs/detail.html",
        {
            "title": job.label or _("Tâche"),
            "job": job,
            "state": selectors.job_state(job),
            # A job's lines (a refused import's errors, a closing's blockers) page by page.
            "details": paginate(request, job.details, per_page=DETAIL_LINES),
        },
    )


@requires(Permission.FOLLOW_JOBS)
@require_GET
def job_state(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job(request, pk)
    response = JsonResponse(selectors.job_state(job))
    response["Cache-Control"] = "no-store"
    return response


@requires(Permission.FOLLOW_JOBS)
@require_POST
def job_restart(request: HttpRequest, pk: int) -> HttpResponse:
    """« Relancer »: start a failed or interrupted job again with the same parameters (an
    import's kept file, a closing's jury), then follow it on its page."""
    job = _job(request, pk)
    try:
        job = services.job_restart(job=job, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("job_detail", pk=job.pk)
