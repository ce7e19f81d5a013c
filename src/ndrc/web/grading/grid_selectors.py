"""Reads of the evaluation grids: the form and situations of a candidate's épreuve graded on a
grid, the session's circular grid, the composition defects found, and the rows of the list of
grids to fill (one query for the page's grids)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404

from ndrc.rules.catalogue import catalogue
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import GradeState, grade_from_token
from ndrc.rules.grids import (
    FilledGrid,
    Grid,
    check_filled,
    commission_seats,
    default_grids,
    defects_found,
    graded_on_grid,
    grid_from_dict,
)
from ndrc.rules.regulation import Form
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate, ConformityOutcome, Grade
from ndrc.web.candidates.rules_inputs import plan_of
from ndrc.web.candidates.selectors import candidates_visible_to
from ndrc.web.grading.ccf_checks import ccf_sign_problems
from ndrc.web.grading.models import EvaluationGrid, SessionGrid
from ndrc.web.grading.permits import grade_permit
from ndrc.web.sessions.models import ExamSession
from ndrc.web.sessions.selectors import session_current


def grid_form(candidate: Candidate, exam: str) -> Form:
    """The form the candidate sits the épreuve in (an error when it is not in the plan)."""
    code = catalogue().exam_of(exam)
    planned = next((p for p in plan_of(candidate).exams if p.code == code), None)
    if planned is None or planned.form is None:
        raise ValidationError(f"L'épreuve {exam} n'est pas au plan de ce candidat.")
    return planned.form


def situations_of(candidate: Candidate, exam: str) -> list[str]:
    """The situations graded on a grid for the candidate's form ([""] for one grid)."""
    form = grid_form(candidate, exam)
    return sorted(
        key[2]
        for key in default_grids(candidate.session.year)
        if key[0] == exam and key[1] == form.value
    )


def last_situation(candidate: Candidate, exam: str) -> str:
    """The situation whose grid carries the épreuve's proposed grade (a CCF's last one)."""
    situations = situations_of(candidate, exam)
    return situations[-1] if situations else ""


def session_grid(*, session: ExamSession, exam: str, form: Form, situation: str) -> Grid | None:
    row = SessionGrid.objects.filter(
        session=session, exam=exam, form=form.value, situation=situation
    ).first()
    return None if row is None else grid_from_dict(row.grid)


def defects_of(grid: EvaluationGrid) -> tuple[tuple[str, str], ...]:
    """The composition defects the conformity control found in the candidate's dossier for
    the épreuve, as (code, text)."""
    stored = (
        ConformityOutcome.objects.filter(candidate_id=grid.candidate_id, exam=grid.exam)
        .values_list("defects", flat=True)
        .first()
    )
    return defects_found(grid.exam, stored or "")


def grade_version(candidate: Candidate, exam: str) -> int | None:
    """The version of the candidate's grade the signing page reads (None: no grade yet)."""
    return (
        Grade.objects.filter(candidate=candidate, exam=exam)
        .values_list("version", flat=True)
        .first()
    )


@dataclass
class GridRow:
    candidate: Candidate
    allowed: bool
    reason: str
    situations: list[tuple[str, EvaluationGrid | None]]


def grid_rows(*, user: Any, candidates: Iterable[Candidate], exam: str) -> list[GridRow]:
    """One page of the list: each candidate, whether the user may fill the grid, and the state
    of each situation's grid."""
    listed = list(candidates)
    grids: dict[tuple[int, str], EvaluationGrid] = {
        (g.candidate_id, g.situation): g
        for g in EvaluationGrid.objects.filter(candidate__in=listed, exam=exam)
    }
    rows = []
    for candidate in listed:
        permit = grade_permit(user, candidate, exam)
        situations = situations_of(candidate, exam) if permit.allowed else []
        rows.append(
            GridRow(
                candidate,
                permit.allowed,
                permit.reason,
                [(s, grids.get((candidate.pk, s))) for s in situations],
            )
        )
    return rows


def _is_state(proposal: str, exam: str) -> bool:
    """Whether the proposal is a state (ABS, FM, RES…), not a grade on 20."""
    try:
        return bool(proposal.strip()) and grade_from_token(proposal, exam).state is not (
            GradeState.GRADE
        )
    except InvalidCandidate:
        return False


def sign_problems(grid: EvaluationGrid) -> list[str]:
    """Every reason the grid cannot be signed yet ([] when it can): a criterion without a
    level, a penalty beyond the defects found or the grid's limit, no proposal on the grid
    that carries the épreuve's grade, or, there, an earlier situation's grid not signed."""
    candidate = grid.candidate
    last = last_situation(candidate, grid.exam) == grid.situation
    filled = FilledGrid(
        levels=grid.levels,
        comments=grid.comments,
        penalties=grid.penalties,
        proposal=grid.proposal if last else "—",
    )
    reasons = check_filled(
        grid_from_dict(grid.grid),
        filled,
        defects=tuple(code for code, _t in defects_of(grid)),
        levels_required=not (last and _is_state(grid.proposal, grid.exam)),
    )
    seats = commission_seats(session=candidate.session.year, exam=grid.exam, form=Form(grid.form))
    if seats > 1 and not grid.second_member.strip():
        reasons.append(
            "Indiquez le second membre de la commission, qui signe la grille avec vous "
            "(commission de deux membres)."
        )
    if last:
        signed = {
            g.situation
            for g in EvaluationGrid.objects.filter(
                candidate=candidate, exam=grid.exam, form=grid.form, state=EvaluationGrid.SIGNED
            ).exclude(pk=grid.pk)
        }
        missing = sorted(set(situations_of(candidate, grid.exam)) - signed - {grid.situation})
        if missing:
            reasons.append(
                f"La grille de la situation {', '.join(missing)} doit d'abord être signée."
            )
    return reasons + ccf_sign_problems(grid)  # a CCF situation's date and commission


def grid_candidate(*, user: Any, pk: int, exam: str, situation: str) -> tuple[Candidate, str]:
    """The candidate of a grid's page and the situation shown (the first one where none is
    named and the candidate's form has several), if the user sees him or her and the épreuve
    and situation have a grid (404 otherwise: not even whether the candidate exists)."""
    session = session_current(user=user)
    candidate = (
        candidates_visible_to(user=user, session=session)
        .select_related("session", "establishment", "academy")
        .filter(pk=pk)
        .first()
    )
    if candidate is None or session is None or exam not in graded_on_grid(session.year):
        raise Http404
    try:
        situations = situations_of(candidate, exam)
    except ValidationError:
        raise Http404 from None
    if not situation and situations and "" not in situations:
        situation = situations[0]
    if situation not in situations:
        raise Http404
    return candidate, situation


def may_download_pdf(user: Any, grid: EvaluationGrid | None) -> bool:
    """Whether the user downloads the PDF of this grid: a signed one, for the exam office or
    the member who signed it (DEC D116)."""
    return (
        grid is not None
        and grid.is_signed
        and (
            getattr(user, "is_superuser", False)
            or getattr(user, "role", "") == Role.EXAM_OFFICE
            or grid.signed_by_id == getattr(user, "pk", None)
        )
    )
