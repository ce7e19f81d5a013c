"""Who grades what: the examiner an épreuve (or part) of a candidate is entrusted to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.web.candidates.models import Candidate


class ExaminerAssignment(models.Model):
    """An examiner who grades one épreuve (or part) of a candidate."""

    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("examinateur"),
        on_delete=models.CASCADE,
        related_name="examiner_assignments",
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="examiner_assignments",
    )
    exam = models.CharField(_("épreuve"), max_length=8)

    class Meta:
        verbose_name = _("affectation d'un examinateur")
        verbose_name_plural = _("affectations des examinateurs")
        constraints = [
            models.UniqueConstraint(
                fields=("candidate", "exam"), name="one_examiner_per_candidate_exam"
            )
        ]

    def __str__(self) -> str:
        return f"{self.examiner} — {self.candidate.number} {self.exam}"


class EvaluationGrid(models.Model):
    """The evaluation grid of one candidate for one épreuve (or part) and situation, as the
    examiner or the commission fills it: a level per criterion, comments, the penalties of the
    composition defects, the grade proposed. ``grid`` is the grid as it was when filling began
    (the session's grid in force: the circular's, or the default one). Signing it writes the
    grade; a signed grid changes only after a reopening with a reason."""

    DRAFT = "draft"
    SIGNED = "signed"
    STATES = [(DRAFT, _("brouillon")), (SIGNED, _("signée"))]

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="evaluation_grids",
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    form = models.CharField(_("forme"), max_length=8)
    situation = models.CharField(_("situation"), max_length=4, blank=True)
    grid = models.JSONField(_("grille"))
    levels = models.JSONField(_("niveaux"), default=dict, blank=True)
    comments = models.JSONField(_("commentaires"), default=dict, blank=True)
    penalties = models.JSONField(_("pénalités"), default=dict, blank=True)
    proposal = models.CharField(_("note proposée"), max_length=16, blank=True)
    # The other member of a two-member commission (a teacher and a professional), who signs
    # the grid with the member whose account signs it.
    second_member = models.CharField(
        _("second membre de la commission"), max_length=200, blank=True
    )
    state = models.CharField(_("état"), max_length=8, choices=STATES, default=DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifiée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signée le"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("grille d'évaluation renseignée")
        verbose_name_plural = _("grilles d'évaluation renseignées")
        ordering = ("candidate__number", "exam", "situation")
        constraints = [
            models.UniqueConstraint(
                fields=("candidate", "exam", "form", "situation"),
                name="one_grid_per_candidate_exam_situation",
            )
        ]

    def __str__(self) -> str:
        where = f" {self.situation}" if self.situation else ""
        return f"{self.candidate.number} {self.exam}{where}"

    @property
    def is_signed(self) -> bool:
        return self.state == self.SIGNED


class SessionGrid(models.Model):
    """A national circular's grid loaded for a session: it replaces the default grid of its
    épreuve, form and situation for the grids begun afterwards."""

    session = models.ForeignKey(
        "exam_sessions.ExamSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    form = models.CharField(_("forme"), max_length=8)
    situation = models.CharField(_("situation"), max_length=4, blank=True)
    grid = models.JSONField(_("grille"))
    loaded_at = models.DateTimeField(_("chargée le"), auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chargée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("grille de la circulaire")
        verbose_name_plural = _("grilles de la circulaire")
        constraints = [
            models.UniqueConstraint(
                fields=("session", "exam", "form", "situation"), name="one_circular_grid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exam} {self.form} {self.situation}".strip()


class GridAppeal(models.Model):
    """A candidate's request, once his or her result is published, to receive the filled
    grids of an épreuve (for EF2 the « fiche d'évaluation », the only evaluation document
    communicable to the candidate on appeal: C2022 §1.14), and its answer by the exam office:
    the signed grids issued as a document addressed to the candidate, or a refusal with its
    reason."""

    FICHE = "fiche"
    GRIDS = "grids"
    WHATS = [
        (FICHE, _("fiche d'évaluation")),
        (GRIDS, _("grilles d'évaluation")),
    ]
    REQUESTED = "requested"
    ANSWERED = "answered"
    REFUSED = "refused"
    STATES = [
        (REQUESTED, _("demandée")),
        (ANSWERED, _("répondue")),
        (REFUSED, _("refusée")),
    ]

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="grid_appeals",
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    what = models.CharField(_("document demandé"), max_length=8, choices=WHATS)
    text = models.TextField(_("texte de la demande"), blank=True, max_length=2000)
    requested_at = models.DateTimeField(_("demandée le"))
    state = models.CharField(_("état"), max_length=12, choices=STATES, default=REQUESTED)
    answer = models.TextField(_("motif du refus"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("répondue par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("document délivré"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("demande de communication des grilles")
        verbose_name_plural = _("demandes de communication des grilles")
        ordering = ("-requested_at", "-pk")
        constraints = [
            # One pending request per épreuve (appeal_services.appeal_request).
            models.UniqueConstraint(
                fields=("candidate", "exam"),
                condition=models.Q(state="requested"),
                name="one_pending_appeal_per_exam",
                violation_error_message=_(
                    "Une demande pour cette épreuve attend déjà la réponse du service des examens."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.exam} ({self.get_state_display()})"


# The CCF situations and the evaluation dossier's files (ccf_models), the E4 fiches-sujets and
# the E5 practical subjects (subject_models): their own modules, registered with the app.
from ndrc.web.grading.ccf_models import CcfSituation, EvaluationDossierFile  # noqa: E402
from ndrc.web.grading.subject_models import (  # noqa: E402
    PracticalSubject,
    PracticalSubjectAssignment,
    SubjectSheet,
)

__all__ = [
    "CcfSituation",
    "EvaluationDossierFile",
    "EvaluationGrid",
    "ExaminerAssignment",
    "GridAppeal",
    "PracticalSubject",
    "PracticalSubjectAssignment",
    "SessionGrid",
    "SubjectSheet",
]
