"""The API authenticates with the session (CSRF applies) or a token, never HTTP Basic; tokens
are created (shown once), named, used, revoked and expire on the page « Jetons d'accès à
l'API », and only their SHA-256 digest is stored."""

import base64
import datetime as dt
import hashlib
import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from ndrc.web.accounts.models import ApiToken
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/compte/jetons/"
API = "/api/v1/candidates/"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def text(response):
    return html.unescape(response.content.decode())


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def create(client, name="Import du lycée"):
    response = client.post(PAGE, {"name": name})
    assert response.status_code == 200
    match = re.search(r'<code id="new-token-key">([^<]+)</code>', response.content.decode())
    assert match, text(response)
    return match.group(1)


def test_a_token_is_shown_once_and_only_its_digest_is_stored():
    user = UserFactory(role=Role.TRAINING_CENTRE)
    client = signed_in(user)
    page = text(client.get(PAGE))
    assert "Jetons d'accès à l'API" in page
    assert "Vous n'avez aucun jeton." in page
    key = create(client)
    token = ApiToken.objects.get(user=user)
    assert token.name == "Import du lycée"
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(f"ndrc_{token.prefix}_")
    assert key not in {token.name, token.prefix, token.digest}
    assert token.expires_at.date() == (timezone.now() + dt.timedelta(days=90)).date()
    assert AuditEntry.objects.filter(action="api_token_create", object_id=str(token.pk)).exists()
    page = text(client.get(PAGE))
    assert key not in page
    assert "Import du lycée" in page
    assert "jamais" in page  # never used yet


def test_a_token_authenticates_the_api_with_bearer_or_token():
    user = UserFactory(role=Role.TRAINING_CENTRE)
    key = create(signed_in(user))
    for keyword in ("Bearer", "Token"):
        response = Client().get(API, HTTP_AUTHORIZATION=f"{keyword} {key}")
        assert response.status_code == 200, response.content
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is not None
    # Without CSRF token: a token is not a cookie a browser sends by itself.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/plan/", {}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400  # the body is checked, not the CSRF token


def test_a_revoked_token_is_refused():
    user = UserFactory(role=Role.EXAMINER)
    client = signed_in(user)
    key = create(client)
    token = ApiToken.objects.get(user=user)
    # Another user cannot revoke it.
    assert (
        signed_in(UserFactory(role=Role.EXAMINER)).post(PAGE, {"revoke": token.pk}).status_code
        == 404
    )
    for value in ("abc", "9" * 40, "١٢"):
        assert client.post(PAGE, {"revoke": value}).status_code == 404
    response = client.post(PAGE, {"revoke": token.pk}, follow=True)
    assert "Le jeton « Import du lycée » est révoqué." in text(response)
    assert not ApiToken.objects.exists()
    assert AuditEntry.objects.filter(action="api_token_revoke").exists()
    response = Client().get(API, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert response.json() == {"detail": "Jeton d'accès inconnu ou révoqué."}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_an_expired_token_is_refused():
    user = UserFactory(role=Role.TRAINING_CENTRE)
    key = create(signed_in(user))
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = Client().get(API, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert "Ce jeton d'accès a expiré" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer é", "Token ndrc_"])
def test_a_malformed_header_is_refused_in_french(header):
    response = Client().get(API, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"] in {
        "Jeton d'accès inconnu ou révoqué.",
        "En-tête Authorization mal formé : « Bearer <jeton> » attendu.",
    }


def test_http_basic_is_refused():
    user = UserFactory(role=Role.EXAM_OFFICE)
    user.set_password("pw-for-tests-123")
    user.save()
    credentials = base64.b64encode(f"{user.username}:pw-for-tests-123".encode()).decode()
    response = Client().get(API, HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 401
    assert "Basic" not in response["WWW-Authenticate"]
    classes = settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    assert not any("Basic" in c for c in classes)


def test_the_session_needs_the_csrf_token_on_writes():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role=Role.EXAM_OFFICE))
    assert client.get(API).status_code == 200
    response = client.post("/api/v1/plan/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_schema_describes_the_session_and_the_token_not_basic():
    schema = Client().get("/api/schema/?format=json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["jeton"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["jeton"]["description"],
    }
    assert schemes["cookieAuth"]["in"] == "cookie"
    assert not any(s.get("scheme") == "basic" for s in schemes.values())
    operation = schema["paths"]["/api/v1/candidates/"]["get"]
    assert {"jeton": []} in operation["security"]
    assert {"401", "429"} <= set(operation["responses"])


def test_the_exam_office_creates_a_token_only_after_a_second_factor(settings):
    from django_otp.oath import TOTP

    settings.NDRC_OTP_REQUIRED = False  # even where the second factor is not required
    office = UserFactory(role=Role.EXAM_OFFICE)
    client = signed_in(office)
    response = client.post(PAGE, {"name": "Export"})
    assert "doit d'abord être vérifié en deux étapes" in text(response)
    assert not ApiToken.objects.exists()
    # Enrolled (which verifies the session): now allowed.
    client.get("/compte/double-authentification/")
    key = client.session["ndrc_otp_key"]
    client.post("/compte/double-authentification/", {"code": TOTP(bytes.fromhex(key)).token()})
    create(client, "Export")
    assert ApiToken.objects.filter(user=office).count() == 1
