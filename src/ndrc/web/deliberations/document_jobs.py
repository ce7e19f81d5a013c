"""Issuing a kind's documents for a jury, a training centre or a whole session of one
académie as a background job, and the one file it makes (``DocumentBundle``): a ZIP with one
file per document, or one merged PDF to print at once.

The job (``documents_bundle_work``) reads the candidates of the scope, has the kind's issuer
(``documents.kinds.issuer_register``) issue their documents ``CHUNK`` candidates at a time
(the same data gives back the same documents: running it again issues nothing new), writes
each chunk's documents to a file under ``var/bundles/`` as it goes, and records the bundle
when the file is complete. Memory stays bounded whatever the count: a chunk's documents at a
time, the ZIP written entry by entry, the PDF written object by object (``MergedPdfFile``).
A failure leaves no bundle and no file."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ndrc.web.audit.services import audited_create
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations.models import Jury
from ndrc.web.documents.bundle_files import MergedPdfFile, NotMergeable, ZipFile
from ndrc.web.documents.kinds import ISSUERS, KINDS, CandidateIssuer, DocumentKind
from ndrc.web.documents.mail import Notice, mail_text, notices_send
from ndrc.web.documents.models import BUNDLE_FOLDER, DocumentBundle, IssuedDocument, MailRecord
from ndrc.web.jobs.models import Job
from ndrc.web.jobs.services import job_run
from ndrc.web.jobs.work import JobError, Progress
from ndrc.web.lookups import among
from ndrc.web.scheduling.models import Examiner
from ndrc.web.sessions.models import Establishment, ExamSession

logger = logging.getLogger(__name__)

# Candidates whose documents are issued and written at a time (one issuer call each).
CHUNK = 500
FORMATS = (DocumentBundle.ZIP, DocumentBundle.PDF)
# Fixed dates in the ZIP: the same documents give the same archive, byte for byte.
BACK_LABEL = "Retour à l'édition des documents"


# --- The kinds and the scopes offered ------------------------------------------------------


def kinds_offered() -> list[DocumentKind]:
    """The kinds of document that can be issued for many candidates (those whose domain app
    registered an issuer), by name."""
    return sorted(
        (KINDS[slug] for slug in ISSUERS if slug in KINDS), key=lambda kind: kind.label.lower()
    )


@dataclass(frozen=True)
class Scope:
    """Whose documents: a jury, a training centre or the whole session, of one académie.
    ``value`` is how a form names it (« jury-12 », « establishment-3 », « session »)."""

    scope: str
    pk: int
    label: str
    session: ExamSession
    academy_id: int

    @property
    def value(self) -> str:
        return (
            DocumentBundle.SESSION
            if self.scope == DocumentBundle.SESSION
            else (f"{self.scope}-{self.pk}")
        )


def _session_scope(session: ExamSession, academy_id: int) -> Scope:
    return Scope(
        DocumentBundle.SESSION,
        session.pk,
        f"Toute la session {session.label}",
        session,
        academy_id,
    )


def _jury_scope(jury: Jury, session: ExamSession) -> Scope:
    return Scope(DocumentBundle.JURY, jury.pk, f"Jury {jury.name}", session, jury.academy_id)


def _establishment_scope(establishment: Establishment, session: ExamSession) -> Scope:
    return Scope(
        DocumentBundle.ESTABLISHMENT,
        establishment.pk,
        f"{establishment.name} ({establishment.uai})",
        session,
        establishment.academy_id,
    )


def scopes_offered(*, session: ExamSession, academy_id: int) -> dict[str, list[Scope]]:
    """The scopes an exam office may choose in its académie for a session: the whole
    session, each jury, each training centre having candidates in the session."""
    in_session = Candidate.objects.filter(session=session, academy_id=academy_id)
    establishments = Establishment.objects.filter(
        academy_id=academy_id, pk__in=in_session.values("establishment_id")
    ).order_by("name")
    juries = Jury.objects.filter(session=session, academy_id=academy_id).order_by("name")
    return {
        DocumentBundle.SESSION: [_session_scope(session, academy_id)],
        DocumentBundle.JURY: [_jury_scope(jury, session) for jury in juries],
        DocumentBundle.ESTABLISHMENT: [_establishment_scope(e, session) for e in establishments],
    }


def scope_read(*, value: str, session: ExamSession, academy_id: int) -> Scope | None:
    """The scope a form names, when it is of this académie and session (None otherwise)."""
    if value == DocumentBundle.SESSION:
        return _session_scope(session, academy_id)
    what, _sep, key = str(value).partition("-")
    if not key.isdigit() or len(key) > 18:
        return None
    if what == DocumentBundle.JURY:
        jury = Jury.objects.filter(pk=int(key), session=session, academy_id=academy_id).first()
        return None if jury is None else _jury_scope(jury, session)
    if what == DocumentBundle.ESTABLISHMENT:
        found = Establishment.objects.filter(pk=int(key), academy_id=academy_id).first()
        return None if found is None else _establishment_scope(found, session)
    return None


def scope_candidates(scope: Scope) -> QuerySet[Candidate]:
    """The scope's candidates (of its académie and session), by candidate number: the order
    of the files in the bundle."""
    candidates = Candidate.objects.filter(session=scope.session, academy_id=scope.academy_id)
    if scope.scope == DocumentBundle.JURY:
        candidates = candidates.filter(jury_assignment__jury_id=scope.pk)
    elif scope.scope == DocumentBundle.ESTABLISHMENT:
        candidates = candidates.filter(establishment_id=scope.pk)
    return candidates.order_by("number", "pk")


def scope_candidate_ids(scope: Scope) -> list[int]:
    """The keys of the scope's candidates, in the bundle's order."""
    return list(scope_candidates(scope).values_list("pk", flat=True))


def scope_people(kind: DocumentKind, scope: Scope) -> QuerySet[Any]:
    """The keys of the people of the scope a kind is addressed to, in the bundle's order: the
    examiners of the exam days (of the académie and session, of the training centre chosen;
    none for a jury, whose members are not them) for a kind ``to_examiner``, by name; the
    candidates otherwise."""
    if not kind.to_examiner:
        return scope_candidates(scope).values_list("pk", flat=True)
    if scope.scope == DocumentBundle.JURY:
        return Examiner.objects.none().values_list("pk", flat=True)
    examiners = Examiner.objects.filter(session=scope.session, academy_id=scope.academy_id)
    if scope.scope == DocumentBundle.ESTABLISHMENT:
        examiners = examiners.filter(establishment_id=scope.pk)
    return examiners.order_by("last_name", "first_name", "pk").values_list("pk", flat=True)


def people_word(kind: DocumentKind) -> str:
    """Whom a kind's documents are for, in the job's messages (« examinateur »)."""
    return "examinateur" if kind.to_examiner else "candidat"


# --- Starting the job ---------------------------------------------------------------------


def documents_bundle_start(*, kind: DocumentKind, scope: Scope, fmt: str, actor: Any) -> Job:
    """Issue a kind's documents for a scope and make its bundle, as a background job."""
    label = dict(DocumentBundle.FORMATS)[fmt]
    return job_run(
        kind="documents_bundle",
        task=documents_bundle_work,
        params={
            "kind": kind.slug,
            "scope": scope.value,
            "session": scope.session.pk,
            "format": fmt,
        },
        actor=actor,
        label=f"Édition : {kind.label} — {scope.label} ({label})",
    )


# --- The job ------------------------------------------------------------------------------


def _refused(message: str) -> JobError:
    return JobError(message, url=reverse("document_bundles"), link_label=BACK_LABEL)


def documents_bundle_work(
    *, params: dict[str, Any], actor: Any, progress: Progress
) -> dict[str, Any]:
    """The job: ``params`` names the kind, the scope (of the actor's académie), the session
    and the format. Returns the link to the bundle's file."""
    slug = str(params.get("kind", ""))
    kind, issuer = KINDS.get(slug), ISSUERS.get(slug)
    if kind is None or issuer is None:
        raise _refused(f"Le document « {slug} » ne s'édite pas pour plusieurs candidats.")
    fmt = params.get("format")
    if fmt not in FORMATS:
        raise _refused("Format inconnu : choisissez ZIP ou PDF unique.")
    session = ExamSession.objects.filter(pk=params.get("session")).first()
    academy_id = getattr(actor, "academy_id", None)
    scope = None
    if session is not None and academy_id is not None:
        scope = scope_read(
            value=str(params.get("scope", "")), session=session, academy_id=academy_id
        )
    if scope is None:
        raise _refused(
            "Le périmètre choisi n'existe plus ou n'est pas de votre académie : rien n'a été édité."
        )
    ids = list(scope_people(kind, scope))
    if not ids:
        raise _refused(f"{scope.label} : aucun {people_word(kind)}, rien n'a été édité.")
    bundle = bundle_make(
        kind=kind,
        issuer=issuer,
        scope=scope,
        candidate_ids=ids,
        fmt=str(fmt),
        actor=actor,
        job_id=getattr(progress, "job_id", None),
        progress=progress,
    )
    return {
        "message": (
            f"{bundle.documents} document(s) « {kind.label} » édité(s) pour "
            f"{len(ids)} {people_word(kind)}(s) : {bundle.filename}."
        ),
        "url": reverse("document_bundle_download", args=[bundle.pk]),
        "link_label": "Télécharger le fichier",
        "bundle": bundle.pk,
        "documents": bundle.documents,
    }


def bundle_folder() -> Path:
    """The folder of the bundles' files, under the site's ``var/``."""
    return Path(settings.VAR_DIR) / BUNDLE_FOLDER


def bundle_make(
    *,
    kind: DocumentKind,
    issuer: CandidateIssuer,
    scope: Scope,
    candidate_ids: Sequence[int],
    fmt: str,
    actor: Any,
    job_id: int | None = None,
    progress: Any = None,
) -> DocumentBundle:
    """Issue the documents of these people (candidates, or examiners for a kind
    ``to_examiner``: ``candidate_ids`` names their keys) chunk by chunk, write them to the bundle's
    file as they come and record the bundle. Any failure removes the file and records
    nothing (the documents issued before it stay issued: they are valid, and issuing them
    again gives them back)."""
    folder = bundle_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{fmt}"
    partial, final = folder / f"{name}.part", folder / name
    total = len(candidate_ids)
    count = 0
    try:
        writer: ZipFile | MergedPdfFile = (
            ZipFile(partial)
            if fmt == DocumentBundle.ZIP
            else MergedPdfFile(partial, title=f"{kind.label} — {scope.label}")
        )
        with writer:
            for start in range(0, total, CHUNK):
                chunk = list(candidate_ids[start : start + CHUNK])
                started = timezone.now()
                documents = _issued(kind, issuer, chunk, actor, start, total)
                for document in documents:
                    try:
                        writer.add(document)
                    except NotMergeable as error:
                        raise JobError(str(error)) from None
                    count += 1
                _tell(kind, [d for d in documents if d.issued_at >= started])
                if progress is not None:
                    done = start + len(chunk)
                    progress(
                        done,
                        total,
                        f"{done} {people_word(kind)}(s) sur {total} traité(s) : {count} "
                        f"document(s) « {kind.label} » édité(s)…",
                    )
        if not count:
            raise _refused(
                f"{scope.label} : aucun {people_word(kind)} n'a de document "
                f"« {kind.label} » à recevoir pour l'instant ; rien n'a été édité."
            )
        partial.rename(final)
        with transaction.atomic():
            return audited_create(
                DocumentBundle(
                    kind=kind.slug,
                    scope=scope.scope,
                    scope_id=scope.pk,
                    scope_label=scope.label[:255],
                    session=scope.session,
                    academy_id=scope.academy_id,
                    format=fmt,
                    path=f"{BUNDLE_FOLDER}/{name}",
                    filename=_filename(kind, scope, fmt),
                    size=final.stat().st_size,
                    documents=count,
                    sha256=_sha256(final),
                    job_id=job_id,
                    created_by=actor if getattr(actor, "pk", None) else None,
                ),
                actor=actor if getattr(actor, "pk", None) else None,
                action="document_bundle_make",
                fields=("kind", "scope", "scope_label", "format", "filename", "documents"),
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        raise


def _tell(kind: DocumentKind, documents: Sequence[IssuedDocument]) -> None:
    """Tell each candidate by e-mail of a document of his or hers newly issued (a document
    given back unchanged, or one its issuer has already announced, is not told again)."""
    if not kind.to_candidate:
        return
    told = set(
        MailRecord.objects.filter(document__in=[d.pk for d in documents]).values_list(
            "document_id", flat=True
        )
    )
    new = [d for d in documents if d.candidate_id is not None and d.pk not in told]
    if not new:
        return
    people = {
        pk: (email or "", user_id)
        for pk, email, user_id in Candidate.objects.filter(
            among("pk", [d.candidate_id for d in new])
        ).values_list("pk", "user__email", "user_id")
    }
    notices_send(
        [
            Notice(
                address=people.get(d.candidate_id, ("", None))[0],
                subject=f"BTS NDRC : {kind.label.lower()} disponible",
                body=mail_text(
                    "Bonjour,",
                    "",
                    f"Un document vous concernant a été délivré : {kind.label} "
                    f"(réf. {d.reference}).",
                    "Il est disponible dans votre espace, page « Mes documents ».",
                ),
                topic="document",
                session_id=d.session_id,
                academy_id=d.academy_id,
                candidate_id=d.candidate_id,
                recipient_id=people.get(d.candidate_id, ("", None))[1],
                document=d,
            )
            for d in new
        ]
    )


def _issued(
    kind: DocumentKind,
    issuer: CandidateIssuer,
    chunk: list[int],
    actor: Any,
    start: int,
    total: int,
) -> list[IssuedDocument]:
    """The documents the issuer gives for a chunk, with their bytes, in the chunk's order."""
    try:
        documents = list(issuer(chunk, actor))
    except JobError:
        raise
    except Exception as error:
        logger.exception("bundle %s: the issuer failed", kind.slug)
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        raise _refused_with(
            f"L'édition des documents « {kind.label} » a échoué (candidats {start + 1} à "
            f"{start + len(chunk)} sur {total}) : aucun fichier n'a été enregistré.",
            details=[
                f"Cause : {reason or type(error).__name__}",
                "Les documents délivrés avant l'erreur restent enregistrés ; relancer "
                "l'édition les reprend tels quels.",
            ],
        ) from None
    missing = [d.pk for d in documents if "content" in d.get_deferred_fields()]
    if missing:  # documents given back unchanged come without their bytes: one query
        contents = dict(
            IssuedDocument.objects.filter(among("pk", missing)).values_list("pk", "content")
        )
        for document in documents:
            if document.pk in contents:
                document.content = contents[document.pk]
    position = {pk: i for i, pk in enumerate(chunk)}
    documents.sort(key=lambda d: position.get(d.candidate_id or 0, len(chunk)))
    return documents


def _refused_with(message: str, *, details: list[str]) -> JobError:
    return JobError(
        message, details=details, url=reverse("document_bundles"), link_label=BACK_LABEL
    )


def _filename(kind: DocumentKind, scope: Scope, fmt: str) -> str:
    return f"{kind.slug}-{slugify(scope.label)[:80]}-{scope.session.year}.{fmt}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
