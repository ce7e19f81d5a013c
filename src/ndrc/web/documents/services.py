"""Issuing documents: each is rendered from its data, recorded with its bytes and the
fingerprints of its data and rules, and journaled. The same data issued again gives back the
document already issued, identical; changed data gives a new version that replaces it (the
earlier one kept, the new one saying which it replaces and why)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ndrc.rules.fingerprint import rules_fingerprint
from ndrc.web.audit.services import AuditLine, audit_bulk
from ndrc.web.documents.kinds import DocumentKind, IssueInfo, pdf_pages
from ndrc.web.documents.models import IssuedDocument


@dataclass(frozen=True)
class Issue:
    """One document to issue: what it is about (``subject``, unique for its kind, such as
    ``candidate:42``; ``subject_ref`` is what its reference shows, such as the candidate's
    number), the renderer's ``data``, and where it belongs."""

    subject: str
    subject_ref: str
    data: Any
    session_id: int
    session_year: int
    academy_id: int | None = None
    candidate_id: int | None = None
    jury_id: int | None = None

    @classmethod
    def of_candidate(cls, candidate: Any, data: Any) -> Issue:
        """The issue of a document about one candidate (a ``candidates.Candidate`` row)."""
        return cls(
            subject=f"candidate:{candidate.pk}",
            subject_ref=candidate.number,
            data=data,
            session_id=candidate.session_id,
            session_year=candidate.session.year,
            academy_id=candidate.academy_id,
            candidate_id=candidate.pk,
        )


def data_fingerprint(data: Any) -> str:
    """The SHA-256 of the data rendered (a dataclass or plain JSON values), canonical."""
    plain = asdict(data) if is_dataclass(data) and not isinstance(data, type) else data
    text = json.dumps(plain, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def reference_of(kind: DocumentKind, issue: Issue, version: int) -> str:
    return f"{kind.code}-{issue.session_year}-{issue.subject_ref}-{version}"


def documents_issue(
    *,
    kind: DocumentKind,
    issues: Sequence[Issue],
    actor: Any,
    reason: str = "",
    today: dt.date | None = None,
) -> list[IssuedDocument]:
    """Issue these documents (in one transaction, one journal entry each) and return them in
    the order of ``issues``: a document whose data and rules are those of its current
    version is that version, unchanged; otherwise a new version is rendered and recorded,
    replacing the current one (``reason`` says why, printed on it)."""
    if not issues:
        return []
    for _attempt in range(3):
        try:
            return _issue(kind=kind, issues=issues, actor=actor, reason=reason, today=today)
        except IntegrityError:  # the same document issued at the same time: read it again
            continue
    return _issue(kind=kind, issues=issues, actor=actor, reason=reason, today=today)


def document_issue(
    *, kind: DocumentKind, issue: Issue, actor: Any, reason: str = ""
) -> IssuedDocument:
    """Issue one document (``documents_issue``)."""
    return documents_issue(kind=kind, issues=[issue], actor=actor, reason=reason)[0]


def _current(kind: DocumentKind, subjects: list[str]) -> dict[str, IssuedDocument]:
    """The current version of each subject's document, without its bytes (one query: a
    subject has few versions)."""
    current: dict[str, IssuedDocument] = {}
    for document in (
        IssuedDocument.objects.filter(kind=kind.slug, subject__in=subjects)
        .defer("content")
        .order_by("version")
    ):
        current[document.subject] = document
    return current


def _issue(
    *,
    kind: DocumentKind,
    issues: Sequence[Issue],
    actor: Any,
    reason: str,
    today: dt.date | None,
) -> list[IssuedDocument]:
    now = timezone.now()
    issued_on = today or timezone.localdate()
    rules = rules_fingerprint()
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        current = _current(kind, [i.subject for i in issues])
        result: list[IssuedDocument] = []
        new: list[IssuedDocument] = []
        for issue in issues:
            fingerprint = data_fingerprint(issue.data)
            previous = current.get(issue.subject)
            if (
                previous is not None
                and previous.data_fingerprint == fingerprint
                and previous.rules_fingerprint == rules
            ):
                result.append(previous)
                continue
            version = 1 if previous is None else previous.version + 1
            why = ""
            if previous is not None:
                why = reason or "données du dossier modifiées depuis sa délivrance"
            info = IssueInfo(
                reference=reference_of(kind, issue, version),
                version=version,
                issued_on=issued_on,
                replaces="" if previous is None else previous.reference,
                replaces_on=None if previous is None else timezone.localdate(previous.issued_at),
                reason=why,
            )
            export = kind.render(issue.data, info)
            document = IssuedDocument(
                kind=kind.slug,
                subject=issue.subject,
                version=version,
                reference=info.reference,
                session_id=issue.session_id,
                academy_id=issue.academy_id,
                candidate_id=issue.candidate_id,
                jury_id=issue.jury_id,
                filename=export.filename,
                mimetype=export.mimetype,
                content=export.data,
                size=len(export.data),
                sha256=hashlib.sha256(export.data).hexdigest(),
                pages=pdf_pages(export.data),
                data_fingerprint=fingerprint,
                rules_fingerprint=rules,
                reason=why,
                issued_by=user,
                issued_at=now,
            )
            new.append(document)
            result.append(document)
        IssuedDocument.objects.bulk_create(new, batch_size=500)
        audit_bulk(
            actor=actor,
            action="document_issue" if len(new) == 1 else "documents_issue",
            lines=[
                AuditLine(
                    obj=d,
                    after={"document": kind.label, "reference": d.reference, "sha256": d.sha256},
                    candidate_id=d.candidate_id,
                    object_repr=f"{kind.label} {d.reference}",
                )
                for d in new
            ],
            reason=reason,
            revise=False,
        )
    return result
