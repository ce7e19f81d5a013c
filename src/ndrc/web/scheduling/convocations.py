"""The convocations of the exam days: the data of each candidate's and each examiner's
convocation, built set-based from the applied schedules (their commissions and sittings), the
written calendar, the candidates and the centres; their issuing (``documents_issue``: the same
data gives back the same document, changed data a new version « annule et remplace »); and
their sending by e-mail, as a job (« Envoyer les convocations »), the PDF attached, each
message recorded (``MailRecord``) and each sending kept with the lines of the schedule it gave
(``ConvocationSent``), so that a convocation already sent and unchanged is not sent again and
a changed one comes with a notice saying what changed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from ndrc.rules.errors import RegulationError
from ndrc.rules.exam_days import (
    extra_time,
    extra_time_citation,
    resit_exams_by_code,
    scheduled_exams,
    to_bring,
    to_bring_always,
)
from ndrc.rules.exam_plan import ExamPlan, ExamStatus
from ndrc.rules.regulation import Form, Modality
from ndrc.rules.texts_applied import texts_applied
from ndrc.web.accounts.models import User
from ndrc.web.audit.services import AuditLine, audit_bulk
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import candidate_file
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.documents.convocation import (
    CONVOCATION,
    ConvocationData,
    ConvocationExam,
    date_text,
    time_text,
)
from ndrc.web.documents.examiner_convocation import (
    EXAMINER_CONVOCATION,
    ExaminerCandidate,
    ExaminerConvocationData,
    ExaminerHalfDay,
)
from ndrc.web.documents.kinds import examiner_subject
from ndrc.web.documents.mail import Notice, mail_text, notices_send
from ndrc.web.documents.models import IssuedDocument, MailRecord
from ndrc.web.documents.services import Issue, documents_issue
from ndrc.web.jobs.services import job_run
from ndrc.web.jobs.work import JobError
from ndrc.web.lookups import among
from ndrc.web.scheduling.models import (
    HALVES,
    CentreAssignment,
    Commission,
    ConvocationSent,
    Examiner,
    Schedule,
    Sitting,
    WrittenSitting,
)
from ndrc.web.sessions.models import Academy, Establishment, ExamCentre, ExamSession

CHUNK = 500  # people built, issued and e-mailed together (bounded memory and queries)
TOPIC = "convocation"
JOB_KIND = "convocations_send"


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _texts(year: int) -> tuple[str, ...]:
    try:
        return texts_applied(year)
    except RegulationError:  # a session under no regulation
        return ()


def applied_schedules(*, session_id: int, academy_id: int) -> list[int]:
    """The keys of the applied schedules of a session in an académie (the orals and
    practicals, and the resit orals once scheduled)."""
    return list(
        Schedule.objects.filter(
            session_id=session_id, academy_id=academy_id, status=Schedule.APPLIED
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def convened_candidates(schedule_ids: Sequence[int]) -> list[int]:
    """The candidates who sit something in these schedules, by key."""
    return sorted(
        set(
            Sitting.objects.filter(commission__schedule_id__in=schedule_ids).values_list(
                "candidate_id", flat=True
            )
        )
    )


def convened_examiners(schedule_ids: Sequence[int]) -> list[int]:
    """The examiners who sit in a commission of these schedules, by key."""
    return sorted(
        set(
            Commission.members.through.objects.filter(
                commission__schedule_id__in=schedule_ids
            ).values_list("examiner_id", flat=True)
        )
    )


# ---------------------------------------------------------------------------------------------
# The lines of the schedule a convocation gives (to tell what changed)
# ---------------------------------------------------------------------------------------------


def _sitting_line(sitting: Sitting) -> str:
    commission = sitting.commission
    loge = ""
    if sitting.loge_start < sitting.start:
        loge = f" (loge à {time_text(sitting.loge_start)})"
    return (
        f"{sitting.exam} : {date_text(commission.date)}, {time_text(sitting.start)} – "
        f"{time_text(sitting.end)}, {commission.centre.name}, {commission.room.name}{loge}"
    )


def _sittings(candidate_ids: Iterable[int], schedule_ids: Sequence[int]) -> list[Sitting]:
    return list(
        Sitting.objects.filter(
            among("candidate_id", candidate_ids), commission__schedule_id__in=schedule_ids
        )
        .select_related("commission__centre", "commission__room")
        .order_by("commission__date", "start", "exam", "pk")
    )


def candidate_lines(
    candidate_ids: Iterable[int], schedule_ids: Sequence[int]
) -> dict[int, list[str]]:
    """The lines of each candidate's sittings in these schedules (one query)."""
    lines: dict[int, list[str]] = defaultdict(list)
    for sitting in _sittings(candidate_ids, schedule_ids):
        lines[sitting.candidate_id].append(_sitting_line(sitting))
    return lines


# ---------------------------------------------------------------------------------------------
# The candidates' convocations
# ---------------------------------------------------------------------------------------------


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
    for sitting in _sittings((c.pk for c in listed), schedule_ids):
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
    oral = {exam.code: exam for exam in scheduled_exams(plan)}
    oral.update(resit_exams_by_code(candidate.session.year))  # the épreuves de contrôle
    citations: list[str] = [item.citation.render_fr() for item in always]
    exams: list[ConvocationExam] = []

    def cited(items: Any) -> tuple[str, ...]:
        for item in items:
            citations.append(item.citation.render_fr())
        return tuple(item.text for item in items)

    for sitting in sittings:
        commission = sitting.commission
        rule = oral.get(sitting.exam)
        duration = rule.duration if rule is not None else sitting.end - sitting.start
        if rule is not None:
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
                extra=max(0, sitting.end - sitting.start - duration),
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
        extra = extra_time(written.duration) if candidate.extra_time else 0
        exams.append(
            ConvocationExam(
                code=written.code,
                label=written.label,
                date=paper.date,
                start=_minutes(paper.start),
                end=_minutes(paper.end) + extra,
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
        texts=_texts(year),
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


# ---------------------------------------------------------------------------------------------
# The examiners' convocations
# ---------------------------------------------------------------------------------------------


def _nominal_extra(total: int) -> int:
    """The extra minutes within a slot of ``total`` minutes lengthened by the extra time (the
    duration ``d`` with ``d + extra_time(d) == total``)."""
    for duration in range(total * 3 // 4 - 1, total + 1):
        if duration > 0 and duration + extra_time(duration) == total:
            return total - duration
    return 0


def examiner_convocations(
    examiners: Sequence[Examiner], *, schedule_ids: Sequence[int]
) -> dict[int, ExaminerConvocationData]:
    """The convocation of each of these examiners who sits in a commission of these
    schedules, by key (five queries: commissions, their members, the members, the sittings
    with their candidates, establishments and académies)."""
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
                            extra=_nominal_extra(s.end - s.start) if s.candidate.extra_time else 0,
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
                texts=_texts(year),
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


def examiner_lines(data: ExaminerConvocationData) -> list[str]:
    return [
        f"{h.exam} : {date_text(h.date)} ({h.half}), {h.centre}, {h.room}, "
        f"{len(h.candidates)} candidat(s)"
        for h in data.half_days
    ]


# ---------------------------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------------------------

CHANGE_REASON = "planning des épreuves modifié"


@dataclass(frozen=True)
class _Due:
    """One convocation to send: to whom, the document, the schedule's lines it gives."""

    candidate_id: int | None
    examiner_id: int | None
    name: str
    address: str
    recipient_id: int | None
    document: IssuedDocument
    lines: list[str]
    session_id: int
    academy_id: int


def _latest(field: str, ids: Iterable[int]) -> dict[int, ConvocationSent]:
    """Each person's latest sending (two queries)."""
    last = (
        ConvocationSent.objects.filter(among(field, ids))
        .order_by()
        .values(field)
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    return {
        getattr(sent, field): sent for sent in ConvocationSent.objects.filter(pk__in=list(last))
    }


def _diff(before: list[str], after: list[str]) -> list[str]:
    gone = [f"– annulé : {line}" for line in before if line not in after]
    new = [f"– désormais : {line}" for line in after if line not in before]
    return gone + new


def _notice(due: _Due, previous: ConvocationSent | None, year: int) -> Notice:
    where = {
        "topic": TOPIC,
        "session_id": due.session_id,
        "academy_id": due.academy_id,
        "candidate_id": due.candidate_id,
        "recipient_id": due.recipient_id,
        "document": due.document,
        "attach": True,
    }
    if previous is None or previous.document_id == due.document.pk:
        return Notice(
            address=due.address,
            subject=f"BTS NDRC session {year} : votre convocation",
            body=mail_text(
                f"Bonjour {due.name},",
                "",
                f"Vous trouverez ci-joint votre convocation, réf. {due.document.reference} :",
                *(f"– {line}" for line in due.lines),
                "",
                "Elle est aussi dans votre espace, page « Mes documents ».",
            ),
            **where,
        )
    changes = _diff(list(previous.lines), due.lines) or [
        "– les informations de votre convocation ont été mises à jour (horaires inchangés)."
    ]
    return Notice(
        address=due.address,
        subject=f"BTS NDRC session {year} : votre convocation a changé",
        body=mail_text(
            f"Bonjour {due.name},",
            "",
            f"Votre convocation a changé. La convocation ci-jointe, réf. "
            f"{due.document.reference}, annule et remplace celle que vous avez reçue.",
            "Ce qui change :",
            *changes,
            "",
            "Elle est aussi dans votre espace, page « Mes documents ».",
        ),
        **where,
    )


def _send(dues: list[_Due], latest: dict[int, ConvocationSent], *, key: str, actor: Any) -> int:
    """E-mail the convocations not sent yet (a person whose latest sending is this very
    document, sent, is not e-mailed again), record each sending; the number sent."""
    pending = []
    for due in dues:
        previous = latest.get(getattr(due, key) or 0)
        if (
            previous is not None
            and previous.document_id == due.document.pk
            and previous.state == MailRecord.SENT
        ):
            continue
        pending.append((due, previous))
    if not pending:
        return 0
    years = dict(ExamSession.objects.values_list("pk", "year"))
    records = notices_send([_notice(d, p, years[d.session_id]) for d, p in pending])
    now = timezone.now()
    ConvocationSent.objects.bulk_create(
        [
            ConvocationSent(
                candidate_id=due.candidate_id,
                examiner_id=due.examiner_id,
                document=due.document,
                lines=due.lines,
                state=record.state,
                at=now,
            )
            for (due, _previous), record in zip(pending, records, strict=True)
        ],
        batch_size=500,
    )
    audit_bulk(
        actor=actor,
        action="convocations_send",
        lines=[
            AuditLine(
                obj=due.document,
                after={"reference": due.document.reference, "envoi": record.state},
                candidate_id=due.candidate_id,
                object_repr=f"Convocation {due.document.reference}",
            )
            for (due, _previous), record in zip(pending, records, strict=True)
        ],
        revise=False,
    )
    return sum(1 for r in records if r.state == MailRecord.SENT)


def candidates_send(
    *, candidate_ids: Sequence[int], schedule_ids: Sequence[int], actor: Any
) -> tuple[int, int]:
    """Issue and e-mail these candidates' convocations: (documents, e-mails sent)."""
    issued = convocations_issue(
        candidate_ids=candidate_ids, schedule_ids=schedule_ids, actor=actor, reason=CHANGE_REASON
    )
    if not issued:
        return 0, 0
    accounts = User.objects.in_bulk({c.user_id for c, _ in issued if c.user_id is not None})
    lines = candidate_lines((c.pk for c, _ in issued), schedule_ids)
    dues = []
    for candidate, document in issued:
        account = accounts.get(candidate.user_id or 0)
        dues.append(
            _Due(
                candidate_id=candidate.pk,
                examiner_id=None,
                name=f"{candidate.first_name} {candidate.last_name}",
                address="" if account is None else account.email,
                recipient_id=None if account is None else account.pk,
                document=document,
                lines=lines.get(candidate.pk, []),
                session_id=candidate.session_id,
                academy_id=candidate.academy_id,
            )
        )
    latest = _latest("candidate_id", (c.pk for c, _ in issued))
    return len(issued), _send(dues, latest, key="candidate_id", actor=actor)


def examiners_send(
    *, examiner_ids: Sequence[int], schedule_ids: Sequence[int], actor: Any
) -> tuple[int, int]:
    """Issue and e-mail these examiners' convocations: (documents, e-mails sent)."""
    issued = examiner_convocations_issue(
        examiner_ids=examiner_ids, schedule_ids=schedule_ids, actor=actor, reason=CHANGE_REASON
    )
    if not issued:
        return 0, 0
    found = examiner_convocations([e for e, _ in issued], schedule_ids=schedule_ids)
    accounts = User.objects.in_bulk({e.user_id for e, _ in issued if e.user_id is not None})
    dues = []
    for examiner, document in issued:
        account = accounts.get(examiner.user_id or 0)
        address = examiner.email or ("" if account is None else account.email)
        dues.append(
            _Due(
                candidate_id=None,
                examiner_id=examiner.pk,
                name=f"{examiner.first_name} {examiner.last_name}",
                address=address,
                recipient_id=None if account is None else account.pk,
                document=document,
                lines=examiner_lines(found[examiner.pk]),
                session_id=examiner.session_id,
                academy_id=examiner.academy_id,
            )
        )
    latest = _latest("examiner_id", (e.pk for e, _ in issued))
    return len(issued), _send(dues, latest, key="examiner_id", actor=actor)


def convocations_send_work(*, params: dict[str, Any], actor: Any, progress: Any) -> dict[str, Any]:
    """The job « Envoyer les convocations »: every candidate's and examiner's convocation of
    the applied schedules of a session in an académie, issued and e-mailed chunk by chunk."""
    session_id, academy_id = int(params["session"]), int(params["academy"])
    schedules = applied_schedules(session_id=session_id, academy_id=academy_id)
    if not schedules:
        raise JobError(
            "Aucun planning des épreuves n'est appliqué pour cette session : appliquez-en un "
            "avant d'envoyer les convocations."
        )
    candidates = convened_candidates(schedules)
    examiners = convened_examiners(schedules)
    total = len(candidates) + len(examiners)
    progress(0, total, "Délivrance des convocations…")
    documents = sent = done = 0
    for start in range(0, len(candidates), CHUNK):
        chunk = candidates[start : start + CHUNK]
        issued, mailed = candidates_send(candidate_ids=chunk, schedule_ids=schedules, actor=actor)
        documents, sent, done = documents + issued, sent + mailed, done + len(chunk)
        progress(done, total, f"{done} personne(s) sur {total}.")
    for start in range(0, len(examiners), CHUNK):
        chunk = examiners[start : start + CHUNK]
        issued, mailed = examiners_send(examiner_ids=chunk, schedule_ids=schedules, actor=actor)
        documents, sent, done = documents + issued, sent + mailed, done + len(chunk)
        progress(done, total, f"{done} personne(s) sur {total}.")
    return {
        "message": f"{documents} convocation(s) délivrée(s) à {len(candidates)} candidat(s) et "
        f"{len(examiners)} examinateur(s) ; {sent} courriel(s) envoyé(s).",
        "url": reverse("convocations"),
        "link_label": "Retour aux convocations",
        "count": documents,
    }


def convocations_send_start(*, session: ExamSession, academy: Academy, actor: Any) -> Any:
    """Start the job « Envoyer les convocations »."""
    return job_run(
        kind=JOB_KIND,
        task=convocations_send_work,
        params={"session": session.pk, "academy": academy.pk},
        actor=actor,
        label=f"Convocations — session {session.year}, {academy.name}",
    )


# ---------------------------------------------------------------------------------------------
# The exam office's overview
# ---------------------------------------------------------------------------------------------


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
    latest = list(_latest("candidate_id", candidates).values())
    latest += list(_latest("examiner_id", examiners).values())
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
