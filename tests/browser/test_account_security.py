"""The exam office logs in through the form, enrols its second factor (the QR code and the key
on the page, a first code), sees its backup codes, then reaches the site; a jury member who
mistypes the password is locked out after five attempts, in French."""

import base64

import pytest
from django_otp.oath import TOTP

from ndrc.web.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-2025"


def log_in(page, url, username, password):
    page.goto(url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.locator("#login-form button[type=submit]").click()


def test_the_exam_office_enrols_its_second_factor(live_server, page, screenshot, settings):
    settings.NDRC_OTP_REQUIRED = True
    office = UserFactory(role=Role.EXAM_OFFICE, username="gestion-otp")
    office.set_password(PASSWORD)
    office.save()
    log_in(page, live_server.url, office.username, PASSWORD)

    assert page.locator("h1").inner_text() == "Activer la double authentification"
    assert page.locator("#otp-qr svg").count() == 1
    screenshot("enrol")
    secret = page.locator("#otp-secret").inner_text()
    code = TOTP(base64.b32decode(secret)).token()
    page.get_by_role("textbox", name="Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Activer").click()
    assert "La double authentification est activée." in page.content()
    assert page.locator("#backup-codes li").count() == 10
    page.get_by_role("link", name="Continuer").click()
    assert page.locator("#role").inner_text() == "Division des examens (rectorat)"

    page.locator("#current-user").click()
    assert page.locator("h1").inner_text() == "Mon compte"
    page.get_by_role("link", name="Jetons d'accès à l'API").click()
    page.get_by_label("Nom du jeton").fill("Export des résultats")
    page.get_by_role("button", name="Créer le jeton").click()
    assert page.locator("#new-token-key").inner_text().startswith("ndrc_")
    screenshot("token")


def test_five_wrong_passwords_lock_the_account(live_server, page, screenshot):
    jury = UserFactory(role=Role.JURY, username="jury-bloque")
    for _ in range(5):
        log_in(page, live_server.url, jury.username, "pas-le-bon-mot-de-passe")
    assert page.locator("h1").inner_text() == "Connexion bloquée"
    assert (
        "ce compte est bloqué depuis cette adresse jusqu'à" in page.locator("#lockout").inner_text()
    )
    screenshot("lockout")
