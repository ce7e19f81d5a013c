"""Reading the documents issued: every version of a subject's document, the current ones (the
highest version of each), their bytes only when downloaded."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from ndrc.web.documents.models import IssuedDocument, MailRecord


def documents_listed(documents: QuerySet[IssuedDocument]) -> QuerySet[IssuedDocument]:
    """These documents without their bytes, newest first, each marked ``is_current`` (no
    later version of the same document)."""
    later = IssuedDocument.objects.filter(
        kind=OuterRef("kind"), subject=OuterRef("subject"), version__gt=OuterRef("version")
    )
    return (
        documents.defer("content")
        .annotate(replaced=Exists(later))
        .order_by("-issued_at", "kind", "-version")
    )


def current_documents(documents: QuerySet[IssuedDocument]) -> QuerySet[IssuedDocument]:
    """The current version of each of these documents (the ones replaced left out)."""
    later = IssuedDocument.objects.filter(
        kind=OuterRef("kind"), subject=OuterRef("subject"), version__gt=OuterRef("version")
    )
    return documents.exclude(Exists(later))


def documents_of_candidate(candidate_id: int) -> QuerySet[IssuedDocument]:
    """Every document issued about a candidate, every version, newest first."""
    return documents_listed(IssuedDocument.objects.filter(candidate_id=candidate_id))


def document_with_content(pk: int) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(pk=pk).first()


def mails_without_address(academy_ids: list[int] | None = None) -> QuerySet[MailRecord]:
    """The e-mails that could not be sent for want of an address (or that failed), newest
    first: the exam office reaches these people otherwise."""
    mails = MailRecord.objects.exclude(state=MailRecord.SENT)
    if academy_ids is not None:
        mails = mails.filter(academy_id__in=academy_ids)
    return mails.select_related("candidate", "document").order_by("-at")
