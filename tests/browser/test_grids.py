"""An examiner fills an E4 grid by keyboard in the browser: the digits choose the levels and
move on, the draft is saved as one types, survives a lost connection, and the signature,
confirmed, writes the grade."""

from decimal import Decimal

import pytest

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Grade, Route
from ndrc.web.grading.models import EvaluationGrid, ExaminerAssignment
from tests.factories import AcademyFactory, CandidateFactory, ExamSessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_examiner_fills_and_signs_an_e4_grid_by_keyboard(live_server, page, screenshot):
    session = ExamSessionFactory(year=2025)
    academy = AcademyFactory(code="A01")
    candidate = CandidateFactory(
        session=session,
        academy=academy,
        route=Route.PROFESSIONAL_EXPERIENCE,
        last_name="Martin",
        first_name="Inès",
    )
    examiner = UserFactory(role=Role.EXAMINER, academy=academy, username="examinatrice")
    ExaminerAssignment.objects.create(examiner=examiner, candidate=candidate, exam="E4")

    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("examinatrice")
    page.get_by_label("Mot de passe").fill("pw-for-tests-123")
    page.locator("#login-form button[type=submit]").click()
    page.locator("#nav-grids").click()
    page.locator("#grids-table").get_by_role("link", name="Grille", exact=True).click()
    assert "MARTIN" in page.locator("h1").inner_text()

    # Keyboard: « 3 » chooses « Satisfaisant » and moves to the next criterion, twenty times;
    # then « 4 » on the first criterion chooses « Très satisfaisant » and moves on.
    rows = page.locator("tr.grid-criterion")
    assert rows.count() == 20
    rows.first.locator("input[type=radio]").first.focus()
    for _ in range(20):
        page.keyboard.press("3")
    rows.first.locator("input[type=radio]").first.focus()
    page.keyboard.press("4")
    assert (
        rows.nth(1)
        .locator("input[type=radio]")
        .nth(2)
        .evaluate("e => e === document.activeElement")
    )
    page.get_by_label("Note proposée par la commission").fill("14,5")
    page.get_by_label("Second membre de la commission").fill("Mme Leroy, professionnelle")
    status = page.locator("#grid-status")
    status.filter(has_text="Brouillon enregistré à").wait_for()
    grid = EvaluationGrid.objects.get(candidate=candidate, exam="E4")
    assert grid.levels["C1.1.1"] == "TS" and grid.levels["C1.4.3"] == "S"
    assert grid.proposal == "14,5" and not Grade.objects.filter(candidate=candidate).exists()

    # The network is lost: what is typed stays on the computer and is sent when it is back.
    page.context.set_offline(True)
    page.get_by_label("Commentaires").first.fill("Ciblage précis, prospection bien argumentée.")
    status.filter(has_text="Hors connexion").wait_for()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    status.filter(has_text="Brouillon enregistré à").wait_for()
    grid.refresh_from_db()
    assert grid.comments == {"P1-C1.1": "Ciblage précis, prospection bien argumentée."}
    screenshot("draft")

    page.get_by_role("button", name="Signer la grille").click()
    confirm = page.locator("#grid-confirm")
    assert "« 14,5 »" in confirm.inner_text()
    page.get_by_role("button", name="Confirmer la signature").click()
    assert "Grille signée : la note est enregistrée." in page.locator("body").inner_text()
    assert "Second membre de la commission : Mme Leroy, professionnelle." in (
        page.locator("#grid-signed").inner_text()
    )
    assert Grade.objects.get(candidate=candidate, exam="E4").value == Decimal("14.5")
    screenshot("signed")
