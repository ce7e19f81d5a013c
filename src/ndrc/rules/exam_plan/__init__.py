"""A candidate's exam plan for a session: every épreuve with its form, durations, situations,
phases, coefficient, commission and dossier, what is exempted or carried over and why, and the
registration errors. Each value carries the citation of the text it comes from.

Modules:

- ``model``: the plan, its planned épreuves and findings;
- ``build``: building the plan of a candidate for a session;
- ``text``: the plan as a French text;
- ``cache``: one plan per category and choices (``cached_exam_plan``).
"""

from ndrc.rules.errors import RegulationError
from ndrc.rules.exam_plan.build import exam_plan, first_session
from ndrc.rules.exam_plan.cache import cached_exam_plan, plan_key
from ndrc.rules.exam_plan.model import ExamPlan, ExamStatus, Finding, PlannedDossier, PlannedExam
from ndrc.rules.exam_plan.text import render_plan_fr

__all__ = [
    "ExamPlan",
    "ExamStatus",
    "Finding",
    "PlannedDossier",
    "PlannedExam",
    "RegulationError",
    "cached_exam_plan",
    "exam_plan",
    "first_session",
    "plan_key",
    "render_plan_fr",
]
