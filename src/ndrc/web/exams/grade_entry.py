"""Grade entry for a class: which candidates and which épreuves a user may grade, how a typed
cell reads, and the rows of the entry page (one query for the grades)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.exam_plan import ExamStatus, cached_exam_plan
from ndrc.rules.grades import TOKENS, GradeState, parse_value
from ndrc.rules.regulation import Form
from ndrc.web.accounts.roles import Role
from ndrc.web.exams.grades import GradeConflict, GradeWrite, grade_set
from ndrc.web.exams.models import Candidate, ExaminerAssignment, Grade
from ndrc.web.regulation.plan_adapter import candidate_profile

ENTRY_EXAMS = ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6", "EF1", "EF2")
STATE_TOKENS = {
    "absent": "ABS",
    "absent_force_majeure": "FM",
    "nv": "NV",
    "reserved": "RES",
    "exempted": "DISP",
    "vae": "VAE",
    "not_sat": "NP",
}


@dataclass
class EntryRow:
    candidate: Candidate
    text: str
    version: int | None
    allowed: bool
    reason: str = ""
    error: str = ""
    conflict: str = ""
    original: str = ""


@dataclass(frozen=True)
class Permit:
    """Whether a user may enter one grade, why not, and whether it is a CCF proposal."""

    allowed: bool
    reason: str = ""
    ccf: bool = False


def grade_text(grade: Grade | None) -> str:
    """A stored grade as it is typed in a cell (the inverse of ``parse_entry``)."""
    if grade is None:
        return ""
    if grade.state == "grade" and grade.value is not None:
        return f"{grade.value}".replace(".", ",")
    if grade.state == "carried_over" and grade.value is not None:
        return f"BEN:{grade.value}:{grade.carried_session}".replace(".", ",")
    return STATE_TOKENS.get(grade.state, grade.state)


def parse_entry(text: str, exam: str, *, ccf: bool = False) -> GradeWrite | None:
    """The grade typed in a cell: a number (comma or point) or a state token; None if empty."""
    cleaned = text.strip()
    if not cleaned:
        return None
    token = cleaned.upper()
    if token in TOKENS and TOKENS[token] is not GradeState.MISSING:
        return GradeWrite(exam, TOKENS[token].value, ccf=ccf)
    if token.startswith("BEN:"):
        parts = cleaned.split(":")
        if len(parts) != 3 or not parts[2].strip().isdigit():
            raise InvalidCandidate("Bénéfice attendu sous la forme BEN:note:session.")
        return GradeWrite(
            exam, "carried_over", parse_value(parts[1], exam), carried_session=int(parts[2])
        )
    return GradeWrite(exam, "grade", parse_value(cleaned, exam), ccf=ccf)


def _plan_code(exam: str) -> str:
    return "E5" if exam in ("E5W", "E5P") else exam


def sits(candidate: Candidate, exam: str) -> bool:
    """Whether the candidate sits this épreuve (or part) at the session."""
    plan = cached_exam_plan(candidate_profile(candidate), candidate.session.year)
    planned = next((p for p in plan.exams if p.code == _plan_code(exam)), None)
    return planned is not None and planned.status is ExamStatus.TO_SIT


def grade_permit(user: Any, candidate: Candidate, exam: str) -> Permit:
    """Whether this user may enter this grade: the épreuve must be in the candidate's plan and
    to be sat; a training centre enters only CCF grades (proposals to the jury)."""
    plan = cached_exam_plan(candidate_profile(candidate), candidate.session.year)
    planned = next((p for p in plan.exams if p.code == _plan_code(exam)), None)
    if planned is None:
        return Permit(False, "épreuve absente du plan du candidat")
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
    cache: set[tuple[int, str]] | None = getattr(user, "_ndrc_assignments", None)
    if cache is None:
        cache = set(
            ExaminerAssignment.objects.filter(examiner=user).values_list("candidate_id", "exam")
        )
        user._ndrc_assignments = cache
    return (candidate.pk, exam) in cache


def entry_rows(*, user: Any, candidates: QuerySet[Candidate], exam: str) -> list[EntryRow]:
    listed = list(candidates.select_related("establishment", "session"))
    grades = {g.candidate_id: g for g in Grade.objects.filter(candidate__in=listed, exam=exam)}
    rows = []
    for candidate in listed:
        permit = grade_permit(user, candidate, exam)
        grade = grades.get(candidate.pk)
        rows.append(
            EntryRow(
                candidate=candidate,
                text=grade_text(grade),
                original=grade_text(grade),
                version=None if grade is None else grade.version,
                allowed=permit.allowed,
                reason=permit.reason,
            )
        )
    return rows


@dataclass
class EntryOutcome:
    """What a submitted entry page did: grades saved, and per candidate the error or the
    conflict that kept a cell from being saved (nothing else on that row is written)."""

    saved: int = 0
    errors: dict[int, str] = field(default_factory=dict)
    conflicts: dict[int, str] = field(default_factory=dict)
    typed: dict[int, str] = field(default_factory=dict)


def grades_enter(
    *, user: Any, candidates: QuerySet[Candidate], exam: str, cells: dict[str, str]
) -> EntryOutcome:
    """Save the cells of an entry page that the user changed. ``cells`` holds, per candidate
    pk, ``grade-<pk>`` (typed), ``original-<pk>`` (shown) and ``version-<pk>`` (read). Each
    grade is written by ``grade_set`` (its own transaction and audit entry): one bad cell does
    not lose the others, and a grade changed meanwhile by someone else is a conflict."""
    outcome = EntryOutcome()
    visible = {c.pk: c for c in candidates.select_related("session", "establishment")}
    for key, text in cells.items():
        if not key.startswith("grade-") or not key.removeprefix("grade-").isdigit():
            continue
        pk = int(key.removeprefix("grade-"))
        candidate = visible.get(pk)
        if candidate is None or text.strip() == cells.get(f"original-{pk}", "").strip():
            continue
        outcome.typed[pk] = text
        permit = grade_permit(user, candidate, exam)
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
                expected_version=int(version) if version.isdigit() else None,
            )
            outcome.saved += 1
        except GradeConflict:
            current = (
                Grade.objects.select_related("updated_by").filter(candidate=candidate, exam=exam)
            ).first()
            who = current.updated_by if current and current.updated_by else None
            outcome.conflicts[pk] = (
                f"Modifiée entre-temps par {who or 'un autre utilisateur'} : valeur actuelle "
                f"« {grade_text(current) or 'vide'} », votre saisie « {text.strip()} » n'est "
                "pas enregistrée. Vérifiez puis saisissez de nouveau."
            )
        except ValidationError as error:
            outcome.errors[pk] = " ".join(error.messages)
    return outcome
