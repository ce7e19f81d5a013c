"""The appeals on the grids: the candidate's page (his or her requests and, once the result
is published, the request of an épreuve's grids), the exam office's list (answer with the
PDF of the signed grids, or refuse with a reason), and the PDF of a signed grid from the
grid's page (the exam office, the examiner who signed)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.audit.services import access_record
from ndrc.web.documents.downloads import attachment
from ndrc.web.grading.appeal_selectors import (
    appealable_exams,
    appeals_listed,
    appeals_visible_to,
    grid_pdf,
    own_candidate,
    results_published,
)
from ndrc.web.grading.appeal_services import appeal_answer, appeal_refuse, appeal_request
from ndrc.web.grading.grid_selectors import grid_candidate, may_download_pdf
from ndrc.web.grading.models import EvaluationGrid, GridAppeal
from ndrc.web.keys import key_from
from ndrc.web.pagination import paginate


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@requires(Permission.VIEW_OWN_RESULTS)
def my_appeals(request: HttpRequest) -> HttpResponse:
    """The candidate's requests of his or her grids, and a new request once the result is
    published (nothing of the grids before)."""
    candidate = own_candidate(request.user)
    published = candidate is not None and results_published(candidate)
    if request.method == "POST":
        if candidate is None:
            raise Http404
        try:
            appeal_request(
                user=request.user,
                candidate=candidate,
                exam=request.POST.get("exam", ""),
                text=request.POST.get("text", ""),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request,
                _("Votre demande est enregistrée : le service des examens vous répondra ici."),
            )
        return redirect("my_appeals")
    return render(
        request,
        "grading/my_appeals.html",
        {
            "title": _("Communication de mes grilles d'évaluation"),
            "candidate": candidate,
            "published": published,
            "exams": appealable_exams(candidate) if published and candidate else [],
            "appeals": (
                list(GridAppeal.objects.filter(candidate=candidate).select_related("document"))
                if candidate
                else []
            ),
        },
    )


@requires(Permission.ISSUE_DOCUMENTS)
def appeals(request: HttpRequest) -> HttpResponse:
    """The candidates' requests of their grids (the académie's), the pending ones first;
    each answered in one click with the PDF of the signed grids, or refused with a reason."""
    visible = appeals_visible_to(user=request.user)
    if request.method == "POST":
        key = key_from(request.POST.get("appeal", ""))
        appeal = None if key is None else visible.filter(pk=key).first()
        if appeal is None:
            messages.error(request, _("Demande introuvable."))
            return redirect("appeals")
        try:
            if request.POST.get("action") == "refuse":
                appeal_refuse(
                    user=request.user, appeal=appeal, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Demande refusée : le candidat en lit le motif."))
            else:
                appeal_answer(user=request.user, appeal=appeal)
                messages.success(
                    request,
                    _("Réponse envoyée : le PDF de la grille est dans les documents du candidat."),
                )
        except ValidationError as error:
            _errors(request, error)
        return redirect("appeals")
    state = request.GET.get("etat", "")
    if state in dict(GridAppeal.STATES):
        visible = visible.filter(state=state)
    pagination = paginate(request, appeals_listed(visible))
    return render(
        request,
        "grading/appeals.html",
        {
            "title": _("Demandes de communication des grilles"),
            "pagination": pagination,
            "rows": pagination.rows,
            "states": GridAppeal.STATES,
            "state": state,
        },
    )


@requires(Permission.FILL_GRIDS)
def grid_pdf_download(
    request: HttpRequest, pk: int, exam: str, situation: str = ""
) -> HttpResponse:
    """The PDF of a candidate's signed grid, for the exam office or the examiner who signed
    it; anyone else who sees the candidate reads why there is none to download (404 for a
    candidate he or she does not see)."""
    candidate, situation = grid_candidate(user=request.user, pk=pk, exam=exam, situation=situation)
    grid = (
        EvaluationGrid.objects.filter(
            candidate=candidate, exam=exam, situation=situation, state=EvaluationGrid.SIGNED
        )
        .select_related("signed_by")
        .first()
    )
    user = request.user
    allowed = may_download_pdf(user, grid)
    if grid is None or not allowed:
        return render(
            request,
            "grading/grid_pdf_unavailable.html",
            {
                "title": _("PDF de la grille"),
                "candidate": candidate,
                "exam": exam,
                "situation": situation,
                "signed": grid is not None,
            },
        )
    access_record(user=user, candidate=candidate, page="grid_pdf")
    return attachment(grid_pdf(grid=grid))
