import pytest
from django.urls import reverse

from ndrc.web.candidates.models import Candidate
from ndrc.web.demo.services import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_referential_lists_the_three_blocks_and_general_units(client):
    html = client.get(reverse("referential")).content.decode()
    for title in (
        "Relation client et négociation-vente",
        "Relation client à distance et digitalisation",
        "Relation client et animation de réseaux",
    ):
        assert title in html
    assert "UF1" in html
    assert "Atelier de professionnalisation" in html  # grille horaire
    assert "Engagement étudiant" in html
    assert reverse("referential_block", args=[3]) in html


def test_a_block_page_shows_competences_criteria_and_knowledge(client):
    html = client.get(reverse("referential_block", args=[3])).content.decode()
    assert "C3.1 — Implanter et promouvoir l&#x27;offre chez des distributeurs" in html
    assert "Planter et promouvoir" in html  # the text's own variant is shown
    assert "Respect de la réglementation et de l&#x27;éthique" in html
    assert "Savoirs associés" in html


def test_unknown_block_is_404(client):
    assert client.get(reverse("referential_block", args=[9])).status_code == 404


def test_reglement_2025_is_the_2023_arrete_table_with_citations(client):
    html = client.get(reverse("reglement", args=[2025])).content.decode()
    assert "Arrêté du 13 décembre 2023" in html
    assert "habilités à pratiquer intégralement le CCF" in html
    assert 'id="row-EF2"' in html
    assert "Orale 40 min (préparation 40 min)" in html  # E4, column 3
    assert "A2023 annexe I, ligne E4" in html


def test_reglement_2021_is_the_2018_table(client):
    html = client.get(reverse("reglement", args=[2021])).content.decode()
    assert "Arrêté du 19 février 2018" in html
    assert "Orale 1 h (préparation 40 min)" in html
    assert 'id="row-EF2"' not in html
    assert "Étude réflexive réseau" in html


def test_reglement_2022_shows_ef2_from_the_circular(client):
    html = client.get(reverse("reglement", args=[2022])).content.decode()
    assert 'id="row-EF2"' in html
    assert "C2022" in html


def test_reglement_of_a_session_without_rule_says_so(client):
    response = client.get(reverse("reglement", args=[2019]))
    assert response.status_code == 404
    assert (
        "Aucun règlement d&#x27;examen du BTS NDRC n&#x27;est en vigueur pour la session 2019"
        in (response.content.decode())
    )


def test_reglement_year_selector_redirects(client):
    response = client.get(reverse("reglement", args=[2025]), {"annee": "2022"})
    assert response.status_code == 302
    assert response["Location"] == reverse("reglement", args=[2022])


def test_plan_form_shows_the_plan_and_its_errors(client):
    response = client.get(
        reverse("plan_form"),
        {
            "session": "2024",
            "route": "experience_professionnelle",
            "lv1": "anglais",
            "ef1_language": "Anglais",
            "diploma": "dut",
            "exemption_requests": ["U1", "U3"],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Colonne 3 du règlement" in html
    assert 'data-code="ef1_same_language_as_lv1"' in html
    assert 'data-code="exemption_condition_not_met"' in html  # U3 needs the LEM unit
    assert 'id="plan-E1" data-status="exempted"' in html
    assert 'id="plan-E4" data-status="to_sit"' in html


def test_plan_form_incomplete_category_is_explained(client):
    html = client.get(
        reverse("plan_form"), {"session": "2025", "route": "scolaire", "lv1": "anglais"}
    ).content.decode()
    assert 'data-code="candidate_category_incomplete"' in html


def test_a_candidate_reads_his_own_plan_and_not_another(client, demo):
    own = Candidate.objects.get(user__username="candidat")
    other = Candidate.objects.exclude(pk=own.pk).first()
    client.login(username="candidat", password=DEMO_PASSWORD)
    html = client.get(reverse("candidate_plan", args=[own.pk])).content.decode()
    assert own.number in html
    assert "Colonne 1 du règlement" in html
    assert client.get(reverse("candidate_plan", args=[other.pk])).status_code == 404


def test_a_training_centre_sees_plans_of_its_candidates_only(client, demo):
    client.login(username="centre", password=DEMO_PASSWORD)
    own = Candidate.objects.filter(establishment__name="Lycée Jean-Monnet").first()
    other = Candidate.objects.filter(establishment__name="Lycée Sainte-Marie").first()
    assert client.get(reverse("candidate_plan", args=[own.pk])).status_code == 200
    assert client.get(reverse("candidate_plan", args=[other.pk])).status_code == 404


def test_the_exam_office_opens_any_plan_of_its_academy_from_the_list(client, demo):
    client.login(username="gestionnaire", password=DEMO_PASSWORD)
    candidate = Candidate.objects.filter(route="experience_professionnelle").first()
    assert (
        reverse("candidate_plan", args=[candidate.pk])
        in client.get(reverse("candidate_list")).content.decode()
    )
    html = client.get(reverse("candidate_plan", args=[candidate.pk])).content.decode()
    assert "Colonne 3 du règlement" in html


def test_examiner_has_no_access_to_candidate_plans(client, demo):
    client.login(username="examinateur", password=DEMO_PASSWORD)
    candidate = Candidate.objects.first()
    assert client.get(reverse("candidate_plan", args=[candidate.pk])).status_code == 403


def test_every_demo_candidate_has_a_valid_plan(demo):
    from ndrc.rules.exam_plan import exam_plan
    from ndrc.web.candidates.rules_inputs import candidate_profile

    candidates = Candidate.objects.select_related("establishment", "session")
    plans = [exam_plan(candidate_profile(c), c.session.year) for c in candidates]
    assert all(p.is_valid for p in plans), [p.errors for p in plans if not p.is_valid][:3]
    assert {p.column.column.number for p in plans} == {1, 2, 3}
