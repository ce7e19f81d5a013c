"""A candidate opens « Simulation » from « Mes résultats » before any result is published,
types the grades he supposes (a decimal comma) and reads the grade needed at the last
épreuve, with the engine's explanation. Screenshots in test-artifacts/."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from tests.builders import conforming_files
from tests.factories import AcademyFactory, CandidateFactory, ExamSessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_candidate_types_supposed_grades_and_reads_the_grade_needed(
    live_server, page, screenshot
):
    session = ExamSessionFactory(year=2025, deposit_deadline=dt.date(2025, 3, 14))
    academy = AcademyFactory(code="A01")
    account = UserFactory(role=Role.CANDIDATE, username="candidate")
    candidate = CandidateFactory(
        session=session, academy=academy, user=account, last_name="Martin", first_name="Inès"
    )
    conforming_files(candidate)
    # A stored grade, not published: never shown nor used.
    grade_set(candidate=candidate, write=GradeWrite("E1", "grade", Decimal("13.37")), actor=None)

    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("candidate")
    page.get_by_label("Mot de passe").fill("pw-for-tests-123")
    page.locator("#login-form button[type=submit]").click()
    page.goto(live_server.url + "/mes-resultats/")
    page.locator("#my-what-if").click()
    assert page.locator("h1").inner_text() == "Simulation"
    assert "13,37" not in page.content()

    for code, value in (
        ("E1", "10"),
        ("E2", "10,5"),
        ("E3", "9,5"),
        ("E4", "9"),
        ("E5W", "10"),
        ("E5P", "10"),
    ):
        page.locator(f"#suppose-{code}").fill(value)
    page.locator("#what-if-submit").click()
    # 10×3 + 10,5×3 + 9,5×3 + 9×5 + 10×4 + 3g ≥ 210 → g ≥ 11,67.
    row = page.locator('#what-if-needed tr[data-exam="E6"]')
    assert row.locator('td[data-goal="admitted"]').inner_text() == "11,67"
    assert row.locator('td[data-goal="unit"]').inner_text() == "10,00"
    page.wait_for_load_state("load")  # the design system's script opens the accordions
    button = page.locator("#what-if-details .fr-accordion__btn").first
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    answer = page.locator('#what-if-E6 [data-answer="admitted"]').first
    expect(answer).to_be_visible()
    assert "au moins 11,67 en E6" in answer.inner_text()
    answer.locator("summary").click()
    expect(answer.locator("ol")).to_contain_text("Moyenne 10,00 ≥ 10,00 : admis.")
    assert "13,37" not in page.content()
    screenshot("needed")
