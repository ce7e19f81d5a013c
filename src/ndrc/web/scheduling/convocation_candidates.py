"""A candidate's convocation: its data built set-based from the applied schedules (the
sittings), the written calendar, the candidates and the centres, and its issuing (the same
data gives back the same document, changed data a new version « annule et remplace »)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from ndrc.rules.exam_days import (
    ScheduledExam,
    extra_minutes,
    extra_time_citation,
    resit_exams_by_code,
    scheduled_exams,
    to_bring,
    to_bring_always,
)
from ndrc.rules.exam_plan import ExamPlan, ExamStatus
from ndrc.rules.regulation import Form, Modality
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import candidate_file
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.documents.convocation import (
    CONVOCATION,
    ConvocationData,
    ConvocationExam,
)
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.documents.services import Issue, documents_issue
from ndrc.web.lookups import among
from ndrc.web.scheduling.convocation_common import (
    CHUNK,
    applied_schedules,
    minutes_of,
    sittings_of,
    texts_of,
)
from ndrc.web.scheduling.models import (
    CentreAssignment,
    Sitting,
    WrittenSitting,
)
from ndrc.web.sessions.models import Academy, ExamCentre


@dataclass(frozen=True)
class _Written:
    code: str
    label: str
    duration: int


def _written_exams(plan: ExamPlan) -> list[_Written]:
    """The written papers of a plan the candidate sits (one-off, to sit; E5's written part)."""
    found: list[_Written] = []
    for planned in plan.exams:
        if planned.status is not ExamStatus.TO_SIT or planned.form is not Form.ONE_OFF:
            continue
        if planned.parts:
            for part in planned.parts:
                if part.modality is Modality.WRITTEN:
                    found.append(
                        _Written(part.code, f"{planned.exam.code} — {part.title}", part.duration)
                    )
        elif planned.modality is Modality.WRITTEN and planned.duration is not None:
            found.append(
                _Written(
                    planned.exam.code,
                    f"{planned.exam.code} — {planned.exam.title}",
                    planned.duration,
                )
            )
    return found


def _centres_of(candidates: Sequence[Candidate]) -> dict[int, ExamCentre]:
    """The centre each candidate sits in: the one the exam office assigned, otherwise the one
    serving his or her establishment (two queries)."""
    assigned = {
        a.candidate_id: a.centre
        for a in CentreAssignment.objects.filter(
            among("candidate_id", (c.pk for c in candidates))
        ).select_related("centre")
    }
    serving_ids = {
        c.establishment.exam_centre_id
        for c in candidates
        if c.establishment is not None and c.establishment.exam_centre_id is not None
    }
    serving = ExamCentre.objects.in_bulk(serving_ids)
    result: dict[int, ExamCentre] = {}
    for candidate in candidates:
        centre = assigned.get(candidate.pk)
        if centre is None and candidate.establishment is not None:
            centre = serving.get(candidate.establishment.exam_centre_id or 0)
        if centre is not None:
            result[candidate.pk] = centre
    return result


def candidate_convocations(
    candidates: Sequence[Candidate], *, schedule_ids: Sequence[int]
) -> dict[int, ConvocationData]:
    """The convocation of each of these candidates (read with ``candidates_read``) who sits
    something in these schedules, by key: a fixed number of queries (sittings, written
    calendar, centres, académies) besides each candidate's exam plan."""
    listed = list(candidates)
    by_candidate: dict[int, list[Sitting]] = defaultdict(list)
    for sitting in sittings_of((c.pk for c in listed), schedule_ids):
        by_candidate[sitting.candidate_id].append(sitting)
    calendar: dict[tuple[int, str], WrittenSitting] = {
        (w.session_id, w.exam): w
        for w in WrittenSitting.objects.filter(session_id__in={c.session_id for c in listed})
    }
    centres = _centres_of(listed)
    academies = Academy.objects.in_bulk({c.academy_id for c in listed})
    always = to_bring_always()
    result: dict[int, ConvocationData] = {}
    with translation.override("fr"):
        for candidate in listed:
            sittings = by_candidate.get(candidate.pk, [])
            if not sittings:
                continue
            result[candidate.pk] = _convocation(
                candidate,
                sittings=sittings,
                calendar=calendar,
                centre=centres.get(candidate.pk) or sittings[0].commission.centre,
                academy=academies[candidate.academy_id].name,
                always=always,
            )
    return result


def oral_exams(candidate: Candidate, plan: ExamPlan | None = None) -> dict[str, ScheduledExam]:
    """The orals and practicals a candidate sits on the exam days, by exam code, with their
    regulated duration: those of his or her plan and the épreuves de contrôle of the
    session (no query for a candidate read with ``candidates_read``)."""
    oral = {
        exam.code: exam
        for exam in scheduled_exams(plan if plan is not None else candidate_file(candidate).plan)
    }
    oral.update(resit_exams_by_code(candidate.session.year))
    return oral


def _convocation(
    candidate: Candidate,
    *,
    sittings: list[Sitting],
    calendar: dict[tuple[int, str], WrittenSitting],
    centre: ExamCentre,
    academy: str,
    always: Any,
) -> ConvocationData:
    plan = candidate_file(candidate).plan
    oral = oral_exams(candidate, plan)
    citations: list[str] = [item.citation.render_fr() for item in always]
    exams: list[ConvocationExam] = []

    def cited(items: Any) -> tuple[str, ...]:
        for item in items:
            citations.append(item.citation.render_fr())
        return tuple(item.text for item in items)

    for sitting in sittings:
        commission = sitting.commission
        rule = oral.get(sitting.exam)
        # The regulated duration and the extra time the rule gives on it; an oral no longer
        # in the plan keeps its sitting's length, with no extra time to tell.
        duration = rule.duration if rule is not None else sitting.end - sitting.start
        extra = 0
        if rule is not None:
            extra = extra_minutes(duration=rule.duration, arranged=candidate.extra_time)
            citations.append(rule.rule.citation.render_fr())
        exams.append(
            ConvocationExam(
                code=sitting.exam,
                label=rule.label if rule is not None else sitting.exam,
                date=commission.date,
                start=sitting.start,
                end=sitting.end,
                written=False,
                centre=commission.centre.name,
                room=commission.room.name,
                duration=duration,
                extra=extra,
                loge_start=sitting.loge_start,
                bring=cited(to_bring(sitting.exam, written=False)),
            )
        )
    undated: list[str] = []
    for written in _written_exams(plan):
        paper = calendar.get((candidate.session_id, written.code)) or calendar.get(
            (candidate.session_id, written.code[:2])
        )
        if paper is None:
            undated.append(written.label)
            continue
        extra = extra_minutes(duration=written.duration, arranged=candidate.extra_time)
        exams.append(
            ConvocationExam(
                code=written.code,
                label=written.label,
                date=paper.date,
                start=minutes_of(paper.start),
                end=minutes_of(paper.end) + extra,
                written=True,
                centre=centre.name,
                room="",
                duration=written.duration,
                extra=extra,
                loge=paper.loge_minutes,
                bring=cited(to_bring(written.code, written=True)),
            )
        )
    exams.sort(key=lambda e: (e.date, e.start, e.code))
    year = candidate.session.year
    return ConvocationData(
        academy=academy,
        session=year,
        texts=texts_of(year),
        number=candidate.number,
        last_name=candidate.last_name,
        first_name=candidate.first_name,
        birth_date=candidate.birth_date,
        centre=centre.name,
        centre_address=", ".join(p for p in (centre.address, centre.city) if p),
        exams=tuple(exams),
        always=tuple(item.text for item in always),
        citations=tuple(dict.fromkeys(citations)),
        extra_time=candidate.extra_time,
        extra_time_citation=extra_time_citation().render_fr() if candidate.extra_time else "",
        undated=tuple(undated),
    )


def convocations_issue(
    *,
    candidate_ids: Sequence[int],
    schedule_ids: Sequence[int],
    actor: Any,
    reason: str = "",
    today: dt.date | None = None,
) -> list[tuple[Candidate, IssuedDocument]]:
    """Issue the convocation of those of these candidates who sit something in these
    schedules (the others are left out): the same data gives back the same document, a
    changed one a new version that replaces it (``reason`` printed on it)."""
    issued: list[tuple[Candidate, IssuedDocument]] = []
    ids = sorted(set(candidate_ids))
    for start in range(0, len(ids), CHUNK):
        candidates = candidates_read(ids[start : start + CHUNK])
        found = candidate_convocations(candidates, schedule_ids=schedule_ids)
        due = [c for c in candidates if c.pk in found]
        documents = documents_issue(
            kind=CONVOCATION,
            issues=[Issue.of_candidate(c, found[c.pk]) for c in due],
            actor=actor,
            reason=reason,
            today=today,
        )
        issued += list(zip(due, documents, strict=True))
    return issued


def convocations_issuer(candidate_ids: Sequence[int], actor: Any) -> list[IssuedDocument]:
    """The convocations' issuer (``issuer_register``): each candidate's from the applied
    schedules of his or her session and académie."""
    pairs = set(
        Candidate.objects.filter(among("pk", candidate_ids)).values_list("session_id", "academy_id")
    )
    issued: list[IssuedDocument] = []
    for session_id, academy_id in sorted(pairs):
        schedules = applied_schedules(session_id=session_id, academy_id=academy_id)
        if not schedules:
            continue
        chosen = Candidate.objects.filter(
            among("pk", candidate_ids), session_id=session_id, academy_id=academy_id
        ).values_list("pk", flat=True)
        issued += [
            document
            for _candidate, document in convocations_issue(
                candidate_ids=list(chosen), schedule_ids=schedules, actor=actor
            )
        ]
    return issued
