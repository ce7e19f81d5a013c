"""Writes of grading: the cells of an entry page (each through the audited ``grade_set``, no
lost update) and the examiners the épreuves are entrusted to."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from ndrc.rules.catalogue import catalogue
from ndrc.rules.errors import InvalidCandidate
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.services import audit_record
from ndrc.web.candidates.grade_services import GradeConflict, GradeForbidden, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.selectors import grades_visible_to
from ndrc.web.grading.entry import EntryOutcome, parse_entry
from ndrc.web.grading.models import ExaminerAssignment
from ndrc.web.grading.permits import sits, typed_permit
from ndrc.web.keys import key_from


def _cell_pk(key: str) -> int | None:
    """The candidate of a cell ``grade-<pk>`` (None for any other field)."""
    number = key.removeprefix("grade-")
    if key == number or not (number.isascii() and number.isdigit()) or len(number) > 18:
        return None
    return int(number)


def grades_enter(
    *, user: Any, candidates: QuerySet[Candidate], exam: str, cells: dict[str, str]
) -> EntryOutcome:
    """Save the cells of an entry page that the user changed. ``cells`` holds, per candidate
    pk, ``grade-<pk>`` (typed), ``original-<pk>`` (shown) and ``version-<pk>`` (read). Each
    grade is written by ``grade_set`` (its own transaction and audit entry): one bad cell does
    not lose the others, and a grade changed meanwhile by someone else is a conflict."""
    outcome = EntryOutcome()
    cell_pks = {key: _cell_pk(key) for key in cells}
    # Only the candidates of the cells sent (one page of the entry page), never the session.
    sent = candidates.filter(pk__in=[pk for pk in cell_pks.values() if pk is not None])
    visible = {c.pk: c for c in sent.select_related("session", "establishment")}
    for key, text in cells.items():
        pk = cell_pks[key]
        if pk is None:
            continue
        candidate = visible.get(pk)
        if candidate is None or text.strip() == cells.get(f"original-{pk}", "").strip():
            continue
        outcome.typed[pk] = text
        permit = typed_permit(user, candidate, exam)
        if not permit.allowed:
            outcome.errors[pk] = f"Saisie impossible : {permit.reason}."
            continue
        try:
            write = parse_entry(text, exam, ccf=permit.ccf)
        except InvalidCandidate as error:
            outcome.errors[pk] = str(error)
            continue
        if write is None:
            outcome.errors[pk] = "Une note ne s'efface pas : saisissez un état (ABS, FM, NV, RES…)."
            continue
        version = cells.get(f"version-{pk}", "")
        try:
            grade_set(
                candidate=candidate,
                write=write,
                actor=user,
                expected_version=key_from(version),
            )
            outcome.saved += 1
            outcome.saved_pks.add(pk)
        except GradeConflict:
            # The current value is quoted only to a user who may see it (grades_visible_to).
            current = (
                grades_visible_to(user=user, candidates=[candidate])
                .select_related("updated_by")
                .filter(exam=exam)
                .first()
            )
            if current is None and Grade.objects.filter(candidate=candidate, exam=exam).exists():
                outcome.conflicts[pk] = (
                    f"Une note a été saisie entre-temps par un autre service ; votre saisie "
                    f"« {text.strip()} » n'est pas enregistrée."
                )
                continue
            who = current.updated_by if current and current.updated_by else None
            outcome.conflicts[pk] = (
                f"Modifiée entre-temps par {who or 'un autre utilisateur'} : valeur actuelle "
                f"« {'vide' if current is None else current.typed} », votre saisie "
                f"« {text.strip()} » n'est pas enregistrée. Vérifiez puis saisissez de nouveau."
            )
        except GradeForbidden as error:
            outcome.errors[pk] = str(error)
        except ValidationError as error:
            outcome.errors[pk] = " ".join(error.messages)
    return outcome


@transaction.atomic
def examiners_assign(
    *, examiner: Any, exam: str, candidates: list[Candidate], actor: Any = None
) -> int:
    """Entrust one épreuve (or part) to an examiner for those of these candidates who sit it
    (replacing an earlier examiner for the same épreuve). Returns how many were assigned."""
    if getattr(examiner, "role", "") != Role.EXAMINER:
        raise ValidationError({"examiner": "Ce compte n'est pas celui d'un examinateur."})
    if exam not in catalogue().entry_codes:
        raise ValidationError({"exam": f"Épreuve inconnue : {exam}."})
    sitting = [c for c in candidates if sits(c, exam)]
    if not sitting:
        raise ValidationError("Aucun de ces candidats ne passe cette épreuve.")
    previous = {
        a.candidate_id: a.examiner_id
        for a in ExaminerAssignment.objects.filter(candidate__in=sitting, exam=exam)
    }
    ExaminerAssignment.objects.filter(candidate__in=sitting, exam=exam).delete()
    ExaminerAssignment.objects.bulk_create(
        ExaminerAssignment(examiner=examiner, candidate=c, exam=exam) for c in sitting
    )
    audit_record(
        actor=actor,
        action="examiners_assign",
        obj=examiner,
        before={"previous_examiners": {str(k): v for k, v in previous.items()}},
        after={"exam": exam, "candidates": [c.number for c in sitting]},
    )
    return len(sitting)
