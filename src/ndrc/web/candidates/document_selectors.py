"""Which documents issued a user may read: the one rule, used by the pages of documents, the
download and the API. The exam office reads every document of its académie (its candidates'
and those about no candidate, such as a jury's PV), a training centre its candidates'
documents of a kind meant for centres, a candidate his or her own documents of a kind meant for
candidates (``documents.kinds``: ``to_centre``, ``to_candidate``), an examiner the documents
addressed to him or her (``to_examiner``: the subject names one of the examiner's profiles, by
the relation name ``examiner_profiles`` of the scheduling app); nobody else any."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery

from ndrc.web.accounts.roles import Role
from ndrc.web.documents.kinds import KINDS, examiner_subject
from ndrc.web.documents.models import IssuedDocument, MailRecord
from ndrc.web.documents.selectors import documents_listed


def kinds_to_candidate() -> list[str]:
    return [slug for slug, kind in KINDS.items() if kind.to_candidate]


def kinds_to_centre() -> list[str]:
    return [slug for slug, kind in KINDS.items() if kind.to_centre]


def kinds_to_examiner() -> list[str]:
    return [slug for slug, kind in KINDS.items() if kind.to_examiner]


def documents_visible_to(*, user: Any) -> QuerySet[IssuedDocument]:
    """The documents this user may read, every session and every version (the earlier
    versions are kept and stay readable); none for a role not named here."""
    documents = IssuedDocument.objects.all()
    if not getattr(user, "is_authenticated", False):
        return documents.none()
    if getattr(user, "is_superuser", False):
        return documents
    role = getattr(user, "role", "")
    if role == Role.EXAM_OFFICE and user.academy_id:
        # A candidate's document belongs to the candidate's académie; one about no candidate
        # (a jury's PV, a list of admitted) to the académie it was issued for.
        return documents.filter(
            Q(candidate__academy_id=user.academy_id)
            | Q(candidate__isnull=True, academy_id=user.academy_id)
        )
    if role == Role.TRAINING_CENTRE and user.establishment_id:
        return documents.filter(
            candidate__establishment_id=user.establishment_id, kind__in=kinds_to_centre()
        )
    if role == Role.CANDIDATE:
        return documents.filter(candidate__user=user, kind__in=kinds_to_candidate())
    if role == Role.EXAMINER and hasattr(user, "examiner_profiles"):
        profiles = user.examiner_profiles.values_list("pk", flat=True)
        return documents.filter(
            candidate__isnull=True,
            kind__in=kinds_to_examiner(),
            subject__in=[examiner_subject(pk) for pk in profiles],
        )
    return documents.none()


def documents_shown(documents: QuerySet[IssuedDocument]) -> QuerySet[IssuedDocument]:
    """These documents for a list (``documents_listed``: no bytes, newest first, ``replaced``),
    each replaced one with the reference and the date of the version that replaced it
    (``replaced_by``, ``replaced_at``), with its candidate, session and author: a fixed number
    of queries whatever the number of documents."""
    next_version = IssuedDocument.objects.filter(
        kind=OuterRef("kind"), subject=OuterRef("subject"), version__gt=OuterRef("version")
    ).order_by("version")
    return (
        documents_listed(documents)
        .annotate(
            replaced_by=Subquery(next_version.values("reference")[:1]),
            replaced_at=Subquery(next_version.values("issued_at")[:1]),
        )
        .select_related("candidate", "session", "issued_by")
    )


def documents_found(
    documents: QuerySet[IssuedDocument],
    *,
    kind: str = "",
    session_year: int | None = None,
    state: str = "",
    search: str = "",
) -> QuerySet[IssuedDocument]:
    """These documents of one kind (its slug), of one session (its year), current
    (``state="current"``) or replaced (``"replaced"``) only, about a candidate whose number or
    name starts with ``search`` (or whose reference does)."""
    if kind:
        documents = documents.filter(kind=kind)
    if session_year is not None:
        documents = documents.filter(session__year=session_year)
    if state in ("current", "replaced"):
        later = IssuedDocument.objects.filter(
            kind=OuterRef("kind"), subject=OuterRef("subject"), version__gt=OuterRef("version")
        )
        documents = (
            documents.exclude(Exists(later))
            if state == "current"
            else documents.filter(Exists(later))
        )
    if search:
        documents = documents.filter(
            Q(candidate__number__istartswith=search)
            | Q(candidate__last_name__istartswith=search)
            | Q(candidate__first_name__istartswith=search)
            | Q(reference__istartswith=search)
        )
    return documents


def document_visible_to(*, user: Any, pk: int) -> IssuedDocument | None:
    """One document with its bytes, if this user may read it (None otherwise: the caller
    answers 404, whether it exists or not)."""
    if not 0 < pk < 2**63:  # beyond the database's integers: no such document
        return None
    return documents_visible_to(user=user).select_related("candidate").filter(pk=pk).first()


def mails_visible_to(*, user: Any) -> QuerySet[MailRecord]:
    """The e-mails of the exam office's académie (every one for a superuser; none for
    another role), newest first."""
    mails = MailRecord.objects.all()
    if getattr(user, "is_superuser", False):
        pass
    elif getattr(user, "role", "") == Role.EXAM_OFFICE and user.academy_id:
        mails = mails.filter(
            Q(academy_id=user.academy_id)
            | Q(academy__isnull=True, candidate__academy_id=user.academy_id)
        )
    else:
        mails = mails.none()
    return mails.order_by("-at", "-pk")


def candidates_not_told(mails: QuerySet[MailRecord]) -> QuerySet[Any]:
    """The candidates some of these e-mails could not reach (no address, or the sending
    failed), one row each: ``candidate`` (its key), ``without_address`` and ``failed`` (how
    many e-mails), ``last`` (the latest one's date); the latest first."""
    return (
        mails.exclude(state=MailRecord.SENT)
        .filter(candidate__isnull=False)
        .order_by()
        .values("candidate")
        .annotate(
            without_address=Count("pk", filter=Q(state=MailRecord.NO_ADDRESS)),
            failed=Count("pk", filter=Q(state=MailRecord.FAILED)),
            last=Max("at"),
        )
        .order_by("-last", "candidate")
    )
