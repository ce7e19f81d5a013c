"""The API's list of candidates, page by page: the paginated envelope (count, next,
previous, results), a bounded number of queries whatever the session's size, a page that is
not a number or beyond the last answered kindly."""

import pytest
from django.urls import reverse

from ndrc.web.api.common import PagePagination
from tests.builders import many_candidates
from tests.factories import EstablishmentFactory
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_api_pages(monkeypatch):
    monkeypatch.setattr(PagePagination, "page_size", 5)


def test_the_list_costs_the_same_queries_at_3_and_60_candidates(
    client, session, office, small_api_pages
):
    school = EstablishmentFactory(academy=office.academy, name="Lycée du Parc")
    many_candidates(3, session=session, establishment=school)
    client.force_login(office)
    url = reverse("api-candidates")
    queries(client, url)
    small, _ = queries(client, url)
    many_candidates(57, session=session, establishment=school, first=3)
    large, _ = queries(client, url, {"page": "2"})
    assert small == large <= 8
    body = client.get(url, {"page": "2"}).json()
    assert body["count"] == 60
    assert [c["number"] for c in body["results"]] == [f"N{i:05d}" for i in range(5, 10)]
    assert body["results"][0]["establishment"] == "Lycée du Parc"
    assert body["previous"].endswith("/api/v1/candidates/")  # the first page
    assert body["next"].endswith("/api/v1/candidates/?page=3")


@pytest.mark.parametrize(("page", "shown"), [("abc", 1), ("0", 1), ("-3", 1), ("99", 12)])
def test_a_page_that_is_not_a_number_or_beyond_the_last_is_answered(
    client, session, office, small_api_pages, page, shown
):
    many_candidates(60, session=session, establishment=EstablishmentFactory(academy=office.academy))
    client.force_login(office)
    response = client.get(reverse("api-candidates"), {"page": page})
    assert response.status_code == 200
    first = (shown - 1) * 5
    assert response.json()["results"][0]["number"] == f"N{first:05d}"
