"""Juries, their deliberation (open → closed → reopened), the jury's grade changes and the
results frozen when a deliberation closes (with the regulation and the explanation)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.web.candidates.models import Candidate
from ndrc.web.sessions.models import Academy, ExamSession


class Jury(models.Model):
    """A jury of a session and its deliberation. ``round`` counts deliberations: a reopening
    (re-deliberation, with its reason) starts the next round."""

    OPEN = "open"
    CLOSED = "closed"
    STATES = [(OPEN, _("délibération ouverte")), (CLOSED, _("délibération close"))]

    session = models.ForeignKey(
        ExamSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="juries"
    )
    academy = models.ForeignKey(
        Academy, verbose_name=_("académie"), on_delete=models.PROTECT, related_name="juries"
    )
    name = models.CharField(_("nom"), max_length=128)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("membres"), related_name="juries", blank=True
    )
    state = models.CharField(_("état"), max_length=8, choices=STATES, default=OPEN)
    round = models.PositiveSmallIntegerField(_("tour de délibération"), default=1)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("close par"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("jurys")
        ordering = ("session", "name")
        constraints = [
            models.UniqueConstraint(fields=("session", "name"), name="jury_name_per_session")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.state == self.CLOSED


class JuryAssignment(models.Model):
    """The jury that deliberates on a candidate: one jury per candidate."""

    jury = models.ForeignKey(
        Jury, verbose_name=_("jury"), on_delete=models.CASCADE, related_name="assignments"
    )
    candidate = models.OneToOneField(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="jury_assignment",
    )
    resit_declined = models.BooleanField(_("renonce aux épreuves de contrôle"), default=False)

    class Meta:
        verbose_name = _("affectation à un jury")
        verbose_name_plural = _("affectations aux jurys")

    def __str__(self) -> str:
        return f"{self.candidate} → {self.jury}"


class JuryGradeChange(models.Model):
    """A grade the jury set during a deliberation, with its author, time and mandatory
    reason; withdrawn changes stay recorded."""

    jury = models.ForeignKey(
        Jury, verbose_name=_("jury"), on_delete=models.CASCADE, related_name="grade_changes"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidat"), on_delete=models.CASCADE, related_name="+"
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    value = models.DecimalField(_("note retenue par le jury"), max_digits=4, decimal_places=2)
    reason = models.TextField(_("motif"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("date"), auto_now_add=True)
    round = models.PositiveSmallIntegerField(_("tour de délibération"))
    withdrawn = models.BooleanField(_("retirée"), default=False)

    class Meta:
        verbose_name = _("modification de note par le jury")
        verbose_name_plural = _("modifications de notes par le jury")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.exam} → {self.value}"

    @property
    def author_name(self) -> str:
        return self.author.get_full_name() or self.author.username


class FrozenResult(models.Model):
    """A candidate's result as the jury closed it: decision, exact average, the regulation in
    force and the whole explanation, unchanged afterwards. Published when ``published_at``."""

    jury = models.ForeignKey(
        Jury, verbose_name=_("jury"), on_delete=models.PROTECT, related_name="results"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidat"), on_delete=models.PROTECT, related_name="results"
    )
    round = models.PositiveSmallIntegerField(_("tour de délibération"))
    decision = models.CharField(_("décision"), max_length=32)
    decision_label = models.CharField(_("décision (libellé)"), max_length=64)
    average = models.CharField(_("moyenne exacte"), max_length=64, blank=True)
    average_display = models.CharField(_("moyenne affichée"), max_length=16, blank=True)
    regulation = models.CharField(_("règlement appliqué"), max_length=16)
    result = models.JSONField(_("résultat et explication (JSON)"))
    explanation = models.TextField(_("explication"))
    frozen_at = models.DateTimeField(_("arrêté le"), auto_now_add=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)

    class Meta:
        verbose_name = _("résultat arrêté")
        verbose_name_plural = _("résultats arrêtés")
        ordering = ("candidate", "-round")
        constraints = [
            models.UniqueConstraint(fields=("candidate", "round"), name="one_result_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.decision_label}"


class ResitGradeRecord(models.Model):
    """The grade of an épreuve de contrôle (resit oral) on a unit, entered after the first
    deliberation found the candidate eligible (from session 2025)."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidat"), on_delete=models.CASCADE, related_name="resits"
    )
    unit = models.CharField(_("unité"), max_length=8)
    value = models.DecimalField(_("note"), max_digits=4, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saisie par"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("date"), auto_now=True)

    class Meta:
        verbose_name = _("note d'épreuve de contrôle")
        verbose_name_plural = _("notes d'épreuves de contrôle")
        ordering = ("candidate", "at", "id")
        constraints = [
            models.UniqueConstraint(fields=("candidate", "unit"), name="one_resit_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.unit} {self.value}"


class ResitChoice(models.Model):
    """The units a candidate chose for the épreuves de contrôle (from session 2025), recorded by
    the exam office or by the candidate; changed with a reason until the jury closes the round
    after the one that found the candidate eligible (the audit trail keeps every choice)."""

    candidate = models.OneToOneField(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="resit_choice",
    )
    units = models.JSONField(_("unités choisies"), default=list)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("choisi par"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("date"), auto_now=True)
    reason = models.TextField(_("motif du changement"), blank=True)

    class Meta:
        verbose_name = _("choix des épreuves de contrôle")
        verbose_name_plural = _("choix des épreuves de contrôle")
        ordering = ("candidate",)

    def __str__(self) -> str:
        return f"{self.candidate.number} {', '.join(self.units)}"


class HarmonisationAdjustment(models.Model):
    """A grade adjusted in the harmonisation meeting before the jury (A2023 annexe II, E4,
    E5, E6 : « une harmonisation entre les différentes commissions d'interrogation est
    prévue »): the grade before and after, the reason and its author. The grade itself is
    written through the candidate's file (its version, the journal); a withdrawal writes the
    grade back, and the row stays recorded."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="harmonisation_adjustments",
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    before = models.DecimalField(_("note avant"), max_digits=4, decimal_places=2)
    value = models.DecimalField(_("note ajustée"), max_digits=4, decimal_places=2)
    grade_version = models.PositiveIntegerField(_("version de la note écrite"))
    reason = models.TextField(_("motif"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("date"), auto_now_add=True)
    withdrawn = models.BooleanField(_("retiré"), default=False)

    class Meta:
        verbose_name = _("ajustement d'harmonisation")
        verbose_name_plural = _("ajustements d'harmonisation")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.exam} {self.before} → {self.value}"

    @property
    def author_name(self) -> str:
        return self.author.get_full_name() or self.author.username


class AnonymityLift(models.Model):
    """The jury lifted the anonymity of its deliberation (circular 2022 §1.3: « afin
    d'assurer l'anonymat de la délibération du jury »): until then its members see its
    candidates by number only. Lifted once per jury, at a round, and kept lifted when the
    deliberation is reopened (DEC D121)."""

    jury = models.OneToOneField(
        Jury, verbose_name=_("jury"), on_delete=models.CASCADE, related_name="anonymity_lift"
    )
    round = models.PositiveSmallIntegerField(_("tour de délibération"))
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("levée par"), on_delete=models.PROTECT
    )
    lifted_at = models.DateTimeField(_("levée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("levée de l'anonymat")
        verbose_name_plural = _("levées de l'anonymat")

    def __str__(self) -> str:
        return f"{self.jury} ({self.round})"


class JuryMember(models.Model):
    """A member of a jury as appointed for the session (CE D643-31): his or her name and
    quality (``rules/data/jury.yaml``), whether he or she presides, and the user account that
    gives access to the jury's deliberation (kept in ``Jury.members``)."""

    jury = models.ForeignKey(
        Jury, verbose_name=_("jury"), on_delete=models.CASCADE, related_name="composition"
    )
    name = models.CharField(_("nom"), max_length=200)
    quality = models.CharField(_("qualité"), max_length=32)
    president = models.BooleanField(_("président du jury"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("membre du jury (composition)")
        verbose_name_plural = _("membres du jury (composition)")
        ordering = ("-president", "name", "pk")

    def __str__(self) -> str:
        return self.name


class LivretConsultation(models.Model):
    """An opening of a candidate's livret by the jury (CE D643-26): who, when, in which
    round of which jury."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidat"), on_delete=models.CASCADE, related_name="+"
    )
    jury = models.ForeignKey(
        Jury, verbose_name=_("jury"), on_delete=models.CASCADE, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("tour de délibération"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("consulté par"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("consulté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation du livret")
        verbose_name_plural = _("consultations des livrets")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.candidate.number} livret {self.at:%d/%m/%Y %H:%M}"


class ClosedRound(models.Model):
    """A round of a jury's deliberation as it closed: the data of its PV (the composition,
    the arrested results, the jury's changes, the figures of its annex), written by the
    closing, so that the PV of that round issued again later says what was decided then,
    not what the files say since (a reopened round, a grade or a composition changed since:
    DEC D140)."""

    jury = models.ForeignKey(
        Jury, verbose_name=_("jury"), on_delete=models.CASCADE, related_name="closed_rounds"
    )
    round = models.PositiveSmallIntegerField(_("tour de délibération"))
    minutes = models.JSONField(_("données du procès-verbal"))
    closed_at = models.DateTimeField(_("clos le"), auto_now_add=True)

    class Meta:
        verbose_name = _("tour de délibération clos")
        verbose_name_plural = _("tours de délibération clos")
        ordering = ("jury", "round")
        constraints = [models.UniqueConstraint(fields=("jury", "round"), name="one_closed_round")]

    def __str__(self) -> str:
        return f"{self.jury} ({self.round})"
