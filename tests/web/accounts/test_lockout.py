"""Login throttling and lockout (django-axes): after AXES_FAILURE_LIMIT failed attempts for one
username from one address, that username is refused from that address for the cool-off time,
on the login form and on the API (tokens), before any password is hashed; the exam office
unlocks it."""

import datetime as dt
import html

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.backends import ModelBackend
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ndrc.web.accounts import services
from ndrc.web.accounts.roles import Role
from tests.web.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/connexion/"


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def hashing(monkeypatch):
    """How many times ModelBackend checked a password (each check costs a PBKDF2 hash)."""
    calls = []
    original = ModelBackend.authenticate

    def counted(self, request, username=None, password=None, **kwargs):
        calls.append(username)
        return original(self, request, username, password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counted)
    return calls


def test_the_fifth_failure_locks_the_account_from_that_address(settings, user_with, hashing):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert dt.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    user = user_with(Role.TRAINING_CENTRE)
    client = Client()
    for _ in range(4):
        response = attempt(client, user.username, "mauvais-mot-de-passe")
        assert response.status_code == 200
        assert "Identifiant ou mot de passe incorrect." in response.content.decode()
    response = attempt(client, user.username, "mauvais-mot-de-passe")
    assert response.status_code == 429
    page = html.unescape(response.content.decode())
    assert "Connexion bloquée" in page
    assert "ce compte est bloqué depuis cette adresse jusqu'à" in page
    until = timezone.localtime(timezone.now() + dt.timedelta(minutes=15))
    assert (
        until.strftime("%H:%M") in page
        or (until - dt.timedelta(minutes=1)).strftime("%H:%M") in page
    )
    assert int(response["Retry-After"]) > 14 * 60
    assert len(hashing) == 5

    # The right password is refused now, without any password being hashed.
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert len(hashing) == 5

    # The same username from another address, another username from this one: not locked.
    assert attempt(Client(), user.username, PASSWORD, address="10.0.0.2").status_code == 302
    other = user_with(Role.EXAMINER)
    assert attempt(Client(), other.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(user_with):
    user = user_with(Role.CANDIDATE)
    client = Client()
    for _ in range(5):
        attempt(client, user.username, "faux")
    assert attempt(client, user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_the_exam_office_unlocks_an_account(user_with):
    user = user_with(Role.EXAMINER)
    for _ in range(5):
        attempt(Client(), user.username, "faux")
    assert attempt(Client(), user.username, PASSWORD).status_code == 429
    # In the admin (« Tentatives d'accès ») or with the command.
    assert admin.site.is_registered(AccessAttempt)
    call_command("axes_reset_username", user.username)
    assert attempt(Client(), user.username, PASSWORD).status_code == 302


def test_the_admin_login_is_locked_too(user_with):
    root = user_with("", is_superuser=True, is_staff=True)
    for _ in range(5):
        Client().post(
            reverse("admin:login"),
            {"username": root.username, "password": "faux"},
            REMOTE_ADDR="10.0.0.9",
        )
    response = Client().post(
        reverse("admin:login"),
        {"username": root.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 429


def test_wrong_tokens_lock_the_api_for_that_account(user_with):
    user = user_with(Role.TRAINING_CENTRE)
    _, key = services.token_create(user=user, name="Lycée", actor=user)
    wrong = key[:-4] + "xxxx"
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {wrong}", "REMOTE_ADDR": "10.0.0.3"}
    for _ in range(4):
        response = client.get("/api/v1/candidates/", **headers)
        assert response.status_code == 401
        assert response.json() == {"detail": "Jeton d'accès inconnu ou révoqué."}
    response = client.get("/api/v1/candidates/", **headers)
    assert response.status_code == 429
    assert "ce compte est bloqué depuis cette adresse jusqu'à" in response.json()["detail"]

    # The right token is refused too from this address, and accepted from another one.
    response = client.get(
        "/api/v1/candidates/", HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 429
    assert "Réessayez après cette heure" in response.json()["detail"]
    assert int(response["Retry-After"]) > 14 * 60
    response = client.get(
        "/api/v1/candidates/", HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR="10.0.0.4"
    )
    assert response.status_code == 200


def test_a_failed_form_login_is_counted_against_the_api_too(user_with):
    """The account is locked from the address, whatever the way in."""
    user = user_with(Role.TRAINING_CENTRE)
    _, key = services.token_create(user=user, name="Lycée", actor=user)
    for _ in range(5):
        attempt(Client(), user.username, "faux", address="10.0.0.5")
    response = Client().get(
        "/api/v1/candidates/", HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR="10.0.0.5"
    )
    assert response.status_code == 429
