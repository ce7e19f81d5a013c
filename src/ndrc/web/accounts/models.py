from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.web.accounts.roles import Role


class User(AbstractUser):
    """A person using the product, with one role and the scope that role applies to."""

    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices, blank=True)
    academy = models.ForeignKey(
        "exam_sessions.Academy",
        verbose_name=_("académie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    establishment = models.ForeignKey(
        "exam_sessions.Establishment",
        verbose_name=_("établissement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")


class ApiToken(models.Model):
    """A key to call the API without a session (``Authorization: Bearer <key>``).

    The key is shown once, at its creation; only its SHA-256 digest is stored, with the
    ``prefix`` (its first characters, not secret) that finds the row and names it on the page.
    """

    user = models.ForeignKey(
        User, verbose_name=_("utilisateur"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("préfixe"), max_length=16, unique=True)
    digest = models.CharField(_("empreinte SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"))

    class Meta:
        verbose_name = _("jeton d'accès à l'API")
        verbose_name_plural = _("jetons d'accès à l'API")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
