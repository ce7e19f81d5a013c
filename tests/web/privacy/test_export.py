"""A candidate's personal data on request: the candidate in his or her space, the exam office
from the candidate's file (a request recorded in the journal); grades and results only as the
candidate may see them (published), the journal's values of grades withheld until then."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AccessLog, AuditEntry
from ndrc.web.deliberations import closing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def candidate(jury):
    candidate = jury.assignments.order_by("candidate__pk").first().candidate
    candidate.user = UserFactory(
        role=Role.CANDIDATE, username="lou", email="lou@example.org", first_name="Lou"
    )
    candidate.arrangements = "Tiers-temps aux épreuves écrites"
    candidate.save()
    return candidate


def test_before_publication_the_candidate_sees_his_file_but_no_grade(candidate):
    client = _client(candidate.user)
    page = client.get(reverse("my_personal_data"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mes données personnelles" in text
    assert candidate.number in text and "01/03/2005" in text
    assert "Tiers-temps aux épreuves écrites" in text
    assert "documents préparatoires" in text and "article L311-2" in text
    assert 'id="published-grades"' not in text
    data = json.loads(client.get(reverse("my_personal_data_json")).content)
    assert data["format"] == "ndrc-donnees-personnelles" and data["version"] == 1
    assert data["identity"]["birth_date"] == "2005-03-01"
    assert data["results"] == {
        "published": False,
        "note": data["results"]["note"],
        "grades": [],
        "decisions": [],
    }
    grade_entries = [h for h in data["history"] if h["action"] == "saisie d'une note"]
    assert grade_entries and all(h["values_withheld"] for h in grade_entries)
    assert all(not h["changes"] and not h["object"] for h in grade_entries)
    assert len(data["internships"]) >= 1 and {d["exam"] for d in data["dossiers"]} == {"E4", "E6"}
    assert data["account"]["username"] == "lou" and data["account"]["email"] == "lou@example.org"
    # The candidate's own reads are not recorded as reads of the file by the staff.
    assert not AccessLog.objects.filter(candidate=candidate).exists()


def test_after_publication_the_grades_and_the_decision_are_given(candidate, jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    closing.results_publish(jury=jury, actor=office)
    data = json.loads(_client(candidate.user).get(reverse("my_personal_data_json")).content)
    assert data["results"]["published"] is True
    assert {g["exam"] for g in data["results"]["grades"]} >= {"E1", "E4", "E6"}
    (decision,) = data["results"]["decisions"]
    assert decision["decision_label"] and decision["regulation"] == "R2023"
    grade_entries = [h for h in data["history"] if h["action"] == "saisie d'une note"]
    assert grade_entries and not any(h["values_withheld"] for h in grade_entries)
    page = _client(candidate.user).get(reverse("my_personal_data")).content.decode()
    assert 'id="published-grades"' in page and decision["decision_label"] in page


def test_the_exam_office_export_is_recorded_in_the_journal(candidate, office):
    client = _client(office)
    file_page = client.get(reverse("candidate_plan", args=[candidate.pk])).content.decode()
    assert "Exporter les données personnelles" in file_page
    assert "Consultations du dossier" in file_page
    page = client.get(reverse("candidate_personal_data", args=[candidate.pk]))
    assert page.status_code == 200 and candidate.last_name in page.content.decode()
    download = client.get(reverse("candidate_personal_data_json", args=[candidate.pk]))
    assert download["Content-Disposition"].endswith(f'-{candidate.number}.json"')
    exports = AuditEntry.objects.filter(action="personal_data_export", candidate=candidate)
    assert [(e.actor, e.after) for e in exports.order_by("id")] == [
        (office, {"format": "html"}),
        (office, {"format": "json"}),
    ]
    history = client.get(reverse("candidate_audit", args=[candidate.pk])).content.decode()
    assert "export des données personnelles" in history


def test_the_consultations_page_lists_who_read_the_file(candidate, office):
    reader = UserFactory(
        role=Role.EXAM_OFFICE, academy=office.academy, first_name="Inès", last_name="Roux"
    )
    _client(reader).get(reverse("candidate_plan", args=[candidate.pk]))
    page = _client(office).get(reverse("candidate_accesses", args=[candidate.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Inès Roux" in text and "dossier du candidat" in text
    # The consultations page is itself a read of the file, shown the next time.
    assert AccessLog.objects.filter(candidate=candidate, user=office, page="accesses").exists()
