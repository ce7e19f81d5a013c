"""A jury member deliberates from the grid: filters the candidates just below the pass mark,
opens the first one (by number only: the deliberation is anonymous), previews a change of
grade, saves it, and goes on to the next candidate of the filter. Screenshots in
test-artifacts/."""

import datetime as dt

import pytest

from ndrc.web.accounts.roles import Role
from ndrc.web.deliberations import services
from ndrc.web.deliberations.models import JuryGradeChange
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
)
from tests.web.deliberations.test_grid import graded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests-123"


def test_a_jury_member_filters_the_grid_previews_a_change_saves_it_and_goes_on(
    live_server, page, screenshot
):
    session = ExamSessionFactory(year=2025, deposit_deadline=dt.date(2025, 3, 14))
    academy = AcademyFactory(code="A01")
    office = UserFactory(role=Role.EXAM_OFFICE, academy=academy)
    school = EstablishmentFactory(academy=academy, name="Lycée Xylophone")
    candidates = [
        graded(
            CandidateFactory(
                session=session,
                academy=academy,
                establishment=school,
                number=number,
                last_name="Zanzibar",
            ),
            grades,
        )
        for number, grades in (
            ("N001", {"*": "12"}),
            ("N002", {"*": "10", "E1": "9.99"}),
            ("N003", {"*": "9.5"}),
            ("N004", {"*": "7.5"}),
        )
    ]
    UserFactory(role=Role.JURY, academy=academy, username="jure")
    jury = services.jury_create(
        session=session,
        academy=academy,
        name="Jury G",
        members=[UserFactory._meta.model.objects.get(username="jure")],
        candidates=candidates,
        actor=office,
    )
    url = live_server.url
    page.goto(url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("jure")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.goto(f"{url}/deliberation/jury/{jury.pk}/")
    with page.expect_navigation():
        page.locator("#grid-link").click()
    page.locator("#filter-average").select_option("pass")
    with page.expect_navigation():
        page.locator("#filter-apply").click()
    page.wait_for_load_state()
    rows = page.locator("#grid tbody tr")
    assert rows.count() == 2
    assert page.locator("#grid").inner_text().count("ZANZIBAR") == 0
    # 9,9986 is below the pass mark: never shown as « 10,00 ».
    assert rows.nth(0).locator("td.average").inner_text() == "9,9986"
    screenshot("grid")
    with page.expect_navigation():
        rows.nth(0).get_by_role("link", name="N002").click()
    assert page.locator("h1").inner_text().startswith("Candidat n° N002")
    page.locator("#exam").select_option("E1")
    page.locator("#value").fill("12")
    with page.expect_navigation():
        page.locator("#preview-button").click()
    preview = page.locator("#change-preview")
    assert "→" in preview.inner_text() and "Admis" in preview.inner_text()
    assert not JuryGradeChange.objects.exists()
    page.locator("#reason").fill("Livret scolaire consulté")
    screenshot("preview")
    with page.expect_navigation():
        page.locator("#save-button").click()
    assert "Modification enregistrée" in page.content()
    assert JuryGradeChange.objects.get().exam == "E1"
    with page.expect_navigation():
        page.locator("#grid-next").click()
    assert page.locator("h1").inner_text().startswith("Candidat n° N003")
    assert "moyenne=pass" in page.url
    screenshot("next")
