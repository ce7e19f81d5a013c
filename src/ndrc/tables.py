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
import zlib
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]

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


# What a CSV file may be written in, as every refusal of an encoding says.
ACCEPTED_ENCODINGS = (
    "UTF-8 (avec ou sans BOM), Windows-1252 ou ISO-8859-1 (latin-1) ; enregistrez le fichier "
    "en « CSV UTF-8 » depuis le tableur"
)
# Windows-1252 bytes 0x80–0x9F that no character stands for (Python refuses them too); in
# latin-1 the whole 0x80–0x9F range is control characters, which no CSV holds.
_WORD = re.compile(r"[^\W\d_]+")
_RUN = re.compile(r"[^\x00-\x7f]{3}")  # three non-ASCII letters in a row
_CASE_BREAK = re.compile(
    r"[a-z\u00df-\u00ff][\u00c0-\u00de]"
)  # « aÉ »: lower then accented capital
_NOT_FRENCH = "×÷"


def _refused_encoding(detail: str) -> TableError:
    return TableError(f"{detail} Encodages acceptés : {ACCEPTED_ENCODINGS}.")


def _implausible_word(text: str) -> tuple[int, str] | None:
    """The first word of text read as Windows-1252 that no French (or Western European) text
    holds, with its line: three non-ASCII letters in a row (« ÐÒÉ »), an accented capital
    right after a lowercase letter (« iÉ »), a letter next to « × » or « ÷ ». A file in
    another 8-bit encoding (KOI8-R, Windows-1251, ISO-8859-5…) read as Windows-1252 is made of
    such words (Cyrillic becomes runs of accented capitals), a French file of none (« créée »,
    « Éloïse », « Œuvre », « Müßig » pass)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.isascii():
            continue
        for match in _WORD.finditer(line):
            word = match.group()
            if word.isascii():
                continue
            around = line[max(match.start() - 1, 0) : match.end() + 1]
            if (
                _RUN.search(word)
                or _CASE_BREAK.search(word)
                or any(c in around for c in _NOT_FRENCH)
            ):
                return number, word
    return None


def _eight_bit(content: bytes) -> tuple[str, str]:
    """A file that is not UTF-8, read as Windows-1252 or latin-1 when it reads as French."""
    # Latin-1 and Windows-1252 read letters alike; only 0x80–0x9F tell them apart (€, œ, ’ in
    # Windows-1252, control characters in latin-1, refused below).
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _refused_encoding(
            f"Encodage non reconnu : l'octet 0x{content[error.start]:02X} n'est ni de l'UTF-8, "
            "ni du Windows-1252, ni du latin-1."
        ) from None
    encoding = WINDOWS_1252 if re.search(rb"[\x80-\x9f]", content) else LATIN_1
    found = _implausible_word(text)
    if found is not None:
        line, word = found
        raise _refused_encoding(
            f"Encodage non reconnu : lu en {encoding}, le texte ne ressemble pas à du français "
            f"(ligne {line} : « {word[:40]} ») ; le fichier est sans doute dans un autre "
            "encodage (cyrillique, grec…)."
        )
    return text, encoding


def decode_text(content: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of the encoding it was read with: UTF-8 (with or
    without BOM), else Windows-1252 or ISO-8859-1 (latin-1) when the text reads as French
    (``_implausible_word``). Anything else is refused rather than guessed: UTF-16 and UTF-32,
    other 8-bit encodings (KOI8-R, Windows-1251…), binary files."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or content[:200].count(b"\x00") > 10:
        raise _refused_encoding("Encodage UTF-16 non pris en charge (ni UTF-32).")
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = content[3:].decode("utf-8"), UTF_8_BOM
        except UnicodeDecodeError:
            raise _refused_encoding(
                "Fichier marqué UTF-8 (BOM) mais pas encodé en UTF-8."
            ) from None
    else:
        try:
            text, encoding = content.decode("utf-8"), UTF_8
        except UnicodeDecodeError:
            text, encoding = _eight_bit(content)
    if "\x00" in text or any(
        unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text[:20_000]
    ):
        raise _refused_encoding(
            f"Le fichier n'est pas un texte CSV lisible (lu en {encoding}) : encodage ou "
            "format non reconnu."
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
            rows.append((reader.line_num, _row_values(reader.line_num, tuple(cells))))
            _too_many(rows, max_rows)
    except csv.Error as error:
        raise TableError(f"Ligne {reader.line_num} : CSV illisible ({error}).") from None
    return Table("CSV", encoding, headers or (), tuple(rows))


# Bounds of an XLSX file, whatever its size on disk (a few hundred KB of zip can expand to
# gigabytes of XML): its parts expanded (the sheets are read as a stream, the others whole:
# shared strings, styles…), the columns of a row, the lines scanned (blank ones included).
XLSX_MAX_PARTS = 1000
XLSX_MAX_SHEET_BYTES = 512 * _MEGABYTE
XLSX_MAX_PART_BYTES = 16 * _MEGABYTE
XLSX_MAX_LINES = 1_048_576  # Excel's own limit; with a row limit, that limit plus BLANK_LINES
BLANK_LINES = 10_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 2000

_XLSX_DAMAGED = (
    "Fichier XLSX illisible : il est incomplet ou endommagé (archive ou XML tronqués). "
    "Enregistrez-le à nouveau depuis le tableur, en XLSX ou en CSV UTF-8."
)


def _xlsx_parts_checked(content: bytes) -> None:
    """Refuse, before openpyxl reads it, an archive that is damaged, too large once expanded
    (the sizes the archive declares: Python's zip reader never reads beyond them), or whose
    XML declares a document type (DOCTYPE: entities, external references), which no
    spreadsheet writes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
        if len(parts) > XLSX_MAX_PARTS:
            raise TableError(f"Classeur XLSX refusé : plus de {XLSX_MAX_PARTS} parties.")
        for part in parts:
            sheet = part.filename.startswith("xl/worksheets/")
            limit = XLSX_MAX_SHEET_BYTES if sheet else XLSX_MAX_PART_BYTES
            if part.file_size > limit:
                raise TableError(
                    f"Classeur XLSX refusé : une fois décompressée, sa partie {part.filename[:60]} "
                    f"dépasse {limit // _MEGABYTE} Mo. Enregistrez les données seules en CSV "
                    "UTF-8 (sans mise en forme)."
                )
            if part.filename.endswith((".xml", ".rels")):
                with archive.open(part) as stream:
                    head = stream.read(4096)
                if b"<!doctype" in head.lower() or b"<!entity" in head.lower():
                    raise TableError(
                        "Classeur XLSX refusé : il contient une déclaration de type de document "
                        "XML (DOCTYPE, entités), qu'aucun tableur n'écrit. Enregistrez-le à "
                        "nouveau depuis le tableur."
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError):
        raise TableError(_XLSX_DAMAGED) from None


def _row_values(line: int, values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row of cells without its empty cells at the end, refused when it holds a cell
    beyond ``MAX_COLUMNS`` or a text longer than ``MAX_CELL_CHARS``."""
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    if end > MAX_COLUMNS:
        raise TableError(
            f"Ligne {line} : une cellule remplie au-delà de la colonne {MAX_COLUMNS} ; seules "
            f"les {MAX_COLUMNS} premières colonnes sont lues. Supprimez les colonnes en trop."
        )
    for value in values[:end]:
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise TableError(
                f"Ligne {line} : une cellule de plus de {MAX_CELL_CHARS} caractères, ce "
                "qu'aucune colonne du fichier n'attend."
            )
    return values[:end]


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``error``, or an error it was raised from (openpyxl wraps some), is a ``kind``."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _read_xlsx(content: bytes, max_rows: int | None) -> Table:
    """The first sheet, read as a stream (openpyxl's read-only mode, its declared size
    ignored, its first ``MAX_COLUMNS`` columns only: a sheet that claims 16,384 columns, or
    styles a cell of its last one, is not padded to them) and parsed with
    defusedxml (no entity expansion, no external reference), within the bounds above."""
    import openpyxl  # here: a tenth of a second to load, for XLSX only
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # openpyxl parses with defusedxml when it is installed and not disabled
        raise TableError(
            "Lecture des classeurs XLSX désactivée sur ce serveur (analyse XML sûre "
            "indisponible) : déposez le fichier en CSV UTF-8."
        )
    _xlsx_parts_checked(content)
    last_line = XLSX_MAX_LINES if max_rows is None else max_rows + 1 + BLANK_LINES
    headers: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[Any, ...]]] = []
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0] if book.worksheets else None
            if sheet is None:
                raise TableError("Le classeur ne contient aucune feuille.")
            sheet.reset_dimensions()  # not padded to the size the sheet declares
            # One column more than read: a cell there refuses the file (``_row_values``).
            cells_read = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
            for line, cells in enumerate(cells_read, start=1):
                if line > last_line:
                    raise TableError(
                        f"Le fichier dépasse {last_line} lignes (lignes vides comprises) : "
                        "supprimez les lignes vides ou découpez-le."
                    )
                values = _row_values(line, tuple(cells))
                if not any(cell_text(v) for v in values):
                    continue
                if headers is None:
                    headers = tuple(cell_text(v) for v in values)
                    continue
                rows.append((line, values))
                _too_many(rows, max_rows)
        finally:
            book.close()
    except TableError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        LookupError,
        ValueError,  # defusedxml's refusals too (DefusedXmlException), maybe wrapped
        TypeError,
        SyntaxError,  # xml.etree.ElementTree.ParseError: truncated or invalid XML
    ) as error:
        if _caused_by(error, DefusedXmlException):
            raise TableError(
                "Classeur XLSX refusé : son XML déclare des entités ou des références "
                "externes, qu'aucun tableur n'écrit. Enregistrez-le à nouveau depuis le tableur."
            ) from None
        raise TableError(_XLSX_DAMAGED) from None
    return Table("XLSX", "", headers or (), tuple(rows))
