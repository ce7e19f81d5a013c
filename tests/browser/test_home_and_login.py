import pytest

from ndrc.web.demo.services import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_user_opens_the_home_page_and_logs_in(live_server, demo, page, screenshot):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text().startswith("Les examens du BTS NDRC")
    screenshot("home")

    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_label("Nom d’utilisateur").fill("gestionnaire")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.locator("#login-form button[type=submit]").click()

    assert page.locator("#role").inner_text() == "Division des examens (rectorat)"
    assert page.locator("#candidate-count").inner_text() == "300"
    screenshot("dashboard")

    page.get_by_role("link", name="Voir les candidats").click()
    # One page of 50 rows at a time, in French: the first page, then the next one.
    assert page.locator("#candidate-table tbody tr").count() == 50
    assert "Page 1 sur 6" in page.locator("#pagination").inner_text()
    screenshot("candidates")
    page.locator("#pagination").get_by_role("link", name="Page suivante").click()
    assert "Page 2 sur 6" in page.locator("#pagination").inner_text()
    assert page.locator("#candidate-table tbody tr").count() == 50


def test_the_language_switch_gives_english(live_server, page, screenshot):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "BTS NDRC exams, from registration to results"
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot("english")
