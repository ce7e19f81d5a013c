"""The whole job of a session in a browser served in French, as each person does it: the exam
office registers a candidate through the form and corrects the registration, the training
centre records the internships on the file page (a mistyped period corrected, a double entry
deleted, each with its reason) and enters the CCF proposals, the exam office enters the
one-off grades (French decimals), deliberates, closes and publishes, and the candidate reads
nothing before publication and the result after. Screenshots of every step are kept in
test-artifacts/."""

import datetime as dt

import pytest

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.file_services import dossier_set
from ndrc.web.candidates.models import Candidate
from tests.builders import E4, E6
from tests.factories import (
    AcademyFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
    academy_dates,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests-123"
# Session 2025: the training began on 01/09/2023 at the earliest and the periods end before
# 31/12/2025 (no date of the orals is fixed): period_checks.py.
# 7 + 8 + 6 weeks of school internship, typed day, month, year.
MORE_PERIODS = (
    ("Volcans Distribution", "13/05/2024", "05/07/2024"),
    ("Banque du Massif", "06/01/2025", "14/02/2025"),
)
ONE_OFF = (("E1", "12,5"), ("E2", "14"), ("E3", "11"), ("E5W", "10,75"), ("E5P", "13"))
CCF = (("E4", "15"), ("E6", "13,5"))


def _shown(value):
    """A grade as the pages show it once stored: two decimals after a comma (12,5 → 12,50)."""
    return f"{float(value.replace(',', '.')):.2f}".replace(".", ",")


def _login(page, url, username):
    page.context.clear_cookies()
    page.goto(url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_selector("#role")


def _type_date(page, selector, day):
    """Type a date (JJ/MM/AAAA) in a date input. The input's value is ISO whatever the page's
    language; the order of its fields on screen is the browser's own language's (Debian's
    Chromium ships the en-US one only), so the date is given to the input as its value."""
    dd, mm, yyyy = day.split("/")
    page.locator(selector).fill(f"{yyyy}-{mm}-{dd}")


def _success(page):
    page.wait_for_selector(".fr-alert--success")
    return page.locator(".fr-alert--success").first.inner_text()


def _add_period(page, organisation, start, end, *, attestation):
    page.locator("#internship-form #organisation").fill(organisation)
    _type_date(page, "#internship-form #start", start)
    _type_date(page, "#internship-form #end", end)
    if attestation:
        page.locator("#internship-form #attestation").check(force=True)
        page.locator("#internship-form #signed").check(force=True)
    page.locator("#internship-form button[type=submit]").click()
    assert _success(page) == "Période enregistrée."


def _outcome(page, exam):
    return page.locator("#outcomes li").filter(has_text=f"{exam} :").first


def test_the_whole_flow_in_french(live_server, page, screenshot):
    academy = AcademyFactory(code="06", name="Académie de Clermont-Ferrand")
    session = ExamSessionFactory(year=2025)
    # The training centre corrects its candidates' files until the deposit deadline.
    academy_dates(
        session,
        academy,
        deposit_deadline=dt.date.today() + dt.timedelta(days=60),
    )
    school = EstablishmentFactory(
        uai="0630002B",
        name="Lycée Blaise-Pascal",
        academy=academy,
        status=EstablishmentStatus.PUBLIC,
        habilitation=Habilitation.CCF,
    )
    UserFactory(username="office", role=Role.EXAM_OFFICE, academy=academy)
    UserFactory(username="centre", role=Role.TRAINING_CENTRE, academy=academy, establishment=school)
    UserFactory(username="president", role=Role.JURY, academy=academy, last_name="Président")
    url = live_server.url
    page.set_default_timeout(10_000)

    # 1. The exam office registers the candidate through the form.
    _login(page, url, "office")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.goto(url + "/candidats/nouveau/")
    assert page.locator("h1").inner_text() == "Inscrire un candidat"
    page.locator("#id_number").fill("25NDRC80001")
    page.locator("#id_last_name").fill("Morel")
    page.locator("#id_first_name").fill("Lea")
    _type_date(page, "#id_birth_date", "02/04/2006")
    assert page.locator("#id_birth_date").input_value() == "2006-04-02"
    page.locator("#id_route").select_option(label="Voie scolaire")
    page.locator("#id_establishment").select_option(label="Lycée Blaise-Pascal")
    page.locator("#id_lv1").select_option("anglais")
    screenshot("1-registration-form")
    page.locator("#candidate-form button[type=submit]").click()
    assert _success(page) == "Candidat inscrit."
    candidate = Candidate.objects.get(number="25NDRC80001")
    assert candidate.birth_date == dt.date(2006, 4, 2)
    file_url = f"{url}/candidats/{candidate.pk}/"
    assert page.url == file_url
    assert page.locator("h1").inner_text() == "Lea MOREL"
    screenshot("2-registered")

    # 2. It corrects the first name: the birth date is shown back, the reason is required.
    page.locator("#edit-registration").click()
    assert page.locator("h1").inner_text().startswith("Modifier l'inscription")
    assert page.locator("#id_birth_date").input_value() == "2006-04-02"
    assert page.locator("#id_number").is_disabled()
    page.locator("#id_first_name").fill("Léa")
    page.locator("#candidate-form button[type=submit]").click()
    page.wait_for_selector("#errors")
    assert "Indiquez le motif de la modification" in page.locator("#candidate-form").inner_text()
    assert page.locator("#id_first_name").input_value() == "Léa"  # what was typed is kept
    assert page.locator("#id_birth_date").input_value() == "2006-04-02"
    page.locator("#id_reason").fill("Erreur de saisie")
    screenshot("3-registration-edit")
    page.locator("#candidate-form button[type=submit]").click()
    assert _success(page) == "Inscription modifiée : prénom."
    page.get_by_role("link", name="Historique").click()
    history = page.locator("#audit").inner_text()
    assert "Prénom : Lea → Léa" in history
    assert "Erreur de saisie" in history
    assert "First name" not in history
    screenshot("4-history")

    # 3. The training centre records the internships on the file page.
    _login(page, url, "centre")
    page.goto(file_url)
    assert page.locator("#internships").inner_text() == "Aucune période enregistrée."
    # A mistyped period (5 days instead of 7 weeks), without its attestation.
    _add_period(page, "Volcans Distribution", "06/11/2023", "10/11/2023", attestation=False)
    assert "06/11/2023 → 10/11/2023" in page.locator("#internships").inner_text()
    assert "sans attestation" in page.locator("#internships").inner_text()
    assert page.locator("#internship-check").text_content() == (
        "Stage ou expérience : 1 semaine(s) pour 16 semaines — insuffisant"
    )
    assert _outcome(page, "E4").get_attribute("data-outcome") == "nv"
    assert "NV (non valide)" in _outcome(page, "E4").inner_text()
    screenshot("5-internship-too-short")

    # It corrects it: the dates are shown back, the reason is required.
    page.locator("#internships li").first.get_by_role("link", name="Corriger").click()
    assert page.locator("h1").inner_text().startswith("Corriger une période de stage")
    assert page.locator("#id_start").input_value() == "2023-11-06"
    assert page.locator("#id_end").input_value() == "2023-11-10"
    _type_date(page, "#id_end", "22/12/2023")
    page.locator("#id_attestation").check(force=True)
    page.locator("#id_signed").check(force=True)
    page.locator("#internship-form button[type=submit]").click()
    page.wait_for_selector("#errors")
    assert "Indiquez le motif de la correction." in page.locator("#errors").inner_text()
    assert page.locator("#id_end").input_value() == "2023-12-22"
    page.get_by_label("Motif de la correction").fill("Erreur de saisie de la date de fin")
    screenshot("6-internship-correction")
    page.locator("#internship-form button[type=submit]").click()
    assert _success(page) == "Période corrigée."
    assert "06/11/2023 → 22/12/2023" in page.locator("#internships").inner_text()
    assert "attestation signée" in page.locator("#internships").inner_text()

    # The same period typed again is refused, what was typed is kept.
    page.locator("#internship-form #organisation").fill("Volcans Distribution")
    _type_date(page, "#internship-form #start", "06/11/2023")
    _type_date(page, "#internship-form #end", "22/12/2023")
    page.locator("#internship-form button[type=submit]").click()
    page.wait_for_selector("#errors")
    assert "Cette période est déjà enregistrée pour ce candidat" in (
        page.locator("#errors").inner_text()
    )
    assert page.locator("#id_end").input_value() == "2023-12-22"
    screenshot("7-duplicate-refused")
    # A period that overlaps it is recorded with a warning; the centre deletes it.
    page.goto(file_url)
    _add_period(page, "Volcans Distribution", "20/11/2023", "22/12/2023", attestation=True)
    assert "se chevauchent" in page.locator("[data-warning=overlap]").inner_text()
    screenshot("7b-overlap")
    page.locator("#internships li").nth(1).get_by_role("link", name="Supprimer").click()
    assert page.locator("h2").first.inner_text() == "Ce que la suppression change"
    assert page.locator("#changes").inner_text() == (
        "La conformité du candidat ne change pas (décompte des stages et résultat de chaque "
        "dossier)."
    )
    assert page.get_by_label("Motif de la suppression").get_attribute("required") is not None
    page.get_by_label("Motif de la suppression").fill("Saisie en double")
    screenshot("8-delete-confirmation")
    page.locator("#delete-form button[type=submit]").click()
    _success(page)
    assert page.locator("#internships li").count() == 1
    assert page.locator("[data-warning=overlap]").count() == 0

    # The rest of the periods, then the dossiers (described by the builders).
    for organisation, start, end in MORE_PERIODS:
        _add_period(page, organisation, start, end, attestation=True)
    assert page.locator("#internships li").count() == 3
    assert page.locator("#internship-check .fr-badge").text_content() == "suffisant"
    dossier_set(candidate=candidate, exam="E4", content=E4)
    dossier_set(candidate=candidate, exam="E6", content=E6)
    page.reload()
    assert _outcome(page, "E4").get_attribute("data-outcome") == "conform"
    assert _outcome(page, "E6").get_attribute("data-outcome") == "conform"
    screenshot("9-files-conform")

    # 4. The training centre fills the CCF grids, situation A then B, by keyboard (« 3 »:
    # satisfaisant, then the next criterion); the last situation's grid carries the proposal,
    # which its signature enters (DEC D111, D112).
    for exam, value in CCF:
        # Each situation's date and commission first (A2023 annexe II E4 §4.2.2, E6 §4.2.2).
        page.goto(url + f"/notes/dossiers-ccf/{candidate.pk}/{exam}/")
        for situation in ("A", "B"):
            page.locator(f"#date-{situation}").fill("10/03/2025")
            page.locator(f"#commission-{situation}").fill("Mme Roux, professeure du bloc")
            page.locator(f"#commission-{situation}").locator("xpath=ancestor::form").get_by_role(
                "button", name="Enregistrer la situation"
            ).click()
            page.wait_for_selector(".fr-alert--success")
        # E4: a grid at each situation; E6: one grid, completed after both (DEC D115).
        grids = ("A/", "B/") if exam == "E4" else ("",)
        for situation in grids:
            page.goto(url + f"/notes/grilles/{candidate.pk}/{exam}/{situation}")
            radios = page.locator("tr.grid-criterion")
            radios.first.locator("input[type=radio]").first.focus()
            for _ in range(radios.count()):
                page.keyboard.press("3")
            last = situation == grids[-1]
            if last:
                page.get_by_label("Note proposée par la commission").fill(value)
                screenshot(f"10-ccf-{exam}")
            page.get_by_role("button", name="Signer la grille").click()
            page.get_by_role("button", name="Confirmer la signature").click()
            expected = "Grille signée : la note est enregistrée." if last else "Grille signée."
            assert _success(page) == expected

    # 5. The exam office enters the one-off grades, with French decimals.
    _login(page, url, "office")
    for exam, value in ONE_OFF:
        page.goto(url + f"/notes/?epreuve={exam}")
        cell = page.locator(f"#row-{candidate.pk} input.fr-input")
        cell.fill(value)
        cell.press("Enter")
        assert _success(page) == "1 note(s) enregistrée(s)."
        assert page.locator(f"#row-{candidate.pk} input.fr-input").input_value() == _shown(value)
    screenshot("11-one-off-grades")
    page.goto(file_url)
    grades = page.locator("#grades").inner_text()
    assert "E1 : 12,50" in grades
    assert "E4 : 15,00 (proposition CCF)" in grades

    # 6. The candidate, before publication, sees no grade.
    account = UserFactory(username="lea", role=Role.CANDIDATE, academy=academy)
    Candidate.objects.filter(pk=candidate.pk).update(user=account)
    _login(page, url, "lea")
    page.goto(file_url)
    assert page.locator("#grades").count() == 0
    assert page.locator("#grades-unpublished").inner_text() == (
        "Vos notes seront visibles ici une fois vos résultats publiés."
    )
    page.goto(url + "/mes-resultats/")
    assert page.locator("#not-published").inner_text() == (
        "Vos résultats ne sont pas encore publiés."
    )
    screenshot("12-candidate-before")

    # 7. The exam office creates the jury, closes the deliberation and publishes.
    _login(page, url, "office")
    page.goto(url + "/deliberation/jury/nouveau/")
    page.get_by_label("Nom du jury").fill("Jury NDRC 1")
    page.get_by_label("Lycée Blaise-Pascal").check(force=True)
    page.locator("#jury-form input[name=members]").first.check(force=True)
    page.locator("#jury-form button[type=submit]").click()
    page.wait_for_selector("#nothing-missing")
    assert page.locator("#nothing-missing").inner_text() == (
        "Rien ne manque : la délibération peut être close."
    )
    assert page.locator("#proposals tbody tr").count() == 1
    assert page.locator("#proposals tbody tr").get_attribute("data-decision") == "admitted"
    screenshot("13-jury-review")
    page.locator("#close-button").click()
    page.wait_for_selector("#confirm-summary")
    assert "Admis : 1" in page.locator("#confirm-summary").inner_text()
    screenshot("14-close-confirmation")
    page.locator("#confirm-button").click()
    page.wait_for_selector("#job-result")
    assert page.locator("#job-percent").inner_text() == "100 %"
    screenshot("15-close-job")
    page.locator("#job-result-link").click()
    page.wait_for_selector("#publish-button")
    page.locator("#publish-button").click()
    page.wait_for_selector("#confirm-summary")
    screenshot("16-publish-confirmation")
    page.locator("#confirm-button").click()
    page.wait_for_selector("#published")
    screenshot("17-published")

    # 8. The candidate reads the result and the grades, in French.
    _login(page, url, "lea")
    page.goto(url + "/mes-resultats/")
    assert page.locator("#my-decision h2").inner_text() == "Admis"
    # (12,50×3 + 14×3 + 11×3 + 15×5 + 11,88×4 + 13,50×3) / 21 = 13,12, in French.
    assert "Moyenne générale : 13,12 / 20" in page.locator("#my-decision").inner_text()
    assert "Moyenne générale" in page.locator("#explanation").inner_text()
    screenshot("18-candidate-result")
    page.goto(file_url)
    grades = page.locator("#grades").inner_text()
    # The units as the jury arrested them: E5 is its written and practical parts' mean.
    assert grades.splitlines() == [
        "E1 : 12,50",
        "E2 : 14,00",
        "E3 : 11,00",
        "E4 : 15,00",
        "E5 : 11,88",
        "E6 : 13,50",
    ]
    screenshot("19-candidate-file")
