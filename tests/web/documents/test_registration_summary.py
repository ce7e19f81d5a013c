"""The registration summary read back: the candidate's identity in French, every épreuve of
the exam plan with its form, duration and coefficient (from the plan, never typed), the
choices, the exemptions with their proofs, the units validated by the VAE, the grades kept
with their session and validity, the box to check before the académie's deposit deadline;
its first page looks like the reference."""

import datetime as dt
from decimal import Decimal

import pytest

from ndrc.rules.exam_plan import ExamStatus
from ndrc.rules.texts_applied import texts_applied
from ndrc.web.candidates.models import Grade
from ndrc.web.candidates.notices import registration_summaries
from ndrc.web.candidates.rules_inputs import plan_of
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.documents.kinds import IssueInfo, kind_named
from ndrc.web.documents.registration_summary import render
from tests.factories import AcademyFactory, CandidateFactory, EstablishmentFactory, academy_dates
from tests.web.documents.pdfs import assert_looks_like, pdf_metadata, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
ISSUED = IssueInfo(reference="RI-2025-N0001-1", version=1, issued_on=dt.date(2025, 1, 20))
TODAY = dt.date(2025, 1, 20)


@pytest.fixture
def candidate(session):
    academy = AcademyFactory(code="OT", name="Orléans-Tours")
    academy_dates(
        session, academy, deposit_deadline=dt.date(2025, 3, 14), oral_date=dt.date(2025, 5, 20)
    )
    establishment = EstablishmentFactory(academy=academy, name="Lycée Jean Zay", uai="0450042Z")
    candidate = CandidateFactory(
        session=session,
        academy=academy,
        establishment=establishment,
        number="N0001",
        last_name="Martin",
        first_name="Léa",
        birth_date=dt.date(2006, 4, 2),
        lv1="anglais",
        ef1_language="espagnol",
        ef2=True,
        exemption_requests=["U1", "U3"],
        diplomas=[
            {
                "kind": "licence",
                "law_economics_management": True,
                "title": "Licence de droit",
                "proof": "copie du diplôme reçue le 10/01/2025",
            }
        ],
        vae_units=["U6"],
    )
    Grade.objects.create(
        candidate=candidate,
        exam="E2",
        state="carried_over",
        value=Decimal("14.50"),
        carried_session=2023,
    )
    return candidates_read([candidate.pk])[0]


def flat(text):
    """The text of a PDF on one line (a cell wraps its words)."""
    return " ".join(text.split())


def summary(candidate, today=TODAY):
    return registration_summaries([candidate], today=today)[candidate.pk]


def test_the_summary_in_french_with_the_plan_the_choices_and_the_proofs(candidate):
    data = summary(candidate)
    content = render(data, ISSUED).data
    text = flat(pdf_text(content))
    pages = pdf_pages(content)
    for expected in (
        "Récapitulatif d'inscription",
        "Académie d'Orléans-Tours",
        "MARTIN Léa",
        "N0001",
        "02/04/2006",
        "Session 2025",
        "Voie scolaire",
        "Lycée Jean Zay (0450042Z)",
        "Colonne",
        "anglais",
        "langue : espagnol",
        "Licence de droit",
        "justificatif : copie du diplôme reçue le 10/01/2025",
        "Justificatif reçu.",
        "Validée par la VAE",
        "14,50",
        "2023",
        "2028",  # valid until the session 2023 + the validity of the rules core
        "À vérifier par le candidat",
        "avant le 14/03/2025",
        "Réf. RI-2025-N0001-1",
        "Délivré le 20/01/2025",
        f"page 1 / {pages}",
    ):
        assert expected in text, expected
    meta = pdf_metadata(content)
    assert meta["Title"] == "Récapitulatif d'inscription — RI-2025-N0001-1"
    assert meta["Subject"] == "Récapitulatif d'inscription — N0001"
    # The texts applied, from the rules core.
    assert texts_applied(2025)[0] in text


def test_every_exam_with_its_form_and_coefficient_from_the_plan(candidate):
    data = summary(candidate)
    plan = plan_of(candidate)
    assert [e.code for e in data.exams] == [p.code for p in plan.exams]
    by_code = {e.code: e for e in data.exams}
    for planned in plan.exams:
        line = by_code[planned.code]
        expected = "—" if planned.exam.coefficient is None else str(planned.exam.coefficient)
        assert line.coefficient == expected
        if planned.status is ExamStatus.TO_SIT and planned.exam.unit != "U6":
            assert line.form == planned.form_label_fr()
            assert line.duration == (planned.duration_label_fr() or "—")
    assert by_code["E1"].status == "Dispensé"  # U1 requested with a licence
    assert by_code["E6"].status == "Validée par la VAE"
    text = flat(pdf_text(render(data, ISSUED).data))
    assert "Ponctuelle écrite" in text
    assert "CCF" in text
    e5 = plan.exam("E5")
    for part in e5.parts:
        assert f"coefficient {part.coefficient}" in text


def test_a_refused_exemption_and_a_diploma_without_proof_are_said(candidate):
    candidate.exemption_requests = ["U2", "U3"]
    candidate.diplomas = [{"kind": "bts_other_specialty", "title": "", "proof": ""}]
    data = summary(candidate)
    lines = {line.label: line.text for line in data.exemptions}
    assert lines["U2"].startswith("accordée") and "à fournir" in lines["U2"]
    assert lines["U3"].startswith("refusée")
    assert data.diplomas[0].text == "justificatif non fourni"
    assert data.diplomas[0].label == "BTS d'une autre spécialité"


def test_no_date_to_check_by_once_the_deadline_has_passed(candidate):
    data = summary(candidate, today=dt.date(2025, 3, 15))
    assert data.check_before is None
    text = pdf_text(render(data, ISSUED).data)
    assert "À vérifier par le candidat" in text and "avant le" not in text


def test_a_corrected_summary_says_which_it_replaces(candidate):
    corrected = IssueInfo(
        reference="RI-2025-N0001-2",
        version=2,
        issued_on=dt.date(2025, 2, 3),
        replaces="RI-2025-N0001-1",
        replaces_on=dt.date(2025, 1, 20),
        reason="données du dossier modifiées depuis sa délivrance",
    )
    text = flat(pdf_text(render(summary(candidate), corrected).data))
    assert "annule et remplace le document réf. RI-2025-N0001-1 du 20/01/2025" in text


def test_the_kind_is_declared_for_the_candidate_and_the_centre():
    kind = kind_named("recapitulatif-inscription")
    assert kind.to_candidate and kind.to_centre and kind.code == "RI"


def test_the_first_page_looks_like_the_reference(candidate):
    assert_looks_like(render(summary(candidate), ISSUED).data, "registration_summary")
