"""The « Simulation » page (what-if, DEC D126–D128): the candidate's own, from « Mes
résultats », and each candidate of a training centre (or of the exam office), from the
candidate's file. The grades supposed are typed in a GET form: nothing is written."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ndrc.rules.errors import InvalidCandidate, RegulationError
from ndrc.rules.results.trace import decimal_text
from ndrc.rules.results.what_if_search import Scale
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.audit.services import access_record
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import candidate_visible_to
from ndrc.web.deliberations import selectors
from ndrc.web.deliberations.what_if_selectors import simulation_for


def _page(request: HttpRequest, candidate: Candidate | None, own: bool) -> HttpResponse:
    simulation, unreadable = None, ""
    if candidate is not None:
        try:
            simulation = simulation_for(user=request.user, candidate=candidate, typed=request.GET)
        except (InvalidCandidate, RegulationError) as error:  # the stored file, not the request
            unreadable = str(error)
    if simulation is not None and request.GET.get("format") == "json":
        data = simulation.found.to_dict()
        data["errors"] = simulation.errors
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    scale = Scale()
    choices = simulation.found.resit_choices if simulation is not None else ()
    return render(
        request,
        "deliberations/what_if.html",
        {
            "title": _("Simulation"),
            "candidate": candidate,
            "simulation": simulation,
            "own": own,
            "unreadable": unreadable,
            # The bounds of the grade scale and the number of units of a resit choice (the
            # regulation's ``resit_count``), as the engine used them.
            "scale_low": decimal_text(scale.grade(0)).replace(".", ","),
            "scale_high": decimal_text(scale.grade(scale.top)).replace(".", ","),
            "resit_count": len(choices[0].units) if choices else 0,
        },
    )


@requires(Permission.VIEW_OWN_RESULTS)
def my_what_if(request: HttpRequest) -> HttpResponse:
    """The candidate's own simulation: from the grades of his or her published result (none
    before), the grades he or she supposes for the others."""
    return _page(request, selectors.own_candidate(request.user), True)


@requires(Permission.VIEW_CANDIDATE_PLAN)
def candidate_what_if(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate's simulation for those who see the candidate (a training centre its
    candidates, from their CCF proposals; the exam office every grade)."""
    candidate = candidate_visible_to(user=request.user, pk=pk)
    own = candidate.user_id == request.user.pk
    if not own:
        access_record(user=request.user, candidate=candidate, page="what_if")
    return _page(request, candidate, own)
