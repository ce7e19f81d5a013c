"""The candidates list to search: accent- and case-insensitive search, the route filter, the
sort on each column (then by key), the export of every candidate of the filter in the order
shown (recorded in the journal), the scope kept, no server error on bad parameters."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from ndrc.rules.candidate_category import Route
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from tests.builders import many_candidates
from tests.factories import CandidateFactory, EstablishmentFactory, UserFactory
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


def found(client, params):
    response = client.get(reverse("candidate_list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<p id="candidates-found">') :].split("</p>")[0]


@pytest.fixture
def named(session, office):
    school = EstablishmentFactory(academy=office.academy, name="Lycée du Parc")
    for number, last, first, route in (
        ("C001", "Éléonore", "Zoé", Route.SCHOOL),
        ("C002", "ELEGANT", "Anaïs", Route.APPRENTICESHIP),
        ("C003", "Martin", "Hélène", Route.SCHOOL),
    ):
        CandidateFactory(
            session=session,
            academy=office.academy,
            establishment=school,
            number=number,
            last_name=last,
            first_name=first,
            route=route,
        )
    return school


def test_the_search_ignores_case_and_accents(client, office, named):
    client.force_login(office)
    assert "2 candidats" in found(client, {"q": "ele"})  # Éléonore, ELEGANT
    assert "1 candidat" in found(client, {"q": "ÉLÉONORE"})
    assert "1 candidat" in found(client, {"q": "helene"})
    assert "1 candidat" in found(client, {"q": "anais"})
    assert "1 candidat" in found(client, {"q": "c002"})
    assert "0 candidat" in found(client, {"q": "%"})


def test_the_route_filter_and_bad_values(client, office, named):
    client.force_login(office)
    assert "1 candidat" in found(client, {"voie": Route.APPRENTICESHIP.value})
    assert "1 candidat" in found(client, {"voie": Route.SCHOOL.value, "q": "e"})  # not ELEGANT
    html = client.get(reverse("candidate_list"), {"voie": "pirate"}).content.decode()
    assert "Sélectionnez un choix valide" in html and "3 candidats" in html
    for bad in ({"tri": "-" * 80}, {"tri": "birth_date"}, {"q": "x" * 500}, {"voie": "²"}):
        assert client.get(reverse("candidate_list"), bad).status_code == 200
    assert client.get(reverse("candidate_list"), {"q": "\x00"}).status_code == 400


def test_each_column_sorts_then_the_key(client, office, named):
    client.force_login(office)
    url = reverse("candidate_list")
    first_names = client.get(url, {"tri": "first_name"}).content.decode()
    assert first_names.index("Anaïs") < first_names.index("Hélène") < first_names.index("Zoé")
    assert 'aria-sort="ascending"' in first_names and 'href="?tri=-first_name"' in first_names
    down = client.get(url, {"tri": "-number", "q": "c"}).content.decode()
    assert down.index("C003") < down.index("C002") < down.index("C001")
    assert 'href="?tri=number&amp;q=c"' in down  # the other way round, the search kept
    for column in ("route", "establishment", "lv1", "last_name"):
        assert client.get(url, {"tri": f"-{column}"}).status_code == 200


def test_the_export_is_every_candidate_of_the_filter_in_the_order_shown(
    client, session, office, named, small_pages
):
    many_candidates(8, session=session, establishment=named)
    client.force_login(office)
    params = {"q": "nom", "tri": "-number", "format": "csv"}
    response = client.get(reverse("candidate_list"), params)
    assert response["Content-Disposition"] == 'attachment; filename="candidats-2025.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["number", "last_name", "first_name", "route", "establishment", "lv1"]
    assert [r[0] for r in rows[1:]] == [f"N{i:05d}" for i in range(7, -1, -1)]
    assert rows[1][3] == "Voie scolaire" and rows[1][4] == "Lycée du Parc"
    entry = AuditEntry.objects.get(action="list_export")
    assert entry.actor == office and entry.object_repr == "Candidats"
    assert entry.after == {"format": "csv", "filters": {"q": "nom"}, "rows": 8}
    xlsx = client.get(
        reverse("candidate_list"), {"voie": Route.APPRENTICESHIP.value, "format": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:2] == ["N°", "Nom"] and sheet.max_row == 2
    assert sheet["B2"].value == "ELEGANT"


def test_the_export_stays_in_the_users_scope(client, session, office, named):
    other = EstablishmentFactory(academy=office.academy)
    many_candidates(2, session=session, establishment=other)
    centre = UserFactory(role=Role.TRAINING_CENTRE, academy=office.academy, establishment=other)
    client.force_login(centre)
    response = client.get(reverse("candidate_list"), {"etablissement": named.pk, "format": "csv"})
    assert response.content.decode("utf-8-sig").count("\r\n") == 1  # the header only
    response = client.get(reverse("candidate_list"), {"format": "csv"})
    assert "C001" not in response.content.decode("utf-8-sig")


def test_a_filtered_sorted_page_costs_the_same_queries_at_two_sizes(
    client, session, office, small_pages
):
    school = EstablishmentFactory(academy=office.academy)
    many_candidates(3, session=session, establishment=school)
    client.force_login(office)
    url = reverse("candidate_list")
    params = {"q": "nom", "voie": Route.SCHOOL.value, "tri": "-establishment"}
    queries(client, url, params)
    small, _ = queries(client, url, params)
    many_candidates(40, session=session, establishment=school, first=3)
    large, _ = queries(client, url, {**params, "page": "5"})
    assert small == large <= 12


def test_a_name_with_a_letter_outside_the_french_accents_is_found_as_typed(
    client, office, named, session
):
    """The search is folded as the database folds the column (``translate`` of the letters of
    ``ACCENTED`` only, on PostgreSQL): « Kovačević Miloš » typed as written is found."""
    CandidateFactory(
        session=session,
        academy=office.academy,
        establishment=named,
        number="C004",
        last_name="Kovačević",
        first_name="Miloš",
    )
    client.force_login(office)
    assert "1 candidat" in found(client, {"q": "Kovačević"})
    assert "1 candidat" in found(client, {"q": "KOVAč"})  # its ASCII letters in any case
    assert "1 candidat" in found(client, {"q": "miloš"})
    assert "1 candidat" in found(client, {"q": "E\u0301le\u0301onore"})  # é typed apart


def test_the_search_is_folded_as_the_database_folds_and_the_indexes_were_written():
    from importlib import import_module

    from ndrc.web.listing import ACCENTED, PLAIN, folded

    assert folded("  Ștefan ĆOSIĆ Ōno ") == "ștefan ćosić ōno"
    assert folded("ÉLÉONORE Anaïs Çà") == "eleonore anais ca"
    assert folded("E\u0301le\u0301onore") == "eleonore"
    migration = import_module("ndrc.web.candidates.migrations.0005_list_indexes")
    assert (migration.ACCENTED, migration.PLAIN) == (ACCENTED, PLAIN)
