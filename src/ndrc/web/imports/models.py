from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    CANDIDATES = "candidates", _("candidats")
    GRADES = "grades", _("notes")
    # The exam days' organisation (imports/exam_days.py).
    ROOMS = "rooms", _("salles des centres d'examen")
    OPENINGS = "openings", _("ouvertures des centres d'examen")
    EXAMINERS = "examiners", _("examinateurs")
    AVAILABILITY = "availability", _("disponibilités des examinateurs")


class ImportFile(models.Model):
    """An uploaded file kept between its dry run and the confirmation of its import (the
    bytes as uploaded; never in the session cookie). ``job`` is the import once confirmed."""

    kind = models.CharField(_("contenu"), max_length=16, choices=ImportKind.choices)
    filename = models.CharField(_("nom du fichier"), max_length=255)
    content = models.BinaryField(_("contenu du fichier"))
    session = models.ForeignKey(
        "exam_sessions.ExamSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    academy = models.ForeignKey(
        "exam_sessions.Academy",
        verbose_name=_("académie"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("import confirmé le"), null=True, blank=True)
    job = models.OneToOneField(
        "jobs.Job",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_file",
    )

    class Meta:
        verbose_name = _("fichier d'import")
        verbose_name_plural = _("fichiers d'import")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_kind_display()})"

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        return len(self.content)
