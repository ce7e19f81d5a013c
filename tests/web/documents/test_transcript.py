"""The relevé de notes and the attestation of competence blocks, as drawn: every unit with its
grade or state in French, grades with a comma, the average as the rules core displays it
(9,996… never reads 10,00), the decision, the validity of what is kept, the blocks, the
reference and « page n / N », the metadata; the first page compared with a reference image."""

import datetime as dt
from fractions import Fraction

from ndrc.rules.results.display import display_average
from ndrc.rules.texts_applied import texts_applied
from ndrc.web.documents.blocks_certificate import (
    BLOCKS_CERTIFICATE,
    BlockLine,
    BlocksCertificateData,
    blocks_certificate_render,
)
from ndrc.web.documents.kinds import KINDS, IssueInfo
from ndrc.web.documents.transcript import (
    TRANSCRIPT,
    Identity,
    KeptLine,
    TranscriptData,
    UnitLine,
    transcript_render,
)
from tests.web.documents.pdfs import assert_looks_like, pdf_metadata, pdf_pages, pdf_text

ISSUED = IssueInfo(reference="RN-2025-25000042-1", version=1, issued_on=dt.date(2025, 7, 4))
IDENTITY = Identity(
    last_name="Dupont",
    first_name="Élodie",
    number="25000042",
    birth_date=dt.date(2006, 4, 2),
    establishment="Lycée Jean Moulin",
)


def flat(content: bytes) -> str:
    """The text read back, its lines joined (a cell's text may wrap)."""
    return " ".join(pdf_text(content).split())


def _units() -> tuple[UnitLine, ...]:
    return (
        UnitLine("U1", "E1", "Culture générale et expression", "general", 3, "dispensé", ""),
        UnitLine(
            "U2",
            "E2",
            "Communication en langue vivante étrangère 1",
            "general",
            3,
            "absent (non justifié)",
            "",
        ),
        UnitLine(
            "U3",
            "E3",
            "Culture économique, juridique et managériale",
            "general",
            3,
            "14,00 (bénéfice 2023)",
            "42,00",
        ),
        UnitLine(
            "U4",
            "E4",
            "Relation client et négociation-vente",
            "professional",
            5,
            "validé par la VAE",
            "",
        ),
        UnitLine(
            "U5",
            "E5",
            "Relation client à distance et digitalisation",
            "professional",
            4,
            "12,50",
            "50,00",
        ),
        UnitLine(
            "U6",
            "E6",
            "Relation client et animation de réseaux",
            "professional",
            3,
            "NV (non valide)",
            "",
        ),
        UnitLine(
            "U6",
            "E6",
            "Relation client et animation de réseaux",
            "professional",
            3,
            "absent pour force majeure",
            "0,00",
        ),
        UnitLine(
            "UF1",
            "EF1",
            "Communication en langue vivante étrangère 2",
            "optional",
            None,
            "13,25",
            "",
            bonus="3,25",
        ),
    )


def transcript_data(**changes) -> TranscriptData:
    values = dict(
        academy="Orléans-Tours",
        session=2025,
        texts=texts_applied(2025),
        identity=IDENTITY,
        jury="Jury NDRC 1",
        round=1,
        deliberated_on=dt.date(2025, 7, 2),
        published_on=dt.date(2025, 7, 3),
        units=_units(),
        optional_bonus="3,25",
        bonus_threshold="10,00",
        total_points="95,25",
        divisor=10,
        average_display=display_average(Fraction(9996, 1000), 2025),
        average_after_resit_display="",
        decision_label="Refusé",
        units_awarded=(KeptLine("U5", "E5", "12,50", 2025, 2030),),
        grades_kept=(KeptLine("U3", "E3", "14,00", 2023, 2028),),
        blocks=(
            "U4 Relation client et négociation-vente",
            "U5 Relation client à distance et digitalisation",
        ),
    )
    values.update(changes)
    return TranscriptData(**values)


def test_the_kinds_are_declared_for_the_candidate():
    assert KINDS["releve-de-notes"] is TRANSCRIPT and TRANSCRIPT.to_candidate
    assert KINDS["attestation-blocs"] is BLOCKS_CERTIFICATE and BLOCKS_CERTIFICATE.to_candidate


def test_the_transcript_reads_back_with_every_unit_state_average_and_validity():
    export = transcript_render(transcript_data(), ISSUED)
    assert export.filename == "releve-de-notes-RN-2025-25000042-1.pdf"
    assert export.mimetype == "application/pdf"
    text = flat(export.data)
    for expected in (
        "Relevé de notes",
        "Académie d'Orléans-Tours",
        "Session 2025",
        "Réf. RN-2025-25000042-1",
        "Délivré le 04/07/2025",
        "DUPONT Élodie",
        "25000042",
        "02/04/2006",
        "Lycée Jean Moulin",
        "Jury NDRC 1 — délibération du 02/07/2025",
        "dispensé",
        "absent (non justifié)",
        "NV (non valide)",
        "absent pour force majeure",
        "0,00",
        "validé par la VAE",
        "14,00 (bénéfice 2023)",
        "12,50",
        "50,00",
        "+3,25",  # the optional unit's points above 10
        "Points des épreuves facultatives au-dessus de 10,00",
        "Total des coefficients",
        "Décision du jury",
        "Refusé",
        "Unités acquises et notes conservées",
        "2030",
        "2028",
        "Blocs de compétences obtenus",
        "U4 Relation client et négociation-vente",
        "Le recteur",
        "Pour le recteur et par délégation",
        "page 1 / 1",
        "Arrêté du 19 février 2018",
    ):
        assert expected in text, expected
    # The average as the rules core displays it: below the pass mark, never « 10,00 ».
    shown = display_average(Fraction(9996, 1000), 2025)
    assert shown != "10,00" and f"{shown} / 20" in text
    assert "10,00 / 20" not in text
    assert "annule et remplace" not in text
    meta = pdf_metadata(export.data)
    assert meta["Title"] == "Relevé de notes — RN-2025-25000042-1"
    assert "Orléans-Tours" in meta["Author"]
    assert "DUPONT Élodie" in meta["Subject"]


def test_the_same_data_gives_the_same_bytes():
    assert transcript_render(transcript_data(), ISSUED).data == (
        transcript_render(transcript_data(), ISSUED).data
    )


def test_a_resit_average_and_a_replacement_are_printed():
    info = IssueInfo(
        reference="RN-2025-25000042-2",
        version=2,
        issued_on=dt.date(2025, 7, 10),
        replaces="RN-2025-25000042-1",
        replaces_on=dt.date(2025, 7, 4),
        reason="erreur de saisie de la note d'E5",
    )
    text = flat(
        transcript_render(
            transcript_data(average_after_resit_display="10,25", decision_label="Admis"), info
        ).data
    )
    assert "Moyenne après épreuves de contrôle" in text and "10,25 / 20" in text
    assert "annule et remplace le document réf. RN-2025-25000042-1 du 04/07/2025" in text
    assert "erreur de saisie de la note d'E5" in text


def test_a_long_transcript_goes_on_to_a_second_page_with_its_header():
    many = tuple(
        UnitLine(
            f"U{i}",
            f"E{i}",
            "Épreuve d'un intitulé assez long " * 3,
            "general",
            2,
            "12,00",
            "24,00",
        )
        for i in range(40)
    )
    content = transcript_render(transcript_data(units=many), ISSUED).data
    pages = pdf_pages(content)
    text = pdf_text(content)
    assert pages >= 2 and f"page {pages} / {pages}" in text
    assert text.count("Note ou état") == pages or text.count("Note ou état") >= 2


def test_a_name_with_letters_outside_the_prepared_alphabet_still_prints():
    data = transcript_data(identity=Identity("Łukasiewicz", "Zoë", "1", dt.date(2006, 1, 2), "x"))
    assert "ŁUKASIEWICZ Zoë" in pdf_text(transcript_render(data, ISSUED).data)


def test_the_transcript_looks_like_the_reference():
    assert_looks_like(transcript_render(transcript_data(), ISSUED).data, "transcript")


def certificate_data(**changes) -> BlocksCertificateData:
    values = dict(
        academy="Orléans-Tours",
        session=2025,
        texts=texts_applied(2025),
        identity=IDENTITY,
        jury="Jury NDRC 1",
        deliberated_on=dt.date(2025, 7, 2),
        decision_label="Refusé",
        vae=False,
        blocks=(
            BlockLine(
                "Bloc de compétences n° 1",
                "Relation client et négociation-vente",
                "U4",
                "validation des acquis de l'expérience",
                2025,
                None,
            ),
            BlockLine(
                "Bloc de compétences n° 2",
                "Relation client à distance et digitalisation",
                "U5",
                "note 12,50",
                2025,
                2030,
            ),
        ),
    )
    values.update(changes)
    return BlocksCertificateData(**values)


CERTIFIED = IssueInfo(reference="AB-2025-25000042-1", version=1, issued_on=dt.date(2025, 7, 4))


def test_the_certificate_names_each_block_and_its_validity():
    export = blocks_certificate_render(certificate_data(), CERTIFIED)
    assert export.filename == "attestation-blocs-AB-2025-25000042-1.pdf"
    text = flat(export.data)
    for expected in (
        "Attestation de blocs de compétences",
        "DUPONT Élodie",
        "Bloc de compétences n° 1",
        "Relation client et négociation-vente",
        "validation des acquis de l'expérience",
        "note 12,50",
        "2030",
        "décision : Refusé",
        "Réf. AB-2025-25000042-1",
        "page 1 / 1",
        "Pour le recteur et par délégation",
    ):
        assert expected in text, expected
    assert pdf_metadata(export.data)["Title"] == (
        "Attestation de blocs de compétences — AB-2025-25000042-1"
    )
    partial = flat(blocks_certificate_render(certificate_data(vae=True), CERTIFIED).data)
    assert "validation des acquis de l'expérience (validation partielle)" in partial


def test_the_certificate_looks_like_the_reference():
    assert_looks_like(blocks_certificate_render(certificate_data(), CERTIFIED).data, "blocks")
