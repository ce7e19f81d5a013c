"""PUT /api/v1/candidates/<id>/grades/<exam>/: a « vae », « exempted » or « carried_over »
state comes from the candidate's file (CE D643-13, D643-15, D643-18; annexe II b): 403 for
anyone but the exam office, 400 with the missing fact in French when the file does not ground
it — the same grade services as the entry page."""

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Grade
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def _put(client, user, candidate, exam, body):
    client.login(username=user.username, password=PASSWORD)
    url = reverse("api-candidate-grade", args=[candidate.pk, exam])
    return client.put(url, body, content_type="application/json")


def test_a_training_centre_cannot_put_a_vae_state(client):
    candidate = CandidateFactory(vae_units=["U4"])
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=candidate.establishment)
    response = _put(client, centre, candidate, "E4", {"state": "vae"})
    assert response.status_code == 403
    assert "seule la division des examens (rectorat)" in response.json()["detail"]
    assert not Grade.objects.exists()


def test_the_exam_office_gets_a_400_naming_the_missing_fact(client, office):
    candidate = CandidateFactory(academy=office.academy)
    response = _put(client, office, candidate, "E4", {"state": "vae"})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "VAE refusée pour E4 : le dossier du candidat ne mentionne pas l'unité U4 validée par "
        "la VAE."
    )
    future = _put(
        client,
        office,
        candidate,
        "E4",
        {"state": "carried_over", "value": "20", "carried_session": 2099},
    )
    assert future.status_code == 400 and "Bénéfice refusé pour E4" in future.json()["detail"]
    assert not Grade.objects.exists()
    candidate.vae_units = ["U4"]
    candidate.save()
    assert _put(client, office, candidate, "E4", {"state": "vae"}).status_code == 200
