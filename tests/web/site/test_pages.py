import pytest
from django.urls import reverse

from ndrc.web.demo.services import DEMO_PASSWORD
from tests.factories import CandidateFactory, EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_says_what_the_product_does_in_french_with_the_dsfr(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert "dsfr.min.css" in html
    assert "Examens BTS NDRC" in html
    assert "Les examens du BTS NDRC, de l'inscription aux résultats" in html
    assert reverse("login") in html


def test_english_is_one_choice_away(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "BTS NDRC exams, from registration to results" in html
    assert "BTS NDRC exams" in html  # the DSFR site title in English
    assert "Log in" in html


def test_login_page_uses_the_dsfr_form(client):
    html = client.get(reverse("login")).content.decode()
    assert "fr-input" in html
    assert 'name="username"' in html
    assert 'name="password"' in html


def test_wrong_password_is_refused_with_a_french_message(client, demo):
    response = client.post(reverse("login"), {"username": "gestionnaire", "password": "non"})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in response.content.decode()


@pytest.mark.parametrize(
    ("username", "role_label", "sees_list"),
    [
        ("gestionnaire", "Division des examens (rectorat)", True),
        ("centre", "Centre de formation", True),
        ("examinateur", "Examinateur", False),
        ("jury", "Jury", False),
        ("candidat", "Candidat", False),
    ],
)
def test_each_demo_account_logs_in_and_sees_its_space(
    client, demo, username, role_label, sees_list
):
    response = client.post(
        reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<strong id="role">{role_label}</strong>' in html
    assert "Session 2025" in html
    assert (f'href="{reverse("candidate_list")}"' in html) is sees_list
    list_response = client.get(reverse("candidate_list"))
    assert list_response.status_code == (200 if sees_list else 403)


def test_exam_office_sees_its_academy_and_centre_only_its_own(client, demo):
    client.login(username="gestionnaire", password=DEMO_PASSWORD)
    office_html = client.get(reverse("candidate_list")).content.decode()
    assert '<p id="candidates-found">300 candidats' in office_html
    assert office_html.count("<tr><td>") == 50  # one page of rows
    client.login(username="centre", password=DEMO_PASSWORD)
    centre_pages = [
        client.get(reverse("candidate_list"), {"page": n}).content.decode() for n in (1, 2, 3)
    ]
    assert '<p id="candidates-found">110 candidats' in centre_pages[0]
    assert [html.count("<tr><td>") for html in centre_pages] == [50, 50, 10]
    assert not any("Lycée Sainte-Marie" in html for html in centre_pages)


def test_other_academy_candidates_are_invisible(client, demo):
    stranger = CandidateFactory(last_name="Étranger")
    own = EstablishmentFactory(academy=stranger.academy)
    user = UserFactory(role="training_centre", academy=stranger.academy, establishment=own)
    client.force_login(user)
    assert "Étranger" not in client.get(reverse("candidate_list")).content.decode()
    client.login(username="gestionnaire", password=DEMO_PASSWORD)
    assert "Étranger" not in client.get(reverse("candidate_list")).content.decode()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("candidate_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logout_is_a_post(client, demo):
    client.login(username="jury", password=DEMO_PASSWORD)
    response = client.post(reverse("logout"), follow=True)
    assert "Accès réservé" in response.content.decode()
