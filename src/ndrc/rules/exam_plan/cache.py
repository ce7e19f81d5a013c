"""One cache of exam plans, keyed by what a plan depends on (the session, the candidate's
category and choices), never by who the candidate is: candidates of one category share one
plan, which carries no identity."""

from __future__ import annotations

from dataclasses import replace

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.exam_plan.build import exam_plan
from ndrc.rules.exam_plan.model import ExamPlan

PlanKey = tuple[object, ...]
_PLANS: dict[PlanKey, ExamPlan] = {}
_MAX_PLANS = 4096


def plan_key(candidate: CandidateProfile, session: int) -> PlanKey:
    """What an exam plan depends on: the category and choices, not who the candidate is."""
    return (
        session,
        candidate.route,
        candidate.establishment_status,
        candidate.habilitation,
        candidate.lv1,
        candidate.ef1_language,
        candidate.ef2,
        candidate.diplomas,
        candidate.exemption_requests,
        candidate.nrc_units,
        candidate.e6_professional_dossier,
    )


def cached_exam_plan(candidate: CandidateProfile, session: int) -> ExamPlan:
    """The candidate's exam plan, computed once per category and choices (bounded cache)."""
    key = plan_key(candidate, session)
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        plan = _PLANS[key] = exam_plan(replace(candidate, identifier="", name=""), session)
    return plan
