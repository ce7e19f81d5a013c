"""The candidates list's filters and columns (``ndrc.web.listing``): search by the start of
the number, last or first name (any case, any accent), by establishment (``none``: those
without one) and route; sort on every column but the link."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ndrc.rules.candidate_category import Route
from ndrc.rules.catalogue import catalogue
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import establishments_of, in_group
from ndrc.web.listing import Folded, ListFilters, folded


def found_by_start(rows: QuerySet[Any], search: str, *, prefix: str = "") -> QuerySet[Any]:
    """The rows whose candidate's number, last name or first name starts with ``search``
    (any case, any accent; on PostgreSQL each folded column has its index, D130);
    ``prefix`` leads from the rows to the candidate (``candidate__``)."""
    text = folded(search[:128])
    if not text:
        return rows
    return rows.alias(
        _number=Folded(f"{prefix}number"),
        _last=Folded(f"{prefix}last_name"),
        _first=Folded(f"{prefix}first_name"),
    ).filter(Q(_number__startswith=text) | Q(_last__startswith=text) | Q(_first__startswith=text))


def of_group(rows: QuerySet[Any], group: str, *, prefix: str = "") -> QuerySet[Any]:
    """The rows of one establishment's candidates (its pk as text), or of those without one
    (``"none"``); none for anything else (``selectors.in_group`` through ``prefix``)."""
    if not prefix:
        return in_group(rows, group)
    if group == "none":
        return rows.filter(**{f"{prefix}establishment__isnull": True})
    digits = group.isascii() and group.isdigit() and len(group) <= 18
    return rows.filter(**{f"{prefix}establishment_id": int(group) if digits else 0})


def establishment_choices(visible: QuerySet[Candidate]) -> list[tuple[str, str]]:
    """The establishments of the candidates a user sees (one query), then « without one »."""
    return [
        ("", str(_("Tous"))),
        *((str(e.pk), str(e)) for e in establishments_of(visible)),
        ("none", str(_("Sans établissement (expérience professionnelle)"))),
    ]


def route_choices() -> list[tuple[str, str]]:
    return [("", str(_("Toutes"))), *((r.value, r.label_fr) for r in Route)]


class CandidateSearchFilters(ListFilters):
    """A list's search of a candidate (the start of the number, the last or first name,
    accents and case ignored) and its establishment filter, on rows of candidates or on rows
    that name one (``candidate_prefix``: « candidate__ »)."""

    candidate_prefix = ""

    q = django_filters.CharFilter(
        label=_("Rechercher un candidat"),
        method="search",
        help_text=_("Début du nom, du prénom ou du numéro"),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 128, "autocomplete": "off"}),
    )
    etablissement = django_filters.CharFilter(
        label=_("Établissement"), method="group", widget=forms.Select
    )

    def search(self, rows: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return found_by_start(rows, value, prefix=self.candidate_prefix)

    def group(self, rows: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not self.candidate_prefix:
            return in_group(rows, value[:32])
        return of_group(rows, value[:32], prefix=self.candidate_prefix)


class CandidateFilters(CandidateSearchFilters):
    voie = django_filters.ChoiceFilter(
        label=_("Voie"), field_name="route", choices=(), empty_label=None
    )

    def __init__(self, *args: Any, visible: QuerySet[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, queryset=visible, **kwargs)
        fields = self.form.fields
        fields["etablissement"].widget.choices = establishment_choices(visible)
        fields["voie"].choices = route_choices()
        fields["q"].widget.attrs["id"] = "q"
        fields["etablissement"].widget.attrs["id"] = "etablissement"


class CandidateTable(tables.Table):
    number = tables.Column(verbose_name=_("N°"))
    last_name = tables.Column(verbose_name=_("Nom"), order_by=("last_name", "first_name", "number"))
    first_name = tables.Column(verbose_name=_("Prénom"), order_by=("first_name", "last_name"))
    route = tables.Column(verbose_name=_("Voie"), accessor="route_label", order_by=("route",))
    establishment = tables.Column(
        verbose_name=_("Établissement"), order_by=("establishment__name",), default="—"
    )
    lv1 = tables.Column(verbose_name=_("LV1"))
    plan = tables.Column(
        verbose_name=_("Plan"),
        accessor="pk",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = Candidate
        fields = ()

    def render_plan(self, value: int) -> str:
        return format_html(
            '<a class="fr-link" href="{}">{}</a>',
            reverse("candidate_plan", args=[value]),
            _("Plan"),
        )


class ConformityFilters(CandidateSearchFilters):
    """The conformity commission's list: by candidate, épreuve, decision and establishment."""

    candidate_prefix = "candidate__"
    epreuve = django_filters.ChoiceFilter(
        label=_("Épreuve"), field_name="exam", choices=(), empty_label=None
    )
    decision = django_filters.ChoiceFilter(
        label=_("Décision"), field_name="outcome", choices=(), empty_label=None
    )

    def __init__(
        self,
        *args: Any,
        outcomes: QuerySet[Any],
        visible: QuerySet[Candidate],
        labels: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, queryset=outcomes, **kwargs)
        fields = self.form.fields
        exams = catalogue().dossier_exams
        fields["epreuve"].choices = [("", _("Toutes")), *((e, e) for e in exams)]
        fields["decision"].choices = [("", _("Toutes")), *labels]
        fields["etablissement"].widget.choices = establishment_choices(visible)


class ConformityTable(tables.Table):
    """The columns of the commission's list, for the sort (the page draws its own rows)."""

    number = tables.Column(
        verbose_name=_("N°"), accessor="candidate__number", order_by=("candidate__number", "exam")
    )
    name = tables.Column(
        verbose_name=_("Candidat"),
        accessor="candidate__last_name",
        order_by=("candidate__last_name", "candidate__first_name", "candidate__number", "exam"),
    )
    exam = tables.Column(verbose_name=_("Épreuve"), order_by=("exam", "candidate_id"))
    outcome = tables.Column(
        verbose_name=_("Décision"), accessor="outcome_label", order_by=("outcome", "candidate_id")
    )
    nv_causes = tables.Column(verbose_name=_("Causes de NV"), orderable=False)
    defects = tables.Column(verbose_name=_("Insuffisances pénalisées"), orderable=False)
