"""The establishments, exam centres and sessions pages: one page of rows each, a bounded
number of queries whatever their number or the candidates'."""

import pytest
from django.urls import reverse

from ndrc.web.sessions.models import ExamCentre
from tests.builders import many_candidates
from tests.factories import EstablishmentFactory, ExamSessionFactory
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


def _centres(academy, first, n):
    ExamCentre.objects.bulk_create(
        ExamCentre(code=f"C{i:03d}", name=f"Centre {i:03d}", academy=academy)
        for i in range(first, first + n)
    )


def test_the_establishments_page_costs_the_same_queries_at_2_and_12_of_each(
    client, session, office, small_pages
):
    client.force_login(office)
    url = reverse("establishment_list")
    school = EstablishmentFactory(academy=office.academy, name="Lycée 00")
    many_candidates(3, session=session, establishment=school)
    EstablishmentFactory(academy=office.academy, name="Lycée 01")
    _centres(office.academy, 0, 2)
    queries(client, url)
    small, html = queries(client, url)
    assert "<td>3</td>" in html
    for n in range(2, 12):
        many_candidates(
            4,
            session=session,
            first=10 * n,
            establishment=EstablishmentFactory(academy=office.academy, name=f"Lycée {n:02d}"),
        )
    _centres(office.academy, 2, 10)
    large, html = queries(client, url, {"page": "3", "page_centres": "2"})
    assert small == large <= 10
    assert "Lycée 10" in html and "Lycée 11" in html and "Lycée 09" not in html
    assert "Centre 005" in html and "Centre 004" not in html and "Centre 010" not in html
    assert 'href="?page_centres=2&amp;page=2"' in html  # each list keeps the other's page
    assert "Page 3 sur 3" in html and "Page 2 sur 3" in html


def test_the_sessions_page_costs_the_same_queries_at_1_and_8_sessions(
    client, session, office, small_pages
):
    client.force_login(office)
    url = reverse("session_list")
    queries(client, url)
    small, _ = queries(client, url)
    for year in range(2026, 2033):
        ExamSessionFactory(year=year)
    large, html = queries(client, url, {"page": "2"})
    assert small == large <= 10
    assert 'data-year="2027"' in html and 'data-year="2028"' not in html  # the latest first
    assert "Page 2 sur 2" in html
