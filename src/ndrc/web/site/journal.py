"""The journal's filters and columns (``ndrc.web.listing``): every write the exam office may
read (``audit.selectors.journal_of``), found by its object or candidate, filtered by action,
author and dates."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ndrc.web.audit.models import ACTION_LABELS, AuditEntry
from ndrc.web.listing import Folded, ListFilters, folded


def _search() -> forms.TextInput:
    return forms.TextInput(attrs={"type": "search", "maxlength": 128, "autocomplete": "off"})


class JournalFilters(ListFilters):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="search",
        help_text=_("Objet ou numéro du candidat"),
        widget=_search(),
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"), field_name="action", choices=(), empty_label=None
    )
    auteur = django_filters.CharFilter(
        label=_("Auteur"),
        method="author",
        help_text=_("Début de l'identifiant ou du nom"),
        widget=_search(),
    )
    du = django_filters.DateFilter(label=_("Du"), field_name="at", lookup_expr="date__gte")
    au = django_filters.DateFilter(label=_("Au"), field_name="at", lookup_expr="date__lte")

    def __init__(self, *args: Any, entries: QuerySet[AuditEntry], **kwargs: Any) -> None:
        super().__init__(*args, queryset=entries, **kwargs)
        labels = sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=_key)
        self.form.fields["action"].choices = [("", _("Toutes")), *labels]

    def search(self, rows: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        text = value.strip()[:128]
        if not text:
            return rows
        return rows.alias(_object=Folded("object_repr")).filter(
            Q(_object__contains=folded(text)) | Q(candidate__number__istartswith=text)
        )

    def author(self, rows: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        text = folded(value[:128])
        if not text:
            return rows
        return rows.alias(_user=Folded("actor__username"), _last=Folded("actor__last_name")).filter(
            Q(_user__startswith=text) | Q(_last__startswith=text)
        )


def _key(item: tuple[str, str]) -> str:
    return folded(item[1])


class JournalTable(tables.Table):
    at = tables.Column(verbose_name=_("Date"), order_by=("at",))
    actor = tables.Column(verbose_name=_("Auteur"), order_by=("actor__username",), default="—")
    action = tables.Column(verbose_name=_("Action"), order_by=("action", "at"))
    object_repr = tables.Column(verbose_name=_("Objet"), order_by=("object_repr", "at"))
    candidate = tables.Column(
        verbose_name=_("Candidat"), order_by=("candidate__number", "at"), default="—"
    )
    reason = tables.Column(verbose_name=_("Motif"), orderable=False, default="")

    class Meta:
        model = AuditEntry
        fields = ()

    def render_at(self, value: Any) -> str:
        return date_format(localtime(value), "d/m/Y H:i")

    def render_actor(self, value: Any) -> str:
        return value.get_full_name() or value.username

    def render_action(self, value: str) -> str:
        return str(ACTION_LABELS.get(value, value))

    def render_candidate(self, value: Any) -> str:
        return format_html(
            '<a class="fr-link" href="{}">{}</a>',
            reverse("candidate_audit", args=[value.pk]),
            value.number,
        )

    def value_candidate(self, value: Any) -> str:
        return value.number
