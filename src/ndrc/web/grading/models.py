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
