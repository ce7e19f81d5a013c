from django import forms
from django.utils.translation import gettext_lazy as _

from ndrc.web.imports.models import ImportKind


class UploadForm(forms.Form):
    contenu = forms.ChoiceField(
        label=_("Contenu du fichier"),
        choices=[
            (ImportKind.CANDIDATES.value, _("Candidats (inscriptions)")),
            (ImportKind.GRADES.value, _("Notes")),
            (ImportKind.ROOMS.value, _("Salles des centres d'examen")),
            (ImportKind.OPENINGS.value, _("Ouvertures des centres d'examen")),
            (ImportKind.EXAMINERS.value, _("Examinateurs")),
            (ImportKind.AVAILABILITY.value, _("Disponibilités des examinateurs")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez ce que contient le fichier.")},
    )
    fichier = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        error_messages={
            "required": _("Choisissez un fichier CSV ou XLSX."),
            "empty": _("Le fichier est vide."),
        },
    )
