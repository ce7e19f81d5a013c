"""The grades list (« Liste des notes »): every grade the user may see, found by the candidate
(any case and accent), filtered by épreuve, state and establishment, sorted, exported as
shown (all the rows of the filter, recorded in the journal), with a bounded number of
queries and no server error on a bad parameter."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Grade
from ndrc.web.grading.models import ExaminerAssignment
from tests.builders import many_candidates
from tests.factories import CandidateFactory, EstablishmentFactory, UserFactory
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


def graded(candidates, exam="E1", state="grade", value="12.5", ccf=False):
    Grade.objects.bulk_create(
        Grade(
            candidate=c,
            exam=exam,
            state=state,
            value=Decimal(value) if state == "grade" else None,
            ccf=ccf,
        )
        for c in candidates
    )


@pytest.fixture
def two_schools(session, office):
    parc = EstablishmentFactory(academy=office.academy, name="Lycée du Parc")
    volcans = EstablishmentFactory(academy=office.academy, name="Lycée des Volcans")
    first = many_candidates(6, session=session, establishment=parc)
    second = many_candidates(3, session=session, establishment=volcans, first=6)
    graded(first, "E1", value="12.5")
    graded(first[:2], "E2", state="absent")
    graded(second, "E1", value="8", ccf=True)
    return parc, volcans


def test_every_grade_with_who_and_when_in_french(client, session, office, two_schools):
    CandidateFactory(session=session, academy=office.academy, last_name="Éloïse")
    grade_set(
        candidate=CandidateFactory(session=session, academy=office.academy, number="Z1"),
        write=GradeWrite("E3", "grade", Decimal("14")),
        actor=office,
    )
    client.force_login(office)
    html = client.get(reverse("grade_list")).content.decode()
    assert '<p id="grades-found">12 notes' in html
    assert "<td>12,5</td>" in html and "<td>absent (non justifié)</td>" in html
    assert f"<td>{office.username}</td>" in html
    assert 'id="grade-table"' in html and 'href="?tri=last_name"' in html
    assert "aria-sort" not in html  # by default in the order of the candidates' keys


def test_filters_narrow_and_bad_values_are_ignored(client, session, office, two_schools):
    _parc, volcans = two_schools
    client.force_login(office)
    url = reverse("grade_list")

    def found(params):
        response = client.get(url, params)
        assert response.status_code == 200
        html = response.content.decode()
        return html[html.index('<p id="grades-found">') :].split("</p>")[0]

    assert "2 notes" in found({"epreuve": "E2"})
    assert "2 notes" in found({"etat": "absent"})
    assert "3 notes" in found({"etablissement": volcans.pk})
    assert "1 note" in found({"q": "nom0001", "epreuve": "E2"})
    assert "0 note" in found({"etablissement": "none"})
    for bad in ({"epreuve": "E9"}, {"etat": "zéro"}, {"etablissement": "²"}, {"tri": "--x"}):
        assert client.get(url, {**bad, "page": "x"}).status_code == 200
    html = client.get(url, {"etat": "zero"}).content.decode()
    assert "Sélectionnez un choix valide" in html and "11 notes" in html


def test_sorted_by_a_column_then_by_key(client, session, office, two_schools):
    client.force_login(office)
    html = client.get(reverse("grade_list"), {"tri": "-value", "epreuve": "E1"}).content.decode()
    assert html.index("<td>12,5</td>") < html.index("<td>8</td>")
    assert 'aria-sort="descending"' in html
    html = client.get(reverse("grade_list"), {"tri": "value", "epreuve": "E1"}).content.decode()
    assert html.index("<td>8</td>") < html.index("<td>12,5</td>")


def test_the_export_is_what_is_shown_all_of_it_and_journaled(
    client, session, office, two_schools, small_pages
):
    client.force_login(office)
    response = client.get(
        reverse("grade_list"), {"epreuve": "E1", "tri": "-number", "format": "csv"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="notes-2025.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["number", "last_name", "first_name", "establishment", "exam", "state"]
    assert [r[0] for r in rows[1:]] == [f"N{i:05d}" for i in range(8, -1, -1)]  # every page
    assert rows[1][6] == "8" and rows[-1][6] == "12,5" and "dossier" not in rows[0]
    entry = AuditEntry.objects.get(action="list_export")
    assert entry.actor == office and entry.object_type == "candidates.Grade"
    assert entry.after == {"format": "csv", "filters": {"epreuve": "E1"}, "rows": 9}
    xlsx = client.get(reverse("grade_list"), {"format": "xlsx"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="notes-2025.xlsx"'


def test_each_role_sees_only_its_grades(client, session, office, two_schools):
    parc, volcans = two_schools
    centre = UserFactory(role=Role.TRAINING_CENTRE, academy=office.academy, establishment=volcans)
    client.force_login(centre)
    html = client.get(reverse("grade_list"), {"etablissement": parc.pk}).content.decode()
    assert '<p id="grades-found">0 note' in html
    assert '<p id="grades-found">3 notes' in client.get(reverse("grade_list")).content.decode()
    examiner = UserFactory(role=Role.EXAMINER, academy=office.academy)
    candidate = Grade.objects.filter(exam="E2").first().candidate
    ExaminerAssignment.objects.create(candidate=candidate, exam="E2", examiner=examiner)
    client.force_login(examiner)
    html = client.get(reverse("grade_list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert html.count("\r\n") == 2 and candidate.number in html
    client.force_login(UserFactory(role=Role.JURY, academy=office.academy))
    assert client.get(reverse("grade_list")).status_code == 403


def test_the_list_costs_the_same_queries_at_a_few_and_many_grades(
    client, session, office, small_pages
):
    school = EstablishmentFactory(academy=office.academy)
    graded(many_candidates(3, session=session, establishment=school))
    client.force_login(office)
    url = reverse("grade_list")
    queries(client, url)
    small, _ = queries(client, url, {"q": "nom", "etat": "grade", "tri": "updated_by"})
    graded(many_candidates(40, session=session, establishment=school, first=3), "E4")
    large, _ = queries(client, url, {"q": "nom", "etat": "grade", "tri": "updated_by", "page": "3"})
    assert small == large <= 12
