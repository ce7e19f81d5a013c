"""Files answered as attachments."""

from __future__ import annotations

from django.http import HttpResponse

from ndrc.exports import Export


def attachment(export: Export) -> HttpResponse:
    """An export as a file to save (``Content-Disposition: attachment``)."""
    response = HttpResponse(export.data, content_type=export.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
