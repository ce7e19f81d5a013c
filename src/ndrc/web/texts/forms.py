"""The form where a user describes a candidate to see the exam plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.catalogue import catalogue
from ndrc.rules.exemptions import diploma_kinds, exemption_rules


def _choices(enum: type) -> list[tuple[str, str]]:
    return [(m.value, m.label_fr) for m in enum]


class PlanForm(DsfrBaseForm):
    session = forms.IntegerField(label=_("Session"), min_value=1990, max_value=2100)
    route = forms.ChoiceField(label=_("Voie"), choices=_choices(Route))
    establishment_status = forms.ChoiceField(
        label=_("Statut de l'établissement"),
        choices=[("", _("— sans objet —")), *_choices(EstablishmentStatus)],
        required=False,
    )
    habilitation = forms.ChoiceField(
        label=_("Habilitation de l'établissement"),
        choices=[("", _("— sans objet —")), *_choices(Habilitation)],
        required=False,
    )
    lv1 = forms.CharField(label=_("Langue vivante 1"), initial="anglais", required=False)
    ef1_language = forms.CharField(
        label=_("Langue de l'épreuve facultative EF1 (vide : pas d'EF1)"), required=False
    )
    ef2 = forms.BooleanField(
        label=_("Épreuve facultative EF2 « Engagement étudiant »"), required=False
    )
    diploma = forms.ChoiceField(
        label=_("Diplôme détenu (pour une dispense)"),
        choices=[("", _("— aucun —"))],
        required=False,
    )
    law_economics_management = forms.BooleanField(
        label=_("Unité d'enseignement de droit, économie et management validée"), required=False
    )
    exemption_requests = forms.MultipleChoiceField(
        label=_("Dispenses demandées"),
        choices=[(u, u) for u in dict.fromkeys(u for r in exemption_rules() for u in r.units)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    nrc_units = forms.MultipleChoiceField(
        label=_("Unités du BTS NRC détenues"),
        choices=[(u, u) for u in catalogue().nrc_units],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    e6_professional_dossier = forms.BooleanField(
        label=_("E6 : dossier professionnel à la place des fiches"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["diploma"].choices = [("", _("— aucun —")), *diploma_kinds().items()]

    def candidate_data(self) -> dict[str, Any]:
        """The candidate in the JSON format of ``ndrc plan``."""
        data = self.cleaned_data
        candidate: dict[str, Any] = {
            "route": data["route"],
            "lv1": data["lv1"],
            "ef1_language": data["ef1_language"],
            "ef2": data["ef2"],
            "exemption_requests": data["exemption_requests"],
            "nrc_units": [{"unit": u} for u in data["nrc_units"]],
            "e6_professional_dossier": data["e6_professional_dossier"],
        }
        if data["establishment_status"] or data["habilitation"]:
            candidate["establishment"] = {
                "status": data["establishment_status"] or None,
                "habilitation": data["habilitation"] or None,
            }
        if data["diploma"]:
            candidate["diplomas"] = [
                {
                    "kind": data["diploma"],
                    "law_economics_management": data["law_economics_management"],
                }
            ]
        return candidate
