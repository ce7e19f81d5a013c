"""« Établir le planning » and « Replanifier » as background jobs: build the instance, solve
it (``ndrc.planning.solver``), check the schedule with the independent checker
(``ndrc.planning.checker``: a violation fails the job, nothing is saved), then store it as a
draft with its report. An instance with no schedule ends the job at once, its diagnosis in
words recorded on a draft with no sitting."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from ndrc.planning.checker import check
from ndrc.planning.schedule import Bounds, SolveReport
from ndrc.planning.solver import solve
from ndrc.web.jobs.services import job_run
from ndrc.web.jobs.work import JobError, Progress
from ndrc.web.scheduling.build import instance_build
from ndrc.web.scheduling.models import Schedule
from ndrc.web.scheduling.selectors import schedule_applied
from ndrc.web.scheduling.services import changes_between, planned_of, schedule_store
from ndrc.web.sessions.models import Academy, ExamSession

PLAN_KIND = "schedule_plan"
# The solver's share of the progress bar (building and storing share the rest).
STEPS = 100


def solver_seconds() -> float:
    """The solver's time, in seconds (setting ``NDRC_SCHEDULE_SECONDS``, 120 by default)."""
    return float(settings.NDRC_SCHEDULE_SECONDS)


def _ratio(value: int, bound: int) -> str:
    """« 1,04 »; empty without a bound or a schedule."""
    if bound <= 0 or value <= 0:
        return ""
    return f"{value / bound:.2f}".replace(".", ",")


def bounds_json(bounds: Bounds) -> dict[str, Any]:
    return {
        "examiner_half_days": bounds.examiner_half_days,
        "centre_days": bounds.centre_days,
        "per_centre": {code: list(pair) for code, pair in bounds.per_centre.items()},
        "infeasible": bounds.infeasible,
    }


def report_json(solved: SolveReport, *, problems: list[str]) -> dict[str, Any]:
    """The report stored on the schedule (and shown by its page)."""
    return {
        "status": solved.status,
        "values": {
            "examiner_half_days": solved.examiner_half_days,
            "centre_days": solved.centre_days,
            "load_spread": solved.load_spread,
            "trips": solved.trips,
        },
        "bounds": bounds_json(solved.bounds),
        "ratios": {
            "examiner_half_days": _ratio(
                solved.examiner_half_days, solved.bounds.examiner_half_days
            ),
            "centre_days": _ratio(solved.centre_days, solved.bounds.centre_days),
        },
        "binding": [b.message for b in solved.bounds.binding],
        "diagnosis": [b.message for b in solved.diagnosis],
        "first_feasible_seconds": solved.first_feasible_seconds,
        "seconds": round(solved.seconds, 2),
        "problems": problems,
    }


def schedule_plan_work(*, params: dict[str, Any], actor: Any, progress: Progress) -> dict[str, Any]:
    """The job: ``params`` names the session, the académie, the purpose, and for a
    re-planning the applied schedule it starts from; for the resit orals the candidates'
    chosen épreuves (candidate pk → exam codes)."""
    session = ExamSession.objects.get(pk=params["session"])
    academy = Academy.objects.get(pk=params["academy"])
    purpose = params.get("purpose", Schedule.MAIN)
    resits = params.get("resits")
    overview = reverse("schedule_overview")
    link = {"url": overview, "link_label": "Retour au planning"}
    progress(0, STEPS, "Lecture des candidats, des centres et des examinateurs…")
    instance, problems = instance_build(
        session=session,
        academy=academy,
        purpose=purpose,
        resits=None if resits is None else {int(k): v for k, v in resits.items()},
    )
    if not instance.candidates:
        raise JobError(
            "Aucun planning établi : aucune épreuve à planifier.", details=problems, **link
        )
    previous_row = None
    previous = None
    if params.get("replan"):
        previous_row = schedule_applied(session=session, academy=academy, purpose=purpose)
        if previous_row is None:
            raise JobError("Aucun planning appliqué à replanifier.", **link)
        previous = planned_of(schedule=previous_row, instance=instance)

    def told(fraction: float, message: str) -> None:
        progress(min(STEPS - 5, 5 + int(fraction * (STEPS - 10))), STEPS, message)

    told(0.0, "Recherche d'un planning…")
    solved = solve(
        instance,
        time_limit=float(params.get("time_limit") or solver_seconds()),
        workers=2,
        progress=told,
        previous=previous,
    )
    report = report_json(solved, problems=problems)
    if solved.schedule is None:
        words = "; ".join(report["diagnosis"] or report["binding"]) or (
            "le solveur n'a trouvé aucun planning dans le temps imparti"
        )
        report["message"] = f"Aucun planning possible : {words}."
        report["checker"] = {"checked": False, "violations": []}
        schedule_store(
            session=session,
            academy=academy,
            purpose=purpose,
            instance=instance,
            planned=None,
            report=report,
            actor=actor,
            replaces=previous_row,
            reason=params.get("reason", ""),
        )
        raise JobError(report["message"], details=problems, **link)
    progress(STEPS - 5, STEPS, "Vérification du planning par le contrôleur indépendant…")
    violations = check(instance, solved.schedule)
    if violations:
        raise JobError(
            f"Planning refusé par le contrôleur : {len(violations)} contrainte(s) violée(s) ; "
            "rien n'a été enregistré.",
            details=[v.message for v in violations[:200]],
            **link,
        )
    report["checker"] = {"checked": True, "violations": []}
    if previous is not None:
        changed = changes_between(before=previous, after=solved.schedule, instance=instance)
        report["changed"] = changed
    schedule = schedule_store(
        session=session,
        academy=academy,
        purpose=purpose,
        instance=instance,
        planned=solved.schedule,
        report=report,
        actor=actor,
        replaces=previous_row,
        reason=params.get("reason", ""),
    )
    progress(STEPS, STEPS, "Planning enregistré.")
    count = len(solved.schedule.sittings)
    message = f"Planning proposé : {count} passage(s), vérifié par le contrôleur."
    if previous is not None:
        message += f" {len(report['changed'])} candidat(s) dont la convocation change."
    return {
        "message": message,
        "url": reverse("schedule_detail", args=[schedule.pk]),
        "link_label": "Voir le planning proposé",
        "schedule": schedule.pk,
        "details": problems,
    }


def schedule_plan_start(
    *,
    session: ExamSession,
    academy: Academy,
    actor: Any,
    purpose: str = Schedule.MAIN,
    replan: bool = False,
    reason: str = "",
    resits: dict[int, list[str]] | None = None,
    time_limit: float | None = None,
) -> Any:
    """Start « Établir le planning » (or « Replanifier », from the applied schedule) as a
    job; returns the job."""
    params: dict[str, Any] = {
        "session": session.pk,
        "academy": academy.pk,
        "purpose": purpose,
        "replan": replan,
        "reason": reason,
        "time_limit": time_limit,
    }
    if resits is not None:
        params["resits"] = {str(k): list(v) for k, v in resits.items()}
    label = "Replanification des épreuves" if replan else "Établissement du planning"
    if purpose == Schedule.RESIT:
        label += " (oraux de contrôle)"
    return job_run(
        kind=PLAN_KIND,
        task=schedule_plan_work,
        params=params,
        actor=actor,
        label=f"{label} — {academy} — {session}",
    )
