"""The session API: grades with no lost update, conformity, the jury's deliberation and the
candidate's published result — the same services as the pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations.models import FrozenResult
from ndrc.web.jobs.models import Job, JobState
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)


def test_a_grade_is_written_then_a_stale_write_is_a_409(client, office):
    candidate = CandidateFactory(academy=office.academy)
    _login(client, office)
    url = reverse("api-candidate-grade", args=[candidate.pk, "E1"])
    first = client.put(url, {"state": "grade", "value": "12.5"}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 1
    second = client.put(
        url, {"state": "absent", "expected_version": 1}, content_type="application/json"
    )
    assert second.status_code == 200 and second.json()["value"] is None
    stale = client.put(
        url,
        {"state": "grade", "value": "15", "expected_version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409 and "modifiée entre-temps" in stale.json()["detail"]
    bad = client.put(
        url,
        {"state": "grade", "value": "25", "expected_version": 2},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert Grade.objects.get(candidate=candidate, exam="E1").state == "absent"
    listed = client.get(reverse("api-candidate-grades", args=[candidate.pk])).json()
    assert [g["exam"] for g in listed] == ["E1"]


def test_a_training_centre_cannot_write_a_ponctuel_grade(client):
    candidate = CandidateFactory()
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=candidate.establishment)
    _login(client, centre)
    url = reverse("api-candidate-grade", args=[candidate.pk, "E1"])
    response = client.put(url, {"state": "grade", "value": "12"}, content_type="application/json")
    assert response.status_code == 403 and not Grade.objects.exists()
    # E4 is graded on a grid: its CCF proposal comes from the signed grid (DEC D112).
    url = reverse("api-candidate-grade", args=[candidate.pk, "E4"])
    response = client.put(url, {"state": "grade", "value": "12"}, content_type="application/json")
    assert response.status_code == 403 and "évaluée sur grille" in response.content.decode()
    assert not Grade.objects.exists()


def test_the_conformity_checklist_of_a_candidate(client, office):
    candidate = CandidateFactory(academy=office.academy)
    _login(client, office)
    report = client.get(reverse("api-candidate-conformity", args=[candidate.pk])).json()
    assert {o["exam"] for o in report["outcomes"]} >= {"E4", "E6"}
    assert report["checklist"]


def test_the_jury_deliberates_closes_and_publishes_through_the_api(client, jury, office):
    _login(client, office)
    listed = client.get(reverse("api-juries")).json()
    assert [j["name"] for j in listed] == ["Jury A"]
    review = client.get(reverse("api-jury", args=[jury.pk])).json()
    assert review["can_close"] is True and len(review["proposals"]) == 2
    weak = next(p for p in review["proposals"] if p["decision"] == "failed")
    no_reason = client.post(
        reverse("api-jury-changes", args=[jury.pk]),
        {"candidate_id": weak["candidate_id"], "exam": "E1", "value": "9", "reason": ""},
        content_type="application/json",
    )
    assert no_reason.status_code == 400
    change = client.post(
        reverse("api-jury-changes", args=[jury.pk]),
        {
            "candidate_id": weak["candidate_id"],
            "exam": "E1",
            "value": "9",
            "reason": "Harmonisation",
        },
        content_type="application/json",
    )
    assert change.status_code == 201
    closed = client.post(reverse("api-jury-close", args=[jury.pk]))
    assert closed.status_code == 200 and closed.json() == {"results": 2}
    again = client.post(reverse("api-jury-close", args=[jury.pk]))
    assert again.status_code == 409
    assert client.post(reverse("api-jury-publish", args=[jury.pk])).json() == {"published": 2}
    frozen = client.get(reverse("api-jury", args=[jury.pk])).json()["results"]
    assert all(r["published"] and r["regulation"] == "R2023" for r in frozen)
    reopened = client.post(
        reverse("api-jury-reopen", args=[jury.pk]),
        {"reason": "Recours"},
        content_type="application/json",
    )
    assert reopened.status_code == 200 and reopened.json()["round"] == 2


def test_a_blocked_close_is_a_409_with_the_problems(client, jury, office):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    Grade.objects.filter(candidate=candidate, exam="E2").delete()
    _login(client, office)
    response = client.post(reverse("api-jury-close", args=[jury.pk]))
    assert response.status_code == 409
    assert any(candidate.number in p for p in response.json()["problems"])
    assert not FrozenResult.objects.exists()


def test_the_candidate_reads_the_published_result_only(client, jury, office):
    from ndrc.web.deliberations import closing

    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    account = UserFactory(role=Role.CANDIDATE)
    Candidate.objects.filter(pk=candidate.pk).update(user=account)
    _login(client, account)
    assert client.get(reverse("api-my-result")).status_code == 404
    closing.deliberation_close(jury=jury, actor=office)
    closing.results_publish(jury=jury, actor=office)
    result = client.get(reverse("api-my-result")).json()
    assert result["decision"] in ("admitted", "failed") and result["result"]["explanation"]
    assert client.get(reverse("api-juries")).status_code == 403


def test_an_unknown_api_resource_is_a_json_404_and_a_page_elsewhere(client, office):
    _login(client, office)
    response = client.get("/api/v1/candidates/-1/plan/")
    assert response.status_code == 404 and response.json() == {"detail": "Ressource introuvable."}
    page = client.get("/nulle-part/")
    assert page.status_code == 404 and "text/html" in page["Content-Type"]


def test_the_api_closes_through_the_same_job_and_freshness_check_as_the_page(client, jury, office):
    _login(client, office)
    seen = client.get(reverse("api-jury", args=[jury.pk])).json()["fingerprint"]
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    grade = Grade.objects.get(candidate=candidate, exam="E1")
    grade_set(
        candidate=candidate,
        write=GradeWrite("E1", "grade", Decimal(13)),
        actor=office,
        expected_version=grade.version,
    )
    stale = client.post(
        reverse("api-jury-close", args=[jury.pk]), {"seen": seen}, content_type="application/json"
    )
    assert stale.status_code == 409 and "ont changé" in " ".join(stale.json()["problems"])
    assert not FrozenResult.objects.exists()
    fresh = client.get(reverse("api-jury", args=[jury.pk])).json()["fingerprint"]
    closed = client.post(
        reverse("api-jury-close", args=[jury.pk]), {"seen": fresh}, content_type="application/json"
    )
    assert closed.status_code == 200 and closed.json() == {"results": 2}
    jobs = Job.objects.filter(kind="deliberation_close").order_by("pk")
    assert [j.state for j in jobs] == [JobState.FAILED, JobState.DONE]


def test_with_a_worker_the_api_answers_202_and_the_job_to_follow(
    client, jury, office, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _login(client, office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("api-jury-close", args=[jury.pk]))
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["job"])
    assert job.kind == "deliberation_close" and response.json()["progress"].endswith("/etat/")
    assert not FrozenResult.objects.exists()
