"""Each person's documents: « Mes documents » for a candidate, the list of documents for the
exam office and the training centres, a candidate's documents from the staff side, the
download of one document, and the exam office's page of the e-mails sent (with the candidates
who could not be told). Who reads which document is ``document_selectors.documents_visible_to``,
the one rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, Role, has_permission
from ndrc.web.audit.services import access_record
from ndrc.web.candidates import document_selectors as selectors
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import candidates_visible_to
from ndrc.web.documents.downloads import attachment, document_export
from ndrc.web.documents.kinds import KINDS
from ndrc.web.documents.models import IssuedDocument, MailRecord
from ndrc.web.pagination import paginate
from ndrc.web.sessions.models import ExamSession

SEARCH_LENGTH = 64


def _labelled(documents: Iterable[IssuedDocument]) -> list[IssuedDocument]:
    """The documents, each with the name of its kind (``kind_label``; its slug for a kind no
    longer declared)."""
    rows = list(documents)
    for document in rows:
        kind = KINDS.get(document.kind)
        document.kind_label = kind.label if kind else document.kind  # type: ignore[attr-defined]
    return rows


def _year(raw: str) -> int | None:
    text = raw.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None


def _is_candidate(user: Any) -> bool:
    """A candidate, or an examiner: a person who reads only his or her own documents."""
    own = (Role.CANDIDATE, Role.EXAMINER)
    return getattr(user, "role", "") in own and not user.is_superuser


@requires(Permission.VIEW_DOCUMENTS)
def documents(request: HttpRequest) -> HttpResponse:
    """A candidate's own documents (« Mes documents »); for the exam office and a training
    centre, the documents they may read, one page at a time, by kind (``?document=``), session
    (``?session=``, its year), current or replaced (``?etat=``) and candidate (``?q=``: the
    start of the number, the name or the reference)."""
    visible = selectors.documents_visible_to(user=request.user)
    if _is_candidate(request.user):
        rows = _labelled(selectors.documents_shown(visible))
        return render(
            request,
            "candidates/documents_mine.html",
            {
                "title": _("Mes documents"),
                "current": [d for d in rows if not d.replaced],
                "replaced": [d for d in rows if d.replaced],
            },
        )
    office = has_permission(request.user, Permission.ISSUE_DOCUMENTS)
    kinds = sorted((k for k in KINDS.values() if office or k.to_centre), key=lambda k: k.label)
    kind = request.GET.get("document", "")
    kind = kind if kind in {k.slug for k in kinds} else ""
    year = _year(request.GET.get("session", ""))
    state = request.GET.get("etat", "")
    state = state if state in ("current", "replaced") else ""
    search = request.GET.get("q", "").strip()[:SEARCH_LENGTH]
    found = selectors.documents_found(
        visible, kind=kind, session_year=year, state=state, search=search
    )
    pagination = paginate(request, selectors.documents_shown(found))
    pagination.page.object_list = _labelled(pagination.rows)
    return render(
        request,
        "candidates/documents.html",
        {
            "title": _("Documents"),
            "pagination": pagination,
            "kinds": kinds,
            "sessions": ExamSession.objects.order_by("-year"),
            "chosen_kind": kind,
            "chosen_year": year,
            "chosen_state": state,
            "search": search,
            "filtered": bool(kind or year or state or search),
        },
    )


def _candidate_of_any_session(user: Any, pk: int) -> Candidate:
    """A candidate of any session whom the user sees (``candidates_visible_to`` for the
    candidate's session), 404 otherwise."""
    session_id = None
    if 0 < pk < 2**63:  # beyond the database's integers: no such candidate
        session_id = Candidate.objects.filter(pk=pk).values_list("session", flat=True).first()
    if session_id is None:
        raise Http404(_("Aucun candidat de ce numéro."))
    found = candidates_visible_to(user=user, session=ExamSession(pk=session_id)).filter(pk=pk)
    candidate = found.first()
    if candidate is None:
        raise Http404(_("Aucun candidat de ce numéro."))
    return candidate


@requires(Permission.VIEW_DOCUMENTS)
def candidate_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The documents of one candidate that the user may read: every version, newest first,
    who issued each and why a version replaced the one before. The candidate may be of an
    earlier session (the documents list links to every candidate's documents)."""
    candidate = _candidate_of_any_session(request.user, pk)
    access_record(user=request.user, candidate=candidate, page="documents")
    listed = selectors.documents_visible_to(user=request.user).filter(candidate=candidate)
    pagination = paginate(request, selectors.documents_shown(listed))
    pagination.page.object_list = _labelled(pagination.rows)
    return render(
        request,
        "candidates/documents_candidate.html",
        {"title": _("Documents du candidat"), "candidate": candidate, "pagination": pagination},
    )


@requires(Permission.VIEW_DOCUMENTS)
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file of a document as it was issued (its recorded bytes), to a user who may read
    it; 404 to anyone else, whether it exists or not. A member of staff downloading a
    candidate's document is recorded among the reads of the candidate's file."""
    document = selectors.document_visible_to(user=request.user, pk=pk)
    if document is None:
        raise Http404(_("Aucun document de ce numéro ne vous est destiné."))
    if document.candidate is not None:
        access_record(user=request.user, candidate=document.candidate, page="document")
    return attachment(document_export(document))


@requires(Permission.ISSUE_DOCUMENTS)
def mail_list(request: HttpRequest) -> HttpResponse:
    """The e-mails of the académie, newest first, one page at a time (``?etat=``: sent,
    failed, without address); above them, the candidates some e-mail could not reach, with a
    link to their file (their own pages in ``?sans=``)."""
    mails = selectors.mails_visible_to(user=request.user)
    states = dict(MailRecord.STATES)
    state = request.GET.get("etat", "")
    state = state if state in states else ""
    untold = paginate(request, selectors.candidates_not_told(mails), param="sans")
    people = Candidate.objects.select_related("user").in_bulk(
        [row["candidate"] for row in untold.rows]
    )
    untold.page.object_list = [
        {**row, "person": people[row["candidate"]]}
        for row in untold.rows
        if row["candidate"] in people
    ]
    shown = mails.filter(state=state) if state else mails
    listed = paginate(
        request, shown.select_related("candidate", "document").defer("document__content")
    )
    return render(
        request,
        "candidates/mails.html",
        {
            "title": _("Courriels"),
            "untold": untold,
            "pagination": listed,
            "states": MailRecord.STATES,
            "chosen_state": state,
        },
    )
