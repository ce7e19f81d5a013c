import json

import pytest
from django.urls import reverse

from ndrc.web.candidates.models import Candidate
from ndrc.web.demo.services import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_is_served_and_valid(client):
    from drf_spectacular.validation import validate_schema

    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = json.loads(response.content)
    validate_schema(document)
    assert "/api/v1/plan/" in document["paths"]
    assert "/api/v1/candidates/" in document["paths"]


def test_referential_and_regulation_are_public(client):
    ref = client.get(reverse("api-referential")).json()
    assert [b["unit"] for b in ref["competence_blocks"]] == ["U4", "U5", "U6"]
    reg = client.get(reverse("api-regulation", args=[2025])).json()
    assert reg["id"] == "R2023"
    e4 = next(e for e in reg["exams"] if e["code"] == "E4")
    assert e4["cells"]["3"]["duration_minutes"] == 40
    missing = client.get(reverse("api-regulation", args=[2019]))
    assert missing.status_code == 404
    assert "2019" in missing.json()["detail"]


def test_plan_endpoint_validates_and_answers(client):
    url = reverse("api-plan")
    ok = client.post(
        url,
        {"session": 2022, "route": "experience_professionnelle", "lv1": "anglais"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["column"]["number"] == 3
    bad = client.post(url, {"session": 2025, "route": "bus"}, content_type="application/json")
    assert bad.status_code == 400
    assert "route" in bad.json()["detail"]


def test_deliberate_requires_an_account(client, demo):
    body = {
        "session": 2025,
        "route": "experience_professionnelle",
        "lv1": "anglais",
        "grades": {"E1": 12, "E2": 12, "E3": 12, "E4": 12, "E5W": 12, "E5P": 12, "E6": 12},
    }
    url = reverse("api-deliberate")
    assert client.post(url, body, content_type="application/json").status_code in (401, 403)
    client.login(username="jury", password=DEMO_PASSWORD)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["decision"] == "admitted"
    assert response.json()["explanation"]
    bad = client.post(
        url,
        {"session": 2025, "route": "scolaire", "grades": {"E1": 25}},
        content_type="application/json",
    )
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("username", "expected"),
    [("gestionnaire", 300), ("centre", 110), ("examinateur", None), ("candidat", None)],
)
def test_candidates_are_scoped_by_role(client, demo, username, expected):
    client.login(username=username, password=DEMO_PASSWORD)
    response = client.get(reverse("api-candidates"))
    if expected is None:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        body = response.json()  # one page of 100 in the paginated envelope
        assert body["count"] == expected
        assert len(body["results"]) == 100
        assert body["previous"] is None
        assert body["next"].endswith("?page=2")


def test_anonymous_has_no_candidate_data(client, demo):
    assert client.get(reverse("api-candidates")).status_code in (401, 403)
    candidate = Candidate.objects.first()
    assert client.get(reverse("api-candidate-plan", args=[candidate.pk])).status_code in (401, 403)


def test_candidate_plan_is_scoped(client, demo):
    own = Candidate.objects.get(user__username="candidat")
    other = Candidate.objects.exclude(pk=own.pk).first()
    client.login(username="candidat", password=DEMO_PASSWORD)
    assert client.get(reverse("api-candidate-plan", args=[own.pk])).json()["column"]["number"] == 1
    assert client.get(reverse("api-candidate-plan", args=[other.pk])).status_code == 404
