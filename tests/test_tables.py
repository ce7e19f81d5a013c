"""Reading table files (ndrc.tables), shared by the web import and the command line: types,
encodings, separators, XLSX, limits, rows as dicts. No database."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from ndrc.tables import Table, TableError, cell_text, decode_text, read_table

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "import"
CANDIDATES_CSV = (EXAMPLES / "candidats.csv").read_bytes()
HEADER = "numero;nom;prenom;date_naissance;voie;uai;lv1"
GOOD_ROW = "25X0001;Durand;Lou;01/03/2005;scolaire;0630001A;anglais"


def _csv(*lines, encoding="utf-8"):
    return "\r\n".join(lines).encode(encoding)


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refusal(content, name="fichier.csv", **limits):
    with pytest.raises(TableError) as caught:
        read_table(name, content, **limits)
    return str(caught.value)


# --------------------------------------------------------------------------------------------
# Files refused as a whole
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (
            b"%PDF-1.4 binary",
            "releve.pdf",
            "Le fichier doit être un CSV (.csv) ou un classeur XLSX (.xlsx).",
        ),
        (
            b"PK\x03\x04 zip",
            "archive.zip",
            "Ce fichier est une archive (XLSX, ODS, "
            "ZIP…) : seuls les fichiers CSV et XLSX sont "
            "acceptés, avec leur extension .csv ou .xlsx.",
        ),
        (b"PK\x03\x04 not really", "faux.xlsx", None),
        (
            b"\xd0\xcf\x11\xe0old",
            "ancien.xls",
            "Format Excel 97-2003 (.xls) non pris "
            "en charge : enregistrez le classeur en XLSX "
            "ou en CSV.",
        ),
        (b"  \r\n\r\n", "vide.csv", "Le fichier est vide."),
        (
            HEADER.encode(),
            "entete.csv",
            "Le fichier ne contient que la ligne d'en-tête : aucune ligne de données.",
        ),
        ("numero;nom\r\n1;a".encode("utf-16"), "utf16.csv", None),
        (b"numero;nom\x00\x01;prenom\r\n1;2;3", "binaire.csv", None),
    ],
)
def test_a_file_that_cannot_be_read_is_refused(content, name, expected):
    message = _refusal(content, name)
    if expected:
        assert message == expected
    if "utf16" in name:
        assert "Encodage UTF-16 non pris en charge" in message
    if "binaire" in name:
        assert "n'est pas un texte CSV lisible (lu en UTF-8)" in message
    if "faux" in name:
        assert message.startswith("Fichier XLSX illisible")


def test_a_file_in_no_known_encoding_is_refused():
    content = _csv(HEADER, GOOD_ROW).replace(b"Lou", b"L\x81ou")
    assert _refusal(content) == (
        "Encodage non reconnu : l'octet 0x81 n'est ni de l'UTF-8, ni du Windows-1252, ni du "
        "latin-1. Encodages acceptés : UTF-8 (avec ou sans BOM), Windows-1252 ou ISO-8859-1 "
        "(latin-1) ; enregistrez le fichier en « CSV UTF-8 » depuis le tableur."
    )


def test_a_file_marked_utf8_by_its_bom_but_not_utf8_is_refused():
    content = b"\xef\xbb\xbf" + _csv(HEADER, GOOD_ROW.replace("Lou", "Léa"), encoding="latin-1")
    assert _refusal(content) == (
        "Fichier marqué UTF-8 (BOM) mais pas encodé en UTF-8. Encodages acceptés : UTF-8 "
        "(avec ou sans BOM), Windows-1252 ou ISO-8859-1 (latin-1) ; enregistrez le fichier "
        "en « CSV UTF-8 » depuis le tableur."
    )


def test_a_csv_the_csv_module_cannot_read_names_its_line():
    content = _csv(HEADER, GOOD_ROW, "25X0002;" + "x" * 200_000)
    assert _refusal(content).startswith("Ligne 3 : CSV illisible (field larger than")


# --------------------------------------------------------------------------------------------
# Encodings and separators
# --------------------------------------------------------------------------------------------


def test_a_utf8_file_with_bom_and_commas():
    content = "\ufeff" + CANDIDATES_CSV.decode().replace(";", ",")
    table = read_table("fichier.csv", content.encode("utf-8"))
    assert table.described == "CSV, encodage UTF-8 (avec BOM)"
    assert table == Table("CSV", "UTF-8 (avec BOM)", *_rows_of(CANDIDATES_CSV))


def _rows_of(content):
    table = read_table("example.csv", content)
    return table.headers, table.rows


@pytest.mark.parametrize(
    ("encoding", "text", "described"),
    [
        ("utf-8", "N’Diaye Lefèvre", "CSV, encodage UTF-8"),
        ("cp1252", "N’Diaye Lefèvre", "CSV, encodage Windows-1252"),
        ("latin-1", "Lefèvre Inès", "CSV, encodage ISO-8859-1 (latin-1)"),
    ],
)
def test_each_encoding_is_read_and_named(encoding, text, described):
    table = read_table("f.csv", _csv("nom;prenom", text.replace(" ", ";"), encoding=encoding))
    assert table.described == described
    assert table.rows == ((2, tuple(text.split(" "))),)
    assert table.encoding_guessed is (encoding != "utf-8")


def test_decode_text_gives_the_text_and_the_encoding():
    assert decode_text("é".encode()) == ("é", "UTF-8")
    assert decode_text("\ufeffé".encode()) == ("é", "UTF-8 (avec BOM)")
    assert decode_text("œ".encode("cp1252")) == ("œ", "Windows-1252")
    assert decode_text("é".encode("latin-1")) == ("é", "ISO-8859-1 (latin-1)")


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_separator_is_the_one_found_most_in_the_header_line(separator):
    content = _csv(
        separator.join(["id", "nom", "note"]),
        separator.join(["1", '"Durand; Lou, dite « L »"', '"12,5"']),
    )
    table = read_table("f.txt", content)
    assert table.headers == ("id", "nom", "note")
    assert table.rows == ((2, ("1", "Durand; Lou, dite « L »", "12,5")),)


def test_a_single_column_and_empty_lines_keep_the_file_line_numbers():
    table = read_table("f.csv", _csv("", "numero", "", "A1", ";;", "A2", ""))
    assert table.headers == ("numero",)
    assert table.rows == ((4, ("A1",)), (6, ("A2",)))


# --------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------


def test_an_xlsx_file_keeps_its_values_and_its_sheet_lines():
    content = _xlsx(
        [
            [None, None],
            [" Numéro ", 2025.0],
            ["A1", 12.5],
            [None, " "],
            [25002, dt.datetime(2005, 3, 1)],
        ]
    )
    table = read_table("notes.XLSX", content)
    assert table.described == "XLSX" and not table.encoding_guessed
    assert table.headers == ("Numéro", "2025")
    assert table.rows == ((3, ("A1", 12.5)), (5, (25002, dt.datetime(2005, 3, 1))))


def test_an_xlsx_file_with_the_header_only_is_refused():
    assert _refusal(_xlsx([["numero", "note"], [None, None]]), "notes.xlsx") == (
        "Le fichier ne contient que la ligne d'en-tête : aucune ligne de données."
    )


# --------------------------------------------------------------------------------------------
# Limits (the web import gives its own: 5 Mo, 20,000 rows; the command line none)
# --------------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused():
    content = _csv(HEADER, GOOD_ROW)
    assert read_table("f.csv", content, max_bytes=len(content)).rows
    assert _refusal(content + b" " * (5 * 1024 * 1024), max_bytes=5 * 1024 * 1024) == (
        "Le fichier dépasse 5 Mo : découpez-le en plusieurs."
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("f.csv", _csv(HEADER, *[GOOD_ROW] * 4)),
        ("f.xlsx", _xlsx([HEADER.split(";"), *[GOOD_ROW.split(";")] * 4])),
    ],
)
def test_a_file_over_the_row_limit_is_refused(name, content):
    assert len(read_table(name, content, max_rows=4).rows) == 4
    assert _refusal(content, name, max_rows=3) == "Le fichier dépasse 3 lignes : découpez-le."


def test_without_limits_any_size_is_read():
    content = _csv(HEADER, *[GOOD_ROW] * 20_001)
    assert len(read_table("f.csv", content).rows) == 20_001


# --------------------------------------------------------------------------------------------
# Rows as dicts, cells as text
# --------------------------------------------------------------------------------------------


def test_records_are_keyed_by_the_stripped_headers():
    table = read_table("f.csv", _csv(" id ;note;note", "A;12;13", "B", "C;1;2;extra"))
    assert table.records() == [
        (2, {"id": "A", "note": "13"}),
        (3, {"id": "B", "note": None}),
        (4, {"id": "C", "note": "2"}),
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "oui"),
        (False, "non"),
        (14.0, "14"),
        (12.5, "12.5"),
        (25001, "25001"),
        (dt.datetime(2005, 3, 1, 10, 30), "01/03/2005"),
        (dt.date(2005, 3, 1), "01/03/2005"),
        ("  Lou ", "Lou"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text
