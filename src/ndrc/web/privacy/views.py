"""The pages of a candidate's personal data: the candidate's own (« Mes données
personnelles ») and the exam office's export from a candidate's file, each as a printable
page or as JSON; and who read a candidate's file (« Consultations du dossier »)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.audit.selectors import accesses_to
from ndrc.web.audit.services import access_record, audit_record
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import candidate_visible_to
from ndrc.web.deliberations.selectors import own_candidate
from ndrc.web.pagination import paginate
from ndrc.web.privacy.export import NOT_YET_COMMUNICABLE, personal_data


def _export(request: HttpRequest, candidate: Candidate, *, fmt: str, own: bool) -> HttpResponse:
    """The export, recorded in the journal (who asked for it, in which form)."""
    access_record(user=request.user, candidate=candidate, page="personal_data")
    audit_record(
        actor=request.user,
        action="personal_data_export",
        obj=candidate,
        after={"format": fmt},
        candidate=candidate,
        revise=False,
    )
    data = personal_data(candidate)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
            content_type="application/json; charset=utf-8",
        )
        name = f"donnees-personnelles-{candidate.session.year}-{candidate.number}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "privacy/personal_data.html",
        {
            "title": _("Mes données personnelles") if own else _("Données personnelles"),
            "candidate": candidate,
            "data": data,
            "own": own,
            "not_yet_communicable": NOT_YET_COMMUNICABLE,
        },
    )


@requires(Permission.VIEW_OWN_FILE)
@require_GET
def my_personal_data(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """The candidate's own data (right of access, GDPR art. 15)."""
    candidate = own_candidate(request.user)
    if candidate is None:
        return render(
            request,
            "privacy/personal_data.html",
            {"title": _("Mes données personnelles"), "candidate": None, "own": True},
        )
    return _export(request, candidate, fmt=fmt, own=True)


@requires(Permission.VIEW_AUDIT)
@require_GET
def candidate_personal_data(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """The exam office exports a candidate's data, to answer his or her request."""
    candidate = candidate_visible_to(user=request.user, pk=pk)
    return _export(request, candidate, fmt=fmt, own=False)


@requires(Permission.VIEW_AUDIT)
@require_GET
def candidate_accesses(request: HttpRequest, pk: int) -> HttpResponse:
    """Who among the staff read this candidate's file, which page and when (the latest
    first, one page at a time)."""
    candidate = candidate_visible_to(user=request.user, pk=pk)
    pagination = paginate(request, accesses_to(candidate=candidate))
    response = render(
        request,
        "privacy/accesses.html",
        {
            "title": _("Consultations du dossier"),
            "candidate": candidate,
            "pagination": pagination,
        },
    )
    # Recorded once the page is drawn: the list shows the reads before this one.
    access_record(user=request.user, candidate=candidate, page="accesses")
    return response
