"""The journal (« Journal d'audit »): the exam office reads the writes of its académie (by
its users or about its candidates), searched, filtered by action, author and dates, sorted,
exported as shown (recorded in the journal itself); nobody else reads it."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.audit.services import audit_record
from tests.factories import AcademyFactory, CandidateFactory, UserFactory
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(session, office):
    """Three writes in the office's académie, one in another académie."""
    office.first_name, office.last_name = "Anne", "Élégant"
    office.save()
    mine = CandidateFactory(session=session, academy=office.academy, number="A0001")
    audit_record(actor=office, action="candidate_update", obj=mine, candidate=mine, reason="RIB")
    audit_record(actor=None, action="grade_set", obj=mine, candidate=mine)
    audit_record(actor=office, action="jury_create", obj=mine.session)
    elsewhere = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="B02"))
    theirs = CandidateFactory(session=session, academy=elsewhere.academy, number="B0001")
    audit_record(actor=elsewhere, action="candidate_update", obj=theirs, candidate=theirs)
    return mine, elsewhere


def found(client, params):
    response = client.get(reverse("journal"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<p id="entries-found">') :].split("</p>")[0]


def test_the_office_reads_its_academies_writes_and_filters_them(client, office, written):
    client.force_login(office)
    html = client.get(reverse("journal")).content.decode()
    assert "3 entrées" in found(client, {}) and "B0001" not in html
    assert "modification de l&#x27;inscription" in html and "<td>Anne Élégant</td>" in html
    assert "2 entrées" in found(client, {"q": "a0001"})
    assert "1 entrée" in found(client, {"action": "grade_set"})
    assert "2 entrées" in found(client, {"auteur": "ELEGANT"})
    today = dt.date.today().isoformat()
    assert "3 entrées" in found(client, {"du": today, "au": today})
    assert "0 entrée" in found(client, {"au": "2020-01-01"})
    assert "0 entrée" in found(client, {"du": "01/01/2999"})  # typed JJ/MM/AAAA
    html = client.get(reverse("journal"), {"du": "31/02/2026"}).content.decode()
    assert "Saisissez une date valide (JJ/MM/AAAA)." in html and 'value="31/02/2026"' in html
    for bad in ({"action": "drop"}, {"du": "demain"}, {"au": "2026-02-30"}, {"tri": "before"}):
        assert client.get(reverse("journal"), bad).status_code == 200
    up = client.get(reverse("journal"), {"tri": "action"}).content.decode()
    assert up.index("création du jury") < up.index("modification de l&#x27;inscription")


def test_the_export_is_every_entry_of_the_filter_and_is_itself_journaled(
    client, office, written, small_pages
):
    client.force_login(office)
    response = client.get(reverse("journal"), {"auteur": "elegant", "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="journal.xlsx"'
    response = client.get(reverse("journal"), {"auteur": "elegant", "tri": "at", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["at", "actor", "action", "object_repr", "candidate", "reason"]
    assert [r[2] for r in rows[1:]] == [
        "modification de l'inscription",
        "création du jury",
        "export d'une liste",  # the XLSX export above
    ]
    assert rows[1][4] == "A0001" and rows[1][5] == "RIB"
    entry = AuditEntry.objects.filter(action="list_export").order_by("pk").last()
    assert entry.after == {"format": "csv", "filters": {"auteur": "elegant"}, "rows": 3}


def test_only_the_exam_office_reads_the_journal(client, office, written):
    for role in (Role.TRAINING_CENTRE, Role.EXAMINER, Role.JURY, Role.CANDIDATE):
        client.force_login(UserFactory(role=role, academy=office.academy))
        assert client.get(reverse("journal")).status_code == 403
    client.force_login(UserFactory(role=Role.EXAM_OFFICE, academy=None))
    assert "0 entrée" in found(client, {})


def test_the_journal_costs_the_same_queries_at_a_few_and_many_entries(
    client, office, session, small_pages
):
    candidate = CandidateFactory(session=session, academy=office.academy)
    audit_record(actor=office, action="grade_set", obj=candidate, candidate=candidate)
    client.force_login(office)
    queries(client, reverse("journal"))
    small, _ = queries(client, reverse("journal"), {"auteur": "user", "tri": "candidate"})
    for _ in range(20):
        audit_record(actor=office, action="grade_set", obj=candidate, candidate=candidate)
    large, _ = queries(
        client, reverse("journal"), {"auteur": "user", "tri": "candidate", "page": 3}
    )
    assert small == large <= 10


def test_a_long_journal_is_not_counted_past_a_bound(client, office, written, monkeypatch):
    monkeypatch.setattr("ndrc.web.site.journal_views.JOURNAL_COUNTED", 2)
    client.force_login(office)
    assert "Plus de 2 entrées" in found(client, {})
    assert "1 entrée" in found(client, {"action": "grade_set"})
