"""The registration form of a candidate (new or changed): identity, route and establishment,
languages and optional units, form of the exam, exemptions with the diploma that grounds them
and its proof, VAE units, arrangements and the internship situation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ndrc.rules.candidate_category import Route
from ndrc.rules.exemptions import diploma_kinds
from ndrc.rules.internships import reduction_reasons
from ndrc.web.candidates.models import Candidate
from ndrc.web.sessions.models import Establishment

CONTINUING = [
    ("", _("—")),
    ("first_training", _("première formation")),
    ("retraining", _("reconversion")),
    ("improvement", _("perfectionnement")),
]
DISTANCE = [
    ("", _("—")),
    ("school", _("statut scolaire")),
    ("apprenticeship", _("apprenti")),
    ("continuing", _("formation continue")),
]


def _units(text: str) -> list[str]:
    return [u.upper() for u in text.replace(",", " ").replace(";", " ").split() if u]


class CandidateForm(forms.Form):
    number = forms.CharField(label=_("Numéro de candidat"), max_length=16)
    last_name = forms.CharField(label=_("Nom"), max_length=128)
    first_name = forms.CharField(label=_("Prénom"), max_length=128)
    birth_date = forms.DateField(
        label=_("Date de naissance"), widget=forms.DateInput(attrs={"type": "date"})
    )
    route = forms.ChoiceField(label=_("Voie"), choices=[(r.value, r.label_fr) for r in Route])
    establishment = forms.ModelChoiceField(
        label=_("Établissement de formation"),
        queryset=Establishment.objects.none(),
        required=False,
        empty_label=_("— aucun (candidat par l'expérience professionnelle) —"),
    )
    lv1 = forms.CharField(label=_("Langue vivante 1"), max_length=32)
    ef1_language = forms.CharField(
        label=_("Épreuve facultative EF1 : langue"), max_length=32, required=False
    )
    ef2 = forms.BooleanField(
        label=_("Épreuve facultative EF2 (engagement étudiant)"), required=False
    )
    assessment_form = forms.ChoiceField(
        label=_("Forme de l'examen"),
        choices=[("global", _("forme globale")), ("progressive", _("forme progressive"))],
    )
    exemption_requests = forms.CharField(
        label=_("Dispenses demandées (unités, ex. U1 U2)"), required=False
    )
    diploma_kind = forms.ChoiceField(label=_("Diplôme détenu"), required=False)
    diploma_title = forms.CharField(label=_("Intitulé du diplôme"), max_length=200, required=False)
    diploma_law = forms.BooleanField(
        label=_("UE de droit, économie et management validée"), required=False
    )
    diploma_proof = forms.CharField(
        label=_("Justificatif reçu (ex. copie du diplôme)"), max_length=200, required=False
    )
    vae_units = forms.CharField(label=_("Unités validées par la VAE"), required=False)
    e6_professional_dossier = forms.BooleanField(
        label=_("E6 : dossier professionnel (candidat par l'expérience)"), required=False
    )
    extra_time = forms.BooleanField(label=_("Temps majoré (tiers-temps)"), required=False)
    arrangements = forms.CharField(
        label=_("Aménagements d'épreuves (handicap)"), max_length=255, required=False
    )
    internship_reduction_reason = forms.ChoiceField(
        label=_("Réduction de la durée de stage : motif"), required=False
    )
    internship_reduction_reference = forms.CharField(
        label=_("Réduction de la durée de stage : décision"), max_length=255, required=False
    )
    continuing_situation = forms.ChoiceField(
        label=_("Formation continue : situation"), choices=CONTINUING, required=False
    )
    internship_status = forms.ChoiceField(
        label=_("Enseignement à distance : statut pour le stage"), choices=DISTANCE, required=False
    )
    reason = forms.CharField(label=_("Motif de la modification"), max_length=500, required=False)

    def __init__(self, *args: Any, academy_id: int | None, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["establishment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Establishment.objects.filter(academy_id=academy_id).order_by("name")
        kind = self.fields["diploma_kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "—"), *diploma_kinds().items()]
        reasons = self.fields["internship_reduction_reason"]
        assert isinstance(reasons, forms.ChoiceField)
        reasons.choices = [("", "—"), *reduction_reasons().items()]
        if editing:
            self.fields["number"].disabled = True
        for field in self.fields.values():  # the design system's classes
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "fr-select"
            elif not isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "fr-input"

    @staticmethod
    def initial_for(candidate: Candidate) -> dict[str, Any]:
        diploma = (candidate.diplomas or [{}])[0]
        return {
            "number": candidate.number,
            "last_name": candidate.last_name,
            "first_name": candidate.first_name,
            "birth_date": candidate.birth_date,
            "route": candidate.route,
            "establishment": candidate.establishment_id,
            "lv1": candidate.lv1,
            "ef1_language": candidate.ef1_language,
            "ef2": candidate.ef2,
            "assessment_form": candidate.assessment_form,
            "exemption_requests": " ".join(candidate.exemption_requests or []),
            "diploma_kind": diploma.get("kind", ""),
            "diploma_title": diploma.get("title", ""),
            "diploma_law": diploma.get("law_economics_management", False),
            "diploma_proof": diploma.get("proof", ""),
            "vae_units": " ".join(candidate.vae_units or []),
            "e6_professional_dossier": candidate.e6_professional_dossier,
            "extra_time": candidate.extra_time,
            "arrangements": candidate.arrangements,
            "internship_reduction_reason": candidate.internship_reduction_reason,
            "internship_reduction_reference": candidate.internship_reduction_reference,
            "continuing_situation": candidate.continuing_situation,
            "internship_status": candidate.internship_status,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("exemption_requests") and not data.get("diploma_kind"):
            self.add_error("diploma_kind", _("Une dispense se fonde sur un diplôme détenu."))
        if data.get("diploma_kind") and not data.get("diploma_proof", "").strip():
            self.add_error("diploma_proof", _("Indiquez le justificatif du diplôme reçu."))
        if (
            data.get("internship_reduction_reason")
            and not data.get("internship_reduction_reference", "").strip()
        ):
            self.add_error(
                "internship_reduction_reference", _("Une réduction se fonde sur une décision.")
            )
        return data

    def changes(self) -> dict[str, Any]:
        """The model's values from the cleaned form."""
        data = self.cleaned_data
        diplomas = (
            [
                {
                    "kind": data["diploma_kind"],
                    "title": data["diploma_title"],
                    "law_economics_management": data["diploma_law"],
                    "proof": data["diploma_proof"],
                }
            ]
            if data.get("diploma_kind")
            else []
        )
        return {
            "last_name": data["last_name"].strip(),
            "first_name": data["first_name"].strip(),
            "birth_date": data["birth_date"],
            "route": data["route"],
            "establishment": data["establishment"],
            "lv1": data["lv1"].strip().lower(),
            "ef1_language": data["ef1_language"].strip().lower(),
            "ef2": data["ef2"],
            "assessment_form": data["assessment_form"],
            "diplomas": diplomas,
            "exemption_requests": _units(data["exemption_requests"]),
            "vae_units": _units(data["vae_units"]),
            "e6_professional_dossier": data["e6_professional_dossier"],
            "extra_time": data["extra_time"],
            "arrangements": data["arrangements"].strip(),
            "internship_reduction_reason": data["internship_reduction_reason"],
            "internship_reduction_reference": data["internship_reduction_reference"].strip(),
            "continuing_situation": data["continuing_situation"],
            "internship_status": data["internship_status"],
        }
