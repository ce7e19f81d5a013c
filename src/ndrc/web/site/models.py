"""The site's own settings for its information pages: who publishes the service (the
rectorat that operates it), who hosts it, how to reach its data protection officer and how to
report an accessibility problem. One row, edited in the admin."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteSettings(models.Model):
    """The operator's details shown on « Mentions légales », « Données personnelles » and
    « Accessibilité ». Empty fields are shown as « non renseigné »."""

    publisher_name = models.CharField(
        _("éditeur (rectorat)"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : Rectorat de l'académie de Clermont-Ferrand."),
    )
    publisher_address = models.TextField(_("adresse de l'éditeur"), blank=True)
    publication_director = models.CharField(
        _("directeur ou directrice de la publication"),
        max_length=200,
        blank=True,
        help_text=_("En général le recteur ou la rectrice de l'académie."),
    )
    contact_email = models.EmailField(
        _("adresse de contact du service (division des examens)"), blank=True
    )
    host_name = models.CharField(_("hébergeur"), max_length=200, blank=True)
    host_address = models.TextField(_("adresse de l'hébergeur"), blank=True)
    host_phone = models.CharField(_("téléphone de l'hébergeur"), max_length=40, blank=True)
    dpo_name = models.CharField(
        _("délégué(e) à la protection des données"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : Délégué à la protection des données de l'académie."),
    )
    dpo_email = models.EmailField(_("adresse électronique du ou de la DPD"), blank=True)
    dpo_address = models.TextField(_("adresse postale du ou de la DPD"), blank=True)
    retention_years = models.PositiveSmallIntegerField(
        _("durée de conservation des dossiers des candidats (années après la session)"),
        default=5,
        help_text=_(
            "Cinq ans par défaut : la durée pendant laquelle un candidat peut garder le bénéfice "
            "de ses notes (Code de l'éducation, article D643-15)."
        ),
    )
    accessibility_audit_date = models.DateField(
        _("date du dernier audit d'accessibilité"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("réglages du site")
        verbose_name_plural = _("réglages du site")

    def __str__(self) -> str:
        return str(_("Réglages du site"))
