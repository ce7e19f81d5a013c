"""The footer's pages: accessibility statement, legal notice, personal data; each filled from
the site's settings (the rectorat that operates the service), public."""

import datetime as dt

import pytest
from django.urls import reverse

from ndrc.web.site.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return SiteSettings.objects.create(
        publisher_name="Rectorat de l'académie de Clermont-Ferrand",
        publisher_address="3 avenue Vercingétorix\n63033 Clermont-Ferrand cedex 1",
        publication_director="Le recteur de l'académie de Clermont-Ferrand",
        contact_email="examens@ac-clermont.fr",
        host_name="Pôle de compétence numérique de l'académie",
        host_address="63000 Clermont-Ferrand",
        dpo_name="Délégué à la protection des données de l'académie",
        dpo_email="dpd@ac-clermont.fr",
        retention_years=6,
    )


def test_the_footer_leads_to_the_three_pages(client):
    html = client.get(reverse("home")).content.decode()
    for name, label in (
        ("accessibility", "Accessibilité : non conforme"),
        ("legal_notice", "Mentions légales"),
        ("personal_data", "Données personnelles"),
    ):
        assert f'href="{reverse(name)}">{label}</a>' in html
    assert 'href="">' not in html  # no link without a page


def test_the_accessibility_statement_says_non_conforme_and_what_is_tested(client, operator):
    response = client.get(reverse("accessibility"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce service est <strong>non conforme</strong>" in html
    assert "Aucun audit de conformité au RGAA n'a encore été réalisé" in html
    assert "Ce qui est vérifié aujourd'hui" in html
    assert "Ce qui n'est pas encore vérifié" in html
    assert "Rectorat de l&#x27;académie de Clermont-Ferrand s'engage" in html
    assert "mailto:examens@ac-clermont.fr" in html
    assert "Défenseur des droits" in html
    assert "settings-missing" not in html


def test_an_audit_date_is_shown_in_french(client, operator):
    operator.accessibility_audit_date = dt.date(2026, 3, 2)
    operator.save()
    html = client.get(reverse("accessibility")).content.decode()
    assert "Dernier audit de conformité au RGAA : 02/03/2026." in html
    assert "no-audit" not in html


def test_the_legal_notice_names_the_publisher_and_the_host(client, operator):
    html = client.get(reverse("legal_notice")).content.decode()
    assert "<strong>Rectorat de l&#x27;académie de Clermont-Ferrand</strong>" in html
    assert "3 avenue Vercingétorix<br>63033 Clermont-Ferrand cedex 1" in html
    assert "Le recteur de l&#x27;académie de Clermont-Ferrand" in html
    assert "Pôle de compétence numérique de l&#x27;académie" in html


def test_the_personal_data_page_says_what_why_on_which_basis_how_long_and_whom_to_ask(
    client, operator
):
    html = client.get(reverse("personal_data")).content.decode()
    for text in (
        "date de naissance",
        "Notes, modifications de notes par le jury",
        "Aménagements d'épreuves (handicap)",
        "articles D643-1 et suivants du Code de l'éducation",
        "RGPD, article 6.1.e",
        "conservé 6 ans après sa session",
        "Délégué à la protection des données de l&#x27;académie",
        "mailto:dpd@ac-clermont.fr",
        "CNIL",
    ):
        assert text in html, text


def test_pages_say_when_the_operator_details_are_missing(client):
    for name in ("accessibility", "legal_notice", "personal_data"):
        html = client.get(reverse(name)).content.decode()
        assert 'id="settings-missing"' in html
        assert "non renseigné" in html
