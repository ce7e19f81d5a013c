"""The conformity commission's list to search: by candidate (any case and accent), épreuve,
decision and establishment, sorted, exported as shown (every row of the filter, in the
commission's columns, recorded in the journal), with no server error on a bad parameter."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Candidate
from tests.builders import many_candidates
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(client, jury, office, session):
    """The jury's two conforming candidates, and one of another school without any dossier
    (NV, the deadline has passed) named with accents."""
    first = Candidate.objects.filter(jury_assignment__jury=jury).order_by("pk").first()
    nv = CandidateFactory(
        session=session,
        academy=office.academy,
        last_name="Dupré",
        first_name="Élodie",
        number="Z0001",
    )
    client.force_login(office)
    client.get(reverse("conformity_list"))  # the proposals computed
    return first, nv


def rows_of(html):
    body = html[html.index('id="conformity-table"') :].split("</tbody>")[0]
    return body.count("<tr data-outcome=")


def test_search_and_filters(client, listed):
    first, nv = listed
    url = reverse("conformity_list")
    everything = rows_of(client.get(url).content.decode())
    assert everything >= 6
    by_name = client.get(url, {"q": "DUPRE"}).content.decode()
    assert rows_of(by_name) >= 2 and "Élodie Dupré" in by_name and first.last_name not in by_name
    assert rows_of(client.get(url, {"q": "elod", "epreuve": "E4"}).content.decode()) == 1
    only_nv = client.get(url, {"decision": "nv"}).content.decode()
    assert 'data-outcome="conform"' not in only_nv and 'data-outcome="nv"' in only_nv
    alone = client.get(url, {"etablissement": nv.establishment_id}).content.decode()
    assert "Élodie Dupré" in alone and first.number not in alone
    assert rows_of(client.get(url, {"etablissement": "none"}).content.decode()) == 0
    school = client.get(url, {"etablissement": first.establishment_id}).content.decode()
    assert "Élodie Dupré" not in school and first.number in school
    for bad in ({"decision": "x"}, {"epreuve": "E9"}, {"etablissement": "-1"}, {"tri": "pk"}):
        assert client.get(url, {**bad, "page": "²"}).status_code == 200
    nobody = client.get(url, {"q": "Zorglub"}).content.decode()
    assert "Aucun dossier ne correspond à cette recherche." in nobody


def test_sorted_by_a_column(client, listed):
    first, _nv = listed
    url = reverse("conformity_list")
    down = client.get(url, {"tri": "-number"}).content.decode()
    assert down.index("Z0001") < down.index(first.number)
    assert 'aria-sort="descending"' in down
    up = client.get(url, {"tri": "number"}).content.decode()
    assert up.index(first.number) < up.index("Z0001")


def test_the_export_is_every_row_of_the_filter_in_the_order_shown(client, listed, office):
    _first, _nv = listed
    response = client.get(
        reverse("conformity_list"), {"decision": "nv", "tri": "-number", "format": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows and all(r["outcome"] == "nv" for r in rows)
    assert rows[0]["id"] == "Z0001"
    entry = AuditEntry.objects.get(action="list_export")
    assert entry.actor == office and entry.object_type == "candidates.ConformityOutcome"
    assert entry.after == {"format": "csv", "filters": {"decision": "nv"}, "rows": len(rows)}


def test_a_filter_never_widens_what_a_centre_sees(client, listed, office):
    first, nv = listed
    centre = UserFactory(
        role=Role.TRAINING_CENTRE, academy=office.academy, establishment=first.establishment
    )
    client.force_login(centre)
    html = client.get(
        reverse("conformity_list"), {"q": "dupre", "etablissement": nv.establishment_id}
    )
    assert "Élodie Dupré" not in html.content.decode()


def test_a_filtered_page_costs_the_same_queries_at_two_sizes(client, listed, office, session):
    first, _nv = listed
    url = reverse("conformity_list")
    params = {"q": "nom", "decision": "nv", "tri": "name"}

    def queries():
        client.get(url, params)  # computes what is stale
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    many_candidates(2, session=session, establishment=first.establishment)
    small = queries()
    many_candidates(12, session=session, establishment=first.establishment, first=2)
    assert queries() == small
