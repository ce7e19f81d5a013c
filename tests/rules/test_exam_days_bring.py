"""What a candidate brings to the épreuves (exam_days.yaml, ``bring``), each with its text:
the identity document to every épreuve (DEC D95), the calculators of C2022 §1.4 to a written
paper, the dossier to E4 and E6, the fiche d'engagement étudiant to EF2, nothing more to E2."""

from ndrc.rules.exam_days import to_bring, to_bring_always


def test_the_identity_document_to_every_epreuve():
    (identity,) = to_bring_always()
    assert "pièce d'identité" in identity.text
    assert identity.citation.short == "DEC D95"


def test_a_written_paper_the_calculator_in_mode_examen():
    (calculator,) = to_bring("E1", written=True)
    assert "« mode examen »" in calculator.text
    assert calculator.citation.short.startswith("C2022 §1.4")


def test_the_dossier_to_e4_and_e6_the_fiche_to_ef2_nothing_more_to_e2():
    assert "dossier support" in to_bring("E4", written=False)[0].text
    assert to_bring("E4", written=False)[0].citation.short.startswith("C2022 §1.11")
    assert "dossier support" in to_bring("E6", written=False)[0].text
    assert "fiche d'engagement étudiant" in to_bring("EF2", written=False)[0].text
    assert to_bring("E2", written=False) == ()
