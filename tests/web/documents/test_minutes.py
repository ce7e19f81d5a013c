"""The PV de délibération and the list of admitted as documents: read back (text, pages,
metadata) and their first pages compared with reference images, from fixed data."""

import datetime as dt
import io

from pypdf import PdfReader

from ndrc.rules.texts_applied import texts_applied
from ndrc.web.documents.admitted_list import (
    ADMITTED_LIST,
    AdmittedCandidate,
    AdmittedListData,
    admitted_list_render,
)
from ndrc.web.documents.kinds import KINDS, IssueInfo
from ndrc.web.documents.minutes import (
    MINUTES,
    MinutesCandidate,
    MinutesChange,
    MinutesData,
    minutes_render,
)
from tests.web.documents.pdfs import assert_looks_like, pdf_metadata, pdf_pages, pdf_text

ISSUED = IssueInfo(reference="PV-2025-J0001-T1-1", version=1, issued_on=dt.date(2025, 7, 4))
LISTED = IssueInfo(reference="LA-2025-J0001-1", version=1, issued_on=dt.date(2025, 7, 8))


def _minutes(candidates: int = 3, **kwargs) -> MinutesData:
    people = [
        MinutesCandidate("25NDRC00001", "Dupont", "Léa", "Admis", "12,50"),
        MinutesCandidate("25NDRC00002", "Martin", "Hugo", "Ajourné", "08,75"),
        MinutesCandidate("25NDRC00003", "Bernard", "Inès", "Diplôme ne pouvant être délivré", ""),
    ]
    people += [
        MinutesCandidate(f"25NDRC{i:05d}", f"Candidat{i:04d}", "Prénom", "Admis", "11,00")
        for i in range(4, candidates + 1)
    ]
    values = {
        "academy": "Clermont-Ferrand",
        "session": 2025,
        "texts": texts_applied(2025),
        "jury": "Jury 1 — voie scolaire",
        "round": 1,
        "closed_on": "03/07/2025 à 17:45",
        "members": ("Claire Président", "Paul Professeur", "Anne Professionnelle"),
        "candidates": tuple(people[:candidates]),
        "changes": (
            MinutesChange(
                "25NDRC00001",
                "DUPONT Léa",
                "E4",
                "09,00",
                "10,00",
                "Claire Président",
                "03/07/2025 16:10",
                "Harmonisation des notes de la commission",
            ),
            MinutesChange(
                "25NDRC00002",
                "MARTIN Hugo",
                "E2",
                "",
                "11,00",
                "Paul Professeur",
                "03/07/2025 16:20",
                "Erreur de report",
                withdrawn=True,
            ),
        ),
        "counts": (
            ("Admis", candidates - 2),
            ("Ajourné", 1),
            ("Diplôme ne pouvant être délivré", 1),
        ),
        "pass_rate": "66,7",
    }
    return MinutesData(**{**values, **kwargs})


def test_both_kinds_are_declared_for_no_candidate_and_no_centre():
    assert KINDS["pv-deliberation"] is MINUTES and KINDS["liste-des-admis"] is ADMITTED_LIST
    assert not MINUTES.to_candidate and not MINUTES.to_centre
    assert not ADMITTED_LIST.to_candidate and not ADMITTED_LIST.to_centre


def test_the_minutes_say_texts_jury_candidates_changes_counts_and_signatures():
    export = minutes_render(_minutes(), ISSUED)
    assert export.filename == "pv-deliberation-PV-2025-J0001-T1-1.pdf"
    assert export.mimetype == "application/pdf"
    text = " ".join(pdf_text(export.data).split())
    pages = pdf_pages(export.data)
    for cited in texts_applied(2025):
        assert cited in text, cited
    for expected in (
        "Procès-verbal de délibération",
        "Jury 1 — voie scolaire — tour de délibération n° 1",
        "close le 03/07/2025 à 17:45",
        "Membres du jury : Claire Président, Paul Professeur, Anne Professionnelle.",
        "25NDRC00001",
        "DUPONT",
        "12,50",
        "08,75",
        "Diplôme ne pouvant être délivré",
        # The jury's changes: épreuve, before and after, author, date and reason.
        "Harmonisation des notes de la commission",
        "09,00",
        "10,00",
        "03/07/2025 16:10",
        "11,00 (retirée)",
        "Erreur de report",
        # Counts and pass rate.
        "Récapitulatif des décisions",
        "Taux de réussite (décisions définitives) : 66,7 %.",
        # Signatures: the president's place and each member's.
        "Président(e) du jury",
        "Membre du jury : Claire Président",
        "Membre du jury : Anne Professionnelle",
        f"page 1 / {pages}",
        "Délivré le 04/07/2025",
    ):
        assert expected in text, expected
    meta = pdf_metadata(export.data)
    assert meta["Title"] == "Procès-verbal de délibération — PV-2025-J0001-T1-1"
    assert meta["Subject"] == "Procès-verbal de délibération — Jury 1 — voie scolaire — tour 1"
    assert "Clermont-Ferrand" in meta["Author"]


def test_a_big_jury_spans_landscape_pages_with_the_header_repeated():
    export = minutes_render(_minutes(candidates=200), ISSUED)
    pages = pdf_pages(export.data)
    assert pages >= 5
    text = pdf_text(export.data)
    assert f"page {pages} / {pages}" in text
    assert "Candidat0200" not in text  # names are upper-cased
    assert "CANDIDAT0200" in text
    # The table's header on every page that carries candidates.
    assert text.count("N° candidat") >= pages - 1
    first = PdfReader(io.BytesIO(export.data)).pages[0]
    assert first.mediabox.width > first.mediabox.height  # landscape


def test_a_corrected_minutes_says_which_it_replaces():
    info = IssueInfo(
        reference="PV-2025-J0001-T1-2",
        version=2,
        issued_on=dt.date(2025, 7, 6),
        replaces="PV-2025-J0001-T1-1",
        replaces_on=dt.date(2025, 7, 4),
        reason="membres du jury corrigés",
    )
    text = pdf_text(minutes_render(_minutes(), info).data)
    assert "annule et remplace le document réf. PV-2025-J0001-T1-1 du 04/07/2025" in text
    assert "membres du jury corrigés" in text


def test_the_same_data_gives_the_same_bytes():
    assert minutes_render(_minutes(), ISSUED).data == minutes_render(_minutes(), ISSUED).data


def test_the_first_page_of_the_minutes_looks_like_the_reference():
    assert_looks_like(minutes_render(_minutes(), ISSUED).data, "minutes")


def _admitted() -> AdmittedListData:
    return AdmittedListData(
        academy="Clermont-Ferrand",
        session=2025,
        texts=texts_applied(2025),
        jury="Jury 1 — voie scolaire",
        round=1,
        published_on="07/07/2025",
        candidates=(
            AdmittedCandidate("Bernard", "Inès", "25NDRC00003", "Lycée Jean-Monnet"),
            AdmittedCandidate("Dupont", "Léa", "25NDRC00001", ""),
        ),
    )


def test_the_list_of_admitted_has_names_numbers_and_establishments_only():
    export = admitted_list_render(_admitted(), LISTED)
    assert export.filename == "liste-des-admis-LA-2025-J0001-1.pdf"
    text = " ".join(pdf_text(export.data).split())
    for expected in (
        "Liste des candidats admis",
        "résultats publiés le 07/07/2025",
        "2 candidats admis, par ordre alphabétique",
        "BERNARD",
        "Inès",
        "25NDRC00003",
        "Lycée Jean-Monnet",
        "DUPONT",
        "page 1 / 1",
    ):
        assert expected in text, expected
    assert text.index("BERNARD") < text.index("DUPONT")
    assert "Moyenne" not in text and "Décision" not in text


def test_the_first_page_of_the_list_of_admitted_looks_like_the_reference():
    assert_looks_like(admitted_list_render(_admitted(), LISTED).data, "admitted_list")
