"""Who may enter which grade: the épreuve must be in the candidate's plan and to be sat (or,
for the exam office, carried over from the BTS NRC: its reported grade); a training centre
enters only CCF grades (proposals to the jury), an examiner only the épreuves entrusted to him
or her. What a grade « dispensé », « VAE » or « bénéfice » needs is checked by the grade
services against the candidate's file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ndrc.rules.catalogue import catalogue
from ndrc.rules.exam_plan import ExamStatus, PlannedExam
from ndrc.rules.grids import graded_on_grid
from ndrc.rules.regulation import Form
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import sets_file_states
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import plan_of
from ndrc.web.grading.models import ExaminerAssignment


@dataclass(frozen=True)
class Permit:
    """Whether a user may enter one grade, why not, and whether it is a CCF proposal."""

    allowed: bool
    reason: str = ""
    ccf: bool = False


def _planned(candidate: Candidate, exam: str) -> PlannedExam | None:
    """The candidate's planned épreuve that this code (an épreuve or a part) is graded for."""
    code = catalogue().exam_of(exam)
    return next((p for p in plan_of(candidate).exams if p.code == code), None)


def sits(candidate: Candidate, exam: str) -> bool:
    """Whether the candidate sits this épreuve (or part) at the session."""
    planned = _planned(candidate, exam)
    return planned is not None and planned.status is ExamStatus.TO_SIT


def grade_permit(user: Any, candidate: Candidate, exam: str) -> Permit:
    """Whether this user may enter this grade of this candidate."""
    planned = _planned(candidate, exam)
    if planned is None:
        return Permit(False, "épreuve absente du plan du candidat")
    if planned.status is ExamStatus.CARRIED_OVER and sets_file_states(user):
        return Permit(True)
    if planned.status is not ExamStatus.TO_SIT:
        return Permit(False, planned.status.label_fr.lower())
    ccf = planned.form is Form.CCF
    role = getattr(user, "role", "")
    if role == Role.TRAINING_CENTRE and not ccf:
        return Permit(False, "épreuve ponctuelle : saisie par le rectorat")
    if role == Role.EXAMINER and not _assigned(user, candidate, exam):
        return Permit(False, "épreuve non confiée à cet examinateur")
    return Permit(True, ccf=ccf)


def _assigned(user: Any, candidate: Candidate, exam: str) -> bool:
    """Whether this épreuve of this candidate is entrusted to the examiner (the examiner's
    assignments are read once per request)."""
    cache: set[tuple[int, str]] | None = getattr(user, "_ndrc_assignments", None)
    if cache is None:
        cache = set(
            ExaminerAssignment.objects.filter(examiner=user).values_list("candidate_id", "exam")
        )
        user._ndrc_assignments = cache
    return (candidate.pk, exam) in cache


def typed_permit(user: Any, candidate: Candidate, exam: str) -> Permit:
    """Whether this user may type this grade on the entry page: as ``grade_permit``, but an
    examiner's or a training centre's grade of an épreuve graded on a grid is entered by
    signing the grid (DEC D112; ``grade_services.check_grid`` refuses it anyway)."""
    permit = grade_permit(user, candidate, exam)
    if (
        permit.allowed
        and getattr(user, "role", "") in (Role.EXAMINER, Role.TRAINING_CENTRE)
        and exam in graded_on_grid(candidate.session.year)
    ):
        return Permit(
            False, "épreuve évaluée sur grille : la note s'enregistre en signant la grille"
        )
    return permit
