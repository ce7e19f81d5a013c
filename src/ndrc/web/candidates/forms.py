"""The registration form of a candidate (new or changed): identity, route and establishment,
languages and optional units, form of the exam, exemptions with the diploma that grounds them
and its proof, VAE units, arrangements and the internship situation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ndrc.rules.candidate_category import Route
from ndrc.rules.catalogue import languages_offered
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
        label=_("Date de naissance"),
        # A date input reads and writes ISO dates whatever the language of the page.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    route = forms.ChoiceField(label=_("Voie"), choices=[(r.value, r.label_fr) for r in Route])
    establishment = forms.ModelChoiceField(
        label=_("Établissement de formation"),
        queryset=Establishment.objects.none(),
        required=False,
        empty_label=_("— aucun (candidat par l'expérience professionnelle) —"),
    )
    lv1 = forms.ChoiceField(label=_("Langue vivante 1"))
    ef1_language = forms.ChoiceField(label=_("Épreuve facultative EF1 : langue"), required=False)
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

    def __init__(
        self,
        *args: Any,
        academy_id: int | None,
        editing: bool,
        session_year: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offered = languages_offered(session_year)
        for name, languages, empty in (
            ("lv1", offered.lv1, _("— choisir —")),
            ("ef1_language", offered.ef1, _("— aucune —")),
        ):
            choices: list[tuple[str, Any]] = [("", empty)]
            choices += [(language, language) for language in languages]
            current = str(self.initial.get(name) or "")
            if current and current not in languages:  # kept visible, refused on saving
                choices.append((current, _("%(language)s (non proposée)") % {"language": current}))
            language_field = self.fields[name]
            assert isinstance(language_field, forms.ChoiceField)
            language_field.choices = choices
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
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "Indiquez le motif de la modification : il est inscrit à l'historique."
            )
        else:
            del self.fields["reason"]
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

    def changes(self, *, valid_only: bool = False) -> dict[str, Any]:
        """The model's values from the cleaned form; ``valid_only``: those whose fields were
        read without error (to check the rest of the registration while the form is shown
        again with its errors)."""
        data = self.cleaned_data

        def text(name: str) -> str:
            return str(data.get(name) or "").strip()

        diplomas = (
            [
                {
                    "kind": data["diploma_kind"],
                    "title": text("diploma_title"),
                    "law_economics_management": bool(data.get("diploma_law")),
                    "proof": text("diploma_proof"),
                }
            ]
            if data.get("diploma_kind")
            else []
        )
        values = {
            "last_name": text("last_name"),
            "first_name": text("first_name"),
            "birth_date": data.get("birth_date"),
            "route": data.get("route"),
            "establishment": data.get("establishment"),
            "lv1": text("lv1").lower(),
            "ef1_language": text("ef1_language").lower(),
            "ef2": bool(data.get("ef2")),
            "assessment_form": data.get("assessment_form"),
            "diplomas": diplomas,
            "exemption_requests": _units(text("exemption_requests")),
            "vae_units": _units(text("vae_units")),
            "e6_professional_dossier": bool(data.get("e6_professional_dossier")),
            "extra_time": bool(data.get("extra_time")),
            "arrangements": text("arrangements"),
            "internship_reduction_reason": text("internship_reduction_reason"),
            "internship_reduction_reference": text("internship_reduction_reference"),
            "continuing_situation": text("continuing_situation"),
            "internship_status": text("internship_status"),
        }
        if not valid_only:
            return values
        sources = {
            "diplomas": ("diploma_kind", "diploma_title", "diploma_law", "diploma_proof"),
            "exemption_requests": ("exemption_requests", "diploma_kind"),
        }
        return {
            name: value
            for name, value in values.items()
            if not any(source in self.errors for source in sources.get(name, (name,)))
        }
