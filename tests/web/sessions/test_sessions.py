"""Sessions: creation refused when no regulation is in force, dates of the dossiers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.sessions import services
from ndrc.web.sessions.models import AcademyCalendar, ExamSession
from ndrc.web.sessions.selectors import deposit_deadline_for, oral_date_for, session_current
from tests.factories import AcademyFactory, CandidateFactory, ExamSessionFactory, UserFactory

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
    calendar = AcademyCalendar.objects.get(session=session)
    assert (calendar.academy, calendar.deposit_deadline) == (office.academy, dt.date(2026, 3, 13))
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
    assert "Les oraux ne peuvent précéder la date limite de dépôt des dossiers." in page
    assert not AcademyCalendar.objects.exists()
    page = client.post(
        url, {"deposit_deadline": "2023-12-01", "oral_date": "2027-01-15"}, follow=True
    ).content.decode()
    assert "Les oraux de la session 2025 ont lieu en 2025 (date saisie : 15/01/2027)." in page
    assert "La date limite de dépôt de la session 2025 se situe en 2024 ou en 2025" in page
    assert not AcademyCalendar.objects.exists()
    client.post(url, {"deposit_deadline": "2025-03-14", "oral_date": "2025-05-19"})
    calendar = AcademyCalendar.objects.get(session=session, academy=office.academy)
    assert (calendar.deposit_deadline, calendar.oral_date) == (
        dt.date(2025, 3, 14),
        dt.date(2025, 5, 19),
    )
    entry = AuditEntry.objects.get(action="session_dates_set")
    assert entry.before == {"deposit_deadline": None, "oral_date": None}
    page = client.get(reverse("session_list")).content.decode()
    assert 'value="2025-03-14"' in page and 'value="2025-05-19"' in page


def test_each_academys_exam_office_sets_its_own_dates(client, office):
    session = ExamSessionFactory(year=2025, deposit_deadline=dt.date(2025, 3, 14))
    other = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="B02"))
    client.force_login(other)
    client.post(
        reverse("session_dates", args=[session.pk]),
        {"deposit_deadline": "2025-04-04", "oral_date": "2025-06-02"},
    )
    ours = CandidateFactory(session=session, academy=office.academy)
    theirs = CandidateFactory(session=session, academy=other.academy)
    assert deposit_deadline_for(candidate=ours) == dt.date(2025, 3, 14)
    assert oral_date_for(candidate=ours) is None
    assert deposit_deadline_for(candidate=theirs) == dt.date(2025, 4, 4)
    assert oral_date_for(candidate=theirs) == dt.date(2025, 6, 2)
    page = client.get(reverse("session_list")).content.decode()
    assert 'value="2025-04-04"' in page and 'value="2025-03-14"' not in page


def test_the_dates_freeze_only_for_the_academy_whose_jury_closed(office):
    session = ExamSessionFactory(year=2025)
    other = AcademyFactory(code="B02")
    CandidateFactory(session=session, academy=office.academy, locked_by="Jury A")
    with pytest.raises(ValidationError, match="ne changent plus"):
        services.session_dates_set(
            session=session,
            academy=office.academy,
            deposit_deadline=dt.date(2025, 3, 14),
            oral_date=None,
            actor=office,
        )
    services.session_dates_set(
        session=session,
        academy=other,
        deposit_deadline=dt.date(2025, 3, 14),
        oral_date=None,
        actor=office,
    )
    assert AcademyCalendar.objects.filter(academy=other).exists()


def test_the_session_worked_on_is_each_users_choice(client, office):
    old = ExamSessionFactory(year=2025)
    new = ExamSessionFactory(year=2026)
    CandidateFactory(session=old, academy=office.academy, last_name="Ancien")
    other = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="B02"))
    CandidateFactory(session=old, academy=other.academy, last_name="Voisin")
    centre_candidate = CandidateFactory(session=old, academy=other.academy, last_name="Centre")
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=centre_candidate.establishment)
    # Each user starts on the latest session with candidates of his or her académie.
    assert session_current(user=office) == old == session_current(user=centre)
    page = client.post(reverse("session_current", args=[new.pk]), follow=True).content.decode()
    assert "Vous travaillez désormais sur Session 2026." in page
    assert session_current(user=office) == new
    assert "Ancien" not in client.get(reverse("candidate_list")).content.decode()
    # Nobody else's lists change.
    assert session_current(user=other) == old and session_current(user=centre) == old
    client.force_login(other)
    assert "Voisin" in client.get(reverse("candidate_list")).content.decode()
    client.force_login(centre)
    assert "Centre" in client.get(reverse("candidate_list")).content.decode()


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
