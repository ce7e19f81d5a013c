"""A candidate's file: identity and choices, exam plan, grades, internships, dossiers and the
conformity checklist (what is done, missing and due), with the forms a training centre or the
exam office uses to keep internships and dossiers."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.exports import csv_bytes, xlsx_bytes
from ndrc.rules.conformity_list import LIST_COLUMNS, LIST_HEADERS, LIST_WIDTHS, commission_rows
from ndrc.rules.exam_plan import exam_plan
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, has_permission
from ndrc.web.exams import selectors, services
from ndrc.web.exams.candidate_form import CandidateForm
from ndrc.web.exams.conformity import conformity_reports
from ndrc.web.exams.dossier_form import dossier_content, dossier_context
from ndrc.web.exams.file_services import DOSSIER_EXAMS, dossier_set, internship_add
from ndrc.web.exams.grade_entry import grade_text
from ndrc.web.exams.models import Candidate, Dossier, Internship
from ndrc.web.regulation.plan_adapter import candidate_profile

# The fields of a dossier that only the exam office sets (its judgement, not a fact the
# training centre reports), with their value when absent.
JUDGEMENTS = (("exam_day_doubt", ""), ("plagiarism_suspected", False))


def visible_candidate(request: HttpRequest, pk: int) -> Candidate:
    session = selectors.session_current()
    visible = (
        selectors.candidates_visible_to(user=request.user, session=session)
        if session
        else Candidate.objects.none()
    )
    return get_object_or_404(visible.select_related("session", "establishment"), pk=pk)


@requires(Permission.VIEW_CANDIDATE_PLAN)
def candidate_plan(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = visible_candidate(request, pk)
    plan = exam_plan(candidate_profile(candidate), candidate.session.year)
    report = conformity_reports([candidate], as_of=dt.date.today()).get(candidate.pk)
    return render(
        request,
        "regulation/candidate_plan.html",
        {
            "title": _("Dossier du candidat"),
            "candidate": candidate,
            "plan": plan,
            "report": None if isinstance(report, str) else report,
            "report_error": report if isinstance(report, str) else "",
            "grades": [(g.exam, grade_text(g), g) for g in candidate.grades.order_by("exam")],
            "internships": Internship.objects.filter(candidate=candidate),
            "dossiers": {d.exam: d for d in Dossier.objects.filter(candidate=candidate)},
            "dossier_exams": DOSSIER_EXAMS,
            "kinds": Internship._meta.get_field("kind").choices,
        },
    )


@requires(Permission.EDIT_CANDIDATE_FILE)
@require_POST
def internship_new(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = visible_candidate(request, pk)
    try:
        start = dt.date.fromisoformat(request.POST.get("start", ""))
        end = dt.date.fromisoformat(request.POST.get("end", ""))
    except ValueError:
        messages.error(request, _("Dates de début et de fin obligatoires (JJ/MM/AAAA)."))
        return redirect("candidate_plan", pk=candidate.pk)
    try:
        internship_add(
            candidate=candidate,
            organisation=request.POST.get("organisation", "").strip(),
            start=start,
            end=end,
            kind=request.POST.get("kind", "internship"),
            attestation=bool(request.POST.get("attestation")),
            signed=bool(request.POST.get("signed")),
            full_time=bool(request.POST.get("full_time")),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Période enregistrée."))
    return redirect("candidate_plan", pk=candidate.pk)


@requires(Permission.EDIT_CANDIDATE_FILE)
def dossier_edit(request: HttpRequest, pk: int, exam: str) -> HttpResponse:
    candidate = visible_candidate(request, pk)
    if exam not in DOSSIER_EXAMS:
        raise Http404
    current = Dossier.objects.filter(candidate=candidate, exam=exam).first()
    content = current_content = {} if current is None else dict(current.content)
    errors: list[str] = []
    if request.method == "POST":
        content, errors = dossier_content(exam, request.POST)
        if not has_permission(request.user, Permission.JUDGE_CONFORMITY):
            for key, default in JUDGEMENTS:  # kept as the exam office set them
                if key in content or key in current_content:
                    content[key] = current_content.get(key, default)
        if not errors:
            try:
                dossier_set(
                    candidate=candidate,
                    exam=exam,
                    content=content,
                    actor=request.user,
                    reason=request.POST.get("reason", ""),
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Dossier %(exam)s enregistré.") % {"exam": exam})
                return redirect("candidate_plan", pk=candidate.pk)
    return render(
        request,
        "regulation/dossier_edit.html",
        {
            "title": _("Dossier %(exam)s") % {"exam": exam},
            "candidate": candidate,
            "errors": errors,
            **dossier_context(exam, content),
        },
    )


@requires(Permission.VIEW_CANDIDATE_LIST)
def conformity_list(request: HttpRequest) -> HttpResponse:
    """The conformity commission's list for the candidates the user sees (``?format=csv`` or
    ``xlsx`` to download it), with each NV and its cause. ``?nv=1`` keeps the NV only."""
    session = selectors.session_current()
    candidates = (
        list(selectors.candidates_visible_to(user=request.user, session=session)) if session else []
    )
    reports = conformity_reports(candidates, as_of=dt.date.today())
    readable = [r for r in reports.values() if not isinstance(r, str)]
    unreadable = [(c, reports[c.pk]) for c in candidates if isinstance(reports[c.pk], str)]
    rows = commission_rows(readable)
    if request.GET.get("nv"):
        rows = [r for r in rows if r["outcome"] == "nv"]
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx") and session is not None:
        stem = f"commission-conformite-{session.year}"
        if fmt == "csv":
            data, mimetype = csv_bytes(LIST_COLUMNS, rows), "text/csv; charset=utf-8"
        else:
            data = xlsx_bytes(
                title="Commission de conformité",
                headers=LIST_HEADERS,
                columns=LIST_COLUMNS,
                rows=rows,
                widths=LIST_WIDTHS,
            )
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(data, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
        return response
    pks = {c.number: c.pk for c in candidates}
    for row in rows:
        row["pk"] = pks.get(row["id"])
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["outcome_label"]] = counts.get(row["outcome_label"], 0) + 1
    return render(
        request,
        "regulation/conformity_list.html",
        {
            "title": _("Conformité des dossiers"),
            "session": session,
            "rows": rows,
            "counts": sorted(counts.items()),
            "unreadable": unreadable,
            "only_nv": bool(request.GET.get("nv")),
        },
    )


@requires(Permission.REGISTER_CANDIDATES)
def candidate_new(request: HttpRequest) -> HttpResponse:
    """Register one candidate in the session in progress (the import does many at once)."""
    session = selectors.session_current()
    if session is None:
        raise Http404
    form = CandidateForm(request.POST or None, academy_id=request.user.academy_id, editing=False)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            with transaction.atomic():
                candidate = services.candidate_register(
                    session=session,
                    academy=request.user.academy,
                    number=form.cleaned_data["number"].strip(),
                    actor=request.user,
                    **{k: v for k, v in changes.items() if k not in ("reason",)},
                )
                services.check_registration(candidate)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Candidat inscrit."))
            return redirect("candidate_plan", pk=candidate.pk)
    return render(
        request,
        "regulation/candidate_form.html",
        {"title": _("Inscrire un candidat"), "form": form, "errors": errors, "candidate": None},
    )


@requires(Permission.REGISTER_CANDIDATES)
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = visible_candidate(request, pk)
    form = CandidateForm(
        request.POST or None,
        initial=CandidateForm.initial_for(candidate),
        academy_id=candidate.academy_id,
        editing=True,
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_update(
                candidate=candidate,
                changes=form.changes(),
                actor=request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            errors = error.messages
            candidate.refresh_from_db()
        else:
            messages.success(request, _("Inscription modifiée."))
            return redirect("candidate_plan", pk=candidate.pk)
    return render(
        request,
        "regulation/candidate_form.html",
        {
            "title": _("Modifier l'inscription"),
            "form": form,
            "errors": errors,
            "candidate": candidate,
        },
    )
