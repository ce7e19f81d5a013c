"""The password rules of a State service, the password change page and the reset by e-mail."""

import html
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from tests.web.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def refusals(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def test_the_rules_of_a_state_service(user_with):
    user = user_with(Role.EXAMINER, first_name="Camille", last_name="Durand")
    user.username = "camille.durand"
    assert "Il doit contenir au minimum 12 caractères." in refusals("Court-2025!", user)
    assert "Ce mot de passe est trop courant." in refusals("password1234", user)
    assert "Ce mot de passe est entièrement numérique." in refusals("202520252025", user)
    assert "trop semblable" in refusals("camille.durand1", user)
    assert refusals(PASSWORD, user) == ""


def test_a_user_changes_his_or_her_password(user_with):
    user = user_with(Role.CANDIDATE)
    client = Client()
    client.force_login(user)
    page = text(client.get("/compte/"))
    assert 'href="/compte/mot-de-passe/"' in page
    assert "Changer de mot de passe" in text(client.get("/compte/mot-de-passe/"))
    weak = client.post(
        "/compte/mot-de-passe/",
        {"old_password": PASSWORD, "new_password1": "azerty", "new_password2": "azerty"},
    )
    assert weak.status_code == 200
    assert "Ce mot de passe est trop court." in text(weak)
    wrong = client.post(
        "/compte/mot-de-passe/",
        {"old_password": "faux", "new_password1": "Lune-rousse-1987", "new_password2": "x"},
    )
    assert "Votre ancien mot de passe est incorrect." in text(wrong)
    response = client.post(
        "/compte/mot-de-passe/",
        {
            "old_password": PASSWORD,
            "new_password1": "Lune-rousse-1987",
            "new_password2": "Lune-rousse-1987",
        },
        follow=True,
    )
    assert "Votre mot de passe a été changé." in text(response)
    user.refresh_from_db()
    assert user.check_password("Lune-rousse-1987")
    assert response.context["user"].is_authenticated  # still signed in
    entry = AuditEntry.objects.get(action="password_change")
    assert entry.actor == user
    assert "Lune" not in str(entry.after) + str(entry.before)


def test_a_forgotten_password_is_reset_by_e_mail(user_with):
    user = user_with(Role.TRAINING_CENTRE, email="centre@example.fr")
    login = text(Client().get("/connexion/"))
    assert 'href="/mot-de-passe-oublie/"' in login
    client = Client()
    assert "Mot de passe oublié" in text(client.get("/mot-de-passe-oublie/"))
    response = client.post("/mot-de-passe-oublie/", {"email": "centre@example.fr"}, follow=True)
    assert "Si un compte correspond à cette adresse" in text(response)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["centre@example.fr"]
    assert message.subject == "Réinitialisation de votre mot de passe — BTS NDRC"
    assert f"Une demande de changement du mot de passe du compte « {user.username} »" in (
        message.body
    )
    link = re.search(r"http://testserver(/mot-de-passe-oublie/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Nouveau mot de passe" in text(form)
    target = form.redirect_chain[-1][0]
    weak = client.post(target, {"new_password1": "123456789012", "new_password2": "123456789012"})
    assert "Ce mot de passe est entièrement numérique." in text(weak)
    done = client.post(
        target,
        {"new_password1": "Marée-haute-2031", "new_password2": "Marée-haute-2031"},
        follow=True,
    )
    assert "Votre mot de passe a été changé : vous pouvez vous connecter." in text(done)
    user.refresh_from_db()
    assert user.check_password("Marée-haute-2031")
    assert AuditEntry.objects.filter(action="password_reset", object_id=str(user.pk)).exists()
    # The link served once.
    again = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in text(again)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(db):
    response = Client().post("/mot-de-passe-oublie/", {"email": "personne@example.fr"})
    assert response.status_code == 302
    assert response["Location"] == "/mot-de-passe-oublie/envoye/"
    assert mail.outbox == []


def test_the_user_menu_leads_to_the_account_page(user_with):
    client = Client()
    client.force_login(user_with(Role.EXAMINER))
    page = text(client.get("/"))
    assert re.search(r'<a [^>]*id="current-user" href="/compte/"', page)
    account = text(client.get("/compte/"))
    for link in ("/compte/mot-de-passe/", "/compte/jetons/", "/compte/double-authentification/"):
        assert f'href="{link}"' in account
