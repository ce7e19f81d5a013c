"""An idle session is logged out after NDRC_SESSION_IDLE_MINUTES; the login page says so."""

import html
import time

import pytest
from django.test import Client

from ndrc.web.accounts.middleware import LAST_SEEN
from ndrc.web.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN] = int(time.time()) - minutes * 60
    session.save()


@pytest.fixture
def client():
    client = Client()
    client.force_login(UserFactory(role=Role.EXAMINER))
    assert client.get("/compte/").status_code == 200
    return client


def test_thirty_minutes_without_a_request_log_out(settings, client):
    assert settings.NDRC_SESSION_IDLE_MINUTES == 30
    idle_for(client, 31)
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/compte/"
    login = html.unescape(client.get(response["Location"]).content.decode())
    assert "Votre session a expiré après une période d'inactivité" in login
    # Said once.
    assert "Votre session a expiré" not in client.get("/connexion/").content.decode()


def test_a_request_within_the_delay_keeps_the_session(client):
    idle_for(client, 29)
    assert client.get("/compte/").status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN] < 5  # the delay starts again


def test_the_delay_is_a_setting(settings, client):
    settings.NDRC_SESSION_IDLE_MINUTES = 5
    idle_for(client, 6)
    assert client.get("/compte/").status_code == 302
    assert client.get("/api/v1/candidates/").status_code == 401  # anonymous now
