"""A job's lines (a refused import's errors, a closing's blockers) shown page by page."""

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.jobs.models import Job
from tests.factories import AcademyFactory, UserFactory
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


def test_the_lines_of_a_failed_job_are_shown_one_page_at_a_time(client):
    office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    lines = [f"Ligne {n} : refusée" for n in range(1, 251)]
    job = Job.objects.create(
        kind="import",
        label="Import",
        task="x.y",
        state="failed",
        message="Fichier refusé.",
        result={"details": lines},
        created_by=office,
        academy=office.academy,
    )
    client.force_login(office)
    count, html = queries(client, reverse("job_detail", args=[job.pk]))
    assert html.count("<li>Ligne ") == 100 and "Ligne 100 :" in html
    assert "Page 1 sur 3" in html and "Ligne 101 :" not in html
    again, html = queries(client, reverse("job_detail", args=[job.pk]), {"page": "9"})
    assert "Ligne 250 :" in html and "Ligne 200 :" not in html and "Page 3 sur 3" in html
    assert again == count
