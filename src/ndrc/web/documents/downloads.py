"""Files answered as attachments: the apps' exports, the documents issued, and many documents
at once as one ZIP (one file each) or one merged PDF."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from django.http import HttpResponse

from ndrc.exports import Export
from ndrc.web.documents.models import IssuedDocument


def attachment(export: Export) -> HttpResponse:
    """An export as a file to save (``Content-Disposition: attachment``)."""
    response = HttpResponse(export.data, content_type=export.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_export(document: IssuedDocument) -> Export:
    """A document issued, as its file (the bytes recorded when it was issued)."""
    return Export(document.filename, document.mimetype, bytes(document.content))


def zip_export(documents: Iterable[IssuedDocument], *, filename: str) -> Export:
    """Many documents as one ZIP, one file each (in the given order; a name met twice gets
    its reference added)."""
    buffer = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for document in documents:
            name = document.filename
            if name in seen:
                name = f"{document.reference}-{name}"
            seen.add(name)
            # Fixed dates: the same documents give the same archive.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, bytes(document.content))
    return Export(filename, "application/zip", buffer.getvalue())


def merged_pdf(documents: Iterable[IssuedDocument], *, filename: str) -> Export:
    """Many PDF documents as one PDF, one after the other (to print them at once)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for document in documents:
        writer.append(io.BytesIO(bytes(document.content)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return Export(filename, "application/pdf", buffer.getvalue())
