"""Reads of a candidate's CCF evaluation dossier: the épreuves sat in CCF with situations
(E4, E6), each situation (the regulation's A and B) with its date, commission and the grid
that records it (E4: its own; E6: the one grid of both situations), and the files uploaded."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ndrc.rules.grids.ccf import SituationWindow, ccf_situations, situation_window
from ndrc.rules.regulation import Form
from ndrc.web.candidates.models import Candidate
from ndrc.web.grading.ccf_models import CcfSituation, EvaluationDossierFile
from ndrc.web.grading.grid_selectors import grid_form, situations_of
from ndrc.web.grading.models import EvaluationGrid


def ccf_window(candidate: Candidate, exam: str) -> SituationWindow | None:
    """The period of the épreuve's CCF situations when the candidate sits it in CCF with
    situations (None otherwise: the épreuve has no evaluation dossier here)."""
    try:
        form = grid_form(candidate, exam)
    except ValidationError:
        return None
    if form is not Form.CCF:
        return None
    return situation_window(candidate.session.year, exam)


@dataclass
class SituationRow:
    """A CCF situation, its record (date, commission) and the grid that records it: its own
    (E4) or the épreuve's one grid, completed after both situations (E6, situation "")."""

    situation: str
    record: CcfSituation | None
    grid: EvaluationGrid | None
    grid_situation: str

    @property
    def signed(self) -> bool:
        return self.grid is not None and self.grid.is_signed


def grid_situation(candidate: Candidate, exam: str, situation: str) -> str:
    """The situation of the grid that records this CCF situation: its own where the épreuve
    has one grid a situation (E4), "" where one grid records them all (E6)."""
    return situation if situation in situations_of(candidate, exam) else ""


def situation_rows(candidate: Candidate, exam: str) -> list[SituationRow]:
    """Each CCF situation of the épreuve, as the regulation defines them (A, B), with its
    record (date, commission) and the grid that records it."""
    records = {r.situation: r for r in CcfSituation.objects.filter(candidate=candidate, exam=exam)}
    grids = {
        g.situation: g
        for g in EvaluationGrid.objects.filter(
            candidate=candidate, exam=exam, form=Form.CCF.value
        ).select_related("signed_by")
    }
    rows = []
    for situation in ccf_situations(candidate.session.year, exam):
        on = grid_situation(candidate, exam, situation)
        rows.append(SituationRow(situation, records.get(situation), grids.get(on), on))
    return rows


def dossier_files(candidate: Candidate, exam: str) -> QuerySet[EvaluationDossierFile]:
    """The files of the candidate's evaluation dossier for the épreuve (without their bytes)."""
    return (
        EvaluationDossierFile.objects.filter(candidate=candidate, exam=exam)
        .defer("content")
        .select_related("uploaded_by")
    )


def commissions_differ(rows: list[SituationRow]) -> bool:
    """Whether the situations recorded have different commissions (the texts want the same
    commission for both: « composée de manière identique pour les deux situations »)."""
    seen = {
        tuple(sorted(m.casefold() for m in r.record.members))
        for r in rows
        if r.record is not None and r.record.members
    }
    return len(seen) > 1
