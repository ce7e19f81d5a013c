"""The forms of a candidate's internships and dossiers: a period of internship or work (new or
corrected, with the reason of a correction) and the reason of a deletion. Every error is shown
at once and what was typed is kept; dates travel as ISO dates, the only format an
``<input type="date">`` reads (the French locale would write 02/04/2006 into it, leaving it
empty)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ndrc.rules.internships import PeriodKind
from ndrc.web.candidates.models import Internship

ISO_DATE = "%Y-%m-%d"


def date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=[ISO_DATE, "%d/%m/%Y"],
        widget=forms.DateInput(format=ISO_DATE, attrs={"type": "date"}),
        error_messages={"invalid": _("Saisissez une date valide (JJ/MM/AAAA).")},
    )


def _design_system(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs["class"] = "fr-select"
        elif not isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "fr-input"


class InternshipForm(forms.Form):
    """A period of internship or work; ``correcting`` asks for the reason of the correction."""

    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    start = date_field(_("Début"))
    end = date_field(_("Fin"))
    kind = forms.ChoiceField(label=_("Nature"), required=False)  # a stage when not said
    attestation = forms.BooleanField(label=_("Attestation ou certificat reçu"), required=False)
    signed = forms.BooleanField(label=_("Signée"), required=False)
    full_time = forms.BooleanField(label=_("Temps plein"), required=False)
    reason = forms.CharField(
        label=_("Motif de la correction"), max_length=500, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, correcting: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"full_time": True, "kind": PeriodKind.INTERNSHIP.value})
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = Internship._meta.get_field("kind").choices or []
        self.correcting = correcting
        if correcting:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "Indiquez le motif de la correction."
            )
            self.fields["reason"].widget.attrs["rows"] = 3
        else:
            del self.fields["reason"]
        _design_system(self)

    @staticmethod
    def initial_for(period: Internship) -> dict[str, Any]:
        return {
            "organisation": period.organisation,
            "start": period.start,
            "end": period.end,
            "kind": period.kind,
            "attestation": period.attestation,
            "signed": period.signed,
            "full_time": period.full_time,
        }

    def values(self) -> dict[str, Any]:
        """The period's fields from the cleaned form."""
        data = self.cleaned_data
        return {
            "organisation": data["organisation"].strip(),
            "start": data["start"],
            "end": data["end"],
            "kind": data["kind"] or PeriodKind.INTERNSHIP.value,
            "attestation": data["attestation"],
            "signed": data["signed"],
            "full_time": data["full_time"],
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's refusal on the fields it names (the others above the form)."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


# The longest reason recorded in the journal for a correction or a deletion.
REASON_MAX_LENGTH = 500


class ReasonForm(forms.Form):
    """The reason of a deletion, required."""

    reason = forms.CharField(
        label=_("Motif de la suppression"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "fr-input"}),
        error_messages={"required": _("Indiquez le motif de la suppression.")},
    )
