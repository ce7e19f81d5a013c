"""The jobs list's filters and columns (``ndrc.web.listing``): the jobs a user may follow,
found by their label, filtered by kind, state and the day they were started."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ndrc.web.jobs.models import Job, JobState, job_kind_label
from ndrc.web.listing import Folded, ListFilters, folded


class JobFilters(ListFilters):
    q = django_filters.CharFilter(
        label=_("Rechercher une tâche"),
        method="search",
        help_text=_("Un mot de son intitulé"),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 128, "autocomplete": "off"}),
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="kind", choices=(), empty_label=None
    )
    etat = django_filters.ChoiceFilter(
        label=_("État"), field_name="state", choices=(), empty_label=None
    )
    depuis = django_filters.DateFilter(
        label=_("Créée depuis le"), field_name="created_at", lookup_expr="date__gte"
    )

    def __init__(self, *args: Any, jobs: QuerySet[Job], **kwargs: Any) -> None:
        super().__init__(*args, queryset=jobs, **kwargs)
        kinds = jobs.order_by("kind").values_list("kind", flat=True).distinct()
        shown = sorted(((k, job_kind_label(k)) for k in kinds), key=lambda c: c[1])
        self.form.fields["type"].choices = [("", _("Tous")), *shown]
        self.form.fields["etat"].choices = [("", _("Tous")), *JobState.choices]

    def search(self, rows: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        text = folded(value[:128])
        return rows.alias(_label=Folded("label")).filter(_label__contains=text) if text else rows


class JobTable(tables.Table):
    label = tables.Column(verbose_name=_("Intitulé"), order_by=("label",))
    kind = tables.Column(verbose_name=_("Type"))
    state = tables.Column(verbose_name=_("État"))
    progress = tables.Column(
        verbose_name=_("Avancement"), accessor="done", order_by=("done",), empty_values=()
    )
    created_by = tables.Column(
        verbose_name=_("Lancée par"), order_by=("created_by__username",), default="—"
    )
    created_at = tables.Column(verbose_name=_("Créée le"))
    finished_at = tables.Column(verbose_name=_("Terminée le"), default="—")

    class Meta:
        model = Job
        fields = ()

    def render_label(self, value: str, record: Job) -> str:
        return format_html(
            '<a class="fr-link" href="{}">{}</a>',
            reverse("job_detail", args=[record.pk]),
            value or record.kind,
        )

    def value_label(self, value: str, record: Job) -> str:
        return value or record.kind

    def render_kind(self, value: str) -> str:
        return job_kind_label(value)

    def render_progress(self, record: Job) -> str:
        return f"{record.done} / {record.total} ({record.percent}\xa0%)"

    def render_created_by(self, value: Any) -> str:
        return value.get_full_name() or value.username

    def render_created_at(self, value: Any) -> str:
        return date_format(localtime(value), "d/m/Y H:i")

    def render_finished_at(self, value: Any) -> str:
        return date_format(localtime(value), "d/m/Y H:i")
