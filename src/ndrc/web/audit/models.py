from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write made by a service: who, when, what, before, after and why."""

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("type d'objet"), max_length=64)
    object_id = models.CharField(_("identifiant"), max_length=64)
    object_repr = models.CharField(_("objet"), max_length=255)
    candidate = models.ForeignKey(
        "exams.Candidate",
        verbose_name=_("candidat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    before = models.JSONField(_("avant"), null=True, blank=True)
    after = models.JSONField(_("après"), null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal d'audit")
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("object_type", "object_id"))]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
