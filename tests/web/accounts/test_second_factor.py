"""Two-factor authentication (TOTP, with backup codes) for the exam office, the juries and
the superusers when NDRC_OTP_REQUIRED is on; the other roles are not asked."""

import base64
import datetime as dt
import html
import re

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENROL = "/compte/double-authentification/"
VERIFY = "/compte/code/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.NDRC_OTP_REQUIRED = True


def text(response):
    return html.unescape(response.content.decode())


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def enrol(client):
    """Enrol through the page; the backup codes shown."""
    page = client.get(ENROL)
    assert page.status_code == 200
    key = client.session["ndrc_otp_key"]
    response = client.post(ENROL, {"code": TOTP(bytes.fromhex(key)).token(), "next": "/"})
    assert response.status_code == 200
    return re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())


@pytest.mark.parametrize("role", [Role.EXAM_OFFICE, Role.JURY])
def test_the_exam_office_and_juries_enrol_before_any_page(role):
    user = UserFactory(role=role)
    client = signed_in(user)
    for path in ("/", "/candidats/", "/compte/jetons/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{ENROL}?next=")
    api = client.get("/api/v1/juries/")
    assert api.status_code == 403
    assert "La vérification en deux étapes est requise" in api.json()["detail"]

    page = text(client.get(ENROL))
    assert "Activer la double authentification" in page
    assert "<svg" in page  # the QR code, inline
    key = client.session["ndrc_otp_key"]
    secret = re.search(r'<code id="otp-secret">([A-Z2-7=]+)</code>', page).group(1)
    assert secret == base64.b32encode(bytes.fromhex(key)).decode()
    assert f"secret={secret}" in TOTPDevice(user=user, key=key).config_url
    wrong = client.post(ENROL, {"code": "000000"})
    assert "Ce code ne correspond pas" in text(wrong)
    assert not TOTPDevice.objects.filter(user=user).exists()

    response = client.post(ENROL, {"code": TOTP(bytes.fromhex(key)).token(), "next": "/"})
    assert "La double authentification est activée." in text(response)
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert AuditEntry.objects.filter(action="otp_enrol", object_id=str(user.pk)).exists()
    # The session is verified: every page opens.
    assert client.get("/").status_code == 200
    # The backup codes are not shown again.
    assert not any(code in text(client.get("/compte/")) for code in codes)


def test_a_new_session_asks_the_code_then_opens(settings):
    user = UserFactory(role=Role.EXAM_OFFICE)
    codes = enrol(signed_in(user))
    client = signed_in(user)  # a new login
    response = client.get("/candidats/")
    assert response["Location"] == f"{VERIFY}?next=/candidats/"
    page = text(client.get(response["Location"]))
    assert "Saisissez le code affiché par votre application d'authentification." in page
    wrong = client.post(VERIFY, {"code": "123456", "next": "/candidats/"})
    assert "Ce code n'est pas valable (ou a déjà servi)." in text(wrong)
    # An enrolled user who has not given the code cannot replace the device.
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    device = TOTPDevice.objects.get(user=user)
    right = {"code": TOTP(device.bin_key).token(), "next": "/candidats/"}
    # After a wrong code, django-otp makes the next wait (1 s, then 2 s, 4 s…).
    assert "Trop de codes erronés à la suite" in text(client.post(VERIFY, right))
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    for model in (TOTPDevice, StaticDevice):
        model.objects.update(throttling_failure_timestamp=an_hour_ago)
    response = client.post(VERIFY, right)
    assert response.status_code == 302
    assert response["Location"] == "/candidats/"
    assert client.get("/candidats/").status_code == 200

    # A backup code serves once.
    other = signed_in(user)
    assert other.post(VERIFY, {"code": codes[0], "next": "/"})["Location"] == "/"
    assert other.get("/").status_code == 200
    assert StaticToken.objects.filter(token=codes[0]).count() == 0
    third = signed_in(user)
    assert third.post(VERIFY, {"code": codes[0]}).status_code == 200  # the form again
    assert third.get("/").status_code == 302


def test_a_superuser_gives_a_code_too():
    root = UserFactory(role="", is_superuser=True, is_staff=True)
    response = signed_in(root).get("/")
    assert response["Location"].startswith(ENROL)


@pytest.mark.parametrize("role", [Role.TRAINING_CENTRE, Role.EXAMINER, Role.CANDIDATE])
def test_the_other_roles_are_not_asked(role):
    client = signed_in(UserFactory(role=role))
    assert client.get("/").status_code == 200
    assert client.get("/compte/").status_code == 200


def test_not_required_in_development(settings):
    settings.NDRC_OTP_REQUIRED = False
    assert signed_in(UserFactory(role=Role.EXAM_OFFICE)).get("/").status_code == 200


def test_whoever_enrolled_gives_the_code(settings):
    """A device enrolled by choice is asked for, whatever the role and the setting."""
    settings.NDRC_OTP_REQUIRED = False
    user = UserFactory(role=Role.EXAMINER)
    enrol(signed_in(user))
    assert signed_in(user).get("/")["Location"] == f"{VERIFY}?next=/"


def test_logging_out_stays_possible_before_the_code():
    client = signed_in(UserFactory(role=Role.JURY))
    assert client.post("/deconnexion/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_next_page_is_only_of_this_site():
    user = UserFactory(role=Role.EXAM_OFFICE)
    enrol(signed_in(user))
    client = signed_in(user)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(
        VERIFY, {"code": TOTP(device.bin_key).token(), "next": "https://ailleurs.example/"}
    )
    assert response["Location"] == "/"
