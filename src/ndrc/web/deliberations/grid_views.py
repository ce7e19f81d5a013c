"""The deliberation grid of a jury (its filters and sort in the query string, carried to a
candidate's detail for « précédent » / « suivant »), and the lifting of the anonymity of the
deliberation, with a confirmation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ndrc.rules.results import Decision
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations import anonymity, selectors
from ndrc.web.deliberations.grid_selectors import (
    SORTS,
    GridQuery,
    average_bands,
    grid_establishments,
    grid_neighbours,
    grid_rows,
    grid_scan,
)
from ndrc.web.deliberations.models import Jury
from ndrc.web.deliberations.proposals import Freshness, proposals_ensure
from ndrc.web.pagination import paginate

SORT_LABELS = {
    "number": gettext_lazy("numéro"),
    "name": gettext_lazy("nom"),
    "average": gettext_lazy("moyenne croissante"),
    "-average": gettext_lazy("moyenne décroissante"),
    "decision": gettext_lazy("décision"),
}


class GridForm(forms.Form):
    """The grid's query string: a value that is not one of the choices is ignored."""

    decision = forms.ChoiceField(required=False)
    moyenne = forms.ChoiceField(required=False)
    controle = forms.BooleanField(required=False)
    modifie = forms.BooleanField(required=False)
    etablissement = forms.IntegerField(required=False, min_value=1)
    tri = forms.ChoiceField(required=False)

    def __init__(self, data: QueryDict, *, jury: Jury, hidden: bool) -> None:
        super().__init__(data)
        self.hidden = hidden
        self.bands = {band.key: band for band in average_bands(jury.session.year)}
        self.sorts = [(s, SORT_LABELS[s]) for s in SORTS if not (hidden and s == "name")]
        self.fields["decision"].choices = [("", "")] + [(d.value, d.label_fr) for d in Decision]
        self.fields["moyenne"].choices = [("", "")] + [(k, b.label) for k, b in self.bands.items()]
        self.fields["tri"].choices = [("", ""), *self.sorts]

    def query(self) -> GridQuery:
        self.is_valid()
        data: dict[str, Any] = self.cleaned_data
        return GridQuery(
            decision=data.get("decision") or "",
            band=self.bands.get(data.get("moyenne") or ""),
            resit=bool(data.get("controle")),
            changed=bool(data.get("modifie")),
            establishment=None if self.hidden else data.get("etablissement"),
            sort=data.get("tri") or "number",
        )


def _query_string(query: GridQuery) -> str:
    """The grid's filters and sort as a query string (without the page)."""
    params: dict[str, Any] = {}
    if query.decision:
        params["decision"] = query.decision
    if query.band is not None:
        params["moyenne"] = query.band.key
    if query.resit:
        params["controle"] = "1"
    if query.changed:
        params["modifie"] = "1"
    if query.establishment is not None:
        params["etablissement"] = query.establishment
    if query.sort != "number":
        params["tri"] = query.sort
    return urlencode(params)


def grid_query(params: QueryDict, *, jury: Jury, hidden: bool) -> tuple[GridForm, GridQuery]:
    form = GridForm(params, jury=jury, hidden=hidden)
    return form, form.query()


@requires(Permission.DELIBERATE)
def jury_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """The deliberation grid of a jury, 50 candidates a page."""
    jury = selectors.jury_for(request.user, pk)
    hidden = anonymity.names_hidden(user=request.user, jury=jury)
    form, query = grid_query(request.GET, jury=jury, hidden=hidden)
    # One read of the jury's candidates; the stale proposals are computed first (at once when
    # they are few, else by a job: they are shown as being computed meanwhile).
    scan = grid_scan(jury, query)
    freshness = Freshness()
    if scan.stale:
        freshness = proposals_ensure(
            session_id=jury.session_id,
            jury_id=jury.pk,
            actor=request.user,
            url=request.get_full_path(),
            candidates=selectors.jury_candidates(jury),
        )
        if not freshness.stale:
            scan = grid_scan(jury, query)
    pagination = paginate(request, scan.order, count=len(scan.order))
    page = grid_rows(pagination.rows)
    return render(
        request,
        "deliberations/grid.html",
        {
            "title": _("Grille de délibération — %(jury)s") % {"jury": jury},
            "jury": jury,
            "hidden": hidden,
            "lift": anonymity.anonymity_lift_of(jury),
            "form": form,
            "query": query,
            "grid_qs": _query_string(query),
            "freshness": freshness,
            "total": scan.total,
            "establishments": [] if hidden else grid_establishments(scan.establishments),
            "pagination": pagination,
            "page": page,
        },
    )


def grid_navigation(
    request: HttpRequest, *, candidate: Candidate, jury: Jury | None
) -> dict[str, Any]:
    """What a candidate's deliberation detail shows of the grid: whether the names are hidden
    from this user, and the previous and next candidates in the grid's filters and sort
    (carried in the query string), with the links back."""
    hidden = anonymity.names_hidden(user=request.user, jury=jury)
    if jury is None:
        return {"hidden": hidden}
    _form, query = grid_query(request.GET, jury=jury, hidden=hidden)
    qs = _query_string(query)
    # The order reads the stored proposals as the grid left them (a detail page computes
    # none): this candidate is kept whatever the filters, even once a change made it stale.
    before, after, position = grid_neighbours(
        grid_scan(jury, query, keep=candidate.pk).order, candidate.pk
    )
    suffix = f"?{qs}" if qs else ""

    def link(pk: int | None) -> str:
        return "" if pk is None else reverse("deliberation_detail", args=[pk]) + suffix

    return {
        "hidden": hidden,
        "grid_qs": qs,
        "grid_url": reverse("jury_grid", args=[jury.pk]) + suffix,
        "previous_url": link(before),
        "next_url": link(after),
        "grid_position": position,
    }


@requires(Permission.DELIBERATE)
def jury_anonymity_lift(request: HttpRequest, pk: int) -> HttpResponse:
    """Lift the anonymity of the jury's deliberation: a confirmation page, then the lifting
    (posted with ``confirmed=1``)."""
    jury = selectors.jury_for(request.user, pk)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            anonymity.jury_anonymity_lift(jury=jury, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("L'anonymat de la délibération est levé : les noms des candidats sont affichés."),
            )
        return redirect("jury_grid", pk=jury.pk)
    return render(
        request,
        "deliberations/anonymity_lift.html",
        {
            "title": _("Lever l'anonymat de la délibération"),
            "jury": jury,
            "lift": anonymity.anonymity_lift_of(jury),
        },
    )
