"""Files out: no text is ever exported as a formula (CSV or formula injection). A text starting
with =, +, -, @, a tab or a carriage return is written after an apostrophe in CSV and as a
text cell with the quote prefix in XLSX; numbers stay numbers. No database."""

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from ndrc.exports import FORMULA_STARTS, csv_bytes, csv_cell, starts_formula, table_export

NAME = '=HYPERLINK("http://x","y")'
COLUMNS = ("nom", "prenom", "moyenne_exacte", "tour", "libelle")
ROWS = [
    {
        "nom": NAME,
        "prenom": "+33 6 12",
        "moyenne_exacte": Decimal("12.35"),
        "tour": 1,
        "libelle": "-1",
    },
    {"nom": "@SUM(A1)", "prenom": "\tcaché", "moyenne_exacte": 9.5, "tour": 2, "libelle": "\r=1+1"},
    {
        "nom": "Durand",
        "prenom": "Éloïse",
        "moyenne_exacte": Decimal("0"),
        "tour": 1,
        "libelle": "Admis",
    },
]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_start_of_a_formula_is_neutralised(start):
    assert starts_formula(start + "1") and csv_cell(start + "1") == "'" + start + "1"


@pytest.mark.parametrize("value", ["Durand", "", "12,5", "l'été", 12, Decimal("-1"), None])
def test_anything_else_is_written_as_it_is(value):
    assert csv_cell(value) is value


def test_a_csv_export_writes_no_formula():
    data = csv_bytes(COLUMNS, ROWS).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data, newline=""), delimiter=";"))
    assert rows[0]["nom"] == "'" + NAME
    assert rows[0]["prenom"] == "'+33 6 12" and rows[0]["libelle"] == "'-1"
    assert rows[1]["nom"] == "'@SUM(A1)" and rows[1]["prenom"] == "'\tcaché"
    assert rows[1]["libelle"] == "'\r=1+1"
    assert rows[2]["nom"] == "Durand" and rows[2]["prenom"] == "Éloïse"
    assert rows[0]["moyenne_exacte"] == "12.35" and rows[1]["moyenne_exacte"] == "9.5"


def test_an_xlsx_export_writes_text_cells_and_numbers():
    export = table_export(
        fmt="xlsx", stem="t", title="T", headers=COLUMNS, columns=COLUMNS, rows=ROWS
    )
    sheet_xml = zipfile.ZipFile(io.BytesIO(export.data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml  # no formula anywhere
    sheet = openpyxl.load_workbook(io.BytesIO(export.data)).active
    name = sheet["A2"]
    assert name.value == NAME and name.data_type == "s" and name.quotePrefix
    assert sheet["A3"].value == "@SUM(A1)" and sheet["A3"].data_type == "s"
    assert sheet["A3"].quotePrefix and sheet["E2"].quotePrefix and sheet["E3"].quotePrefix
    assert sheet["A4"].value == "Durand" and not sheet["A4"].quotePrefix
    assert sheet["C2"].data_type == "n" and sheet["C2"].value == 12.35
    assert sheet["C3"].data_type == "n" and sheet["D3"].value == 2
