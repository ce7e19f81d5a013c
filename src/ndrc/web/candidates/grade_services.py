"""Writes of grades: one grade with the version the user read (no lost update), or many new
grades at once (import, demo); one transaction, and one audit entry per grade written.

A grade « dispensé », « VAE » or « note conservée » stands for a fact of the candidate's file:
every write checks it against the file (``ndrc.rules.grade_basis``, system writes included),
and only the exam office sets it, or changes a grade that has such a state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from ndrc.rules.catalogue import catalogue
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grade_basis import FILE_STATES, CandidateFile, basis_refusal
from ndrc.rules.grades import CarriedOver, GradeState
from ndrc.rules.grades import Grade as RuleGrade
from ndrc.rules.grids import graded_on_grid
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.services import AuditLine, audit_bulk, audit_record, bulk_insert
from ndrc.web.candidates.locks import ensure_open
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.rules_inputs import candidate_file


class GradeConflict(Exception):
    """Someone else changed the grade since it was read."""


class GradeForbidden(PermissionDenied):
    """A grade that stands for a fact of the candidate's file, written by someone other than
    the exam office."""


@dataclass(frozen=True)
class GradeWrite:
    exam: str
    state: str
    value: Decimal | None = None
    ccf: bool = False
    carried_session: int | None = None


def _step() -> Decimal:
    """The smallest difference between two grades (0.01 for two decimals)."""
    return Decimal(1).scaleb(-catalogue().grade_places)


def validated(write: GradeWrite) -> RuleGrade:
    """The grade written, as the rules core's grade, once its own checks pass."""
    scale = catalogue()
    if write.exam not in scale.grade_codes:
        raise ValidationError({"exam": f"Épreuve inconnue : {write.exam}."})
    try:
        state = GradeState(write.state)
        grade = RuleGrade(
            state,
            write.value,
            carried=CarriedOver(write.carried_session)
            if state is GradeState.CARRIED_OVER and write.carried_session
            else None,
        )
    except (ValueError, InvalidCandidate) as error:
        raise ValidationError({"state": str(error)}) from None
    step = _step()
    if write.value is not None and (
        write.value < 0
        or write.value > scale.max_grade
        or write.value != write.value.quantize(step)
    ):
        raise ValidationError(
            {
                "value": f"La note doit être comprise entre 0 et {scale.max_grade}, au plus "
                f"{scale.grade_places} décimales."
            }
        )
    return grade


def sets_file_states(actor: Any) -> bool:
    """Whether this actor sets the grades that stand for a fact of the file: the exam office
    (and the site's administrator), or the system itself (no actor: demo, fixtures)."""
    return (
        actor is None
        or getattr(actor, "is_superuser", False)
        or getattr(actor, "role", "") == Role.EXAM_OFFICE
    )


def check_role(*, exam: str, states: list[str], actor: Any) -> None:
    """Refuse (GradeForbidden) a write of, or over, a state that stands for a fact of the file
    by anyone but the exam office."""
    for value in states:
        state = GradeState(value)
        if state in FILE_STATES and not sets_file_states(actor):
            raise GradeForbidden(
                f"Saisie refusée pour {exam} : l'état « {state.label_fr} » vient du dossier du "
                "candidat (dispense, VAE, note conservée) ; seule la division des examens "
                "(rectorat) le saisit ou le modifie."
            )


def check_grid(*, candidate: Candidate, exam: str, actor: Any, via_grid: bool) -> None:
    """Refuse (GradeForbidden) a grade an examiner or a training centre types for an épreuve
    graded on an evaluation grid: it is entered by signing the grid (DEC D112); the exam
    office (transcribing a paper grid, a state) and the system are not concerned."""
    if via_grid or getattr(actor, "role", "") not in (Role.EXAMINER, Role.TRAINING_CENTRE):
        return
    if exam in graded_on_grid(candidate.session.year):
        raise GradeForbidden(
            f"Saisie refusée pour {exam} : cette épreuve est évaluée sur grille ; la note "
            "s'enregistre en signant la grille d'évaluation du candidat."
        )


def check_basis(*, file: CandidateFile, write: GradeWrite, grade: RuleGrade) -> None:
    """Refuse (ValidationError, in French) a grade that contradicts the candidate's file."""
    refusal = basis_refusal(file, write.exam, grade)
    if refusal is not None:
        raise ValidationError({"state": refusal.message})


def _snapshot(grade: Grade | None) -> dict[str, Any] | None:
    if grade is None:
        return None
    return {
        "exam": grade.exam,
        "state": grade.state,
        "value": None if grade.value is None else str(Decimal(grade.value).quantize(_step())),
        "ccf": grade.ccf,
        "carried_session": grade.carried_session,
        "version": grade.version,
    }


def _current(candidate: Candidate, exam: str) -> Grade | None:
    """The grade as stored, its row held until the write's transaction ends (none when the
    grade does not exist yet: then only the unique constraint tells two first writes apart)."""
    return Grade.objects.select_for_update().filter(candidate=candidate, exam=exam).first()


@transaction.atomic
def grade_set(
    *,
    candidate: Candidate,
    write: GradeWrite,
    actor: Any,
    expected_version: int | None = None,
    reason: str = "",
    via_grid: bool = False,
) -> Grade:
    """Write one grade. ``expected_version`` is the version the user saw (None for a grade that
    did not exist): if the grade changed meanwhile, GradeConflict is raised and nothing is
    written; so is a first write that loses the race against another first write of the same
    grade (the insert meets the other one). A grade that contradicts the candidate's file is
    refused (ValidationError), and so is a state of the file written by anyone but the exam
    office (GradeForbidden)."""
    grade_read = validated(write)
    check_role(exam=write.exam, states=[write.state], actor=actor)
    ensure_open([candidate])
    current = _current(candidate, write.exam)
    if current is not None:
        check_role(exam=write.exam, states=[current.state], actor=actor)
    check_basis(file=candidate_file(candidate), write=write, grade=grade_read)
    check_grid(candidate=candidate, exam=write.exam, actor=actor, via_grid=via_grid)
    seen = None if current is None else current.version
    if expected_version != seen:
        raise GradeConflict(
            f"La note {write.exam} de {candidate} a été modifiée entre-temps "
            f"(version {seen}, vous aviez la version {expected_version})."
        )
    before = _snapshot(current)
    fields = {
        "state": write.state,
        "value": write.value,
        "ccf": write.ccf,
        "carried_session": write.carried_session,
        "updated_by": actor if getattr(actor, "pk", None) else None,
    }
    if current is None:
        try:
            with transaction.atomic():  # a savepoint: the losing write leaves nothing
                grade = Grade.objects.create(candidate=candidate, exam=write.exam, **fields)
        except IntegrityError:
            # Two first writes of the same grade at once: the other one was inserted between
            # the read above and this insert (one grade per épreuve). This write did not see
            # it: a conflict, as for a grade changed meanwhile; nothing is written or audited.
            raise GradeConflict(
                f"La note {write.exam} de {candidate} a été saisie entre-temps par une autre "
                "personne : votre saisie n'est pas enregistrée."
            ) from None
    else:
        Grade.objects.filter(pk=current.pk).update(version=F("version") + 1, **fields)
        grade = Grade.objects.get(pk=current.pk)
    audit_record(
        actor=actor,
        action="grade_set",
        obj=grade,
        candidate=candidate,
        before=before,
        after=_snapshot(grade),
        reason=reason,
    )
    return grade


# A national grade file (200,000 rows) is written this many rows per INSERT, and its
# candidates' files are locked this many at a time (one query each).
IMPORT_BATCH = 2000
LOCK_BATCH = 5000


@transaction.atomic
def grades_import(
    *,
    rows: Sequence[tuple[Candidate, GradeWrite]],
    actor: Any,
    reason: str,
    files: dict[int, CandidateFile] | None = None,
) -> int:
    """Create many new grades at once (an import, the demo; up to a national grade file of
    200,000 rows): each grade checked against the candidate's file, a state of the file
    written by the exam office only, no locked file; each candidate's file built once (or
    given in ``files`` by the caller who built it while checking the same rows), then
    ``IMPORT_BATCH`` grades per INSERT with their audit entries (one per grade, with its
    candidate), all or nothing: a fixed number of queries per thousand grades, none per
    grade. A grade that exists already (entered meanwhile) refuses the whole write."""
    built: dict[int, CandidateFile] = dict(files or {})
    for candidate, write in rows:
        grade = validated(write)
        check_role(exam=write.exam, states=[write.state], actor=actor)
        file = built.get(candidate.pk)
        if file is None:
            file = built[candidate.pk] = candidate_file(candidate)
        try:
            check_basis(file=file, write=write, grade=grade)
        except ValidationError as error:
            raise ValidationError(f"{candidate.number} : {' '.join(error.messages)}") from None
    candidates = list({c.pk: c for c, _ in rows}.values())
    for start in range(0, len(candidates), LOCK_BATCH):
        ensure_open(candidates[start : start + LOCK_BATCH])
    user = actor if getattr(actor, "pk", None) else None
    for start in range(0, len(rows), IMPORT_BATCH):  # only one batch of objects at a time
        _write_batch(rows[start : start + IMPORT_BATCH], user=user, actor=actor, reason=reason)
    return len(rows)


def _write_batch(
    rows: Sequence[tuple[Candidate, GradeWrite]], *, user: Any, actor: Any, reason: str
) -> None:
    """One INSERT of new grades and their audit entries."""
    grades = [
        Grade(
            candidate=candidate,
            exam=write.exam,
            state=write.state,
            value=write.value,
            ccf=write.ccf,
            carried_session=write.carried_session,
            updated_by=user,
        )
        for candidate, write in rows
    ]
    try:
        with transaction.atomic():
            bulk_insert(grades)
    except (IntegrityError, connection.Database.IntegrityError):
        raise ValidationError(
            "Une des notes existe déjà (saisie entre-temps) : aucune note n'est remplacée."
        ) from None
    if any(g.pk is None for g in grades):  # COPY, or a database that returns no keys
        _read_keys(grades, list({c.pk: c for c, _ in rows}.values()))
    audit_bulk(
        actor=actor,
        action="grade_set",
        reason=reason,
        lines=(
            AuditLine(
                obj=grade,
                object_repr=f"{candidate.number} {grade.exam}",
                candidate_id=candidate.pk,
                after=_snapshot(grade),
            )
            for grade, (candidate, _) in zip(grades, rows, strict=True)
        ),
    )


def _read_keys(grades: list[Grade], candidates: list[Candidate]) -> None:
    """The primary keys of grades just inserted, read back by candidate and épreuve."""
    keys: dict[tuple[int, str], int] = {}
    for start in range(0, len(candidates), LOCK_BATCH):
        chunk = [c.pk for c in candidates[start : start + LOCK_BATCH]]
        keys.update(
            ((candidate_id, exam), pk)
            for pk, candidate_id, exam in Grade.objects.filter(candidate_id__in=chunk).values_list(
                "pk", "candidate_id", "exam"
            )
        )
    for grade in grades:
        grade.pk = keys[(grade.candidate_id, grade.exam)]
