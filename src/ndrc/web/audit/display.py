"""The journal as a person reads it: each entry's before and after written « champ : ancienne
valeur → nouvelle valeur », with the fields' verbose names, the choices' labels, dates as
02/04/2006, decimals with a comma, yes/no, related objects by their name.

The entry names its model (``object_type``): its fields give the labels. What a model does not
say (a value stored without choices, a key that is not a field) is said by ``KEY_LABELS`` or by
the caller's ``value_labels`` ({key: {code: label}})."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ndrc.web.audit.models import WITHHELD, AuditEntry

# The keys services record that are not fields of the entry's model (or whose model field has a
# technical name), as the journal shows them.
KEY_LABELS = {
    "exam": gettext_lazy("épreuve"),
    "value": gettext_lazy("note"),
    "round": gettext_lazy("tour de délibération"),
    "results": gettext_lazy("résultats"),
    "candidates": gettext_lazy("candidats"),
    "members": gettext_lazy("membres"),
    "current": gettext_lazy("session en cours"),
    "unit": gettext_lazy("unité"),
    "decision": gettext_lazy("décision"),
    "average": gettext_lazy("moyenne"),
    "regulation": gettext_lazy("règlement"),
    "previous_examiners": gettext_lazy("examinateurs précédents"),
    "resit_declined": gettext_lazy("renonciation aux épreuves de contrôle"),
    "kind": gettext_lazy("nature"),
    "title": gettext_lazy("intitulé"),
    "proof": gettext_lazy("justificatif"),
    "law_economics_management": gettext_lazy("enseignement de droit, d'économie et de gestion"),
    "deposited_on": gettext_lazy("date de dépôt"),
    "signed": gettext_lazy("signé"),
    "fiches": gettext_lazy("fiches"),
    "nature": gettext_lazy("nature"),
    "parts": gettext_lazy("parties"),
    "covers_pole": gettext_lazy("couvre le pôle"),
    "real_experience": gettext_lazy("expérience réelle"),
    "offer_annex_pages": gettext_lazy("pages d'annexe de l'offre"),
    "reflective_study_pages": gettext_lazy("pages de l'étude réflexive"),
    "professional_dossier_pages": gettext_lazy("pages du dossier professionnel"),
    "formal_rules_respected": gettext_lazy("règles de forme respectées"),
    "plagiarism_suspected": gettext_lazy("soupçon de plagiat"),
    "exam_day_doubt": gettext_lazy("doute le jour de l'épreuve"),
    "engagement_sheet": gettext_lazy("fiche d'engagement"),
}

# Technical counters recorded with an object, not shown.
HIDDEN_KEYS = frozenset({"version"})

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")

ValueLabels = Mapping[str, Mapping[str, str]]
# How the caller writes the value of a key the journal cannot read alone (e.g. an exact
# average kept as a fraction, shown as the decision's display shows it).
ValueFormatters = Mapping[str, Callable[[Any], str]]


@dataclass(frozen=True)
class Change:
    """One field of an entry: its label and its value before and after (None: not recorded,
    the object was created or deleted)."""

    label: str
    before: str | None
    after: str | None

    def __str__(self) -> str:
        if self.before is None:
            return f"{self.label} : {self.after}"
        if self.after is None or self.after == self.before:
            return f"{self.label} : {self.before}"
        return f"{self.label} : {self.before} → {self.after}"


@dataclass(frozen=True)
class EntryLines:
    """An entry of the journal and its changes, ready to show."""

    entry: AuditEntry
    changes: tuple[Change, ...]


def _model(entry: AuditEntry) -> type[models.Model] | None:
    try:
        return apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    text = str(KEY_LABELS.get(name) or (field.verbose_name if field is not None else name))
    return text[:1].upper() + text[1:]


class _Related:
    """The names of the related objects named in a set of entries, read with one query per
    related model."""

    def __init__(self, entries: Iterable[AuditEntry]) -> None:
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        for entry in entries:
            model = _model(entry)
            for side in (entry.before, entry.after):
                if not isinstance(side, dict):
                    continue
                for name, value in side.items():
                    field = _field(model, name)
                    if field is not None and field.is_relation and value is not None:
                        wanted[field.related_model].add(value)  # type: ignore[index]
        self.names: dict[tuple[type[models.Model], str], str] = {}
        for related, pks in wanted.items():
            for obj in related._default_manager.filter(pk__in=pks):
                self.names[(related, str(obj.pk))] = str(obj)

    def name(self, related: type[models.Model], pk: Any) -> str:
        return self.names.get((related, str(pk)), _("n° %(pk)s (supprimé)") % {"pk": pk})


def format_value(
    value: Any,
    *,
    labels: Mapping[str, str] | None = None,
    by_key: ValueLabels | None = None,
) -> str:
    """A value of the journal in French: — for nothing, Oui/Non, dates as 02/04/2006,
    decimals with a comma, lists joined, objects as « clé : valeur » (``by_key`` gives the
    labels of the codes under each key of a nested object)."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if isinstance(value, list):
        return ", ".join(format_value(v, labels=labels, by_key=by_key) for v in value)
    if isinstance(value, dict):
        keyed = by_key or {}
        return " ; ".join(
            f"{_label(None, str(k))} : {format_value(v, labels=keyed.get(str(k)), by_key=keyed)}"
            for k, v in value.items()
            if v not in ("", None)
        )
    text = str(value)
    if labels and text in labels:
        return str(labels[text])
    if _DATE.match(text):
        return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
    if _DATETIME.match(text):
        try:
            return dt.datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return text
    if isinstance(value, float) or _DECIMAL.match(text):
        return text.replace(".", ",")
    return text


def _value(
    model: type[models.Model] | None,
    name: str,
    value: Any,
    related: _Related,
    value_labels: ValueLabels,
    formatters: ValueFormatters,
) -> str:
    if name in formatters and value not in (None, ""):
        try:
            return formatters[name](value)
        except (ArithmeticError, TypeError, ValueError):
            pass  # a value the formatter cannot read is shown as it was recorded
    field = _field(model, name)
    if field is not None and field.is_relation and value not in (None, ""):
        return related.name(field.related_model, value)  # type: ignore[arg-type]
    labels: dict[str, str] = {}
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
    labels.update({str(k): str(v) for k, v in value_labels.get(name, {}).items()})
    return format_value(value, labels=labels, by_key=value_labels)


def _changes(
    entry: AuditEntry, related: _Related, value_labels: ValueLabels, formatters: ValueFormatters
) -> tuple[Change, ...]:
    model = _model(entry)
    before = entry.before if isinstance(entry.before, dict) else None
    after = entry.after if isinstance(entry.after, dict) else None
    names: list[str] = []
    for side in (before, after):
        for name in side or {}:
            if name not in names and name not in HIDDEN_KEYS:
                names.append(name)
    if model is not None:  # the model's order (PostgreSQL's jsonb does not keep the keys')
        order = {field.name: i for i, field in enumerate(model._meta.get_fields())}
        names.sort(key=lambda name: order.get(name, len(order)))
    changes = []
    for name in names:
        old = None
        new = None
        if WITHHELD in ((before or {}).get(name), (after or {}).get(name)):
            # The journal keeps that a personal field was set or changed, not its value.
            changed = before is not None and name in before
            changes.append(Change(_label(model, name), None, _withheld_text(changed)))
            continue
        if before is not None and name in before:
            old = _value(model, name, before[name], related, value_labels, formatters)
        if after is not None and name in after:
            new = _value(model, name, after[name], related, value_labels, formatters)
        changes.append(Change(_label(model, name), old, new))
    for side, is_before in ((entry.before, True), (entry.after, False)):
        if side is not None and not isinstance(side, dict):  # a bare value
            text = format_value(side)
            changes.append(
                Change(_("Valeur"), text if is_before else None, None if is_before else text)
            )
    return tuple(changes)


def _withheld_text(changed: bool) -> str:
    return _("modifié (valeur non conservée)") if changed else _("renseigné (valeur non conservée)")


def entry_lines(
    entries: Iterable[AuditEntry],
    *,
    value_labels: ValueLabels | None = None,
    formatters: ValueFormatters | None = None,
) -> list[EntryLines]:
    """The entries with their changes in French (related objects read once for all)."""
    entries = list(entries)
    related = _Related(entries)
    return [
        EntryLines(e, _changes(e, related, value_labels or {}, formatters or {})) for e in entries
    ]
