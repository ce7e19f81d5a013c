"""Candidates' pages: the list, registration (new and changed), a candidate's file (identity
and choices, exam plan, grades, internships, dossiers and the conformity checklist), the
conformity commission's list and a candidate's history. The forms that keep internships and
dossiers (recording, correcting, deleting) are in ``file_views``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.exports import FORMATS
from ndrc.rules.catalogue import catalogue
from ndrc.rules.internships.requirements import reduction_reasons
from ndrc.rules.results import Decision
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.audit.selectors import candidate_history
from ndrc.web.candidates import selectors, services
from ndrc.web.candidates.exports import conformity_list_export
from ndrc.web.candidates.forms import CONTINUING, DISTANCE, CandidateForm
from ndrc.web.candidates.models import Internship
from ndrc.web.candidates.rules_inputs import conformity_reports, plan_of
from ndrc.web.documents.downloads import attachment
from ndrc.web.sessions.selectors import session_current


@requires(Permission.VIEW_CANDIDATE_LIST)
def candidate_list(request: HttpRequest) -> HttpResponse:
    session = session_current()
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
            "grades": selectors.grades_of(candidate),
            "internships": selectors.internships_of(candidate),
            "dossiers": selectors.dossiers_of(candidate),
            "dossier_exams": catalogue().dossier_exams,
            "kinds": Internship._meta.get_field("kind").choices,
        },
    )


@requires(Permission.VIEW_CANDIDATE_LIST)
def conformity_list(request: HttpRequest) -> HttpResponse:
    """The conformity commission's list for the candidates the user sees (``?format=csv`` or
    ``xlsx`` to download it), with each NV and its cause. ``?nv=1`` keeps the NV only."""
    session = session_current()
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
            "rows": commission.rows,
            "counts": commission.counts,
            "unreadable": commission.unreadable,
            "only_nv": only_nv,
        },
    )


@requires(Permission.REGISTER_CANDIDATES)
def candidate_new(request: HttpRequest) -> HttpResponse:
    """Register one candidate in the session in progress (the import does many at once)."""
    session = session_current()
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


def _history_labels() -> dict[str, dict[str, str]]:
    """The labels of the candidate's values that their model fields do not carry."""
    return {
        "continuing_situation": {code: str(label) for code, label in CONTINUING if code},
        "internship_status": {code: str(label) for code, label in DISTANCE if code},
        "internship_reduction_reason": reduction_reasons(),
        "decision": {d.value: d.label_fr for d in Decision},
    }


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
            "entries": candidate_history(candidate=candidate, value_labels=_history_labels()),
        },
    )
