"""The candidate's notices from the candidate's page: the registration summary, issued on
demand and downloaded by whoever may see the candidate's plan (the candidate, the training
centre, the exam office); the NV notice, sent by the exam office after a confirmation (it
e-mails the candidate and the training centre: it cannot be taken back)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.candidates import notices, selectors
from ndrc.web.documents.downloads import attachment, document_export
from ndrc.web.documents.layout import DocumentTooLarge


@requires(Permission.VIEW_CANDIDATE_PLAN)
@require_GET
def registration_summary_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate's registration summary as a PDF: issued now (the same document again
    while the plan and the file are unchanged, a new version replacing it otherwise)."""
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    try:
        document = notices.registration_summary_issue(candidate=candidate, actor=request.user)
    except DocumentTooLarge:
        messages.error(
            request,
            _(
                "Le récapitulatif ne peut être mis en page : une mention du dossier est trop "
                "longue pour tenir sur une page. Raccourcissez-la puis recommencez."
            ),
        )
        return redirect("candidate_plan", pk=candidate.pk)
    return attachment(document_export(document))


@requires(Permission.ISSUE_DOCUMENTS)
def nv_notice_send(request: HttpRequest, pk: int) -> HttpResponse:
    """The NV notice of a candidate: what will be sent and to whom (GET), sent once
    confirmed (POST ``confirmed=1``); why there is none when the candidate has none."""
    candidate = selectors.candidate_visible_to(user=request.user, pk=pk)
    refusal = notices.nv_notice_refusal(candidate=candidate)
    if request.method == "POST" and request.POST.get("confirmed") == "1" and not refusal:
        issued = notices.nv_notices_issue(candidate_ids=[candidate.pk], actor=request.user)
        if issued:
            messages.success(
                request,
                _("Avis de non-conformité %(reference)s délivré et envoyé.")
                % {"reference": issued[0].reference},
            )
        return redirect("candidate_plan", pk=candidate.pk)
    return render(
        request,
        "candidates/nv_notice_send.html",
        {
            "title": _("Envoyer l'avis de non-conformité"),
            "candidate": candidate,
            "refusal": refusal,
            "recipients": notices.nv_notice_recipients(candidate=candidate),
            "current": notices.nv_notice_current(candidate=candidate),
        },
    )
