"""A NUL character in a submitted text is refused with a French 400 before any view reads it
(PostgreSQL cannot store it: it used to be a server error), and nothing is written."""

import json

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.deliberations.models import Jury
from ndrc.web.sessions.models import Establishment, ExamSession
from tests.factories import AcademyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    user = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("session_list", {"year": "2025", "label": "Session\x002025"}),
        ("establishment_list", {"uai": "0630001A", "name": "Lycée\x00", "status": "public"}),
        ("jury_new", {"name": "Jury\x00A"}),
    ],
)
def test_a_form_with_a_nul_character_is_refused_in_french(client, office, url, data):
    response = client.post(reverse(url), data, HTTP_REFERER="http://testserver/candidats/")
    page = response.content.decode()
    assert response.status_code == 400
    assert "contient un caractère nul" in page and "rien n&#x27;a été enregistré" in page
    assert 'href="http://testserver/candidats/"' in page  # the way back
    assert not ExamSession.objects.exists()
    assert not Establishment.objects.exists() and not Jury.objects.exists()


def test_a_query_string_with_a_nul_character_is_refused(client, office):
    response = client.get(reverse("grade_entry"), {"epreuve": "E1\x00"})
    assert response.status_code == 400


def test_the_api_answers_a_nul_character_in_json(client, office):
    response = client.put(
        "/api/v1/candidates/1/grades/E1/",
        data=json.dumps({"state": "grade", "value": "12", "reason": "a\u0000b"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "caractère nul" in response.json()["detail"]


def test_an_ordinary_text_passes(client, office):
    response = client.post(reverse("session_list"), {"year": "2025", "label": "Session 2025"})
    assert response.status_code in (200, 302)
    assert ExamSession.objects.filter(year=2025).exists()
