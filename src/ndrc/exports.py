"""Tables as files (CSV for spreadsheets in French locales, XLSX), returned as bytes so that
the command line and the web application export the same way: ``table_export`` gives an
``Export`` (file name, MIME type, bytes), as pretix's exporters do."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


class Export(NamedTuple):
    filename: str
    mimetype: str
    data: bytes


def csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    """CSV with a BOM and semicolons (what a French spreadsheet opens correctly)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), delimiter=";")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in columns} for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    *,
    title: str,
    headers: Sequence[str],
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    widths: Sequence[int] = (),
) -> bytes:
    """One sheet, bold frozen header row, the given column widths. Written in openpyxl's
    write-only mode: the rows (read once, e.g. from a generator) are streamed to the file, not
    kept as cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, width in enumerate(widths, 1):  # before any row, in write-only mode
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(c, "") for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_export(
    *,
    fmt: str,
    stem: str,
    title: str,
    headers: Sequence[str],
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    widths: Sequence[int] = (),
) -> Export:
    """The rows as ``stem.csv`` (the columns' keys as headers, what a spreadsheet re-imports)
    or ``stem.xlsx`` (the readable headers, one sheet named ``title``)."""
    if fmt == "xlsx":
        data = xlsx_bytes(title=title, headers=headers, columns=columns, rows=rows, widths=widths)
        return Export(f"{stem}.xlsx", XLSX_MIMETYPE, data)
    if fmt == "csv":
        return Export(f"{stem}.csv", CSV_MIMETYPE, csv_bytes(columns, rows))
    raise ValueError(f"Format d'export inconnu : {fmt} (csv ou xlsx).")
