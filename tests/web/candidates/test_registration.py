"""Registering one candidate and changing a registration: checked against the plan's
registration errors, audited, locked once the deliberation is closed."""

import pytest
from django.urls import reverse

from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations import closing
from tests.factories import CandidateFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"

BASE = {
    "number": "25NDRC80001",
    "last_name": "Martin",
    "first_name": "Léa",
    "birth_date": "2005-02-14",
    "route": "scolaire",
    "lv1": "anglais",
    "assessment_form": "global",
}


@pytest.fixture
def logged(client, office):
    client.login(username=office.username, password=PASSWORD)
    return client


def test_the_exam_office_registers_a_candidate_with_an_exemption_and_its_proof(
    logged, office, session
):
    school = EstablishmentFactory(academy=office.academy)
    response = logged.post(
        reverse("candidate_new"),
        {
            **BASE,
            "establishment": school.pk,
            "exemption_requests": "U1 u2",
            "diploma_kind": "bts_other_specialty",
            "diploma_title": "BTS MCO",
            "diploma_proof": "copie du diplôme",
            "extra_time": "on",
            "arrangements": "Tiers-temps",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Candidat inscrit." in page
    candidate = Candidate.objects.get(number="25NDRC80001")
    assert candidate.exemption_requests == ["U1", "U2"]
    assert candidate.diplomas[0]["proof"] == "copie du diplôme" and candidate.extra_time
    assert "dispense demandée U1" in page
    assert AuditEntry.objects.filter(action="candidate_register", candidate=candidate).exists()


def test_an_exemption_needs_a_diploma_and_a_registration_error_is_refused(logged, office, session):
    school = EstablishmentFactory(academy=office.academy)
    page = logged.post(
        reverse("candidate_new"), {**BASE, "establishment": school.pk, "exemption_requests": "U1"}
    ).content.decode()
    assert "Une dispense se fonde sur un diplôme détenu." in page
    page = logged.post(
        reverse("candidate_new"),
        {**BASE, "establishment": school.pk, "ef1_language": "anglais"},
    ).content.decode()
    assert 'id="errors"' in page and "EF1" in page
    assert not Candidate.objects.exists()


def test_a_registration_is_changed_with_its_audit_entry(logged, office, session):
    candidate = CandidateFactory(session=session, academy=office.academy)
    form = logged.get(reverse("candidate_edit", args=[candidate.pk])).content.decode()
    assert 'value="Durand"' in form
    data = {
        **BASE,
        "number": candidate.number,
        "last_name": "Durand-Petit",
        "establishment": candidate.establishment_id,
        "vae_units": "U6",
        "reason": "Erreur de saisie",
    }
    page = logged.post(reverse("candidate_edit", args=[candidate.pk]), data, follow=True)
    assert "Inscription modifiée." in page.content.decode()
    candidate.refresh_from_db()
    assert candidate.last_name == "Durand-Petit" and candidate.vae_units == ["U6"]
    entry = AuditEntry.objects.get(action="candidate_update", candidate=candidate)
    assert entry.before["last_name"] == "Durand" and entry.reason == "Erreur de saisie"


def test_a_registration_is_locked_once_the_deliberation_is_closed(logged, jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    data = {
        **BASE,
        "number": candidate.number,
        "establishment": candidate.establishment_id,
        "vae_units": "U6",
    }
    page = logged.post(reverse("candidate_edit", args=[candidate.pk]), data).content.decode()
    assert "Délibération close" in page
    candidate.refresh_from_db()
    assert candidate.vae_units == []


def test_a_training_centre_cannot_register_candidates(client, session):
    from ndrc.web.accounts.roles import Role
    from tests.factories import UserFactory

    centre = UserFactory(role=Role.TRAINING_CENTRE)
    client.login(username=centre.username, password=PASSWORD)
    assert client.get(reverse("candidate_new")).status_code == 403
