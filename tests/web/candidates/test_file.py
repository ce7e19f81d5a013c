"""A candidate's file: plan, grades, internships, dossiers and the conformity checklist; the
forms of the training centre; the conformity commission's list and its exports."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Dossier, Internship
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    ExamSessionFactory,
    UserFactory,
    academy_dates,
)

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


@pytest.fixture
def candidate():
    session = ExamSessionFactory(year=2025, deposit_deadline=dt.date(2025, 3, 14))
    return CandidateFactory(session=session, academy=AcademyFactory(code="A01"))


@pytest.fixture
def centre(candidate):
    return UserFactory(role=Role.TRAINING_CENTRE, establishment=candidate.establishment)


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def before_the_deadline(candidate):
    """The académie's deposit deadline still ahead: the training centre records its file."""
    academy_dates(
        candidate.session,
        candidate.academy,
        deposit_deadline=dt.date.today() + dt.timedelta(days=30),
        oral_date=None,
    )


def test_the_file_shows_the_plan_and_a_checklist_with_each_text(client, candidate, centre):
    login(client, centre)
    page = client.get(reverse("candidate_plan", args=[candidate.pk])).content.decode()
    assert "E4" in page and 'id="checklist"' in page
    assert 'data-outcome="nv"' in page  # nothing deposited, the deadline has passed
    assert "absence de dépôt du dossier" in page
    assert "A2023 annexe II" in page


def test_a_training_centre_records_internships_and_describes_a_dossier(client, candidate, centre):
    before_the_deadline(candidate)
    login(client, centre)
    for start, end in (("2023-11-06", "2023-12-22"), ("2024-05-13", "2024-07-05")):
        client.post(
            reverse("internship_new", args=[candidate.pk]),
            {
                "organisation": "Volcans Distribution",
                "start": start,
                "end": end,
                "kind": "internship",
                "attestation": "1",
                "signed": "1",
                "full_time": "1",
            },
        )
    client.post(
        reverse("internship_new", args=[candidate.pk]),
        {
            "organisation": "Banque du Massif",
            "start": "2025-01-06",
            "end": "2025-02-14",
            "attestation": "1",
            "signed": "1",
            "full_time": "1",
        },
    )
    assert Internship.objects.filter(candidate=candidate).count() == 3
    parts = ["description", "upstream_analysis", "information_analysis", "reflective_analysis"]
    response = client.post(
        reverse("dossier_edit", args=[candidate.pk, "E4"]),
        {
            "deposited_on": "2025-03-10",
            "signed": "1",
            "fiche-0-nature": "sales_negotiation",
            "fiche-0-parts": parts,
            "fiche-0-covers_pole": "1",
            "fiche-0-offer_annex_pages": "2",
            "fiche-1-nature": "commercial_event",
            "fiche-1-parts": parts,
            "fiche-1-covers_pole": "1",
            "fiche-1-offer_annex_pages": "1",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Dossier E4 enregistré" in page
    dossier = Dossier.objects.get(candidate=candidate, exam="E4")
    assert [f["nature"] for f in dossier.content["fiches"]] == [
        "sales_negotiation",
        "commercial_event",
    ]
    assert "<strong>E4</strong> : Conforme" in page
    assert AuditEntry.objects.filter(candidate=candidate, action="internship_add").count() == 3
    assert AuditEntry.objects.filter(candidate=candidate, action="dossier_set").count() == 1
    form = client.get(reverse("dossier_edit", args=[candidate.pk, "E4"])).content.decode()
    assert 'value="sales_negotiation" selected' in form


def test_wrong_dates_and_page_counts_are_refused(client, candidate, centre):
    before_the_deadline(candidate)
    login(client, centre)
    page = client.post(
        reverse("internship_new", args=[candidate.pk]),
        {"organisation": "X", "start": "2025-02-01", "end": "2025-01-01"},
        follow=True,
    ).content.decode()
    assert "précède le début" in page
    page = client.post(
        reverse("dossier_edit", args=[candidate.pk, "E6"]),
        {"deposited_on": "2025-03-10", "professional_dossier_pages": "dix"},
    ).content.decode()
    assert 'id="errors"' in page and "n&#x27;est pas un nombre de pages" in page
    assert not Internship.objects.exists() and not Dossier.objects.exists()


def test_another_centre_cannot_reach_the_file(client, candidate):
    other = UserFactory(role=Role.TRAINING_CENTRE, establishment=CandidateFactory().establishment)
    login(client, other)
    assert client.get(reverse("candidate_plan", args=[candidate.pk])).status_code == 404
    response = client.post(
        reverse("internship_new", args=[candidate.pk]),
        {"organisation": "X", "start": "2025-01-01", "end": "2025-02-01"},
    )
    assert response.status_code == 404
    assert client.get(reverse("dossier_edit", args=[candidate.pk, "E4"])).status_code == 404
    assert not Internship.objects.exists()


def test_a_candidate_reads_the_own_file_but_cannot_edit_it(client, candidate):
    account = UserFactory(role=Role.CANDIDATE)
    candidate.user = account
    candidate.save()
    login(client, account)
    assert client.get(reverse("candidate_plan", args=[candidate.pk])).status_code == 200
    assert client.get(reverse("dossier_edit", args=[candidate.pk, "E4"])).status_code == 403


def test_the_conformity_commission_list_and_its_exports(client, demo):
    client.login(username="gestionnaire", password="ndrc-demo-2025")
    page = client.get(reverse("conformity_list")).content.decode()
    assert 'data-outcome="nv"' in page and 'data-outcome="conform"' in page
    only_nv = client.get(reverse("conformity_list"), {"nv": "1"}).content.decode()
    assert 'data-outcome="conform"' not in only_nv
    response = client.get(reverse("conformity_list"), {"format": "csv", "nv": "1"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows and all(r["outcome"] == "nv" and r["nv_causes"] for r in rows)
    response = client.get(reverse("conformity_list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["G1"].value == "Causes de NV" and sheet.max_row > 300
