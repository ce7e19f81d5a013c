"""« Oraux de contrôle » (exam office): the units the candidates chose for the resit orals
and « Planifier les oraux de contrôle », the scheduling job of ``scheduling`` for them in the
resit days (deliberations may import scheduling, never the reverse)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations.resits import resit_choices
from ndrc.web.scheduling import planning_jobs
from ndrc.web.scheduling.models import Schedule
from ndrc.web.scheduling.selectors import schedules_of
from ndrc.web.sessions.selectors import session_current


def _scope(request: HttpRequest) -> tuple[Any, Any]:
    session = session_current(user=request.user)
    academy = getattr(request.user, "academy", None)
    if session is None or academy is None:
        raise Http404(_("Aucune session en cours pour votre académie."))
    return session, academy


@requires(Permission.ORGANISE_EXAM_DAYS)
@require_GET
def resit_orals(request: HttpRequest) -> HttpResponse:
    """The candidates who chose their resit orals, with their units, and the resit
    schedules."""
    session, academy = _scope(request)
    choices = resit_choices(session=session, academy=academy)
    candidates = Candidate.objects.in_bulk(list(choices))
    rows = [(candidates[pk], units) for pk, units in choices.items()]
    return render(
        request,
        "deliberations/resit_orals.html",
        {
            "title": _("Oraux de contrôle"),
            "session": session,
            "rows": rows,
            "schedules": schedules_of(session=session, academy=academy, purpose=Schedule.RESIT)[
                :10
            ],
        },
    )


@requires(Permission.ORGANISE_EXAM_DAYS)
@require_POST
def resit_orals_schedule(request: HttpRequest) -> HttpResponse:
    """« Planifier les oraux de contrôle »: a background job (its page shows the progress)
    that schedules the chosen units' orals in the resit days; the draft is applied from the
    schedule's page like the main one."""
    session, academy = _scope(request)
    choices = resit_choices(session=session, academy=academy)
    if not choices:
        messages.error(request, _("Aucun candidat n'a choisi ses épreuves de contrôle."))
        return redirect("resit_orals")
    job = planning_jobs.schedule_plan_start(
        session=session,
        academy=academy,
        actor=request.user,
        purpose=Schedule.RESIT,
        resits=choices,
        time_limit=planning_jobs.solver_seconds(),
    )
    return redirect("job_detail", pk=job.pk)
