"""Keeping the proposed results current: each candidate's decision, exact average, what
blocks the closing and the conformity of the dossiers, stored (``candidates.ProposedResult``,
``candidates.ConformityOutcome``) so that the whole-session pages read them instead of
deliberating every candidate at each request.

A stored proposal is current while it was computed from the candidate's present revision
(every audited write about a candidate moves it, ``audit.services.candidates_revise``) and,
before the académie's deposit deadline, until that date. ``proposals_ensure`` is what a page
calls first: a few stale candidates are computed again at once; many (an import, new dates for
the académie) by a background job, and the page says how many are being computed meanwhile —
it never shows a stale proposal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ndrc.rules.conformity_list import commission_rows
from ndrc.rules.results import decide_all, display_average
from ndrc.rules.results.trace import fraction_text
from ndrc.web.audit.services import bulk_insert, bulk_insert_rows
from ndrc.web.batch import chunks_worked
from ndrc.web.candidates.models import Candidate, ConformityOutcome, ProposedResult
from ndrc.web.candidates.selectors import candidates_read, stale_candidates
from ndrc.web.candidates.stored_conformity import chunk_conformity
from ndrc.web.deliberations.composition import livret_blockers
from ndrc.web.deliberations.proposal_selectors import ProposalSummary, proposal_summary
from ndrc.web.deliberations.selectors import blocking_problems, deliberation_inputs
from ndrc.web.jobs.models import Job
from ndrc.web.jobs.services import job_run
from ndrc.web.jobs.work import Progress
from ndrc.web.lookups import among
from ndrc.web.sessions.selectors import calendars_for

# Candidates computed together (a fixed number of queries each); a page computes at once at
# most SYNC_LIMIT stale candidates, more are left to a background job.
CHUNK = 2000
SYNC_LIMIT = 200


def _chunk_refresh(candidates: list[Candidate], today: dt.date) -> None:
    conformity = chunk_conformity(candidates, today=today)
    reports = conformity.reports
    calendars = calendars_for((c.session_id, c.academy_id) for c in candidates)
    deadlines = {
        c.pk: cal.deposit_deadline
        for c in candidates
        if (cal := calendars.get((c.session_id, c.academy_id))) is not None
    }
    inputs = deliberation_inputs(candidates, reports=reports)
    now = timezone.now()
    proposals: list[dict[str, Any]] = []
    outcomes: list[ConformityOutcome] = []
    decisions = decide_all(inputs)
    livrets = livret_blockers(
        (c, d.decision, d.average) for c, d in zip(candidates, decisions, strict=True)
    )
    for candidate, data, decided in zip(candidates, inputs, decisions, strict=True):
        report = reports.get(candidate.pk)
        problems = blocking_problems(candidate, data, decided, report)
        if candidate.pk in livrets:
            problems.append(livrets[candidate.pk])
        average = decided.average
        deadline = deadlines.get(candidate.pk)
        proposals.append(
            {
                "candidate_id": candidate.pk,
                "revision": candidate.revision,
                "decision": decided.decision.value,
                "average": "" if average is None else fraction_text(average),
                "average_display": ""
                if average is None
                else display_average(average, candidate.session.year),
                "problems": problems,
                "blocked": bool(problems),
                "unreadable": report[:500] if isinstance(report, str) else "",
                "conformity_until": deadline
                if deadline is not None and today <= deadline
                else None,
                "conformity": conformity.stored(candidate.pk),
                "conformity_key": conformity.keys.get(candidate.pk, ""),
                "computed_at": now,
            }
        )
        # The commission's list (before the deadline a missing dossier is awaited): written
        # again only for the dossiers judged again.
        shown = conformity.listed.get(candidate.pk)
        if shown is not None:
            outcomes.extend(
                ConformityOutcome(
                    candidate_id=candidate.pk,
                    exam=row["exam"],
                    outcome=row["outcome"],
                    outcome_label=row["outcome_label"],
                    nv_causes=row["nv_causes"],
                    defects=row["defects"],
                )
                for row in commission_rows([shown])
            )
    with transaction.atomic():
        # The candidates' rows are held while their proposals are replaced, so that two
        # computations of the same candidates (two pages, a page and a job) write one after
        # the other; a candidate written since it was read stays stale (computed again next).
        current = dict(
            Candidate.objects.select_for_update()
            .filter(among("pk", (c.pk for c in candidates)))
            .order_by("pk")
            .values_list("pk", "revision")
        )
        kept = {
            p["candidate_id"] for p in proposals if current.get(p["candidate_id"]) == p["revision"]
        }
        judged = kept - conformity.kept
        # Replaced rather than updated: deletes and bulk inserts (COPY on PostgreSQL).
        ProposedResult.objects.filter(among("candidate_id", kept)).delete()
        ConformityOutcome.objects.filter(among("candidate_id", judged)).delete()
        bulk_insert_rows(ProposedResult, [p for p in proposals if p["candidate_id"] in kept])
        bulk_insert([o for o in outcomes if o.candidate_id in judged])


def proposals_refresh(
    *,
    candidate_ids: Sequence[int],
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> int:
    """Compute again and store the proposals of these candidates, a chunk at a time (each
    chunk in its own transaction: a write made meanwhile moves the candidate's revision and
    leaves the proposal stale, never wrong; in the database worker two chunks at once,
    ``batch.chunks_worked``). Returns the number of candidates."""
    today = today or timezone.localdate()
    ids = sorted(set(candidate_ids))
    computed = 0

    def chunk_done(size: int) -> None:
        nonlocal computed
        computed += size
        if progress is not None:
            progress(computed, len(ids), f"Résultats proposés calculés : {computed} sur {len(ids)}")

    chunks_worked(
        [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)],
        lambda chunk: _chunk_refresh(candidates_read(chunk), today),
        done=chunk_done,
    )
    return len(ids)


def _scope(params: dict[str, Any]) -> QuerySet[Candidate]:
    candidates = Candidate.objects.filter(session_id=params["session"])
    if params.get("academy"):
        candidates = candidates.filter(academy_id=params["academy"])
    if params.get("jury"):
        candidates = candidates.filter(jury_assignment__jury_id=params["jury"])
    return candidates


def proposals_refresh_work(
    *, params: dict[str, Any], actor: Any, progress: Progress
) -> dict[str, Any]:
    """The job computing again the stale proposals of a session (of an académie, of a
    jury): ``params`` names the scope."""
    ids = list(stale_candidates(_scope(params)).values_list("pk", flat=True))
    count = proposals_refresh(candidate_ids=ids, progress=progress)
    progress(count, count, "Résultats proposés à jour.")
    return {
        "message": f"Résultats proposés à jour : {count} candidat(s) calculé(s) à nouveau.",
        "url": params.get("url", ""),
        "link_label": "Retour à la délibération",
        "count": count,
    }


@dataclass(frozen=True)
class Freshness:
    """How current the proposals of a page are: ``stale`` candidates are being computed
    again by ``job`` (none when everything is current)."""

    stale: int = 0
    job: Job | None = None


def proposals_ensure(
    *,
    session_id: int,
    academy_id: int | None = None,
    jury_id: int | None = None,
    actor: Any = None,
    url: str = "",
    candidates: QuerySet[Candidate] | None = None,
) -> Freshness:
    """Before a page reads the proposals of a scope (a session, an académie, a jury; or the
    ``candidates`` a user sees in it): compute the stale ones at once when they are few,
    otherwise start (or find running) the job that computes them."""
    params: dict[str, Any] = {"session": session_id, "academy": academy_id, "jury": jury_id}
    scope = candidates if candidates is not None else _scope(params)
    stale = list(stale_candidates(scope).values_list("pk", flat=True)[: SYNC_LIMIT + 1])
    if not stale:
        return Freshness()
    if len(stale) <= SYNC_LIMIT:
        proposals_refresh(candidate_ids=stale)
        return Freshness()
    # A job still alive (queued, or running with a live lease): never a failed or dead one.
    running = (
        Job.objects.alive()
        .filter(kind="proposals_refresh")
        .filter(params__session=session_id, params__academy=academy_id, params__jury=jury_id)
        .first()
    )
    job = running or job_run(
        kind="proposals_refresh",
        task=proposals_refresh_work,
        params={**params, "url": url},
        actor=actor,
        label="Calcul des résultats proposés",
    )
    return Freshness(stale=stale_candidates(scope).count(), job=job)


def proposals_read(
    *,
    candidates: QuerySet[Candidate],
    session_id: int,
    academy_id: int | None = None,
    jury_id: int | None = None,
    actor: Any = None,
    url: str = "",
) -> tuple[Freshness, ProposalSummary]:
    """What a page of proposals calls first: the summary of the ``candidates``' proposals
    (one query), after computing the stale ones (``proposals_ensure``) when there are."""
    summary = proposal_summary(candidates)
    if not summary.stale:
        return Freshness(), summary
    freshness = proposals_ensure(
        session_id=session_id,
        academy_id=academy_id,
        jury_id=jury_id,
        actor=actor,
        url=url,
        candidates=candidates,
    )
    summary = proposal_summary(candidates)
    return Freshness(stale=summary.stale, job=freshness.job if summary.stale else None), summary
