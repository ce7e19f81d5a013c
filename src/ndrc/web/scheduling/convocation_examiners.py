"""An examiner's convocation: its data (each half-day he or she examines, the commission,
the candidates and their times) built set-based from the applied schedules, and its issuing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.utils import translation

from ndrc.rules.exam_days import extra_minutes
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.documents.convocation import date_text
from ndrc.web.documents.examiner_convocation import (
    EXAMINER_CONVOCATION,
    ExaminerCandidate,
    ExaminerConvocationData,
    ExaminerHalfDay,
)
from ndrc.web.documents.kinds import examiner_subject
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.documents.services import Issue, documents_issue
from ndrc.web.scheduling.convocation_candidates import oral_exams
from ndrc.web.scheduling.convocation_common import (
    CHUNK,
    applied_schedules,
    texts_of,
)
from ndrc.web.scheduling.models import (
    HALVES,
    Commission,
    Examiner,
    Sitting,
)
from ndrc.web.sessions.models import Academy, Establishment, ExamSession


def _extras(sittings: Sequence[Sitting]) -> dict[int, int]:
    """The extra minutes of each sitting, by key: those the rule gives on the épreuve's
    regulated duration to a candidate with the arrangement (« temps majoré »), none to the
    others nor on an oral no longer in the candidate's plan (one reading of the candidates
    with the arrangement, three queries)."""
    arranged = candidates_read(sorted({s.candidate_id for s in sittings if s.candidate.extra_time}))
    orals = {candidate.pk: oral_exams(candidate) for candidate in arranged}
    extras: dict[int, int] = {}
    for sitting in sittings:
        rule = orals.get(sitting.candidate_id, {}).get(sitting.exam)
        extras[sitting.pk] = (
            0 if rule is None else extra_minutes(duration=rule.duration, arranged=True)
        )
    return extras


def examiner_convocations(
    examiners: Sequence[Examiner], *, schedule_ids: Sequence[int]
) -> dict[int, ExaminerConvocationData]:
    """The convocation of each of these examiners who sits in a commission of these
    schedules, by key (a fixed number of queries: commissions, their members, the members,
    the sittings with their candidates, those with extra time, establishments, académies)."""
    listed = list(examiners)
    ids = [e.pk for e in listed]
    commissions = {
        c.pk: c
        for c in Commission.objects.filter(schedule_id__in=schedule_ids, members__in=ids)
        .distinct()
        .select_related("centre", "room")
    }
    members: dict[int, list[int]] = defaultdict(list)
    for commission_id, examiner_id in (
        Commission.members.through.objects.filter(commission_id__in=list(commissions))
        .order_by("examiner_id")
        .values_list("commission_id", "examiner_id")
    ):
        members[commission_id].append(examiner_id)
    people = Examiner.objects.in_bulk({e for m in members.values() for e in m} | set(ids))
    sittings: dict[int, list[Sitting]] = defaultdict(list)
    for sitting in (
        Sitting.objects.filter(commission_id__in=list(commissions))
        .select_related("candidate")
        .order_by("start", "candidate__number", "exam")
    ):
        sittings[sitting.commission_id].append(sitting)
    extras = _extras([s for found in sittings.values() for s in found])
    establishments = Establishment.objects.in_bulk(
        {e.establishment_id for e in listed if e.establishment_id is not None}
    )
    academies = Academy.objects.in_bulk({e.academy_id for e in listed})
    sessions = ExamSession.objects.in_bulk({e.session_id for e in listed})
    result: dict[int, ExaminerConvocationData] = {}
    with translation.override("fr"):
        halves = {value: str(label) for value, label in HALVES}
        for examiner in listed:
            mine = sorted(
                (c for c in commissions.values() if examiner.pk in members[c.pk]),
                key=lambda c: (c.date, c.half, c.centre.name, c.room.name, c.pk),
            )
            if not mine:
                continue
            half_days = tuple(
                ExaminerHalfDay(
                    date=c.date,
                    half=halves[c.half],
                    centre=c.centre.name,
                    centre_address=", ".join(p for p in (c.centre.address, c.centre.city) if p),
                    room=c.room.name,
                    exam=c.exam,
                    others=tuple(
                        str(people[m]) for m in members[c.pk] if m != examiner.pk and m in people
                    ),
                    candidates=tuple(
                        ExaminerCandidate(
                            number=s.candidate.number,
                            name=f"{s.candidate.last_name.upper()} {s.candidate.first_name}",
                            loge_start=s.loge_start,
                            start=s.start,
                            end=s.end,
                            extra=extras[s.pk],
                            group=s.group,
                        )
                        for s in sittings[c.pk]
                    ),
                )
                for c in mine
            )
            establishment = establishments.get(examiner.establishment_id or 0)
            year = sessions[examiner.session_id].year
            result[examiner.pk] = ExaminerConvocationData(
                academy=academies[examiner.academy_id].name,
                session=year,
                texts=texts_of(year),
                last_name=examiner.last_name,
                first_name=examiner.first_name,
                establishment=""
                if establishment is None
                else f"{establishment.name} ({establishment.uai})",
                half_days=half_days,
            )
    return result


def examiner_convocations_issue(
    *,
    examiner_ids: Sequence[int],
    schedule_ids: Sequence[int],
    actor: Any,
    reason: str = "",
    today: dt.date | None = None,
) -> list[tuple[Examiner, IssuedDocument]]:
    """Issue the convocation of those of these examiners who sit in a commission of these
    schedules (the same data gives back the same document)."""
    issued: list[tuple[Examiner, IssuedDocument]] = []
    ids = sorted(set(examiner_ids))
    for start in range(0, len(ids), CHUNK):
        examiners = list(Examiner.objects.filter(pk__in=ids[start : start + CHUNK]).order_by("pk"))
        found = examiner_convocations(examiners, schedule_ids=schedule_ids)
        due = [e for e in examiners if e.pk in found]
        sessions = ExamSession.objects.filter(pk__in={e.session_id for e in due})
        years = {s.pk: s.year for s in sessions}
        documents = documents_issue(
            kind=EXAMINER_CONVOCATION,
            issues=[
                Issue(
                    subject=examiner_subject(e.pk),
                    subject_ref=f"EX{e.pk}",
                    data=found[e.pk],
                    session_id=e.session_id,
                    session_year=years[e.session_id],
                    academy_id=e.academy_id,
                )
                for e in due
            ],
            actor=actor,
            reason=reason,
            today=today,
        )
        issued += list(zip(due, documents, strict=True))
    return issued


def examiner_convocations_issuer(examiner_ids: Sequence[int], actor: Any) -> list[IssuedDocument]:
    """The examiners' convocations' issuer (``issuer_register``, « Éditer des documents »):
    each examiner's from the applied schedules of his or her session and académie, in the
    order of ``examiner_ids``; an examiner who sits in no commission is left out."""
    pairs = set(
        Examiner.objects.filter(pk__in=list(examiner_ids)).values_list("session_id", "academy_id")
    )
    issued: list[tuple[Examiner, IssuedDocument]] = []
    for session_id, academy_id in sorted(pairs):
        schedules = applied_schedules(session_id=session_id, academy_id=academy_id)
        if not schedules:
            continue
        chosen = Examiner.objects.filter(
            pk__in=list(examiner_ids), session_id=session_id, academy_id=academy_id
        ).values_list("pk", flat=True)
        issued += examiner_convocations_issue(
            examiner_ids=list(chosen), schedule_ids=schedules, actor=actor
        )
    position = {pk: i for i, pk in enumerate(examiner_ids)}
    issued.sort(key=lambda pair: position.get(pair[0].pk, len(position)))
    return [document for _examiner, document in issued]


def examiner_lines(data: ExaminerConvocationData) -> list[str]:
    return [
        f"{h.exam} : {date_text(h.date)} ({h.half}), {h.centre}, {h.room}, "
        f"{len(h.candidates)} candidat(s)"
        for h in data.half_days
    ]
