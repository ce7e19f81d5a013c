"""The académies, the sessions (the regulation in force follows from the year), the training
establishments and the exam centres."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation


def label_choices(enum: type) -> list[tuple[str, str]]:
    """The choices of a model field from an enumeration of the rules core (French labels)."""
    return [(member.value, member.label_fr) for member in enum]


class Academy(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("nom"), max_length=128)

    class Meta:
        verbose_name = _("académie")
        verbose_name_plural = _("académies")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class ExamSession(models.Model):
    """A session of the BTS NDRC; the regulation in force follows from its year. Its dates
    (deposit deadline, orals) are each académie's: ``AcademyCalendar``."""

    year = models.PositiveSmallIntegerField(
        _("année"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    label = models.CharField(_("libellé"), max_length=128)
    # Set by the deliberations' services while a jury of the session has closed its
    # deliberation: the dates that conformity (hence results) depend on are then frozen.
    results_frozen = models.BooleanField(
        _("une délibération de la session est close"), default=False, editable=False
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ("-year",)

    def __str__(self) -> str:
        return self.label


class AcademyCalendar(models.Model):
    """The dates one académie fixes for a session: the deposit deadline of the dossiers
    (conformity depends on it) and the date of the orals."""

    session = models.ForeignKey(
        ExamSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="calendars",
    )
    academy = models.ForeignKey(
        Academy, verbose_name=_("académie"), on_delete=models.PROTECT, related_name="calendars"
    )
    deposit_deadline = models.DateField(
        _("date limite de dépôt des dossiers (E4, E6, EF2)"), null=True, blank=True
    )
    oral_date = models.DateField(_("date des épreuves orales"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendrier de l'académie")
        verbose_name_plural = _("calendriers des académies")
        constraints = [
            models.UniqueConstraint(
                fields=("session", "academy"), name="one_calendar_per_session_academy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.academy}"


class SessionChoice(models.Model):
    """The session one user works on (each user's choice: it changes nobody else's lists)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="session_choice",
    )
    session = models.ForeignKey(
        ExamSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("session de travail d'un utilisateur")
        verbose_name_plural = _("sessions de travail des utilisateurs")

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"


class Establishment(models.Model):
    """A training establishment (lycée, CFA, GRETA, private school, distance-learning body)."""

    uai = models.CharField(_("code UAI"), max_length=8, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    academy = models.ForeignKey(
        Academy, verbose_name=_("académie"), on_delete=models.PROTECT, related_name="establishments"
    )
    status = models.CharField(
        _("statut"), max_length=32, choices=label_choices(EstablishmentStatus)
    )
    habilitation = models.CharField(
        _("habilitation au CCF"), max_length=32, choices=label_choices(Habilitation)
    )
    city = models.CharField(_("commune"), max_length=128, blank=True)
    # The exam centre that serves the establishment: its candidates are assigned to it unless
    # the exam office assigns one elsewhere (scheduling.CentreAssignment).
    exam_centre = models.ForeignKey(
        "ExamCentre",
        verbose_name=_("centre d'examen de rattachement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="establishments_served",
    )

    class Meta:
        verbose_name = _("établissement de formation")
        verbose_name_plural = _("établissements de formation")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class ExamCentre(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    academy = models.ForeignKey(
        Academy, verbose_name=_("académie"), on_delete=models.PROTECT, related_name="exam_centres"
    )
    city = models.CharField(_("commune"), max_length=128, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    # Seats in the loge, where candidates prepare before an oral (« temps de loge »).
    loge_seats = models.PositiveSmallIntegerField(_("places en loge"), default=0)

    class Meta:
        verbose_name = _("centre d'examen")
        verbose_name_plural = _("centres d'examen")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name
