"""Candidates' pages: the list, registration (new and changed), a candidate's file (identity
and choices, exam plan, grades, internships, dossiers and the conformity checklist) and a
candidate's history. The forms that keep internships and
dossiers (recording, correcting, deleting) are in ``file_views``; the conformity
commission's list is with the deliberations (``deliberations.conformity_views``)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.rules.catalogue import catalogue
from ndrc.rules.conformity.dossiers import dossier_data
from ndrc.rules.internships.requirements import reduction_reasons
from ndrc.rules.results import Decision, display_average
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.audit.display import entry_lines
from ndrc.web.audit.selectors import entries_about_candidate
from ndrc.web.audit.services import access_record
from ndrc.web.candidates import selectors, services
from ndrc.web.candidates.forms import CONTINUING, DISTANCE, CandidateForm
from ndrc.web.candidates.lists import CandidateFilters, CandidateTable
from ndrc.web.candidates.models import Candidate, Internship
from ndrc.web.candidates.rules_inputs import conformity_reports, plan_of
from ndrc.web.listing import export_asked, list_export, listing_read
from ndrc.web.pagination import paginate
from ndrc.web.sessions.selectors import session_current


@requires(Permission.VIEW_CANDIDATE_LIST)
def candidate_list(request: HttpRequest) -> HttpResponse:
    """The candidates the user sees, one page at a time (``?page=``), found by the start of
    their name or number (``?q=``, any case and accent), by establishment (``?etablissement=``:
    a pk, or ``none`` for those without one) and route (``?voie=``), sorted by a column
    (``?tri=``); ``?format=csv`` or ``xlsx`` downloads every candidate of the filter."""
    session = session_current(user=request.user)
    visible = selectors.candidates_visible_to(user=request.user, session=session)
    filters = CandidateFilters(request.GET or None, visible=visible)
    listing, ordered = listing_read(
        request, filters=filters, table_class=CandidateTable, default="last_name"
    )
    fmt = export_asked(request)
    if fmt and session is not None:
        return list_export(
            request,
            listing=listing,
            rows=ordered,
            fmt=fmt,
            stem=f"candidats-{session.year}",
            title=_("Candidats"),
        )
    return render(
        request,
        "candidates/list.html",
        {
            "title": _("Candidats"),
            "session": session,
            "listing": listing,
            "searched": filters.active,
            "pagination": listing.pagination,
        },
    )


@requires(Permission.VIEW_CANDIDATE_PLAN)
def candidate_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate's file."""
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    access_record(user=request.user, candidate=candidate, page="file")
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
            "report_outcomes": []
            if isinstance(report, str) or report is None
            else [o.outcome.value for o in report.outcomes],
            "grades": selectors.grades_shown_to(user=request.user, candidate=candidate),
            "own_file": candidate.user_id is not None and candidate.user_id == request.user.pk,
            "internships": selectors.internships_of(candidate),
            "dossiers": selectors.dossiers_of(candidate),
            "dossier_exams": catalogue().dossier_exams,
            "kinds": Internship._meta.get_field("kind").choices,
        },
    )


def _placed(form: CandidateForm, error: ValidationError) -> list[str]:
    """A service's refusal shown where it belongs: at the form's fields it names, the rest
    (the plan's registration errors…) above the form."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    rest: list[str] = []
    for name, problems in error.message_dict.items():
        if name in form.fields:
            form.add_error(name, problems)
        else:
            rest.extend(problems)
    return rest


def _problems(form: CandidateForm, draft: Candidate) -> list[str]:
    """With a form that has errors, what else would refuse the registration (languages, the
    plan's registration errors), from the fields that were read: every error at once."""
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return []
    changes = form.changes(valid_only=True)
    if not changes.get("route"):
        return []
    for name, value in changes.items():
        setattr(draft, name, value)
    shown = {str(m) for problems in form.errors.values() for m in problems}
    return [m for m in services.registration_problems(draft) if m not in shown]


@requires(Permission.REGISTER_CANDIDATES)
def candidate_new(request: HttpRequest) -> HttpResponse:
    """Register one candidate in the session in progress (the import does many at once)."""
    session = session_current(user=request.user)
    if session is None:
        raise Http404
    form = CandidateForm(
        request.POST if request.method == "POST" else None,
        academy_id=request.user.academy_id,
        editing=False,
        session_year=session.year,
    )
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                candidate = services.candidate_register(
                    session=session,
                    academy=request.user.academy,
                    number=form.cleaned_data["number"].strip(),
                    actor=request.user,
                    **form.changes(),
                )
            except ValidationError as error:
                errors = _placed(form, error)
            else:
                messages.success(request, _("Candidat inscrit."))
                return redirect("candidate_plan", pk=candidate.pk)
        else:
            errors = _problems(form, Candidate(session=session, academy=request.user.academy))
    return render(
        request,
        "candidates/form.html",
        {"title": _("Inscrire un candidat"), "form": form, "errors": errors, "candidate": None},
    )


@requires(Permission.REGISTER_CANDIDATES)
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    form = CandidateForm(
        request.POST if request.method == "POST" else None,
        initial=CandidateForm.initial_for(candidate),
        academy_id=candidate.academy_id,
        editing=True,
        session_year=candidate.session.year,
    )
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.candidate_update(
                    candidate=candidate,
                    changes=form.changes(),
                    actor=request.user,
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ValidationError as error:
                errors = _placed(form, error)
                candidate.refresh_from_db()
            else:
                if changed:
                    labels = ", ".join(
                        str(Candidate._meta.get_field(name).verbose_name) for name in changed
                    )
                    messages.success(
                        request, _("Inscription modifiée : %(fields)s.") % {"fields": labels}
                    )
                else:
                    messages.info(
                        request,
                        _(
                            "Aucune modification : l'inscription est inchangée, rien n'est inscrit "
                            "à l'historique."
                        ),
                    )
                return redirect("candidate_plan", pk=candidate.pk)
        else:
            errors = _problems(form, copy.copy(candidate))
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
    """The labels of the candidate's values that their model fields do not carry (the fiches'
    natures and parts of the dossiers from the rules' catalogue)."""
    dossiers = dossier_data()["exams"].values()
    return {
        "continuing_situation": {code: str(label) for code, label in CONTINUING if code},
        "internship_status": {code: str(label) for code, label in DISTANCE if code},
        "internship_reduction_reason": reduction_reasons(),
        "decision": {d.value: d.label_fr for d in Decision},
        "nature": {k: str(v) for spec in dossiers for k, v in spec.get("natures", {}).items()},
        "parts": {k: str(v) for spec in dossiers for k, v in spec.get("fiche_parts", {}).items()},
    }


def _history_formatters(candidate: Candidate) -> dict[str, Callable[[Any], str]]:
    """An exact average (kept as a fraction) shown as the decision shows it: never across a
    threshold of the candidate's session."""
    year = candidate.session.year
    return {"average": lambda value: display_average(Fraction(str(value)), year)}


@requires(Permission.VIEW_AUDIT)
def candidate_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Every write about a candidate: who, when, what, before, after and why (the latest
    first, one page at a time)."""
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    access_record(user=request.user, candidate=candidate, page="history")
    pagination = paginate(request, entries_about_candidate(candidate=candidate))
    return render(
        request,
        "candidates/history.html",
        {
            "title": _("Historique"),
            "candidate": candidate,
            "pagination": pagination,
            "entries": entry_lines(
                pagination.rows,
                value_labels=_history_labels(),
                formatters=_history_formatters(candidate),
            ),
        },
    )
