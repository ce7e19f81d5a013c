"""Exports of candidates' files: the conformity commission's list (file name, MIME type,
bytes)."""

from __future__ import annotations

from typing import Any

from ndrc.exports import Export, table_export
from ndrc.rules.conformity_list import LIST_COLUMNS, LIST_HEADERS, LIST_TITLE, LIST_WIDTHS


def conformity_list_export(rows: list[dict[str, Any]], *, fmt: str, year: int) -> Export:
    return table_export(
        fmt=fmt,
        stem=f"commission-conformite-{year}",
        title=LIST_TITLE,
        headers=LIST_HEADERS,
        columns=LIST_COLUMNS,
        rows=rows,
        widths=LIST_WIDTHS,
    )
