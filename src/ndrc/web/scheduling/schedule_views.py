"""The exam days' schedule pages: the overview (status, value / bound, the binding resource,
the checker's verdict, Établir / Appliquer / Replanifier), the schedule by centre, day, room
and commission (printable), an examiner's day, a candidate's sittings. Each user sees his or
her part (``scheduling.selectors``); anything else is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ndrc.planning.schedule import Violation
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.candidates.selectors import candidate_visible_to
from ndrc.web.jobs.models import Job
from ndrc.web.pagination import paginate
from ndrc.web.scheduling import organisation_services, planning_jobs, services
from ndrc.web.scheduling.models import Commission, Examiner, Room, Schedule, Sitting
from ndrc.web.scheduling.selectors import (
    commission_lines,
    commissions_of,
    conflicts_by_commission,
    schedule_applied,
    schedule_conflicts,
    schedule_draft,
    schedule_visible_to,
    schedules_of,
    sittings_visible_to,
)
from ndrc.web.sessions.models import Academy
from ndrc.web.sessions.selectors import session_current


def _office_scope(request: HttpRequest) -> tuple[Any, Academy]:
    session = session_current(user=request.user)
    academy = request.user.academy  # type: ignore[union-attr]
    if session is None or academy is None:
        raise Http404("Aucune session en cours pour votre académie.")
    return session, academy


@requires(Permission.VIEW_EXAM_DAYS)
@require_GET
def schedule_overview(request: HttpRequest) -> HttpResponse:
    """The exam office: the session's schedules, their report and the actions. The others:
    their part of the applied schedule (an examiner his or her day, a training centre its
    candidates', a candidate his or her own)."""
    user: Any = request.user
    if user.role != Role.EXAM_OFFICE:
        sittings = (
            sittings_visible_to(user=user, schedule=None)
            .filter(commission__schedule__status=Schedule.APPLIED)
            .select_related("candidate", "commission__centre", "commission__room")
            .order_by("commission__date", "commission__half", "start", "candidate__number")
        )
        page = paginate(request, sittings)
        return render(
            request,
            "scheduling/schedule/mine.html",
            {
                "page": page,
                "pagination": page,
                "examiners": Examiner.objects.filter(user=user, withdrawn=False),
            },
        )
    session, academy = _office_scope(request)
    applied = schedule_applied(session=session, academy=academy)
    draft = schedule_draft(session=session, academy=academy)
    resit = schedules_of(session=session, academy=academy, purpose=Schedule.RESIT).first()
    job = Job.objects.filter(kind=planning_jobs.PLAN_KIND, params__academy=academy.pk).first()
    violations: list[Violation] = []
    if applied is not None:
        violations, _ = schedule_conflicts(applied)
    return render(
        request,
        "scheduling/schedule/overview.html",
        {
            "session": session,
            "applied": applied,
            "draft": draft,
            "resit": resit,
            "job": job,
            "violations": violations[:50],
            "violation_count": len(violations),
            "history": schedules_of(session=session, academy=academy)[:10],
        },
    )


@requires(Permission.ORGANISE_EXAM_DAYS)
@require_POST
def schedule_establish(request: HttpRequest) -> HttpResponse:
    """« Établir le planning »: a background job (its page shows the progress)."""
    session, academy = _office_scope(request)
    job = planning_jobs.schedule_plan_start(
        session=session,
        academy=academy,
        actor=request.user,
        time_limit=planning_jobs.solver_seconds(),
    )
    return redirect("job_detail", pk=job.pk)


@requires(Permission.ORGANISE_EXAM_DAYS)
@require_POST
def schedule_replan(request: HttpRequest) -> HttpResponse:
    """« Replanifier »: a new draft from the applied schedule, with minimal changes."""
    session, academy = _office_scope(request)
    if schedule_applied(session=session, academy=academy) is None:
        messages.error(request, _("Aucun planning appliqué à replanifier."))
        return redirect("schedule_overview")
    reason = request.POST.get("reason", "").strip()[:255]
    job = planning_jobs.schedule_plan_start(
        session=session,
        academy=academy,
        actor=request.user,
        replan=True,
        reason=reason,
        time_limit=planning_jobs.solver_seconds(),
    )
    return redirect("job_detail", pk=job.pk)


@requires(Permission.ORGANISE_EXAM_DAYS)
@require_POST
def schedule_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply a draft, once confirmed (the box « je confirme » of the page)."""
    schedule = schedule_visible_to(user=request.user, pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(
            request, _("Cochez la confirmation pour appliquer ce planning (il remplace l'actuel).")
        )
        return redirect("schedule_detail", pk=schedule.pk)
    try:
        services.schedule_apply(schedule=schedule, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("schedule_detail", pk=schedule.pk)
    messages.success(request, _("Planning appliqué : les convocations suivent ce planning."))
    return redirect("schedule_detail", pk=schedule.pk)


@requires(Permission.VIEW_EXAM_DAYS)
@require_GET
def schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The schedule by centre → day → room → commission (members, candidates with their
    times and loge times), paginated by commissions; a conflict shows on its commission's
    row. Printable."""
    schedule = schedule_visible_to(user=request.user, pk=pk)
    sittings = sittings_visible_to(user=request.user, schedule=schedule)
    page = paginate(request, commissions_of(schedule=schedule, sittings=sittings), per_page=40)
    commissions = list(page.rows)
    lines = commission_lines(commissions, sittings)
    violations, half_days = schedule_conflicts(schedule)
    conflicts = conflicts_by_commission(
        commissions=commissions, lines=lines, violations=violations, half_days=half_days
    )
    rows = [(c, lines[c.pk], conflicts.get(c.pk, [])) for c in commissions]
    user: Any = request.user
    office = user.role == Role.EXAM_OFFICE
    return render(
        request,
        "scheduling/schedule/detail.html",
        {
            "schedule": schedule,
            "report": schedule.report,
            "page": page,
            "pagination": page,
            "rows": rows,
            "office": office,
            "violations": violations[:50] if office else [],
            "violation_count": len(violations),
            "changed": schedule.report.get("changed", []) if office else [],
        },
    )


def _examiner_visible(user: Any, pk: int) -> Examiner:
    """An examiner whose day this user may open: the exam office any of its académie's, an
    examiner his or her own; a training centre or a candidate one who examines one of the
    sittings they see (404 otherwise)."""
    examiners = Examiner.objects.select_related("session", "academy")
    if user.role == Role.EXAM_OFFICE:
        return get_object_or_404(examiners, pk=pk, academy_id=user.academy_id)
    if user.role == Role.EXAMINER:
        return get_object_or_404(examiners, pk=pk, user=user)
    seen = sittings_visible_to(user=user, schedule=None).filter(
        commission__schedule__status=Schedule.APPLIED
    )
    return get_object_or_404(examiners, pk=pk, commissions__pk__in=seen.values("commission_id"))


@requires(Permission.VIEW_EXAM_DAYS)
@require_GET
def examiner_day(request: HttpRequest, pk: int) -> HttpResponse:
    """An examiner's days in the applied schedule (« ma journée » for the examiner): the
    commissions he or she sits in, with their candidates; a conflict shows where it bites."""
    user: Any = request.user
    examiner = _examiner_visible(user, pk)
    schedule = schedule_applied(session=examiner.session, academy=examiner.academy)
    rows: list[Any] = []
    violations: list[Violation] = []
    page = None
    if schedule is not None:
        sittings: QuerySet[Sitting] = sittings_visible_to(user=user, schedule=schedule)
        if user.role in (Role.EXAM_OFFICE, Role.EXAMINER):
            sittings = Sitting.objects.filter(commission__schedule=schedule)
        commissions = commissions_of(schedule=schedule, sittings=sittings).filter(members=examiner)
        page = paginate(request, commissions.order_by("date", "half", "pk"), per_page=20)
        listed = list(page.rows)
        lines = commission_lines(listed, sittings)
        every, half_days = schedule_conflicts(schedule)
        violations = [v for v in every if v.examiner in ("", str(examiner.pk))]
        conflicts = conflicts_by_commission(
            commissions=listed, lines=lines, violations=violations, half_days=half_days
        )
        rows = [(c, lines[c.pk], conflicts.get(c.pk, [])) for c in listed]
    return render(
        request,
        "scheduling/schedule/examiner_day.html",
        {
            "examiner": examiner,
            "schedule": schedule,
            "rows": rows,
            "page": page,
            "pagination": page,
            "own_conflicts": [v.message for v in violations if v.examiner == str(examiner.pk)],
            "office": user.role == Role.EXAM_OFFICE,
        },
    )


@requires(Permission.VIEW_EXAM_DAYS)
@require_GET
def candidate_sittings(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate's sittings in the applied schedules (the candidate's own, a training
    centre its candidates', the exam office any of its académie's)."""
    candidate = candidate_visible_to(user=request.user, pk=pk)
    sittings = (
        Sitting.objects.filter(candidate=candidate, commission__schedule__status=Schedule.APPLIED)
        .select_related("commission__centre", "commission__room")
        .order_by("commission__date", "commission__half", "start")
    )
    return render(
        request,
        "scheduling/schedule/candidate.html",
        {"candidate": candidate, "sittings": sittings},
    )


@requires(Permission.ORGANISE_EXAM_DAYS)
@require_POST
def examiner_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """An examiner withdraws (with the reason): the schedule shows the conflict, a
    re-planning moves his or her candidates."""
    examiner = _examiner_visible(request.user, pk)
    try:
        organisation_services.examiner_withdraw(
            examiner=examiner, reason=request.POST.get("reason", ""), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Désistement enregistré : replanifiez pour confier ses candidats à d'autres."),
        )
    return redirect("schedule_examiner_day", pk=examiner.pk)


@requires(Permission.ORGANISE_EXAM_DAYS)
@require_POST
def room_lose(request: HttpRequest, pk: int) -> HttpResponse:
    """A room is no longer available (with the reason)."""
    user: Any = request.user
    room = get_object_or_404(Room, pk=pk, centre__academy_id=user.academy_id)
    try:
        services.room_lose(room=room, reason=request.POST.get("reason", ""), actor=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Salle indisponible : replanifiez pour déplacer ses passages."))
    back = (
        Commission.objects.filter(room=room, schedule__status=Schedule.APPLIED)
        .values_list("schedule_id", flat=True)
        .first()
    )
    return redirect("schedule_detail", pk=back) if back else redirect("schedule_overview")
