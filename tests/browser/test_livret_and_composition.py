"""The livret and the jury's composition in the browser: the training centre attaches a
candidate's livret (a PDF, the appreciations and the Pix mention), a member of the jury opens
it from the candidate's deliberation (the opening is recorded), and the exam office sees the
jury's composition checked against D643-31, records its members and sees it regular.
Screenshots in test-artifacts/."""

import datetime as dt

import pytest

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Livret
from ndrc.web.deliberations import services
from ndrc.web.deliberations.models import LivretConsultation
from tests.factories import AcademyFactory, CandidateFactory, ExamSessionFactory, UserFactory
from tests.web.conftest import complete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill("pw-for-tests-123")
    page.locator("#login-form button[type=submit]").click()


def test_livret_uploaded_opened_and_jury_composition_checked(
    composition_checked, live_server, page, screenshot
):
    session = ExamSessionFactory(year=2025, deposit_deadline=dt.date(2025, 3, 14))
    academy = AcademyFactory(code="A01")
    office = UserFactory(role=Role.EXAM_OFFICE, academy=academy, username="gestionnaire")
    candidate = complete(
        CandidateFactory(session=session, academy=academy, last_name="Proche", first_name="Léa"),
        value="7.5",
    )
    UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=academy,
        establishment=candidate.establishment,
        username="centre",
    )
    member = UserFactory(
        role=Role.JURY, academy=academy, username="jure", first_name="Claire", last_name="Martin"
    )
    jury = services.jury_create(
        session=session,
        academy=academy,
        name="Jury A",
        members=[member],
        candidates=[candidate],
        actor=office,
    )

    # The training centre attaches the livret from the candidate's file.
    _login(page, live_server, "centre")
    page.goto(f"{live_server.url}/candidats/{candidate.pk}/")
    page.locator("#livret-link").click()
    page.get_by_label("Appréciations de l'équipe pédagogique").fill(
        "Élève sérieuse, en progrès constant sur l'année."
    )
    page.get_by_label("Mention de la certification Pix").fill("Certification Pix obtenue")
    page.get_by_label("Score Pix certifié").fill("412")
    page.locator("#livret-file-input").set_input_files(
        {"name": "livret.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("#livret-save").click()
    assert "Livret enregistré." in page.locator("body").inner_text()
    assert Livret.objects.get(candidate=candidate).filename == "livret.pdf"
    screenshot("centre")

    # A member of the jury opens it from the candidate's deliberation.
    _login(page, live_server, "jure")
    page.goto(f"{live_server.url}/deliberation/{candidate.pk}/")
    assert page.locator("#livret-not-opened").is_visible()
    page.locator("#livret-open").click()
    assert "Élève sérieuse" in page.locator("#livret-content").inner_text()
    assert "Certification Pix obtenue — score 412" in page.locator("#livret-pix").inner_text()
    consultation = LivretConsultation.objects.get()
    assert (consultation.user, consultation.round) == (member, 1)
    screenshot("jury")
    page.get_by_role("link", name="Retour à la délibération du candidat").click()
    assert page.locator("#livret-opened").is_visible()

    # The exam office sees the composition checked, records the members, sees it regular.
    _login(page, live_server, "gestionnaire")
    page.goto(f"{live_server.url}/deliberation/jury/{jury.pk}/")
    problems = page.locator("#composition-problems")
    assert "Aucun membre du jury n'est enregistré" in problems.inner_text()
    assert page.locator("#close-button").is_disabled()
    for name, quality, account, president in (
        (
            "",
            "Enseignant-chercheur (professeur des universités, maître de conférences)",
            "Claire Martin (jure)",
            True,
        ),
        ("Paul Durand", "Professeur de l'enseignement public", None, False),
        ("Emma Roux", "Membre de la profession : employeur", None, False),
    ):
        page.get_by_label("Nom et prénom").fill(name)
        page.get_by_label("Qualité", exact=True).select_option(label=quality)
        if account:
            page.get_by_label("Compte de jury (accès à la délibération)").select_option(
                label=account
            )
        if president:
            page.locator("label[for=member-president]").click()
        page.locator("#member-add").click()
        assert "Membre du jury enregistré." in page.locator("body").inner_text()
    assert "2 enseignant(s) pour 1 professionnel(s)" in problems.inner_text()
    screenshot("composition-refused")
    page.get_by_label("Nom et prénom").fill("Sam Petit")
    page.get_by_label("Qualité", exact=True).select_option(
        label="Membre de la profession : salarié"
    )
    page.locator("#member-add").click()
    assert page.locator("#composition-ok").is_visible()
    assert "Claire Martin" in page.locator("#composition").inner_text()
    screenshot("composition")
