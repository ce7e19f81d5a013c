"""The exam office's page « Convocations »: where the convocations of the applied schedule
stand (issued, sent, not sent, changed since sending), the button that sends them (a job) and
the progress of the last sending."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.jobs.models import Job
from ndrc.web.jobs.selectors import job_state
from ndrc.web.scheduling.convocation_common import JOB_KIND
from ndrc.web.scheduling.convocation_selectors import convocation_overview
from ndrc.web.scheduling.convocation_sending import convocations_send_start
from ndrc.web.sessions.models import Academy
from ndrc.web.sessions.selectors import session_current


def _academy(request: HttpRequest) -> Academy | None:
    academy_id = getattr(request.user, "academy_id", None)
    return None if academy_id is None else Academy.objects.filter(pk=academy_id).first()


@requires(Permission.ORGANISE_EXAM_DAYS)
@require_GET
def convocations(request: HttpRequest) -> HttpResponse:
    session = session_current(user=request.user)
    academy = _academy(request)
    overview = None
    last_job = None
    if session is not None and academy is not None:
        overview = convocation_overview(session_id=session.pk, academy_id=academy.pk)
        last_job = Job.objects.filter(kind=JOB_KIND, academy=academy).order_by("-pk").first()
    return render(
        request,
        "scheduling/convocation/overview.html",
        {
            "title": _("Convocations"),
            "session": session,
            "academy": academy,
            "overview": overview,
            "last_job": last_job,
            "last_state": None if last_job is None else job_state(last_job),
        },
    )


@requires(Permission.ORGANISE_EXAM_DAYS)
@require_POST
def convocations_send(request: HttpRequest) -> HttpResponse:
    """« Envoyer les convocations »: the job that issues and e-mails them, followed on its
    page."""
    session = session_current(user=request.user)
    academy = _academy(request)
    if session is None or academy is None:
        messages.error(
            request, _("Aucune session ou académie : choisissez une session de votre académie.")
        )
        return redirect("convocations")
    job = convocations_send_start(session=session, academy=academy, actor=request.user)
    return redirect("job_detail", pk=job.pk)
