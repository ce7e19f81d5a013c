"""Writes of the evaluation grids (issue « 12 · Evaluation »): begin a candidate's grid,
save it as one types (a draft, no grade), sign it (the proposal becomes the grade entered,
with the grade entry's version check and audit), reopen a signed grid with a reason, and load
a national circular's grid for a session. Each write is one transaction and one journal entry;
nothing changes once the candidate's jury has closed (``ensure_open``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ndrc.rules.errors import InvalidCandidate, RegulationError
from ndrc.rules.grids import (
    Grid,
    InvalidGrid,
    default_grids,
    grid_from_csv,
    grid_from_dict,
    grid_from_yaml,
    grid_in_force,
)
from ndrc.web.audit.services import audit_record, audited_create
from ndrc.web.candidates.grade_services import GradeConflict, GradeForbidden, grade_set
from ndrc.web.candidates.locks import ensure_open
from ndrc.web.candidates.models import Candidate
from ndrc.web.grading.entry import parse_entry
from ndrc.web.grading.grid_selectors import (
    defects_of,
    grid_form,
    last_situation,
    session_grid,
    sign_problems,
)
from ndrc.web.grading.models import EvaluationGrid, SessionGrid
from ndrc.web.grading.permits import grade_permit
from ndrc.web.sessions.models import ExamSession

MAX_COMMENT = 2000


class GridConflict(Exception):
    """The grid changed since the page read it (another tab, the other member)."""


@dataclass(frozen=True)
class Filled:
    levels: dict[str, str]
    comments: dict[str, str]
    penalties: dict[str, str]
    proposal: str
    second_member: str = ""


def _permit(user: Any, candidate: Candidate, exam: str) -> None:
    permit = grade_permit(user, candidate, exam)
    if not permit.allowed:
        raise ValidationError(f"Grille inaccessible : {permit.reason}.")


def grid_begin(*, user: Any, candidate: Candidate, exam: str, situation: str) -> EvaluationGrid:
    """The candidate's grid for the épreuve and situation, begun (a draft on the session's
    grid in force) if it was not."""
    _permit(user, candidate, exam)
    form = grid_form(candidate, exam)
    existing = EvaluationGrid.objects.filter(
        candidate=candidate, exam=exam, form=form.value, situation=situation
    ).first()
    if existing is not None:
        return existing
    session = candidate.session
    try:
        grid = grid_in_force(
            session=session.year,
            exam=exam,
            form=form,
            situation=situation,
            loaded=session_grid(session=session, exam=exam, form=form, situation=situation),
        )
    except RegulationError as error:
        raise ValidationError(str(error)) from None
    try:
        with transaction.atomic():
            ensure_open([candidate])
            return audited_create(
                EvaluationGrid(
                    candidate=candidate,
                    exam=exam,
                    form=form.value,
                    situation=situation,
                    grid=grid.to_dict(),
                    updated_by=user if getattr(user, "pk", None) else None,
                ),
                actor=user,
                action="grid_begin",
                fields=("exam", "form", "situation"),
                candidate=candidate,
                extra={"grid_source": grid.source, "grid_title": grid.title},
            )
    except IntegrityError:
        # Begun at the same moment by another request (an autosave and a click, the other
        # member): that one stands, nothing of this one was written.
        return EvaluationGrid.objects.get(
            candidate=candidate, exam=exam, form=form.value, situation=situation
        )


def _clean(grid: Grid, filled: Filled, *, defects: set[str], carries_grade: bool) -> Filled:
    """What is kept of what was typed: known criteria and levels, comments of known sections
    (2,000 characters at most), penalties of the defects the conformity control found, the
    proposal as typed on the grid that carries the épreuve's grade (none on another)."""
    codes = {c.code for c in grid.criteria}
    sections = {s.code for s in grid.sections}
    levels = {k: v for k, v in filled.levels.items() if k in codes and v in grid.level_codes}
    comments = {
        k: v[:MAX_COMMENT] for k, v in filled.comments.items() if k in sections and v.strip()
    }
    penalties = {
        k: v.strip()[:8] for k, v in filled.penalties.items() if k in defects and v.strip()
    }
    return Filled(
        levels,
        comments,
        penalties,
        filled.proposal.strip()[:16] if carries_grade else "",
        filled.second_member.strip()[:200],
    )


def grid_save(
    *, user: Any, grid: EvaluationGrid, filled: Filled, expected_version: int | None
) -> EvaluationGrid:
    """Save a draft as typed (no grade is written). A signed grid is not changed; a grid
    changed since the page read it is a conflict."""
    _permit(user, grid.candidate, grid.exam)
    kept = _clean(
        grid_from_dict(grid.grid),
        filled,
        defects={code for code, _text in defects_of(grid) if code},
        carries_grade=last_situation(grid.candidate, grid.exam) == grid.situation,
    )
    with transaction.atomic():
        ensure_open([grid.candidate])
        current = EvaluationGrid.objects.select_for_update().get(pk=grid.pk)
        if current.is_signed:
            raise ValidationError("Grille signée : rouvrez-la, avec un motif, pour la modifier.")
        if expected_version is not None and expected_version != current.version:
            raise GridConflict(
                f"La grille a été modifiée entre-temps (version {current.version}, vous aviez "
                f"la version {expected_version})."
            )
        before = _state(current)
        current.levels, current.comments = kept.levels, kept.comments
        current.penalties, current.proposal = kept.penalties, kept.proposal
        current.second_member = kept.second_member
        current.version += 1
        current.updated_by = user if getattr(user, "pk", None) else None
        current.save()
        audit_record(
            actor=user,
            action="grid_save",
            obj=current,
            before=before,
            after=_state(current),
            candidate=current.candidate,
        )
        return current


def _state(grid: EvaluationGrid) -> dict[str, Any]:
    return {
        "levels": grid.levels,
        "comments": grid.comments,
        "penalties": grid.penalties,
        "proposal": grid.proposal,
        "second_member": grid.second_member,
        "state": grid.state,
        "version": grid.version,
    }


def grid_sign(
    *, user: Any, grid: EvaluationGrid, expected_version: int | None, grade_version: int | None
) -> EvaluationGrid:
    """Sign the grid: every criterion has a level, penalties are the defects found within the
    grid's limits, and, on the épreuve's last grid (a CCF's last situation), the proposal is
    a grade: it is written as the grade entered (``grade_set``: the version the page read,
    the candidate's file, the journal). Nothing is written unless all of it holds."""
    candidate = grid.candidate
    _permit(user, candidate, grid.exam)
    last = last_situation(candidate, grid.exam) == grid.situation
    with transaction.atomic():
        ensure_open([candidate])
        current = EvaluationGrid.objects.select_for_update().get(pk=grid.pk)
        if current.is_signed:
            raise ValidationError("Cette grille est déjà signée.")
        if expected_version != current.version:
            # A signature names the version it read: none, or another, is a conflict.
            raise GridConflict(
                "La grille a été modifiée entre-temps : relisez-la avant de la signer."
            )
        reasons = sign_problems(current)
        if reasons:
            raise ValidationError(reasons)
        before = _state(current)
        if last:
            try:
                write = parse_entry(current.proposal, current.exam, ccf=current.form == "ccf")
            except InvalidCandidate as error:
                raise ValidationError(f"Note proposée : {error}") from None
            if write is None:
                raise ValidationError("La note proposée n'est pas saisie.")
            try:
                grade_set(
                    candidate=candidate,
                    write=write,
                    actor=user,
                    expected_version=grade_version,
                    reason=f"Grille {current.exam} signée",
                    via_grid=True,
                )
            except GradeConflict as error:
                raise GridConflict(str(error)) from None
            except GradeForbidden as error:
                raise ValidationError(str(error)) from None
        current.state = EvaluationGrid.SIGNED
        current.signed_at = timezone.now()
        current.signed_by = user if getattr(user, "pk", None) else None
        current.version += 1
        current.save()
        audit_record(
            actor=user,
            action="grid_sign",
            obj=current,
            before=before,
            after=_state(current),
            candidate=candidate,
        )
        return current


def grid_reopen(*, user: Any, grid: EvaluationGrid, reason: str) -> EvaluationGrid:
    """A signed grid back to a draft, with the reason (the grade it wrote stays until the
    grid is signed again); refused once the candidate's jury has closed."""
    _permit(user, grid.candidate, grid.exam)
    if not reason.strip():
        raise ValidationError("Indiquez le motif de la réouverture.")
    with transaction.atomic():
        ensure_open([grid.candidate])
        current = EvaluationGrid.objects.select_for_update().get(pk=grid.pk)
        if not current.is_signed:
            raise ValidationError("Cette grille n'est pas signée.")
        before = _state(current)
        current.state = EvaluationGrid.DRAFT
        current.version += 1
        current.save()
        audit_record(
            actor=user,
            action="grid_reopen",
            obj=current,
            before=before,
            after=_state(current),
            reason=reason.strip()[:500],
            candidate=current.candidate,
        )
        return current


def circular_grid_load(
    *,
    user: Any,
    session: ExamSession,
    filename: str,
    content: str,
    exam: str = "",
    form: str = "",
    situation: str = "",
    citation: str = "",
) -> SessionGrid:
    """Load a national circular's grid (YAML, or CSV with its épreuve, form, situation and
    citation) for the session; it replaces the default grid for the grids begun afterwards."""
    regulated = default_grids(session.year)
    try:
        if filename.lower().endswith((".yaml", ".yml")):
            grid = grid_from_yaml(content, regulated=regulated)
        elif filename.lower().endswith(".csv"):
            grid = grid_from_csv(
                content,
                exam=exam,
                form=form,
                situation=situation,
                citation=citation,
                regulated=regulated,
            )
        else:
            raise InvalidGrid("Format non reconnu : un fichier .yaml, .yml ou .csv est attendu.")
    except InvalidGrid as error:
        raise ValidationError(str(error)) from None
    with transaction.atomic():
        row, created = SessionGrid.objects.update_or_create(
            session=session,
            exam=grid.exam,
            form=grid.form.value,
            situation=grid.situation,
            defaults={"grid": grid.to_dict(), "loaded_by": user},
        )
        audit_record(
            actor=user,
            action="circular_grid_load",
            obj=row,
            after={"file": filename[:200], "title": grid.title, "criteria": len(grid.criteria)},
            reason="" if created else "remplace la grille chargée auparavant",
        )
        return row
