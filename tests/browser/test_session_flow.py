"""The whole job of a session in a browser: import candidates and grades, enter the rest on
the grade entry page, deliberate and close, publish, and the candidate reads the result.
Screenshots of every step are kept in test-artifacts/."""

import datetime as dt

import pytest

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate
from tests.builders import conforming_files
from tests.factories import AcademyFactory, EstablishmentFactory, ExamSessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests-123"
CANDIDATES = (
    "numero;nom;prenom;date_naissance;voie;uai;lv1;ef1_langue;ef2;forme;dispenses;unites_vae;"
    "tiers_temps;amenagements\n"
    "25NDRC70001;Lefèvre;Chloé;14/02/2006;scolaire;0630001A;anglais;;non;globale;;;non;\n"
    "25NDRC70002;Garcia;Inès;03/07/2005;scolaire;0630001A;anglais;;non;globale;;;oui;"
    "Tiers-temps\n"
)
GRADES = "numero;epreuve;note\n" + "".join(
    f"{number};{exam};{value}\n"
    for number, value in (("25NDRC70001", "14"), ("25NDRC70002", "7,5"))
    for exam in ("E1", "E2", "E3", "E5W", "E5P")
)


def _login(page, url, username):
    page.goto(url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("#login-form button[type=submit]").click()


def _import(page, url, kind, name, content, screenshot, step):
    page.goto(url + "/import/")
    page.locator(f"#import-upload input[name=contenu][value={kind}]").check(force=True)
    page.locator("#fichier").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content.encode("utf-8")}
    )
    page.locator("#import-upload button[type=submit]").click()
    screenshot(f"{step}-dry-run")
    page.locator("#import-confirm button[type=submit]").click()
    page.wait_for_selector("#job-state")
    assert page.locator("#job-percent").inner_text() == "100 %"
    screenshot(f"{step}-job")


def test_import_grade_deliberate_publish_and_read(live_server, page, screenshot):
    academy = AcademyFactory(code="06", name="Académie de Clermont-Ferrand")
    ExamSessionFactory(year=2025, deposit_deadline=dt.date(2025, 3, 14), academy=academy)
    EstablishmentFactory(
        uai="0630001A",
        name="Lycée Jean-Monnet",
        academy=academy,
        status=EstablishmentStatus.PUBLIC,
        habilitation=Habilitation.CCF,
    )
    UserFactory(username="office", role=Role.EXAM_OFFICE, academy=academy)
    UserFactory(username="president", role=Role.JURY, academy=academy, last_name="Président")
    url = live_server.url

    _login(page, url, "office")
    _import(page, url, "candidates", "candidats.csv", CANDIDATES, screenshot, "1-candidates")
    assert Candidate.objects.count() == 2
    _import(page, url, "grades", "notes.csv", GRADES, screenshot, "2-grades")

    for candidate in Candidate.objects.all():
        conforming_files(candidate)

    # CCF grades of E4 and E6 on the keyboard-friendly page: type, Tab, type, Enter.
    for exam, values in (("E4", ("15", "8")), ("E6", ("13", "9"))):
        page.goto(url + f"/notes/?epreuve={exam}")
        cells = page.locator("#entry-form input.fr-input")
        cells.nth(0).fill(values[0])
        cells.nth(0).press("Tab")
        page.keyboard.type(values[1])
        screenshot(f"3-entry-{exam}")
        page.keyboard.press("Enter")
        page.wait_for_selector(".fr-alert--success")
        assert "2 note(s) enregistrée(s)." in page.locator(".fr-alert--success").inner_text()

    page.goto(url + "/deliberation/jury/nouveau/")
    page.get_by_label("Nom du jury").fill("Jury 1")
    page.get_by_label("Lycée Jean-Monnet").check(force=True)
    page.locator("#jury-form input[name=members]").first.check(force=True)
    page.locator("#jury-form button[type=submit]").click()
    page.wait_for_selector("#nothing-missing")
    screenshot("4-jury-review")
    assert page.locator("#proposals tbody tr").count() == 2
    # A jury change with its reason on a candidate's page, then withdrawn (one URL per act).
    page.locator("#proposals tbody tr a").first.click()
    page.locator("#jury-change-form select[name=exam]").select_option("E1")
    page.locator("#jury-change-form input[name=value]").fill("13,5")
    page.locator("#jury-change-form input[name=reason]").fill("Harmonisation des corrections")
    page.locator("#preview-button").click()  # what the change would do, then saved
    page.wait_for_selector("#change-preview")
    page.locator("#save-button").click()
    page.wait_for_selector("#jury-changes")
    assert "Harmonisation des corrections" in page.locator("#jury-changes").inner_text()
    screenshot("4b-jury-change")
    page.locator("#jury-changes input[name=reason]").fill("Saisie en double")
    page.locator("#jury-changes button[type=submit]").click()
    page.wait_for_selector("#jury-change-form")
    assert page.locator("#jury-changes").count() == 0
    page.goto(url + "/deliberation/")
    page.locator("#juries a").first.click()
    page.wait_for_selector("#nothing-missing")
    page.locator("#close-button").click()
    page.wait_for_selector("#confirm-summary")  # what closing arrests, before it acts
    page.locator("#confirm-button").click()
    page.wait_for_selector("#job-result")  # closing runs as a job with its progress page
    assert page.locator("#job-percent").inner_text() == "100 %"
    page.locator("#job-result-link").click()
    page.wait_for_selector("#publish-button")
    screenshot("5-closed")
    page.locator("#publish-button").click()
    page.wait_for_selector("#confirm-summary")
    page.locator("#confirm-button").click()
    page.wait_for_selector("#published")
    screenshot("6-published")

    admitted = Candidate.objects.get(number="25NDRC70001")
    account = UserFactory(username="chloe", role=Role.CANDIDATE, academy=academy)
    admitted.user = account
    admitted.save()
    page.context.clear_cookies()
    _login(page, url, "chloe")
    page.goto(url + "/mes-resultats/")
    assert page.locator("#my-decision h2").inner_text() == "Admis"
    assert "Moyenne générale" in page.locator("#explanation").inner_text()
    screenshot("7-candidate-result")
