"""Sending the convocations by e-mail, as a job (« Envoyer les convocations »): the PDF
attached, each message recorded (``MailRecord``) and each sending kept with the lines of the
schedule it gave (``ConvocationSent``), so that a convocation already sent and unchanged is
not sent again and a changed one comes with a notice saying what changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ndrc.web.accounts.models import User
from ndrc.web.audit.services import AuditLine, audit_bulk
from ndrc.web.documents.mail import Notice, mail_text, notices_send
from ndrc.web.documents.models import IssuedDocument, MailRecord
from ndrc.web.jobs.services import job_run
from ndrc.web.jobs.work import JobError
from ndrc.web.scheduling.convocation_cancellations import cancellations_send
from ndrc.web.scheduling.convocation_candidates import convocations_issue
from ndrc.web.scheduling.convocation_common import (
    CHUNK,
    JOB_KIND,
    TOPIC,
    applied_schedules,
    candidate_lines,
    convened_candidates,
    convened_examiners,
    latest_sent,
)
from ndrc.web.scheduling.convocation_examiners import (
    examiner_convocations,
    examiner_convocations_issue,
    examiner_lines,
)
from ndrc.web.scheduling.models import ConvocationSent
from ndrc.web.sessions.models import Academy, ExamSession

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
    latest = latest_sent("candidate_id", (c.pk for c, _ in issued))
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
    latest = latest_sent("examiner_id", (e.pk for e, _ in issued))
    return len(issued), _send(dues, latest, key="examiner_id", actor=actor)


def convocations_send_work(*, params: dict[str, Any], actor: Any, progress: Any) -> dict[str, Any]:
    """The job « Envoyer les convocations »: every candidate's and examiner's convocation of
    the applied schedules of a session in an académie, issued and e-mailed chunk by chunk;
    then the cancellation of those sent one before and convened no more."""
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
    cancelled = cancellations_send(
        session_id=session_id,
        academy_id=academy_id,
        candidates=candidates,
        examiners=examiners,
        actor=actor,
    )
    message = (
        f"{documents} convocation(s) délivrée(s) à {len(candidates)} candidat(s) et "
        f"{len(examiners)} examinateur(s) ; {sent} courriel(s) envoyé(s)."
    )
    if cancelled:
        message += f" {cancelled} convocation(s) annulée(s) : les personnes concernées averties."
    return {
        "message": message,
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
