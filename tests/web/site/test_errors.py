"""The error pages: 403, 404 and 500 in the DSFR, in French, with a way back (the home page,
and the previous page when the visitor came from a page of this site); the API keeps its JSON
404."""

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from ndrc.web import urls as site_urls
from ndrc.web.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("panne simulée")


# The project's URLs plus a page that raises: handler500 is the project's.
urlpatterns = [*site_urls.urlpatterns, path("panne/", _boom)]
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def _assert_dsfr_page(html: str) -> None:
    assert '<html lang="fr"' in html
    assert "dsfr.min.css" in html
    assert 'class="fr-footer"' in html
    assert f'<a class="fr-btn" href="{reverse("home")}">Page d\'accueil</a>' in html


@override_settings(DEBUG=False)
def test_unknown_url_gives_the_404_page_with_a_way_back(client):
    response = client.get("/nulle-part/", HTTP_REFERER="http://testserver/referentiel/")
    html = response.content.decode()
    assert response.status_code == 404
    _assert_dsfr_page(html)
    assert "<h1>Page introuvable</h1>" in html
    assert "Erreur 404" in html
    assert 'href="http://testserver/referentiel/" id="previous-page"' in html


@override_settings(DEBUG=False)
def test_the_previous_page_is_offered_only_when_it_is_a_page_of_this_site(client):
    html = client.get("/nulle-part/", HTTP_REFERER="https://ailleurs.example/").content.decode()
    assert "previous-page" not in html
    html = client.get("/nulle-part/").content.decode()
    assert "previous-page" not in html


@override_settings(DEBUG=False)
def test_the_api_keeps_its_json_404(client):
    response = client.get("/api/v1/nulle-part/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ressource introuvable."}


@override_settings(DEBUG=False)
def test_a_refused_page_gives_the_403_page(client):
    client.force_login(UserFactory(role=Role.CANDIDATE))
    response = client.get(reverse("candidate_list"), HTTP_REFERER="http://testserver/")
    html = response.content.decode()
    assert response.status_code == 403
    _assert_dsfr_page(html)
    assert "<h1>Accès refusé</h1>" in html
    assert "Votre compte ne permet pas d'ouvrir cette page." in html
    assert 'id="previous-page"' in html


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_view_that_raises_gives_the_500_page():
    client = Client(raise_request_exception=False)
    response = client.get("/panne/", HTTP_REFERER="http://testserver/plan/")
    html = response.content.decode()
    assert response.status_code == 500
    _assert_dsfr_page(html)
    assert "<h1>Erreur inattendue</h1>" in html
    assert "Erreur 500" in html
    assert "panne simulée" not in html  # nothing of the error is shown
    assert 'href="http://testserver/plan/" id="previous-page"' in html


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_the_500_page_is_still_shown_when_the_site_context_fails(monkeypatch):
    from ndrc.web.site import errors

    def broken(*args, **kwargs):
        raise RuntimeError("base de données indisponible")

    monkeypatch.setattr(errors, "render", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/panne/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Erreur inattendue</h1>" in html
    assert '<a class="fr-btn" href="/">Page d\'accueil</a>' in html
