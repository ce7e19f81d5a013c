"""GET /api/v1/exam-days/convocations/: the convocations sent in the exam office's académie
for the current session (candidates' and examiners', a cancellation said so), each with the
version sent and the link to its file; another académie's office sees none of them, a
candidate may not read the list."""

import pytest
from django.test import Client
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.jobs.models import Job
from tests.factories import AcademyFactory, UserFactory
from tests.web.scheduling.convocation_world import exam_days

pytestmark = pytest.mark.django_db
URL = "/api/v1/exam-days/convocations/"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def send(world):
    response = client_for(world["office"]).post(reverse("convocations_send"))
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.state == "done", job.message


def test_the_exam_office_lists_its_convocations_sent():
    world = exam_days()
    send(world)
    world["teacher"].withdrawn = True
    world["teacher"].save()
    world["commission"].members.set([world["professional"]])
    send(world)
    assert reverse("api-exam-day-convocations") == URL
    body = client_for(world["office"]).get(URL).json()
    assert body["count"] == 5  # 3, then the professional's new version and the cancellation
    rows = body["results"]
    latest = rows[0]
    assert (latest["person_kind"], latest["person"], latest["version"]) == (
        "examinateur",
        "MARTIN Claire",
        2,
    )
    assert latest["cancellation"] is True and latest["lines"] == []
    assert latest["document_url"].startswith("http://testserver/api/v1/documents/")
    candidate = next(r for r in rows if r["person_kind"] == "candidat")
    assert (candidate["person"], candidate["candidate_number"], candidate["state"]) == (
        "BERNARD Hugo",
        "04500000",
        "sent",
    )
    assert candidate["lines"] == [
        "E4 : mardi 12 mai 2026, 09 h 00 – 09 h 40, Lycée Voltaire, Salle 12 (loge à 08 h 20)"
    ]
    assert candidate["cancellation"] is False
    file = client_for(world["office"]).get(candidate["document_url"])
    assert file.status_code == 200
    # Another académie's exam office: none; a candidate: refused.
    other = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="ZZ", name="Autre"))
    assert client_for(other).get(URL).json()["count"] == 0
    assert client_for(world["candidates"][0].user).get(URL).status_code == 403
