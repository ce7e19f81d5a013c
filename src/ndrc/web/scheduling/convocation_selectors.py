"""Reading where the convocations stand: the exam office's overview (issued, sent, not
sent, changed since sending) and a candidate's current convocation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ndrc.web.candidates.models import Candidate
from ndrc.web.documents.convocation import CONVOCATION
from ndrc.web.documents.examiner_convocation import EXAMINER_CONVOCATION
from ndrc.web.documents.kinds import examiner_subject
from ndrc.web.documents.models import IssuedDocument, MailRecord
from ndrc.web.lookups import among
from ndrc.web.scheduling.convocation_common import (
    applied_schedules,
    candidate_lines,
    convened_candidates,
    convened_examiners,
    latest_sent,
)
from ndrc.web.scheduling.models import ConvocationSent


@dataclass(frozen=True)
class Changed:
    pk: int
    number: str
    name: str


@dataclass(frozen=True)
class ConvocationOverview:
    """Where the convocations of a session in an académie stand."""

    schedules: int
    candidates: int
    examiners: int
    issued: int
    sent: int
    no_address: int
    failed: int
    never_sent: int
    changed: int
    changed_rows: tuple[Changed, ...]


def convocation_overview(
    *, session_id: int, academy_id: int, shown: int = 50
) -> ConvocationOverview:
    """How many convocations are issued, sent, not sent (no address, failed, never) and
    changed since sending (the schedule's lines differ from those sent): a fixed number of
    queries whatever the number of candidates."""
    schedules = applied_schedules(session_id=session_id, academy_id=academy_id)
    candidates = convened_candidates(schedules)
    examiners = convened_examiners(schedules)
    lines = candidate_lines(candidates, schedules)
    latest = list(latest_sent("candidate_id", candidates).values())
    latest += list(latest_sent("examiner_id", examiners).values())
    issued = (
        IssuedDocument.objects.filter(
            kind=CONVOCATION.slug, session_id=session_id, academy_id=academy_id
        )
        .filter(among("candidate_id", candidates))
        .values("subject")
        .distinct()
        .count()
    ) + (
        IssuedDocument.objects.filter(
            kind=EXAMINER_CONVOCATION.slug,
            subject__in=[examiner_subject(pk) for pk in examiners],
        )
        .values("subject")
        .distinct()
        .count()
    )
    changed_ids = sorted(
        s.candidate_id
        for s in latest
        if s.candidate_id is not None and list(s.lines) != lines.get(s.candidate_id, [])
    )
    rows = Candidate.objects.filter(pk__in=changed_ids[:shown]).order_by("number")
    return ConvocationOverview(
        schedules=len(schedules),
        candidates=len(candidates),
        examiners=len(examiners),
        issued=issued,
        sent=sum(1 for s in latest if s.state == MailRecord.SENT),
        no_address=sum(1 for s in latest if s.state == MailRecord.NO_ADDRESS),
        failed=sum(1 for s in latest if s.state == MailRecord.FAILED),
        never_sent=len(candidates) + len(examiners) - len(latest),
        changed=len(changed_ids),
        changed_rows=tuple(
            Changed(c.pk, c.number, f"{c.last_name.upper()} {c.first_name}") for c in rows
        ),
    )


def convocation_current(*, candidate: Candidate) -> IssuedDocument | None:
    """The candidate's convocation issued last, if any (without its bytes): the link on the
    schedule's candidate page."""
    return (
        IssuedDocument.objects.filter(kind=CONVOCATION.slug, candidate=candidate)
        .defer("content")
        .order_by("-version")
        .first()
    )


def convocations_sent(*, session_id: int, academy_id: int) -> QuerySet[ConvocationSent]:
    """Every convocation sent to a candidate or an examiner of a session in an académie (a
    cancellation is one with no line), the latest first, with the person and the document
    (without its bytes)."""
    return (
        ConvocationSent.objects.filter(
            Q(candidate__session_id=session_id, candidate__academy_id=academy_id)
            | Q(examiner__session_id=session_id, examiner__academy_id=academy_id)
        )
        .select_related("candidate", "examiner", "document")
        .defer("document__content")
        .order_by("-at", "-pk")
    )
