"""The appeals on the grids (issue 17, « Appeals »): once his or her result is published, a
candidate asks for the filled grids of an épreuve (for EF2 the fiche d'évaluation, « seul
document d'évaluation communicable au candidat en cas de réclamation »: C2022 §1.14); the
exam office answers in one click with the PDF of the signed grids, issued as a document the
candidate reads in his or her documents, or refuses with a reason; the exam office and the
examiner who signed download the PDF of a signed grid from its page. Nothing before
publication, nobody else's, no server error."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.rules.grids import default_grids
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Route
from ndrc.web.deliberations.models import FrozenResult, Jury, JuryAssignment
from ndrc.web.documents.grid_sheet import GRID_SHEET
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.grading.models import EvaluationGrid, ExaminerAssignment, GridAppeal
from tests.factories import AcademyFactory, CandidateFactory, UserFactory
from tests.web.documents.pdfs import pdf_text
from tests.web.test_permission_matrix import row_counts

pytestmark = pytest.mark.django_db
SIGNED_AT = dt.datetime(2025, 6, 12, 8, 30, tzinfo=dt.UTC)  # 10:30 in Paris


def html(response):
    """The page's text, its apostrophes as typed."""
    return response.content.decode().replace("&#x27;", "'")


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def candidate(session, office):
    """A candidate who sits E4 in the one-off form and the optional EF2, with an account."""
    return CandidateFactory(
        session=session,
        academy=office.academy,
        route=Route.PROFESSIONAL_EXPERIENCE,
        ef2=True,
        last_name="Martin",
        first_name="Inès",
        number="A0042",
        user=UserFactory(role=Role.CANDIDATE, username="ines", email="ines@example.org"),
    )


@pytest.fixture
def examiner(office, candidate):
    user = UserFactory(
        role=Role.EXAMINER, academy=office.academy, first_name="Paul", last_name="Roux"
    )
    for exam in ("E4", "EF2"):
        ExaminerAssignment.objects.create(examiner=user, candidate=candidate, exam=exam)
    return user


def publish(candidate):
    jury = Jury.objects.create(
        session=candidate.session, academy=candidate.academy, name="Jury 1", state=Jury.CLOSED
    )
    JuryAssignment.objects.create(jury=jury, candidate=candidate)
    FrozenResult.objects.create(
        jury=jury,
        candidate=candidate,
        round=1,
        decision="admitted",
        decision_label="Admis",
        regulation="R2023",
        result={},
        explanation="",
        published_at=dt.datetime(2025, 7, 7, tzinfo=dt.UTC),
    )


def signed_grid(candidate, exam, signer, *, state=EvaluationGrid.SIGNED):
    grid = default_grids(candidate.session.year)[(exam, "one_off", "")]
    levels = {c.code: "S" for c in grid.criteria}
    levels[grid.criteria[0].code] = "TS"
    return EvaluationGrid.objects.create(
        candidate=candidate,
        exam=exam,
        form="one_off",
        situation="",
        grid=grid.to_dict(),
        levels=levels,
        comments={grid.sections[-1].code: "Exposé clair et structuré"},
        proposal="14.5",
        state=state,
        version=4,
        signed_by=signer if state == EvaluationGrid.SIGNED else None,
        signed_at=SIGNED_AT if state == EvaluationGrid.SIGNED else None,
    )


def ask(client, candidate, exam="EF2", text="Je souhaite comprendre ma note."):
    client.force_login(candidate.user)
    return client.post(reverse("my_appeals"), {"exam": exam, "text": text})


def test_a_request_is_refused_before_the_results_are_published(client, candidate):
    client.force_login(candidate.user)
    page = html(client.get(reverse("my_appeals")))
    assert "Vos résultats ne sont pas encore publiés" in page
    assert 'id="appeal-form"' not in page
    response = ask(client, candidate)
    assert response.status_code == 302
    assert not GridAppeal.objects.exists()
    page = html(client.get(reverse("my_appeals")))
    assert "la demande sera possible après leur publication" in page


def test_a_request_is_recorded_once_the_results_are_published(client, candidate):
    publish(candidate)
    client.force_login(candidate.user)
    page = html(client.get(reverse("my_appeals")))
    assert "EF2 — fiche d'évaluation" in page and "E4 — grilles d'évaluation" in page
    ask(client, candidate)
    appeal = GridAppeal.objects.get()
    assert (appeal.exam, appeal.what, appeal.state) == ("EF2", GridAppeal.FICHE, "requested")
    assert appeal.text == "Je souhaite comprendre ma note."
    entry = AuditEntry.objects.get(action="grid_appeal_request")
    assert entry.candidate_id == candidate.pk and entry.actor == candidate.user
    # One pending request per épreuve.
    ask(client, candidate)
    assert GridAppeal.objects.count() == 1
    page = html(client.get(reverse("my_appeals")))
    assert "attend déjà la réponse du service des examens" in page
    assert "demandée" in page


def test_the_database_keeps_one_pending_request_per_exam(candidate, monkeypatch):
    """Two requests sent at once both find none pending: the database's constraint refuses
    the second, with the French message, and the refusal writes nothing."""
    from ndrc.web.grading import appeal_services

    publish(candidate)
    first = appeal_services.appeal_request(
        user=candidate.user, candidate=candidate, exam="EF2", text="Première"
    )
    # The second request, as if sent at the same moment (before the first was committed).
    with monkeypatch.context() as race, pytest.raises(ValidationError) as refused:
        race.setattr(GridAppeal.objects, "filter", lambda **_: GridAppeal.objects.none())
        race.setattr(GridAppeal, "validate_constraints", lambda self, exclude=None: None)
        appeal_services.appeal_request(
            user=candidate.user, candidate=candidate, exam="EF2", text="Seconde"
        )
    assert refused.value.messages == [
        "Une demande pour l'épreuve EF2 attend déjà la réponse du service des examens."
    ]
    # Checked before saving (full_clean), the constraint says it in French too.
    with monkeypatch.context() as race, pytest.raises(ValidationError) as refused:
        race.setattr(GridAppeal.objects, "filter", lambda **_: GridAppeal.objects.none())
        appeal_services.appeal_request(
            user=candidate.user, candidate=candidate, exam="EF2", text="Seconde"
        )
    assert "attend déjà la réponse du service des examens" in str(refused.value)
    assert list(GridAppeal.objects.values_list("pk", flat=True)) == [first.pk]
    assert AuditEntry.objects.filter(action="grid_appeal_request").count() == 1
    # Once answered, the épreuve may be asked again; another épreuve any time.
    GridAppeal.objects.filter(pk=first.pk).update(state=GridAppeal.REFUSED)
    for exam in ("EF2", "E4"):
        appeal_services.appeal_request(
            user=candidate.user, candidate=candidate, exam=exam, text="Encore"
        )
    assert GridAppeal.objects.filter(state=GridAppeal.REQUESTED).count() == 2


def test_the_office_answers_with_the_pdf_of_the_signed_fiche_only(
    client, candidate, office, examiner
):
    publish(candidate)
    signed_grid(candidate, "EF2", examiner)
    signed_grid(candidate, "E4", examiner)
    ask(client, candidate)
    appeal = GridAppeal.objects.get()
    client.force_login(office)
    listing = html(client.get(reverse("appeals")))
    assert "A0042 MARTIN Inès" in listing and "Je souhaite comprendre ma note." in listing
    response = client.post(reverse("appeals"), {"appeal": appeal.pk, "action": "answer"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == GridAppeal.ANSWERED and appeal.answered_by == office
    document = IssuedDocument.objects.get(kind=GRID_SHEET.slug)
    assert appeal.document == document and document.candidate == candidate
    assert document.reference == "GE-2025-A0042-EF2-1"
    text = flat(pdf_text(bytes(document.content)))
    assert "Fiche d'évaluation — EF2" in text
    assert "MARTIN Inès" in text and "A0042" in text
    assert "Présentation du contexte" in text and "Bilan des compétences acquises" in text
    assert "Très satisfaisant (TS)" in text and "Satisfaisant (S)" in text
    assert "Commentaire : Exposé clair et structuré" in text
    assert "Note proposée : 14,5" in text
    assert "Grille signée par Paul Roux le 12/06/2025 à 10:30" in text
    assert "C2022 §1.14" in text
    assert "Aucune pénalité." in text
    # The E4 grid is not sent with the EF2 fiche.
    assert "E4 ·" not in text and "C1.1" not in text
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"grid_appeal_answer", "document_issue"} <= actions
    # Told by e-mail, the PDF attached.
    from django.core import mail

    sent = [m for m in mail.outbox if m.to == [candidate.user.email]]
    assert len(sent) == 1 and "Vos grilles d'évaluation (EF2)" in sent[0].subject
    assert document.reference in sent[0].body and len(sent[0].attachments) == 1
    # The candidate reads it in his or her documents and downloads it.
    client.force_login(candidate.user)
    documents = html(client.get(reverse("documents")))
    assert document.reference in documents
    download = client.get(reverse("document_download", args=[document.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert document.reference in client.get(reverse("my_appeals")).content.decode().replace(
        "&#x27;", "'"
    )
    # Another candidate does not.
    other = CandidateFactory(
        session=candidate.session,
        academy=candidate.academy,
        user=UserFactory(role=Role.CANDIDATE),
    )
    client.force_login(other.user)
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404
    assert document.reference not in client.get(reverse("my_appeals")).content.decode().replace(
        "&#x27;", "'"
    )
    # Answered once: a second answer changes nothing.
    client.force_login(office)
    client.post(reverse("appeals"), {"appeal": appeal.pk, "action": "answer"})
    assert IssuedDocument.objects.filter(kind=GRID_SHEET.slug).count() == 1


def test_a_draft_grid_is_never_sent_and_the_request_is_refused_with_a_reason(
    client, candidate, office, examiner
):
    publish(candidate)
    signed_grid(candidate, "E4", examiner, state=EvaluationGrid.DRAFT)
    ask(client, candidate, exam="E4", text="")
    appeal = GridAppeal.objects.get()
    assert appeal.what == GridAppeal.GRIDS
    client.force_login(office)
    client.post(reverse("appeals"), {"appeal": appeal.pk, "action": "answer"})
    appeal.refresh_from_db()
    assert appeal.state == GridAppeal.REQUESTED
    assert not IssuedDocument.objects.filter(kind=GRID_SHEET.slug).exists()
    page = html(client.get(reverse("appeals")))
    assert "Aucune grille signée pour l'épreuve E4" in page
    client.post(reverse("appeals"), {"appeal": appeal.pk, "action": "refuse", "reason": " "})
    appeal.refresh_from_db()
    assert appeal.state == GridAppeal.REQUESTED
    reason = "La grille n'est pas encore signée par la commission."
    client.post(reverse("appeals"), {"appeal": appeal.pk, "action": "refuse", "reason": reason})
    appeal.refresh_from_db()
    assert appeal.state == GridAppeal.REFUSED and appeal.answer == reason
    assert AuditEntry.objects.get(action="grid_appeal_refuse").reason == reason
    client.force_login(candidate.user)
    page = html(client.get(reverse("my_appeals")))
    assert "refusée" in page and "pas encore signée par la commission" in page
    # A new request is listed before the ones answered.
    ask(client, candidate, exam="EF2", text="Nouvelle demande")
    client.force_login(office)
    listing = html(client.get(reverse("appeals")))
    assert listing.index("Nouvelle demande") < listing.index("refusée (")


def test_only_the_exam_office_of_the_academie_answers(client, candidate, office, examiner):
    publish(candidate)
    signed_grid(candidate, "EF2", examiner)
    ask(client, candidate)
    appeal = GridAppeal.objects.get()
    centre = UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=office.academy,
        establishment=candidate.establishment,
    )
    for user in (centre, examiner, candidate.user):
        client.force_login(user)
        assert client.get(reverse("appeals")).status_code == 403
        response = client.post(reverse("appeals"), {"appeal": appeal.pk, "action": "answer"})
        assert response.status_code == 403
    other_office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="B02"))
    client.force_login(other_office)
    assert "A0042" not in html(client.get(reverse("appeals")))
    client.post(reverse("appeals"), {"appeal": appeal.pk, "action": "answer"})
    appeal.refresh_from_db()
    assert appeal.state == GridAppeal.REQUESTED
    assert not IssuedDocument.objects.filter(kind=GRID_SHEET.slug).exists()
    # A staff member has no request form of his or her own.
    client.force_login(office)
    assert client.get(reverse("my_appeals")).status_code == 403


@pytest.mark.parametrize(
    "data",
    [
        {"appeal": "abc", "action": "answer"},
        {"appeal": "99999999999999999999999", "action": "refuse", "reason": "x"},
        {"appeal": "-1"},
        {},
    ],
)
def test_bad_input_of_the_office_gives_a_french_message(client, candidate, office, data):
    publish(candidate)
    ask(client, candidate)
    client.force_login(office)
    before = row_counts()
    response = client.post(reverse("appeals"), data, follow=True)
    assert response.status_code == 200
    assert "Demande introuvable." in html(response)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"exam": "ZZ9"}, "Choisissez une épreuve de votre plan évaluée sur une grille."),
        ({"exam": "E1"}, "Choisissez une épreuve de votre plan évaluée sur une grille."),
        ({"exam": "EF2", "text": "x" * 2001}, "2000 caractères au plus"),
        ({}, "Choisissez une épreuve"),
    ],
)
def test_bad_input_of_the_candidate_gives_a_french_message(client, candidate, data, message):
    publish(candidate)
    client.force_login(candidate.user)
    before = row_counts()
    response = client.post(reverse("my_appeals"), data, follow=True)
    assert response.status_code == 200
    assert message in html(response)
    assert row_counts() == before


def test_the_pdf_of_a_signed_grid_from_its_page(client, candidate, office, examiner):
    grid = signed_grid(candidate, "E4", examiner)
    url = reverse("grid_pdf", args=[candidate.pk, "E4"])
    for user in (office, examiner):
        client.force_login(user)
        page = (
            client.get(reverse("grid_fill", args=[candidate.pk, "E4"]))
            .content.decode()
            .replace("&#x27;", "'")
        )
        assert url in page
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = flat(pdf_text(response.content))
        assert "Grille d'évaluation — E4" in text and "GE-2025-A0042-E4-v4" in text
        assert grid.grid["sections"][0]["criteria"][0]["text"][:30] in text
        assert "Très satisfaisant (TS)" in text
    # Another examiner of the candidate, who did not sign it, reads why there is no PDF.
    colleague = UserFactory(role=Role.EXAMINER, academy=office.academy)
    ExaminerAssignment.objects.filter(candidate=candidate, exam="E4").update(examiner=colleague)
    client.force_login(colleague)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "examinateur qui l'a signée" in html(response)
    # A draft has none.
    grid.state = EvaluationGrid.DRAFT
    grid.save()
    client.force_login(office)
    response = client.get(url)
    assert "Cette grille n'est pas signée" in html(response)
    # An examiner who does not see the candidate: 404.
    stranger = UserFactory(role=Role.EXAMINER, academy=office.academy)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.get(reverse("grid_pdf", args=[candidate.pk, "ZZ"])).status_code == 404


def test_a_nul_character_is_refused_before_the_view(client, candidate):
    publish(candidate)
    client.force_login(candidate.user)
    before = row_counts()
    response = client.post(reverse("my_appeals"), {"exam": "EF2", "text": "note\x00"})
    assert response.status_code == 400
    assert row_counts() == before


def test_the_pdf_names_the_commissions_second_member(candidate, examiner):
    """A two-member commission: the member whose account signed, and the other one."""
    from ndrc.web.grading.appeal_selectors import grid_pdf

    grid = signed_grid(candidate, "E4", examiner)
    EvaluationGrid.objects.filter(pk=grid.pk).update(second_member="Claire Dubois")
    grid.refresh_from_db()
    text = flat(pdf_text(grid_pdf(grid=grid, today=dt.date(2026, 11, 30)).data))
    assert "Grille signée par Paul Roux le 12/06/2025 à 10:30" in text
    assert "Second membre de la commission : Claire Dubois." in text
