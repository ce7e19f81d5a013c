"""The grade entry page does not lose a typed grade: leaving it with a cell not saved asks
first (on a link of the page, and the browser's own dialog before unloading); once saved,
leaving asks nothing."""

from decimal import Decimal

import pytest

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Grade
from tests.factories import AcademyFactory, CandidateFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaving_with_an_unsaved_grade_asks_and_after_saving_does_not(
    live_server, page, screenshot
):
    office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"), username="dec")
    candidate = CandidateFactory(academy=office.academy, last_name="Martin")
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("dec")
    page.get_by_label("Mot de passe").fill("pw-for-tests-123")
    page.locator("#login-form button[type=submit]").click()
    page.goto(live_server.url + "/notes/?epreuve=E1")

    dialogs = []

    def dismiss(dialog):
        dialogs.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_label(f"E1 {candidate.number}").fill("13,5")
    # A link of the page: the confirmation, dismissed, keeps the page and what was typed.
    page.get_by_role("link", name="Confier des épreuves aux examinateurs").click()
    assert dialogs and dialogs[0][0] == "confirm"
    assert "ne sont pas sauvegardées" in dialogs[0][1]
    assert "/notes/" in page.url
    assert page.get_by_label(f"E1 {candidate.number}").input_value() == "13,5"
    screenshot("unsaved")
    # The browser's dialog before unloading (closing the tab, typing another address).
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert dialogs[-1][0] == "beforeunload"
    assert not page.is_closed()

    page.locator("#entry-form button[type=submit]").click()
    page.locator("[data-saved]").wait_for()
    assert Grade.objects.get(candidate=candidate, exam="E1").value == Decimal("13.5")
    asked = len(dialogs)
    page.goto(live_server.url + "/")
    assert len(dialogs) == asked
    assert page.locator("h1").inner_text().startswith("Les examens du BTS NDRC")
