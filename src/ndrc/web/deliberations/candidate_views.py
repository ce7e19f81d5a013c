"""A candidate in the deliberation: the proposed result with its explanation and the jury's
acts on it, one URL each (a grade change with its reason and its withdrawal, a resit grade
and its withdrawal, the renunciation of the resit orals); and the candidate's own published
result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.rules.catalogue import catalogue
from ndrc.rules.results import Decision, Result, resit_units
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, has_permission
from ndrc.web.audit.services import access_record
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import grades_of
from ndrc.web.deliberations import resits, selectors, services
from ndrc.web.deliberations.change_preview import ChangePreview, jury_change_preview
from ndrc.web.deliberations.grid_views import grid_navigation
from ndrc.web.deliberations.models import Jury, JuryGradeChange, ResitChoice
from ndrc.web.documents.blocks_certificate import BLOCKS_CERTIFICATE
from ndrc.web.documents.downloads import attachment, document_export
from ndrc.web.documents.kinds import KINDS
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.documents.selectors import current_documents
from ndrc.web.documents.transcript import TRANSCRIPT


def _stored_grades(result: Result, candidate: Candidate) -> list[tuple[Any, str]]:
    """Each unit of the result with the grade as stored (before any jury change); an épreuve
    graded in parts shows its parts."""
    stored = {g.exam: g.typed for g in grades_of(candidate)}
    rows = []
    for unit in result.units:
        parts = catalogue().parts_of(unit.exam)
        if parts and unit.exam not in stored:
            text = ", ".join(f"{code} {stored[code]}" for code in parts if code in stored)
        else:
            text = stored.get(unit.exam, "")
        rows.append((unit, text))
    return rows


def _page(
    request: HttpRequest,
    candidate: Candidate,
    jury: Jury | None,
    errors: list[str],
    preview: ChangePreview | None = None,
) -> HttpResponse:
    access_record(user=request.user, candidate=candidate, page="deliberation")
    row = selectors.candidate_review(candidate, jury)
    result = row.result
    choice = ResitChoice.objects.filter(candidate=candidate).first()
    choice_refusal = resits.resit_choice_refusal(candidate)
    return render(
        request,
        "deliberations/detail.html",
        {
            "title": _("Délibération"),
            "candidate": candidate,
            "jury": jury,
            "result": result,
            "changes": row.changes,
            "exams": [u.exam for u in result.units] or list(catalogue().grade_codes),
            "frozen": selectors.frozen_results_of(candidate),
            "resits": candidate.resits.all(),
            "units": _stored_grades(result, candidate),
            "resit_phase": result.decision.in_resit_phase,
            "resit_units": resit_units(result) if result.decision.in_resit_phase else (),
            "declined": jury is not None
            and jury.assignments.filter(candidate=candidate, resit_declined=True).exists(),
            "choice": choice,
            "choice_open": not choice_refusal,
            "choice_units": resit_units(result) if not choice_refusal else (),
            "can_choose": has_permission(request.user, Permission.ORGANISE_EXAM_DAYS),
            "errors": errors,
            "preview": preview,
            **grid_navigation(request, candidate=candidate, jury=jury),
        },
    )


@requires(Permission.DELIBERATE)
def deliberation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate's proposed result, the jury's changes and resit grades (while the
    deliberation is open) and the frozen results of earlier rounds."""
    candidate, jury = selectors.candidate_for(request.user, pk)
    return _page(request, candidate, jury, [])


def _act(request: HttpRequest, pk: int, act: Callable[[Candidate, Jury], object]) -> HttpResponse:
    """Run one act of the jury on a candidate who has a jury: back to the candidate when it
    is done, the page with the errors when it is refused."""
    candidate, jury = selectors.candidate_for(request.user, pk)
    if jury is None:
        return _page(request, candidate, jury, [_("Ce candidat n'est affecté à aucun jury.")])
    try:
        act(candidate, jury)
    except ValidationError as error:
        return _page(request, candidate, jury, error.messages)
    messages.success(request, _("Modification enregistrée."))
    # Back to the candidate, in the grid's filters and sort (carried in the query string).
    query = request.GET.urlencode()
    return redirect(
        reverse("deliberation_detail", args=[candidate.pk]) + (f"?{query}" if query else "")
    )


@requires(Permission.DELIBERATE)
@require_POST
def jury_change_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The jury sets a grade, with its reason; « Prévisualiser » (``action=preview``) shows
    the decision and average the change would give, and saves nothing."""
    if request.POST.get("action") == "preview":
        candidate, jury = selectors.candidate_for(request.user, pk)
        try:
            preview = jury_change_preview(
                candidate=candidate,
                exam=request.POST.get("exam", ""),
                value=request.POST.get("value", ""),
                reason=request.POST.get("reason", ""),
                actor=request.user,
            )
        except ValidationError as error:
            return _page(request, candidate, jury, error.messages)
        return _page(request, candidate, jury, [], preview)
    return _act(
        request,
        pk,
        lambda candidate, jury: services.jury_grade_change(
            jury=jury,
            candidate=candidate,
            exam=request.POST.get("exam", ""),
            value=request.POST.get("value", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        ),
    )


@requires(Permission.DELIBERATE)
@require_POST
def jury_change_withdraw(request: HttpRequest, pk: int, change: int) -> HttpResponse:
    """Withdraw one of the jury's changes, with a reason."""

    def withdraw(candidate: Candidate, jury: Jury) -> None:
        services.jury_grade_change_withdraw(
            change=get_object_or_404(JuryGradeChange, pk=change, jury=jury, candidate=candidate),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )

    return _act(request, pk, withdraw)


@requires(Permission.DELIBERATE)
@require_POST
def resit_grade_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter (or correct) the grade of a resit oral."""
    return _act(
        request,
        pk,
        lambda candidate, jury: resits.resit_grade_set(
            candidate=candidate,
            unit=request.POST.get("unit", ""),
            value=request.POST.get("value", ""),
            actor=request.user,
        ),
    )


@requires(Permission.DELIBERATE)
@require_POST
def resit_grade_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a resit grade entered by mistake, with a reason."""
    return _act(
        request,
        pk,
        lambda candidate, jury: resits.resit_grade_withdraw(
            candidate=candidate,
            unit=request.POST.get("unit", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        ),
    )


@requires(Permission.DELIBERATE)
@require_POST
def resit_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the candidate renounces the resit orals (or no longer does), with a
    reason."""
    return _act(
        request,
        pk,
        lambda candidate, jury: resits.resit_declined_set(
            candidate=candidate,
            declined=request.POST.get("declined") == "1",
            reason=request.POST.get("reason", ""),
            actor=request.user,
        ),
    )


@requires(Permission.ORGANISE_EXAM_DAYS)
@require_POST
def resit_choice_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The exam office records the units the candidate chose for the resit orals (a change
    with its reason)."""
    return _act(
        request,
        pk,
        lambda candidate, jury: resits.resit_choice_set(
            candidate=candidate,
            units=request.POST.getlist("units"),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        ),
    )


@requires(Permission.VIEW_OWN_RESULTS)
@require_POST
def my_resit_choice(request: HttpRequest) -> HttpResponse:
    """The candidate chooses, in « Mes résultats », the units of his or her resit orals once
    the result that makes him or her eligible is published."""
    candidate = selectors.own_candidate(request.user)
    result = None if candidate is None else selectors.published_result(candidate)
    if candidate is None or result is None:
        raise Http404
    try:
        resits.resit_choice_set(
            candidate=candidate,
            units=request.POST.getlist("units"),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Votre choix des épreuves de contrôle est enregistré."))
    return redirect("my_result")


@requires(Permission.VIEW_OWN_RESULTS)
def my_result(request: HttpRequest) -> HttpResponse:
    """The candidate's own published result, with its explanation."""
    candidate = selectors.own_candidate(request.user)
    result = None if candidate is None else selectors.published_result(candidate)
    reconsidered = (
        result is not None and not result.jury.is_closed and result.jury.round > result.round
    )
    documents = (
        []
        if candidate is None or result is None
        else list(
            current_documents(
                IssuedDocument.objects.filter(candidate=candidate, kind__in=RESULT_DOCUMENTS)
            )
            .defer("content")
            .order_by("kind")
        )
    )
    choice = None if candidate is None else ResitChoice.objects.filter(candidate=candidate).first()
    choice_open = (
        candidate is not None
        and result is not None
        and result.decision == Decision.RESIT_ELIGIBLE
        and not resits.resit_choice_refusal(candidate)
    )
    return render(
        request,
        "deliberations/my_result.html",
        {
            "title": _("Mes résultats"),
            "candidate": candidate,
            "result": result,
            "choice": choice,
            "choice_open": choice_open,
            "choice_units": resits.resit_choice_units(candidate) if choice_open else (),
            "reconsidered": reconsidered,
            "documents": documents,
        },
    )


# The documents of a published result that « Mes résultats » offers to download.
RESULT_DOCUMENTS = (TRANSCRIPT.slug, BLOCKS_CERTIFICATE.slug)


@requires(Permission.VIEW_OWN_RESULTS)
def my_result_document(request: HttpRequest, kind: str) -> HttpResponse:
    """The current relevé de notes (or attestation of blocks) of the candidate whose account
    this is, once the result is published: nobody else's, nothing before."""
    candidate = selectors.own_candidate(request.user)
    if (
        candidate is None
        or kind not in RESULT_DOCUMENTS
        or not KINDS[kind].to_candidate
        or selectors.published_result(candidate) is None
    ):
        raise Http404
    document = (
        current_documents(IssuedDocument.objects.filter(candidate=candidate, kind=kind))
        .order_by("-version")
        .first()
    )
    if document is None or document.candidate_id != candidate.pk:
        raise Http404
    return attachment(document_export(document))
