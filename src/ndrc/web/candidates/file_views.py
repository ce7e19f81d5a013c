"""The pages of a candidate's internships and dossiers: recording a period, describing a
dossier, and correcting or deleting either, with a reason (a deletion is confirmed on its own
page, which says what it changes in the candidate's conformity)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ndrc.rules.catalogue import catalogue
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, has_permission
from ndrc.web.candidates import file_services, selectors
from ndrc.web.candidates.dossier_form import dossier_content, dossier_context
from ndrc.web.candidates.file_forms import REASON_MAX_LENGTH, InternshipForm, ReasonForm
from ndrc.web.candidates.file_selectors import change_summary, correction_refusal
from ndrc.web.candidates.models import Candidate, Dossier, Internship

# The fields of a dossier that only the exam office sets (its judgement, not a fact the
# training centre reports), with their value when absent.
JUDGEMENTS = (("exam_day_doubt", ""), ("plagiarism_suspected", False))


def _period_of(candidate: Candidate, period: int) -> Internship:
    return get_object_or_404(Internship.objects.filter(candidate=candidate), pk=period)


def _internship_page(
    request: HttpRequest, candidate: Candidate, form: InternshipForm, **context: Any
) -> HttpResponse:
    return render(
        request,
        "candidates/internship_form.html",
        {"candidate": candidate, "form": form, **context},
    )


@requires(Permission.EDIT_CANDIDATE_FILE)
def internship_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a period (the file page holds the same form; when it is refused, this page shows
    every error with what was typed)."""
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    refusal = correction_refusal(user=request.user, candidate=candidate)
    form = InternshipForm(request.POST or None, correcting=False)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            file_services.internship_add(candidate=candidate, actor=request.user, **form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Période enregistrée."))
            return redirect("candidate_plan", pk=candidate.pk)
    return _internship_page(
        request,
        candidate,
        form,
        title=_("Ajouter une période de stage ou d'activité"),
        refusal=refusal,
    )


@requires(Permission.EDIT_CANDIDATE_FILE)
def internship_edit(request: HttpRequest, pk: int, period: int) -> HttpResponse:
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    stored = _period_of(candidate, period)
    refusal = correction_refusal(user=request.user, candidate=candidate)
    form = InternshipForm(
        request.POST or None, initial=InternshipForm.initial_for(stored), correcting=True
    )
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            file_services.internship_update(
                period=stored,
                changes=form.values(),
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Période corrigée."))
            return redirect("candidate_plan", pk=candidate.pk)
    return _internship_page(
        request,
        candidate,
        form,
        title=_("Corriger une période de stage ou d'activité"),
        period=stored,
        refusal=refusal,
    )


def _delete_page(
    request: HttpRequest,
    *,
    candidate: Candidate,
    form: ReasonForm,
    what: str,
    lines: list[str],
    refusal: str,
) -> HttpResponse:
    return render(
        request,
        "candidates/file_delete.html",
        {
            "title": _("Supprimer : %(what)s") % {"what": what},
            "candidate": candidate,
            "form": form,
            "what": what,
            "changes": lines,
            "refusal": refusal,
        },
    )


@requires(Permission.EDIT_CANDIDATE_FILE)
def internship_delete(request: HttpRequest, pk: int, period: int) -> HttpResponse:
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    stored = _period_of(candidate, period)
    refusal = correction_refusal(user=request.user, candidate=candidate)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            file_services.internship_delete(
                period=stored, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Période supprimée."))
            return redirect("candidate_plan", pk=candidate.pk)
    return _delete_page(
        request,
        candidate=candidate,
        form=form,
        what=_("la période %(period)s") % {"period": stored},
        lines=change_summary(candidate=candidate, without_period=stored.pk).lines,
        refusal=refusal,
    )


@requires(Permission.EDIT_CANDIDATE_FILE)
def dossier_edit(request: HttpRequest, pk: int, exam: str) -> HttpResponse:
    """Describe a dossier, or correct it (with a reason) once it is described."""
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    if exam not in catalogue().dossier_exams:
        raise Http404
    current = selectors.dossiers_of(candidate).get(exam)
    content = current_content = {} if current is None else dict(current.content)
    refusal = correction_refusal(user=request.user, candidate=candidate)
    errors: list[str] = []
    reason = request.POST.get("reason", "").strip()
    if request.method == "POST":
        content, errors = dossier_content(exam, request.POST)
        if len(reason) > REASON_MAX_LENGTH or "\x00" in reason:
            errors.append(
                _("Le motif tient en %(n)s caractères au plus, sans caractère nul.")
                % {"n": REASON_MAX_LENGTH}
            )
        if not has_permission(request.user, Permission.JUDGE_CONFORMITY):
            for key, default in JUDGEMENTS:  # kept as the exam office set them
                if key in content or key in current_content:
                    content[key] = current_content.get(key, default)
        if current is not None and content != current_content and not reason:
            errors.append(_("Le dossier est déjà décrit : indiquez le motif de la correction."))
        if not errors and not refusal:
            try:
                file_services.dossier_set(
                    candidate=candidate,
                    exam=exam,
                    content=content,
                    actor=request.user,
                    reason=reason,
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
            "refusal": refusal,
            "correcting": current is not None,
            "reason": reason,
            **dossier_context(exam, content),
        },
    )


@requires(Permission.EDIT_CANDIDATE_FILE)
def dossier_delete(request: HttpRequest, pk: int, exam: str) -> HttpResponse:
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    dossier = get_object_or_404(Dossier.objects.filter(candidate=candidate), exam=exam)
    refusal = correction_refusal(user=request.user, candidate=candidate)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            file_services.dossier_delete(
                dossier=dossier, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dossier %(exam)s supprimé.") % {"exam": exam})
            return redirect("candidate_plan", pk=candidate.pk)
    return _delete_page(
        request,
        candidate=candidate,
        form=form,
        what=_("le dossier %(exam)s") % {"exam": exam},
        lines=change_summary(candidate=candidate, without_dossier=exam).lines,
        refusal=refusal,
    )
