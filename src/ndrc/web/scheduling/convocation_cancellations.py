"""The cancellation of a convocation: when the convocations are sent after a re-planning, a
candidate or an examiner of the session who had been sent a convocation and now has no
sitting at all in the applied schedules receives, once, the next version of his or her
convocation saying it is cancelled (``ConvocationCancellation``, in « Mes documents ») and an
e-mail « Annulation de convocation » with it attached; each recorded as a sending with no line
(``ConvocationSent``: that is how a cancellation is told from a convocation) and journaled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone

from ndrc.web.accounts.models import User
from ndrc.web.audit.services import AuditLine, audit_bulk
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.documents.convocation_cancel import ConvocationCancellation
from ndrc.web.documents.kinds import DocumentKind, examiner_subject
from ndrc.web.documents.mail import Notice, mail_text, notices_send
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.documents.services import Issue, documents_issue
from ndrc.web.lookups import among
from ndrc.web.scheduling.convocation_candidates import CONVOCATION
from ndrc.web.scheduling.convocation_common import TOPIC, texts_of
from ndrc.web.scheduling.convocation_examiners import EXAMINER_CONVOCATION
from ndrc.web.scheduling.models import ConvocationSent, Examiner
from ndrc.web.sessions.models import Academy, ExamSession

CANCEL_REASON = "convocation annulée, plus aucune épreuve au planning des épreuves"


@dataclass(frozen=True)
class _Dropped:
    """A person to tell: his or her last sending (the convocation cancelled) and the issue of
    the cancellation."""

    previous: ConvocationSent
    issue: Issue
    name: str
    address: str
    recipient_id: int | None


def _to_cancel(
    field: str, *, session_id: int, academy_id: int, convened: Sequence[int]
) -> list[ConvocationSent]:
    """The latest sending of each person of the session in the académie (``field``:
    ``candidate_id`` or ``examiner_id``) not convened any more whose convocation was not
    cancelled yet (a cancellation is sent once, whatever became of its e-mail)."""
    person = field.removesuffix("_id")
    last = (
        ConvocationSent.objects.filter(
            **{f"{person}__session_id": session_id, f"{person}__academy_id": academy_id}
        )
        .exclude(among(field, convened))
        .order_by()
        .values(field)
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    return [
        sent
        for sent in ConvocationSent.objects.filter(pk__in=list(last))
        .select_related("document")
        .order_by("pk")
        if sent.lines
    ]


def _cancellation(previous: ConvocationSent, *, person: str, academy: str, year: int) -> Any:
    document = previous.document
    return ConvocationCancellation(
        academy=academy,
        session=year,
        texts=texts_of(year),
        person=person,
        cancelled=document.reference,
        cancelled_on=timezone.localdate(document.issued_at),
        lines=tuple(previous.lines),
    )


def _candidates(sendings: list[ConvocationSent], academy: str) -> list[_Dropped]:
    people = {c.pk: c for c in candidates_read([s.candidate_id or 0 for s in sendings])}
    accounts = User.objects.in_bulk({c.user_id for c in people.values() if c.user_id})
    dropped = []
    for sent in sendings:
        candidate = people[sent.candidate_id or 0]
        person = f"{candidate.last_name.upper()} {candidate.first_name}, n° {candidate.number}"
        data = _cancellation(sent, person=person, academy=academy, year=candidate.session.year)
        account = accounts.get(candidate.user_id or 0)
        dropped.append(
            _Dropped(
                previous=sent,
                issue=Issue.of_candidate(candidate, data),
                name=f"{candidate.first_name} {candidate.last_name}",
                address="" if account is None else account.email,
                recipient_id=None if account is None else account.pk,
            )
        )
    return dropped


def _examiners(sendings: list[ConvocationSent], academy: str, year: int) -> list[_Dropped]:
    people = Examiner.objects.in_bulk([s.examiner_id or 0 for s in sendings])
    accounts = User.objects.in_bulk({e.user_id for e in people.values() if e.user_id})
    dropped = []
    for sent in sendings:
        examiner = people[sent.examiner_id or 0]
        person = f"{examiner.last_name.upper()} {examiner.first_name}"
        data = _cancellation(sent, person=person, academy=academy, year=year)
        account = accounts.get(examiner.user_id or 0)
        dropped.append(
            _Dropped(
                previous=sent,
                issue=Issue(
                    subject=examiner_subject(examiner.pk),
                    subject_ref=f"EX{examiner.pk}",
                    data=data,
                    session_id=examiner.session_id,
                    session_year=year,
                    academy_id=examiner.academy_id,
                ),
                name=f"{examiner.first_name} {examiner.last_name}",
                address=examiner.email or ("" if account is None else account.email),
                recipient_id=None if account is None else account.pk,
            )
        )
    return dropped


def _notice(item: _Dropped, document: IssuedDocument, year: int) -> Notice:
    data = item.issue.data
    return Notice(
        address=item.address,
        subject=f"BTS NDRC session {year} : annulation de convocation",
        body=mail_text(
            f"Bonjour {item.name},",
            "",
            f"Votre convocation réf. {data.cancelled} est annulée : le planning des épreuves a "
            "été modifié et vous n'y êtes plus convoqué(e). Ce qui est annulé :",
            *(f"– {line}" for line in data.lines),
            "",
            f"Le document ci-joint, réf. {document.reference}, le confirme. Il est aussi dans "
            "votre espace, page « Mes documents ».",
        ),
        topic=TOPIC,
        session_id=item.issue.session_id,
        academy_id=item.issue.academy_id,
        candidate_id=item.issue.candidate_id,
        recipient_id=item.recipient_id,
        document=document,
        attach=True,
    )


def _cancel(kind: DocumentKind, dropped: list[_Dropped], *, year: int, actor: Any) -> int:
    """Issue the cancellations, e-mail them, record each sending and journal it."""
    if not dropped:
        return 0
    documents = documents_issue(
        kind=kind, issues=[d.issue for d in dropped], actor=actor, reason=CANCEL_REASON
    )
    records = notices_send(
        [_notice(d, document, year) for d, document in zip(dropped, documents, strict=True)]
    )
    now = timezone.now()
    ConvocationSent.objects.bulk_create(
        [
            ConvocationSent(
                candidate_id=d.previous.candidate_id,
                examiner_id=d.previous.examiner_id,
                document=document,
                lines=[],
                state=record.state,
                at=now,
            )
            for d, document, record in zip(dropped, documents, records, strict=True)
        ]
    )
    audit_bulk(
        actor=actor,
        action="convocations_cancel",
        lines=[
            AuditLine(
                obj=document,
                before={"reference": d.issue.data.cancelled},
                after={"reference": document.reference, "envoi": record.state},
                candidate_id=d.previous.candidate_id,
                object_repr=f"Annulation de convocation {document.reference}",
            )
            for d, document, record in zip(dropped, documents, records, strict=True)
        ],
        revise=False,
    )
    return len(dropped)


def cancellations_send(
    *,
    session_id: int,
    academy_id: int,
    candidates: Sequence[int],
    examiners: Sequence[int],
    actor: Any,
) -> int:
    """Tell every person of the session in the académie sent a convocation and convened no
    more (``candidates``, ``examiners``: those convened now) that it is cancelled, once; the
    number of cancellations."""
    session = ExamSession.objects.get(pk=session_id)
    academy = Academy.objects.get(pk=academy_id).name
    gone = _to_cancel(
        "candidate_id", session_id=session_id, academy_id=academy_id, convened=candidates
    )
    count = _cancel(CONVOCATION, _candidates(gone, academy), year=session.year, actor=actor)
    gone = _to_cancel(
        "examiner_id", session_id=session_id, academy_id=academy_id, convened=examiners
    )
    return count + _cancel(
        EXAMINER_CONVOCATION,
        _examiners(gone, academy, session.year),
        year=session.year,
        actor=actor,
    )
