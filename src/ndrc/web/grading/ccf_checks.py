"""What a CCF situation must record before its grid is signed (its date, within the
épreuve's period and not after the signature, and its commission): the hook of
``grid_selectors.sign_problems``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ndrc.rules.grids.ccf import situation_problems
from ndrc.rules.regulation import Form
from ndrc.web.grading.ccf_models import CcfSituation
from ndrc.web.grading.models import EvaluationGrid


def ccf_sign_problems(grid: EvaluationGrid, *, today: dt.date | None = None) -> list[str]:
    """Every reason the CCF situation of this grid keeps it from being signed ([] for a grid
    that is not a CCF situation's)."""
    if grid.form != Form.CCF.value or not grid.situation:
        return []
    row = CcfSituation.objects.filter(
        candidate_id=grid.candidate_id, exam=grid.exam, situation=grid.situation
    ).first()
    return situation_problems(
        session=grid.candidate.session.year,
        exam=grid.exam,
        situation=grid.situation,
        day=row.date if row else None,
        commission=row.commission if row else "",
        signed_on=today or timezone.localdate(),
    )
