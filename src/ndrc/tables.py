"""Reading a table file, CSV or XLSX, into its headers and its rows: the one reader of the web
import (``ndrc.web.imports``) and of the command line (``ndrc deliberate``). No Django.

A file that cannot be read as a whole raises ``TableError`` with a French message
(docs/import-format.md, « Files »); checking the cells is the caller's business. Writing
tables is ``ndrc.exports``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")

UTF_8 = "UTF-8"
UTF_8_BOM = "UTF-8 (avec BOM)"
WINDOWS_1252 = "Windows-1252"
LATIN_1 = "ISO-8859-1 (latin-1)"

_MEGABYTE = 1024 * 1024


class TableError(Exception):
    """The file as a whole cannot be read (type, encoding, emptiness, size); the message is
    French and tells what to do."""


@dataclass(frozen=True)
class Table:
    """The rows of a file: its headers (the first non-empty line), then each non-empty data
    row with its line number in the file (1-based, as a spreadsheet shows it). CSV cells are
    text; XLSX cells are the values of the sheet (numbers, dates, booleans, text or None)."""

    file_format: str  # "CSV" or "XLSX"
    encoding: str  # the encoding a CSV file was read with ("" for XLSX)
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...] = ()

    @property
    def described(self) -> str:
        """How the file was read, in French: « CSV, encodage UTF-8 » or « XLSX »."""
        if self.file_format == "CSV":
            return f"CSV, encodage {self.encoding}"
        return self.file_format

    @property
    def encoding_guessed(self) -> bool:
        """True for a CSV file that was not UTF-8: its 8-bit encoding was inferred, so an
        accented letter may have been misread."""
        return self.encoding in (WINDOWS_1252, LATIN_1)

    def records(self) -> list[tuple[int, dict[str, Any]]]:
        """Each data row as (line, {header: cell}), headers stripped of spaces. A cell missing
        at the end of a row is None; a cell beyond the last header is dropped; when a header
        is repeated, its last cell wins."""
        names = [header.strip() for header in self.headers]
        return [
            (line, {name: cells[i] if i < len(cells) else None for i, name in enumerate(names)})
            for line, cells in self.rows
        ]


def read_table(
    filename: str, content: bytes, *, max_bytes: int | None = None, max_rows: int | None = None
) -> Table:
    """The rows of a file, told apart by its content (XLSX is a zip) and its name (CSV ends in
    .csv or .txt, XLSX in .xlsx or .xlsm). Refused: an empty file, a file with the header line
    only, .xls and other archives, any other type, a CSV in no known encoding (``decode_text``)
    and, when the limits are given, more than ``max_bytes`` bytes (announced in whole Mo) or
    more than ``max_rows`` data rows."""
    name = filename.lower().strip()
    if not content or not content.strip():
        raise TableError("Le fichier est vide.")
    if max_bytes is not None and len(content) > max_bytes:
        raise TableError(
            f"Le fichier dépasse {max_bytes // _MEGABYTE} Mo : découpez-le en plusieurs."
        )
    if name.endswith(".xls") or content.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(
            "Format Excel 97-2003 (.xls) non pris en charge : enregistrez le classeur en XLSX "
            "ou en CSV."
        )
    if content.startswith(b"PK\x03\x04"):
        if not name.endswith(XLSX_SUFFIXES):
            raise TableError(
                "Ce fichier est une archive (XLSX, ODS, ZIP…) : seuls les fichiers CSV et XLSX "
                "sont acceptés, avec leur extension .csv ou .xlsx."
            )
        table = _read_xlsx(content, max_rows)
    elif name.endswith(CSV_SUFFIXES):
        table = _read_csv(content, max_rows)
    else:
        raise TableError("Le fichier doit être un CSV (.csv) ou un classeur XLSX (.xlsx).")
    if not table.headers:
        raise TableError("Le fichier est vide.")
    if not table.rows:
        raise TableError("Le fichier ne contient que la ligne d'en-tête : aucune ligne de données.")
    return table


def decode_text(content: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of the encoding it was read with: UTF-8 (with or
    without BOM), else Windows-1252 or ISO-8859-1 (latin-1). UTF-16, other encodings and
    binary files are refused."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(
            "Encodage UTF-16 non pris en charge : enregistrez le fichier en « CSV UTF-8 » "
            "(ou CSV Windows)."
        )
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = content[3:].decode("utf-8"), UTF_8_BOM
        except UnicodeDecodeError:
            raise TableError(
                "Fichier marqué UTF-8 (BOM) mais pas encodé en UTF-8 : enregistrez-le à "
                "nouveau en « CSV UTF-8 »."
            ) from None
    else:
        try:
            text, encoding = content.decode("utf-8"), UTF_8
        except UnicodeDecodeError:
            # Latin-1 and Windows-1252 read letters alike; only 0x80–0x9F tell them apart
            # (€, œ, ’ in Windows-1252, control characters in latin-1).
            try:
                text = content.decode("cp1252")
            except UnicodeDecodeError:
                raise TableError(
                    "Encodage non reconnu (ni UTF-8, ni Windows-1252, ni latin-1) : "
                    "enregistrez le fichier en « CSV UTF-8 »."
                ) from None
            windows = re.search(rb"[\x80-\x9f]", content) is not None
            encoding = WINDOWS_1252 if windows else LATIN_1
    if "\x00" in text or any(
        unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text[:20_000]
    ):
        raise TableError(
            f"Le fichier n'est pas un texte CSV lisible (lu en {encoding}) : encodage ou "
            "format non reconnu. Enregistrez-le en « CSV UTF-8 » ou en XLSX."
        )
    return text, encoding


def cell_text(value: Any) -> str:
    """A cell as text: XLSX numbers without a useless « .0 », dates as JJ/MM/AAAA, booleans
    as oui/non, None as the empty text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _delimiter(first_line: str) -> str:
    """The separator found most in the header line: semicolon, comma or tab (semicolon when
    there is none: a single column)."""
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _too_many(rows: list[tuple[int, tuple[Any, ...]]], max_rows: int | None) -> None:
    if max_rows is not None and len(rows) > max_rows:
        raise TableError(f"Le fichier dépasse {max_rows} lignes : découpez-le.")


def _read_csv(content: bytes, max_rows: int | None) -> Table:
    text, encoding = decode_text(content)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise TableError("Le fichier est vide.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    headers: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[Any, ...]]] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if headers is None:
                headers = tuple(cells)
                continue
            rows.append((reader.line_num, tuple(cells)))
            _too_many(rows, max_rows)
    except csv.Error as error:
        raise TableError(f"Ligne {reader.line_num} : CSV illisible ({error}).") from None
    return Table("CSV", encoding, headers or (), tuple(rows))


def _read_xlsx(content: bytes, max_rows: int | None) -> Table:
    from openpyxl import load_workbook  # here: a tenth of a second to load, for XLSX only

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(f"Fichier XLSX illisible ({error}).") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise TableError("Le classeur ne contient aucune feuille.")
        headers: tuple[str, ...] | None = None
        rows: list[tuple[int, tuple[Any, ...]]] = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if not any(cell_text(v) for v in values):
                continue
            if headers is None:
                headers = tuple(cell_text(v) for v in values)
                continue
            rows.append((line, tuple(values)))
            _too_many(rows, max_rows)
    finally:
        book.close()
    return Table("XLSX", "", headers or (), tuple(rows))
