"""What the CCF situations a grid records must hold before it is signed (each one's date,
within the épreuve's period and not after the signature, and its commission): the hook of
``grid_selectors.sign_problems``. E4's grids record one situation each; E6's one grid
records both (« À l'issue des deux situations d'évaluation, la commission complète la
grille », A2023 annexe II, E6 §4.2.2)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ndrc.rules.grids.ccf import recorded_by, situation_problems
from ndrc.rules.regulation import Form
from ndrc.web.grading.ccf_models import CcfSituation
from ndrc.web.grading.models import EvaluationGrid


def ccf_sign_problems(grid: EvaluationGrid, *, today: dt.date | None = None) -> list[str]:
    """Every reason the CCF situations this grid records keep it from being signed ([] for a
    grid that records no CCF situation)."""
    if grid.form != Form.CCF.value:
        return []
    session = grid.candidate.session.year
    situations = recorded_by(session, grid.exam, grid.situation)
    if not situations:
        return []
    rows = {
        r.situation: r
        for r in CcfSituation.objects.filter(
            candidate_id=grid.candidate_id, exam=grid.exam, situation__in=situations
        )
    }
    signed_on = today or timezone.localdate()
    reasons: list[str] = []
    for situation in situations:
        row = rows.get(situation)
        reasons += situation_problems(
            session=session,
            exam=grid.exam,
            situation=situation,
            day=row.date if row else None,
            commission=row.commission if row else "",
            signed_on=signed_on,
        )
    return reasons
