"""Files in: the bounds of an XLSX file (read as a stream, with defusedxml), and the encodings of
a CSV file (UTF-8 or French Windows-1252 / latin-1, anything else refused rather than
guessed). No database."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from openpyxl import Workbook

from ndrc.tables import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    XLSX_MAX_PART_BYTES,
    TableError,
    decode_text,
    read_table,
)

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _book(rows=(("numero", "nom"), ("A1", "Durand"))):
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_parts(parts, base=None):
    """A workbook whose parts are replaced or added (deflated at the highest level)."""
    source = zipfile.ZipFile(io.BytesIO(base or _book()))
    parts = dict(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = parts.pop(info.filename, None)
            if data is None:
                data = source.read(info.filename)
            target.writestr(info.filename, data)
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _sheet(rows_xml, dimension="A1:B2"):
    return (
        b"<worksheet "
        + MAIN
        + b'><dimension ref="'
        + dimension.encode()
        + b'"/><sheetData>'
        + rows_xml
        + b"</sheetData></worksheet>"
    )


def _shared_strings(strings, sheet):
    """A workbook whose cells name shared strings (the table every spreadsheet writes)."""
    table = b"<sst " + MAIN + b">" + b"".join(b"<si><t>" + s + b"</t></si>" for s in strings)
    types = (
        zipfile.ZipFile(io.BytesIO(_book()))
        .read("[Content_Types].xml")
        .replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
            + STRINGS_TYPE
            + b'"/></Types>',
        )
    )
    return _with_parts(
        {
            "xl/sharedStrings.xml": table + b"</sst>",
            "[Content_Types].xml": types,
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


def _peak(content, **limits):
    """What reading the file gives (its rows, or the refusal) and the memory it took."""
    tracemalloc.start()
    try:
        try:
            outcome = read_table("notes.xlsx", content, **limits)
        except TableError as refused:
            outcome = refused
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


MB = 1024 * 1024


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_sheet_claiming_every_column_is_read_in_bounded_memory():
    """Every row styles a cell of the last column (XFD) and the sheet declares 16,384 columns:
    read as it was before (padded to the declared size) each row weighed 128 KB; read as a
    stream of the first columns, 8,000 rows (1 GB before) take a few MB."""
    rows = [b'<row r="1"><c r="A1" t="inlineStr"><is><t>numero</t></is></c></row>']
    rows += [
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>N%d</t></is></c><c r="XFD%d" s="0"/></row>'
        % (n, n, n, n)
        for n in range(2, 8_002)
    ]
    content = _with_parts({"xl/worksheets/sheet1.xml": _sheet(b"".join(rows), "A1:XFD8001")})
    assert len(content) < 600 * 1024
    table, peak = _peak(content, max_rows=60_000)
    assert len(table.rows) == 8_000
    assert all(len(cells) == 1 for _, cells in table.rows)
    assert peak < 48 * MB, f"{peak / MB:.0f} Mo"


def test_huge_shared_strings_are_refused_before_they_are_read():
    """A few hundred KB of zip holding tens of MB of shared strings: refused from the size the
    archive declares, before any is read."""
    strings = [b"%030d" % n for n in range(600_000)]
    sheet = _sheet(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    content = _shared_strings(strings, sheet)
    assert len(content) < 8 * MB
    refused, peak = _peak(content, max_rows=60_000)
    assert isinstance(refused, TableError)
    assert f"dépasse {XLSX_MAX_PART_BYTES // MB} Mo" in str(refused)
    assert peak < 16 * MB, f"{peak / MB:.0f} Mo"


def test_shared_strings_within_bounds_are_read():
    sheet = _sheet(
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
    )
    table = read_table(
        "notes.xlsx", _shared_strings([b"numero", b"nom", b"A1", "Éloïse".encode()], sheet)
    )
    assert table.rows == ((2, ("A1", "Éloïse")),)


def test_billion_laughs_are_refused_by_defusedxml():
    """An entity-expansion (« billion laughs ») sheet whose DOCTYPE comes after 4 KB of
    comments, past the quick look for a DOCTYPE: defusedxml refuses its entities."""
    laughs = (
        b'<?xml version="1.0"?>' + b"<!--" + b"x" * 5000 + b"-->"
        b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (name, b"&%s;" % prev * 10)
            for prev, name in zip(
                [b"a", b"b", b"c", b"d", b"e", b"f", b"g", b"h"],
                [b"b", b"c", b"d", b"e", b"f", b"g", b"h", b"i"],
                strict=True,
            )
        )
        + b"]>"
    )
    sheet = laughs + _sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row>')
    refused, peak = _peak(_with_parts({"xl/worksheets/sheet1.xml": sheet}))
    assert isinstance(refused, TableError)
    assert "entités" in str(refused)
    assert peak < 32 * MB


def test_a_cell_beyond_the_columns_read_or_too_long_is_refused():
    wide = _book([("numero",), ["x"] * (MAX_COLUMNS + 1)])
    with pytest.raises(TableError, match=f"au-delà de la colonne {MAX_COLUMNS}"):
        read_table("notes.xlsx", wide)
    long = _book([("numero", "nom"), ("A1", "x" * (MAX_CELL_CHARS + 1))])
    with pytest.raises(TableError, match=f"Ligne 2 : une cellule de plus de {MAX_CELL_CHARS}"):
        read_table("notes.xlsx", long)
    csv = f"numero;nom\r\nA1;{'x' * (MAX_CELL_CHARS + 1)}\r\n".encode()
    with pytest.raises(TableError, match="Ligne 2 : une cellule de plus de"):
        read_table("notes.csv", csv)


def test_blank_lines_beyond_the_bound_are_refused():
    rows = b'<row r="1"><c r="A1" t="inlineStr"><is><t>numero</t></is></c></row>'
    rows += b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>N1</t></is></c></row>'
    content = _with_parts({"xl/worksheets/sheet1.xml": _sheet(rows, "A1:A900000")})
    with pytest.raises(TableError, match="lignes vides comprises"):
        read_table("notes.xlsx", content, max_rows=10)


# --- CSV encodings ---------------------------------------------------------------------------

FRENCH = (
    "numero;nom;prenom\r\n"
    "1;Œuvray;Éloïse\r\n"
    "2;Müßig;Gaëlle\r\n"
    "3;Lefèvre;Françoise\r\n"
    "4;CRÉÉE;ÉLOÏSE\r\n"
    "5;Núñez;José\r\n"
)
RUSSIAN = "numero;nom;prenom\r\n1;Иванов;Пётр\r\n2;Смирнова;Наталья\r\n3;Кузнецов;Алексей\r\n"


@pytest.mark.parametrize(
    ("encoding", "read_as"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 (avec BOM)"),
        ("cp1252", "Windows-1252"),  # Œ is 0x8C: Windows-1252, not latin-1
    ],
)
def test_french_names_are_read_in_the_accepted_encodings(encoding, read_as):
    text, read = decode_text(FRENCH.encode(encoding))
    assert read == read_as
    assert text.lstrip("\ufeff") == FRENCH


def test_latin_1_is_read_when_nothing_tells_it_from_windows_1252():
    text = FRENCH.replace("Œuvray", "Oeuvray")
    assert decode_text(text.encode("latin-1")) == (text, "ISO-8859-1 (latin-1)")


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (RUSSIAN.encode("koi8_r"), "ne ressemble pas à du français"),
        (RUSSIAN.encode("cp1251"), "ne ressemble pas à du français"),
        ("numero;nom\r\n1;Παπαδόπουλος\r\n".encode("iso8859_7"), "ne ressemble pas"),
        (FRENCH.encode("utf-16"), "UTF-16"),
        (FRENCH.encode("utf-16-le"), "UTF-16"),  # no BOM
        (FRENCH.encode("utf-32"), "UTF-16"),
        (b"numero;nom\r\n1;L\x81ou\r\n", "l'octet 0x81"),
    ],
    ids=["koi8-r", "windows-1251", "iso-8859-7", "utf-16", "utf-16-le", "utf-32", "0x81"],
)
def test_another_encoding_is_refused_and_the_accepted_ones_named(content, said):
    with pytest.raises(TableError) as refused:
        decode_text(content)
    message = str(refused.value)
    assert said in message
    assert "Encodages acceptés : UTF-8 (avec ou sans BOM), Windows-1252 ou ISO-8859-1" in message


def test_a_koi8_r_file_names_the_line_and_the_word_that_is_not_french():
    with pytest.raises(TableError, match=r"ligne 2 : « [^»]+ »"):
        decode_text(RUSSIAN.encode("koi8_r"))
