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
    assert (
        "Inscription modifiée : nom, prénom, date de naissance, unités validées par la VAE."
        in page.content.decode()
    )
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
        "reason": "Erreur de saisie",
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


def _edit_data(candidate, **overrides):
    """What the edit page's form holds for this candidate, as a browser sends it back."""
    return {
        **BASE,
        "number": candidate.number,
        "last_name": candidate.last_name,
        "first_name": candidate.first_name,
        "birth_date": candidate.birth_date.isoformat(),
        "establishment": candidate.establishment_id,
        **overrides,
    }


def test_the_edit_page_in_french_shows_the_birth_date_and_saves_it_back(logged, office, session):
    """In French a date was rendered 02/04/2006 into a date input: the browser showed an
    empty field and every save answered « Ce champ est obligatoire »."""
    import datetime as dt
    import re

    candidate = CandidateFactory(
        session=session, academy=office.academy, birth_date=dt.date(2006, 4, 2)
    )
    url = reverse("candidate_edit", args=[candidate.pk])
    form = logged.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    field = re.search(r'<input type="date" name="birth_date"[^>]*>', form).group(0)
    assert 'value="2006-04-02"' in field
    value = re.search(r'value="([^"]*)"', field).group(1)
    page = logged.post(
        url,
        _edit_data(candidate, birth_date=value, first_name="Lucie", reason="Prénom d'usage"),
        follow=True,
    ).content.decode()
    assert "Ce champ est obligatoire" not in page and "Inscription modifiée" in page
    candidate.refresh_from_db()
    assert candidate.birth_date == dt.date(2006, 4, 2) and candidate.first_name == "Lucie"


def test_a_change_needs_a_reason_and_a_change_that_changes_nothing_is_not_audited(
    logged, office, session
):
    candidate = CandidateFactory(session=session, academy=office.academy)
    url = reverse("candidate_edit", args=[candidate.pk])
    form = logged.get(url).content.decode()
    assert "Motif de la modification" in form and "champ obligatoire" in form
    page = logged.post(url, _edit_data(candidate, last_name="Dupont")).content.decode()
    assert "Indiquez le motif de la modification" in page
    assert 'value="Dupont"' in page  # what was typed is kept
    candidate.refresh_from_db()
    assert candidate.last_name == "Durand"
    page = logged.post(url, _edit_data(candidate, reason="Vérification"), follow=True)
    assert "Aucune modification" in page.content.decode()
    assert not AuditEntry.objects.filter(action="candidate_update").exists()


def test_the_update_service_refuses_a_change_without_reason():
    from django.core.exceptions import ValidationError

    from ndrc.web.candidates import services

    candidate = CandidateFactory()
    with pytest.raises(ValidationError) as refused:
        services.candidate_update(candidate=candidate, changes={"last_name": "X"}, reason=" ")
    assert "motif" in refused.value.message_dict["reason"][0]
    assert (
        services.candidate_update(candidate=candidate, changes={"last_name": "Durand"}, reason="")
        == ()
    )
    changed = services.candidate_update(
        candidate=candidate, changes={"last_name": "X"}, reason="Erreur de saisie"
    )
    assert changed == ("last_name",)
    assert AuditEntry.objects.filter(action="candidate_update").count() == 1


def test_a_number_already_registered_is_said_in_plain_french(logged, office, session):
    school = EstablishmentFactory(academy=office.academy)
    CandidateFactory(session=session, academy=office.academy, number="0123")
    page = logged.post(
        reverse("candidate_new"), {**BASE, "number": "0123", "establishment": school.pk}
    ).content.decode()
    assert "Le numéro de candidat 0123 est déjà inscrit à la session 2025." in page
    assert "Un objet Candidat" not in page
    assert 'value="Martin"' in page
    assert Candidate.objects.count() == 1


def test_the_form_shows_field_errors_and_plan_errors_at_once(logged, office, session):
    school = EstablishmentFactory(academy=office.academy)
    page = logged.post(
        reverse("candidate_new"),
        {**BASE, "first_name": "", "establishment": school.pk, "ef1_language": "anglais"},
    ).content.decode()
    assert "Ce champ est obligatoire" in page  # the first name
    assert "EF1 : la langue choisie (anglais) doit être différente" in page  # the plan's error
    assert 'value="Martin"' in page
    assert not Candidate.objects.exists()


def test_languages_are_chosen_among_those_offered_at_the_session(logged, office, session):
    school = EstablishmentFactory(academy=office.academy)
    form = logged.get(reverse("candidate_new")).content.decode()
    assert '<select name="lv1"' in form and '<option value="espagnol">' in form
    page = logged.post(
        reverse("candidate_new"),
        {**BASE, "lv1": "klingon", "establishment": school.pk},
    ).content.decode()
    assert "Sélectionnez un choix valide" in page
    assert not Candidate.objects.exists()


def test_the_register_service_refuses_a_language_not_offered():
    import datetime as dt

    from django.core.exceptions import ValidationError

    from ndrc.web.candidates import services
    from tests.factories import AcademyFactory, ExamSessionFactory

    academy = AcademyFactory()
    with pytest.raises(ValidationError) as refused:
        services.candidate_register(
            session=ExamSessionFactory(year=2025),
            academy=academy,
            number="25X0002",
            last_name="Petit",
            first_name="Malo",
            birth_date=dt.date(2005, 5, 5),
            route="scolaire",
            establishment=EstablishmentFactory(academy=academy),
            lv1="klingon",
        )
    assert refused.value.message_dict["lv1"] == [
        "La langue « klingon » n'est pas proposée en LV1 (E2) à la session 2025 : choisissez "
        "parmi allemand, anglais, arabe, chinois, espagnol, hébreu, italien, japonais, "
        "néerlandais, portugais, russe."
    ]
    assert not Candidate.objects.exists()
