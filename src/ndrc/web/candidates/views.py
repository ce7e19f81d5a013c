"""Candidates' pages: the list, registration (new and changed), a candidate's file (identity
and choices, exam plan, grades, internships, dossiers and the conformity checklist), the forms
a training centre or the exam office uses to keep internships and dossiers, the conformity
commission's list and a candidate's history."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.exports import FORMATS
from ndrc.rules.catalogue import catalogue
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, has_permission
from ndrc.web.audit.selectors import entries_about_candidate
from ndrc.web.candidates import file_services, selectors, services
from ndrc.web.candidates.dossier_form import dossier_content, dossier_context
from ndrc.web.candidates.exports import conformity_list_export
from ndrc.web.candidates.forms import CandidateForm
from ndrc.web.candidates.models import Internship
from ndrc.web.candidates.rules_inputs import conformity_reports, plan_of
from ndrc.web.documents.downloads import attachment
from ndrc.web.sessions.selectors import calendar_of, session_current, user_academy_id

# The fields of a dossier that only the exam office sets (its judgement, not a fact the
# training centre reports), with their value when absent.
JUDGEMENTS = (("exam_day_doubt", ""), ("plagiarism_suspected", False))


@requires(Permission.VIEW_CANDIDATE_LIST)
def candidate_list(request: HttpRequest) -> HttpResponse:
    session = session_current(user=request.user)
    return render(
        request,
        "candidates/list.html",
        {
            "title": _("Candidats"),
            "session": session,
            "candidates": selectors.candidates_visible_to(user=request.user, session=session),
        },
    )


@requires(Permission.VIEW_CANDIDATE_PLAN)
def candidate_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate's file."""
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    report = conformity_reports([candidate], as_of=dt.date.today()).get(candidate.pk)
    return render(
        request,
        "candidates/file.html",
        {
            "title": _("Dossier du candidat"),
            "candidate": candidate,
            "plan": plan_of(candidate),
            "report": None if isinstance(report, str) else report,
            "report_error": report if isinstance(report, str) else "",
            "grades": selectors.grades_shown_to(user=request.user, candidate=candidate),
            "own_file": candidate.user_id is not None and candidate.user_id == request.user.pk,
            "internships": selectors.internships_of(candidate),
            "dossiers": selectors.dossiers_of(candidate),
            "dossier_exams": catalogue().dossier_exams,
            "kinds": Internship._meta.get_field("kind").choices,
        },
    )


@requires(Permission.EDIT_CANDIDATE_FILE)
@require_POST
def internship_new(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    try:
        start = dt.date.fromisoformat(request.POST.get("start", ""))
        end = dt.date.fromisoformat(request.POST.get("end", ""))
    except ValueError:
        messages.error(request, _("Dates de début et de fin obligatoires (JJ/MM/AAAA)."))
        return redirect("candidate_plan", pk=candidate.pk)
    try:
        file_services.internship_add(
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
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    if exam not in catalogue().dossier_exams:
        raise Http404
    current = selectors.dossiers_of(candidate).get(exam)
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
                file_services.dossier_set(
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
        "candidates/dossier_edit.html",
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
    session = session_current(user=request.user)
    only_nv = bool(request.GET.get("nv"))
    commission = selectors.conformity_commission(
        selectors.candidates_visible_to(user=request.user, session=session),
        as_of=dt.date.today(),
        only_nv=only_nv,
    )
    fmt = request.GET.get("format", "")
    if fmt in FORMATS and session is not None:
        return attachment(conformity_list_export(commission.rows, fmt=fmt, year=session.year))
    return render(
        request,
        "candidates/conformity_list.html",
        {
            "title": _("Conformité des dossiers"),
            "session": session,
            "calendar": session
            and calendar_of(session=session, academy_id=user_academy_id(request.user)),
            "rows": commission.rows,
            "counts": commission.counts,
            "unreadable": commission.unreadable,
            "only_nv": only_nv,
        },
    )


@requires(Permission.REGISTER_CANDIDATES)
def candidate_new(request: HttpRequest) -> HttpResponse:
    """Register one candidate in the session in progress (the import does many at once)."""
    session = session_current(user=request.user)
    if session is None:
        raise Http404
    form = CandidateForm(request.POST or None, academy_id=request.user.academy_id, editing=False)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_register(
                session=session,
                academy=request.user.academy,
                number=form.cleaned_data["number"].strip(),
                actor=request.user,
                **form.changes(),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Candidat inscrit."))
            return redirect("candidate_plan", pk=candidate.pk)
    return render(
        request,
        "candidates/form.html",
        {"title": _("Inscrire un candidat"), "form": form, "errors": errors, "candidate": None},
    )


@requires(Permission.REGISTER_CANDIDATES)
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
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
        "candidates/form.html",
        {
            "title": _("Modifier l'inscription"),
            "form": form,
            "errors": errors,
            "candidate": candidate,
        },
    )


@requires(Permission.VIEW_AUDIT)
def candidate_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Every write about a candidate: who, when, what, before, after and why."""
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    return render(
        request,
        "candidates/history.html",
        {
            "title": _("Historique"),
            "candidate": candidate,
            "entries": entries_about_candidate(candidate=candidate),
        },
    )
