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
import io
import logging
import uuid
import zipfile
from array import array
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

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
from ndrc.web.documents.kinds import ISSUERS, KINDS, CandidateIssuer, DocumentKind
from ndrc.web.documents.mail import Notice, mail_text, notices_send
from ndrc.web.documents.models import BUNDLE_FOLDER, DocumentBundle, IssuedDocument, MailRecord
from ndrc.web.jobs.models import Job
from ndrc.web.jobs.services import job_run
from ndrc.web.jobs.work import JobError, Progress
from ndrc.web.lookups import among
from ndrc.web.sessions.models import Establishment, ExamSession

logger = logging.getLogger(__name__)

# Candidates whose documents are issued and written at a time (one issuer call each).
CHUNK = 500
FORMATS = (DocumentBundle.ZIP, DocumentBundle.PDF)
# Fixed dates in the ZIP: the same documents give the same archive, byte for byte.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
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
    ids = scope_candidate_ids(scope)
    if not ids:
        raise _refused(f"{scope.label} : aucun candidat, rien n'a été édité.")
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
            f"{len(ids)} candidat(s) : {bundle.filename}."
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
    """Issue the documents of these candidates chunk by chunk, write them to the bundle's
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
        writer: _ZipFile | MergedPdfFile = (
            _ZipFile(partial)
            if fmt == DocumentBundle.ZIP
            else MergedPdfFile(partial, title=f"{kind.label} — {scope.label}")
        )
        with writer:
            for start in range(0, total, CHUNK):
                chunk = list(candidate_ids[start : start + CHUNK])
                started = timezone.now()
                documents = _issued(kind, issuer, chunk, actor, start, total)
                for document in documents:
                    writer.add(document)
                    count += 1
                _tell(kind, [d for d in documents if d.issued_at >= started])
                if progress is not None:
                    done = start + len(chunk)
                    progress(
                        done,
                        total,
                        f"{done} candidat(s) sur {total} traité(s) : {count} document(s) "
                        f"« {kind.label} » édité(s)…",
                    )
        if not count:
            raise _refused(
                f"{scope.label} : aucun candidat n'a de document « {kind.label} » à recevoir "
                "pour l'instant ; rien n'a été édité."
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


# --- Writing the files ----------------------------------------------------------------------


class _ZipFile:
    """A ZIP written entry by entry (stored, not compressed: PDFs are compressed already);
    one file per document, named as issued (a name met twice gets its reference added)."""

    def __init__(self, path: Path) -> None:
        self.archive = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED, allowZip64=True)
        self.seen: set[str] = set()

    def add(self, document: IssuedDocument) -> None:
        name = document.filename
        if name in self.seen:
            name = f"{document.reference}-{name}"
        self.seen.add(name)
        self.archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), bytes(document.content))

    def __enter__(self) -> _ZipFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.archive.close()


class MergedPdfFile:
    """One PDF made of many PDF documents, written to a file object by object as they come:
    each document's pages and what they use (contents, fonts, images) are copied with new
    object numbers, their bytes unchanged; the page tree, the catalogue and the table of
    objects are written at the end. Only the table's offsets and the pages' numbers stay in
    memory (a few bytes per object), so 30,000 documents merge as well as 3 — unlike pypdf's
    ``PdfWriter``, which holds every object until it writes."""

    CATALOG, PAGES = 1, 2

    def __init__(self, path: Path, *, title: str = "") -> None:
        self.out: BinaryIO = path.open("wb", buffering=1 << 20)
        self.position = 0
        self.offsets = array("Q", [0, 0])  # by object number - 1; 1 and 2 written last
        self.next = 3
        self.pages = array("Q")
        self.title = title
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def _allocate(self) -> int:
        number, self.next = self.next, self.next + 1
        return number

    def add(self, document: IssuedDocument) -> None:
        if document.mimetype != "application/pdf":
            raise JobError(
                f"Le document {document.reference} n'est pas un PDF : choisissez le format ZIP."
            )
        self.add_pdf(bytes(document.content))

    def add_pdf(self, content: bytes) -> None:
        """Append every page of this PDF."""
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise JobError("Un document chiffré ne peut pas être fusionné : choisissez le ZIP.")
        numbers: dict[int, int] = {}  # the document's object numbers → the merged file's
        for page in reader.pages:
            self._copy_page(page, numbers)

    def _copy_page(self, page: Any, numbers: dict[int, int]) -> None:
        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            IndirectObject,
            NameObject,
            StreamObject,
        )

        queue: deque[tuple[int, Any]] = deque()

        def number_of(reference: Any) -> int:
            known = numbers.get(reference.idnum)
            if known is None:
                known = numbers[reference.idnum] = self._allocate()
                queue.append((known, reference.get_object()))
            return known

        def copy(value: Any) -> Any:
            if isinstance(value, IndirectObject):
                return IndirectObject(number_of(value), 0, None)
            if isinstance(value, StreamObject):
                stream = StreamObject()
                stream.update({k: copy(v) for k, v in value.items()})
                stream._data = value._data  # the encoded bytes, copied unchanged
                return stream
            if isinstance(value, DictionaryObject):
                return DictionaryObject({k: copy(v) for k, v in value.items()})
            if isinstance(value, ArrayObject):
                return ArrayObject(copy(v) for v in value)
            return value

        # The page without its parent (the new page tree is its parent), then all it uses.
        own = DictionaryObject({k: v for k, v in page.items() if k != "/Parent"})
        if page.indirect_reference is not None:
            numbers[page.indirect_reference.idnum] = self.next
        number = self._allocate()
        self.pages.append(number)
        copied = copy(own)
        copied[NameObject("/Parent")] = IndirectObject(self.PAGES, 0, None)
        self._object(number, copied)
        while queue:
            number, value = queue.popleft()
            self._object(number, copy(value))

    def _object(self, number: int, value: Any) -> None:
        buffer = io.BytesIO()
        buffer.write(f"{number} 0 obj\n".encode())
        value.write_to_stream(buffer)
        buffer.write(b"\nendobj\n")
        while len(self.offsets) < number:
            self.offsets.append(0)
        self.offsets[number - 1] = self.position
        self._write(buffer.getvalue())

    def close(self) -> None:
        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            IndirectObject,
            NameObject,
            NumberObject,
            TextStringObject,
        )

        kids = ArrayObject(IndirectObject(n, 0, None) for n in self.pages)
        pages = {
            NameObject("/Type"): NameObject("/Pages"),
            NameObject("/Kids"): kids,
            NameObject("/Count"): NumberObject(len(self.pages)),
        }
        self._object(self.PAGES, DictionaryObject(pages))
        catalog = {
            NameObject("/Type"): NameObject("/Catalog"),
            NameObject("/Pages"): IndirectObject(self.PAGES, 0, None),
        }
        self._object(self.CATALOG, DictionaryObject(catalog))
        info = {NameObject("/Producer"): TextStringObject("BTS NDRC — gestion de l'examen")}
        if self.title:
            info[NameObject("/Title")] = TextStringObject(self.title)
        info_number = self._allocate()
        self._object(info_number, DictionaryObject(info))
        start, size = self.position, len(self.offsets) + 1
        lines = [f"xref\n0 {size}\n0000000000 65535 f \n".encode()]
        lines += [f"{offset:010d} 00000 n \n".encode() for offset in self.offsets]
        self._write(b"".join(lines))
        self._write(
            f"trailer\n<< /Size {size} /Root {self.CATALOG} 0 R /Info {info_number} 0 R >>\n"
            f"startxref\n{start}\n%%EOF\n".encode()
        )
        self.out.close()

    def __enter__(self) -> MergedPdfFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.out.close()
