"""Closing a deliberation (every result frozen with its regulation and explanation, the
candidates' files locked), reopening it (a recorded re-deliberation: a new round) and
publishing the arrested results. Closing runs as a background job (``deliberation_close_work``)
from the page and from the API alike, with the same check that nothing changed since the
jury read the proposals."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ndrc.web.audit.services import AuditLine, audit_bulk, audit_record, bulk_insert
from ndrc.web.batch import collector_paused
from ndrc.web.candidates.locks import lock_files
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.deliberations.minutes import minutes_issue_start, minutes_keep
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.deliberations.selectors import (
    CandidateResult,
    jury_changes_by_candidate,
    jury_fingerprint,
    reviewed,
    session_problems,
)
from ndrc.web.deliberations.services import locked_jury, required_reason
from ndrc.web.deliberations.transcripts import published_transcripts_start
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.jobs.selectors import job_visible_to
from ndrc.web.jobs.services import job_run, jobs_expire
from ndrc.web.jobs.work import JobError, Progress
from ndrc.web.sessions.models import ExamSession


class DeliberationBlocked(Exception):
    """The deliberation cannot close: something is still missing."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("Délibération impossible à clore : " + " ; ".join(problems))
        self.problems = problems


def _session_frozen_refresh(session_id: int) -> None:
    """The session's dates stay frozen while any of its juries is closed."""
    ExamSession.objects.filter(pk=session_id).update(
        results_frozen=Jury.objects.filter(session_id=session_id, state=Jury.CLOSED).exists()
    )


# Closing reviews and writes the candidates this many at a time: memory holds one chunk's
# model objects and results, never the whole jury's.
CHUNK = 2000
# At most this many blocked candidates are listed when closing is refused (and how many more).
BLOCKERS_SHOWN = 200


def _frozen(jury: Jury, row: CandidateResult) -> FrozenResult:
    """A candidate's result as the closing freezes it (its dict and explanation computed once)."""
    result = row.result
    data = result.to_dict()
    return FrozenResult(
        jury=jury,
        candidate=row.candidate,
        round=jury.round,
        decision=result.decision.value,
        decision_label=result.decision.label_fr,
        average=data["average"] or "",
        average_display=data["average_display"] or "",
        regulation=result.plan.regulation.id if result.plan and result.plan.regulation else "",
        result=data,
        explanation=result.explanation_fr(),
    )


def _freeze(*, jury: Jury, actor: Any, frozen: list[FrozenResult]) -> None:
    """Write a chunk's results and their audit entries in bulk (COPY on PostgreSQL)."""
    bulk_insert(frozen)
    audit_bulk(
        actor=actor,
        action="result_freeze",
        lines=(
            AuditLine(
                obj=f,
                object_id=f"{jury.pk}:{jury.round}",
                object_repr=f"{f.candidate.number} {f.decision_label}",
                candidate_id=f.candidate_id,
                after={
                    "decision": f.decision,
                    "average": f.average,
                    "regulation": f.regulation,
                    "round": f.round,
                },
            )
            for f in frozen
        ),
    )


def _blocker_lines(blockers: list[tuple[str, str]]) -> list[str]:
    """What blocks the closing, by candidate in the order of their numbers (the lines are
    read by the jury's members, who may not know the names yet: D121), at most
    ``BLOCKERS_SHOWN`` of them and how many more."""
    lines = [line for _, line in sorted(blockers)[:BLOCKERS_SHOWN]]
    if len(blockers) > BLOCKERS_SHOWN:
        lines.append(
            f"… et {len(blockers) - BLOCKERS_SHOWN} autre(s) candidat(s) bloqué(s) : seuls "
            f"les {BLOCKERS_SHOWN} premiers (par numéro) sont listés"
        )
    return lines


@transaction.atomic
def deliberation_close(
    *,
    jury: Jury,
    actor: Any,
    progress: Callable[[int, int, str], None] | None = None,
    seen: int | None = None,
) -> int:
    """Close the deliberation: refused while anything is missing; otherwise every candidate's
    result is frozen with the regulation in force and its explanation, and the candidates'
    files are locked. Returns the count. ``progress(done, total, message)`` is told how many
    candidates are done (for a background job); ``seen`` is the fingerprint of what the jury
    was shown: closing is refused if anything changed since.

    The candidates are reviewed and their results written ``CHUNK`` at a time (a bounded
    number of queries per chunk, COPY on PostgreSQL); once one is blocked nothing more is
    written, the others are still reviewed to list what blocks, and the refusal rolls back
    what was written."""
    jury = locked_jury(jury)
    if jury.is_closed:
        raise ValidationError("La délibération est déjà close.")
    # Hold the candidates' rows: a grade, internship or dossier written meanwhile waits for
    # the closing, then finds the file locked (candidates.locks.ensure_open).
    pks = list(
        Candidate.objects.select_for_update(of=("self",))
        .filter(jury_assignment__jury=jury)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not pks:
        raise DeliberationBlocked(["aucun candidat n'est affecté à ce jury"])
    if seen is not None and seen != jury_fingerprint(jury):
        raise DeliberationBlocked(
            [
                "des notes ou des dossiers ont changé depuis l'affichage de la délibération : "
                "relisez les décisions proposées avant de clore"
            ]
        )
    problems = session_problems(jury)
    if problems:
        raise DeliberationBlocked(problems)
    total = len(pks)
    if progress is not None:
        progress(0, total, "Calcul des décisions et enregistrement des résultats arrêtés…")
    changes = jury_changes_by_candidate(jury)
    blockers: list[tuple[str, str]] = []
    for start in range(0, total, CHUNK):
        with collector_paused():
            chunk = candidates_read(pks[start : start + CHUNK])
            rows = reviewed(chunk, changes=changes)
        blockers += [
            (r.candidate.number, f"{r.candidate.number} : {', '.join(r.problems)}")
            for r in rows
            if r.blocked
        ]
        if not blockers:
            with collector_paused():
                _freeze(jury=jury, actor=actor, frozen=[_frozen(jury, row) for row in rows])
        del chunk, rows  # dropped before the next chunk is read
        if progress is not None:
            done = min(start + CHUNK, total)
            progress(
                done,
                total,
                f"{done} candidat(s) sur {total} : résultats arrêtés et journalisés…"
                if not blockers
                else f"{done} candidat(s) sur {total} examinés : {len(blockers)} bloqué(s)…",
            )
    if blockers:
        raise DeliberationBlocked(_blocker_lines(blockers))
    Jury.objects.filter(pk=jury.pk).update(
        state=Jury.CLOSED, closed_at=timezone.now(), closed_by=actor
    )
    lock_files(candidates=Candidate.objects.filter(jury_assignment__jury=jury), jury_name=jury.name)
    _session_frozen_refresh(jury.session_id)
    minutes_keep(jury)
    audit_record(
        actor=actor,
        action="deliberation_close",
        obj=jury,
        after={"round": jury.round, "results": total},
    )
    return total


def deliberation_close_work(
    *, params: dict[str, Any], actor: Any, progress: Progress
) -> dict[str, Any]:
    """The closing job: ``params`` holds the jury and the fingerprint the jury read."""
    jury = Jury.objects.get(pk=params["jury"])
    url = reverse("jury_detail", args=[jury.pk])
    try:
        count = deliberation_close(
            jury=jury, actor=actor, progress=progress, seen=params.get("seen")
        )
    except DeliberationBlocked as blocked:
        raise JobError(
            "Délibération impossible à clore : il manque encore des éléments.",
            details=blocked.problems,
            url=url,
            link_label="Retour au jury",
        ) from None
    except ValidationError as error:
        raise JobError(" ".join(error.messages), url=url, link_label="Retour au jury") from None
    # The PV is issued by a job of its own (in the worker, once this one is done; at once
    # with the immediate backend): the closing stands whatever becomes of it, and the PV
    # can be issued again from the jury's page.
    minutes = minutes_issue_start(jury=jury, actor=actor)
    message = f"Délibération close : {count} résultat(s) arrêté(s)."
    if minutes.state in (JobState.DONE, JobState.FAILED):
        message += f" {minutes.message}"
    else:
        message += " Le procès-verbal est en cours d'édition (tâches)."
    progress(count, count, "Délibération close.")
    return {
        "message": message,
        "url": url,
        "link_label": "Retour au jury",
        "count": count,
    }


def deliberation_close_start(*, jury: Jury, actor: Any, seen: int | None, label: str) -> Any:
    """Close a deliberation as a background job (the page and the API): returns the job."""
    return job_run(
        kind="deliberation_close",
        task=deliberation_close_work,
        params={"jury": jury.pk, "seen": seen},
        actor=actor,
        label=label,
    )


def closing_failed(*, jury: Jury, user: Any) -> Job | None:
    """The last closing of this jury when it failed or was interrupted (its worker died), for
    the « Relancer » of the jury page; None otherwise, or when the user may not follow it."""
    job = Job.objects.filter(kind="deliberation_close", params__jury=jury.pk).first()
    if job is None:
        return None
    jobs_expire(pk=job.pk)
    job.refresh_from_db()
    if job.state != JobState.FAILED:
        return None
    return job_visible_to(user=user, pk=job.pk)


@transaction.atomic
def deliberation_reopen(*, jury: Jury, reason: str, actor: Any) -> Jury:
    """Reopen a closed deliberation (a re-deliberation): grades, files and jury changes become
    editable again; the frozen results of the previous round stay as they were."""
    jury = locked_jury(jury)
    if not jury.is_closed:
        raise ValidationError("La délibération n'est pas close.")
    reason = required_reason(reason, "Le motif de la nouvelle délibération est obligatoire.")
    Jury.objects.filter(pk=jury.pk).update(
        state=Jury.OPEN, round=jury.round + 1, closed_at=None, closed_by=None
    )
    lock_files(candidates=Candidate.objects.filter(jury_assignment__jury=jury), jury_name="")
    _session_frozen_refresh(jury.session_id)
    audit_record(
        actor=actor,
        action="deliberation_reopen",
        obj=jury,
        before={"round": jury.round},
        after={"round": jury.round + 1},
        reason=reason,
    )
    jury.refresh_from_db()
    return jury


@transaction.atomic
def results_publish(*, jury: Jury, actor: Any) -> int:
    """Publish the results the jury arrested: candidates see them from now on. Once this is
    committed, a job issues their relevés de notes (and attestations of blocks) and tells
    each by e-mail (``transcripts.published_transcripts_work``)."""
    jury = locked_jury(jury)
    if not jury.is_closed:
        raise ValidationError("Seuls les résultats d'une délibération close se publient.")
    updated = FrozenResult.objects.filter(
        jury=jury, round=jury.round, published_at__isnull=True
    ).update(published_at=timezone.now())
    if not updated:
        raise ValidationError("Les résultats de cette délibération sont déjà publiés.")
    audit_record(
        actor=actor,
        action="results_publish",
        obj=jury,
        after={"round": jury.round, "results": updated},
    )
    # Once published for good, the relevés (and attestations) are issued and each candidate
    # told, as a job (thousands of documents are not made in the request).
    # (robust: a job that cannot be recorded is logged, the publication stands.)
    transaction.on_commit(
        partial(published_transcripts_start, jury_id=jury.pk, round_=jury.round, actor=actor),
        robust=True,
    )
    return updated
