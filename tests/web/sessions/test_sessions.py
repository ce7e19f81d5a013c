"""Sessions: creation refused when no regulation is in force, dates of the dossiers."""

import datetime as dt

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.sessions.models import ExamSession
from tests.factories import AcademyFactory, ExamSessionFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


@pytest.fixture
def office(client):
    user = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    client.login(username=user.username, password=PASSWORD)
    return user


def test_the_exam_office_creates_a_session_and_sees_its_regulation(client, office):
    page = client.post(
        reverse("session_list"),
        {"year": "2026", "label": "", "deposit_deadline": "2026-03-13", "oral_date": ""},
        follow=True,
    ).content.decode()
    assert "Session 2026 créée." in page
    assert "Arrêté du 13 décembre 2023" in page
    session = ExamSession.objects.get(year=2026)
    assert session.deposit_deadline == dt.date(2026, 3, 13)
    assert AuditEntry.objects.filter(action="session_create", actor=office).exists()


@pytest.mark.parametrize(("year", "message"), [("2019", "2019"), ("deux", "un nombre")])
def test_a_session_without_a_rule_in_force_is_refused(client, office, year, message):
    page = client.post(reverse("session_list"), {"year": year}).content.decode()
    assert 'id="errors"' in page and message in page
    assert not ExamSession.objects.exists()


def test_the_dates_of_a_session_are_set_and_checked(client, office):
    session = ExamSessionFactory(year=2025)
    url = reverse("session_dates", args=[session.pk])
    page = client.post(
        url, {"deposit_deadline": "2025-03-14", "oral_date": "2025-03-01"}, follow=True
    ).content.decode()
    assert "ne peuvent précéder" in page
    client.post(url, {"deposit_deadline": "2025-03-14", "oral_date": "2025-05-19"})
    session.refresh_from_db()
    assert (session.deposit_deadline, session.oral_date) == (
        dt.date(2025, 3, 14),
        dt.date(2025, 5, 19),
    )
    entry = AuditEntry.objects.get(action="session_dates_set")
    assert entry.before == {"deposit_deadline": None, "oral_date": None}


def test_a_training_centre_cannot_manage_sessions(client):
    user = UserFactory(role=Role.TRAINING_CENTRE)
    client.login(username=user.username, password=PASSWORD)
    assert client.get(reverse("session_list")).status_code == 403


def test_the_exam_office_adds_an_establishment_and_an_exam_centre(client, office):
    page = client.post(
        reverse("establishment_list"),
        {
            "uai": "0630099z",
            "name": "Lycée Blaise-Pascal",
            "status": "public",
            "habilitation": "ccf",
        },
        follow=True,
    ).content.decode()
    assert "0630099Z" in page and "Lycée Blaise-Pascal" in page
    page = client.post(
        reverse("exam_centre_new"),
        {"code": "CE-063-02", "name": "Centre Ambroise-Brugière"},
        follow=True,
    ).content.decode()
    assert "CE-063-02" in page
    page = client.post(
        reverse("establishment_list"),
        {
            "uai": "0630099Z",
            "name": "Doublon",
            "status": "public",
            "habilitation": "ccf",
        },
    ).content.decode()
    assert 'id="errors"' in page
    assert AuditEntry.objects.filter(action="establishment_create").count() == 1
    assert AuditEntry.objects.filter(action="exam_centre_create").count() == 1
