"""The PDF of a filled grid read back: the candidate, each criterion with its level's label,
the sections' comments, the penalties and the proposal with a decimal comma, the signature
with its French date, the text the grid comes from (for EF2 the fiche d'évaluation of C2022
§1.14); several grids one after the other; the same data gives the same bytes; its first
page looks like the reference."""

import datetime as dt

import pytest

from ndrc.rules.grids import default_grids
from ndrc.web.documents.grid_sheet import (
    GRID_SHEET,
    GridSheetData,
    SheetGrid,
    SheetPenalty,
    render,
)
from ndrc.web.documents.kinds import IssueInfo, kind_named
from tests.web.documents.pdfs import assert_looks_like, pdf_metadata, pdf_pages, pdf_text

ISSUED = IssueInfo(reference="GE-2026-A0042-EF2-1", version=1, issued_on=dt.date(2026, 11, 30))
SIGNED = dt.datetime(2026, 6, 12, 10, 30)


def flat(text):
    return " ".join(text.split())


def sheet(exam="EF2", *, penalties=(), proposal="14.5", situation="", second_member=""):
    form = "one_off" if not situation else "ccf"
    grid = default_grids(2026)[(exam, form, situation)]
    levels = {c.code: "S" for c in grid.criteria}
    levels[grid.criteria[0].code] = "TS"
    levels[grid.criteria[-1].code] = "NE"
    return SheetGrid(
        grid=grid.to_dict(),
        levels=levels,
        comments={grid.sections[0].code: "Présentation claire & structurée <b>"},
        penalties=tuple(penalties),
        proposal=proposal,
        signed_by="Paul Roux",
        signed_at=SIGNED,
        version=4,
        second_member=second_member,
    )


def data(*grids, exam="EF2", requested=True):
    return GridSheetData(
        academy="Orléans-Tours",
        session=2026,
        number="A0042",
        last_name="Martin",
        first_name="Inès",
        birth_date=dt.date(2006, 4, 2),
        establishment="Lycée Jean Zay",
        exam=exam,
        grids=grids,
        requested_on=dt.date(2026, 11, 2) if requested else None,
        request="Je souhaite comprendre ma note." if requested else "",
    )


def test_the_fiche_of_ef2_reads_back_in_french():
    export = render(data(sheet(second_member="Claire Dubois")), ISSUED)
    assert export.filename == "grille-evaluation-A0042-EF2-GE-2026-A0042-EF2-1.pdf"
    text = flat(pdf_text(export.data))
    assert "Fiche d'évaluation — EF2" in text
    assert "Inès MARTIN — candidat n° A0042" in text
    assert "02/04/2006" in text and "Lycée Jean Zay" in text
    assert "En réponse à votre demande du 02/11/2026 : « Je souhaite comprendre ma note. »" in text
    assert "Présentation du contexte" in text and "Bilan des compétences acquises" in text
    assert "Très satisfaisant (TS)" in text and "Non évalué (NE)" in text
    assert "Commentaire : Présentation claire & structurée <b>" in text
    assert "Aucune pénalité." in text
    assert "Note proposée : 14,5" in text
    assert "Grille signée par Paul Roux le 12/06/2026 à 10:30 (version 4)." in text
    assert "Second membre de la commission : Claire Dubois." in text
    assert "C2022 §1.14" in text and "communicable" in text
    assert "Délivré le 30/11/2026" in text and "Réf. GE-2026-A0042-EF2-1" in text
    assert pdf_metadata(export.data)["Title"] == "Fiche d'évaluation — EF2 — GE-2026-A0042-EF2-1"
    again = render(data(sheet(second_member="Claire Dubois")), ISSUED)
    assert again.data == export.data  # the same bytes
    assert_looks_like(export.data, "grid_sheet")


def test_penalties_and_several_situations():
    penalised = sheet(
        "E4",
        situation="A",
        proposal="",
        penalties=[SheetPenalty("missing_part", "Rubrique de la fiche non renseignée", "1.5")],
    )
    last = sheet("E4", situation="B", proposal="12,25")
    export = render(data(penalised, last, exam="E4", requested=False), ISSUED)
    text = flat(pdf_text(export.data))
    assert "Grilles d'évaluation — E4" in text
    assert "situation A" in text and "situation B" in text
    assert "Rubrique de la fiche non renseignée 1,5" in text
    assert "La note est proposée sur la grille de la dernière situation d'évaluation." in text
    assert "Note proposée : 12,25" in text
    assert "contrôle en cours de formation (CCF)" in text
    assert "En réponse" not in text
    assert "Second membre" not in text  # an examiner alone
    assert pdf_pages(export.data) >= 2


def test_the_kind_is_registered_for_the_candidate_only():
    kind = kind_named("grille-evaluation")
    assert kind is GRID_SHEET
    assert kind.to_candidate and not kind.to_centre and not kind.to_examiner


@pytest.mark.parametrize("exam", ["E4", "E6", "EF2"])
def test_every_default_grid_renders(exam):
    export = render(data(sheet(exam), exam=exam), ISSUED)
    assert export.data.startswith(b"%PDF")
