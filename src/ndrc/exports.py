"""Tables as files (CSV for spreadsheets in French locales, XLSX), returned as bytes so that
the command line and the web application export the same way: ``table_export`` gives an
``Export`` (file name, MIME type, bytes), as pretix's exporters do.

No text is ever written as a formula (CSV or formula injection, OWASP): a text a spreadsheet
would read as one (``starts_formula``: =, +, -, @, a tab, a carriage return) is written with an
apostrophe before it in CSV (``csv_cell``) and as a text cell with the « quote prefix » style
in XLSX (``xlsx_cell``). Numbers (grades, averages) stay numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


class Export(NamedTuple):
    filename: str
    mimetype: str
    data: bytes


# The first characters that make a spreadsheet read a cell's text as a formula (or, for a tab
# and a carriage return, hide what comes before one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(value: Any) -> bool:
    """Whether this value is a text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A value as written in a CSV cell: a text that would read as a formula gets an
    apostrophe before it (« '=HYPERLINK(…) »); anything else is written as it is."""
    return "'" + value if starts_formula(value) else value


def csv_rows(rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """Rows of values for ``csv.writer``, each cell through ``csv_cell``."""
    for row in rows:
        yield [csv_cell(value) for value in row]


def csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    """CSV with a BOM and semicolons (what a French spreadsheet opens correctly)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(csv_rows([columns]))
    writer.writerows(csv_rows([row.get(c, "") for c in columns] for row in rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A value as written in a write-only XLSX sheet: a text that would read as a formula is
    a text cell (never a formula) with the quote prefix, which keeps it text when edited;
    anything else is written as it is."""
    if not starts_formula(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


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
        if starts_formula(text):
            cell.data_type = "s"
            cell.quotePrefix = True
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([xlsx_cell(sheet, row.get(c, "")) for c in columns])
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
