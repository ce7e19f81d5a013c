import pytest

from ndrc.web.demo.services import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_describes_a_candidate_and_reads_the_plan(live_server, page, screenshot):
    page.goto(live_server.url + "/plan/")
    page.get_by_label("Session").fill("2025")
    page.get_by_label("Voie").select_option("formation_continue")
    page.get_by_label("Statut de l'établissement").select_option("public")
    page.get_by_label("Habilitation de l'établissement").select_option("ccf_integral")
    page.get_by_label("Langue vivante 1").fill("anglais")
    page.get_by_role("button", name="Afficher le plan").click()
    assert "Colonne 2 du règlement" in page.locator("#plan-column").inner_text()
    assert page.locator("#plan-E1").get_attribute("data-status") == "to_sit"
    assert "CCF, 3 situations" in page.locator("#plan-E1").inner_text()
    page.get_by_role("button", name="E4 — Relation client et négociation-vente").click()
    page.locator("#detail-E4").wait_for(state="visible")
    assert "Situation B : simulation" in page.locator("#detail-E4").inner_text()
    screenshot("plan")


def test_the_reglement_table_of_2022(live_server, page, screenshot):
    page.goto(live_server.url + "/reglement/2022/")
    assert "Orale 1 h (préparation 40 min)" in page.locator("#row-E4").inner_text()
    screenshot("reglement-2022")


def test_a_candidate_opens_his_plan_from_his_space(live_server, demo, page, screenshot):
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("candidat")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.get_by_role("link", name="Mon plan d'épreuves").click()
    assert "Colonne 1 du règlement" in page.locator("#plan-column").inner_text()
    assert page.locator("#plan-table tbody tr").count() >= 6
    screenshot("candidate-plan")
