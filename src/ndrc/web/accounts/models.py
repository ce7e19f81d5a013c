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
