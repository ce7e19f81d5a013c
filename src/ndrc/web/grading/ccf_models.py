"""The CCF situations of a candidate's épreuve (their date and commission) and the files of
the evaluation dossier the training centre keeps for the jury and the rectorat (A2023
annexe II, E4 §4.2.2 and E6 §4.2.2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.web.candidates.models import Candidate


class CcfSituation(models.Model):
    """One CCF situation (A, B) of a candidate's épreuve: the day it took place and its
    commission (each member's name and quality, one a line), as the training centre records
    them; the situation's grid is signed only once both are recorded."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="ccf_situations",
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    situation = models.CharField(_("situation"), max_length=4)
    date = models.DateField(_("date de la situation"), null=True, blank=True)
    commission = models.TextField(_("commission d'évaluation"), blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifiée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("situation de CCF")
        verbose_name_plural = _("situations de CCF")
        ordering = ("candidate__number", "exam", "situation")
        constraints = [
            models.UniqueConstraint(
                fields=("candidate", "exam", "situation"), name="one_ccf_situation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.exam} {self.situation}"

    @property
    def members(self) -> list[str]:
        return [line.strip() for line in self.commission.splitlines() if line.strip()]


class DossierFileKind(models.TextChoices):
    SUPPORT = "support", _("dossier support de l'épreuve")
    PERIODIC = "periodic", _("bilan périodique")
    INTERMEDIATE = "intermediate", _("évaluation intermédiaire")
    COMPANY = "company", _("compte-rendu d'évaluation en entreprise")
    OTHER = "other", _("autre document")


class EvaluationDossierFile(models.Model):
    """A file of a candidate's CCF evaluation dossier, as uploaded (its bytes kept in the
    database, like the import files and the documents issued; its type read from its
    content). Deleted one year after the candidate's deliberation (retention.yaml)."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="evaluation_dossier_files",
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    kind = models.CharField(_("nature"), max_length=16, choices=DossierFileKind.choices)
    filename = models.CharField(_("nom du fichier"), max_length=128)
    mimetype = models.CharField(_("type"), max_length=128)
    content = models.BinaryField(_("contenu"))
    size = models.PositiveIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256 du fichier"), max_length=64)
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pièce du dossier d'évaluation")
        verbose_name_plural = _("pièces des dossiers d'évaluation")
        ordering = ("candidate__number", "exam", "uploaded_at", "pk")

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.exam} {self.filename}"
