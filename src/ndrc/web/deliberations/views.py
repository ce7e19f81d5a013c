"""Deliberation pages: the juries, a jury's deliberation (what is missing, proposed decisions,
close, reopen with a reason, publish, export), a candidate's result with the jury's grade
changes, the candidate's own published result and a candidate's audit trail."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.rules.results import Decision, decide_all, display_average
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Permission, Role, has_permission
from ndrc.web.audit.models import AuditEntry
from ndrc.web.deliberations import selectors as jsel
from ndrc.web.deliberations import services
from ndrc.web.deliberations.access import candidate_for, jury_for
from ndrc.web.deliberations.exports import results_export
from ndrc.web.deliberations.jobs import deliberation_close_work
from ndrc.web.deliberations.models import JuryGradeChange
from ndrc.web.exams import selectors
from ndrc.web.exams.grade_entry import grade_text
from ndrc.web.exams.grades import EXAM_CODES, result_inputs
from ndrc.web.exams.models import Candidate, Establishment
from ndrc.web.jobs.services import job_run

FINAL = (
    Decision.ADMITTED,
    Decision.ADMITTED_AFTER_RESIT,
    Decision.FAILED,
    Decision.FAILED_AFTER_RESIT,
    Decision.NOT_DELIVERABLE,
)


def pass_rate(counts: Counter[Decision] | dict[Decision, int]) -> str | None:
    final = sum(counts.get(d, 0) for d in FINAL)
    admitted = counts.get(Decision.ADMITTED, 0) + counts.get(Decision.ADMITTED_AFTER_RESIT, 0)
    return None if not final else f"{100 * admitted / final:.1f}".replace(".", ",")


@requires(Permission.DELIBERATE)
def deliberation(request: HttpRequest) -> HttpResponse:
    """The juries the user sees and, for the exam office, the whole session's proposals."""
    session = selectors.session_current()
    juries = list(jsel.juries_visible_to(user=request.user, session=session))
    rows = []
    counts: Counter[Decision] = Counter()
    if session is not None:
        candidates = selectors.candidates_visible_to(user=request.user, session=session)
        listed = list(candidates.select_related("establishment", "session"))
        decided = decide_all(jsel.deliberation_inputs(listed))
        for candidate, d in zip(listed, decided, strict=True):
            counts[d.decision] += 1
            rows.append(
                {
                    "candidate": candidate,
                    "decision": d.decision,
                    "average": "—"
                    if d.average is None
                    else display_average(d.average, session.year),
                }
            )
    unassigned = (
        jsel.unassigned_candidates(session, request.user.academy_id).count()
        if session is not None and has_permission(request.user, Permission.MANAGE_JURIES)
        else 0
    )
    return render(
        request,
        "deliberation/list.html",
        {
            "title": _("Délibération"),
            "session": session,
            "juries": juries,
            "unassigned": unassigned,
            "rows": rows,
            "counts": [(d, counts[d]) for d in Decision if counts[d]],
            "pass_rate": pass_rate(counts),
        },
    )


@requires(Permission.MANAGE_JURIES)
def jury_new(request: HttpRequest) -> HttpResponse:
    """Create a jury: its members and the candidates of the chosen establishments (those not
    yet assigned to a jury; candidates by experience have no establishment)."""
    session = selectors.session_current()
    if session is None:
        raise Http404
    academy_id = request.user.academy_id
    establishments = Establishment.objects.filter(academy_id=academy_id).order_by("name")
    members = User.objects.filter(role=Role.JURY, academy_id=academy_id).order_by("last_name")
    errors: list[str] = []
    if request.method == "POST":
        chosen = request.POST.getlist("establishments")
        pool = jsel.unassigned_candidates(session, academy_id)
        picked = pool.filter(establishment_id__in=[int(c) for c in chosen if c.isdigit()])
        if request.POST.get("experience"):
            picked = picked | pool.filter(establishment__isnull=True)
        try:
            jury = services.jury_create(
                session=session,
                academy=request.user.academy,
                name=request.POST.get("name", "").strip(),
                members=list(members.filter(pk__in=request.POST.getlist("members"))),
                candidates=list(picked),
                actor=request.user,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Jury créé."))
            return redirect("jury_detail", pk=jury.pk)
    return render(
        request,
        "deliberation/jury_new.html",
        {
            "title": _("Nouveau jury"),
            "session": session,
            "establishments": establishments,
            "members": members,
            "errors": errors,
        },
    )


def _unassigned_groups(jury: Any) -> list[tuple[str, str, int]]:
    """The candidates of the session without a jury, by establishment: (value, label, n)."""
    pool = jsel.unassigned_candidates(jury.session, jury.academy_id)
    groups = []
    for row in (
        pool.values("establishment", "establishment__name")
        .annotate(n=Count("id"))
        .order_by("establishment__name")
    ):
        value = "none" if row["establishment"] is None else str(row["establishment"])
        label = row["establishment__name"] or _(
            "Candidats au titre de l'expérience professionnelle"
        )
        groups.append((value, label, row["n"]))
    return groups


@requires(Permission.DELIBERATE)
def jury_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jury = jury_for(request.user, pk)
    review = None if jury.is_closed else jsel.jury_review(jury)
    frozen = list(jsel.frozen_results(jury)) if jury.is_closed else []
    counts: Counter[Decision] = Counter()
    if review is not None:
        counts.update(r.result.decision for r in review.rows)
    else:
        counts.update(Decision(f.decision) for f in frozen)
    return render(
        request,
        "deliberation/jury.html",
        {
            "title": str(jury),
            "jury": jury,
            "review": review,
            "frozen": frozen,
            "published": any(f.published_at for f in frozen),
            "counts": [(d, counts[d]) for d in Decision if counts[d]],
            "pass_rate": pass_rate(counts),
            "unassigned": _unassigned_groups(jury)
            if has_permission(request.user, Permission.MANAGE_JURIES) and not jury.is_closed
            else [],
            "history": AuditEntry.objects.filter(
                object_type="deliberations.Jury", object_id=str(jury.pk)
            ).select_related("actor"),
        },
    )


@requires(Permission.MANAGE_JURIES)
@require_POST
def jury_add_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the candidates without a jury of one establishment (or by experience) to the jury."""
    jury = jury_for(request.user, pk)
    pool = jsel.unassigned_candidates(jury.session, jury.academy_id)
    chosen = request.POST.get("establishment", "")
    group = (
        pool.filter(establishment__isnull=True)
        if chosen == "none"
        else pool.filter(establishment_id=int(chosen) if chosen.isdigit() else 0)
    )
    try:
        n = services.jury_assign(jury=jury, candidates=list(group), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s candidat(s) ajouté(s) au jury.") % {"n": n})
    return redirect("jury_detail", pk=jury.pk)


@requires(Permission.DELIBERATE)
@require_POST
def jury_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing runs as a background job with a progress page (immediate by default)."""
    jury = jury_for(request.user, pk)
    job = job_run(
        kind="deliberation_close",
        task=deliberation_close_work,
        params={
            "jury": jury.pk,
            "seen": int(seen) if (seen := request.POST.get("seen", "")).isdigit() else None,
        },
        actor=request.user,
        label=_("Clôture de la délibération — %(jury)s") % {"jury": jury},
    )
    return redirect("job_detail", pk=job.pk)


@requires(Permission.REOPEN_DELIBERATION)
@require_POST
def jury_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    jury = jury_for(request.user, pk)
    try:
        services.deliberation_reopen(
            jury=jury, reason=request.POST.get("reason", ""), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Délibération rouverte : nouveau tour de délibération."))
    return redirect("jury_detail", pk=jury.pk)


@requires(Permission.PUBLISH_RESULTS)
@require_POST
def jury_publish(request: HttpRequest, pk: int) -> HttpResponse:
    jury = jury_for(request.user, pk)
    try:
        count = services.results_publish(jury=jury, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s résultat(s) publié(s).") % {"n": count})
    return redirect("jury_detail", pk=jury.pk)


@requires(Permission.EXPORT_RESULTS)
def jury_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The arrested results of the last closed round (``?tour=N`` for an earlier one), also
    while a re-deliberation is open."""
    jury = jury_for(request.user, pk)
    last_closed = jury.round if jury.is_closed else jury.round - 1
    requested = request.GET.get("tour", "")
    round_ = int(requested) if requested.isdigit() else last_closed
    if fmt not in ("csv", "xlsx") or not 1 <= round_ <= last_closed:
        raise Http404
    filename, mimetype, data = results_export(jury, fmt, round_)
    response = HttpResponse(data, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires(Permission.DELIBERATE)
def deliberation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate's proposed result, the jury's changes (added with a mandatory reason while
    the deliberation is open) and the frozen results of earlier rounds."""
    candidate, jury = candidate_for(request.user, pk)
    errors: list[str] = []
    if request.method == "POST" and jury is not None:
        try:
            if "withdraw" in request.POST:
                change = get_object_or_404(
                    JuryGradeChange, pk=request.POST["withdraw"], jury=jury, candidate=candidate
                )
                services.jury_grade_change_withdraw(
                    change=change, reason=request.POST.get("reason", ""), actor=request.user
                )
            elif request.POST.get("action") == "resit":
                services.resit_grade_set(
                    candidate=candidate,
                    unit=request.POST.get("unit", ""),
                    value=request.POST.get("value", ""),
                    actor=request.user,
                )
            elif request.POST.get("action") == "resit_withdraw":
                services.resit_grade_withdraw(
                    candidate=candidate,
                    unit=request.POST.get("unit", ""),
                    reason=request.POST.get("reason", ""),
                    actor=request.user,
                )
            elif request.POST.get("action") == "decline":
                services.resit_declined_set(
                    candidate=candidate,
                    declined=request.POST.get("declined") == "1",
                    reason=request.POST.get("reason", ""),
                    actor=request.user,
                )
            else:
                services.jury_grade_change(
                    jury=jury,
                    candidate=candidate,
                    exam=request.POST.get("exam", ""),
                    value=request.POST.get("value", ""),
                    reason=request.POST.get("reason", ""),
                    actor=request.user,
                )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Modification enregistrée."))
            return redirect("deliberation_detail", pk=candidate.pk)
    if jury is not None:
        row = jsel.candidate_review(jury, candidate)
        result, changes = row.result, row.changes
    else:
        from ndrc.rules.results import deliberate

        result = deliberate(result_inputs(Candidate.objects.filter(pk=candidate.pk))[0])
        changes = []
    return render(
        request,
        "deliberation/detail.html",
        {
            "title": _("Délibération"),
            "candidate": candidate,
            "jury": jury,
            "result": result,
            "changes": changes,
            "exams": [u.exam for u in result.units] or list(EXAM_CODES),
            "frozen": candidate.results.order_by("-round"),
            "resits": candidate.resits.all(),
            "units": _units_with_stored_grades(result, candidate),
            "resit_phase": result.decision
            in (
                Decision.RESIT_ELIGIBLE,
                Decision.ADMITTED_AFTER_RESIT,
                Decision.FAILED_AFTER_RESIT,
            ),
            "resit_units": [u.unit for u in result.units if u.counted],
            "declined": jury is not None
            and jury.assignments.filter(candidate=candidate, resit_declined=True).exists(),
            "errors": errors,
        },
    )


def _units_with_stored_grades(result: Any, candidate: Candidate) -> list[tuple[Any, str]]:
    """Each unit of the result with the grade as stored (before any jury change)."""
    stored = {g.exam: grade_text(g) for g in candidate.grades.all()}
    rows = []
    for unit in result.units:
        if unit.exam == "E5" and "E5" not in stored:
            text = ", ".join(f"{code} {stored[code]}" for code in ("E5W", "E5P") if code in stored)
        else:
            text = stored.get(unit.exam, "")
        rows.append((unit, text))
    return rows


@requires(Permission.VIEW_OWN_RESULTS)
def my_result(request: HttpRequest) -> HttpResponse:
    """The candidate's own published result, with its explanation."""
    candidate = Candidate.objects.filter(user=request.user).select_related("session").first()
    result = None if candidate is None else jsel.published_result(candidate)
    reconsidered = (
        result is not None and not result.jury.is_closed and result.jury.round > result.round
    )
    return render(
        request,
        "deliberation/my_result.html",
        {
            "title": _("Mes résultats"),
            "candidate": candidate,
            "result": result,
            "reconsidered": reconsidered,
        },
    )


@requires(Permission.VIEW_AUDIT)
def candidate_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Every write about a candidate: who, when, what, before, after and why."""
    session = selectors.session_current()
    visible = (
        selectors.candidates_visible_to(user=request.user, session=session)
        if session
        else Candidate.objects.none()
    )
    candidate = get_object_or_404(visible, pk=pk)
    entries = AuditEntry.objects.filter(candidate=candidate).select_related("actor")
    return render(
        request,
        "deliberation/audit.html",
        {"title": _("Historique"), "candidate": candidate, "entries": entries},
    )
