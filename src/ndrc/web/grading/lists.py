"""The grades list's filters and columns (``ndrc.web.listing``): every grade the user may
see (``candidates.selectors.grades_visible_to``) with the candidate's number and name, the
épreuve, its state and value, who entered it and when; found by the candidate (start of the
number or name, any case and accent), filtered by épreuve, state and establishment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ndrc.rules.catalogue import catalogue
from ndrc.web.candidates.lists import CandidateSearchFilters, establishment_choices
from ndrc.web.candidates.models import GRADE_STATES, Candidate, Grade


def grade_shown(value: Decimal | None) -> str:
    """A grade as the pages write it: « 12,5 », « 14 » (its exact value, French comma)."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


class GradeFilters(CandidateSearchFilters):
    """Every grade the user may see: by candidate, épreuve, state and establishment."""

    candidate_prefix = "candidate__"

    epreuve = django_filters.ChoiceFilter(
        label=_("Épreuve"), field_name="exam", choices=(), empty_label=None
    )
    etat = django_filters.ChoiceFilter(
        label=_("État"), field_name="state", choices=(), empty_label=None
    )

    def __init__(
        self, *args: Any, grades: QuerySet[Grade], visible: QuerySet[Candidate], **kwargs: Any
    ) -> None:
        super().__init__(*args, queryset=grades, **kwargs)
        fields = self.form.fields
        fields["epreuve"].choices = [("", _("Toutes")), *((c, c) for c in catalogue().entry_codes)]
        fields["etat"].choices = [("", _("Tous")), *GRADE_STATES]
        fields["etablissement"].widget.choices = establishment_choices(visible)


class GradeTable(tables.Table):
    number = tables.Column(
        verbose_name=_("N°"), accessor="candidate__number", order_by=("candidate__number", "exam")
    )
    last_name = tables.Column(
        verbose_name=_("Nom"),
        accessor="candidate__last_name",
        order_by=(
            "candidate__last_name",
            "candidate__first_name",
            "candidate__number",
            "exam",
        ),
    )
    first_name = tables.Column(
        verbose_name=_("Prénom"),
        accessor="candidate__first_name",
        order_by=("candidate__first_name", "candidate__last_name"),
    )
    establishment = tables.Column(
        verbose_name=_("Établissement"),
        accessor="candidate__establishment",
        order_by=("candidate__establishment__name",),
        default="—",
    )
    exam = tables.Column(verbose_name=_("Épreuve"), order_by=("exam", "candidate__number"))
    state = tables.Column(verbose_name=_("État"), order_by=("state", "exam"))
    value = tables.Column(verbose_name=_("Note"), order_by=("value", "exam"), default="")
    ccf = tables.Column(verbose_name=_("CCF"), order_by=("ccf", "exam"))
    updated_by = tables.Column(
        verbose_name=_("Saisie par"), order_by=("updated_by__last_name",), default="—"
    )
    updated_at = tables.Column(verbose_name=_("Le"))
    file = tables.Column(
        verbose_name=_("Dossier"),
        accessor="candidate_id",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = Grade
        fields = ()

    def render_value(self, value: Decimal | None) -> str:
        return grade_shown(value)

    def render_ccf(self, value: bool) -> str:
        return str(_("oui")) if value else str(_("non"))

    def render_updated_by(self, value: Any) -> str:
        return value.get_full_name() or value.username

    def render_updated_at(self, value: Any) -> str:
        return date_format(localtime(value), "d/m/Y H:i")

    def render_file(self, value: int) -> str:
        return format_html(
            '<a class="fr-link" href="{}">{}</a>',
            reverse("candidate_plan", args=[value]),
            _("Dossier"),
        )
