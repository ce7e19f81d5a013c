"""The journal keeps no more personal data than it needs (a birth date, the arrangements of a
disabled candidate and the diplomas held: that they were set or changed, never their values),
and the reads of a candidate's file by the staff are recorded (not the candidate's own)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from ndrc.rules.candidate_category import Route
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import WITHHELD, AccessLog, AuditEntry
from ndrc.web.audit.services import WITHHELD_FIELDS
from ndrc.web.candidates.services import candidate_register, candidate_update
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_withheld_fields_are_declared_per_model():
    assert WITHHELD_FIELDS["candidates.Candidate"] == {
        "birth_date",
        "extra_time",
        "arrangements",
        "diplomas",
    }


def test_a_change_of_birth_date_and_arrangements_is_recorded_without_the_values():
    candidate = CandidateFactory(arrangements="Secrétaire lecteur")
    candidate_update(
        candidate=candidate,
        changes={
            "birth_date": dt.date(2006, 4, 2),
            "arrangements": "Tiers-temps et salle à part",
            "extra_time": True,
            "lv1": "espagnol",
        },
        reason="pièce reçue",
    )
    entry = AuditEntry.objects.get(action="candidate_update", candidate=candidate)
    for name in ("birth_date", "arrangements", "extra_time"):
        assert entry.before[name] == entry.after[name] == WITHHELD
    assert (entry.before["lv1"], entry.after["lv1"]) == ("anglais", "espagnol")
    stored = str(entry.before) + str(entry.after)
    for value in ("2006-04-02", "2005-03-01", "Tiers-temps", "Secrétaire"):
        assert value not in stored


def test_a_registration_records_that_a_diploma_was_given_not_which():
    academy = AcademyFactory()
    registered = candidate_register(
        session=ExamSessionFactory(year=2025),
        academy=academy,
        number="25W0001",
        last_name="Martin",
        first_name="Léa",
        birth_date=dt.date(2004, 1, 9),
        route=Route.SCHOOL,
        establishment=EstablishmentFactory(academy=academy),
        lv1="anglais",
        plan_errors_allowed=True,
        diplomas=[{"kind": "bts", "title": "BTS MCO", "proof": "copie du diplôme"}],
    )
    entry = AuditEntry.objects.get(action="candidate_register", candidate=registered)
    assert entry.after["diplomas"] == entry.after["birth_date"] == WITHHELD
    assert entry.after["last_name"] == "Martin"
    assert "BTS MCO" not in str(entry.after)


def test_a_staff_read_of_a_file_is_recorded_not_the_candidate_s_own():
    session = ExamSessionFactory(year=2025)
    office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    own = UserFactory(role=Role.CANDIDATE)
    candidate = CandidateFactory(session=session, academy=office.academy, user=own)
    for user in (office, own):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("candidate_plan", args=[candidate.pk])).status_code == 200
    office_client = Client()
    office_client.force_login(office)
    assert office_client.get(reverse("candidate_audit", args=[candidate.pk])).status_code == 200
    reads = list(AccessLog.objects.filter(candidate=candidate).order_by("id"))
    assert [(r.user, r.page) for r in reads] == [(office, "file"), (office, "history")]


def test_a_read_through_the_api_is_recorded():
    session = ExamSessionFactory(year=2025)
    office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    candidate = CandidateFactory(session=session, academy=office.academy)
    client = Client()
    client.force_login(office)
    for name in ("api-candidate-plan", "api-candidate-grades"):
        assert client.get(reverse(name, args=[candidate.pk])).status_code == 200
    assert [r.page for r in AccessLog.objects.filter(candidate=candidate)] == ["api", "api"]
    assert AccessLog.objects.first().page_label == "API (plan, notes ou conformité du candidat)"
