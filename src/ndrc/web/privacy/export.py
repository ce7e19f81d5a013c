"""A candidate's personal data, as the right of access gives them (GDPR art. 15): identity and
registration, exam plan, internships and dossiers, the published results with their grades,
the history of the writes about the candidate and the candidate's account. One dictionary,
written as JSON (docs/privacy.md describes it) or shown as a printable page.

Grades and results are given as the candidate may see them: those of a published result.
Before publication they are preparatory documents of the jury's decision, not yet
communicable (Code des relations entre le public et l'administration, article L311-2); the
journal's entries that carry them show who wrote what and when, not the values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ndrc.rules.exam_plan.text import render_plan_fr
from ndrc.web.audit.display import entry_lines
from ndrc.web.audit.selectors import entries_about_candidate
from ndrc.web.candidates.models import Candidate, Livret
from ndrc.web.candidates.rules_inputs import plan_of
from ndrc.web.candidates.selectors import dossiers_of, internships_of, published_grades_of
from ndrc.web.deliberations.models import FrozenResult

FORMAT = "ndrc-donnees-personnelles"
VERSION = 1

# The texts the export cites (shown on the page and written in the JSON).
NOT_YET_COMMUNICABLE = (
    "Les notes et le résultat ne sont communiqués qu'une fois les résultats publiés : "
    "jusque-là ce sont des documents préparatoires à la décision du jury, qui ne sont pas "
    "encore communicables (Code des relations entre le public et l'administration, "
    "article L311-2)."
)

# The journal's entries whose values are grades or results (withheld before publication).
RESULT_ACTIONS = frozenset(
    {
        "grade_set",
        "jury_grade_change",
        "jury_grade_change_withdraw",
        "resit_grade_set",
        "resit_grade_withdraw",
        "result_freeze",
        "deliberation_close",
        "deliberation_reopen",
        "results_publish",
    }
)


def _date(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _author(user: Any) -> str:
    if user is None:
        return "traitement automatique"
    return str(user.get_full_name() or user.username)


def _livret(candidate: Candidate) -> dict[str, Any] | None:
    """The livret the training centre attached (its file named, not copied: the candidate
    downloads it from « Mon livret »)."""
    livret = Livret.objects.filter(candidate=candidate).defer("content").first()
    if livret is None:
        return None
    return {
        "appreciations": livret.appreciations,
        "pix_mention": livret.pix_mention,
        "pix_score": livret.pix_score,
        "file": livret.filename or None,
        "updated_at": _date(livret.updated_at),
    }


def personal_data(candidate: Candidate) -> dict[str, Any]:
    """Everything the service keeps about this candidate that the candidate may see."""
    published = list(
        FrozenResult.objects.filter(candidate=candidate, published_at__isnull=False)
        .select_related("jury")
        .order_by("round")
    )
    plan = plan_of(candidate)
    user = candidate.user
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": _date(timezone.now()),
        "identity": {
            "number": candidate.number,
            "last_name": candidate.last_name,
            "first_name": candidate.first_name,
            "birth_date": _date(candidate.birth_date),
        },
        "registration": {
            "session": candidate.session.year,
            "academy": str(candidate.academy),
            "establishment": None
            if candidate.establishment is None
            else str(candidate.establishment),
            "route": candidate.route,
            "route_label": candidate.route_label,
            "lv1": candidate.lv1,
            "ef1_language": candidate.ef1_language,
            "ef2": candidate.ef2,
            "assessment_form": candidate.assessment_form,
            "diplomas": candidate.diplomas,
            "exemption_requests": candidate.exemption_requests,
            "nrc_units": candidate.nrc_units,
            "vae_units": candidate.vae_units,
            "e6_professional_dossier": candidate.e6_professional_dossier,
            "extra_time": candidate.extra_time,
            "arrangements": candidate.arrangements,
            "internship_reduction_reason": candidate.internship_reduction_reason,
            "internship_reduction_reference": candidate.internship_reduction_reference,
            "continuing_situation": candidate.continuing_situation,
            "internship_status": candidate.internship_status,
        },
        "exam_plan": {"text": render_plan_fr(plan), "plan": plan.to_dict()},
        "internships": [
            {
                "organisation": p.organisation,
                "start": _date(p.start),
                "end": _date(p.end),
                "kind": p.kind,
                "kind_label": str(p.get_kind_display()),
                "attestation": p.attestation,
                "signed": p.signed,
                "full_time": p.full_time,
            }
            for p in internships_of(candidate)
        ],
        "dossiers": [
            {"exam": exam, "content": d.content, "updated_at": _date(d.updated_at)}
            for exam, d in sorted(dossiers_of(candidate).items())
        ],
        "livret": _livret(candidate),
        "results": {
            "published": bool(published),
            "note": "" if published else NOT_YET_COMMUNICABLE,
            "grades": [
                {"exam": g.exam, "state": g.state, "grade": g.typed}
                for g in published_grades_of(candidate)
            ],
            "decisions": [
                {
                    "round": r.round,
                    "jury": r.jury.name,
                    "decision": r.decision,
                    "decision_label": r.decision_label,
                    "average": r.average_display,
                    "regulation": r.regulation,
                    "explanation": r.explanation,
                    "frozen_at": _date(r.frozen_at),
                    "published_at": _date(r.published_at),
                }
                for r in published
            ],
        },
        "history": _history(candidate, published=bool(published)),
        "account": None
        if user is None
        else {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "role": user.role,
            "is_active": user.is_active,
            "date_joined": _date(user.date_joined),
            "last_login": _date(user.last_login),
        },
    }


def _history(candidate: Candidate, *, published: bool) -> list[dict[str, Any]]:
    """The writes about the candidate (oldest first): who, when, what, why; the values of
    grades and results only once a result is published."""
    rows = []
    entries = entries_about_candidate(candidate=candidate).order_by("at", "id")
    for line in entry_lines(entries):
        entry = line.entry
        withheld = not published and entry.action in RESULT_ACTIONS
        rows.append(
            {
                "at": _date(entry.at),
                "author": _author(entry.actor),
                "action": entry.action_label,
                # A grade's name carries its value, a jury's reason may cite it.
                "object": "" if withheld else entry.object_repr,
                "changes": [] if withheld else [str(change) for change in line.changes],
                "values_withheld": withheld,
                "reason": "" if withheld else entry.reason,
            }
        )
    return rows
