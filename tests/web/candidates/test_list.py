"""The candidates list: one page of rows with a bounded number of queries whatever the
session's size, in a deterministic order, and a search to find one candidate among many."""

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from tests.builders import many_candidates
from tests.factories import EstablishmentFactory, UserFactory
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.EXAM_OFFICE, Role.TRAINING_CENTRE])
def test_the_list_costs_the_same_queries_at_3_and_60_candidates(
    client, session, office, small_pages, role
):
    school = EstablishmentFactory(academy=office.academy)
    user = (
        office
        if role == Role.EXAM_OFFICE
        else UserFactory(role=role, academy=office.academy, establishment=school)
    )
    client.force_login(user)
    many_candidates(3, session=session, establishment=school)
    url = reverse("candidate_list")
    queries(client, url)  # the per-process caches warmed
    small, _ = queries(client, url, {"page": "1"})
    many_candidates(57, session=session, establishment=school, first=3)
    for other in range(3):  # more establishments in the filter do not cost more
        many_candidates(
            5,
            session=session,
            establishment=EstablishmentFactory(academy=office.academy),
            first=100 + 5 * other,
        )
    large, _ = queries(client, url, {"page": "4"})
    assert small == large <= 12


def test_one_page_of_rows_in_french_and_a_page_out_of_range_is_kind(
    client, session, office, small_pages
):
    client.force_login(office)
    many_candidates(12, session=session, establishment=EstablishmentFactory(academy=office.academy))
    url = reverse("candidate_list")
    first = client.get(url).content.decode()
    assert '<p id="candidates-found">12 candidats' in first
    assert first.count("<tr><td>") == 5
    assert "Page 1 sur 3" in first and "Page suivante" in first
    assert "<td>NOM0000</td>" in first and "NOM0005" not in first
    last = client.get(url, {"page": "3"}).content.decode()
    assert "Page 3 sur 3" in last and last.count("<tr><td>") == 2
    assert "<td>NOM0011</td>" in last
    assert "Page 3 sur 3" in client.get(url, {"page": "40"}).content.decode()
    for wrong in ("abc", "-1", "0", "²", "9" * 50):
        response = client.get(url, {"page": wrong})
        assert response.status_code == 200
        assert "Page 1 sur 3" in response.content.decode()


def test_the_order_is_deterministic_among_namesakes(client, session, office, small_pages):
    client.force_login(office)
    school = EstablishmentFactory(academy=office.academy)
    for candidate in many_candidates(12, session=session, establishment=school):
        candidate.last_name, candidate.first_name = "DURAND", "Lou"
        candidate.save()
    pages = [client.get(reverse("candidate_list"), {"page": n}).content.decode() for n in (1, 2, 3)]
    numbers = [f"<td>N{i:05d}</td>" for i in range(12)]
    shown = [number for number in numbers if any(number in page for page in pages)]
    assert shown == numbers
    assert numbers[4] in pages[0] and numbers[5] in pages[1] and numbers[10] in pages[2]


def test_a_candidate_is_found_by_the_start_of_a_name_or_number(
    client, session, office, small_pages
):
    client.force_login(office)
    school = EstablishmentFactory(academy=office.academy, name="Lycée du Parc")
    other = EstablishmentFactory(academy=office.academy, name="Lycée des Volcans")
    many_candidates(40, session=session, establishment=school)
    many_candidates(3, session=session, establishment=other, first=40)
    url = reverse("candidate_list")
    by_number = client.get(url, {"q": "n00017"}).content.decode()
    assert '<p id="candidates-found">1 candidat' in by_number
    assert "<td>NOM0017</td>" in by_number
    by_name = client.get(url, {"q": "nom001"}).content.decode()
    assert '<p id="candidates-found">10 candidats' in by_name  # NOM0010 … NOM0019
    assert "Page 1 sur 2" in by_name
    assert 'href="?q=nom001&amp;page=2" rel="next"' in by_name  # the search kept
    in_school = client.get(url, {"etablissement": other.pk}).content.decode()
    assert '<p id="candidates-found">3 candidats' in in_school
    nobody = client.get(url, {"q": "Zorglub"}).content.decode()
    assert "Aucun candidat ne correspond à cette recherche." in nobody
    for wrong in ("abc", "²", "9" * 40, "none"):
        assert client.get(url, {"etablissement": wrong}).status_code == 200


def test_the_search_stays_in_the_users_scope(client, session, office):
    school = EstablishmentFactory(academy=office.academy)
    other = EstablishmentFactory(academy=office.academy)
    many_candidates(2, session=session, establishment=school)
    many_candidates(2, session=session, establishment=other, first=2)
    centre = UserFactory(role=Role.TRAINING_CENTRE, academy=office.academy, establishment=school)
    client.force_login(centre)
    html = client.get(reverse("candidate_list"), {"q": "NOM", "etablissement": other.pk})
    assert '<p id="candidates-found">0 candidat' in html.content.decode()
