"""The NV notice read back: each épreuve NV with each cause and the text applied as the rules
core writes them, the consequence quoted from the circular of 2022 (§1.5: the candidates
whose dossier is not compliant are told they will not be able to sit the épreuve), the
deposit deadline and the date of the orals of the académie, whom to contact; none for a
conforming candidate, nor before the deposit deadline (a dossier not deposited yet is
awaited), nor once the orals are over; its first page looks like the reference."""

import datetime as dt

import pytest

from ndrc.rules.conformity.dossiers import dossier_data
from ndrc.web.candidates.models import Dossier
from ndrc.web.candidates.notices import nv_notices
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.documents.kinds import IssueInfo, kind_named
from ndrc.web.documents.nv_notice import NvNoticeData, render
from tests.builders import conforming_files
from tests.factories import AcademyFactory, CandidateFactory, EstablishmentFactory, academy_dates
from tests.web.documents.pdfs import assert_looks_like, pdf_metadata, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
ISSUED = IssueInfo(reference="NV-2025-N0002-1", version=1, issued_on=dt.date(2025, 4, 1))
AFTER_DEADLINE = dt.date(2025, 4, 1)


def flat(text):
    return " ".join(text.split())


def nv_candidate(session, *, number="N0002"):
    """A school candidate whose E4 dossier is not signed and whose E6 dossier was never
    deposited (académie: deadline 14/03/2025, orals 20/05/2025)."""
    academy = AcademyFactory(code="OT", name="Orléans-Tours")
    academy_dates(
        session, academy, deposit_deadline=dt.date(2025, 3, 14), oral_date=dt.date(2025, 5, 20)
    )
    establishment = EstablishmentFactory(academy=academy, name="Lycée Jean Zay", uai="0450042Z")
    candidate = conforming_files(
        CandidateFactory(
            session=session,
            academy=academy,
            establishment=establishment,
            number=number,
            last_name="Bernard",
            first_name="Hugo",
            birth_date=dt.date(2006, 4, 2),
        )
    )
    e4 = Dossier.objects.get(candidate=candidate, exam="E4")
    e4.content = {**e4.content, "signed": False}
    e4.save()
    Dossier.objects.filter(candidate=candidate, exam="E6").delete()
    return candidates_read([candidate.pk])[0]


def notice(candidate, today=AFTER_DEADLINE):
    return nv_notices([candidate], today=today)[candidate.pk]


def test_each_cause_with_its_text_and_the_consequence_quoted_from_the_circular(session):
    data = notice(nv_candidate(session))
    assert isinstance(data, NvNoticeData)
    causes = dossier_data()["nv_causes"]
    assert [(e.code, e.causes) for e in data.exams] == [
        ("E4", (causes["not_signed"],)),
        ("E6", (causes["not_deposited"],)),
    ]
    content = render(data, ISSUED).data
    text = flat(pdf_text(content))
    pages = pdf_pages(content)
    for expected in (
        "Avis de non-conformité du dossier",
        "Académie d'Orléans-Tours",
        "BERNARD Hugo",
        "N0002",
        "02/04/2006",
        "Lycée Jean Zay (0450042Z)",
        "date limite de dépôt fixée par l'académie : 14/03/2025",
        "Votre dossier n'est pas conforme pour : E4, E6",
        "E4 Relation client et négociation-vente",
        "Documents constituant le dossier non visés ou non signés",
        "Absence de dépôt du dossier",
        # The text applied to each cause, as the rules core cites it (règlement of 2023).
        "Arrêté du 13 décembre 2023",
        "annexe II, E4 §4.1 et E6 §4.1 (contrôle de conformité)",
        # The consequence and the duty to warn, quoted from the circular with their lines.
        "qu'ils ne pourront pas subir l'épreuve",
        "Le candidat, même présent à l'épreuve, ne peut être interrogé",
        "Circulaire nationale d'organisation, session 2022",
        "§1.5 (l. 124)",
        "§1.5 (l. 126)",
        "Date des épreuves orales fixée par l'académie : 20/05/2025",
        "adressez-vous à votre centre de formation (Lycée Jean Zay (0450042Z))",
        "Réf. NV-2025-N0002-1",
        "Délivré le 01/04/2025",
        f"page 1 / {pages}",
    ):
        assert expected in text, expected
    meta = pdf_metadata(content)
    assert meta["Title"] == "Avis de non-conformité du dossier — NV-2025-N0002-1"
    assert "Orléans-Tours" in meta["Author"]


def test_the_circular_is_what_the_rules_core_holds_with_its_citation():
    held = dossier_data()["nv_notice"]
    assert "ne pourront pas subir l'épreuve" in held["warning"]
    assert held["warning_cite"].startswith("C2022 §1.5")
    assert held["consequence_cite"].startswith("C2022 §1.5")


def test_none_for_a_conforming_candidate(session):
    candidate = nv_candidate(session)
    Dossier.objects.filter(candidate=candidate, exam="E4").update(
        content={**Dossier.objects.get(candidate=candidate, exam="E4").content, "signed": True}
    )
    from tests.builders import E6

    Dossier.objects.create(candidate=candidate, exam="E6", content=E6)
    found = notice(candidates_read([candidate.pk])[0])
    assert found == "Aucun dossier du candidat n'est non conforme (NV)."


def test_none_before_the_deposit_deadline_a_dossier_not_deposited_is_awaited(session):
    found = notice(nv_candidate(session), today=dt.date(2025, 3, 14))
    assert isinstance(found, str) and "n'est pas passée" in found


def test_none_without_a_deadline_fixed_nor_once_the_orals_are_over(session):
    candidate = nv_candidate(session)
    assert "ont eu lieu le 20/05/2025" in notice(candidate, today=dt.date(2025, 5, 21))
    academy_dates(session, candidate.academy, deposit_deadline=None, oral_date=None)
    assert "n'est pas fixée" in notice(candidate)


def test_the_kind_is_declared_for_the_candidate_and_the_centre():
    kind = kind_named("avis-non-conformite")
    assert kind.to_candidate and kind.to_centre and kind.code == "NV"


def test_the_first_page_looks_like_the_reference(session):
    assert_looks_like(render(notice(nv_candidate(session)), ISSUED).data, "nv_notice")
