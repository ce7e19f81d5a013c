"""Reads of the appeals on the grids: whether a candidate's result is published (a request is
made only then), the épreuves a candidate may ask the grids of, the appeals a user sees, and
the data of a filled grid's PDF (``documents.grid_sheet``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from ndrc.exports import Export
from ndrc.rules.grids import default_grids, graded_on_grid
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate
from ndrc.web.documents.grid_sheet import (
    GRID_SHEET,
    GridSheetData,
    SheetGrid,
    SheetPenalty,
    render,
)
from ndrc.web.documents.kinds import IssueInfo
from ndrc.web.grading.grid_selectors import defects_of, situations_of
from ndrc.web.grading.models import EvaluationGrid, GridAppeal


def results_published(candidate: Candidate) -> bool:
    """Whether a result of the candidate is published (the frozen results are read by their
    relation name: the deliberations app, above this one, stores them)."""
    return Candidate.objects.filter(pk=candidate.pk, results__published_at__isnull=False).exists()


def own_candidate(user: Any) -> Candidate | None:
    """The candidate whose account this is (the latest session's file)."""
    if not getattr(user, "pk", None):
        return None
    return (
        Candidate.objects.filter(user=user)
        .select_related("session", "establishment", "academy")
        .order_by("-session__year", "-pk")
        .first()
    )


def appealable_exams(candidate: Candidate) -> list[tuple[str, str]]:
    """The épreuves of the candidate's plan graded on a grid, as (code, what is asked): the
    fiche d'évaluation for an épreuve whose grids are communicable (EF2), the grids
    otherwise."""
    out = []
    for exam in graded_on_grid(candidate.session.year):
        try:
            situations = situations_of(candidate, exam)
        except ValidationError:  # not in the candidate's plan
            continue
        if situations:
            out.append((exam, what_asked(candidate, exam)))
    return out


def what_asked(candidate: Candidate, exam: str) -> str:
    """The fiche d'évaluation when every grid of the épreuve is communicable (EF2: C2022
    §1.14), the grids otherwise."""
    communicable = [
        g.communicable for k, g in default_grids(candidate.session.year).items() if k[0] == exam
    ]
    return GridAppeal.FICHE if communicable and all(communicable) else GridAppeal.GRIDS


def appeals_visible_to(*, user: Any) -> QuerySet[GridAppeal]:
    """The appeals the exam office answers: its académie's (every one for a superuser)."""
    appeals = GridAppeal.objects.select_related("candidate", "document", "answered_by")
    if getattr(user, "is_superuser", False):
        return appeals
    if getattr(user, "role", "") == Role.EXAM_OFFICE and user.academy_id:
        return appeals.filter(candidate__academy_id=user.academy_id)
    return appeals.none()


def appeals_listed(appeals: QuerySet[GridAppeal]) -> QuerySet[GridAppeal]:
    """These appeals, those awaiting an answer first, the oldest request first."""
    return appeals.annotate(
        pending=Case(
            When(state=GridAppeal.REQUESTED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("pending", "requested_at", "pk")


def grids_to_send(appeal: GridAppeal) -> list[EvaluationGrid]:
    """The signed grids an appeal is answered with: for the fiche (EF2) only the communicable
    ones."""
    grids = [
        g
        for g in EvaluationGrid.objects.filter(
            candidate_id=appeal.candidate_id, exam=appeal.exam, state=EvaluationGrid.SIGNED
        )
        .select_related("signed_by")
        .order_by("situation")
    ]
    if appeal.what == GridAppeal.FICHE:
        grids = [g for g in grids if g.grid.get("communicable")]
    return grids


def _person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def sheet_grid(grid: EvaluationGrid) -> SheetGrid:
    texts = dict(defects_of(grid))
    return SheetGrid(
        grid=grid.grid,
        levels=dict(grid.levels),
        comments=dict(grid.comments),
        penalties=tuple(
            SheetPenalty(code, texts.get(code, code), str(points))
            for code, points in sorted(grid.penalties.items())
        ),
        proposal=grid.proposal,
        signed_by=_person(grid.signed_by),
        signed_at=None if grid.signed_at is None else timezone.localtime(grid.signed_at),
        version=grid.version,
        second_member=grid.second_member,
    )


def grid_sheet_data(
    *, candidate: Candidate, exam: str, grids: Sequence[EvaluationGrid], appeal: Any = None
) -> GridSheetData:
    """The data of the PDF of these filled grids of the candidate."""
    return GridSheetData(
        academy=candidate.academy.name if candidate.academy_id else "",
        session=candidate.session.year,
        number=candidate.number,
        last_name=candidate.last_name,
        first_name=candidate.first_name,
        birth_date=candidate.birth_date,
        establishment=str(candidate.establishment) if candidate.establishment_id else "",
        exam=exam,
        grids=tuple(sheet_grid(g) for g in grids),
        requested_on=None if appeal is None else timezone.localdate(appeal.requested_at),
        request="" if appeal is None else appeal.text,
    )


def grid_pdf(*, grid: EvaluationGrid, today: dt.date | None = None) -> Export:
    """The PDF of one signed grid, as the grid's page offers it to download (not issued: a
    copy for the exam office or the examiner who signed, its reference naming the grid's
    version)."""
    candidate = grid.candidate
    situation = grid.situation or ""
    info = IssueInfo(
        reference=(
            f"{GRID_SHEET.code}-{candidate.session.year}-{candidate.number}-{grid.exam}"
            f"{situation}-v{grid.version}"
        ),
        version=grid.version,
        issued_on=today or timezone.localdate(),
    )
    return render(grid_sheet_data(candidate=candidate, exam=grid.exam, grids=[grid]), info)
