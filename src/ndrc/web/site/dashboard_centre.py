"""A training centre's dashboard, for its own candidates: the dossiers and internships
still missing or not valid before the académie's deposit deadline (the stored conformity),
and the CCF grades to propose (the épreuves its candidates sit in CCF without a grade yet)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ndrc.rules.catalogue import catalogue
from ndrc.rules.errors import InvalidCandidate, RegulationError
from ndrc.rules.exam_plan import ExamStatus
from ndrc.rules.regulation import Form
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.rules_inputs import plan_of
from ndrc.web.sessions.models import ExamSession
from ndrc.web.sessions.selectors import calendar_of, user_academy_id
from ndrc.web.site.dashboards import (
    Dashboard,
    Todo,
    awaited,
    deadline_of,
    dossiers_due,
    proposals_fresh,
)


def ccf_to_propose(candidates: QuerySet[Candidate]) -> Counter[str]:
    """By épreuve, how many of these candidates sit it in CCF at the session and have no
    grade proposed for it yet (a grid not signed writes none): the candidates and their
    grades, two queries (each plan is computed once per category of candidate)."""
    exam_of = catalogue().exam_of
    graded = {
        (candidate_id, exam_of(code))
        for candidate_id, code in Grade.objects.filter(
            candidate__in=candidates.values("pk")
        ).values_list("candidate_id", "exam")
    }
    missing: Counter[str] = Counter()
    for candidate in candidates.order_by("pk"):
        try:
            plan = plan_of(candidate)
        except (RegulationError, InvalidCandidate):  # an unreadable file: listed elsewhere
            continue
        for planned in plan.exams:
            if planned.status is not ExamStatus.TO_SIT or planned.form is not Form.CCF:
                continue
            if (candidate.pk, planned.code) not in graded:
                missing[planned.code] += 1
    return missing


def centre_dashboard(
    *, user: Any, session: ExamSession, candidates: QuerySet[Candidate], url: str = ""
) -> Dashboard:
    """A training centre, for its own candidates: the dossiers and internships still
    missing or not valid before the deposit deadline, the CCF grades to propose."""
    today = timezone.localdate()
    board = Dashboard(stale=proposals_fresh(user, session, candidates, url))
    calendar = calendar_of(session=session, academy_id=user_academy_id(user))
    due = dossiers_due(candidates)
    still_awaited = awaited(calendar, today)
    board.add(
        Todo(
            "dossiers",
            due,
            (
                ngettext(
                    "%(n)s de vos candidats a un dossier ou des stages manquants ou non "
                    "conformes : à compléter avant la date limite de dépôt.",
                    "%(n)s de vos candidats ont un dossier ou des stages manquants ou non "
                    "conformes : à compléter avant la date limite de dépôt.",
                    due,
                )
                if still_awaited
                else ngettext(
                    "%(n)s de vos candidats a un dossier non conforme (NV) ou incomplet.",
                    "%(n)s de vos candidats ont un dossier non conforme (NV) ou incomplet.",
                    due,
                )
            )
            % {"n": due},
            reverse("conformity_list"),
            _("Voir la conformité des dossiers"),
            deadline_of(calendar) if still_awaited else None,
        )
    )
    missing = ccf_to_propose(candidates)
    total = sum(missing.values())
    detail = ", ".join(f"{exam} : {n}" for exam, n in sorted(missing.items()))
    board.add(
        Todo(
            "ccf",
            total,
            ngettext(
                "%(n)s note de CCF à proposer (%(detail)s).",
                "%(n)s notes de CCF à proposer (%(detail)s).",
                total,
            )
            % {"n": total, "detail": detail},
            reverse("grids"),
            _("Grilles d'évaluation"),
        )
    )
    return board
