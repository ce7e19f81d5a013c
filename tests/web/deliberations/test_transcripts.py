"""The relevés de notes and attestations of blocks issued from the published results: nothing
before publication (the candidate gets a 404); at publication a job issues them and tells each
candidate by e-mail (« sans adresse » recorded when there is none); published again unchanged,
the same document; a result changed after a reopening, a version 2 that « annule et
remplace » the first with the reopening's reason; a bounded number of queries."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.rules.candidate_category import Route
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations import closing, services, transcripts
from ndrc.web.deliberations.models import FrozenResult
from ndrc.web.documents.kinds import ISSUERS
from ndrc.web.documents.models import IssuedDocument, MailRecord
from ndrc.web.jobs.models import Job
from tests.factories import CandidateFactory, UserFactory
from tests.web.conftest import complete
from tests.web.documents.pdfs import pdf_text

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"
PROOF = {"kind": "bts_other_specialty", "title": "BTS MCO", "proof": "copie du diplôme"}


def flat(content) -> str:
    return " ".join(pdf_text(bytes(content)).split())


def _store(candidate, write, actor):
    current = Grade.objects.filter(candidate=candidate, exam=write.exam).first()
    grade_set(
        candidate=candidate,
        write=write,
        actor=actor,
        expected_version=None if current is None else current.version,
    )


@pytest.fixture
def people(session, office):
    """Admitted A (U1 exempted, E3 carried over from 2023, EF1 optional at 14, an account with
    an address); B not admitted (absent at E2, U4 validated by the VAE, an account without an
    address); C admitted, without an account."""

    a = CandidateFactory(
        session=session,
        academy=office.academy,
        last_name="Martin",
        first_name="Élise",
        diplomas=[PROOF],
        exemption_requests=["U1"],
        ef1_language="espagnol",
        user=UserFactory(role=Role.CANDIDATE, email="elise@example.org"),
    )
    complete(a, "13")
    _store(a, GradeWrite("E1", "exempted"), office)
    _store(a, GradeWrite("E3", "carried_over", Decimal(14), carried_session=2023), office)
    _store(a, GradeWrite("EF1", "grade", Decimal(14)), office)
    b = CandidateFactory(
        session=session,
        academy=office.academy,
        establishment=None,
        route=Route.PROFESSIONAL_EXPERIENCE,
        last_name="Bernard",
        vae_units=["U4"],
        user=UserFactory(role=Role.CANDIDATE, email=""),
    )
    complete(b, "11")
    _store(b, GradeWrite("E2", "absent"), office)
    _store(b, GradeWrite("E4", "vae"), office)
    c = complete(CandidateFactory(session=session, academy=office.academy, last_name="Colin"))
    jury = services.jury_create(
        session=session,
        academy=office.academy,
        name="Jury R",
        members=[],
        candidates=[a, b, c],
        actor=office,
    )
    closing.deliberation_close(jury=jury, actor=office)
    return jury, a, b, c


def _publish(jury, office, capture):
    with capture(execute=True):
        closing.results_publish(jury=jury, actor=office)


def _current(candidate, kind="releve-de-notes"):
    return IssuedDocument.objects.filter(candidate=candidate, kind=kind).order_by("-version")[0]


def test_nothing_is_issued_nor_downloadable_before_publication(client, people, office):
    _jury, a, _b, _c = people
    assert transcripts.transcripts_issue(candidate_ids=[a.pk], actor=office) == []
    assert not IssuedDocument.objects.exists()
    client.login(username=a.user.username, password=PASSWORD)
    url = reverse("my_result_document", args=["releve-de-notes"])
    assert client.get(url).status_code == 404
    assert "my-result-documents" not in client.get(reverse("my_result")).content.decode()


def test_publication_issues_the_relevés_and_attestations_and_tells_each_candidate(
    client, people, office, django_capture_on_commit_callbacks
):
    jury, a, b, c = people
    _publish(jury, office, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="transcripts_issue")
    assert job.state == "done", job.message
    assert set(
        IssuedDocument.objects.filter(kind="releve-de-notes").values_list("candidate_id", flat=True)
    ) == {a.pk, b.pk, c.pk}
    # The attestation of blocks: only for B, not admitted, who obtained blocks.
    certificates = IssuedDocument.objects.filter(kind="attestation-blocs")
    assert list(certificates.values_list("candidate_id", flat=True)) == [b.pk]

    text = flat(_current(a).content)
    result = FrozenResult.objects.get(candidate=a).result
    for expected in (
        "Relevé de notes",
        f"Réf. RN-2025-{a.number}-1",
        "page 1 / 1",
        "MARTIN Élise",
        a.number,
        "01/03/2005",
        a.establishment.name,
        "Jury R",
        "dispensé",
        "14,00 (bénéfice 2023)",
        "13,00",
        "+4,00",  # EF1 at 14: 4 points above 10
        f"{result['average_display']} / 20",
        result["decision_label"],
        "Unités acquises et notes conservées",
        "Blocs de compétences obtenus",
        "Le recteur",
    ):
        assert expected in text, expected

    text_b = flat(_current(b).content)
    for expected in ("candidat individuel", "absent (non justifié)", "validé par la VAE"):
        assert expected in text_b, expected
    certificate = flat(_current(b, "attestation-blocs").content)
    for expected in (
        "Attestation de blocs de compétences",
        "BERNARD",
        "Bloc de compétences n° 1",  # U4, named as the référentiel names it
        "Relation client et négociation-vente",
        "validation des acquis de l'expérience",
        "validation partielle",
    ):
        assert expected in certificate, expected

    # One e-mail per candidate: A's sent (no attachment), B's and C's « sans adresse ».
    assert [m.to for m in mail.outbox] == [["elise@example.org"]]
    assert "vos résultats sont publiés" in mail.outbox[0].subject
    assert "Mes résultats" in mail.outbox[0].body and not mail.outbox[0].attachments
    records = {r.candidate_id: r.state for r in MailRecord.objects.filter(topic="results")}
    assert records == {
        a.pk: MailRecord.SENT,
        b.pk: MailRecord.NO_ADDRESS,
        c.pk: MailRecord.NO_ADDRESS,
    }

    # The candidate downloads his or her own, from « Mes résultats ».
    client.login(username=a.user.username, password=PASSWORD)
    page = client.get(reverse("my_result")).content.decode()
    assert reverse("my_result_document", args=["releve-de-notes"]) in page
    response = client.get(reverse("my_result_document", args=["releve-de-notes"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert bytes(response.content) == bytes(_current(a).content)
    # A has no attestation; an unknown kind is a 404.
    assert client.get(reverse("my_result_document", args=["attestation-blocs"])).status_code == 404
    assert client.get(reverse("my_result_document", args=["inconnu"])).status_code == 404


def test_issuing_again_gives_the_same_documents(people, office, django_capture_on_commit_callbacks):
    jury, a, b, c = people
    _publish(jury, office, django_capture_on_commit_callbacks)
    before = {d.pk: d.sha256 for d in IssuedDocument.objects.all()}
    again = ISSUERS["releve-de-notes"]([a.pk, b.pk, c.pk], office)
    again += ISSUERS["attestation-blocs"]([a.pk, b.pk, c.pk], office)
    assert {d.pk: d.sha256 for d in again} == before
    assert IssuedDocument.objects.count() == len(before)


def test_a_changed_result_after_reopening_gives_version_two(
    people, office, django_capture_on_commit_callbacks
):
    jury, a, _b, c = people
    _publish(jury, office, django_capture_on_commit_callbacks)
    first = _current(c)
    closing.deliberation_reopen(jury=jury, reason="erreur de report de la note d'E5", actor=office)
    Grade.objects.filter(candidate=c, exam="E4").delete()
    _store(Candidate.objects.get(pk=c.pk), GradeWrite("E4", "grade", Decimal(16)), office)
    closing.deliberation_close(jury=jury, actor=office)
    _publish(jury, office, django_capture_on_commit_callbacks)
    second = _current(c)
    assert (second.version, first.version) == (2, 1)
    text = flat(second.content)
    assert f"annule et remplace le document réf. {first.reference}" in text
    assert "erreur de report de la note d'E5" in text and "tour n° 2" in text
    assert second.reason == "erreur de report de la note d'E5"
    # A's result did not change: the same document.
    assert _current(a).version == 1


def test_the_queries_do_not_grow_with_the_candidates(people, office, session):
    _jury, a, b, c = people
    FrozenResult.objects.update(published_at="2025-07-07T10:00:00Z")
    with CaptureQueriesContext(connection) as one:
        transcripts.transcripts_issue(candidate_ids=[b.pk], actor=office)
    IssuedDocument.objects.all().delete()
    with CaptureQueriesContext(connection) as three:
        transcripts.transcripts_issue(candidate_ids=[a.pk, b.pk, c.pk], actor=office)
    # The audit may write a line per document in a bulk: reads stay the same.
    assert len(_reads(three)) == len(_reads(one))


def _reads(queries):
    return [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]


def test_the_confirmation_of_publication_says_the_relevés_will_be_issued(client, people, office):
    jury = people[0]
    client.login(username=office.username, password=PASSWORD)
    page = client.post(reverse("jury_publish", args=[jury.pk])).content.decode()
    assert "relevé de notes" in page and "courriel" in page
    assert not IssuedDocument.objects.exists()  # nothing before the confirmation


@pytest.mark.parametrize(
    ("decision", "blocks", "due"),
    [
        ("failed", ["U4 Relation client et négociation-vente"], True),
        ("not_deliverable", ["U1 Culture générale et expression"], True),
        ("failed_after_resit", ["U4 Relation client et négociation-vente"], True),
        ("failed", [], False),  # nothing obtained: no attestation
        ("admitted", ["U4 Relation client et négociation-vente"], False),
        ("resit_eligible", ["U4 Relation client et négociation-vente"], False),  # not final
    ],
)
def test_an_attestation_is_due_to_a_candidate_not_admitted_who_obtained_blocks(
    decision, blocks, due
):
    assert transcripts.certificate_due({"decision": decision, "blocks_obtained": blocks}) is due
