"""The subjects the commissions give the candidates (issue « 12 · Evaluation »): E4's
fiche-sujet, written by the commission for each candidate on one of the two activities of
the candidate's dossier (A2023 annexe II, E4 §4.2.1; C2022 §1.11), and E5's practical
subjects, the session's bank (as many WordPress as PrestaShop subjects) and the subject each
candidate is given (C2022 §1.12)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.web.candidates.models import Candidate


class SubjectSheet(models.Model):
    """A candidate's E4 fiche-sujet: the activity the commission chose among the two fiches
    of the candidate's dossier (``activity`` is the fiche's place in the dossier, 0 or 1;
    ``nature`` its nature when written), the parameters it changes and the roles of the
    simulation. A draft until the commission makes it final (then it is printed for the
    loge); a final one changes only once back to a draft."""

    DRAFT = "draft"
    FINAL = "final"
    STATES = [(DRAFT, _("brouillon")), (FINAL, _("définitive"))]

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="subject_sheets",
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    form = models.CharField(_("forme"), max_length=8)
    situation = models.CharField(_("situation"), max_length=4, blank=True)
    activity = models.PositiveSmallIntegerField(_("activité choisie (fiche du dossier)"))
    nature = models.CharField(_("nature de l'activité"), max_length=32)
    changed_parameters = models.TextField(_("paramètres modifiés"))
    roles = models.TextField(_("rôles dans la simulation"))
    state = models.CharField(_("état"), max_length=8, choices=STATES, default=DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rédigée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fiche-sujet")
        verbose_name_plural = _("fiches-sujets")
        ordering = ("candidate__number", "exam", "situation")
        constraints = [
            models.UniqueConstraint(
                fields=("candidate", "exam", "form", "situation"),
                name="one_subject_sheet_per_candidate_situation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.exam} {self.situation}".strip()

    @property
    def is_final(self) -> bool:
        return self.state == self.FINAL


class PracticalSubject(models.Model):
    """A subject of the session's bank for E5's practical part: its code, title and CMS,
    and, optionally, its file (the subject with its « grille d'aide à l'évaluation »)."""

    WORDPRESS = "wordpress"
    PRESTASHOP = "prestashop"
    CMS = [(WORDPRESS, "WordPress"), (PRESTASHOP, "PrestaShop")]

    session = models.ForeignKey(
        "exam_sessions.ExamSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("intitulé"), max_length=255)
    cms = models.CharField(_("CMS"), max_length=16, choices=CMS)
    file_name = models.CharField(_("fichier"), max_length=255, blank=True)
    file_content = models.BinaryField(_("contenu du fichier"), blank=True, editable=False)
    added_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajouté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sujet de l'épreuve pratique E5")
        verbose_name_plural = _("sujets de l'épreuve pratique E5")
        ordering = ("cms", "code")
        constraints = [
            models.UniqueConstraint(fields=("session", "code"), name="one_practical_subject_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title} ({self.get_cms_display()})"


class PracticalSubjectAssignment(models.Model):
    """The E5 practical subject a candidate is given."""

    candidate = models.OneToOneField(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="practical_subject",
    )
    subject = models.ForeignKey(
        PracticalSubject,
        verbose_name=_("sujet"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    assigned_at = models.DateTimeField(_("attribué le"), auto_now=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attribué par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sujet attribué (E5 pratique)")
        verbose_name_plural = _("sujets attribués (E5 pratique)")

    def __str__(self) -> str:
        return f"{self.candidate.number} — {self.subject.code}"
