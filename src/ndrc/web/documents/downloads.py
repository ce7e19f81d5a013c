"""Files answered as attachments: the apps' exports and the documents issued (many documents
at once: ``bundle_files``)."""

from __future__ import annotations

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
